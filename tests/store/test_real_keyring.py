"""The store key through a real Secret Service (gnome-keyring in a private D-Bus session).

scripts/test starts the daemon and sets LIBTRAINER_TEST_SECRET_SERVICE=1; elsewhere these tests
are skipped (never the user's own keyring: HOME and XDG_RUNTIME_DIR are throwaway folders there).
"""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest

from libtrainer.services import storefile

pytestmark = [
    pytest.mark.real_keyring,
    pytest.mark.skipif(
        os.environ.get("LIBTRAINER_TEST_SECRET_SERVICE") != "1",
        reason="needs the private Secret Service started by scripts/test",
    ),
]


def test_store_key_round_trip_through_secret_service(tmp_path: Path) -> None:
    """A store created with the real keyring reopens in a new process-like second open."""
    from keyring.backends.SecretService import Keyring as SecretServiceKeyring

    keyring.set_keyring(SecretServiceKeyring())
    data = tmp_path / "data"
    storefile.create(data).close()
    config = storefile.read_config(data)
    assert config.key_source == "keyring"
    assert keyring.get_password("libtrainer", f"store-key:{config.store_uid}")
    storefile.open_store(data).close()
