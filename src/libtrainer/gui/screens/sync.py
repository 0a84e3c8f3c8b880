"""Sync: last sync, changes waiting, whether the shared folder is reachable, "Sync now" in the
background, the whole quarantine (every bundle set aside, with its reason and what to do), and
the enrolment code to read out.

A coordinator (or an administrator on the coordinator's computer) also gets "Re-stamp" for a
bundle refused for its future date and "Resume device" for a device suspended after a fork;
both run through the operation helper and sync afterwards. A computer that asked to join its
region runs its first sync by itself as soon as the coordinator has approved it. A branch
computer restored or copied takes a new identity when its coordinator asks (renew_dialog.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
)

from libtrainer.i18n import _

from libtrainer.gui.basics import Banner
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import Operation, error_text
from libtrainer.gui.renew_dialog import RenewAction
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import table_view


class SyncScreen(Screen):
    key = "sync"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.labels = {
            key: QLabel("…", objectName=f"sync_{key}")
            for key in ("share", "reachable", "waiting", "unconfirmed", "last", "code")
        }
        for label in self.labels.values():
            label.setWordWrap(True)
        box = QGroupBox(_("State"))
        form = QFormLayout(box)
        for key, text in (
            ("share", _("Shared folder")),
            ("reachable", _("Reachable")),
            ("waiting", _("Changes waiting to be sent")),
            ("unconfirmed", _("Sent, not yet confirmed by the coordinator")),
            ("last", _("Last sent")),
            ("code", _("Enrolment code")),
        ):
            caption = QLabel(text)
            caption.setBuddy(self.labels[key])
            self.labels[key].setAccessibleName(text)
            form.addRow(caption, self.labels[key])
        self.sync_button = QPushButton(_("&Sync now (Ctrl+Shift+S)"), objectName="syncNow")
        self.sync_button.setAccessibleName(_("Sync now"))
        self.sync_button.clicked.connect(self.sync_now)
        self.enrol_button = QPushButton(
            _("Ask the coordinator to &enrol this computer"), objectName="requestEnrolment"
        )
        self.enrol_button.clicked.connect(self.request_enrolment)
        self.refresh_button = QPushButton(_("&Check again"), objectName="syncRefresh")
        self.refresh_button.clicked.connect(self.check_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.enrol_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        self.renew = RenewAction(self)
        # what came from which computer, in plain words (QuarantineRow.cells)
        self.model = ListTableModel(
            [_("Computer"), _("First seen"), _("State"), _("Reason and what to do")], self
        )
        self.quarantine: QTableView = table_view("quarantineTable", self.model, (3,))
        self.quarantine.setAccessibleName(_("Received and set aside (not taken in)"))
        self.quarantine.setWordWrap(True)
        _wrap_columns(self.quarantine, {0: 22, 2: 16})
        self.quarantine.selectionModel().selectionChanged.connect(self._selection_changed)
        self.quarantine_label = QLabel(_("Received and set aside (not taken in)"))
        self.quarantine_label.setBuddy(self.quarantine)
        self.revoked_label = Banner("", "warning")  # stays while the trust list says so
        self.revoked_label.setObjectName("syncRevoked")
        self.paused_label = Banner("", "warning")  # stays while a coordinator's notice holds
        self.paused_label.setObjectName("syncPaused")
        self.suspended_label = QLabel("", objectName="suspendedDevices")
        self.suspended_label.setWordWrap(True)
        self.suspended_label.hide()
        self.restamp_button = QPushButton(_("&Re-stamp and merge"), objectName="restampBundle")
        self.restamp_button.setAccessibleName(_("Re-stamp the selected bundle and merge it"))
        self.restamp_button.clicked.connect(self.restamp_selected)
        self.resume_button = QPushButton(_("Resume &device"), objectName="resumeDevice")
        self.resume_button.setAccessibleName(_("Resume the selected bundle's suspended device"))
        self.resume_button.clicked.connect(self.resume_selected)
        actions = QHBoxLayout()
        actions.addWidget(self.restamp_button)
        actions.addWidget(self.resume_button)
        actions.addStretch(1)
        self.body.addWidget(self.paused_label)
        self.body.addWidget(self.revoked_label)
        self.body.addWidget(box)
        self.body.addLayout(buttons)
        self.body.addWidget(self.renew.button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.quarantine_label)
        self.body.addWidget(self.suspended_label)
        self.body.addWidget(self.quarantine, 1)
        self.body.addLayout(actions)
        self.status: Any = None
        self._join_checked = False
        self._update_actions()

    def check_again(self) -> None:
        """Read the state again; a joining computer also looks for its approval again."""
        self._join_checked = False
        self.refresh()

    def refresh(self) -> None:
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.state.share_path
        Operation(self, lambda job: sync_runner.status(job.store, share)).read_only().success(
            self._shown
        ).failure(self._failed).run_in_background()

    def _shown(self, status: Any) -> None:
        self.status = status
        self.labels["share"].setText(status.share or _("not set (Settings)"))
        self.labels["reachable"].setText(
            _("yes")
            if status.reachable
            else _(
                "no — it is remembered without its drive or the folders above it; set its "
                "whole path in Settings. Changes stay safe on this computer"
            )
            if status.share_incomplete
            else _("no — changes stay safe on this computer")
        )
        self.labels["waiting"].setText(str(status.waiting))
        self.labels["unconfirmed"].setText(str(status.unconfirmed))
        self.labels["last"].setText(status.last_sent or _("never"))
        self.labels["code"].setText(status.enrolment_code or _("none yet"))
        self.model.set_rows([(row.bundle_hash, row.cells()) for row in status.rows])
        self.quarantine.resizeRowsToContents()
        waiting = sum(1 for row in status.rows if row.needs_person)
        self.quarantine_label.setText(
            _(
                "Received and set aside (not taken in): {n}; waiting for someone to decide: "
                "{waiting}"
            ).format(n=len(status.rows), waiting=waiting)
        )
        self.suspended_label.setVisible(bool(status.suspended))
        self.suspended_label.setText(
            _("Suspended devices (their bundles are held back): {names}").format(
                names=", ".join(sorted(status.suspended.values()))
            )
        )
        # a coordinator's notice says why this computer's sending stopped and the way back
        self.paused_label.show_message("\n".join(status.paused))
        self.revoked_label.setVisible(status.revoked_after is not None and not status.paused)
        if status.revoked_after is not None:
            self.revoked_label.setText(_revoked_text(status.revoked_after))
        self._update_actions()
        if status.joining and status.reachable and not self._join_checked:
            self._join_checked = True
            self._finish_join()

    # -- coordinator actions ---------------------------------------------------------------------

    def can_act(self) -> bool:
        """Re-stamp and resume are for a coordinator's computer, used by a coordinator/admin."""
        return bool(
            self.status is not None
            and self.status.coordinator
            and self.state.role in ("coordinator", "admin")
        )

    def selected_row(self) -> Any:
        if self.status is None:
            return None
        rows = self.quarantine.selectionModel().selectedRows()
        bundle = self.model.id_at(rows[0].row()) if rows else None
        return next((r for r in self.status.rows if r.bundle_hash == bundle), None)

    def _selection_changed(self, *_args: Any) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        # Asking to be enrolled helps only a computer the trust list does not name yet (a
        # region's first coordinator starts the list this way); not a revoked one either.
        self.enrol_button.setVisible(self.status is not None and not self.status.enrolled)
        allowed = self.can_act()
        self.restamp_button.setVisible(allowed)
        self.resume_button.setVisible(allowed)
        self.renew.update()
        row = self.selected_row() if allowed else None
        self.restamp_button.setEnabled(
            row is not None and row.reason == "future_clock" and not row.restamp_approved
        )
        self.resume_button.setEnabled(
            row is not None and row.device is not None and row.device in self.status.suspended
        )

    def restamp_selected(self) -> None:
        """Ask first, then merge the selected future-dated bundle with this computer's clock."""
        from libtrainer.gui.confirm import ConfirmDialog  # noqa: PLC0415

        row = self.selected_row()
        if row is None or not self.restamp_button.isEnabled():
            return
        question = ConfirmDialog(
            self,
            _("Re-stamp this bundle?"),
            _(
                "The bundle {file} from {device} is dated in the future: that computer's clock "
                "was wrong. Re-stamping merges its changes as if they were made now. Do it only "
                "after you have checked with the branch that the clock is right again. Its "
                "dates stay ahead for a while even then, so its later bundles dated no further "
                "ahead than this one are re-stamped too, until its dates are right."
            ).format(file=row.file, device=row.device_label),
            _("&Re-stamp and merge"),
            "restamp",
        )
        question.accepted.connect(lambda: self._restamp(row.bundle_hash))
        question.open()

    def _restamp(self, ref: str) -> None:
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.state.share_path
        self.restamp_button.setEnabled(False)
        Operation(
            self, lambda job: sync_runner.restamp(job.store, share, ref, job)
        ).uses_share().with_progress(_("Re-stamping and merging…")).success(
            self._restamped
        ).failure(self._sync_failed).run_in_background()

    def _restamped(self, result: Any) -> None:
        self.banner.show_message(
            _("The bundle was re-stamped; changes received: {n}.").format(n=result.received),
            "info",
        )
        self.state.notify(None)
        self.refresh()

    def resume_selected(self) -> None:
        """Lift the suspension of the selected bundle's device, then sync (in the background)."""
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        row = self.selected_row()
        if row is None or not self.resume_button.isEnabled():
            return
        share, device = self.state.share_path, row.device
        self.resume_button.setEnabled(False)
        Operation(
            self, lambda job: sync_runner.resume(job.store, share, device, job)
        ).uses_share().with_progress(_("Resuming the device and merging…")).success(
            self._resumed
        ).failure(self._sync_failed).run_in_background()

    def _resumed(self, result: Any) -> None:
        done, synced = result
        self.banner.show_message(
            _(
                "The suspension of {device} is lifted. Held-back bundles tried again: {n}; "
                "bundles of the other history, refused for good: {rejected}; changes "
                "received: {received}."
            ).format(
                device=done.label,
                n=done.requeued,
                rejected=done.rejected,
                received=synced.received,
            ),
            "info",
        )
        self.state.notify(None)
        self.refresh()

    # -- joining ---------------------------------------------------------------------------------

    def _finish_join(self) -> None:
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.state.share_path
        Operation(self, lambda job: sync_runner.finish_join(job.store, share)).uses_share().success(
            self._joined
        ).failure(self._failed).run_in_background()

    def _joined(self, joined: Any) -> None:
        if joined is not None and joined.state == "revoked":
            self.banner.show_message(_revoked_text(joined.revoked_after), "warning")
            self.refresh()
            return
        if joined is None or joined.synced is None:
            return
        self.banner.show_message(
            _(
                "The coordinator has enrolled this computer: the region's catalogue arrived "
                "({n} programmes)."
            ).format(n=joined.programmes),
            "info",
        )
        self.state.notify(None)
        self.refresh()

    def sync_now(self) -> None:
        """Send and receive in the background; the window stays usable."""
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.state.share_path
        self.sync_button.setEnabled(False)
        self.banner.show_message(_("Syncing…"), "info")
        Operation(
            self, lambda job: sync_runner.sync_now(job.store, share, job)
        ).uses_share().with_progress(_("Sending and receiving…")).success(self._synced).failure(
            self._sync_failed
        ).run_in_background()

    def _synced(self, result: Any) -> None:
        self.sync_button.setEnabled(True)
        if result.note == "paused":  # nothing was sent: say why, not "finished" (0333)
            self.banner.show_message("\n".join(result.notices), "warning")
        elif result.revoked_after is not None:
            self.banner.show_message(_revoked_text(result.revoked_after), "warning")
        elif result.note == "key_replaced":
            self.banner.show_message("\n".join(result.lines), "warning")
        elif result.note == "not_enrolled":
            device = self.state.device
            if device is not None and device.role == "coordinator":
                text = _(
                    "This coordinator's computer is not enrolled yet, so its changes stay "
                    "here. If it is the region's first coordinator, press “{button}”: that "
                    "starts the region's trust list. If the region already has a coordinator, "
                    "press it and read the code to that coordinator, who approves this "
                    "computer as a coordinator."
                ).format(button=self.enrol_button.text().replace("&", ""))
            else:
                text = _(
                    "The coordinator has not enrolled this computer yet: changes are kept "
                    "here until then. Read the enrolment code to the coordinator."
                )
            self.banner.show_message(text, "warning")
        else:
            self.banner.show_message(*outcome(result))
        self.state.notify(None)
        self.refresh()

    def _sync_failed(self, error: BaseException) -> None:
        self.sync_button.setEnabled(True)
        self._failed(error)
        self._update_actions()
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")

    def request_enrolment(self) -> None:
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.state.share_path
        Operation(
            self, lambda job: sync_runner.request_enrolment(job.store, share)
        ).uses_share().success(self._enrolment_requested).failure(self._failed).run_in_background()

    def _enrolment_requested(self, result: tuple[str, str, int | None]) -> None:
        code, state, revoked_after = result
        if state == "enrolled":
            self.banner.show_message(_("This computer is enrolled."), "info")
        elif state == "revoked":
            self.banner.show_message(_revoked_text(revoked_after), "warning")
        elif state == "asked":
            self.banner.show_message(
                _(
                    "This computer has already asked to be enrolled. Read this code to your "
                    "coordinator: {code}"
                ).format(code=code),
                "info",
            )
        else:
            self.banner.show_message(
                _("Request sent. Read this code to your coordinator: {code}").format(code=code),
                "info",
            )
        self.refresh()


