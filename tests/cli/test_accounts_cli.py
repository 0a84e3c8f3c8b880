"""``libtrainer accounts``: list the sign-in accounts; set a forgotten password, read from a
file or a prompt and never from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from libtrainer.domain.errors import LibtrainerError
from libtrainer.services import accounts
from tests.conftest import make_store

from .clikit import run_cli

NEW = "naujas slaptažodis"


@pytest.fixture
def branch_dir(data_dir: Path) -> Path:
    """A branch computer with an administrator and a lecturer."""
    store = make_store(data_dir)
    with store.uow() as uow:
        accounts.create_account(
            uow,
            login="ruta",
            password="slaptažodis-1",
            role="admin",
            given_name="Rūta",
            family_name="Žukauskienė",
        )
    with store.uow() as uow:
        accounts.create_account(
            uow,
            login="ona",
            password="slaptažodis-2",
            role="lecturer",
            given_name="Ona",
            family_name="Šimkutė",
        )
    store.close()
    return data_dir


def _signs_in(data: Path, login: str, password: str) -> bool:
    from libtrainer.services import storefile  # noqa: PLC0415

    store = storefile.open_store(data)
    try:
        with store.read() as conn:
            accounts.verify(conn, login, password)
    except LibtrainerError:
        return False
    finally:
        store.close()
    return True


def test_accounts_list_names_every_account_with_its_role(
    capsys: pytest.CaptureFixture[str], branch_dir: Path
) -> None:
    """The list shows login, name and role in the user's language; --json for scripts."""
    code, out, _err = run_cli(capsys, branch_dir, "accounts", "list", lang="lt")
    assert code == 0
    assert "ruta\tRūta Žukauskienė" in out and "ona\tOna Šimkutė" in out
    code, out, _err = run_cli(capsys, branch_dir, "accounts", "list", "--json")
    found = {a["login"]: a for a in json.loads(out)["accounts"]}
    assert found["ona"]["role"] == "lecturer" and found["ruta"]["disabled"] is False
    assert "password_hash" not in out and "scrypt" not in out


def test_reset_password_reads_the_new_password_from_a_file(
    capsys: pytest.CaptureFixture[str], branch_dir: Path, tmp_path: Path
) -> None:
    """The password in the file (its line end dropped) signs in; it is never printed."""
    secret = tmp_path / "pw.txt"
    secret.write_text(NEW + "\n", encoding="utf-8")
    code, out, err = run_cli(
        capsys, branch_dir, "accounts", "reset-password", "ONA", "--password-file", str(secret)
    )
    assert code == 0, err
    assert "“ona”" in out and NEW not in out + err
    assert _signs_in(branch_dir, "ona", NEW)
    assert not _signs_in(branch_dir, "ona", "slaptažodis-2")


def test_reset_password_asks_twice_on_a_terminal(
    capsys: pytest.CaptureFixture[str], branch_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed twice at the prompt; two different entries change nothing."""
    answers = iter([NEW, NEW + "x"])

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty())
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    code, _out, err = run_cli(capsys, branch_dir, "accounts", "reset-password", "ruta")
    assert code != 0 and "differ" in err
    assert _signs_in(branch_dir, "ruta", "slaptažodis-1")
    answers = iter([NEW, NEW])
    code, _out, err = run_cli(capsys, branch_dir, "accounts", "reset-password", "ruta")
    assert code == 0, err
    assert _signs_in(branch_dir, "ruta", NEW)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("nobody", "--password-file", "{file}"), "no account with the login name “nobody”"),
        (("ona", "--password-file", "{short}"), "at least 8"),
        (("ona",), "--password-file"),
    ],
)
def test_reset_password_refuses_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], branch_dir: Path, tmp_path: Path, args: Any, says: str
) -> None:
    """An unknown login, a short password, or no terminal and no file: a message, no change."""
    (tmp_path / "ok").write_text(NEW, encoding="utf-8")
    (tmp_path / "short").write_text("short", encoding="utf-8")
    filled = [a.format(file=tmp_path / "ok", short=tmp_path / "short") for a in args]
    code, _out, err = run_cli(capsys, branch_dir, "accounts", "reset-password", *filled)
    assert code != 0 and says in err
    assert _signs_in(branch_dir, "ona", "slaptažodis-2")


def test_reset_password_file_saved_with_a_bom_sets_the_typed_password(
    capsys: pytest.CaptureFixture[str], branch_dir: Path, tmp_path: Path
) -> None:
    """A file saved "UTF-8 with BOM" (Notepad, PowerShell 5): the BOM is not in the password."""
    secret = tmp_path / "pw.txt"
    secret.write_bytes(("\ufeff" + NEW + "\r\n").encode("utf-8"))
    code, _out, err = run_cli(
        capsys, branch_dir, "accounts", "reset-password", "ona", "--password-file", str(secret)
    )
    assert code == 0, err
    assert _signs_in(branch_dir, "ona", NEW)
    assert not _signs_in(branch_dir, "ona", "\ufeff" + NEW)


def test_reset_password_marks_the_account_until_its_owner_chooses(
    capsys: pytest.CaptureFixture[str], branch_dir: Path, tmp_path: Path
) -> None:
    """After a reset the command says the window will ask for their own; the list shows the
    account as not having chosen one yet (text and JSON), the others unmarked."""
    secret = tmp_path / "pw.txt"
    secret.write_text(NEW, encoding="utf-8")
    code, out, err = run_cli(
        capsys, branch_dir, "accounts", "reset-password", "ona", "--password-file", str(secret)
    )
    assert code == 0, err
    assert "asks them to choose their own" in out
    code, out, _err = run_cli(capsys, branch_dir, "accounts", "list")
    lines = {line.split("\t")[0]: line.split("\t")[-1] for line in out.splitlines()}
    assert lines == {"ona": "own password not chosen yet", "ruta": "active"}
    code, out, _err = run_cli(capsys, branch_dir, "accounts", "list", "--json")
    found = {a["login"]: a["must_change_password"] for a in json.loads(out)["accounts"]}
    assert found == {"ona": True, "ruta": False}
