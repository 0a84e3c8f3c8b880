"""The clock floor a store keeps in ``lt_meta`` only grows (decision 0518)."""

from __future__ import annotations

from pathlib import Path

from libtrainer.services import storefile
from libtrainer.store.store import read_meta
from tests.conftest import MemoryKeyring, make_store


def _floor(data: Path) -> int:
    store = storefile.open_store(data)
    try:
        with store.read() as conn:
            return int(read_meta(conn, "hlc_floor") or 0)
    finally:
        store.engine.dispose()  # not close(): that would write the floor


def test_closing_an_older_clock_never_lowers_the_floor_another_process_wrote(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """The window's store closes after the scheduled sync's (which went further): the floor
    stays where the sync left it, so the folder does not look put back in time."""
    data = tmp_path / "d"
    make_store(data).close()
    window = storefile.open_store(data)
    sync = storefile.open_store(data)
    sync.identity.clock.observe(window.identity.clock.last + 10_000_000)
    ahead = sync.identity.clock.now()
    sync.close()
    assert _floor(data) >= ahead
    window.close()
    assert _floor(data) >= ahead
