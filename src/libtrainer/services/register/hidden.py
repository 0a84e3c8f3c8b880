"""Hidden columns of a register sheet (decision 0408).

A librarian hides a column that is not to be used: old data, a helper formula. So a hidden
column is never read as a register column, and the summary names it. But a hidden column
that the import would need — a required column not shown anywhere else, or one holding data
for a register column the sheet does not show (attendance marks, birth years) — stops the
import, naming it: reading the sheet without it would change the figures without a word, and
reading it would import what the person chose not to see. They show it or delete it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.services.register.columns import BY_KEY, COLUMNS, guess_column
from libtrainer.services.register.read import RawTable, blank, quoted

HIDDEN = N_(
    "{path}: the columns {columns} are hidden, but the register needs them. Show them (in "
    "Excel: select the columns on both sides, right-click and choose Unhide) or, if they are "
    "not to be imported, delete them, and import the file again; nothing was imported."
)


def check_header(
    path: Path, headers: Sequence[str], keys: Sequence[str | None], hidden: Mapping[int, str | None]
) -> None:
    """Refuse a header whose required column (Date, Programme, …) is found only among the
    hidden columns ``hidden`` (position → the column it names, if any)."""
    shown = {k for i, k in enumerate(keys) if k and i not in hidden}
    needed = {
        key
        for column in COLUMNS
        if column.required and column.key not in shown and column.instead not in shown
        for key in (column.key, column.instead)
        if key
    }
    named = [headers[i] for i, key in sorted(hidden.items()) if key in needed]
    if named:
        raise LibtrainerError(HIDDEN, path=str(path), columns=", ".join(map(quoted, named)))


def check_data(table: RawTable) -> None:
    """Refuse a sheet whose hidden column holds data for a register column the sheet does not
    show: it names that column ("Dalyvavo"), or looks like it ("Gim. metai")."""
    from libtrainer.i18n import _  # noqa: PLC0415 - the user's language, when refused

    shown = {k for k in table.keys if k}
    missing = {c.key for c in COLUMNS} - shown
    named: list[str] = []
    for i, key in sorted(table.hidden.items()):
        header = table.headers[i]
        if not any(i < len(r.cells) and not blank(r.cells[i]) for r in table.rows):
            continue
        guess = key if key in missing else None
        if key is None and header:
            guess = guess_column(header, missing)
        if guess is None:
            continue
        if guess == key:
            named.append(quoted(header))
        else:
            named.append(
                _("{header} (probably {column})").format(
                    header=quoted(header), column=quoted(_(BY_KEY[guess].label))
                )
            )
    if named:
        raise LibtrainerError(HIDDEN, path=str(table.path), columns=", ".join(named))
