"""``libtrainer staff``: the staff list from the command line (docs/decisions/0111); a person
named by id, its start or a unique "Given Family"; bad input names its option, writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.services import accounts, org, storefile
from libtrainer.store.models import Staff
from tests.conftest import make_store

from .clikit import run_cli

ADD = (
    "staff",
    "add",
    "--given",
    "Aldona",
    "--family",
    "Vaitkienė",
    "--role",
    "lecturer",
    "--email",
    "aldona@example.lt",
)


@pytest.fixture
def branch_dir(data_dir: Path) -> Path:
    """A branch computer in no region, with an administrator's account."""
    store = make_store(data_dir)
    with store.uow() as uow:
        accounts.create_account(
            uow,
            login="ruta",
            password="slaptažodis-1",
            role="admin",
            given_name="Rūta",
            family_name="Žukauskienė",
            branch_id=org.find_branches(uow)[0].id,
        )
    store.close()
    return data_dir


def _staff(data: Path) -> list[tuple[str, str, str | None, bool]]:
    store = storefile.open_store(data)
    try:
        with store.read() as conn:
            rows = conn.execute(
                select(Staff.family_name, Staff.role, Staff.email, Staff.archived).order_by(
                    Staff.family_name
                )
            )
            return [tuple(r) for r in rows]  # type: ignore[misc]
    finally:
        store.close()


def _listed(capsys: pytest.CaptureFixture[str], data: Path, *extra: str) -> list[dict[str, object]]:
    code, out, _err = run_cli(capsys, data, "staff", "list", "--json", *extra)
    assert code == 0
    return list(json.loads(out)["staff"])


