"""A register's dates land on the right day: the file's own order of day and month, and
timestamps written with a time zone taken in the zone of the sessions' country."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from libtrainer.domain import rules
from libtrainer.services.register import import_register
from libtrainer.services.register.read import RawRow
from libtrainer.services.register.summary import describe, to_json
from libtrainer.services.register.validate import check_rows
from libtrainer.store.models import TrainingSession
from libtrainer.store.store import Store

from .support import row, write_register

VILNIUS = zoneinfo.ZoneInfo("Europe/Vilnius")


def raw(number: int, **values: Any) -> RawRow:
    cells = row(**values)
    return RawRow(number=number, values=cells, cells=list(cells.values()))


def dates_of(*cells: Any, zone: dt.tzinfo | None = VILNIUS) -> list[dt.date]:
    """The dates of rows 2, 3, … with these date cells (each row a session of its own)."""
    good, errors = check_rows(
        [raw(n, date=c, group=f"G{n}") for n, c in enumerate(cells, start=2)], zone=zone
    )
    assert errors == []
    return [r.date for r in good]


def session_days(store: Store) -> list[dt.date]:
    with store.read() as conn:
        return sorted(conn.execute(select(TrainingSession.date)).scalars())


def test_a_us_file_is_read_month_first_when_one_date_proves_it() -> None:
    """6/30/2025 can only be month/day/year, so 6/7/2025 in the same file is 7 June."""
    assert dates_of("6/7/2025", "6/30/2025") == [dt.date(2025, 6, 7), dt.date(2025, 6, 30)]


def test_a_day_first_file_stays_day_first() -> None:
    """30/6/2025 proves day/month/year, so 6/7/2025 is 6 July."""
    assert dates_of("30/6/2025", "6/7/2025") == [dt.date(2025, 6, 30), dt.date(2025, 7, 6)]


def test_dotted_and_slash_dates_are_decided_apart() -> None:
    """A US slash date does not turn the dotted dates of the file month first."""
    assert dates_of("6/30/2025", "06.07.2025", "6/7/2025") == [
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 6),
        dt.date(2025, 6, 7),
    ]


def test_a_file_with_both_orders_is_refused_naming_rows() -> None:
    """30/6/2025 and 6/30/2025 in one file: each such date is refused, naming both rows."""
    good, errors = check_rows(
        [
            raw(2, date="30/6/2025", group="A"),
            raw(3, date="6/30/2025", group="B"),
            raw(4, date="6/7/2025", group="C"),
            raw(5, date="2025-06-07", group="D"),
        ]
    )
    assert [r.number for r in good] == [5]
    assert [(e.row, e.column) for e in errors] == [(2, "date"), (3, "date"), (4, "date")]
    assert errors[2].reason == (
        "Date: this file writes dates in two orders (row 2: 30/6/2025 is day/month/year; "
        "row 3: 6/30/2025 is month/day/year), so 6/7/2025 cannot be read for sure. Write the "
        "dates as year-month-day, such as 2026-03-15."
    )


def test_us_file_imports_into_june(store: Store, tmp_path: Path) -> None:
    """The tester's file: both sessions in June, and the summary says why."""
    rows = [row(date="6/7/2025"), row(date="6/30/2025")]
    result = import_register(store, write_register(tmp_path / "us.csv", rows))
    assert result.ok and result.written
    assert session_days(store) == [dt.date(2025, 6, 7), dt.date(2025, 6, 30)]
    assert (
        "Dates such as 6/7/2025 (row 2) were read as month/day/year (6/7/2025 is 7 June "
        "2025), as 6/30/2025 in row 3 shows." in describe(result)
    )
    assert to_json(result)["dates_read"] == [
        {
            "row": 2,
            "value": "6/7/2025",
            "read_as": "2025-06-07",
            "order": "month/day/year",
            "proved_by_row": 3,
        }
    ]


def test_ambiguous_slash_dates_are_day_first_and_said_so(store: Store, tmp_path: Path) -> None:
    """With no date over 12, 6/7/2025 is 6 July and the summary asks the person to check."""
    rows = [row(date="6/7/2025"), row(date="6/7/2025", given_name="Ona")]
    result = import_register(store, write_register(tmp_path / "r.csv", rows), dry_run=True)
    assert result.ok
    assert (
        "Dates such as 6/7/2025 (row 2) were read as day/month/year (6/7/2025 is 6 July "
        "2025). Check that this is what the file means." in describe(result)
    )


def test_dotted_dates_day_first_need_no_note(store: Store, tmp_path: Path) -> None:
    """06.07.2025 is how dates are written here: read as 6 July without a note."""
    result = import_register(store, write_register(tmp_path / "r.csv", [row(date="06.07.2025")]))
    assert result.ok and result.date_notes == []
    assert session_days(store) == [dt.date(2025, 7, 6)]


