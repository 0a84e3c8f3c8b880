"""Layout of a resident's copy of their data (A4 portrait), in the reader's language.

Top: what the document is, whose data, when it was made, who keeps the data and who else
receives it, and the computers that recorded it. Then, for each record of the person (the one
asked about first; more when a coordinator confirmed several records are one person): their
details, groups, sessions, consultations, the decisions about the record and what waits for
another record. Codes are shown as labels, dates in the language's format; every page's footer
says what the document is and "page N of M". The font is the shipped DejaVu family, so every
Lithuanian and Latvian letter prints.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as TS

from libtrainer.domain.errors import N_
from libtrainer.i18n import labels as L
from libtrainer.reports.printables_style import (
    ACCENT,
    RULE,
    Styles,
    Words,
    esc,
    numbered_canvas,
    styles,
)
from libtrainer.reports.subject_copy_text import (
    computers_text,
    detail_rows,
    link_text,
    receivers_text,
    waiting_text,
)
from libtrainer.services.subject_access_rows import RecordCopy, SubjectAccess

MARGIN = 15 * mm
TITLE = N_("Copy of personal data")


def render(copy: SubjectAccess, out: Path, *, lang: str) -> Path:
    """Write the PDF of ``copy`` to ``out`` (the caller writes to a temporary name)."""
    w = Words(lang)
    st = styles()
    st["h2"] = ParagraphStyle(
        "h2",
        parent=st["title"],
        fontSize=12.5,
        leading=16,
        spaceBefore=9,
        spaceAfter=3,
        keepWithNext=1,
    )
    st["h3"] = ParagraphStyle("h3", parent=st["h2"], fontSize=11, leading=14, spaceBefore=6)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=w(TITLE),
        author="libtrainer",
        subject=copy.name,
        initialFontName=st["base"].fontName,
    )
    story = [
        Paragraph(esc(w(TITLE)), st["title"]),
        _facts(copy, w, st, doc.width),
        Spacer(1, 3 * mm),
        Paragraph(esc(_intro(copy, w)), st["base"]),
    ]
    count = len(copy.records)
    for number, record in enumerate(copy.records, start=1):
        story += _record(record, number, count, copy, w, st, doc.width)

    def page(number: int, pages: int) -> str:
        return w(N_("page {page} of {pages}")).format(page=number, pages=pages)

    parts = (w(TITLE), copy.name, w.date(copy.made_at.date(), "medium"))
    doc.build(story, canvasmaker=numbered_canvas(parts, page, margin=MARGIN))
    return out


def _intro(copy: SubjectAccess, w: Words) -> str:
    text = w(
        N_(
            "Everything the training records on this computer hold about the person (the "
            "right of access, GDPR Article 15). The same data can also be given as a file "
            "for other programs (JSON, Article 20)."
        )
    )
    if len(copy.records) > 1:
        text += " " + w(
            N_("A coordinator confirmed that {count} records are this person: each is shown below.")
        ).format(count=len(copy.records))
    return text


def _facts(copy: SubjectAccess, w: Words, st: Styles, width: float) -> Table:
    k = copy.keeper
    kept = ", ".join(p for p in (k.library, k.branch) if p) or "—"
    made = f"{w.date(copy.made_at.date(), 'long')}, {copy.made_at.strftime('%H:%M')}"
    pairs = [
        (N_("Person"), copy.name),
        (N_("Made on"), made),
        (N_("Kept by"), kept),
        (N_("Region"), k.region or "—"),
        (N_("Who else receives it"), receivers_text(k, w)),
        (N_("Recorded on"), computers_text(copy.computers, w)),
    ]
    return _pairs(pairs, w, st, width, translate_values=False)


def _pairs(
    pairs: list[tuple[str, str]],
    w: Words,
    st: Styles,
    width: float,
    *,
    translate_values: bool,
) -> Table:
    rows = [
        [
            Paragraph(esc(w(key)), st["label"]),
            Paragraph(esc(w(value) if translate_values else value), st["value"]),
        ]
        for key, value in pairs
    ]
    table = Table(rows, colWidths=[48 * mm, width - 48 * mm], hAlign="LEFT")
    table.setStyle(
        TS(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _record(
    record: RecordCopy,
    number: int,
    count: int,
    copy: SubjectAccess,
    w: Words,
    st: Styles,
    width: float,
) -> list[Flowable]:
    flow: list[Flowable] = []
    if count > 1:
        head = w(N_("Record {number} of {count}")).format(number=number, count=count)
        flow.append(Paragraph(esc(f"{head} [{record.id[-8:]}]"), st["h2"]))
    flow.append(Paragraph(esc(w(N_("Personal details"))), st["h3" if count > 1 else "h2"]))
    flow.append(_pairs(detail_rows(record, w), w, st, width, translate_values=False))
    sections = (
        (N_("Groups"), _groups(record, w, st, width)),
        (N_("Sessions"), _sessions(record, w, st, width)),
        (N_("Consultations"), _consultations(record, w, st, width)),
    )
    for title, body in sections:
        flow.append(Paragraph(esc(w(title)), st["h3" if count > 1 else "h2"]))
        flow.append(body if body is not None else Paragraph(esc(w(N_("None."))), st["base"]))
    notes = [link_text(link, w) for link in record.links] + waiting_text(record, w)
    if notes:
        flow.append(Paragraph(esc(w(N_("Decisions and other notes about the record"))), st["h3"]))
        flow += [Paragraph(esc(f"• {note}"), st["base"]) for note in notes]
    return flow


def _table(head: list[str], rows: list[list[str]], widths: list[float], st: Styles) -> Table:
    cells = [[Paragraph(esc(text), st["head"]) for text in head]]
    cells += [[Paragraph(esc(text), st["cell"]) for text in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TS(
            [
                ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _split(width: float, *shares: float) -> list[float]:
    return [width * s / sum(shares) for s in shares]


def _groups(record: RecordCopy, w: Words, st: Styles, width: float) -> Table | None:
    if not record.groups:
        return None
    rows = []
    for m in record.groups:
        status = w(L.ENROLMENT.get(m.status, m.status))
        if m.certificate_issued:
            status += "; " + w(N_("certificate issued"))
        for a in m.assessments:
            phase = w(PHASES.get(a.phase, a.phase))
            status += "; " + w(N_("self-assessment {phase}: {score}")).format(
                phase=phase, score=a.score
            )
        dates = " – ".join(w.date(d, "short") or "…" for d in (m.start_date, m.end_date))
        programme = m.programme.title(w.lang) if m.programme else "—"
        rows.append([m.group.name, programme, m.branch.name, dates, status])
    head = [w(t) for t in (N_("Group"), N_("Programme"), N_("Branch"), N_("Dates"), N_("Status"))]
    return _table(head, rows, _split(width, 3, 3.4, 2.6, 2.4, 2.6), st)


PHASES = {"pre": N_("before the course"), "post": N_("after the course")}


def _sessions(record: RecordCopy, w: Words, st: Styles, width: float) -> Table | None:
    if not record.sessions:
        return None
    rows = []
    for s in record.sessions:
        day = w.date(s.date, "short") + (f" {w.time(s.start_time)}" if s.start_time else "")
        what = s.group.name if s.group else (s.topic or "")
        if s.programme and not s.group:
            what = ", ".join(p for p in (what, s.programme.title(w.lang)) if p)
        mark = w(L.MARKS.get(s.mark, s.mark))
        rows.append([day, what or "—", s.branch.name, w.hours(s.hours), mark])
    head = [
        w(t)
        for t in (
            N_("Date"),
            N_("Group or topic"),
            N_("Branch"),
            N_("Academic hours"),
            N_("Attendance"),
        )
    ]
    return _table(head, rows, _split(width, 2.0, 3.8, 2.6, 2.3, 2.4), st)


def _consultations(record: RecordCopy, w: Words, st: Styles, width: float) -> Table | None:
    if not record.consultations:
        return None
    rows = []
    for c in record.consultations:
        topics = ", ".join(w(L.TOPICS.get(t, t)) for t in c.topics) or "—"
        how = [w(L.CHANNELS.get(c.channel, c.channel)), w(L.OUTCOMES.get(c.outcome, c.outcome))]
        if c.helped_by:
            how.append(w(HELPERS.get(c.helped_by, c.helped_by)))
        if c.referred_to_escout:
            how.append(w(N_("referred to an e-scout")))
        rows.append(
            [w.date(c.date, "short"), c.branch.name, f"{topics} ({'; '.join(how)})", str(c.minutes)]
            + [c.notes or "—"]
        )
    head = [w(t) for t in (N_("Date"), N_("Branch"), N_("Topics"), N_("Minutes"), N_("Notes"))]
    return _table(head, rows, _split(width, 2.1, 2.6, 4.0, 1.9, 4.2), st)


HELPERS: dict[str, str] = {
    "staff": N_("helped by library staff"),
    "escout": N_("helped by an e-scout"),
}
