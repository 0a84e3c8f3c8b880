"""``libtrainer programmes``: the catalogue from the command line, with the window's rule on
who may change it (docs/decisions/0110); bad input names its option and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from libtrainer.services import storefile
from libtrainer.store.models import Programme
from libtrainer.sync import enroll
from tests.conftest import make_store

from .clikit import run_cli

ADD = (
    "programmes",
    "add",
    "--title-lt",
    "Saugus internetas senjorams",
    "--title-lv",
    "Droša interneta lietošana",
    "--code",
    "SI-2026",
    "--hours",
    "16",
    "--topics",
    "safety,communication",
    "--level",
    "advanced",
)


@pytest.fixture
def branch_dir(data_dir: Path) -> Path:
    """A branch computer in no region (a library using the app on its own)."""
    make_store(data_dir).close()
    return data_dir


def _count(data: Path) -> int:
    store = storefile.open_store(data)
    try:
        with store.read() as conn:
            return int(conn.execute(select(func.count()).select_from(Programme)).scalar_one())
    finally:
        store.close()


def _listed(capsys: pytest.CaptureFixture[str], data: Path, *extra: str) -> list[dict[str, object]]:
    code, out, _err = run_cli(capsys, data, "programmes", "list", "--json", *extra)
    assert code == 0
    return list(json.loads(out)["programmes"])


def test_add_list_edit_archive_and_bring_back(
    branch_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A programme is added, listed in Lithuanian and as JSON, edited by its code typed in
    lower case, archived (gone from the list, there with --all) and brought back."""
    code, out, err = run_cli(capsys, branch_dir, *ADD)
    assert (code, err) == (0, "") and "Programme added: Saugus internetas senjorams" in out
    code, out, _err = run_cli(capsys, branch_dir, "programmes", "list", lang="lt")
    assert code == 0 and "Saugus internetas senjorams — " in out and "Pažengusiems" in out
    (listed,) = _listed(capsys, branch_dir)
    assert listed["code"] == "SI-2026" and listed["topics"] == ["communication", "safety"]
    code, out, err = run_cli(
        capsys, branch_dir, "programmes", "edit", "si-2026", "--hours", "12,5", "--title-en", "Safe"
    )
    assert (code, err) == (0, "") and out.startswith("Saved: Safe")
    (listed,) = _listed(capsys, branch_dir)
    assert (listed["academic_hours"], listed["title_en"]) == (12.5, "Safe")
    code, out, _err = run_cli(capsys, branch_dir, "programmes", "archive", "SI-2026")
    assert code == 0 and out.startswith("Archived: Safe.")
    assert _listed(capsys, branch_dir) == []
    assert [p["archived"] for p in _listed(capsys, branch_dir, "--all")] == [True]
    code, out, _err = run_cli(capsys, branch_dir, "programmes", "list")
    assert "list --all" in out
    code, out, _err = run_cli(capsys, branch_dir, "programmes", "unarchive", str(listed["id"]))
    assert code == 0 and out.startswith("Brought back: Safe.")
    assert len(_listed(capsys, branch_dir)) == 1


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--title-lt", "Kursas", "--hours", "aštuonios"), "--hours"),
        (("--title-lt", "Kursas", "--hours", "0"), "--hours"),
        (("--title-lt", "Kursas", "--hours", "501"), "--hours"),
        (("--hours", "8"), "--title-lt"),
        (("--title-lt", "Kursas", "--hours", "8", "--topics", "safety,cooking"), "--topics"),
        (("--title-lt", "Kursas", "--hours", "8", "--level", "expert"), "--level"),
        (("--title-lt", "Kursas", "--hours", "8", "--code", "si-2026"), "--code"),
        (("--title-lt", "Kursas"), "--hours"),
    ],
)
def test_bad_input_names_the_option_and_writes_nothing(
    branch_dir: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], option: str
) -> None:
    """Each bad value: exit 2, the last line of the error names the option, no traceback,
    no programme added (the first one, whose code one case repeats, stays alone)."""
    assert run_cli(capsys, branch_dir, *ADD)[0] == 0
    try:
        code, out, err = run_cli(capsys, branch_dir, "programmes", "add", *args)
    except SystemExit as stop:  # refused by argparse, before the store is opened
        code, (out, err) = int(str(stop.code)), capsys.readouterr()
    last = err.strip().splitlines()[-1]
    assert code == 2 and out == "" and option in last, err
    assert "Traceback" not in err and "Something went wrong" not in err
    assert _count(branch_dir) == 1


