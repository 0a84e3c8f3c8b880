"""Staff sign-in accounts on this device: create, verify, change password, disable.

Accounts live in the local table ``lt_account`` (never synced: a password hash does not leave
the device). Each account belongs to a ``staff`` row (synced, so the person appears as the
helper of consultations and the lecturer of sessions everywhere). Passwords are hashed with
scrypt and a random per-account salt; the stored form names its parameters so they can be
raised later without breaking old hashes. Verification takes the same time whether or not
the login exists, and says the same thing for a wrong login and a wrong password. A password
an administrator set (``services.password_reset``) is marked until its owner chooses their own
with :func:`change_password` (decision 0519, update); the mark is local like the account.

Thread rule: call from the store's worker thread (these functions take a unit of work or a
read connection, never open one themselves).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from libtrainer.domain import rules
from libtrainer.domain.enums import StaffRole
from libtrainer.domain.errors import N_, LibtrainerError, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.services.results import Changed
from libtrainer.store.models import Account, Staff
from libtrainer.store.uow import UnitOfWork

#: Roles that can sign in to the app (a consultant signs in as a librarian).
SIGN_IN_ROLES: tuple[StaffRole, ...] = (
    StaffRole.LIBRARIAN,
    StaffRole.LECTURER,
    StaffRole.COORDINATOR,
    StaffRole.ADMIN,
)
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 200
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_LEN = 32
SALT_BYTES = 16
_SCHEME = "scrypt"

BAD_SIGN_IN = N_("The login name or the password is not right.")
WRONG_CURRENT_PASSWORD = N_(
    "The current password is not right: type the password you sign in with now. Nothing was "
    "changed."
)
SAME_PASSWORD = N_(
    "{field_label}: choose a password other than the one you sign in with now. Nothing was changed."
)


@dataclass(frozen=True)
class SignedIn:
    """Who is signed in: enough for the app to decide what to show. No secrets."""

    staff_id: str
    login: str
    role: str
    given_name: str
    family_name: str
    #: an administrator set the password: the owner chooses their own before working
    must_change_password: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


# --- hashing ------------------------------------------------------------------------------


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """``scrypt$N$r$p$salt$hash`` (base64 parts) for ``password`` with a fresh random salt."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(
        (_SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest))
    )


def check_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    data = unicodedata.normalize("NFC", password).encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, dklen=SCRYPT_LEN, maxmem=64 * 1024**2)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# Verifying an unknown login still costs one scrypt, so timing does not reveal logins.
_DUMMY_HASH = hash_password("not a password", salt=b"\0" * SALT_BYTES)


# --- rules ----------------------------------------------------------------------------------


def clean_login(value: str | None) -> str:
    """A login name: trimmed, NFC, case-folded, no spaces inside."""
    text = rules.clean_name("login", value)
    if any(ch.isspace() for ch in text):
        raise ValidationError("login", N_("{field_label} must be one word, without spaces."))
    return unicodedata.normalize("NFC", text.casefold())


def check_new_password(password: str | None) -> str:
    """A new password: at least ``MIN_PASSWORD_LENGTH`` characters."""
    text = password or ""
    if len(text) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password",
            N_("{field_label} must have at least {limit} characters."),
            limit=MIN_PASSWORD_LENGTH,
        )
    if len(text) > MAX_PASSWORD_LENGTH:
        raise ValidationError(
            "password",
            N_("{field_label} is too long (at most {limit} characters)."),
            limit=MAX_PASSWORD_LENGTH,
        )
    return text


def check_role(value: str) -> StaffRole:
    role = rules.check_enum("role", StaffRole, value)
    if role not in SIGN_IN_ROLES:
        raise ValidationError("role", N_("{field_label}: “{value}” cannot sign in."), value=value)
    return role


# --- use cases ------------------------------------------------------------------------------

_ACCOUNT_QUERY = select(
    Account.staff_id,
    Account.login,
    Account.password_hash,
    Account.role,
    Account.disabled,
    Account.must_change_password,
    Staff.given_name,
    Staff.family_name,
).join(Staff, Staff.id == Account.staff_id)


