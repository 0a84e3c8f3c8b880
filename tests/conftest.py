"""Shared fixtures. Tests never touch the real home folder, the real keyring or the network.

- ``memory_keyring`` (autouse): an in-memory keyring backend for every test; the tests of the
  real Secret Service path opt out explicitly.
- ``isolated_env`` (autouse): HOME, XDG folders and LIBTRAINER_DATA_DIR point into tmp_path.
- ``unknown_number_format`` (autouse): the computer's list separator and decimal symbol are
  "not known", so a CSV follows its report's language whatever machine runs the tests; a test
  of the computer's settings sets them (``libtrainer.i18n.system.number_format``).
- ``store``: a fresh, initialised branch store (encrypted, capture on) in a temp folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from libtrainer.i18n import set_language, system
from libtrainer.services import setup, storefile
from libtrainer.store.store import Store


class MemoryKeyring(KeyringBackend):
    """A keyring that lives and dies with one test."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    if request.node.get_closest_marker("real_keyring"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_env(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> Path:
    home = tmp_path_factory.mktemp("home")
    if not request.node.get_closest_marker("real_keyring"):
        monkeypatch.setenv("HOME", str(home))
        monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("LIBTRAINER_DATA_DIR", str(home / "libtrainer-data"))
    monkeypatch.delenv("LIBTRAINER_LANG", raising=False)
    set_language("en")
    return home


@pytest.fixture(autouse=True)
def unknown_number_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system, "number_format", lambda: None)


def make_store(
    data_dir: Path,
    *,
    branch: str = "Būdviečio padalinys",
    role: str = "branch",
    device_name: str = "Skaitykla PC-1",
) -> Store:
    """Create and initialise a store in ``data_dir`` (keyring-kept key)."""
    store = storefile.create(data_dir)
    setup.initialise(
        store,
        region="Alytaus apskritis",
        library="Lazdijų r. savivaldybės viešoji biblioteka",
        branch=branch,
        device_name=device_name,
        role=role,
    )
    return store


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    st = make_store(data_dir)
    try:
        yield st
    finally:
        st.close()


@pytest.fixture
def forked(tmp_path: Path) -> Iterator[Any]:
    """A region whose branch PC was copied and both copies published, so the coordinator
    suspended the branch as a fork (tests/sync/forkkit.py); closed afterwards."""
    from tests.sync.forkkit import make_forked  # noqa: PLC0415 - the sync kit, only when used

    kit = make_forked(tmp_path)
    try:
        yield kit
    finally:
        kit.close()