def test_add_list_edit_archive_and_bring_back(
    branch_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A guest lecturer is added (no account), listed in Lithuanian and as JSON, edited by
    "Given Family" typed without diacritics, archived (gone from the list, there with --all)
    and brought back by the start of the id."""
    code, out, err = run_cli(capsys, branch_dir, *ADD)
    assert (code, err) == (0, "") and out.startswith("Added: Vaitkienė, Aldona — Lecturer")
    code, out, _err = run_cli(capsys, branch_dir, "staff", "list", lang="lt")
    assert code == 0 and "Vaitkienė, Aldona — Lektorius" in out and "ruta" in out
    listed = {p["family_name"]: p for p in _listed(capsys, branch_dir)}
    assert listed["Vaitkienė"]["login"] is None and listed["Žukauskienė"]["login"] == "ruta"
    assert listed["Vaitkienė"]["branch"] == "Būdviečio padalinys"
    code, out, err = run_cli(
        capsys,
        branch_dir,
        "staff",
        "edit",
        "aldona vaitkiene",
        "--role",
        "consultant",
        "--email",
        "",
    )
    assert (code, err) == (0, "") and out.startswith("Saved: Vaitkienė, Aldona — Digital")
    code, out, _err = run_cli(
        capsys, branch_dir, "staff", "edit", "Aldona Vaitkienė", "--role", "consultant"
    )
    assert out.startswith("Nothing changed")
    code, out, _err = run_cli(capsys, branch_dir, "staff", "archive", "Aldona Vaitkienė")
    assert code == 0 and out.startswith("Archived: Aldona Vaitkienė.")
    assert [p["family_name"] for p in _listed(capsys, branch_dir)] == ["Žukauskienė"]
    archived = [p for p in _listed(capsys, branch_dir, "--all") if p["archived"]]
    assert [p["family_name"] for p in archived] == ["Vaitkienė"]
    start = str(archived[0]["id"])[:23]  # UUIDv7: the first part is the time
    code, out, _err = run_cli(capsys, branch_dir, "staff", "unarchive", start)
    assert code == 0 and out.startswith("Brought back: Aldona Vaitkienė.")
    assert _staff(branch_dir)[0] == ("Vaitkienė", "consultant", None, False)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--given", "Ona", "--family", "Kita", "--role", "janitor"), "--role"),
        (
            ("--given", "Ona", "--family", "Kita", "--role", "lecturer", "--email", "ona@"),
            "--email",
        ),
        (("--given", " ", "--family", "Kita", "--role", "lecturer"), "--given"),
        (("--given", "Ona", "--role", "lecturer"), "--family"),
        (("--given", "aldona", "--family", "VAITKIENE", "--role", "lecturer"), "--family"),
    ],
)
def test_bad_input_names_the_option_and_writes_nothing(
    branch_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], option: str
) -> None:
    """Each bad value (a namesake too): exit 2, the last line of the error names the option,
    no traceback, nobody added."""
    assert run_cli(capsys, branch_dir, *ADD)[0] == 0
    try:
        code, out, err = run_cli(capsys, branch_dir, "staff", "add", *args)
    except SystemExit as stop:  # refused by argparse, before the store is opened
        code, (out, err) = int(str(stop.code)), capsys.readouterr()
    last = err.strip().splitlines()[-1]
    assert code == 2 and out == "" and option in last, err
    assert "Traceback" not in err and "Something went wrong" not in err
    assert len(_staff(branch_dir)) == 2


def test_unknown_ambiguous_or_wildcard_persons_are_messages(
    branch_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name nobody has, a LIKE wildcard, a name two people share, an edit without options
    and archiving someone who can still sign in: one line each, exit 2, nothing written."""
    run_cli(capsys, branch_dir, *ADD)
    store = storefile.open_store(branch_dir)
    try:
        with store.uow() as uow:
            org.add_staff(uow, "Aldona", "Vaitkienė", "librarian", branch_id=None)
    finally:
        store.close()
    before = _staff(branch_dir)
    for args, words in (
        (("archive", "Nėra Tokio"), "Nėra Tokio"),
        (("archive", "%"), "“%”"),
        (("archive", "______"), "“______”"),
        (("edit", "Aldona Vaitkienė", "--role", "admin"), "2 staff members"),
        (("edit", "Žukauskienė Rūta"), "Nothing to change"),
        (("archive", "Rūta Žukauskienė"), "“ruta”"),
    ):
        code, out, err = run_cli(capsys, branch_dir, "staff", *args)
        assert code == 2 and out == "" and words in err, (args, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert _staff(branch_dir) == before


def test_a_regions_branch_computer_changes_only_its_own_people(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once in a region, a person of another branch is refused with who keeps them, while
    this branch's people are still added and changed."""
    data = tmp_path / "data"
    store = make_store(data)
    try:
        with store.uow() as uow:
            other = org.ensure_branch(
                uow,
                region="Alytaus apskritis",
                library="Lazdijų r. savivaldybės viešoji biblioteka",
                branch="Seiliūnų padalinys",
            ).branch_id
        with store.uow() as uow:
            org.add_staff(uow, "Dalia", "Rimkutė", "lecturer", branch_id=other)
        store.set_meta("sync_join_pending", "1")
    finally:
        store.close()
    code, _out, err = run_cli(capsys, data, "staff", "edit", "Dalia Rimkutė", "--email", "d@x.lt")
    assert code == 2 and "Seiliūnų padalinys" in err and "coordinator" in err
    code, _out, err = run_cli(capsys, data, "staff", "archive", "Dalia Rimkutė")
    assert code == 2 and "coordinator" in err
    assert run_cli(capsys, data, *ADD)[0] == 0
    listed = {p["family_name"]: p["changeable"] for p in _listed(capsys, data)}
    assert listed == {"Rimkutė": False, "Vaitkienė": True}


def test_the_role_may_be_typed_in_the_users_language(
    branch_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--role lektorius`` (lt) and ``--role Lektors`` (lv) are the lecturer's role; an
    unknown role lists the roles in the user's language."""
    base = ["staff", "add", "--given", "Aldona", "--family", "Vaitkienė"]
    assert run_cli(capsys, branch_dir, *base, "--role", "lektorius", lang="lt")[0] == 0
    more = ["staff", "add", "--given", "Līga", "--family", "Ozoliņa", "--role", "Lektors"]
    assert run_cli(capsys, branch_dir, *more, lang="lv")[0] == 0
    assert sorted(role for _g, role, _e, _a in _staff(branch_dir) if role == "lecturer") == [
        "lecturer",
        "lecturer",
    ]
    with pytest.raises(SystemExit) as refused:  # argparse's own exit for a bad option
        run_cli(capsys, branch_dir, *base, "--role", "virėja", lang="lt")
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "„virėja“ nėra pareigos" in err and "Lektorius" in err
