"""A forgotten password set again: by an administrator, at the command line, with the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import KeyStoreError, LibtrainerError, ValidationError
from libtrainer.services import accounts, password_reset, recovery, storefile
from libtrainer.store.models import Account
from libtrainer.store.store import Store

OLD = "senas slaptažodis"
NEW = "naujas slaptažodis 7"


def _account(store: Store, login: str, role: str = "admin") -> str:
    with store.uow() as uow:
        changed = accounts.create_account(
            uow, login=login, password=OLD, role=role, given_name="Rūta", family_name="Žukė"
        )
    return changed.first("staff")


def _hashes(store: Store) -> dict[str, str]:
    with store.read() as conn:
        return dict(conn.execute(select(Account.login, Account.password_hash)).all())


def _signs_in(store: Store, login: str, password: str) -> bool:
    with store.read() as conn:
        try:
            accounts.verify(conn, login, password)
        except LibtrainerError:
            return False
    return True


def test_an_administrator_sets_a_new_password_for_another_account(store: Store) -> None:
    """The person signs in with the new password only; the hash is a fresh salted scrypt."""
    admin = _account(store, "ruta")
    ona = _account(store, "ona", role="lecturer")
    with store.uow() as uow:
        login = password_reset.set_password(uow, ona, NEW, by=admin)
    assert login == "ona"
    assert _signs_in(store, "ona", NEW) and not _signs_in(store, "ona", OLD)
    assert _hashes(store)["ona"].startswith("scrypt$")
    assert NEW not in _hashes(store)["ona"]


@pytest.mark.parametrize("actor_role", ["lecturer", "disabled-admin"])
def test_only_an_enabled_administrator_sets_another_password(store: Store, actor_role: str) -> None:
    """A lecturer (or a disabled administrator) is refused and nothing changes."""
    _account(store, "ruta")
    actor = _account(store, "jonas", role="lecturer" if actor_role == "lecturer" else "admin")
    if actor_role == "disabled-admin":
        with store.uow() as uow:
            accounts.set_disabled(uow, actor, True)
    ona = _account(store, "ona", role="lecturer")
    before = _hashes(store)
    with store.uow() as uow, pytest.raises(LibtrainerError) as refused:
        password_reset.set_password(uow, ona, NEW, by=actor)
    assert refused.value.msgid == password_reset.NOT_AN_ADMINISTRATOR
    assert _hashes(store) == before


def test_an_administrator_changes_their_own_password_with_the_current_one(store: Store) -> None:
    """Setting one's own password this way is refused (My password asks for the current one)."""
    admin = _account(store, "ruta")
    with store.uow() as uow, pytest.raises(LibtrainerError) as refused:
        password_reset.set_password(uow, admin, NEW, by=admin)
    assert refused.value.msgid == password_reset.OWN_PASSWORD


def test_a_short_new_password_is_refused_naming_the_field(store: Store) -> None:
    """Too short: the password field is named and the old password still works."""
    admin = _account(store, "ruta")
    ona = _account(store, "ona", role="librarian")
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        password_reset.set_password(uow, ona, "short", by=admin)
    assert refused.value.field == "password"
    assert _signs_in(store, "ona", OLD)


def test_the_command_line_sets_a_password_by_login_name(store: Store) -> None:
    """Any account by its login name (any case); an unknown login is named and changes nothing."""
    _account(store, "ruta")
    with store.uow() as uow:
        assert password_reset.set_password_for_login(uow, " RUTA ", NEW) == "ruta"
    assert _signs_in(store, "ruta", NEW)
    with store.uow() as uow, pytest.raises(LibtrainerError) as unknown:
        password_reset.set_password_for_login(uow, "nobody", NEW)
    assert unknown.value.msgid == password_reset.NO_SUCH_LOGIN
    assert unknown.value.params["login"] == "nobody"


def test_the_recovery_code_sets_a_new_password_for_an_administrator(
    store: Store, data_dir: Path
) -> None:
    """The lone administrator forgot the password: the store's code sets a new one."""
    _account(store, "ruta")
    code = recovery.make_code(data_dir)
    with store.uow() as uow:
        password_reset.reset_with_code(uow, data_dir, code.lower(), "Ruta", NEW)
    assert _signs_in(store, "ruta", NEW)


@pytest.mark.parametrize(
    ("code", "login", "msgid"),
    [
        ("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "ruta", "does not open the records"),
        ("not a code", "ruta", "24 letters and digits"),
        (None, "ona", password_reset.NOT_ADMIN_ACCOUNT),
        (None, "nobody", password_reset.NO_SUCH_LOGIN),
    ],
)
def test_a_wrong_code_or_account_changes_nothing_and_says_why(
    store: Store, data_dir: Path, code: str | None, login: str, msgid: str
) -> None:
    """A wrong or malformed code, a lecturer's account or an unknown login: refused, unchanged."""
    _account(store, "ruta")
    _account(store, "ona", role="lecturer")
    right = recovery.make_code(data_dir)
    before = _hashes(store)
    with store.uow() as uow, pytest.raises(LibtrainerError) as refused:
        password_reset.reset_with_code(uow, data_dir, code or right, login, NEW)
    assert msgid in refused.value.msgid
    assert _hashes(store) == before


def test_a_code_wrapping_another_key_does_not_pass(store: Store, data_dir: Path) -> None:
    """A store.json whose wrapped key was replaced by someone's own (with their own code)
    proves nothing: the key it unwraps is not the store's."""
    _account(store, "ruta")
    recovery.make_code(data_dir)
    config = storefile.read_config(data_dir)
    code = recovery.new_code()
    forged = recovery.wrap(b"\x01" * 32, code, config.store_uid)
    storefile.write_recovery(data_dir, forged)
    with store.uow() as uow, pytest.raises(KeyStoreError):
        password_reset.reset_with_code(uow, data_dir, recovery.shown(code), "ruta", NEW)
    assert _signs_in(store, "ruta", OLD)


def test_a_store_without_a_code_cannot_reset_with_one(store: Store, data_dir: Path) -> None:
    """No code was ever kept: refused with the message that says so."""
    _account(store, "ruta")
    with store.uow() as uow, pytest.raises(KeyStoreError) as refused:
        password_reset.reset_with_code(uow, data_dir, "AAAA" * 6, "ruta", NEW)
    assert refused.value.msgid == storefile.NO_RECOVERY_CODE
