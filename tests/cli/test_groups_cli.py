"""``libtrainer groups list`` and naming a group several branches share in ``print
certificates``: the matches are listed with branch, dates and id end, which then names one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from libtrainer.services import grouplist, groups, org, participants, programmes
from tests.conftest import make_store

from .clikit import run_cli

NAME = "Užimtumo tarnybos grupė Nr. 4"
BRANCHES = ("Būdviečio padalinys", "Šeštokų padalinys")


@pytest.fixture
def coordinator(data_dir: Path) -> dict[str, str]:
    """A coordinator's store with a group called NAME at each of two branches (the second
    finished, with one person who completed it). Returns branch name -> group id."""
    store = make_store(data_dir, role="coordinator")
    made = {}
    try:
        with store.uow() as uow:
            prog = programmes.create_programme(
                uow, 8, title_lt="Kompiuterinio raštingumo pagrindai", title_en="Computer basics"
            ).first("programme")
        for n, branch in enumerate(BRANCHES):
            with store.uow() as uow:
                placed = org.ensure_branch(
                    uow,
                    region="Alytaus apskritis",
                    library="Lazdijų r. savivaldybės viešoji biblioteka",
                    branch=branch,
                )
            with store.uow() as uow:
                made[branch] = groups.create_group(
                    uow,
                    prog,
                    NAME,
                    branch_id=placed.branch_id,
                    start_date=dt.date(2026, 3 + 5 * n, 16),
                    end_date=dt.date(2026, 4 + 5 * n, 1),
                ).first("training_group")
        with store.uow() as uow:
            person = participants.create_participant(uow, "Aldona", "Šeštokienė").first(
                "participant"
            )
        with store.uow() as uow:
            groups.enrol(uow, made[BRANCHES[1]], [person])
        with store.uow() as uow:
            groups.finish_group(uow, made[BRANCHES[1]])
    finally:
        store.close()
    return made


def test_groups_list_names_each_groups_branch_dates_and_id(
    data_dir: Path, coordinator: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Every group is one line with its branch, programme, dates and whole id; --branch
    narrows by part of the branch's name (diacritics aside); --json gives the same records."""
    code, out, _err = run_cli(capsys, data_dir, "groups", "list")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith(NAME)]
    assert len(lines) == 2
    for branch, group_id in coordinator.items():
        assert any(branch in line and f"[{group_id}]" in line for line in lines)
    assert "Computer basics, 2026-08-16 – 2026-09-01, finished, people: 1" in out
    code, out, _err = run_cli(capsys, data_dir, "groups", "list", "--branch", "sestoku")
    assert code == 0 and BRANCHES[1] in out and BRANCHES[0] not in out
    code, out, _err = run_cli(capsys, data_dir, "groups", "list", "--json")
    records = json.loads(out)["groups"]
    assert {r["id"] for r in records} == set(coordinator.values())
    assert {r["branch"] for r in records} == set(BRANCHES)
    assert {r["start_date"] for r in records} == {"2026-03-16", "2026-08-16"}


def test_an_unknown_branch_is_said(
    data_dir: Path, coordinator: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A --branch no branch has is refused with its text (exit 2), not an empty list."""
    code, out, err = run_cli(capsys, data_dir, "groups", "list", "--branch", "Kapčiamiesčio")
    assert code == 2 and out == ""
    assert "No branch “Kapčiamiesčio” was found." in err


def test_a_name_several_branches_use_lists_them_and_an_id_end_picks_one(
    data_dir: Path,
    coordinator: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """The shared name lists each group (branch, dates, id end) and writes nothing; the end
    of the id shown then prints that group's certificates."""
    out_pdf = tmp_path / "pazymejimai.pdf"
    code, _out, err = run_cli(
        capsys, data_dir, "print", "certificates", NAME, "--out", str(out_pdf)
    )
    assert code == 2 and not out_pdf.exists()
    assert "matches several groups (2)" in err
    for branch, group_id in coordinator.items():
        assert branch in err and f"[{group_id[-8:]}]" in err
    assert "2026-08-16 – 2026-09-01" in err and "groups list" in err
    ending = coordinator[BRANCHES[1]][-8:]
    code, out, err = run_cli(
        capsys, data_dir, "print", "certificates", ending, "--out", str(out_pdf)
    )
    assert code == 0, err
    assert out_pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("role", "branch", "kept"),
    [
        ("branch", "other", True),
        ("lecturer", "other", True),
        ("coordinator", "home", True),
        ("coordinator", "other", False),
    ],
)
def test_only_a_coordinator_leaves_other_branches_groups_unchanged(
    role: str, branch: str, kept: bool
) -> None:
    """A coordinator's computer changes its own branch's groups only; others change all."""
    assert grouplist.kept_here(role, "home", branch) is kept


def test_certificates_of_another_branchs_unfinished_group_name_the_branch(
    data_dir: Path,
    coordinator: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """On the coordinator's computer, another branch's group nobody completed yet: the
    message (Lithuanian) names the branch that finishes it, not a step the coordinator cannot
    take; the coordinator's own unfinished group still says to finish it here."""
    unfinished = _unfinished_group(data_dir)
    out_pdf = tmp_path / "pazymejimai.pdf"
    code, _out, err = run_cli(
        capsys,
        data_dir,
        "print",
        "certificates",
        unfinished[-8:],
        "--out",
        str(out_pdf),
        lang="lt",
    )
    assert code == 2 and len(err.strip().splitlines()) == 1 and not out_pdf.exists()
    assert "Šeštokų padalinys" in err and "„Užbaigti grupę“" in err
    assert "Pirmiausia užbaikite grupę" not in err
    own = coordinator[BRANCHES[0]][-8:]
    code, _out, err = run_cli(
        capsys, data_dir, "print", "certificates", own, "--out", str(out_pdf), lang="lt"
    )
    assert code == 2 and "Pirmiausia užbaikite grupę" in err


def _unfinished_group(data_dir: Path) -> str:
    """A second group of Šeštokų padalinys, one person enrolled, not finished."""
    from libtrainer.services import storefile

    store = storefile.open_store(data_dir)
    try:
        with store.uow() as uow:
            other = next(g for g in grouplist.list_groups(uow) if g.branch == BRANCHES[1])
        with store.uow() as uow:
            group = groups.create_group(
                uow,
                other.programme_id,
                "SI-1 Šeštokai ruduo",
                branch_id=other.branch_id,
                start_date=dt.date(2026, 9, 1),
            ).first("training_group")
        with store.uow() as uow:
            person = participants.create_participant(uow, "Petras", "Šeštokas").first("participant")
        with store.uow() as uow:
            groups.enrol(uow, group, [person])
        return group
    finally:
        store.close()
