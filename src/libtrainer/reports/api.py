"""What the CLI and the GUI call: the report kinds, running one, exporting it.

    kinds = report_kinds()                      # key, title, breakdowns allowed / default
    report = run_report(store, "summary", filters, by=("branch", "month"),
                        progress=cb, cancelled=flag)
    report.sections[0].labels, report.sections[0].table()   # a preview table
    export_report(report, "xlsx", path)

Thread rules: ``run_report`` only reads; it may run on a worker thread (it opens its own
connection from the store's pool) and polls ``cancelled`` between queries, raising
``ReportCancelled``. Exporting touches no store. Labels come out in the language in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, inspect, select

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.i18n import _, get_language, ngettext
from libtrainer.reports import consultations, esf, impact, labels, sessions_report, summary
from libtrainer.reports.aggregate import Progress, ReportCancelled, Run
from libtrainer.reports.dimensions import ACTIVITY, GEO
from libtrainer.reports.filters import ReportFilters, audience_text
from libtrainer.reports.model import Report, Section
from libtrainer.reports.periods import UNITS
from libtrainer.reports.sources import sources
from libtrainer.store.store import Store

__all__ = [
    "FORMATS",
    "ReportCancelled",
    "ReportKind",
    "export_report",
    "report_kinds",
    "run_report",
]

FORMATS = ("json", "csv", "xlsx", "pdf")

#: What each figure means, printed with the report (docs/decisions/0350).
NOTES = {
    "summary": N_(
        "Unique participants are people with at least one attendance marked present in the "
        "period and scope; a person with two confirmed records counts once, in every total."
    ),
    "esf": N_(
        "Each participant counts once. Age is taken at entry: the year of the first attendance "
        "in the period minus the birth year."
    ),
}
#: Reports whose title names the audience counted (the ESF+ totals are read as residents).
AUDIENCE_IN_TITLE = frozenset({"esf"})
#: under a report with a table whose rounded hours rows do not add up to its rounded total
ROUNDING_NOTE = N_(
    "Figures are rounded to 2 decimals; rows may not add up to the total exactly "
    "(tables: {tables})."
)
FILTER_NOTES = {
    "summary": N_(
        "Consultations and e-scout visits belong to no programme; they are left out when "
        "programmes or an audience are chosen."
    ),
    "consultations": N_("Programme and audience filters do not apply to consultations."),
}


@dataclass(frozen=True)
class ReportKind:
    """A kind of report as a chooser shows it."""

    key: str
    title_msgid: str
    allowed_by: tuple[str, ...]
    default_by: tuple[str, ...]
    build: Callable[[Run, ReportFilters, tuple[str, ...]], list[Section]]
    steps: Callable[[tuple[str, ...]], int]

    @property
    def title(self) -> str:
        return _(self.title_msgid)


KINDS: dict[str, ReportKind] = {
    k.key: k
    for k in (
        ReportKind(
            "summary",
            N_("Training summary"),
            summary.ALLOWED_BY,
            summary.DEFAULT_BY,
            summary.build,
            summary.steps,
        ),
        ReportKind("esf", N_("ESF+ participant indicators"), ACTIVITY, (), esf.build, esf.steps),
        ReportKind(
            "sessions",
            N_("Sessions by region and period"),
            (*GEO, "programme", *UNITS),
            sessions_report.DEFAULT_BY,
            sessions_report.build,
            sessions_report.steps,
        ),
        ReportKind(
            "consultations",
            N_("Consultations"),
            (*GEO, *UNITS),
            consultations.DEFAULT_BY,
            consultations.build,
            consultations.steps,
        ),
        ReportKind(
            "impact",
            N_("Impact: self-assessment before and after"),
            (*GEO, "programme"),
            impact.DEFAULT_BY,
            impact.build,
            impact.steps,
        ),
    )
}


def report_kinds() -> list[ReportKind]:
    return list(KINDS.values())


def check_by(kind: ReportKind, by: Sequence[str] | None) -> tuple[str, ...]:
    """The breakdowns to run: the kind's defaults, or those asked for if the kind allows them."""
    if not by:
        return kind.default_by
    wrong = [b for b in by if b not in kind.allowed_by]
    if wrong:
        raise ValidationError(
            "by",
            N_("The report “{report}” cannot be broken down by “{by}”. Choose from: {allowed}."),
            report=kind.title,
            by=wrong[0],
            allowed=allowed_text(kind.allowed_by),
        )
    return tuple(dict.fromkeys(by))


def allowed_text(keys: Sequence[str]) -> str:
    """The breakdowns a person may choose, in their language with the code to type:
    "Reģions (region), Bibliotēka (library)…"."""
    return ", ".join(f"{labels.dimension(k)} ({k})" if k in labels.DIMENSIONS else k for k in keys)


