"""Reports: choose a kind, a period and a scope; preview the tables; export (xlsx, pdf, csv,
json). Running and exporting happen in the background, with progress and Cancel. The kinds,
their breakdowns and the exports come from ``libtrainer.reports.api``; without it the screen
says reports are not available in this build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _, system
from libtrainer.i18n.oserrors import os_reason

from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import Operation, error_text
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import DateEdit, FlowLayout, add_row, ask_save_path, with_suffix

SCOPES = ("branch", "library", "region", "")


def _api() -> Any:
    try:
        from libtrainer.reports import api  # noqa: PLC0415
    except ImportError:
        return None
    return api


def _periods(today: dt.date | None = None) -> list[tuple[str, tuple[dt.date, dt.date]]]:
    """The named periods of the Period box, as (label, (first day, last day)); the current
    month, quarter and year run to today, the last ones are whole."""
    today = today or dt.date.today()
    month = today.replace(day=1)
    last_month_end = month - dt.timedelta(days=1)
    quarter = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter_end = quarter - dt.timedelta(days=1)
    last_quarter = dt.date(last_quarter_end.year, last_quarter_end.month - 2, 1)
    return [
        (_("This month"), (month, today)),
        (_("Last month"), (last_month_end.replace(day=1), last_month_end)),
        (_("This quarter"), (quarter, today)),
        (_("Last quarter"), (last_quarter, last_quarter_end)),
        (_("This year"), (dt.date(today.year, 1, 1), today)),
        (_("Last year"), (dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))),
    ]


class ReportsScreen(Screen):
    key = "reports"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.api = _api()
        self.report: Any = None
        self.kind = QComboBox(objectName="reportKind")
        self.period = QComboBox(objectName="reportPeriod")
        self.start = DateEdit()
        self.start.setObjectName("reportFrom")
        self.end = DateEdit()
        self.end.setObjectName("reportTo")
        self.scope = QComboBox(objectName="reportScope")
        for code, text in zip(
            SCOPES,
            (
                _("This branch"),
                _("This library"),
                _("This region"),
                _("Everything recorded on this computer"),
            ),
        ):
            self.scope.addItem(text, code)
        # whose training counts; filled from the reports' own labels (``_fill_choices``)
        self.audience = QComboBox(objectName="reportAudience")
        self.new_entrants = QCheckBox(
            _("Only people whose first attendance falls in the period (ESF+ new entrants)"),
            objectName="newEntrants",
        )
        self.new_entrants.setToolTip(
            _(
                "ESF+ counts a participant in the period they entered: with this, reports of "
                "consecutive periods add up to the whole."
            )
        )
        self.by_box = QWidget()
        self.by_layout = FlowLayout(self.by_box)
        self.by: dict[str, QCheckBox] = {}
        self.run_button = QPushButton(_("&Run the report"), objectName="runReport")
        self.run_button.clicked.connect(self.run)
        self.exports = {
            fmt: QPushButton(text, objectName=f"export_{fmt}")
            for fmt, text in (
                ("xlsx", _("Export &Excel")),
                ("pdf", _("Export &PDF")),
                ("csv", _("Export &CSV")),
                ("json", _("Export &JSON")),
            )
        }
        for fmt, button in self.exports.items():
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            button.setEnabled(False)
        self.preview = QTabWidget(objectName="reportPreview")
        self.preview.setAccessibleName(_("Report preview"))
        # the report's notes, as the exports print them (e.g. rows rounded on their own)
        self.notes = QLabel(objectName="reportNotes")
        self.notes.setWordWrap(True)
        self.notes.setProperty("textFormat", "PlainText")
        self.notes.hide()
        self._layout()
        self._fill_choices()
        if self._coordinators():
            # the coordinator's own branch has no sessions: the region is what they report on
            self.scope.setCurrentIndex(SCOPES.index("region"))

    def _layout(self) -> None:
        box = QGroupBox(_("Report"))
        form = QFormLayout(box)
        add_row(form, _("&Kind"), self.kind)
        dates = QWidget()
        line = QHBoxLayout(dates)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.period, 1)
        line.addWidget(self.start)
        line.addWidget(self.end)
        add_row(form, _("Per&iod"), dates)
        self.start.setAccessibleName(_("From"))
        self.end.setAccessibleName(_("To"))
        self.period.setAccessibleName(_("Period"))
        add_row(form, _("&Scope"), self.scope)
        self.audience_label = add_row(form, _("A&udience"), self.audience)
        form.addRow("", self.new_entrants)
        add_row(form, _("&Broken down by"), self.by_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addStretch(1)
        for button in self.exports.values():
            buttons.addWidget(button)
        column = QVBoxLayout()
        column.addWidget(box)
        column.addLayout(buttons)
        column.addWidget(self.preview, 1)
        column.addWidget(self.notes)
        self.body.addLayout(column)

    def _coordinators(self) -> bool:
        """Whether this is a coordinator's computer (every branch's records arrive here)."""
        return self.state.device is not None and self.state.device.role == "coordinator"

    def refresh(self) -> None:
        """On a coordinator's computer, offer each library and each branch of the region as a
        scope too (in the alphabet of the language shown)."""
        if not self._coordinators():
            return
        from libtrainer.services import org  # noqa: PLC0415

        def load(unit: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            branches = [(b.id, f"{b.name} ({b.library})") for b in org.find_branches(unit)]
            return org.find_libraries(unit), branches

        self.read(load).success(self._places).run_in_background()

    def _places(self, found: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> None:
        libraries, branches = found
        chosen = self.scope.currentData()
        while self.scope.count() > len(SCOPES):
            self.scope.removeItem(self.scope.count() - 1)
        for library_id, name in libraries:
            self.scope.addItem(_("Library: {name}").format(name=name), f"library:{library_id}")
        for branch_id, text in branches:
            self.scope.addItem(_("Branch: {name}").format(name=text), f"branch:{branch_id}")
        self.scope.setCurrentIndex(max(0, self.scope.findData(chosen)))

    def _fill_choices(self) -> None:
        for text, span in _periods():
            self.period.addItem(text, span)
        # dates typed or picked by hand: the box says so (or names the period they make up)
        self.period.addItem(_("Chosen dates"), None)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self._period_chosen(0)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        if self.api is None:
            self.banner.show_message(_("Reports are not available in this build."), "warning")
            self.run_button.setEnabled(False)
            return
        from libtrainer.reports.filters import AUDIENCE_LABELS, audience_text  # noqa: PLC0415

        for code in AUDIENCE_LABELS:
            self.audience.addItem(audience_text(code), code or "")
        for kind in self.api.report_kinds():
            self.kind.addItem(kind.title, kind.key)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen(0)

    def _period_chosen(self, index: int) -> None:
        span = self.period.itemData(index)
        if span:
            for field, value in zip((self.start, self.end), span):
                field.blockSignals(True)  # not "changed by hand"
                field.set_value(value)
                field.blockSignals(False)

    def _dates_changed(self) -> None:
        """Dates changed by hand: the named period they equal, else "Chosen dates"."""
        span = (self.start.value(), self.end.value())
        spans = [self.period.itemData(n) for n in range(self.period.count())]
        match = next((n for n, s in enumerate(spans) if s and tuple(s) == span), None)
        if match is None:
            match = spans.index(None)
        self.period.blockSignals(True)  # choosing it must not move the dates again
        self.period.setCurrentIndex(match)
        self.period.blockSignals(False)

    def _kind_chosen(self, _index: int) -> None:
        from libtrainer.reports import labels  # noqa: PLC0415

        for box in self.by.values():
            box.deleteLater()
        self.by.clear()
        kind = self._kind()
        self.new_entrants.setVisible(kind is not None and kind.key == "esf")
        # consultations belong to no programme: an audience does not apply to them
        shown = kind is not None and kind.key != "consultations"
        self.audience.setVisible(shown)
        self.audience_label.setVisible(shown)
        if kind is None:
            return
        for key in kind.allowed_by:
            text = labels.dimension(key) if key in labels.DIMENSIONS else key
            box = QCheckBox(text, self.by_box)
            box.setObjectName(f"by_{key}")
            box.setChecked(key in kind.default_by)
            self.by_layout.addWidget(box)
            self.by[key] = box

    def _kind(self) -> Any:
        key = self.kind.currentData()
        return (
            next((k for k in self.api.report_kinds() if k.key == key), None) if self.api else None
        )

    # -- running -------------------------------------------------------------------------------

    def run(self) -> None:
        from libtrainer.reports.filters import ReportFilters, resolve_scope  # noqa: PLC0415

        kind = self.kind.currentData()
        start, end, scope = self.start.value(), self.end.value(), self.scope.currentData()
        by = [key for key, box in self.by.items() if box.isChecked()]
        entrants = kind == "esf" and self.new_entrants.isChecked()
        audience = (self.audience.currentData() or None) if kind != "consultations" else None
        api = self.api

        def work(job: Any) -> Any:
            with job.store.read() as conn:
                filters = ReportFilters(
                    start,
                    end,
                    resolve_scope(conn, scope or None),
                    audience=audience,
                    new_entrants=entrants,
                )
                return api.run_report(
                    conn, kind, filters, by=by, progress=job.report, cancelled=lambda: job.cancelled
                )

        Operation(self, work).read_only().with_progress(
            _("Running the report…"), cancellable=True
        ).success(self._shown).failure(self._failed).run_in_background()

    def _shown(self, report: Any) -> None:
        from libtrainer.reports.cells import section_texts  # noqa: PLC0415

        self.report = report
        self.preview.clear()
        for section in report.sections:
            model = ListTableModel(section.labels, self.preview)
            # as the PDF and the workbook show them: "59,9 %", "2 256", a dash for nothing
            rows = section_texts(section)
            model.set_rows([(str(i), tuple(row)) for i, row in enumerate(rows)])
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().hide()
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.setTabKeyNavigation(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            view.setAccessibleName(section.title)
            self.preview.addTab(view, section.title)
        self.notes.setText("\n".join(report.notes))
        self.notes.setVisible(bool(report.notes))
        for button in self.exports.values():
            button.setEnabled(True)
        self.banner.show_message("")

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")

    def export(self, fmt: str, path: str | None = None) -> None:
        """Export the previewed report (asks where, unless ``path`` is given)."""
        if self.report is None or self.api is None:
            return
        suffix = f".{fmt}"
        if path is None:
            # Named as the person reads it ("Mokymų suvestinė 2026-11-22.xlsx"), not by code.
            stem = re.sub(r'[\\/:*?"<>|]+', " ", self.report.title).strip() or self.report.kind
            suggested = Path.home() / f"{stem} {dt.date.today().isoformat()}{suffix}"
            chosen = ask_save_path(
                self, _("Export the report"), suggested, f"{fmt.upper()} (*{suffix})", suffix
            )
        else:
            chosen = with_suffix(Path(path), suffix)
        if chosen is None:
            return
        if fmt == "csv":
            # A CSV follows this computer's list separator and decimal symbol, as the command
            # line's does; read here, on the GUI thread (libtrainer.i18n.system's thread rule).
            system.number_format()
        report, api, target = self.report, self.api, chosen

        def write(job: Any) -> Any:
            try:
                return api.export_report(report, fmt, target)
            except OSError as exc:  # the disk is full, read-only, no permission, file open
                raise LibtrainerError(
                    N_(
                        "The report could not be saved as {path} ({detail}). Choose another "
                        "place, or close the file if it is open."
                    ),
                    path=str(target),
                    detail=os_reason(exc),
                ) from exc

        Operation(self, write).read_only().with_progress(_("Exporting…")).success(
            lambda p: self.banner.show_message(_("Exported to {path}").format(path=p), "info")
        ).failure(self._failed).run_in_background()

    def clear_personal_data(self) -> None:
        self.report = None
        self.preview.clear()
        self.notes.clear()
        self.notes.hide()
        super().clear_personal_data()
