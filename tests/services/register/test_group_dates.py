"""A register imported again with later (or earlier) sessions moves its group's dates
(decision 0102: no session after the group's end); a finished group is not reopened by a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from libtrainer.i18n import set_language
from libtrainer.services import groups
from libtrainer.services.register import import_register
from libtrainer.services.register.summary import describe, to_json
from libtrainer.store.models import TrainingGroup
from libtrainer.store.store import Store

from .support import DAY, row, write_register

LATER = DAY + dt.timedelta(days=7)
EARLIER = DAY - dt.timedelta(days=7)


def _group_id(store: Store) -> str:
    with store.read() as conn:
        return str(conn.execute(select(TrainingGroup.id)).scalar_one())


def _dates(store: Store) -> tuple[dt.date | None, dt.date | None, bool]:
    with store.read() as conn:
        g = conn.execute(
            select(TrainingGroup.start_date, TrainingGroup.end_date, TrainingGroup.finished)
        ).one()
        return g.start_date, g.end_date, bool(g.finished)


def test_next_months_register_moves_the_groups_end(store: Store, tmp_path: Path) -> None:
    """A later session from the next file moves the group's end to it, said in the summary."""
    set_language("en")
    import_register(store, write_register(tmp_path / "a.xlsx", [row(date=DAY)]))
    assert _dates(store) == (DAY, DAY, False)
    result = import_register(store, write_register(tmp_path / "b.xlsx", [row(date=LATER)]))
    assert result.written
    assert _dates(store) == (DAY, LATER, False)
    text = "\n".join(describe(result))
    assert "Group “TAU 1” now ends on" in text
    assert to_json(result)["group_dates"] == [
        {"name": "TAU 1", "start_date": None, "end_date": LATER.isoformat()}
    ]


def test_an_earlier_session_moves_the_groups_start(store: Store, tmp_path: Path) -> None:
    """A session before the group's start moves the start; the end stays."""
    set_language("en")
    import_register(store, write_register(tmp_path / "a.xlsx", [row(date=DAY)]))
    result = import_register(store, write_register(tmp_path / "b.xlsx", [row(date=EARLIER)]))
    assert _dates(store) == (EARLIER, DAY, False)
    assert "Group “TAU 1” now starts on" in "\n".join(describe(result))


def test_the_same_file_again_leaves_the_dates(store: Store, tmp_path: Path) -> None:
    """Importing the same file again moves no date and says nothing about the group."""
    set_language("en")
    path = write_register(tmp_path / "a.xlsx", [row(date=DAY), row(date=LATER)])
    import_register(store, path)
    again = import_register(store, path)
    assert _dates(store) == (DAY, LATER, False)
    assert again.plan.group_dates == []
    assert "now ends on" not in "\n".join(describe(again))


def test_a_finished_groups_later_session_is_refused(store: Store, tmp_path: Path) -> None:
    """A finished group is not reopened by a file: the row after its end is refused, naming it."""
    set_language("en")
    import_register(store, write_register(tmp_path / "a.xlsx", [row(date=DAY)]))
    with store.uow() as uow:
        groups.finish_group(uow, _group_id(store), [], end_date=DAY)
    result = import_register(store, write_register(tmp_path / "b.xlsx", [row(date=LATER)]))
    assert not result.written
    assert _dates(store) == (DAY, DAY, True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "date")]
    assert "“TAU 1” is finished and ended on 2025-03-14" in result.errors[0].reason


def test_a_dry_run_moves_no_date(store: Store, tmp_path: Path) -> None:
    """A dry run says the group would end later but writes nothing."""
    set_language("en")
    import_register(store, write_register(tmp_path / "a.xlsx", [row(date=DAY)]))
    result = import_register(
        store, write_register(tmp_path / "b.xlsx", [row(date=LATER)]), dry_run=True
    )
    assert _dates(store) == (DAY, DAY, False)
    assert "Group “TAU 1” now ends on" in "\n".join(describe(result))
