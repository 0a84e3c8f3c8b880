"""Bad input on the command line: one clear line in the user's language, nothing changed."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from libtrainer.cli import main
from libtrainer.services import storefile
from tests.conftest import make_store
from tests.services.register.support import row, write_register

from .clikit import run_cli

PERIOD = ("--from", "2025-01-01", "--to", "2025-12-31")


@pytest.fixture
def initialised(data_dir: Path) -> Path:
    make_store(data_dir).close()
    return data_dir


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "somefile.txt"
    path.write_text("not a folder", encoding="utf-8")
    return path


def _one_clear_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "Something went wrong" not in err
    return lines[0]


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "csv", "json"])
def test_report_out_under_a_file_names_out_and_writes_nothing(
    initialised: Path, a_file: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """report --out under a regular file: exit 2, one line naming --out, no crash summary."""
    out = a_file / f"out.{fmt}"
    code, stdout, err = run_cli(
        capsys, initialised, "report", "summary", *PERIOD, "--out", str(out)
    )
    assert code == 2 and stdout == ""
    assert "--out" in _one_clear_line(err)
    assert a_file.read_text(encoding="utf-8") == "not a folder"


def test_report_out_that_is_a_folder_or_in_a_missing_folder_is_refused(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report --out FOLDER or --out MISSING/x.xlsx: exit 2 with a line naming --out."""
    for out in (tmp_path, tmp_path / "missing" / "x.xlsx"):
        code, _, err = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", str(out))
        assert code == 2 and "--out" in _one_clear_line(err)
    assert not (tmp_path / "missing").exists()


