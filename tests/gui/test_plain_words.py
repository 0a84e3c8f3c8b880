"""What a librarian reads on the way in — start, sign-in, recovery, a missing folder — is in
plain words: records, the secret key on this computer, a step they can take or "call the
coordinator"; no store, keyring, IT contact or command line (those stay in CLI messages)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from libtrainer.services import recovery, storefile
from libtrainer.sync import keys
from tests.test_i18n_complete import em

from libtrainer.gui.screens import today

#: the window's start, sign-in, recovery and missing-folder paths
PATHS = [
    "gui/firstrun.py",
    "gui/firstrun_pages.py",
    "gui/firstrun_found.py",
    "gui/store_missing.py",
    "gui/store_progress.py",
    "gui/signin.py",
    "gui/recovery_dialogs.py",
    "gui/recovery_owed.py",
    "gui/password_dialogs.py",
    "gui/window_store.py",
    "gui/opening.py",
    "gui/operations.py",
    "gui/launching.py",
]
TECHNICAL = re.compile(
    r"\bstores?\b(?!\.json)|\bstore's\b|keyring|IT contact|whoever looks after"
    r"|\blibtrainer [a-z]|--[a-z]",
    re.IGNORECASE,
)


def _technical(msgid: str) -> list[str]:
    return TECHNICAL.findall(msgid)


@pytest.fixture(scope="module")
def messages() -> dict[str, Any]:
    found, _dynamic = em.scan()
    return found


def test_the_windows_way_in_has_no_technical_words(messages: dict[str, Any]) -> None:
    """No message of the start, sign-in, recovery or missing-folder windows names the store,
    the keyring, an IT contact or a command."""
    bad = {
        msgid: _technical(msgid)
        for msgid, message in messages.items()
        if any(use.path in PATHS for use in message.uses) and _technical(msgid)
    }
    assert bad == {}


def test_core_messages_the_window_shows_are_in_plain_words(messages: dict[str, Any]) -> None:
    """The lost key, a wrong recovery code, a locked or refusing key store of the computer, a
    folder that cannot be opened and the lost check file: plain words and a step to take."""
    shown = [
        storefile.missing_key_error(has_recovery=True, window=True).msgid,
        storefile.NO_RECOVERY_CODE,
        recovery._WRONG_CODE,
        keys.KEYRING_UNREADABLE,
        keys.KEYRING_REFUSED,
        today.PERSISTENCE["lost"][1],
        *(
            msgid
            for msgid, message in messages.items()
            if "cannot be opened:" in msgid
            and any(use.path == "store/openerrors.py" for use in message.uses)
        ),
    ]
    assert len(shown) == 8
    assert {m: _technical(m) for m in shown if _technical(m)} == {}
    assert [m for m in shown if not re.search(r"call|try again|[Pp]ress|[Ss]end|Check", m)] == []


def test_the_command_line_keeps_its_command() -> None:
    """At the command line the lost key still names the command that brings it back."""
    assert "libtrainer keys recover" in storefile.missing_key_error(has_recovery=True).msgid
