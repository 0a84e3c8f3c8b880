"""``libtrainer print sign-in-sheet`` and ``print certificates`` write PDFs from the CLI."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.cli import main
from libtrainer.services import storefile
from libtrainer.services.groups import finish_group
from libtrainer.services.register import import_register
from libtrainer.store.models import TrainingSession
from tests.conftest import make_store

from ..services.register.support import row, write_register

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


@pytest.fixture
def session_id(data_dir: Path, tmp_path: Path) -> str:
    store = make_store(data_dir)
    try:
        rows = [
            row(given_name="Ėglė", family_name="Įdaitė"),
            row(given_name="Māris", family_name="Krastiņš"),
        ]
        import_register(store, write_register(tmp_path / "r.csv", rows))
        with store.read() as conn:
            return str(conn.execute(select(TrainingSession.id)).scalar_one())
    finally:
        store.close()


def test_print_sign_in_sheet_and_certificates(
    data_dir: Path, tmp_path: Path, session_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both print commands write PDFs whose text has the names; they exit 0. Certificates
    wait until the group is finished."""
    sheet, certs = tmp_path / "sheet.pdf", tmp_path / "certs.pdf"
    base = ["--data-dir", str(data_dir), "print"]
    assert (
        main([*base, "sign-in-sheet", session_id[-12:], "--out", str(sheet), "--lang", "lv"]) == 0
    )
    early = [*base, "certificates", "TAU 1", "--out", str(certs)]
    assert main(early) == 2 and not certs.exists()
    assert "Finish the group first" in capsys.readouterr().err
    store = storefile.open_store(data_dir)
    try:
        with store.uow() as uow:
            group = uow.connection.execute(select(TrainingSession.group_id)).scalar_one()
            finish_group(uow, group)
    finally:
        store.close()
    assert (
        main(
            [
                *base,
                "certificates",
                "TAU 1",
                "--out",
                str(certs),
                "--lang",
                "lt",
                "--issued",
                "2025-04-01",
            ]
        )
        == 0
    )
    for pdf in (sheet, certs):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Įdaitė" in text and "Krastiņš" in text
    assert "certs.pdf" in capsys.readouterr().out


def test_print_unknown_group_is_a_message(
    data_dir: Path, tmp_path: Path, session_id: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown group gives exit status 2 and a sentence naming it, in Lithuanian."""
    status = main(
        [
            "--data-dir",
            str(data_dir),
            "--lang",
            "lt",
            "print",
            "certificates",
            "Nežinoma",
            "--out",
            str(tmp_path / "c.pdf"),
        ]
    )
    assert status == 2
    assert "Grupė „Nežinoma“ nerasta." in capsys.readouterr().err


def test_sign_in_sheet_is_found_by_the_sessions_date(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``print sign-in-sheet 2025-03-14`` prints the one session held that day; with two that
    day it lists both (group, time, end of id) instead of picking one, and writes nothing."""
    from ..services.register.support import DAY

    store = make_store(data_dir)
    try:
        import_register(store, write_register(tmp_path / "r.csv", [row()]))
    finally:
        store.close()
    sheet = tmp_path / "sheet.pdf"
    base = ["--data-dir", str(data_dir), "print", "sign-in-sheet"]
    assert main([*base, DAY.isoformat(), "--out", str(sheet)]) == 0 and sheet.exists()
    store = storefile.open_store(data_dir)
    try:
        import_register(
            store, write_register(tmp_path / "r2.csv", [row(group="TAU 2", start="14:00")])
        )
    finally:
        store.close()
    other = tmp_path / "other.pdf"
    assert main([*base, DAY.isoformat(), "--out", str(other)]) == 2 and not other.exists()
    err = capsys.readouterr().err
    assert "2 sessions on" in err and "TAU 1 10:00 [" in err and "TAU 2 14:00 [" in err
