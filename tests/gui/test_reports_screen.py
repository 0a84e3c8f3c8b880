"""Reports screen: the kinds come from libtrainer.reports; a run previews its tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import WAIT_MS

api = pytest.importorskip("libtrainer.reports.api")


def _run_summary(window: Any, qtbot: Any) -> Any:
    screen = window.go("reports")
    assert screen.kind.count() == len(api.report_kinds())
    screen.kind.setCurrentIndex(screen.kind.findData("summary"))
    screen.period.setCurrentIndex(screen.period.findText("This year"))
    screen.scope.setCurrentIndex(screen.scope.findData(""))
    screen.run()
    qtbot.waitUntil(
        lambda: screen.preview.count() > 0 or bool(screen.banner.text()), timeout=WAIT_MS
    )
    assert screen.preview.count() > 0, screen.banner.text()
    return screen


def test_run_a_summary_and_preview_its_tables(window: Any, qtbot: Any) -> None:
    """The training summary of this year runs in the background; its sections become tabs."""
    screen = _run_summary(window, qtbot)
    assert all(button.isEnabled() for button in screen.exports.values())


def test_the_reports_notes_are_shown_under_the_preview(window: Any, qtbot: Any) -> None:
    """The notes the exports print (rounding, overlaps) are shown under the previewed tables."""
    screen = _run_summary(window, qtbot)
    assert screen.report.notes
    assert screen.notes.text() == "\n".join(screen.report.notes)
    assert screen.notes.isVisibleTo(screen)
    screen.clear_personal_data()
    assert screen.notes.text() == "" and not screen.notes.isVisibleTo(screen)


def test_export_the_previewed_report(window: Any, qtbot: Any, tmp_path: Path) -> None:
    """Export writes the file in the background."""
    pytest.importorskip("libtrainer.reports.csvjson")
    screen = _run_summary(window, qtbot)
    target = tmp_path / "summary.csv"
    screen.export("csv", str(target))
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)


def test_an_export_named_without_its_ending_gets_it(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """A name typed without ".pdf" is saved as NAME.pdf (it opens with a double click); the
    suggested name is the report's title in the person's language."""
    from PySide6.QtWidgets import QFileDialog

    asked: list[str] = []

    def answer(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "ataskaita-lapkritis"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    screen = _run_summary(window, qtbot)
    screen.export("pdf")
    qtbot.waitUntil((tmp_path / "ataskaita-lapkritis.pdf").exists, timeout=WAIT_MS)
    assert Path(asked[0]).name.startswith(screen.report.title)


def test_new_entrants_box_belongs_to_the_esf_report(window: Any, qtbot: Any) -> None:
    """The "new entrants" box shows only for the ESF+ report, and its report says so."""
    screen = window.go("reports")
    assert screen.new_entrants.isHidden()
    screen.kind.setCurrentIndex(screen.kind.findData("esf"))
    assert not screen.new_entrants.isHidden()
    screen.new_entrants.setChecked(True)
    screen.run()
    qtbot.waitUntil(lambda: screen.report is not None, timeout=WAIT_MS)
    assert screen.report.filters["new_entrants"] is True


def test_an_export_to_a_full_disk_says_the_disk_is_full(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """An export that fails for lack of space names that cause, not "Something went wrong"."""
    import errno

    from libtrainer.reports import csvjson

    def full(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(csvjson, "write_csv", full)
    screen = _run_summary(window, qtbot)
    screen.export("csv", str(tmp_path / "summary.csv"))
    qtbot.waitUntil(lambda: "disk" in screen.banner.text(), timeout=WAIT_MS)
    assert "the disk is full" in screen.banner.text()
    assert "Something went wrong" not in screen.banner.text()


def test_a_coordinators_computer_reports_on_the_region_and_offers_each_branch(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """On the coordinator's computer the scope starts at "This region" (its own branch has no
    sessions), each branch can be chosen, and the preview shows numbers as the exports do
    (grouped thousands, "%" shares), not raw values."""
    from libtrainer.services import attendance
    from tests.conftest import make_store
    from tests.gui.conftest import fill_branch, idle, open_window

    store = make_store(tmp_path / "data", role="coordinator")
    try:
        branch = fill_branch(store)
        with store.uow() as uow:
            marks = dict.fromkeys(branch.people.values(), "present")
            attendance.record_attendance(uow, branch.session_id, marks)
    finally:
        store.close()
    win = open_window(branch.data_dir, make_state, qtbot)
    screen = win.go("reports")
    assert screen.scope.currentData() == "region"
    qtbot.waitUntil(lambda: screen.scope.count() > 4, timeout=WAIT_MS)
    idle(qtbot, win)
    texts = [screen.scope.itemText(i) for i in range(screen.scope.count())]
    assert any("Būdviečio padalinys" in t for t in texts), texts
    assert screen.scope.currentData() == "region"
    screen.kind.setCurrentIndex(screen.kind.findData("esf"))
    screen.start.set_value(dt.date(2000, 1, 1))
    screen.end.set_value(dt.date.today())
    screen.run()
    qtbot.waitUntil(lambda: screen.preview.count() > 0, timeout=WAIT_MS)
    table = screen.preview.widget(0).model()
    shares = [table.index(r, 2).data() for r in range(table.rowCount())]
    assert any(s and s.endswith("%") for s in shares), shares


def test_a_coordinator_can_narrow_the_report_to_one_library(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """On the coordinator's computer each library of the region is a scope too, in Lithuanian
    alphabetical order (Sasnavos before Šalčininkų, Š after S), and a report runs on one."""
    from libtrainer.services import attendance, org
    from libtrainer.store.store import read_meta
    from tests.conftest import make_store
    from tests.gui.conftest import fill_branch, idle, open_window

    store = make_store(tmp_path / "data", role="coordinator")
    try:
        branch = fill_branch(store)
        with store.uow() as uow:
            marks = dict.fromkeys(branch.people.values(), "present")
            attendance.record_attendance(uow, branch.session_id, marks)
        for name in ("Zarasų r. SVB", "Šalčininkų r. SVB", "Sasnavos biblioteka"):
            with store.uow() as uow:
                org.add_library(uow, str(read_meta(uow.connection, "region_id")), name)
        with store.uow() as uow:
            lazdijai = str(read_meta(uow.connection, "library_id"))
    finally:
        store.close()
    win = open_window(branch.data_dir, make_state, qtbot)
    win.set_language("lt")
    screen = win.go("reports")
    qtbot.waitUntil(
        lambda: any(
            str(screen.scope.itemData(i)).startswith("library:")
            for i in range(screen.scope.count())
        ),
        timeout=WAIT_MS,
    )
    idle(qtbot, win)
    items = [
        (screen.scope.itemText(i), screen.scope.itemData(i)) for i in range(screen.scope.count())
    ]
    libraries = [text for text, data in items if str(data).startswith("library:")]
    assert libraries == [
        "Biblioteka: Lazdijų r. savivaldybės viešoji biblioteka",
        "Biblioteka: Sasnavos biblioteka",
        "Biblioteka: Šalčininkų r. SVB",
        "Biblioteka: Zarasų r. SVB",
    ], items
    datas = [data for _text, data in items]
    assert datas.index(f"library:{lazdijai}") < min(
        i for i, d in enumerate(datas) if str(d).startswith("branch:")
    )
    screen.scope.setCurrentIndex(screen.scope.findData(f"library:{lazdijai}"))
    screen.kind.setCurrentIndex(screen.kind.findData("summary"))
    screen.start.set_value(dt.date(2000, 1, 1))
    screen.end.set_value(dt.date.today())
    screen.run()
    qtbot.waitUntil(
        lambda: screen.preview.count() > 0 or bool(screen.banner.text()), timeout=WAIT_MS
    )
    assert screen.preview.count() > 0, screen.banner.text()


def test_the_audience_is_chosen_and_named_in_the_esf_heading(window: Any, qtbot: Any) -> None:
    """The ESF+ report counts the chosen audience and its title says whose training it is."""
    screen = window.go("reports")
    screen.kind.setCurrentIndex(screen.kind.findData("esf"))
    assert not screen.audience.isHidden()
    assert screen.audience.currentData() == ""  # residents and library staff, as before
    screen.audience.setCurrentIndex(screen.audience.findData("residents"))
    screen.run()
    qtbot.waitUntil(lambda: screen.report is not None, timeout=WAIT_MS)
    assert screen.report.filters["audience"] == "residents"
    assert screen.report.title.endswith(screen.audience.currentText())
    screen.kind.setCurrentIndex(screen.kind.findData("consultations"))
    assert screen.audience.isHidden()


def test_dates_typed_by_hand_make_the_period_chosen_dates(window: Any, qtbot: Any) -> None:
    """Changing a date by hand turns "This month" into "Chosen dates"; the Run uses them."""
    screen = window.go("reports")
    assert screen.period.currentText() == "This month"
    screen.start.set_value(dt.date(2024, 2, 3))
    assert screen.period.currentText() == "Chosen dates"
    assert screen.start.value() == dt.date(2024, 2, 3)  # choosing it moved no date


def test_dates_equal_to_a_named_period_name_it(window: Any, qtbot: Any) -> None:
    """Dates typed to match last year are shown as "Last year"."""
    screen = window.go("reports")
    year = dt.date.today().year - 1
    screen.start.set_value(dt.date(year, 1, 1))
    screen.end.set_value(dt.date(year, 12, 31))
    assert screen.period.currentText() == "Last year"


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (dt.date(2026, 11, 23), dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 2, 10), dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        (dt.date(2026, 4, 1), dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    ],
)
def test_last_quarter_is_the_quarter_that_ended(today: dt.date, first: Any, last: Any) -> None:
    """ "Last quarter" is the whole quarter before today's, across a year's turn too."""
    from libtrainer.gui.screens.reports import _periods

    assert dict(_periods(today))["Last quarter"] == (first, last)


def test_choosing_last_quarter_sets_its_dates(window: Any, qtbot: Any) -> None:
    """Picking "Last quarter" fills in its first and last day and keeps the name."""
    from libtrainer.gui.screens.reports import _periods

    screen = window.go("reports")
    screen.period.setCurrentIndex(screen.period.findText("Last quarter"))
    span = dict(_periods())["Last quarter"]
    assert (screen.start.value(), screen.end.value()) == span
    assert screen.period.currentText() == "Last quarter"


def test_a_csv_from_the_window_follows_the_computers_regional_settings(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """The English window's CSV is split by the computer's list separator (injected; "|" is
    nobody's language rule), read on the GUI thread before the export goes to the worker."""
    import csv

    from libtrainer.i18n import system
    from libtrainer.i18n.system import NumberFormat

    asked: list[str] = []

    def regional_settings() -> NumberFormat:
        asked.append("asked")
        return NumberFormat("|", ",")

    monkeypatch.setattr(system, "number_format", regional_settings)
    screen = _run_summary(window, qtbot)
    target = tmp_path / "summary.csv"
    screen.export("csv", str(target))
    assert asked
    qtbot.waitUntil(target.exists, timeout=WAIT_MS)
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter="|"))
    assert screen.report.sections[0].labels in rows  # one cell per column
