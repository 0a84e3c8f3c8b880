"""Devices (the coordinator's computer): who may send work to the region, and who asks to.

A branch PC or a lecturer's laptop asks to join from its Sync screen and shows a code; the
person reads it to the coordinator by phone. Here the coordinator sees that request with its
code and approves it — until now only ``libtrainer trust approve CODE`` could. The enrolled
devices are listed with when their work last arrived, so a branch that has sent nothing for
weeks stands out; a lost or stolen computer is revoked after the last bundle it had sent —
merged here or signed and waiting on the shared folder (decision 0321) — and the question
names that bundle. The coordinator changes its own keys here too (``rotate_keys.py``). All of
it runs off the GUI thread (``sync/devices.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from libtrainer.i18n import _, ngettext
from libtrainer.i18n.format import format_date

from libtrainer.gui import labels as L
from libtrainer.gui.confirm import ConfirmDialog
from libtrainer.gui.models import ListTableModel
from libtrainer.gui.operations import error_text
from libtrainer.gui.rotate_keys import KeysBox
from libtrainer.gui.screens.base import Screen
from libtrainer.gui.widgets import table_view


def approve_fate() -> str:
    """What closing during an approval leaves (``AppState.share_actions``)."""
    return _(
        "If the approval did not reach the shared folder, the computer still waits on the "
        "Devices screen: approve it again. If it did, the region's catalogue goes to it with "
        "the next sync."
    )


def revoke_fate() -> str:
    return _(
        "If the revocation did not reach the shared folder, the computer is still enrolled on "
        "the Devices screen: revoke it again."
    )


def _when(iso: str | None) -> str:
    if not iso:
        return _("nothing yet")
    try:
        moment = dt.datetime.fromisoformat(iso).astimezone()
    except (ValueError, OverflowError, OSError):  # read from a file on the share: any text
        return iso[:40]
    return f"{format_date(moment.date())} {moment:%H:%M}"


class DevicesScreen(Screen):
    key = "devices"

    def __init__(self, state: Any, title: str, parent: Any = None) -> None:
        super().__init__(state, title, parent)
        self.overview: Any = None
        self.dialog: ConfirmDialog | None = None
        self._as_coordinator = False  # the request being approved asks to be a coordinator
        self._revoke_after: int | None = None  # the bundle named in the revoke question
        self.summary = QLabel(objectName="devicesSummary")
        self.summary.setWordWrap(True)
        self.pending = ListTableModel(
            [_("Code"), _("Computer"), _("Branch"), _("Role"), _("Asked on")], self
        )
        self.pending_view = table_view("pendingDevices", self.pending, (1, 2))
        self.pending_view.setAccessibleName(_("Computers waiting for approval"))
        self.pending_view.selectionModel().currentRowChanged.connect(self._enable)
        self.approve_button = QPushButton(_("&Approve…"), objectName="approveDevice")
        self.approve_button.clicked.connect(self.ask_approve)
        self.enrolled = ListTableModel(
            [
                _("Computer"),
                _("Branch"),
                _("Role"),
                _("Code"),
                _("Work last merged"),
                _("Changes merged"),
                _("State"),
            ],
            self,
        )
        self.enrolled_view = table_view("enrolledDevices", self.enrolled, (0, 1))
        self.enrolled_view.setAccessibleName(_("Enrolled computers"))
        self.enrolled_view.selectionModel().currentRowChanged.connect(self._enable)
        self.state_note = QLabel(objectName="deviceState")  # the selected one's state, whole
        self.state_note.setWordWrap(True)
        self.state_note.hide()
        self.revoke_button = QPushButton(_("&Revoke…"), objectName="revokeDevice")
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.check_button = QPushButton(_("&Check again"), objectName="devicesRefresh")
        self.check_button.clicked.connect(self.refresh)
        self.keys = KeysBox(self)
        self._layout()

    def _layout(self) -> None:
        waiting = QGroupBox(_("Waiting for approval"))
        column = QVBoxLayout(waiting)
        column.addWidget(
            QLabel(
                _(
                    "Approve a computer only after the person at it has read you the same "
                    "code by phone."
                ),
                wordWrap=True,
            )
        )
        column.addWidget(self.pending_view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.approve_button)
        column.addLayout(row)
        known = QGroupBox(_("Enrolled computers"))
        side = QVBoxLayout(known)
        side.addWidget(self.enrolled_view, 1)
        side.addWidget(self.state_note)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        side.addLayout(row)
        self.body.addWidget(self.summary)
        self.body.addWidget(waiting, 1)
        self.body.addWidget(known, 2)
        self.body.addWidget(self.keys)
        self._enable()

    def focus_first(self) -> None:
        self.pending_view.setFocus()

    @property
    def sharing(self) -> bool:
        """A change of the shared folder started here runs (also one started before this
        screen was rebuilt): no second one is started meanwhile."""
        return self.state.share_running()

    def share_change(self, kind: str, op: Any, fate: str) -> None:
        """Run ``op`` (a shared-folder operation) and remember it as ``kind`` while it runs."""
        self.state.start_share_action(kind, op.run_in_background(), fate)

    def _selected(self, model: ListTableModel, view: Any) -> str | None:
        return model.id_at(view.currentIndex().row())

    def _enable(self, *_args: Any) -> None:
        reachable = bool(self.overview and self.overview.reachable)
        own = self.state.device.device_id if self.state.device else None
        chosen = self._selected(self.enrolled, self.enrolled_view)
        row = self._device(chosen)
        self.approve_button.setEnabled(
            reachable and self._selected(self.pending, self.pending_view) is not None
        )
        self.revoke_button.setEnabled(
            reachable and row is not None and row.revoked_after is None and chosen != own
        )
        mine = self._device(own)
        self.keys.enable(reachable and mine is not None and mine.coordinator)
        # suspended, revoked, replaced: said whole for the selected computer (decision 0332)
        told = row is not None and not row.plain and bool(row.state_text)
        self.state_note.setVisible(told)
        self.state_note.setText(f"{row.name}: {row.state_text}" if told else "")

    def _device(self, device: str | None) -> Any:
        rows = self.overview.devices if self.overview else []
        return next((r for r in rows if r.device == device), None)

    # -- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        from libtrainer.sync import devices  # noqa: PLC0415

        share = self.state.share_path
        self.op(lambda job: devices.region_devices(job.store, share)).uses_share().success(
            self._loaded
        ).failure(self._failed).run_in_background()

    def _loaded(self, overview: Any) -> None:
        self.overview = overview
        text = _("Region {region}: trust list version {version}.").format(
            region=overview.region, version=overview.version
        )
        if overview.version == 0:
            text = _(
                "Region {region}: no computer is enrolled yet. Set the shared folder in "
                "Settings, then enrol this computer on the Sync screen: the region's first "
                "coordinator starts the list of computers."
            ).format(region=overview.region)
        elif not overview.reachable:
            text += " " + _(
                "The shared folder is not reachable: this is the list this computer knows, "
                "and requests cannot be read or approved now."
            )
        self.summary.setText(text)
        self.pending.set_rows(
            [
                (
                    p.code,
                    (
                        p.code,
                        p.name,
                        p.branch_name,
                        L.label(L.DEVICE_ROLES, p.role),
                        _when(p.requested),
                    ),
                )
                for p in overview.pending
            ]
        )
        self.enrolled.set_rows(
            [
                (
                    d.device,
                    (
                        d.name,
                        d.branch_name,
                        self._role(d.role),
                        d.code,
                        self._merged(d),
                        d.changes,
                        self._state_text(d),
                    ),
                )
                for d in overview.devices
            ]
        )
        if overview.pending:
            self.pending_view.setCurrentIndex(self.pending.index(0, 0))
        self._enable()

    @staticmethod
    def _merged(d: Any) -> str:
        if not d.last_seq:
            return _when(None)
        return _("{when}, bundle {n}").format(when=_when(d.last_merged), n=d.last_seq)

    @staticmethod
    def _role(code: str) -> str:
        return L.label(L.DEVICE_ROLES, code)

    @staticmethod
    def _state_text(d: Any) -> str:
        """Revoked, suspended, replaced by a new identity: as it is (decision 0332)."""
        if d.state_brief:
            return str(d.state_brief)
        if d.revoked_after is not None:
            return _("revoked after bundle {n}").format(n=d.revoked_after)
        return _("coordinator") if d.coordinator else _("enrolled")

    # -- approving and revoking ----------------------------------------------------------------

    def ask_approve(self) -> ConfirmDialog | None:
        code = self._selected(self.pending, self.pending_view)
        request = next((p for p in self.overview.pending if p.code == code), None)
        if request is None or self.sharing:
            return None
        text = _(
            "Approve {name} ({branch})?\n\nApprove only if the person at that computer has "
            "just read you this code by phone: {code}\n\nThe computer can then send its "
            "work to the region and receives the region's catalogue."
        ).format(name=request.name, branch=request.branch_name or "—", code=request.code)
        if request.replaces:
            from libtrainer.sync.summary import replaces_key_warning  # noqa: PLC0415

            text += "\n\n" + replaces_key_warning(request.name)
        if request.takes_over:
            text += "\n\n" + request.takes_over
        self._as_coordinator = request.role == "coordinator"
        if self._as_coordinator:
            text += "\n\n" + _(
                "It asks to join as a COORDINATOR'S computer: it will receive every branch's "
                "records sent from now on and may approve other computers. Approve it only for "
                "a coordinator of this region you know.\n\nRecords sent before it joined are "
                "encrypted for this computer's key only. For the new computer to read them "
                "too, make a key backup here (“libtrainer keys backup FILE”) and restore it "
                "there (“libtrainer keys restore FILE”)."
            )
        return self._ask(_("Approve this computer?"), text, _("&Approve"), "approve", code)

    def ask_revoke(self) -> None:
        """Find first where the revocation takes effect (the shared folder is read, off the GUI
        thread), then ask, naming that bundle (:attr:`dialog`)."""
        from libtrainer.sync import devices  # noqa: PLC0415

        row = self._device(self._selected(self.enrolled, self.enrolled_view))
        if row is None or self.sharing:
            return
        share, device = self.state.share_path, row.device

        def work(job: Any) -> Any:
            return devices.revocation_point(job.store, share, device)

        op = self.op(work).uses_share().success(lambda point: self._ask_revoke(row, point))
        self.share_change("revoke", op.failure(self._failed), "")

    def _ask_revoke(self, row: Any, point: Any) -> ConfirmDialog:
        text = _(
            "Revoke {name} ({branch})?\n\nDo this when the computer is lost, stolen or no "
            "longer used. The revocation takes effect after its bundle {n}: its work up to "
            "that bundle stays valid; anything it sends later is refused. To use it again, "
            "it must be enrolled again."
        ).format(name=row.name, branch=row.branch_name or "—", n=point.after)
        if point.not_merged:
            text += "\n\n" + ngettext(
                "{n} of those bundles is on the shared folder and not merged here yet; the "
                "next sync merges it.",
                "{n} of those bundles are on the shared folder and not merged here yet; the "
                "next sync merges them.",
                point.not_merged,
            ).format(n=point.not_merged)
        self._revoke_after = point.after
        return self._ask(_("Revoke this computer?"), text, _("&Revoke"), "revoke", row.device)

    def _ask(self, title: str, text: str, action: str, kind: str, ref: str) -> ConfirmDialog:
        self.dialog = ConfirmDialog(self, title, text, action, kind)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(lambda: self._run(kind, ref))
        self.dialog.finished.connect(self._closed)
        self.dialog.open()
        return self.dialog

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def _run(self, kind: str, ref: str) -> None:
        from libtrainer.sync import devices  # noqa: PLC0415

        share = self.state.share_path
        if self.sharing:
            return
        if kind == "approve":
            coordinator = self._as_coordinator
            work, progress, fate = (
                lambda job: devices.approve(job.store, share, ref, as_coordinator=coordinator),
                _("Approving and sending the region's catalogue…"),
                approve_fate(),
            )
        else:
            after = self._revoke_after
            work, progress, fate = (
                lambda job: devices.revoke_after_last(job.store, share, ref, after),
                _("Revoking…"),
                revoke_fate(),
            )
        op = self.op(work).uses_share().with_progress(progress)
        op.success(lambda result: self._done(kind, result)).failure(self._failed)
        self.share_change(kind, op, fate)

    def _done(self, kind: str, result: Any) -> None:
        if kind == "approve":
            message = _("Approved: {name} ({branch}), code {code}.").format(
                name=result.name, branch=result.branch_name, code=result.current.code
            )
        else:
            message = _("Revoked after bundle {n}: its bundles up to that number stay valid.")
            message = message.format(n=result)
        self.banner.show_message(message, "info")
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.banner.show_message(error_text(error), "error")