def create_account(
    uow: UnitOfWork,
    *,
    login: str,
    password: str,
    role: str,
    given_name: str,
    family_name: str,
    branch_id: str | None = None,
    staff_id: str | None = None,
    must_change_password: bool = False,
) -> Changed:
    """Create a sign-in account (and its staff member unless ``staff_id`` names one); commits.

    ``must_change_password``: the password was chosen by someone else (an administrator adding a
    colleague), so its owner is asked for their own at the first sign-in."""
    clean = clean_login(login)
    secret = check_new_password(password)
    staff_role = check_role(role)
    if staff_id is None:  # the names are the new staff member's; else they are not used
        given = rules.clean_person_name("given_name", given_name)
        family = rules.clean_person_name("family_name", family_name)
    taken = uow.session.execute(select(Account.staff_id).where(Account.login == clean)).first()
    if taken:
        raise ValidationError("login", N_("The login name “{value}” is taken."), value=clean)
    changed = Changed()
    if staff_id is None:
        staff_id = new_id()
        uow.session.add(
            Staff(
                id=staff_id,
                branch_id=branch_id,
                given_name=given,
                family_name=family,
                role=staff_role.value,
            )
        )
        changed.add("created", "staff", staff_id)
    elif uow.session.get(Staff, staff_id) is None:
        raise LibtrainerError(
            N_("The staff member {id} does not exist (or was deleted)."), id=staff_id
        )
    uow.session.flush()
    uow.session.add(
        Account(
            staff_id=staff_id,
            login=clean,
            password_hash=hash_password(secret),
            role=staff_role.value,
            disabled=False,
            must_change_password=must_change_password,
        )
    )
    uow.commit()
    return changed


def verify(conn: Connection, login: str, password: str) -> SignedIn:
    """The signed-in staff member; :class:`LibtrainerError` for any wrong login or password."""
    try:
        clean = clean_login(login)
    except ValidationError:
        clean = ""
    row = conn.execute(_ACCOUNT_QUERY.where(Account.login == clean)).first()
    if row is None:
        check_password(password, _DUMMY_HASH)
        raise LibtrainerError(BAD_SIGN_IN)
    staff_id, login_name, password_hash, role, disabled, must_change, given, family = row
    if not check_password(password, password_hash) or disabled:
        raise LibtrainerError(BAD_SIGN_IN)
    return SignedIn(staff_id, login_name, role, given, family, bool(must_change))


def change_password(uow: UnitOfWork, staff_id: str, old: str, new: str) -> None:
    """The owner replaces their password, giving the current one; commits. The new one must
    differ from it, and it is their own now: the mark an administrator's reset left goes."""
    secret = check_new_password(new)
    account = uow.session.get(Account, staff_id)
    if account is None or not check_password(old, account.password_hash):
        raise LibtrainerError(WRONG_CURRENT_PASSWORD)
    if _nfc(secret) == _nfc(old):
        raise ValidationError("password", SAME_PASSWORD)
    account.password_hash = hash_password(secret)
    account.must_change_password = False
    uow.commit()


def set_disabled(uow: UnitOfWork, staff_id: str, disabled: bool) -> None:
    """Disable (or enable again) an account; the last enabled admin cannot be disabled."""
    account = uow.session.get(Account, staff_id)
    if account is None:
        raise LibtrainerError(
            N_("The staff member {id} does not exist (or was deleted)."), id=staff_id
        )
    if disabled and account.role == StaffRole.ADMIN.value and _enabled_admins(uow) <= 1:
        raise LibtrainerError(
            N_(
                "This is the last administrator account; it cannot be "
                "disabled. Create another administrator first."
            )
        )
    account.disabled = disabled
    uow.commit()


def count_accounts(conn: Connection) -> int:
    """How many accounts exist (0 means the first-run wizard has not finished)."""
    return int(conn.execute(select(func.count()).select_from(Account)).scalar_one())


def list_accounts(conn: Connection) -> list[tuple[SignedIn, bool]]:
    """Every account with whether it is disabled, by login (``must_change_password`` on
    each says its owner has not chosen their own password since a reset)."""
    rows = conn.execute(_ACCOUNT_QUERY.order_by(Account.login)).all()
    return [
        (SignedIn(staff_id, login, role, given, family, bool(must)), bool(disabled))
        for staff_id, login, _hash, role, disabled, must, given, family in rows
    ]


def _enabled_admins(uow: UnitOfWork) -> int:
    query = (
        select(func.count())
        .select_from(Account)
        .where(Account.role == StaffRole.ADMIN.value, Account.disabled.is_(False))
    )
    return int(uow.session.execute(query).scalar_one())
