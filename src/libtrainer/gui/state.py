"""What the whole window shares: the data folder, settings, who is signed in, the device.

The store itself is NOT here: it lives in the task manager and is reached only by operations
(:mod:`libtrainer.gui.operations`). Screens listen to :attr:`AppState.changed` to refresh what
they show after any screen wrote something. Thread rule: GUI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Signal

from libtrainer.gui.operations import TaskManager
from libtrainer.gui.screens import screen_keys
from libtrainer.gui.settings import GuiSettings

#: Which screens each role sees (Settings shows admin parts only to admins). Librarians see the
#: programme catalogue (read-only, docs/decisions/0110) and the staff list (read-only, 0111);
#: lecturers choose from them in their dialogs.
ALL_SCREENS = screen_keys()
#: Screens only on a coordinator device (and only for coordinators and administrators).
COORDINATOR_SCREENS = ("duplicates", "devices")
SCREENS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "librarian": tuple(k for k in ALL_SCREENS if k not in COORDINATOR_SCREENS),
    "lecturer": ("today", "groups", "participants", "consultations", "sync", "settings"),
    "coordinator": ALL_SCREENS,
    "admin": ALL_SCREENS,
}


class Device(NamedTuple):
    """This device's identity as the screens need it (no secrets). A named tuple, not a
    dataclass: it is made before the window is ready, and a frozen dataclass (with the
    ``dataclasses`` module) costs ≈14 M instructions there (decision 0510)."""

    device_id: str
    region_id: str
    library_id: str
    branch_id: str
    role: str
    device_name: str = ""
    branch_name: str = ""
    demo: bool = False
    country: str = ""  # of the region ("LT", "LV"): which demo a demo store is


class AppState(QObject):
    """Shared state of one app window."""

    user_changed = Signal()
    changed = Signal(object)  # a services.results.Changed (or None: refresh everything)
    language_changed = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        settings: GuiSettings,
        tasks: TaskManager,
        log_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.settings = settings
        self.tasks = tasks
        self.log_path = log_path
        self.user: Any = None  # services.accounts.SignedIn
        self.device: Device | None = None
        self.idle_lock_minutes = 5
        self.share_path: str | None = None
        #: this computer also sends hourly while the app is closed (``sync.scheduled``)
        self.scheduled_send = False
        self.persistence = "none"  # see gui.persistence.check_marker
        #: store.json's id of the open store, once known ("" before)
        self.store_uid = ""
        #: the store is older than this computer last saw it (a services.restorecheck.Behind)
        self.store_behind: Any = None
        self.window: Any = None
        self.wizard: Any = None
        #: Changes to the shared folder started from a screen (the Devices screen's approve,
        #: revoke, change of keys): kind -> (the operation's future, what closing now would
        #: leave undone). Whether one runs is read from its future, never from a flag: it
        #: outlives the screen (a lock or a language switch rebuilds it), and a flag could
        #: stay set when its result never comes (the app closing, an unexpected failure).
        self.share_actions: dict[str, tuple[Any, str]] = {}

    @property
    def store_open(self) -> bool:
        return self.tasks.store is not None

    @property
    def role(self) -> str:
        return str(self.user.role) if self.user is not None else ""

    @property
    def staff_id(self) -> str | None:
        return str(self.user.staff_id) if self.user is not None else None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def screens(self) -> tuple[str, ...]:
        keys = SCREENS_BY_ROLE.get(self.role, ("today", "settings"))
        if self.device is None or self.device.role != "coordinator":
            # The coordinator's computer only: it has the region's keys (devices) and every
            # branch's records and decisions (duplicates).
            keys = tuple(k for k in keys if k not in COORDINATOR_SCREENS)
        return keys

    def sign_in(self, user: Any) -> None:
        self.user = user
        self.user_changed.emit()

    def sign_out(self) -> None:
        self.user = None
        self.user_changed.emit()

    def start_share_action(self, kind: str, future: Any, fate: str) -> None:
        """Remember the shared-folder change ``kind`` now running as ``future``."""
        self.share_actions[kind] = (future, fate)

    def share_running(self, kind: str | None = None) -> bool:
        """Whether the shared-folder change ``kind`` (any, when None) is still running."""
        return any(
            not future.done()
            for name, (future, _fate) in self.share_actions.items()
            if kind in (None, name)
        )

    def share_fates(self, kind: str | None = None) -> list[str]:
        """What closing now would leave undone, for each shared-folder change still running."""
        return [
            fate
            for name, (future, fate) in self.share_actions.items()
            if kind in (None, name) and not future.done() and fate
        ]

    def notify(self, changed: Any = None) -> None:
        """Tell every screen that the store changed (``changed``: what, when known)."""
        self.changed.emit(changed)
