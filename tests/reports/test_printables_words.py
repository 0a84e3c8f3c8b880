"""Printouts in Latvian and Lithuanian without a wrong gender: the lecturer's record has no
gender, so the lecturer is named with a verb ("Mācības vadīja"); the certificate ("apliecība",
feminine) is "Izsniegta"; long double-barrelled names break at a hyphen on a sign-in sheet and
stay on one line (smaller) on a certificate (decision 0360)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select, update

from libtrainer.reports.printables import certificates, sign_in_sheet
from libtrainer.services.register import import_register
from libtrainer.store.models import Enrolment, TrainingSession
from libtrainer.store.store import Store

from ..services.register.support import DAY, row, write_register

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)

FAMILY = "Vītoliņa-Ziemeļkalniņa-Jaunzeme-Šķiņķe"
GIVEN = "Anna-Marija Kristīne Ērika"
PEOPLE = [(GIVEN, FAMILY, "Sieviete"), ("Ārija", "Bērziņa", "Sieviete"), ("Ēriks", "Kļaviņš", "")]


def pdf_lines(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


@pytest.fixture
def lv_store(store: Store, tmp_path: Path) -> Store:
    """A Latvian group led by Inese Kalniņa, one with a four-part family name, all
    completed."""
    rows = [
        row(
            date=DAY + dt.timedelta(days=7 * week),
            given_name=g,
            family_name=f,
            gender=s,
            group="Elejas senioriem",
            branch="Elejas bibliotēka",
            lecturer="Inese Kalniņa",
        )
        for week in range(2)
        for g, f, s in PEOPLE
    ]
    assert import_register(store, write_register(tmp_path / "g.csv", rows)).written
    with store.uow() as uow:
        uow.connection.execute(update(Enrolment).values(status="completed"))
        uow.commit()
    return store


def _session(store: Store) -> str:
    with store.read() as conn:
        return str(
            conn.execute(select(TrainingSession.id).order_by(TrainingSession.date)).first()[0]
        )


@pytest.mark.parametrize(
    ("lang", "led", "issued", "wrong"),
    [
        ("lv", "Mācības vadīja", "Izsniegta ", ("Lektors", "Izsniegts", "vadītājs")),
        ("lt", "Mokymus vedė", "Išduota ", ("Lektorius", "vadovas")),
    ],
)
def test_certificate_names_the_lecturer_without_a_gender(
    lv_store: Store, tmp_path: Path, lang: str, led: str, issued: str, wrong: tuple[str, ...]
) -> None:
    """The certificate's signatures say who led the training with a verb, the issue date
    agrees with the document's word; no masculine title under a woman's name."""
    out = certificates(
        lv_store, "Elejas senioriem", tmp_path / "c.pdf", lang=lang, issued_on=dt.date(2026, 3, 20)
    )
    text = "\n".join(pdf_lines(out))
    assert led in text and issued in text and "Inese Kalniņa" in text
    for word in wrong:
        assert word not in text


@pytest.mark.parametrize(
    ("lang", "led", "wrong"),
    [("lv", "Nodarbību vada", ("Lektors", "Lektora")), ("lt", "Užsiėmimą veda", ("Lektori",))],
)
def test_sign_in_sheet_names_the_lecturer_without_a_gender(
    lv_store: Store, tmp_path: Path, lang: str, led: str, wrong: tuple[str, ...]
) -> None:
    """The sign-in sheet's facts and its signature line name the lecturer with a verb."""
    out = sign_in_sheet(lv_store, _session(lv_store), tmp_path / "s.pdf", lang=lang)
    text = "\n".join(pdf_lines(out))
    assert led in text and "Inese Kalniņa" in text
    for word in wrong:
        assert word not in text


def test_sign_in_sheet_breaks_a_long_family_name_at_a_hyphen(
    lv_store: Store, tmp_path: Path
) -> None:
    """Each part of a four-part family name is printed whole: a line ends only after a
    hyphen, never inside a part."""
    out = sign_in_sheet(lv_store, _session(lv_store), tmp_path / "s.pdf", lang="lv")
    words = " ".join(pdf_lines(out)).split()
    for part in FAMILY.split("-"):
        assert any(part in word for word in words), part
    pieces = [w for w in words if any(p in w for p in ("Vītoliņa", "Jaunzeme", "Šķiņķe"))]
    assert all(w.endswith("-") or w.endswith("Šķiņķe") or w == FAMILY for w in pieces), pieces


def test_certificate_prints_a_long_name_on_one_line(lv_store: Store, tmp_path: Path) -> None:
    """The certificate prints the whole long name on one line (in a smaller size)."""
    out = certificates(lv_store, "Elejas senioriem", tmp_path / "c.pdf", lang="lv")
    assert f"{GIVEN} {FAMILY}" in pdf_lines(out)
