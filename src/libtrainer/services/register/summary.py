"""An import's outcome in words (the user's language): for the CLI, the GUI and the log-free
record a person keeps. Also a plain dict for ``--json``."""

from __future__ import annotations

from typing import Any

from libtrainer.domain.errors import N_
from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date, format_number
from libtrainer.services.register.apply import ImportResult
from libtrainer.services.register.bounds import BLANK_RUN
from libtrainer.services.register.dates import DateNote
from libtrainer.services.register.plan import Plan
from libtrainer.services.register.read import RowRef, quoted, row_json

CREATED_LABELS = {
    "regions": N_("New regions"),
    "libraries": N_("New libraries"),
    "branches": N_("New branches"),
    "lecturers": N_("New lecturers"),
    "programmes": N_("New programmes"),
    "groups": N_("New groups"),
}
#: A new place whose name is close to known ones, by column
SIMILAR = {
    "region": N_("New region “{name}” has a name close to {close}: check that it is not a typo."),
    "library": N_("New library “{name}” has a name close to {close}: check that it is not a typo."),
    "branch": N_("New branch “{name}” has a name close to {close}: check that it is not a typo."),
    "programme": N_(
        "New programme “{name}” has a name close to {close}: check that it is not a typo."
    ),
}
NOT_RESTORED_LABELS = {
    "people": N_("people erased from the records"),
    "groups": N_("groups"),
    "sessions": N_("sessions"),
    "attendance": N_("attendance records"),
    "enrolments": N_("enrolments"),
    "target_groups": N_("target groups"),
}


def read_lines(result: ImportResult) -> list[str]:
    """How many rows were read from which file, and the columns that were not recognised."""
    n = result.rows_read
    lines = [
        ngettext("{count} row read from {path}.", "{count} rows read from {path}.", n).format(
            count=format_number(n), path=result.path.name
        )
    ]
    lines += sheet_lines(result)
    if result.unknown_headers:
        lines.append(
            _("Columns not recognised (ignored): {columns}").format(
                columns=", ".join(quoted(h) for h in result.unknown_headers)
            )
        )
    if result.hidden_columns:
        lines.append(
            _(
                "Hidden columns were not read: {columns}. Show a column and import the file "
                "again if it belongs to the register."
            ).format(columns=", ".join(quoted(h) for h in result.hidden_columns))
        )
    if result.hidden_rows:
        lines.append(
            ngettext(
                "{count} hidden row was not imported (hidden in Excel, by hand or by a "
                "filter). Show it and import the file again if it belongs to the register.",
                "{count} hidden rows were not imported (hidden in Excel, by hand or by a "
                "filter). Show them and import the file again if they belong to the register.",
                result.hidden_rows,
            ).format(count=format_number(result.hidden_rows))
        )
    if result.merged:
        lines.append(
            _(
                "Merged cells were read as Excel shows them, with their value in each row "
                "they cover: {cells}."
            ).format(
                cells="; ".join(
                    _("{column}, rows {first}–{last}").format(
                        column=quoted(m.column), first=m.first, last=_row_only(m.last)
                    )
                    for m in result.merged
                )
            )
        )
    lines += stopped_lines(result)
    return lines + [date_line(note) for note in result.date_notes]


def stopped_lines(result: ImportResult) -> list[str]:
    """Where reading stopped at a long run of empty rows: one line for each sheet, naming it
    in a workbook of several register sheets."""
    stopped = result.table.stopped if result.table is not None else []
    count = format_number(BLANK_RUN)
    return [
        _(
            "Reading of the sheet {sheet} stopped after row {row}: {count} empty rows follow "
            "it. Rows below them, if there are any, were not read."
        ).format(sheet=quoted(row.sheet), row=format_number(row.row), count=count)
        if isinstance(row, RowRef)
        else _(
            "Reading stopped after row {row}: {count} empty rows follow it. Rows below "
            "them, if there are any, were not read."
        ).format(row=format_number(row), count=count)
        for row in stopped
    ]


def _row_only(number: int) -> int:
    """The last row of a range on one sheet: its number alone ("Vasaris!2–4")."""
    return number.row if isinstance(number, RowRef) else number


SKIPPED = {
    "hidden": N_("hidden"),
    "no_header": N_("no header row"),
    "not_register": N_("columns of the register missing"),
}


def sheet_lines(result: ImportResult) -> list[str]:
    """Which sheets of a workbook were read (rows from each) and which were skipped, why."""
    read = [s for s in result.sheets if not s.skipped]
    skipped = [s for s in result.sheets if s.skipped]
    lines = []
    if read:
        lines.append(
            _("Sheets read: {sheets}.").format(
                sheets=", ".join(
                    ngettext("{sheet} ({count} row)", "{sheet} ({count} rows)", s.rows).format(
                        sheet=quoted(s.name), count=format_number(s.rows)
                    )
                    for s in read
                )
            )
        )
    if skipped:
        lines.append(
            _("Sheets not read: {sheets}.").format(
                sheets=", ".join(f"{quoted(s.name)} ({_(SKIPPED[s.skipped])})" for s in skipped)
            )
        )
    return lines


