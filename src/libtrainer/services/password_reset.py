"""Setting a new password for someone who forgot theirs (decision 0519).

Three ways, each ending in the same scrypt hash as :func:`accounts.create_account`:

- an administrator signed in to the window sets a new password for another account
  (Settings ▸ Staff accounts ▸ "Set a new password…"): :func:`set_password` with ``by``;
- ``libtrainer accounts reset-password LOGIN`` at the command line, which can already read the
  whole store with its key, for any account: :func:`set_password_for_login`;
- the only administrator who forgot the only password: the store's recovery code (decision
  0008) proves possession of the store key, and with it a new password is set for an
  administrator account: :func:`reset_with_code`.

A password is never logged or returned. Every check comes before the write: a wrong code, an
unknown login or a short password changes nothing. A password set by an administrator or at
the command line is someone else's choice: the account is marked, and its owner chooses their
own at the next sign-in in the window. One set with the recovery code was typed by the
administrator themselves: it clears the mark (decision 0519, update).

Thread rule: call from the store's worker thread (these take a unit of work).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from libtrainer.domain.enums import StaffRole
from libtrainer.domain.errors import N_, LibtrainerError
from libtrainer.services import accounts
from libtrainer.store.models import Account
from libtrainer.store.uow import UnitOfWork

NOT_AN_ADMINISTRATOR = N_(
    "Only an administrator can set a new password for another person. Nothing was changed."
)
OWN_PASSWORD = N_(
    "This is your own account: change your password under “My password”, with the current "
    "one. Nothing was changed."
)
NO_SUCH_LOGIN = N_("There is no account with the login name “{login}” on this computer.")
NOT_ADMIN_ACCOUNT = N_(
    "“{login}” is not an administrator account. The recovery code sets a new password only "
    "for an administrator, who can then set the others’. Nothing was changed."
)
DISABLED_ADMIN = N_(
    "The administrator account “{login}” is disabled. Choose an administrator account that "
    "is not disabled. Nothing was changed."
)
NO_ACCOUNT = N_("The staff member {id} does not exist (or was deleted).")


def set_password(uow: UnitOfWork, staff_id: str, new: str, *, by: str) -> str:
    """The administrator ``by`` (signed in, not disabled) sets the password of the account
    ``staff_id`` (someone else's); commits; returns its login name."""
    secret = accounts.check_new_password(new)
    actor = uow.session.get(Account, by)
    if actor is None or actor.disabled or actor.role != StaffRole.ADMIN.value:
        raise LibtrainerError(NOT_AN_ADMINISTRATOR)
    if staff_id == by:
        raise LibtrainerError(OWN_PASSWORD)
    account = uow.session.get(Account, staff_id)
    if account is None:
        raise LibtrainerError(NO_ACCOUNT, id=staff_id)
    return _write(uow, account, secret, chosen_by_owner=False)


def set_password_for_login(uow: UnitOfWork, login: str, new: str) -> str:
    """Set the password of the account ``login`` (the command line: whoever runs it can
    open the store); commits; returns the login name."""
    secret = accounts.check_new_password(new)
    return _write(uow, _by_login(uow, login), secret, chosen_by_owner=False)


def reset_with_code(uow: UnitOfWork, data_dir: Path, code: str, login: str, new: str) -> str:
    """With the store's recovery code ``code`` (it proves possession of the store key), set a
    new password for the enabled administrator account ``login``; commits; returns the login.
    A wrong code, another role or a disabled account changes nothing and says why."""
    from libtrainer.services import recovery  # noqa: PLC0415 - keyring and cryptography

    secret = accounts.check_new_password(new)
    clean = accounts.clean_login(login)
    recovery.check_code(data_dir, code)
    account = _by_login(uow, clean)
    if account.role != StaffRole.ADMIN.value:
        raise LibtrainerError(NOT_ADMIN_ACCOUNT, login=account.login)
    if account.disabled:
        raise LibtrainerError(DISABLED_ADMIN, login=account.login)
    return _write(uow, account, secret, chosen_by_owner=True)


def _by_login(uow: UnitOfWork, login: str) -> Account:
    clean = accounts.clean_login(login)
    account = uow.session.execute(
        select(Account).where(Account.login == clean)
    ).scalar_one_or_none()
    if account is None:
        raise LibtrainerError(NO_SUCH_LOGIN, login=clean)
    return account


def _write(uow: UnitOfWork, account: Account, secret: str, *, chosen_by_owner: bool) -> str:
    account.password_hash = accounts.hash_password(secret)
    account.must_change_password = not chosen_by_owner
    login = account.login
    uow.commit()
    return login
