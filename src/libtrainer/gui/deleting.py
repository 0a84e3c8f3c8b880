"""Deleting from a screen: ask first, delete, offer Undo until the next change or the lock.

A screen makes one :class:`DeleteFlow` and calls :meth:`DeleteFlow.ask` from its delete
button, or lets :meth:`DeleteFlow.watch` do it for the Delete key on a list. Asking reads the
record's name and what goes with it (``records.plan_delete``: a record that is still used is
refused there, with the service's message, before any question), checks who may delete it
(:mod:`libtrainer.gui.delete_rules`), then asks with the app's confirm dialog, Cancel being
the default button. The delete keeps a snapshot of what it removed in memory — here, and
nowhere else — and the undo bar below the screen's banner offers to put it back
(``records.restore_deleted``: re-inserts that sync as restores). The offer, and the snapshot
with it, is dropped when any screen changes something, when the person locks the app
(``Screen.clear_personal_data``), or after the undo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QFrame, QHBoxLayout, QLabel, QPushButton

from libtrainer.i18n import _

from libtrainer.gui import delete_rules, delete_text
from libtrainer.gui.confirm import ConfirmDialog
from libtrainer.gui.operations import error_text

if TYPE_CHECKING:
    from libtrainer.services.snapshots import Snapshot

    from libtrainer.gui.delete_queries import Target
    from libtrainer.gui.screens.base import Screen


class UndoBar(QFrame):
    """A message line with an Undo button, shown while a delete can be undone."""

    STYLE = (
        "QFrame#undoBar{background:#e8f1fb;border:1px solid #0b3d6e;border-radius:3px;}"
        "QFrame#undoBar QLabel{color:#0b3d6e;}"
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setStyleSheet(self.STYLE)
        self.text = QLabel(objectName="undoText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # it quotes names people typed
        self.text.setWordWrap(True)
        self.button = QPushButton(_("Undo (Ctrl+Z)"), objectName="undoDelete")
        self.button.setAccessibleName(_("Undo the deletion"))
        self.button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.setAccessibleName(_("Message"))
        self.hide()

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.show()

    def withdraw(self) -> None:
        self.text.clear()
        self.setAccessibleDescription("")
        self.hide()


class DeleteFlow(QObject):
    """Ask, delete and undo on one screen (see the module notes). ``deleted`` and
    ``restored`` are called with the :class:`~libtrainer.gui.delete_queries.Target` after a
    delete and before the screens refresh after an undo (to choose the row to show)."""

    #: the ``Changed`` of a delete or an undo, once the screens were told (tests)
    finished = Signal(object)

    def __init__(
        self,
        screen: Screen,
        *,
        deleted: Callable[[Target], None] | None = None,
        restored: Callable[[Target], None] | None = None,
    ) -> None:
        super().__init__(screen)
        self.screen = screen
        self.dialog: ConfirmDialog | None = None
        self._deleted_hook = deleted
        self._restored_hook = restored
        self._snapshot: Snapshot | None = None
        self._target: Target | None = None
        self._watched: dict[Any, tuple[str, Callable[[], str | None]]] = {}
        self.bar = UndoBar(screen)
        layout = screen.layout()
        layout.insertWidget(layout.indexOf(screen.banner) + 1, self.bar)  # type: ignore[attr-defined]
        self.bar.button.clicked.connect(self.undo)
        self.undo_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), screen)
        self.undo_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_key.activated.connect(self.undo)
        self.undo_key.setEnabled(False)
        screen.state.changed.connect(self._store_changed)
        screen.deleting = self

    @property
    def offered(self) -> bool:
        """An undo is on offer (a snapshot is held)."""
        return self._snapshot is not None

    def watch(self, view: QAbstractItemView, table: str, current: Callable[[], str | None]) -> None:
        """The Delete key on ``view`` asks to delete its current row (``current()``)."""
        self._watched[view] = (table, current)
        view.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Delete
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and watched in self._watched
        ):
            table, current = self._watched[watched]
            self.ask(table, current())
            return True
        return False

    # -- asking --------------------------------------------------------------------------------

    def ask(self, table: str, row_id: str | None) -> None:
        """Ask whether to delete ``row_id`` of ``table`` (nothing when no row is chosen)."""
        state = self.screen.state
        if row_id is None or self.screen.busy or self._asking():
            return
        refused = delete_rules.refusal(state.role, state.staff_id, table)
        if refused:
            self.screen.banner.show_message(refused, "error")
            return
        from libtrainer.services import records  # noqa: PLC0415 - not at start

        from libtrainer.gui import delete_queries  # noqa: PLC0415

        def look(unit: Any) -> tuple[Target, Any]:
            found = delete_queries.target(unit.session, table, row_id)
            return found, records.plan_delete(unit, table, row_id)

        self.screen.read(look).success(lambda found: self._looked(*found)).failure(
            self._failed
        ).run_in_background()

    def _asking(self) -> bool:
        return self.dialog is not None and self.dialog.isVisible()

    def _looked(self, target: Target, plan: Any) -> None:
        state = self.screen.state
        refused = delete_rules.refusal(state.role, state.staff_id, target.table, target.owners)
        if refused:
            self.screen.banner.show_message(refused, "error")
            return
        title, action = delete_text.TITLES[target.table]
        coordinator = state.device is not None and state.device.role == "coordinator"
        text = delete_text.question(target, plan, coordinator=coordinator)
        dialog = ConfirmDialog(self.screen, _(title), text, _(action), "delete")
        dialog.accepted.connect(lambda: self._delete(target))
        if self.dialog is not None:
            self.dialog.deleteLater()  # the previous question, answered
        self.dialog = dialog
        dialog.open()

    # -- deleting and undoing ------------------------------------------------------------------

    def _delete(self, target: Target) -> None:
        from libtrainer.services import records  # noqa: PLC0415

        screen = self.screen
        if screen.busy:
            return
        screen.busy = True
        screen.write(lambda uow: records.delete_for_undo(uow, target.table, target.row_id)).success(
            screen.settled(lambda done: self._done(target, done))
        ).failure(screen.settled(self._failed)).run_in_background()

    def _done(self, target: Target, done: Any) -> None:
        self.forget()
        self.screen.state.notify(done.changed)  # other screens drop their offers here
        self._snapshot, self._target = done.snapshot, target
        self.screen.banner.show_message("")
        self.bar.offer(delete_text.deleted(target))
        self.undo_key.setEnabled(True)
        if self._deleted_hook is not None:
            self._deleted_hook(target)
        self.finished.emit(done.changed)

    def undo(self) -> None:
        """Put back what the last delete removed (while offered)."""
        from libtrainer.services import records  # noqa: PLC0415

        snapshot, target, screen = self._snapshot, self._target, self.screen
        if snapshot is None or target is None or screen.busy:
            return
        screen.busy = True
        screen.write(lambda uow: records.restore_deleted(uow, snapshot)).success(
            screen.settled(lambda changed: self._undone(target, changed))
        ).failure(screen.settled(self._undo_failed)).run_in_background()

    def _undone(self, target: Target, changed: Any) -> None:
        self.forget()
        if self._restored_hook is not None:
            self._restored_hook(target)
        self.screen.state.notify(changed)
        self.screen.banner.show_message(delete_text.restored(target), "info")
        self.finished.emit(changed)

    def _undo_failed(self, error: BaseException) -> None:
        from libtrainer.services.snapshots import UndoRefused  # noqa: PLC0415

        if isinstance(error, UndoRefused):  # it will not work later either
            self.forget()
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.screen.banner.show_message(error_text(error), "error")

    # -- dropping the offer --------------------------------------------------------------------

    def _store_changed(self, changed: Any) -> None:
        """Another change was made: the offer ends. A notice without details (a sync, an
        import) ends it too: an import may have entered the deleted person again under a new
        record, and an undo would then count them twice."""
        if self._snapshot is not None and (changed is None or not changed.empty):
            self.forget()

    def forget(self) -> None:
        """Drop the snapshot and hide the offer (after the next change, at the lock)."""
        self._snapshot = None
        self._target = None
        self.undo_key.setEnabled(False)
        self.bar.withdraw()
