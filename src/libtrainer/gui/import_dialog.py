"""File ▸ Import register…: what ``libtrainer import`` does, for people without a command line.

:class:`ImportDialog` first checks the register (a dry run with ``skip_bad``, so the plan is the
one of the good rows) off the GUI thread, then shows the rows read, what would be added, and a
row / column / reason table of the mistakes. "Import" is offered only when nothing is wrong;
"Import the good rows only" asks where to save the rows to fix (``<name>-to-fix.<ext>`` next to
the register) and imports the rest. After the import it says what was written and tells the
screens that the store changed. Every store call runs through :class:`Operation`.

Checking and importing can be stopped (Cancel on the progress dialog, or closing this one): the
reader checks between rows, nothing is written, and the dialog says so. The import uses the
rows the check read unless the file changed since (decision 0511).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.i18n import _, ngettext, render
from libtrainer.i18n.format import format_number

from libtrainer.gui import fit, printouts
from libtrainer.gui.basics import heading
from libtrainer.gui.operations import Operation, error_text, show_error

#: What the import creates, as the dialog lists it (keys of ``Plan.created``).
CREATED = (
    ("regions", N_("Regions")),
    ("libraries", N_("Libraries")),
    ("branches", N_("Places (branches)")),
    ("programmes", N_("Programmes")),
    ("groups", N_("Groups")),
    ("lecturers", N_("Lecturers")),
)


def fix_name(path: Path, documents: Path | None = None) -> Path:
    """The suggested file for the rows to fix: ``<name>-to-fix.<ext>`` next to ``path`` (where
    the person keeps the register), but in ``documents`` (default: the Documents folder)
    when the register lies loose in the home folder itself: the rows hold people's names and
    are kept to be corrected, so not where everyone who uses the PC looks first (0521)."""
    name = f"{path.stem}-to-fix{path.suffix.lower() or '.xlsx'}"
    if not _same_folder(path.parent, Path.home()):
        return path.with_name(name)
    return (documents if documents is not None else printouts.documents()) / name


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def summary_lines(result: Any) -> list[str]:
    """Rows read, columns ignored, mistakes, and what was (or would be) added."""
    from libtrainer.services.register.summary import (  # noqa: PLC0415 - not at start
        deleted_counts,
        erased_lines,
        notice_lines,
        read_lines,
    )

    lines = read_lines(result)
    bad = len(result.bad_rows)
    if bad and not result.written:
        lines.append(
            ngettext(
                "{count} row has mistakes (listed below). Fix it in the file and check it "
                "again, or import the good rows only.",
                "{count} rows have mistakes (listed below). Fix them in the file and check it "
                "again, or import the good rows only.",
                bad,
            ).format(count=format_number(bad))
        )
    elif bad:
        lines.append(
            ngettext(
                "{count} row has mistakes and was left out.",
                "{count} rows have mistakes and were left out.",
                bad,
            ).format(count=format_number(bad))
        )
    if result.bad_rows_file:
        lines.append(_("The rows to fix were saved to {path}.").format(path=result.bad_rows_file))
    if result.written:
        lines.append(_("Imported:"))
    elif bad:
        lines.append(_("Nothing was written yet. The good rows would add:"))
    else:
        lines.append(_("Nothing was written yet. The import would add:"))
    plan = result.plan
    counts = (
        (_("Attendance records"), plan.attendance_written),
        (_("Attendance records already in the store"), plan.attendance_unchanged),
        (_("People"), plan.participants_created),
        (_("Sessions"), plan.sessions_created),
    )
    lines += [f"  • {label}: {format_number(count)}" for label, count in counts]
    for kind, label in CREATED:
        names = plan.created[kind]
        if names:
            lines.append(f"  • {_(label)} ({format_number(len(names))}): {', '.join(names)}")
    lines += [f"  • {line}" for line in notice_lines(plan)]
    gone = deleted_counts(plan)
    if gone and plan.restore_deleted:
        lines.append(
            "  • "
            + _("Brought back (deleted in the records earlier): {counts}").format(counts=gone)
        )
    elif gone:
        lines.append(
            "  • " + _("Deleted in the records earlier, left deleted: {counts}").format(counts=gone)
        )
    left_out = [] if plan.restore_deleted else erased_lines(plan)
    lines += [f"  • {line}" for line in left_out]
    if left_out and result.written:
        lines.append(
            _(
                "To enter them again, import the file again with “Bring back the records "
                "deleted earlier” ticked."
            )
        )
    elif left_out:
        lines.append(_("Tick “Bring back the records deleted earlier” to enter them again."))
    if plan.marks_kept:
        lines.append(
            "  • "
            + _(
                "Marks changed in the app after this file was saved, kept as in the app: {count}"
            ).format(count=format_number(plan.marks_kept))
        )
    return lines


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip shown as typed: a cell value such as "<b>x</b>" or "<img …>" is
    not read as HTML (Qt guesses that from the text itself)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


#: Rows between two progress reports while a register is read.
REPORT_EVERY = 500


def reading_progress(job: Any) -> Callable[[int], None]:
    """A ``progress`` for ``import_register`` on ``job``'s worker: stops at Cancel (raises
    ``Cancelled``) and says which row is being read now and then."""

    def progress(row: int) -> None:
        job.check()
        if row and row % REPORT_EVERY == 0:
            job.report(0, 0, _("Reading the register: row {row}…").format(row=format_number(row)))

    return progress


class ImportDialog(QDialog):
    """Check a register, show the outcome, import it (all or the good rows). Non-blocking."""

    def __init__(self, parent: Any, state: Any, path: Path) -> None:
        super().__init__(parent)
        self.state = state
        self.path = path
        self.result: Any = None
        self.running: Operation[Any] | None = None  # the check or import under way
        title = _("Import a register")
        self.setObjectName("importDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.title = heading(_("Import “{name}”").format(name=path.name))
        self.summary = QLabel(_("Checking the register…"))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(_("What the import does"))
        self.summary.setMinimumWidth(fit.readable_width(self, 560))
        self.errors = QTableWidget(0, 3)
        self.errors.setObjectName("importErrors")
        self.errors.setAccessibleName(_("Rows with mistakes"))
        self.errors.setHorizontalHeaderLabels([_("Row"), _("Column"), _("What is wrong")])
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.setTabKeyNavigation(False)
        self.errors.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors.verticalHeader().hide()
        self.errors.setWordWrap(True)
        header = self.errors.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.hide()
        self.restore_deleted = QCheckBox(_("&Bring back the records deleted earlier"))
        self.restore_deleted.setObjectName("importRestoreDeleted")
        self.restore_deleted.setToolTip(
            _(
                "The file holds sessions, marks or enrolments that were deleted in the records "
                "(on this computer or by the coordinator), or people erased from the records on "
                "this computer. Without this they stay deleted."
            )
        )
        self.restore_deleted.hide()
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importAll")
        self.import_button.clicked.connect(lambda: self.run(skip_bad=False))
        self.good_button = buttons.addButton(
            _("Import the &good rows only…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.good_button.setObjectName("importGood")
        self.good_button.setAccessibleName(_("Import the good rows only"))
        self.good_button.clicked.connect(lambda: self.run(skip_bad=True))
        self.cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel.setObjectName("importCancel")
        self.cancel.clicked.connect(self.reject)
        for button in (self.import_button, self.good_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.good_button.hide()
        content = QWidget(objectName="importContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.errors, 1)
        layout.addWidget(self.restore_deleted)
        outer = QVBoxLayout(self)
        outer.addWidget(fit.scrolling(content, "importScroll"), 1)  # the buttons stay in sight
        outer.addWidget(buttons)
        fit.fit_window(self, 760, 520)

    def check(self) -> None:
        """The dry run, on the writer thread (it reads the store as the import will)."""
        path = self.path

        def dry_run(job: Any) -> Any:
            from libtrainer.services.register import import_register  # noqa: PLC0415

            return import_register(
                job.store, path, dry_run=True, skip_bad=True, progress=reading_progress(job)
            )

        self.running = (
            Operation(self, dry_run)
            .with_progress(_("Checking the register…"), cancellable=True)
            .success(self._checked)
            .failure(self._check_failed)
            .cancelled(self._check_stopped)
        )
        self.running.run_in_background()

    def reject(self) -> None:
        """Closing the dialog also stops a check or an import under way (nothing is written)."""
        job = getattr(self.running, "job", None)  # None: nothing started (app closing)
        if job is not None:
            job.cancel()
        super().reject()

    def _check_stopped(self) -> None:
        self.running = None
        self.summary.setText(_("Checking was stopped. Nothing was imported."))

    def _checked(self, result: Any) -> None:
        self.running = None
        self.result = result
        self._show(result)
        bad = bool(result.errors)
        self.import_button.setEnabled(not bad and result.rows_read > 0)
        self.import_button.setDefault(not bad)
        self.good_button.setVisible(bad)
        self.good_button.setEnabled(bad and len(result.bad_rows) < result.rows_read)
        self.restore_deleted.setVisible(any(result.plan.not_restored.values()))

    def _check_failed(self, error: BaseException) -> None:
        """The file was refused (not text, a look-alike header…) or the check failed: why is
        said once, here, where it stays in sight, with the file named as the person chose it
        (no message box on top, no folder path); Close is all that is left."""
        self.running = None
        self.summary.setText(_("The register could not be checked.") + "\n\n" + self._why(error))
        # Enter must not reach a disabled Import
        self.import_button.setEnabled(False)
        self.import_button.setDefault(False)
        self.cancel.setText(_("Close"))
        self.cancel.setDefault(True)
        self.cancel.setFocus()

    def _why(self, error: BaseException) -> str:
        """``error`` in words, the register named by its file name (the dialog's title says
        which file it is; its folder is the person's own business, and long)."""
        if isinstance(error, LibtrainerError) and error.params.get("path") == str(self.path):
            named = LibtrainerError(error.msgid, **{**error.params, "path": self.path.name})
            return render(named)
        return error_text(error)

    def _show(self, result: Any) -> None:
        from libtrainer.services.register.read import row_text  # noqa: PLC0415

        self.summary.setText("\n".join(summary_lines(result)))
        self.errors.setRowCount(len(result.errors))
        for i, error in enumerate(result.errors):
            for j, text in enumerate((row_text(error.row), error.label, error.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(text))
                self.errors.setItem(i, j, item)
        self.errors.resizeRowsToContents()
        self.errors.setVisible(bool(result.errors))

    def run(self, *, skip_bad: bool, bad_rows_out: str | None = None) -> None:
        """Import (all rows, or with ``skip_bad`` the good ones, saving the rest to fix)."""
        if self.result is None or self.result.written:
            return
        out: Path | None = None
        if skip_bad:
            if bad_rows_out is None:
                bad_rows_out, _filter = QFileDialog.getSaveFileName(
                    self,
                    _("Save the rows to fix"),
                    str(fix_name(self.path)),
                    _("Registers (*.xlsx *.csv)"),
                )
            if not bad_rows_out:
                return
            out = Path(bad_rows_out)
            if out.suffix.lower() not in (".xlsx", ".csv"):
                out = out.with_name(out.name + (self.path.suffix.lower() or ".xlsx"))
        path = self.path
        restore = not self.restore_deleted.isHidden() and self.restore_deleted.isChecked()
        table = self.result.table  # read again by the import only if the file changed

        def write(job: Any) -> Any:
            from libtrainer.services.register import import_register  # noqa: PLC0415

            return import_register(
                job.store,
                path,
                skip_bad=skip_bad,
                bad_rows_out=out,
                restore_deleted=restore,
                progress=reading_progress(job),
                table=table,
            )

        self.import_button.setEnabled(False)
        self.good_button.setEnabled(False)
        self.running = (
            Operation(self, write)
            .with_progress(_("Importing the register…"), cancellable=True)
            .success(self._imported)
            .failure(self._import_failed)
            .cancelled(self._import_stopped)
        )
        self.running.run_in_background()

    def _import_stopped(self) -> None:
        self._checked(self.result)  # as checked: the import can be started again
        stopped = _("The import was stopped. Nothing was imported.")
        self.summary.setText(stopped + "\n" + self.summary.text())

    def _imported(self, result: Any) -> None:
        self.running = None
        self.result = result
        self._show(result)
        if not result.written:  # the store changed since the check: mistakes now
            self._checked(result)
            return
        self.import_button.hide()
        self.good_button.hide()
        self.restore_deleted.hide()
        self.cancel.setText(_("Close"))
        self.cancel.setDefault(True)
        self.state.notify(None)

    def _import_failed(self, error: BaseException) -> None:
        self.running = None
        if self.result is not None:
            self._checked(self.result)
        show_error(self, error)


def choose_and_open(window: Any, path: str | None = None) -> ImportDialog | None:
    """Ask for the register (unless ``path`` is given), open the dialog and start the check."""
    if path is None:
        path, _filter = QFileDialog.getOpenFileName(
            window,
            _("Import a register"),
            str(printouts.documents()),
            _("Registers (*.xlsx *.csv);;Excel workbooks (*.xlsx);;CSV files (*.csv)"),
        )
    if not path:
        return None
    dialog = ImportDialog(window, window.state, Path(path))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    dialog.check()
    return dialog
