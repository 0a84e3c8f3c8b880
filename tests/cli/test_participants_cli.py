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