def test_excel_dates_are_never_in_question(store: Store, tmp_path: Path) -> None:
    """Real Excel dates keep their day, whatever text dates the file also has."""
    rows = [row(date=dt.datetime(2025, 6, 7)), row(date="6/30/2025", group="B")]
    result = import_register(store, write_register(tmp_path / "r.xlsx", rows))
    assert result.ok and result.written
    assert session_days(store) == [dt.date(2025, 6, 7), dt.date(2025, 6, 30)]


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2025-06-30T22:30:00Z", dt.date(2025, 7, 1)),
        ("2025-07-01T00:30+03:00", dt.date(2025, 7, 1)),
        ("2025-06-30T23:30:00+0200", dt.date(2025, 7, 1)),
        ("2025-06-30 21:30 UTC", dt.date(2025, 7, 1)),
        ("2025-06-30 20:59 UTC", dt.date(2025, 6, 30)),
        ("2025-12-31 22:30 GMT", dt.date(2026, 1, 1)),
        ("2025-03-14 10:00 UTC", dt.date(2025, 3, 14)),
        ("2025-03-14 10:00 GMT+2", dt.date(2025, 3, 14)),
        ("2025-03-14 10:00:00 AM GMT+2", dt.date(2025, 3, 14)),
        ("2025-06-30 23:30", dt.date(2025, 6, 30)),
        ("2025-06-30T23:30", dt.date(2025, 6, 30)),
        (dt.datetime(2025, 6, 30, 22, 30, tzinfo=dt.UTC), dt.date(2025, 7, 1)),
    ],
)
def test_timestamps_with_a_zone_are_taken_in_the_local_zone(cell: Any, day: dt.date) -> None:
    """A moment with a zone is dated in Vilnius time; one without is local already."""
    assert dates_of(cell) == [day]


@pytest.mark.parametrize("cell", ["2025-03-14 vakar", "2025-03-14T", "2025-03-14 10:00 XYZ"])
def test_a_date_followed_by_other_text_is_refused(cell: str) -> None:
    """Only a time may follow the date."""
    _, errors = check_rows([raw(2, date=cell)])
    assert [(e.row, e.column) for e in errors] == [(2, "date")]


@pytest.mark.parametrize(
    ("start", "day", "local"),
    [
        ("22:30Z", dt.date(2025, 7, 1), dt.time(1, 30)),
        ("10:00Z", dt.date(2025, 6, 30), dt.time(13, 0)),
        ("10:00+02:00", dt.date(2025, 6, 30), dt.time(11, 0)),
        ("10:00 PM", dt.date(2025, 6, 30), dt.time(22, 0)),
        ("9.30", dt.date(2025, 6, 30), dt.time(9, 30)),
    ],
)
def test_a_start_time_with_a_zone_is_local(start: str, day: dt.date, local: dt.time) -> None:
    """The start 22:30Z of a session dated 30 June is 1 July, 01:30 in Vilnius."""
    good, errors = check_rows([raw(2, date="2025-06-30", start=start)], zone=VILNIUS)
    assert errors == []
    assert (good[0].date, good[0].start) == (day, local)


@pytest.mark.parametrize("start", ["22:30Z", "01:30+03:00"])
def test_a_zoned_date_and_its_start_move_the_session_once(start: str) -> None:
    """Date 30 June 22:30Z with Start 22:30Z or 01:30+03:00 is 1 July 01:30 in Vilnius, not
    2 July (a Start without a zone is local, on the Date's local day)."""
    good, errors = check_rows([raw(2, date="2025-06-30T22:30:00Z", start=start)], zone=VILNIUS)
    assert errors == []
    assert (good[0].date, good[0].start) == (dt.date(2025, 7, 1), dt.time(1, 30))


def test_the_tester_time_zone_file_lands_in_july(store: Store, tmp_path: Path) -> None:
    """Both rows of the tester's file are one session on 1 July (the store is Lithuanian)."""
    rows = [
        row(date="2025-06-30T22:30:00Z", start=None),
        row(date="2025-07-01T00:30+03:00", start=None, given_name="Rasa"),
    ]
    result = import_register(store, write_register(tmp_path / "tz.csv", rows))
    assert result.ok and result.written
    assert session_days(store) == [dt.date(2025, 7, 1)]


def test_each_country_has_its_zone() -> None:
    """LT is Vilnius, LV Riga; a region without a known country is taken as LT."""
    assert rules.local_zone("LT") == zoneinfo.ZoneInfo("Europe/Vilnius")
    assert rules.local_zone("LV") == zoneinfo.ZoneInfo("Europe/Riga")
    assert rules.local_zone(None) == zoneinfo.ZoneInfo("Europe/Vilnius")


def test_vilnius_and_riga_keep_the_same_time_since_2003() -> None:
    """Every day from 2003 to 2040, at the hours clocks change, the two zones agree."""
    riga = zoneinfo.ZoneInfo("Europe/Riga")
    moment = dt.datetime(2003, 1, 1, tzinfo=dt.UTC)
    while moment.year <= 2040:
        for hour in (0, 1, 2):
            at = moment.replace(hour=hour)
            assert at.astimezone(VILNIUS).utcoffset() == at.astimezone(riga).utcoffset(), at
        moment += dt.timedelta(days=1)
