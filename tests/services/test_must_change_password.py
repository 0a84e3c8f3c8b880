"""A password set by an administrator is marked until its owner chooses their own."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import select

from libtrainer.domain.errors import ValidationError
from libtrainer.services import accounts, password_reset, recovery
from libtrainer.store.models import Account, Outbox
from libtrainer.store.store import Store

OLD = "senas slaptažodis"
NEW = "naujas slaptažodis 7"
OWN = "mano pačios žodis"


def _account(store: Store, login: str, role: str = "admin") -> str:
    with store.uow() as uow:
        changed = accounts.create_account(
            uow, login=login, password=OLD, role=role, given_name="Rūta", family_name="Žukė"
        )
    return changed.first("staff")


def _marked(store: Store) -> dict[str, bool]:
    with store.read() as conn:
        rows = conn.execute(select(Account.login, Account.must_change_password)).all()
    return {login: bool(must) for login, must in rows}


def _signed_in(store: Store, login: str, password: str) -> accounts.SignedIn:
    with store.read() as conn:
        return accounts.verify(conn, login, password)


def _reset_by_admin(store: Store) -> str:
    admin = _account(store, "ruta")
    ona = _account(store, "ona", role="lecturer")
    with store.uow() as uow:
        password_reset.set_password(uow, ona, NEW, by=admin)
    return ona


def test_a_new_account_is_not_marked(store: Store) -> None:
    """The first administrator (and any account made with its first password) is not asked."""
    _account(store, "ruta")
    assert _marked(store) == {"ruta": False}
    assert not _signed_in(store, "ruta", OLD).must_change_password


def test_an_administrators_reset_marks_the_account(store: Store) -> None:
    """Set by an administrator: sign-in says the owner must choose their own; the list too."""
    _reset_by_admin(store)
    assert _marked(store) == {"ruta": False, "ona": True}
    assert _signed_in(store, "ona", NEW).must_change_password
    with store.read() as conn:
        listed = {
            user.login: user.must_change_password for user, _d in accounts.list_accounts(conn)
        }
    assert listed == {"ona": True, "ruta": False}


def test_the_command_lines_reset_marks_the_account(store: Store) -> None:
    """``accounts reset-password``: the person did not choose it either."""
    _account(store, "ruta")
    with store.uow() as uow:
        password_reset.set_password_for_login(uow, "ruta", NEW)
    assert _marked(store) == {"ruta": True}


def test_the_owners_own_password_clears_the_mark(store: Store) -> None:
    """The owner changes it with the password just given: the mark is gone, the new one works."""
    ona = _reset_by_admin(store)
    with store.uow() as uow:
        accounts.change_password(uow, ona, NEW, OWN)
    assert _marked(store)["ona"] is False
    assert not _signed_in(store, "ona", OWN).must_change_password


@pytest.mark.parametrize("same", [NEW, unicodedata.normalize("NFD", NEW)])
def test_the_password_just_used_is_refused_as_the_new_one(store: Store, same: str) -> None:
    """The same password again (also typed in another Unicode form) is refused under the new
    password's field; the mark and the password stay."""
    ona = _reset_by_admin(store)
    with store.uow() as uow, pytest.raises(ValidationError) as refused:
        accounts.change_password(uow, ona, NEW, same)
    assert refused.value.field == "password"
    assert refused.value.msgid == accounts.SAME_PASSWORD
    assert _marked(store)["ona"] is True
    assert _signed_in(store, "ona", NEW).must_change_password


def test_a_wrong_current_password_keeps_the_mark(store: Store) -> None:
    """A wrong current password changes nothing, the mark included."""
    ona = _reset_by_admin(store)
    with store.uow() as uow, pytest.raises(Exception, match="current password is not right"):
        accounts.change_password(uow, ona, "not the one", OWN)
    assert _marked(store)["ona"] is True


def test_the_recovery_code_does_not_mark_and_clears_a_mark(store: Store, data_dir: Path) -> None:
    """With the code the administrator types their own password: not marked, and a mark an
    earlier reset left is gone."""
    _account(store, "ruta")
    code = recovery.make_code(data_dir)
    with store.uow() as uow:
        password_reset.set_password_for_login(uow, "ruta", NEW)
    assert _marked(store) == {"ruta": True}
    with store.uow() as uow:
        password_reset.reset_with_code(uow, data_dir, code, "ruta", OWN)
    assert _marked(store) == {"ruta": False}


def test_the_mark_stays_on_this_computer(store: Store) -> None:
    """A reset and the owner's change put nothing about the account into the outbox."""
    ona = _reset_by_admin(store)
    with store.uow() as uow:
        accounts.change_password(uow, ona, NEW, OWN)
    with store.read() as conn:
        tables = set(conn.execute(select(Outbox.tbl)).scalars())
        data = "".join(d or "" for d in conn.execute(select(Outbox.data)).scalars())
    assert "lt_account" not in tables and "must_change" not in data