def date_line(note: DateNote) -> str:
    """How dates such as 6/7/2025 were read, and why, so the person can check it."""
    if note.proof_row is None:
        msgid = N_(
            "Dates such as {value} (row {row}) were read as day/month/year ({value} is "
            "{date}). Check that this is what the file means."
        )
    elif note.month_first:
        msgid = N_(
            "Dates such as {value} (row {row}) were read as month/day/year ({value} is "
            "{date}), as {proof} in row {proof_row} shows."
        )
    else:
        msgid = N_(
            "Dates such as {value} (row {row}) were read as day/month/year ({value} is "
            "{date}), as {proof} in row {proof_row} shows."
        )
    return _(msgid).format(
        value=note.value,
        row=note.row,
        date=format_date(note.read_as, "long"),
        proof=note.proof_value,
        proof_row=note.proof_row,
    )


def describe(result: ImportResult) -> list[str]:
    """Lines that say what was read, what is wrong, and what was (or would be) added."""
    lines = read_lines(result)
    if result.errors:
        bad = len(result.bad_rows)
        if result.written or (result.skip_bad and result.dry_run):
            lines.append(
                ngettext(
                    "{count} row has mistakes and was left out:",
                    "{count} rows have mistakes and were left out:",
                    bad,
                ).format(count=format_number(bad))
            )
        else:
            lines.append(
                ngettext(
                    "{count} row has mistakes, so nothing was imported. Fix it and import the "
                    "file again (or use --skip-bad to import the other rows):",
                    "{count} rows have mistakes, so nothing was imported. Fix them and import the "
                    "file again (or use --skip-bad to import the other rows):",
                    bad,
                ).format(count=format_number(bad))
            )
        lines += [
            _("  Row {row}, “{column}”: {reason}").format(
                row=e.row, column=e.label, reason=e.reason
            )
            for e in result.errors
        ]
        if result.bad_rows_file:
            lines.append(
                _("The rows left out were saved to {path}.").format(path=result.bad_rows_file)
            )
    if result.written or (result.dry_run and (result.skip_bad or not result.errors)):
        lines += _added(result)
    return lines


def _added(result: ImportResult) -> list[str]:
    plan = result.plan
    lines = [
        _("Dry run: nothing was imported. The import would add:")
        if result.dry_run
        else _("Imported:")
    ]
    lines.append(
        _("  Attendance records written: {count} (already in the store: {same})").format(
            count=format_number(plan.attendance_written),
            same=format_number(plan.attendance_unchanged),
        )
    )
    lines.append(
        _("  New participants: {count}").format(count=format_number(plan.participants_created))
    )
    lines.append(_("  New sessions: {count}").format(count=format_number(plan.sessions_created)))
    for kind, label in CREATED_LABELS.items():
        names = plan.created[kind]
        if names:
            lines.append(f"  {_(label)} ({format_number(len(names))}): {', '.join(names)}")
    lines += [f"  {line}" for line in group_date_lines(plan)]
    gone = deleted_counts(plan)
    if gone and plan.restore_deleted:
        lines.append(
            _("  Brought back, as asked (deleted in the records earlier): {counts}").format(
                counts=gone
            )
        )
    elif gone:
        lines.append(
            _(
                "  Deleted in the records earlier, so not brought back ({counts}). If they "
                "were deleted by mistake, import the file again with --bring-back-deleted."
            ).format(counts=gone)
        )
    lines += [f"  {line}" for line in notice_lines(plan)]
    if not plan.restore_deleted:
        lines += [f"  {line}" for line in erased_lines(plan)]
    if plan.marks_kept:
        lines.append(
            ngettext(
                "  {count} attendance mark was changed in the app after this file was saved; "
                "the app's mark was kept.",
                "  {count} attendance marks were changed in the app after this file was saved; "
                "the app's marks were kept.",
                plan.marks_kept,
            ).format(count=format_number(plan.marks_kept))
        )
    return lines


