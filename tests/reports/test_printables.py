"""Sign-in sheets and certificates: names intact in the PDF text (read by poppler's pdftotext),
collation order, walk-in rows, one certificate per enrolment, aliases resolved."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import insert, select, update

from libtrainer.domain.errors import LibtrainerError, NotFoundError
from libtrainer.domain.ids import new_id
from libtrainer.reports.printables import certificates, sign_in_sheet
from libtrainer.services.register import import_register
from libtrainer.store.models import Enrolment, Participant, ParticipantAlias, TrainingSession
from libtrainer.store.store import Store

from ..services.register.support import DAY, row, write_register

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)

PEOPLE = [
    ("Šarūnas", "Žemaitis", "Vyras"),
    ("Janutė", "Čiurlionienė", "Moteris"),
    ("Vitas", "Ąžuolas", "Vyras"),
    ("Rita", "Ūsaitė", "Moteris"),
    ("Ėglė", "Įdaitė", "Moteris"),
    ("Yvona", "Ivanauskienė", "Moteris"),
    ("Cezaris", "Cibulskis", "Vyras"),
    ("Māris", "Krastiņš", "Vīrietis"),
    ("Ķēniņš", "Ļoļa", "Vīrietis"),
    ("Sandra", "Ozoliņa", "Sieviete"),
    ("Laima", "Lapiņa", "Sieviete"),
]


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def group_store(store: Store, tmp_path: Path) -> Store:
    """A group of eleven Lithuanian and Latvian names with two sessions."""
    rows = [
        row(
            date=DAY + dt.timedelta(days=7 * week),
            given_name=g,
            family_name=f,
            gender=s,
            group="Seiliūnų TAU",
            branch="Seiliūnų padalinys",
        )
        for week in range(2)
        for g, f, s in PEOPLE
    ]
    assert import_register(store, write_register(tmp_path / "g.csv", rows)).written
    return store


def complete_all(store: Store) -> Store:
    """Mark every enrolment completed ("Finish group"), so everyone gets a certificate."""
    with store.uow() as uow:
        uow.connection.execute(update(Enrolment).values(status="completed"))
        uow.commit()
    return store


def first_session(store: Store) -> str:
    with store.read() as conn:
        return str(
            conn.execute(select(TrainingSession.id).order_by(TrainingSession.date)).first()[0]
        )


def family_order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=text.index)


def test_sign_in_sheet_has_names_intact_in_lithuanian_order(
    group_store: Store, tmp_path: Path
) -> None:
    """pdftotext finds every name with its letters, in Lithuanian alphabetical order."""
    out = sign_in_sheet(group_store, first_session(group_store), tmp_path / "s.pdf", lang="lt")
    text = pdf_text(out)
    for given, family, _ in PEOPLE:
        assert given in text and family in text
    families = [f for _, f, _ in PEOPLE]
    assert family_order(text, families) == [
        "Ąžuolas",
        "Cibulskis",
        "Čiurlionienė",
        "Įdaitė",
        "Ivanauskienė",
        "Krastiņš",
        "Lapiņa",
        "Ļoļa",
        "Ozoliņa",
        "Ūsaitė",
        "Žemaitis",
    ]
    assert "Dalyvių registracijos lapas" in text and "Seiliūnų padalinys" in text
    assert "Asta Mickevičienė" in text and "Parašas" in text


def test_sign_in_sheet_latvian_order_and_walk_in_rows(group_store: Store, tmp_path: Path) -> None:
    """In Latvian, Ļ sorts after L; the numbered rows continue past the people for walk-ins."""
    out = sign_in_sheet(
        group_store, first_session(group_store)[-10:], tmp_path / "s.pdf", lang="lv", walk_ins=4
    )
    text = pdf_text(out)
    assert family_order(text, ["Lapiņa", "Ļoļa", "Ozoliņa"]) == ["Lapiņa", "Ļoļa", "Ozoliņa"]
    assert "Dalībnieku reģistrācijas lapa" in text and "Paraksts" in text
    numbers = [line.split()[0] for line in text.splitlines() if line.strip()[:2].isdigit()]
    assert "15" in numbers and "16" not in numbers


def test_certificates_one_page_per_enrolment_with_names_intact(
    group_store: Store, tmp_path: Path
) -> None:
    """Eleven enrolments give eleven certificate pages; each name and the hours are printed."""
    out = certificates(
        complete_all(group_store),
        "Seiliūnų TAU",
        tmp_path / "c.pdf",
        lang="lt",
        issued_on=dt.date(2025, 4, 1),
    )
    pages = pdf_text(out).split("\f")
    assert len([p for p in pages if p.strip()]) == len(PEOPLE)
    joined = "\n".join(pages)
    for given, family, _ in PEOPLE:
        assert f"{given} {family}" in joined
    assert "PAŽYMĖJIMAS" in joined and "Apimtis: 4 akad. val." in joined
    assert "Seiliūnų padalinys" in joined and "Išduota 2025 m. balandžio 1 d." in joined


def test_latvian_certificate_verb_agrees_with_gender(group_store: Store, tmp_path: Path) -> None:
    """Latvian certificates say "ir apguvusi" for women and "ir apguvis" for men."""
    out = certificates(complete_all(group_store), "seiliunu tau", tmp_path / "c.pdf", lang="lv")
    by_name = {
        name: page
        for page in pdf_text(out).split("\f")
        for name in ("Sandra Ozoliņa", "Māris Krastiņš")
        if name in page
    }
    assert "ir apguvusi" in by_name["Sandra Ozoliņa"]
    assert "ir apguvis " in by_name["Māris Krastiņš"]


def test_english_certificate_names_programme_and_dates(group_store: Store, tmp_path: Path) -> None:
    """The English certificate gives the programme, the two session dates and a signatory."""
    complete_all(group_store)
    text = pdf_text(certificates(group_store, "Seiliūnų TAU", tmp_path / "c.pdf", lang="en"))
    assert "CERTIFICATE" in text and "Skaitmeninės technologijos TAU" in text
    assert "14 March 2025 – 21 March 2025" in text
    assert "Training led by" in text and "For the library" in text


def test_only_completed_people_and_aliases(group_store: Store, tmp_path: Path) -> None:
    """Only completed enrolments get a certificate; a confirmed duplicate prints once."""
    with group_store.uow() as uow:
        conn = uow.connection
        ids = dict(conn.execute(select(Participant.family_name, Participant.id)).all())
        conn.execute(
            update(Enrolment)
            .where(Enrolment.participant_id.in_([ids["Ūsaitė"], ids["Lapiņa"]]))
            .values(status="completed")
        )
        conn.execute(
            insert(ParticipantAlias).values(
                id=new_id(),
                participant_id=ids["Lapiņa"],
                canonical_id=ids["Ūsaitė"],
                confirmed_on=dt.date(2025, 4, 1),
            )
        )
        uow.commit()
    text = pdf_text(certificates(group_store, "Seiliūnų TAU", tmp_path / "c.pdf", lang="lt"))
    assert "Rita Ūsaitė" in text and "Lapiņa" not in text and "Vitas" not in text
    assert "Apimtis: 8 akad. val." in text  # the duplicate's attendance counts for the person


def test_unknown_or_empty_references_are_readable_errors(store: Store, tmp_path: Path) -> None:
    """An unknown session or group, or a group with nobody enrolled, is a message, not a crash."""
    with pytest.raises(NotFoundError):
        sign_in_sheet(store, "nėra-tokio", tmp_path / "s.pdf", lang="lt")
    with pytest.raises(NotFoundError):
        certificates(store, "Nėra tokios grupės", tmp_path / "c.pdf", lang="lt")
    import_register(store, write_register(tmp_path / "o.csv", [row(group="")]))
    with pytest.raises(NotFoundError):
        certificates(store, "TAU 1", tmp_path / "c.pdf", lang="lt")
    assert not (tmp_path / "c.pdf").exists()
    assert issubclass(NotFoundError, LibtrainerError)


def test_people_still_training_get_no_certificate(group_store: Store, tmp_path: Path) -> None:
    """A group whose people are all still enrolled prints nothing and says to finish it."""
    with pytest.raises(LibtrainerError) as caught:
        certificates(group_store, "Seiliūnų TAU", tmp_path / "c.pdf", lang="lt")
    assert "Finish the group first" in caught.value.render()
    assert not (tmp_path / "c.pdf").exists()


def test_printables_embed_the_dejavu_font(group_store: Store, tmp_path: Path) -> None:
    """Both PDFs embed DejaVu Sans and reference no other font."""
    for out in (
        sign_in_sheet(group_store, first_session(group_store), tmp_path / "s.pdf", lang="lv"),
        certificates(complete_all(group_store), "Seiliūnų TAU", tmp_path / "c.pdf", lang="lv"),
    ):
        fonts = subprocess.run(
            ["pdffonts", str(out)], capture_output=True, text=True, check=True
        ).stdout
        listed = [line.split()[0] for line in fonts.splitlines()[2:]]
        assert listed and all("DejaVuSans" in name for name in listed)


class _DiskFills:
    """``open`` for ReportLab's file writing: the file is created, 4 KiB go in, then the disk
    is full (ENOSPC), as on a nearly full USB stick."""

    def __call__(self, name: str, mode: str = "r") -> object:
        real = open(name, mode)  # noqa: SIM115 - closed by the failing write below

        class Filling:
            def write(self, data: bytes) -> int:
                real.write(data[:4096])
                real.close()
                raise OSError(errno.ENOSPC, "No space left on device")

            def close(self) -> None:
                real.close()

        return Filling()


@pytest.mark.parametrize("kind", ["sign-in", "certificates"])
def test_a_full_disk_keeps_the_earlier_file_and_leaves_no_partial_pdf(
    group_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A printable that cannot be written whole leaves the earlier file of that name as it
    was and no truncated or temporary PDF in the folder."""
    from reportlab.pdfbase import pdfdoc

    folder = tmp_path / "out"
    folder.mkdir()
    earlier = sign_in_sheet(group_store, first_session(group_store), folder / "doc.pdf", lang="lt")
    before = earlier.read_bytes()
    monkeypatch.setattr(pdfdoc, "open", _DiskFills(), raising=False)
    with pytest.raises(OSError, match="No space"):
        if kind == "sign-in":
            sign_in_sheet(group_store, first_session(group_store), folder / "doc.pdf", lang="lt")
        else:
            certificates(complete_all(group_store), "Seiliūnų TAU", folder / "doc.pdf", lang="lt")
    with pytest.raises(OSError, match="No space"):
        sign_in_sheet(group_store, first_session(group_store), folder / "new.pdf", lang="lt")
    assert earlier.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["doc.pdf"]