def test_unwritable_output_is_explained_in_lithuanian_and_latvian(
    initialised: Path, a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The unwritable-output message is translated (lt, lv), not left in English."""
    out = str(a_file / "out.xlsx")
    _, _, lt = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", out, lang="lt")
    _, _, lv = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", out, lang="lv")
    assert "aplank" in _one_clear_line(lt).lower()
    assert "mape" in _one_clear_line(lv).lower()


def test_print_and_template_to_a_path_under_a_file_are_refused(
    initialised: Path, a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """print certificates/sign-in-sheet and template under a regular file: exit 2, one line."""
    pdf = str(a_file / "x.pdf")
    for args in (
        ("print", "certificates", "any", "--out", pdf),
        ("print", "sign-in-sheet", "any", "--out", pdf),
        ("template", str(a_file / "t.xlsx")),
    ):
        code, _, err = run_cli(capsys, initialised, *args)
        assert code == 2, args
        _one_clear_line(err)


def test_data_dir_that_is_a_file_says_so(a_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--data-dir FILE: status and init stop with 'is a file, not a folder', no stack on stderr."""
    code, _, err = run_cli(capsys, a_file, "status")
    assert code == 2 and "is a file, not a folder" in _one_clear_line(err)
    code, _, err = run_cli(
        capsys,
        a_file / "sub",
        "init",
        *("--region", "R", "--library", "L", "--branch", "B", "--device-name", "D"),
        lang="lv",
    )
    assert code == 2 and "nevis mape" in _one_clear_line(err)
    assert a_file.read_text(encoding="utf-8") == "not a folder"
    assert not storefile.exists(a_file)


def test_non_numeric_number_is_named_in_the_users_language(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """trust revoke --after-seq abc: exit 2, a Lithuanian 'not a whole number' line."""
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, initialised, "trust", "revoke", "dev", "--after-seq", "abc", lang="lt")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--after-seq" in err and "nėra sveikasis skaičius" in err
    assert "invalid int value" not in err


@pytest.mark.parametrize(
    ("lang", "words"),
    [("lt", ("klaida", "netinkama reikšmė")), ("lv", ("kļūda", "nederīga vērtība"))],
)
def test_argparse_errors_follow_the_language(
    initialised: Path, capsys: pytest.CaptureFixture[str], lang: str, words: tuple[str, str]
) -> None:
    """An unknown report name is refused in lt/lv, not with argparse's English lines."""
    with pytest.raises(SystemExit) as stop:
        run_cli(capsys, initialised, "report", "nosuch", *PERIOD, lang=lang)
    assert stop.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert all(word in last for word in words), last
    assert "error:" not in last and "invalid choice" not in last


def test_missing_required_arguments_are_named_in_latvian(
    initialised: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """report without --from/--to: the Latvian line names both options."""
    with pytest.raises(SystemExit):
        run_cli(capsys, initialised, "report", "summary", lang="lv")
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert "trūkst obligāto parametru" in last and "--from, --to" in last


def test_wrong_passphrase_gives_one_line_on_stderr(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A wrong --passphrase-file: exit 2 and only our message on stderr (no SQLCipher log)."""
    keyring.set_keyring(FailKeyring())
    data = tmp_path / "d"
    right, wrong = tmp_path / "right.txt", tmp_path / "wrong.txt"
    right.write_text("Ąžuolas ir ēdiens\n", encoding="utf-8")
    wrong.write_text("ne ta frazė\n", encoding="utf-8")
    init = ("init", "--region", "R", "--library", "L", "--branch", "B", "--device-name", "D")
    assert main(["--data-dir", str(data), "--passphrase-file", str(right), *init]) == 0
    capfd.readouterr()
    code = main(
        ["--lang", "lt", "--data-dir", str(data), "--passphrase-file", str(wrong), "status"]
    )
    assert code == 2
    assert _one_clear_line(capfd.readouterr().err) == "Slaptafrazė netinka šiai saugyklai."


def test_out_under_a_file_says_it_is_a_file(
    initialised: Path, a_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out somefile.txt/x.xlsx says somefile.txt is a file, not that a folder is missing."""
    out = str(a_file / "x.xlsx")
    code, _, err = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", out)
    assert code == 2 and "is a file, not a folder" in _one_clear_line(err)


def test_system_reasons_are_in_the_users_language(
    initialised: Path, a_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows to fix that cannot be saved (a path under a file): the reason is Lithuanian, not
    the system's English, and nothing is imported."""
    register = write_register(tmp_path / "r.csv", [row(), row(birth_year="195x")])
    out = str(a_file / "fix.xlsx")
    code, _, err = run_cli(
        capsys, initialised, "import", "--skip-bad", "--bad-rows-out", out, str(register),
        lang="lt",
    )  # fmt: skip
    line = _one_clear_line(err)
    assert code == 2 and "failas jau yra" in line and "File exists" not in line


def test_report_out_with_an_unknown_ending_or_not_a_file_is_refused(
    initialised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--out r.docx names the report formats (nothing written); --out to a pipe or device is
    refused instead of being replaced by a file."""
    docx = tmp_path / "r.docx"
    code, _, err = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", str(docx))
    assert code == 2 and ".xlsx" in _one_clear_line(err) and not docx.exists()
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    code, _, err = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", str(pipe))
    assert code == 2 and "ordinary file" in _one_clear_line(err)
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_enrolling_without_a_keyring_names_what_sync_needs(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A passphrase store on a PC with no keyring: enrol explains that sync keys need a
    keyring (not "start again with --passphrase-file", which was already given)."""
    keyring.set_keyring(FailKeyring())
    data, share, phrase = tmp_path / "d", tmp_path / "share", tmp_path / "p.txt"
    share.mkdir()
    phrase.write_text("Ąžuolas ir ēdiens\n", encoding="utf-8")
    base = ["--data-dir", str(data), "--passphrase-file", str(phrase)]
    init = ("init", "--region", "R", "--library", "L", "--branch", "B", "--device-name", "D")
    assert main([*base, *init]) == 0
    capfd.readouterr()
    code = main([*base, "enroll", str(share)])
    err = _one_clear_line(capfd.readouterr().err)
    assert code == 2 and "Secret Service" in err and "--passphrase-file" not in err


def _disk_fills_after(monkeypatch: pytest.MonkeyPatch, what: int = errno.ENOSPC) -> None:
    """ReportLab's files fail as on a full (or read-only) disk once their writing starts."""
    from reportlab.pdfbase import pdfdoc

    def failing_open(_name: str, _mode: str = "r") -> object:
        raise OSError(what, os.strerror(what))

    monkeypatch.setattr(pdfdoc, "open", failing_open, raising=False)


@pytest.mark.parametrize(
    ("what", "reason"), [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")]
)
def test_out_on_a_full_or_read_only_disk_names_the_cause(
    initialised: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    what: int,
    reason: str,
) -> None:
    """report --out that fails for lack of space (or on a read-only disk) says so, in one line
    naming --out; the Lithuanian line gives the reason in Lithuanian."""
    _disk_fills_after(monkeypatch, what)
    out = str(tmp_path / "r.pdf")
    code, _, err = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", out)
    line = _one_clear_line(err)
    assert code == 2 and "--out" in line and reason in line, line
    _, _, lt = run_cli(capsys, initialised, "report", "summary", *PERIOD, "--out", out, lang="lt")
    if what == errno.ENOSPC:
        assert "diskas pilnas" in _one_clear_line(lt)
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.part"))


def test_a_passphrase_file_with_a_bom_opens_stores_made_before_and_after(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A passphrase file saved "UTF-8 with BOM": the BOM is no part of the passphrase, and a
    store made before, whose passphrase had the BOM in it, still opens with that file."""
    keyring.set_keyring(FailKeyring())
    init = ("init", "--region", "R", "--library", "L", "--branch", "B", "--device-name", "D")
    phrase = "Ąžuolas ir ēdiens"
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(("\ufeff" + phrase + "\r\n").encode("utf-8"))
    plain = tmp_path / "plain.txt"
    plain.write_text(phrase + "\n", encoding="utf-8")
    new = tmp_path / "new"
    assert main(["--data-dir", str(new), "--passphrase-file", str(with_bom), *init]) == 0
    assert main(["--data-dir", str(new), "--passphrase-file", str(plain), "status"]) == 0
    old = tmp_path / "old"  # as made before: the passphrase was BOM + phrase
    doubled = tmp_path / "doubled.txt"
    doubled.write_bytes(("\ufeff\ufeff" + phrase + "\n").encode("utf-8"))
    assert main(["--data-dir", str(old), "--passphrase-file", str(doubled), *init]) == 0
    assert main(["--data-dir", str(old), "--passphrase-file", str(with_bom), "status"]) == 0
    capfd.readouterr()
