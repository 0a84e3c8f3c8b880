"""Device settings in the store: shared folder and idle-lock minutes."""

from __future__ import annotations

import os

import pytest

from libtrainer.domain.errors import ValidationError
from libtrainer.services import settings
from libtrainer.store.store import Store


def test_defaults_then_saved_values(store: Store) -> None:
    """Nothing saved gives the defaults; saved values come back; "" clears the share."""
    with store.read() as conn:
        assert settings.read(conn) == settings.DeviceSettings(None, 5)
    # a whole path on this system (\\server\share on Windows, /srv/... elsewhere)
    share = os.path.abspath(os.path.join(os.sep, "srv", "libtrainer"))
    with store.uow() as uow:
        saved = settings.save(uow, share_path=share, idle_lock_minutes=10)
    assert saved == settings.DeviceSettings(share, 10)
    with store.uow() as uow:
        settings.save(uow, share_path="")
    with store.read() as conn:
        assert settings.read(conn).share_path is None


@pytest.mark.parametrize("minutes", [0, 121, True])
def test_idle_minutes_out_of_range_are_refused(store: Store, minutes: int) -> None:
    """Idle lock is 1–120 whole minutes."""
    with store.uow() as uow, pytest.raises(ValidationError):
        settings.save(uow, idle_lock_minutes=minutes)
