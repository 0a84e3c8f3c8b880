"""Staff sign-in accounts: scrypt hashes with their own salt, verification, roles."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import LibtrainerError, ValidationError
from libtrainer.services import accounts
from libtrainer.store.models import Account, Staff
from libtrainer.store.store import Store


def _create(
    store: Store, login: str = "ruta", role: str = "admin", password: str = "slaptažodis-1"
) -> str:
    with store.uow() as uow:
        changed = accounts.create_account(
            uow,
            login=login,
            password=password,
            role=role,
            given_name="Rūta",
            family_name="Žukauskienė",
        )
    return changed.first("staff")


def test_account_creates_a_staff_member_and_a_salted_scrypt_hash(store: Store) -> None:
    """The password is stored only as scrypt$N$r$p$salt$hash; two accounts get two salts."""
    _create(store, "ruta")
    _create(store, "ona", role="librarian")
    with store.read() as conn:
        hashes = dict(conn.execute(select(Account.login, Account.password_hash)).all())
        staff = conn.execute(select(Staff.given_name, Staff.role)).all()
    assert all(h.startswith("scrypt$16384$8$1$") for h in hashes.values())
    assert "slaptažodis" not in "".join(hashes.values())
    assert hashes["ruta"].split("$")[4] != hashes["ona"].split("$")[4]
    assert sorted(staff) == [("Rūta", "admin"), ("Rūta", "librarian")]


def test_verify_accepts_the_right_password_case_insensitive_login(store: Store) -> None:
    """Login names are not case-sensitive; the password is."""
    staff_id = _create(store)
    with store.read() as conn:
        user = accounts.verify(conn, "  RUTA ", "slaptažodis-1")
    assert (user.staff_id, user.role, user.display_name) == (staff_id, "admin", "Rūta Žukauskienė")


@pytest.mark.parametrize(("login", "password"), [("ruta", "Slaptažodis-1"), ("nobody", "x")])
def test_verify_says_the_same_for_a_wrong_password_and_an_unknown_login(
    store: Store, login: str, password: str
) -> None:
    """A wrong password and an unknown login give one message (logins are not revealed)."""
    _create(store)
    with store.read() as conn, pytest.raises(LibtrainerError) as caught:
        accounts.verify(conn, login, password)
    assert caught.value.msgid == accounts.BAD_SIGN_IN


def test_short_password_taken_login_and_bad_role_are_refused(store: Store) -> None:
    """Passwords need 8 characters; a login is used once; only sign-in roles are accepted."""
    _create(store)
    with pytest.raises(ValidationError) as short:
        _create(store, "ona", password="short")
    assert short.value.field == "password"
    with pytest.raises(ValidationError) as taken:
        _create(store, "Ruta")
    assert taken.value.field == "login"
    with pytest.raises(ValidationError) as role:
        _create(store, "ona", role="consultant")
    assert role.value.field == "role"


def test_disabled_account_cannot_sign_in_and_last_admin_stays(store: Store) -> None:
    """A disabled account is refused; the last enabled administrator cannot be disabled."""
    admin = _create(store)
    librarian = _create(store, "ona", role="librarian")
    with store.uow() as uow:
        accounts.set_disabled(uow, librarian, True)
    with store.read() as conn, pytest.raises(LibtrainerError):
        accounts.verify(conn, "ona", "slaptažodis-1")
    with store.uow() as uow, pytest.raises(LibtrainerError):
        accounts.set_disabled(uow, admin, True)


def test_change_password_needs_the_old_one(store: Store) -> None:
    """The new password works after a change; a wrong old password changes nothing and says
    the current password is wrong (not "login name or password", as at sign-in)."""
    staff_id = _create(store)
    with store.uow() as uow, pytest.raises(LibtrainerError) as refused:
        accounts.change_password(uow, staff_id, "wrong-old", "naujas-slaptažodis")
    assert "current password is not right" in str(refused.value)
    with store.uow() as uow:
        accounts.change_password(uow, staff_id, "slaptažodis-1", "naujas-slaptažodis")
    with store.read() as conn:
        assert accounts.verify(conn, "ruta", "naujas-slaptažodis").staff_id == staff_id
        assert accounts.count_accounts(conn) == 1


def test_account_rows_are_local_and_not_captured(store: Store) -> None:
    """lt_account is local: creating an account puts no password into the outbox."""
    from libtrainer.store.models import Outbox

    _create(store)
    with store.read() as conn:
        tables = set(conn.execute(select(Outbox.tbl)).scalars())
        data = "".join(d or "" for d in conn.execute(select(Outbox.data)).scalars())
    assert "lt_account" not in tables
    assert "scrypt$" not in data
