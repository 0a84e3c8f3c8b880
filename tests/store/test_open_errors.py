"""A store that cannot be opened or written says why: a wrong key only when the key is wrong;
a full, read-only or unusable disk or folder as such (records intact); a newer schema as
"update libtrainer"."""

from __future__ import annotations

import base64
import errno
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlcipher3
from keyring.backends.fail import Keyring as FailKeyring
from sqlalchemy import select

from libtrainer.domain.errors import KeyStoreError, StoreError
from libtrainer.i18n import render
from libtrainer.services import storefile
from libtrainer.services.participants import create_participant
from libtrainer.store import openerrors
from libtrainer.store.engine import connect_raw
from libtrainer.store.models import Participant
from libtrainer.store.store import Store
from tests.conftest import make_store

from libtrainer.gui import opening

PHRASE = "Slaptas žodis 1"


@pytest.fixture
def phrase_store(data_dir: Path) -> Path:
    """A closed passphrase store (no keyring)."""
    keyring.set_keyring(FailKeyring())
    storefile.create(data_dir, passphrase=PHRASE).close()
    return data_dir


def _unopenable(data_dir: Path) -> None:
    """Something in the folder SQLite must open is not a file (SQLITE_CANTOPEN, as for a
    folder that may not be written): a real failure that is not about the key."""
    (data_dir / "libtrainer.db-wal").mkdir()


def test_an_unopenable_folder_is_not_called_a_wrong_passphrase(phrase_store: Path) -> None:
    """The sign-in check and the command line say the folder is the problem and the records
    are intact, not that the (right) passphrase is wrong."""
    _unopenable(phrase_store)
    for attempt in (
        lambda: opening.check_store(phrase_store, PHRASE),
        lambda: storefile.open_store(phrase_store, passphrase=PHRASE),
    ):
        with pytest.raises(StoreError) as err:
            attempt()
        text = render(err.value)
        assert not isinstance(err.value, KeyStoreError), text
        assert "passphrase is not right" not in text and "with this key" not in text
        assert "passphrase does not open" not in text
        assert "intact" in text and "one of its files cannot be opened" in text


def test_a_wrong_passphrase_is_still_a_wrong_passphrase(phrase_store: Path) -> None:
    """SQLITE_NOTADB (the key does not decrypt the file) stays "the passphrase is not right"
    (in the window: "this passphrase does not open the records")."""
    for attempt in (
        lambda: opening.check_store(phrase_store, "ne ta frazė"),
        lambda: storefile.open_store(phrase_store, passphrase="ne ta frazė"),
    ):
        with pytest.raises(KeyStoreError, match="passphrase (is not right|does not open)"):
            attempt()


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (errno.EROFS, "the disk is read-only"),
        (errno.EACCES, "no permission"),
        (errno.ENOSPC, "the disk that holds them is full"),
    ],
)
def test_the_reason_comes_from_trying_the_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, failure: int, expected: str
) -> None:
    """When SQLite only says it cannot open a file, trying the folder names the cause
    (read-only disk, no permission, full disk) in the message for a keyring store too."""
    make_store(data_dir).close()
    _unopenable(data_dir)
    monkeypatch.setattr(openerrors, "_probe", lambda _path: OSError(failure, "x"))
    with pytest.raises(openerrors.DiskError) as err:
        opening.check_store(data_dir)
    assert expected in render(err.value)
    with pytest.raises(openerrors.DiskError) as err:
        storefile.open_store(data_dir)
    assert expected in render(err.value)


def test_probing_a_folder_that_cannot_be_written_gives_the_system_reason(tmp_path: Path) -> None:
    """The probe reports the folder's own error and leaves nothing behind where it worked."""
    failure = openerrors._probe(tmp_path / "missing" / "libtrainer.db")
    assert isinstance(failure, OSError) and failure.errno == errno.ENOENT
    assert openerrors._probe(tmp_path / "libtrainer.db") is None
    assert list(tmp_path.iterdir()) == []


def _full(_self: Any, *_args: Any, **_kwargs: Any) -> None:
    """Session.flush on a full disk: SQLAlchemy's error around sqlcipher3's, with its codes."""
    from sqlalchemy.exc import OperationalError

    error = sqlcipher3.OperationalError("database or disk is full")
    error.sqlite_errorcode = 13  # as sqlcipher3 sets them
    error.sqlite_errorname = "SQLITE_FULL"
    raise OperationalError("INSERT INTO participant …", {}, error)


def test_a_full_disk_during_a_save_says_so_and_keeps_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A save (an import, a form) that fails with "database or disk is full" tells the disk
    holding the data folder is full; nothing of it is kept, what was saved before is; the log
    has the SQLite code and no name."""
    with store.uow() as uow:
        create_participant(uow, given_name="Rūta", family_name="Žukauskienė", birth_year=1960)
    from sqlalchemy.orm import Session

    monkeypatch.setattr(Session, "flush", _full)
    with pytest.raises(openerrors.DiskError) as err, store.uow() as uow:
        create_participant(uow, given_name="Jonas", family_name="Jonaitis", birth_year=1955)
    assert "is full" in render(err.value) and str(store.path.parent) in render(err.value)
    assert "SQLITE_FULL" in caplog.text and "Jonas" not in caplog.text
    monkeypatch.undo()
    with store.read() as conn:
        names = conn.execute(select(Participant.given_name)).scalars().all()
    assert names == ["Rūta"]


def _future(store_dir: Path, key: bytes) -> None:
    conn = connect_raw(store_dir / "libtrainer.db", key)
    try:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future_change'")
    finally:
        conn.close()


def test_a_store_from_a_newer_libtrainer_says_update(phrase_store: Path) -> None:
    """A schema revision this libtrainer does not know (a newer version upgraded the store)
    says "made by a newer libtrainer … update", on the sign-in check and on opening; the
    passphrase is not blamed and the store is left as it was."""
    from libtrainer.sync import keys

    salt = storefile.read_config(phrase_store).salt
    assert salt is not None
    _future(phrase_store, keys.derive_key(PHRASE, base64.b64decode(salt)))
    before = (phrase_store / "libtrainer.db").read_bytes()
    with pytest.raises(StoreError, match="newer libtrainer") as err:
        opening.check_store(phrase_store, PHRASE)
    assert not isinstance(err.value, KeyStoreError)
    with pytest.raises(StoreError, match="newer libtrainer") as err:
        storefile.open_store(phrase_store, passphrase=PHRASE)
    assert not isinstance(err.value, KeyStoreError)
    assert (phrase_store / "libtrainer.db").read_bytes() == before
