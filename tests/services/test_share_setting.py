"""Settings keep the shared folder as a whole path and refuse one without its drive (0331)."""

from __future__ import annotations

from pathlib import Path

import pytest

from libtrainer.domain.errors import ValidationError
from libtrainer.i18n import render
from libtrainer.services import settings
from libtrainer.store.store import Store


def test_settings_refuse_a_shared_folder_without_its_drive(store: Store) -> None:
    """A folder named "usb" alone is refused (it would move with the app's start folder)."""
    with store.uow() as uow, pytest.raises(ValidationError) as caught:
        settings.save(uow, share_path="usb")
    assert "whole path" in render(caught.value)
    with store.read() as conn:
        assert settings.read(conn).share_path is None


def test_settings_keep_the_whole_path_folded(store: Store, tmp_path: Path) -> None:
    """A whole path is kept with ".." and a trailing separator folded; "" clears it."""
    with store.uow() as uow:
        saved = settings.save(uow, share_path=f"{tmp_path}/x/../share/")
    assert saved.share_path == str(tmp_path / "share")
    with store.uow() as uow:
        assert settings.save(uow, share_path="").share_path is None
