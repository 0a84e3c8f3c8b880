"""``libtrainer participants change-code``: a code given by mistake is changed from the command
line, with the same rules as in the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.services import participants, storefile
from libtrainer.services.register.codes import participant_id_for_code
from tests.conftest import make_store

from .clikit import run_cli


def _data(tmp_path: Path, role: str = "branch") -> Path:
    """A data folder with Ona Kazlauskienė, code LT-0042."""
    store = make_store(tmp_path / "data", role=role)
    try:
        with store.uow() as uow:
            participants.create_participant(uow, "Ona", "Kazlauskienė", code="LT-0042")
    finally:
        store.close()
    return tmp_path / "data"


def test_change_code_moves_the_person_and_the_old_code_cannot_come_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The person named by their code gets the new code; giving the old code back is refused
    with a message naming the new one, not a traceback."""
    data = _data(tmp_path)
    code, out, _err = run_cli(capsys, data, "participants", "change-code", "lt-0042", "LT-0099")
    assert code == 0
    assert "the code is now “LT-0099”" in out and "“LT-0042” is left for whoever" in out
    store = storefile.open_store(data)
    try:
        with store.uow() as uow:
            (found,) = participants.search(uow, "Kazlauskienė")
    finally:
        store.close()
    assert found.id == participant_id_for_code("LT-0099")
    code, _out, err = run_cli(capsys, data, "participants", "change-code", "LT-0099", "LT-0042")
    assert code != 0 and "was changed to “LT-0099” on this computer" in err
    assert "Traceback" not in err


def test_change_code_is_refused_on_a_coordinators_computer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The coordinator's computer refuses to move a coded person and says who changes it."""
    data = _data(tmp_path, role="coordinator")
    code, _out, err = run_cli(capsys, data, "participants", "change-code", "LT-0042", "LT-0099")
    assert code != 0 and "coordinator's computer" in err and "branch" in err


def _add(data: Path, given: str, family: str, **fields: object) -> None:
    store = storefile.open_store(data)
    try:
        with store.uow() as uow:
            participants.create_participant(uow, given, family, **fields)
    finally:
        store.close()


def test_find_lists_people_by_name_without_diacritics_with_their_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``participants find "ona kazl"`` lists the person with birth year, code and full id;
    ``--json`` gives the same for scripts; nobody found says so."""
    data = _data(tmp_path)
    pid = participant_id_for_code("LT-0042")
    code, out, _err = run_cli(capsys, data, "participants", "find", "ona kazl")
    assert code == 0
    assert "Kazlauskienė, Ona" in out and "LT-0042" in out and f"[{pid}]" in out
    code, out, _err = run_cli(capsys, data, "participants", "find", "kazl", "--json")
    assert code == 0 and '"id": "' + pid + '"' in out and '"more": false' in out
    code, out, _err = run_cli(capsys, data, "participants", "find", "Jonaitis")
    assert code == 0 and "Nobody was found" in out


def test_change_code_takes_a_whole_name_that_only_one_person_has(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A person named by their whole name (any order, no diacritics) gets the code; part of a
    name, or a name two people share, is refused and points to ``participants find``."""
    data = _data(tmp_path)
    _add(data, "Janutė", "Žemaitytė-Šukienė", birth_year=1950)
    code, out, _err = run_cli(
        capsys, data, "participants", "change-code", "zemaityte-sukiene janute", "LZ-001"
    )
    assert code == 0 and "“LZ-001”" in out
    code, _out, err = run_cli(capsys, data, "participants", "change-code", "Janutė", "LZ-002")
    assert code != 0 and "No participant" in err
    _add(data, "Petras", "Petraitis", birth_year=1960)
    _add(data, "Petras", "Petraitis", birth_year=1975)
    code, _out, err = run_cli(
        capsys, data, "participants", "change-code", "Petras Petraitis", "LZ-003"
    )
    assert code != 0 and "Several people" in err and "participants find" in err
    assert "Traceback" not in err


def test_find_on_a_coordinators_computer_shows_branch_and_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two namesakes of two libraries: each line names its branch and, on a coordinator's
    computer, its library (the JSON too); a branch computer names the branch."""
    from libtrainer.services import org
    from libtrainer.store.store import read_meta

    store = make_store(tmp_path / "data", role="coordinator")
    try:
        with store.uow() as uow:
            region = read_meta(uow.connection, "region_id")
            assert region
            library = org.add_library(uow, region, "Kaišiadorių r. SVB").id
        with store.uow() as uow:
            branch = org.add_branch(uow, library, "Žiežmarių padalinys").id
        with store.uow() as uow:
            participants.create_participant(uow, "Jonas", "Kazlauskas", birth_year=1990)
        with store.uow() as uow:
            participants.create_participant(
                uow, "Jonas", "Kazlauskas", birth_year=1985, branch_id=branch
            )
    finally:
        store.close()
    data = tmp_path / "data"
    code, out, _err = run_cli(capsys, data, "participants", "find", "Kazlauskas", lang="lt")
    assert code == 0
    lines = out.strip().splitlines()
    assert any(
        "1990" in line
        and "Būdviečio padalinys (Lazdijų r. savivaldybės viešoji biblioteka)" in line
        for line in lines
    ), lines
    assert any(
        "1985" in line and "Žiežmarių padalinys (Kaišiadorių r. SVB)" in line for line in lines
    )
    code, out, _err = run_cli(capsys, data, "participants", "find", "Kazlauskas", "--json")
    assert '"branch": "Žiežmarių padalinys"' in out and '"library": "Kaišiadorių r. SVB"' in out


def test_find_on_a_branch_computer_shows_the_branch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a branch computer each line names the person's branch, without the library."""
    data = _data(tmp_path)
    code, out, _err = run_cli(capsys, data, "participants", "find", "kazl")
    assert code == 0 and "Būdviečio padalinys" in out and "Lazdijų" not in out
