"""``libtrainer participants access``: a resident's copy of their data from the command line
(decision 0410), as a PDF or JSON, with plain messages and nothing written half-way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from libtrainer.reports import subject_copy_pdf
from libtrainer.services import participants
from tests.conftest import make_store

from .clikit import run_cli


def _data(tmp_path: Path) -> Path:
    """A data folder with Ona Kazlauskienė (code LT-0042, notes) and Jonas Petraitis."""
    store = make_store(tmp_path / "data")
    try:
        with store.uow() as uow:
            participants.create_participant(
                uow,
                "Ona",
                "Kazlauskienė",
                code="LT-0042",
                email="ona@example.lt",
                notes="Ąžuolų g.",
            )
        with store.uow() as uow:
            participants.create_participant(uow, "Jonas", "Petraitis", birth_year=1950)
    finally:
        store.close()
    return tmp_path / "data"


def test_a_json_copy_is_written_for_a_person_named_by_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The format follows ".json"; the file holds the person's fields as stored and the
    message names the file and warns it holds personal data."""
    data = _data(tmp_path)
    out = tmp_path / "ona.json"
    code, text, err = run_cli(capsys, data, "participants", "access", "lt-0042", "--out", str(out))
    assert code == 0, err
    copy = json.loads(out.read_text(encoding="utf-8"))
    details = copy["records"][0]["details"]
    assert details["family_name"] == "Kazlauskienė" and details["email"] == "ona@example.lt"
    assert str(out) in text and "personal data" in text


def test_a_pdf_copy_by_name_with_messages_and_document_in_latvian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A whole name one person has is enough; ``--lang lv`` makes messages Latvian and the
    document follows them."""
    data = _data(tmp_path)
    out = tmp_path / "jonas.pdf"
    code, text, err = run_cli(
        capsys, data, "participants", "access", "Jonas Petraitis", "--out", str(out), lang="lv"
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    assert "Jonas Petraitis" in text and "personas dati" in text
    if shutil.which("pdftotext"):
        pdf = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Personas datu kopija" in pdf


def test_format_given_wins_over_the_ending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--format json`` writes JSON even into a file without that ending."""
    data = _data(tmp_path)
    out = tmp_path / "ona.txt"
    code, _text, err = run_cli(
        capsys, data, "participants", "access", "LT-0042", "--out", str(out), "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "libtrainer-personal-data"


def test_an_unknown_person_is_a_clear_message_and_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nobody by that code or name: a message in the person's language, nothing written."""
    data = _data(tmp_path)
    out = tmp_path / "x.pdf"
    code, _text, err = run_cli(
        capsys, data, "participants", "access", "LT-9999", "--out", str(out), lang="lt"
    )
    assert code == 2 and "LT-9999" in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
def test_a_place_that_cannot_be_written_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    """A folder that does not exist, or a folder given as the file: the message names the
    path and what to do; nothing is read or written."""
    data = _data(tmp_path)
    out = tmp_path / "nowhere" / "x.pdf" if where == "missing-folder" else tmp_path
    code, _text, err = run_cli(capsys, data, "participants", "access", "LT-0042", "--out", str(out))
    assert code == 2 and str(out if where == "a-folder" else out.parent) in err
    assert "--out" in err and "Traceback" not in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_a_read_only_folder_gives_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No permission to write there: the reason in plain words, no file."""
    data = _data(tmp_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, _text, err = run_cli(
            capsys, data, "participants", "access", "LT-0042", "--out", str(folder / "x.pdf")
        )
    finally:
        folder.chmod(0o700)
    assert code == 2 and "cannot be written" in err
    assert list(folder.iterdir()) == []


def test_nothing_is_left_when_writing_fails_half_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    """The PDF breaks off after writing part of it: no file under the chosen name, no
    temporary file, an earlier file of that name untouched."""
    data = _data(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "ona.pdf"
    out.write_bytes(b"earlier")

    def broken(copy: Any, target: Path, *, lang: str) -> Path:
        target.write_bytes(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(subject_copy_pdf, "render", broken)
    code, _text, err = run_cli(capsys, data, "participants", "access", "LT-0042", "--out", str(out))
    assert code == 2 and "cannot be written" in err
    assert [p.name for p in folder.iterdir()] == ["ona.pdf"]
    assert out.read_bytes() == b"earlier"