def test_edit_without_options_or_of_an_unknown_programme_is_a_message(
    branch_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``edit`` with nothing to change, or naming no programme, says so (exit 2)."""
    run_cli(capsys, branch_dir, *ADD)
    code, _out, err = run_cli(capsys, branch_dir, "programmes", "edit", "SI-2026")
    assert code == 2 and "Nothing to change" in err
    code, _out, err = run_cli(capsys, branch_dir, "programmes", "archive", "NĖRA-1", lang="lt")
    assert code == 2 and "NĖRA-1" in err and "Traceback" not in err


def test_a_computer_of_a_region_lists_but_does_not_change_the_catalogue(
    branch_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Once a branch computer asked to join a region, add, edit and archive are refused with
    the reason (nothing written); the list says where the programmes come from."""
    assert run_cli(capsys, branch_dir, *ADD)[0] == 0  # made while it was on its own
    store = storefile.open_store(branch_dir)
    try:
        store.set_meta(enroll.META_JOINING, "1")
    finally:
        store.close()
    for args in (
        ADD[2:],
        ("--title-lt", "Kitas", "--hours", "4"),
    ):
        code, out, err = run_cli(capsys, branch_dir, "programmes", "add", *args)
        assert code == 2 and out == "" and "coordinator's computer" in err
    for command in (("edit", "SI-2026", "--hours", "4"), ("archive", "SI-2026")):
        code, _out, err = run_cli(capsys, branch_dir, "programmes", *command)
        assert code == 2 and "coordinator's computer" in err
    assert _count(branch_dir) == 1
    code, out, _err = run_cli(capsys, branch_dir, "programmes", "list")
    assert code == 0 and "from the region's coordinator" in out
    assert json.loads(run_cli(capsys, branch_dir, "programmes", "list", "--json")[1])["source"] == (
        "region"
    )


def test_the_coordinators_computer_changes_the_catalogue(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the coordinator's computer programmes are added (the region's catalogue)."""
    make_store(data_dir, role="coordinator").close()
    code, out, err = run_cli(capsys, data_dir, *ADD, lang="lv")
    assert (code, err) == (0, "") and "Droša interneta lietošana" in out  # its Latvian title
    assert _count(data_dir) == 1


@pytest.mark.parametrize(("country", "option"), [("LV", "--title-lv"), ("LT", "--title-lt")])
def test_an_empty_catalogue_suggests_the_title_option_of_the_stores_country(
    data_dir: Path, capsys: pytest.CaptureFixture[str], country: str, option: str
) -> None:
    """With no programme yet, the hint names the title option of the store's country: a
    Latvian library is shown --title-lv, a Lithuanian one --title-lt."""
    from libtrainer.services import setup  # noqa: PLC0415

    store = storefile.create(data_dir)
    try:
        setup.initialise(
            store,
            region="Zemgale",
            library="Jelgavas novada bibliotēka",
            branch="Elejas bibliotēka",
            device_name="Lasītava PC-1",
            role="branch",
            country=country,
        )
    finally:
        store.close()
    code, out, _err = run_cli(capsys, data_dir, "programmes", "list")
    assert code == 0
    hint = next(line for line in out.splitlines() if "programmes add" in line)
    assert option in hint and all(
        o not in hint for o in ("--title-lt", "--title-lv") if o != option
    )