def _wrap_columns(view: QTableView, widths: dict[int, int]) -> None:
    """Give ``view``'s columns a width of so many average characters, their text wrapping in
    it (a computer's name with its branch, a state): the reason keeps most of a small screen."""
    header = view.horizontalHeader()
    average = view.fontMetrics().averageCharWidth()
    for column, chars in widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, chars * average)


def outcome(result: Any) -> tuple[str, str]:
    """The banner after "Sync now": the counts, then what went wrong (a full or write-protected
    shared folder: as the command line says it, a warning, never a success), then what a
    person should act on."""
    counts = {"sent": result.sent_changes, "received": result.received}
    if result.problems:
        head = _("Sync ran into a problem: {sent} changes sent, {received} received.")
        return "\n".join([head.format(**counts), *result.problems, *result.notices]), "warning"
    done = _("Sync finished: {sent} changes sent, {received} received.").format(**counts)
    notices = result.notices  # what a person should act on: under the counts
    return "\n".join([done, *notices]), "warning" if notices else "info"


def _revoked_text(after: int | None) -> str:
    """What a computer the coordinator revoked is told (the words of ``sync``, without the
    bundle number)."""
    from libtrainer.sync.summary import revoked_line  # noqa: PLC0415 - loaded by the sync work

    return revoked_line(after, window=True)
