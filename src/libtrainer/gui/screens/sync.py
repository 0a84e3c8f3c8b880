"""Sync: last sync, changes waiting, whether the shared folder is reachable, "Sync now" in the
background, quarantined bundles with their reasons, and the enrolment code to read out."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QTableView

from libtrainer.i18n import _

from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import Operation, error_text
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import table_view


class SyncScreen(Screen):
    key = "sync"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.labels = {
            key: QLabel("…", objectName=f"sync_{key}")
            for key in ("share", "reachable", "waiting", "last", "code")
        }
        for label in self.labels.values():
            label.setWordWrap(True)
        box = QGroupBox(_("State"))
        form = QFormLayout(box)
        for key, text in (
            ("share", _("Shared folder")),
            ("reachable", _("Reachable")),
            ("waiting", _("Changes waiting to be sent")),
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
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.enrol_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        self.model = ListTableModel([_("Bundle"), _("Last tried"), _("Reason")], self)
        self.quarantine: QTableView = table_view("quarantineTable", self.model, (2,))
        self.quarantine.setAccessibleName(_("Quarantined bundles"))
        self.quarantine.setWordWrap(True)
        self.quarantine_label = QLabel(_("Bundles set aside (not merged), with the reason"))
        self.body.addWidget(box)
        self.body.addLayout(buttons)
        self.body.addWidget(self.quarantine_label)
        self.body.addWidget(self.quarantine, 1)
        self.status: Any = None

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
            _("yes") if status.reachable else _("no — changes stay safe on this computer")
        )
        self.labels["waiting"].setText(str(status.waiting))
        self.labels["last"].setText(status.last_sent or _("never"))
        self.labels["code"].setText(status.enrolment_code or _("none yet"))
        self.model.set_rows([(str(i), row) for i, row in enumerate(status.quarantined)])
        self.quarantine_label.setText(
            _("Bundles set aside (not merged), with the reason: {n}").format(
                n=len(status.quarantined)
            )
        )

    def sync_now(self) -> None:
        """Send and receive in the background; the window stays usable."""
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.state.share_path
        self.sync_button.setEnabled(False)
        self.banner.show_message(_("Syncing…"), "info")
        Operation(self, lambda job: sync_runner.sync_now(job.store, share, job)).with_progress(
            _("Sending and receiving…")
        ).success(self._synced).failure(self._sync_failed).run_in_background()

    def _synced(self, result: Any) -> None:
        self.sync_button.setEnabled(True)
        if result.note == "not_enrolled":
            text = _(
                "The coordinator has not enrolled this computer yet: changes are kept "
                "here until then. Read the enrolment code to the coordinator."
            )
            self.banner.show_message(text, "warning")
        else:
            self.banner.show_message(
                _("Sync finished: {sent} changes sent, {received} received.").format(
                    sent=result.sent_changes, received=result.received
                ),
                "info",
            )
        self.state.notify(None)
        self.refresh()

    def _sync_failed(self, error: BaseException) -> None:
        self.sync_button.setEnabled(True)
        self._failed(error)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")

    def request_enrolment(self) -> None:
        from libtrainer.gui import sync_runner  # noqa: PLC0415

        share = self.state.share_path
        Operation(self, lambda job: sync_runner.request_enrolment(job.store, share)).success(
            self._enrolment_requested
        ).failure(self._failed).run_in_background()

    def _enrolment_requested(self, result: tuple[str, str]) -> None:
        code, state = result
        if state == "enrolled":
            self.banner.show_message(_("This computer is enrolled."), "info")
        else:
            self.banner.show_message(
                _("Request sent. Read this code to your coordinator: {code}").format(code=code),
                "info",
            )
        self.refresh()
