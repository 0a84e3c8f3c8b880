"""Sign-in sheets that fit the page: footers within the page width with the page number whole,
the lecturer's signature never alone on a page, one-off seminars named by their topic."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from sqlalchemy import select, update

from libtrainer.reports.fonts import register_fonts
from libtrainer.reports.printables import sign_in_sheet
from libtrainer.reports.printables_style import fit, fit_parts, footer_line
from libtrainer.services.register import import_register
from libtrainer.store.models import Programme, TrainingSession
from libtrainer.store.store import Store

from ..services.register.support import row, write_register

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)

#: 120 characters, the longest programme title allowed
LONG_TITLE = (
    "Digitālās prasmes ikdienai: e-pakalpojumi, internetbanka, e-veselība un droša saziņa "
    "sociālajos tīklos novada senioriem"
)
FOOTER_LINE = 22  # points above the foot of the page (printables_style.numbered_canvas)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<')


def pages_words(path: Path) -> list[list[tuple[float, float, float, str]]]:
    """Per page, every word with its left, top and right edge in points (pdftotext -bbox)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [(float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in WORD.findall(page)]
        for page in out.split("<page ")[1:]
    ]


def footer_words(page: list[tuple[float, float, float, str]]) -> list[tuple[float, float, str]]:
    bottom = A4[1] - FOOTER_LINE - 12
    return [(left, right, text) for left, top, right, text in page if top > bottom]


def text_of(path: Path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [p for p in out.split("\f") if p.strip()]


@pytest.fixture
def long_store(store: Store, tmp_path: Path) -> Store:
    """A Latvian group of 30 people whose programme has a 120-character title."""
    people = [(f"Vārds{i:02d}", f"Ozoliņa{i:02d}") for i in range(30)]
    rows = [
        row(
            given_name=g,
            family_name=f,
            programme=LONG_TITLE,
            group="Amatas seniori 2026 rudens",
            branch="Amatas pagasta bibliotēka",
            lecturer="Inese Grīnberga",
        )
        for g, f in people
    ]
    assert import_register(store, write_register(tmp_path / "long.csv", rows)).written
    with store.uow() as uow:
        uow.connection.execute(update(Programme).values(title_lv=LONG_TITLE))
        uow.commit()
    return store


def only_session(store: Store) -> str:
    with store.read() as conn:
        return str(conn.execute(select(TrainingSession.id)).scalar_one())


@pytest.mark.parametrize("lang", ["lv", "lt"])
def test_long_programme_footer_fits_and_page_number_is_whole(
    long_store: Store, tmp_path: Path, lang: str
) -> None:
    """A 120-character programme: every footer within the page, ending "page N of M" whole."""
    out = sign_in_sheet(long_store, only_session(long_store), tmp_path / "s.pdf", lang=lang)
    pages = pages_words(out)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        words = footer_words(page)
        assert words, f"page {number} has no footer"
        assert min(left for left, _r, _t in words) >= 0
        assert max(right for _l, right, _t in words) <= A4[0]
        line = " ".join(t for _l, _r, t in words)
        whole = f"{number}. lpp. no {len(pages)}" if lang == "lv" else f"{number} psl. iš"
        assert line.endswith(whole) or line.endswith(f"{whole} {len(pages)}"), line
        assert "…" in line and "Amatas pagasta bibliotēka" in line


def test_signature_is_never_alone_on_a_page(long_store: Store, tmp_path: Path) -> None:
    """The signature's page always has numbered rows under the header, whatever the walk-ins."""
    session = only_session(long_store)
    for walk_ins in range(0, 24):
        pages = text_of(
            sign_in_sheet(long_store, session, tmp_path / "s.pdf", lang="lv", walk_ins=walk_ins)
        )
        last = pages[-1]
        assert "Nodarbību vadīja (paraksts)" in last
        numbers = [ln.split()[0] for ln in last.splitlines() if ln.strip()[:1].isdigit()]
        assert str(30 + walk_ins) in numbers, (walk_ins, last)
        assert "Uzvārds" in last


@pytest.fixture
def seminar_store(store: Store, tmp_path: Path) -> Store:
    """A one-off seminar (no group, no programme) with a topic and three people."""
    rows = [
        row(given_name=g, family_name=f, group="", branch="Priekuļu bibliotēka")
        for g, f in (("Dace", "Krūmiņa"), ("Aivars", "Jansons"), ("Ilze", "Liepiņa"))
    ]
    assert import_register(store, write_register(tmp_path / "seminar.csv", rows)).written
    with store.uow() as uow:
        uow.connection.execute(
            update(TrainingSession).values(
                topic="Viedtālrunis: videozvani", group_id=None, programme_id=None
            )
        )
        uow.commit()
    return store


def test_one_off_seminar_prints_its_topic_without_dangling_separators(
    seminar_store: Store, tmp_path: Path
) -> None:
    """A seminar without group or programme shows its topic, and its footer starts with it."""
    out = sign_in_sheet(seminar_store, only_session(seminar_store), tmp_path / "s.pdf", lang="lv")
    (page,) = text_of(out)
    assert "Tēma" in page and "Viedtālrunis: videozvani" in page
    assert "Programma" not in page and "Grupa" not in page
    footer = " ".join(t for _l, _r, t in footer_words(pages_words(out)[0]))
    assert footer.startswith("Viedtālrunis: videozvani · ")
    assert " ·  " not in footer and not footer.startswith("·")


def test_one_off_seminar_with_a_programme_prints_both(seminar_store: Store, tmp_path: Path) -> None:
    """A seminar of a programme prints the programme and the topic; the topic names it."""
    with seminar_store.uow() as uow:
        pid = uow.connection.execute(select(Programme.id)).scalars().first()
        uow.connection.execute(update(TrainingSession).values(programme_id=pid))
        uow.commit()
    out = sign_in_sheet(seminar_store, only_session(seminar_store), tmp_path / "s.pdf", lang="lt")
    (page,) = text_of(out)
    assert "Programa" in page and "Skaitmeninės technologijos TAU" in page
    assert "Tema" in page and "Viedtālrunis: videozvani" in page


def test_footer_line_shortens_the_first_part_and_keeps_the_page_whole() -> None:
    """The programme is cut at a word with "…"; the rest stays whole; empty parts leave no "·"."""
    font = register_fonts()
    parts = (LONG_TITLE, "2026-09-01", "Amatas pagasta bibliotēka")
    line = footer_line(parts, "1. lpp. no 3", font, 8, 400)
    assert line.endswith(" · 2026-09-01 · Amatas pagasta bibliotēka — 1. lpp. no 3")
    assert "…" in line and line.split("…")[0] in LONG_TITLE
    assert footer_line(("", "2026-09-01", "Amatas"), "1/1", font, 8, 500) == (
        "2026-09-01 · Amatas — 1/1"
    )
    assert fit("short", font, 8, 100) == "short"
    assert fit(LONG_TITLE, font, 8, 60).endswith("…")


def test_report_footer_shortens_the_title_and_keeps_period_and_stamp() -> None:
    """A report footer (pdf.py) cuts a long title, never the period or when it was made."""
    font = register_fonts()
    title = "Apmācīto iedzīvotāju kopsavilkums pa filiālēm, programmām un mērķa grupām " * 3
    line = fit_parts((title, "2026. gada septembris", "2026-10-01 09:15"), font, 7.5, 420)
    assert line.endswith("… · 2026. gada septembris · 2026-10-01 09:15")
    assert fit_parts(("", "2026", ""), font, 7.5, 420) == "2026"