def notice_lines(plan: Plan) -> list[str]:
    """What the import decided that a person should check: rows without a code taken as a
    person with a code, rows that could be several people, new places close to known ones."""
    lines = [
        ngettext(
            "Row {rows} without a code is taken as {name}, code {code}, who has the same name "
            "and birth year.",
            "Rows {rows} without a code are taken as {name}, code {code}, who has the same "
            "name and birth year.",
            len(taken.rows),
        ).format(rows=_rows(taken.rows), name=taken.name, code=taken.code)
        for taken in plan.taken_as
    ]
    lines += [
        ngettext(
            "Row {rows} without a code is entered as a person of its own: several people with "
            "the same name and birth year have a code ({codes}). Give the row the right code.",
            "Rows {rows} without a code are entered as a person of their own: several people "
            "with the same name and birth year have a code ({codes}). Give the rows the right "
            "code.",
            len(left.rows),
        ).format(rows=_rows(left.rows), codes=", ".join(left.codes))
        for left in plan.not_taken
    ]
    lines += [
        _(SIMILAR[similar.column]).format(name=similar.name, close=", ".join(similar.close))
        for similar in plan.similar
    ]
    return lines


def group_date_lines(plan: Plan) -> list[str]:
    """One line per stored group whose start or end the file's sessions moved (no full stop
    after the date: a date such as "2026. gada 18. aug." ends in one)."""
    lines = []
    for group in plan.group_dates:
        if group.start and group.end:
            text = _("Group “{name}” now runs from {start} to {end}")
        elif group.end:
            text = _("Group “{name}” now ends on {end}")
        else:
            text = _("Group “{name}” now starts on {start}")
        lines.append(
            text.format(
                name=group.name,
                start=format_date(group.start) if group.start else "",
                end=format_date(group.end) if group.end else "",
            )
        )
    return lines


def _rows(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def erased_lines(plan: Plan) -> list[str]:
    """One line per person erased from the records whose rows were left out ("Rows 12, 14:
    this person was erased from the records on …")."""
    return [
        ngettext(
            "Row {rows}: this person was erased from the records on {date}; the row is not "
            "imported.",
            "Rows {rows}: this person was erased from the records on {date}; the rows are not "
            "imported.",
            len(left.rows),
        ).format(rows=", ".join(str(n) for n in left.rows), date=format_date(left.on))
        for left in plan.erased_rows
    ]


def deleted_counts(plan: Plan) -> str:
    """The deleted records the file holds again, as "sessions: 1, attendance records: 3"
    ("" when none)."""
    return ", ".join(
        f"{_(label)}: {format_number(plan.not_restored[kind])}"
        for kind, label in NOT_RESTORED_LABELS.items()
        if plan.not_restored[kind]
    )


def to_json(result: ImportResult) -> dict[str, Any]:
    """The outcome as plain data (for scripts)."""
    plan = result.plan
    return {
        "file": str(result.path),
        "rows_read": result.rows_read,
        "written": result.written,
        "dry_run": result.dry_run,
        "bad_rows": [row_json(n) for n in result.bad_rows],
        "errors": [
            {"row": row_json(e.row), "column": e.column, "label": e.label, "reason": e.reason}
            for e in result.errors
        ],
        "attendance_written": plan.attendance_written,
        "attendance_unchanged": plan.attendance_unchanged,
        "participants_created": plan.participants_created,
        "sessions_created": plan.sessions_created,
        "created": plan.created,
        "not_restored": plan.not_restored,
        "restore_deleted": plan.restore_deleted,
        "marks_kept": plan.marks_kept,
        "erased_rows": [
            {"rows": _json_rows(left.rows), "erased_on": left.on.isoformat()}
            for left in plan.erased_rows
        ],
        "taken_as": [
            {"rows": _json_rows(t.rows), "name": t.name, "code": t.code} for t in plan.taken_as
        ],
        "not_taken": [
            {"rows": _json_rows(n.rows), "name": n.name, "codes": n.codes} for n in plan.not_taken
        ],
        "group_dates": [
            {
                "name": g.name,
                "start_date": g.start.isoformat() if g.start else None,
                "end_date": g.end.isoformat() if g.end else None,
            }
            for g in plan.group_dates
        ],
        "similar_places": [
            {"column": s.column, "name": s.name, "close": s.close} for s in plan.similar
        ],
        "bad_rows_file": str(result.bad_rows_file) if result.bad_rows_file else None,
        "sheets": [{"name": s.name, "rows": s.rows, "skipped": s.skipped} for s in result.sheets],
        "hidden_rows": result.hidden_rows,
        "hidden_columns": result.hidden_columns,
        "stopped_after": [
            row_json(n) for n in (result.table.stopped if result.table is not None else [])
        ],
        "merged": [
            {"column": m.column, "first_row": row_json(m.first), "last_row": row_json(m.last)}
            for m in result.merged
        ],
        "dates_read": [
            {
                "row": row_json(d.row),
                "value": d.value,
                "read_as": d.read_as.isoformat(),
                "order": "month/day/year" if d.month_first else "day/month/year",
                "proved_by_row": None if d.proof_row is None else row_json(d.proof_row),
            }
            for d in result.date_notes
        ],
    }


def _json_rows(numbers: list[int]) -> list[int | str]:
    return [row_json(n) for n in numbers]
