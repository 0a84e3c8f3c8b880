"""What the Sync and Today screens ask the store: counts of changes waiting."""

from __future__ import annotations

from libtrainer.services import participants
from libtrainer.store.store import Store

from libtrainer.gui import sync_runner


def test_quick_count_of_changes_waiting_equals_the_exact_one(store: Store) -> None:
    """Without any bundle yet, newest outbox number minus nothing = every change captured."""
    with store.uow() as uow:
        participants.create_participant(uow, "Šarūnas", "Žemaitis", birth_year=1957)
    with store.read() as conn:
        exact, quick = sync_runner.waiting(conn), sync_runner.waiting_quick(conn)
    assert exact == quick > 0


def test_status_without_a_shared_folder(store: Store) -> None:
    """No share set: not reachable, nothing sent yet, the changes counted."""
    status = sync_runner.status(store, None)
    assert status.share is None and not status.reachable
    assert status.last_sent is None and status.waiting > 0
