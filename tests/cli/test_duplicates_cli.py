"""``libtrainer duplicates``: list look-alikes, confirm, refuse, separate; translated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from libtrainer.services import duplicates, participants, storefile
from tests.conftest import make_store

from .clikit import run_cli


@pytest.fixture
def twins(data_dir: Path) -> tuple[Path, str, str]:
    """A store with two records of one resident typed differently, and one other person."""
    store = make_store(data_dir, role="coordinator")
    try:
        ids = []
        for given, family in (("Šarūnas", "Žemaitis"), ("Sarunas", "Zemaitis")):
            with store.uow() as uow:
                created = participants.create_participant(uow, given, family, birth_year=1961)
                ids.append(created.first("participant"))
        with store.uow() as uow:
            participants.create_participant(uow, "Ona", "Žemaitienė", birth_year=1961)
    finally:
        store.close()
    return data_dir, ids[0], ids[1]


def persons(data: Path) -> dict[str, str]:
    store = storefile.open_store(data)
    try:
        with store.uow() as uow:
            return duplicates.persons(uow)
    finally:
        store.close()


def test_list_then_same_then_separate(
    twins: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The pair is listed (JSON and text), confirmed by the ends of the ids, then separated."""
    data, a, b = twins
    code, out, _err = run_cli(capsys, data, "duplicates", "list", "--json")
    assert code == 0
    (pair,) = json.loads(out)["pairs"]
    assert {pair[0]["id"], pair[1]["id"]} == {a, b}
    code, out, _err = run_cli(capsys, data, "duplicates", "list", lang="lt")
    assert code == 0 and "Šarūnas Žemaitis, 1961" in out and "gali būti tas pats asmuo" in out
    code, out, err = run_cli(capsys, data, "duplicates", "same", a[-8:], b[-8:], "--keep", b)
    assert (code, err) == (0, "") and "one person" in out
    assert "details from: Sarunas Zemaitis, 1961" in out and f"[{b}]" in out
    code, out, _err = run_cli(capsys, data, "duplicates", "confirmed", "--json")
    (confirmed,) = json.loads(out)["confirmed"]
    assert (confirmed["record"]["id"], confirmed["counted_as"]["id"]) == (a, b)
    code, out, _err = run_cli(capsys, data, "duplicates", "list")
    assert code == 0 and "No records look like the same person." in out
    code, out, err = run_cli(capsys, data, "duplicates", "separate", a, lang="lv")
    assert code == 0 and "atsevišķa persona" in out
    code, out, _err = run_cli(capsys, data, "duplicates", "list", "--json")
    assert len(json.loads(out)["pairs"]) == 1


def test_separate_by_the_kept_record_and_different_names_the_record(
    twins: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """After "same A B", "different A B" names B to separate, and "separate A" (the kept
    record) separates B and says so in Lithuanian."""
    data, a, b = twins
    code, out, err = run_cli(capsys, data, "duplicates", "same", a[-8:], b[-8:], "--keep", a)
    assert (code, err) == (0, "")
    code, out, err = run_cli(capsys, data, "duplicates", "different", a[-8:], b[-8:], lang="lt")
    assert code == 2 and "Sarunas Zemaitis (" in err and f"[{b[-8:]}]" in err
    code, out, err = run_cli(capsys, data, "duplicates", "separate", a[-8:], lang="lt")
    assert (code, err) == (0, "")
    assert "Atskirta" in out and "Sarunas Zemaitis (" in out and f"[{b[-8:]}]" in out
    assert persons(data) == {}


def test_different_hides_the_pair(
    twins: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """ "different" is remembered: the pair is not listed again."""
    data, a, b = twins
    code, out, _err = run_cli(capsys, data, "duplicates", "different", a, b)
    assert code == 0 and "different people" in out
    code, out, _err = run_cli(capsys, data, "duplicates", "list", "--json")
    assert json.loads(out) == {"pairs": [], "more": False}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("same", "nobody-at-all", "x"), "Dalyvio „nobody-at-all“ nerasta."),
        (("same", "{a}", "{a}"), "Pasirinkite du skirtingus įrašus."),
        (("separate", "{a}"), "nėra skaičiuojamas kaip vienas asmuo su kitu įrašu"),
        (("same", "{a}", "{b}", "--keep", "{other}"), "pasirinkite vieną iš dviejų"),
    ],
)
def test_bad_references_get_one_translated_line(
    twins: tuple[Path, str, str],
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    expected: str,
) -> None:
    """Unknown or wrong records: exit 2, one Lithuanian line, nothing written."""
    data, a, b = twins
    store = storefile.open_store(data)
    try:
        with store.uow() as uow:
            other = participants.search(uow, "Ona")[0].id
    finally:
        store.close()
    filled = [x.format(a=a, b=b, other=other) for x in args]
    code, out, err = run_cli(capsys, data, "duplicates", *filled, lang="lt")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and expected in err
    assert persons(data) == {}


def test_a_branch_computer_refuses_with_one_translated_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Decisions belong on the coordinator's computer: a branch store says so, writes nothing."""
    make_store(data_dir).close()
    code, out, err = run_cli(capsys, data_dir, "duplicates", "list", lang="lv")
    assert code == 2 and out == ""
    assert err.strip() == (
        "Divreiz ierakstītas personas izlemj koordinatora datorā, kurā nonāk visu filiāļu ieraksti."
    )


def test_a_code_is_found_however_it_is_typed(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A participant code typed in another case or with spaces names the same record."""
    store = make_store(data_dir, role="coordinator")
    try:
        with store.uow() as uow:
            created = participants.create_participant(
                uow, "Petras", "Kodelis", birth_year=1970, code="LT0042"
            )
        with store.uow() as uow:
            other = participants.create_participant(uow, "Petras", "Kodelis", birth_year=1970)
    finally:
        store.close()
    a, b = created.first("participant"), other.first("participant")
    code, out, err = run_cli(capsys, data_dir, "duplicates", "same", "lt 0042", b)
    assert (code, err) == (0, "") and "one person" in out
    assert set(persons(data_dir).items()) <= {(a, b), (b, a)} and persons(data_dir)


def test_same_says_what_came_from_the_other_record_and_what_differs(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output names the birth year taken from the other record and the status differing."""
    store = make_store(data_dir, role="coordinator")
    try:
        with store.uow() as uow:
            known = participants.create_participant(
                uow, "Skaidrīte", "Ķikute", birth_year=1944, labour_status="retired"
            ).first("participant")
        with store.uow() as uow:
            bare = participants.create_participant(
                uow, "Skaidrīte", "Ķikute", labour_status="unemployed"
            ).first("participant")
    finally:
        store.close()
    code, out, err = run_cli(capsys, data_dir, "duplicates", "same", known, bare, "--keep", bare)
    assert (code, err) == (0, "")
    assert "details from: Skaidrīte Ķikute, 1944" in out and f"[{bare}]" in out
    assert "Counted from the other record, which knows them: Birth year." in out
    assert "The records differ in: Labour-market status." in out