def run_report(
    source: Store | Connection,
    kind: str,
    filters: ReportFilters,
    *,
    by: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Report:
    """Run the report ``kind`` over a store (or an open connection, e.g. PostgreSQL)."""
    if kind not in KINDS:
        raise ValidationError("report", N_("There is no report called “{kind}”."), kind=kind)
    spec = KINDS[kind]
    if filters.new_entrants and kind != "esf":
        raise ValidationError(
            "new_entrants",
            N_("Only the ESF+ report can count new entrants alone (--new-entrants)."),
        )
    chosen = check_by(spec, by)
    if isinstance(source, Store):
        with source.read() as conn:
            return _run(conn, spec, filters, chosen, progress, cancelled)
    return _run(source, spec, filters, chosen, progress, cancelled)


def _run(
    conn: Connection,
    spec: ReportKind,
    filters: ReportFilters,
    by: tuple[str, ...],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> Report:
    run = Run(conn, spec.steps(by), 0, progress, cancelled, filters)
    sections = spec.build(run, filters, by)
    notes = [_(NOTES[spec.key])] if spec.key in NOTES else []
    if filters.activity_filtered and spec.key in FILTER_NOTES:
        notes.append(_(FILTER_NOTES[spec.key]))
    clashes = code_clashes(conn, filters)
    if clashes and spec.key != "consultations":
        notes.append(
            ngettext(
                "{n} participant code of people in this report was noted as given to two "
                "people and is not settled yet: if they are different people, both count as "
                "one resident, with one person's details (Duplicates, tab “One code, "
                "different people?”).",
                "{n} participant codes of people in this report were noted as given to two "
                "people and are not settled yet: if they are different people, both count as "
                "one resident, with one person's details (Duplicates, tab “One code, "
                "different people?”).",
                clashes,
            ).format(n=clashes)
        )
    rounded = [section.title for section in sections if section.rows_miss_total()]
    if rounded:
        # each figure rounded on its own, as statistics offices do; never a row adjusted
        notes.append(_(ROUNDING_NOTE).format(tables=", ".join(rounded)))
    title = spec.title
    if spec.key in AUDIENCE_IN_TITLE:
        # who "Total participants" are, in the heading every format prints
        title = f"{title} — {audience_text(filters.audience)}"
    report = Report(
        kind=spec.key,
        title=title,
        language=get_language(),
        filters=filters.codes(),
        filter_lines=filters.lines(),
        generated_at=dt.datetime.now().astimezone(),
        sources=sources(conn, filters),
        sections=sections,
        notes=notes,
    )
    run.finish()
    return report


def code_clashes(conn: Connection, filters: ReportFilters) -> int:
    """How many participant codes noted as given to two people (decision 0400), not dismissed,
    belong to someone present at a session of the report: the figures count each as one."""
    from libtrainer.reports.facts import sessions_in_scope  # noqa: PLC0415
    from libtrainer.store import codeclash  # noqa: PLC0415
    from libtrainer.store.models import Attendance  # noqa: PLC0415

    if not inspect(conn).has_table(codeclash.CodeClash.__tablename__):
        return 0
    statuses = codeclash.statuses(conn).items()
    noted = {pid for (pid, _device), status in statuses if status != "dismissed"}
    if not noted:
        return 0
    scoped = sessions_in_scope(filters).subquery("clash_sessions")
    a = Attendance
    present = conn.execute(
        select(a.participant_id)
        .join(scoped, scoped.c.sid == a.session_id)
        .where(a.mark == "present", a.participant_id.in_(noted))
        .distinct()
    ).scalars()
    return len(set(present))


def export_report(report: Report, fmt: str, path: Path, *, csv_separator: str = "auto") -> Path:
    """Write ``report`` as json, csv, xlsx or pdf to ``path``; returns the path.
    ``csv_separator`` (CSV only): "auto" (this computer's list separator and decimal symbol;
    when not known, by the report's language: ";" and a decimal comma for lt and lv, "," and a
    decimal point for en), "comma" or "semicolon"."""
    if fmt == "json":
        from libtrainer.reports.csvjson import write_json as writer
    elif fmt == "csv":
        from libtrainer.reports.csvjson import write_csv

        write_csv(report, path, csv_separator)
        return path
    elif fmt == "xlsx":
        from libtrainer.reports.xlsx import write_xlsx as writer
    elif fmt == "pdf":
        from libtrainer.reports.pdf import write_pdf as writer
    else:
        raise ValidationError(
            "format", N_("The format must be one of: {formats}."), formats=", ".join(FORMATS)
        )
    writer(report, path)
    return path
