"""Sync screen of a computer whose sending a coordinator's notice paused (decision 0333): the
reason and the way back stay on the screen, "Sync now" says that nothing was sent, and the
person signed in (a lecturer too) may take the new identity the coordinator asks for."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import WAIT_MS, add_account, idle, open_sync_screen, set_share
from tests.sync.forkkit import Forked, make_forked
from tests.sync.regionkit import add_participants

PAUSED = "paused this computer's sending"


@pytest.fixture
def paused(tmp_path: Path) -> Iterator[Forked]:
    """The real branch computer of a fork, paused by the coordinator's notice; a lecturer
    account 'ona' (not an administrator)."""
    f = make_forked(tmp_path)
    add_participants(f.branch, [("Jonas", "Petraitis")])
    assert f.sync(f.branch).paused is not None
    add_account(f.branch, login="ona", role="lecturer")
    set_share(Path(f.branch.path).parent, str(f.region.root))
    try:
        yield f
    finally:
        f.close()


def test_the_pause_stays_on_the_screen_with_the_way_back(
    paused: Forked, make_state: Any, qtbot: Any
) -> None:
    """Why sending stopped and the button to press are shown; the button is there for the
    lecturer too, and the revocation banner is not shown beside it."""
    screen = open_sync_screen(Path(paused.branch.path).parent, make_state, qtbot, login="ona")
    assert screen.paused_label.isVisibleTo(screen)
    text = screen.paused_label.text()
    assert PAUSED in text and "Your changes are safe on this computer." in text
    assert "take a new identity" in text
    assert screen.paused_label.accessibleName() == "Warning"
    assert screen.renew.button.isVisibleTo(screen)
    assert not screen.revoked_label.isVisibleTo(screen)


def test_sync_now_says_nothing_was_sent_and_why(
    paused: Forked, make_state: Any, qtbot: Any
) -> None:
    """ "Sync now" on a paused computer: a warning with the reason, not "Sync finished"."""
    screen = open_sync_screen(Path(paused.branch.path).parent, make_state, qtbot, login="ona")
    before = screen.labels["waiting"].text()
    qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: PAUSED in screen.banner.text(), timeout=WAIT_MS)
    idle(qtbot, screen.state.window)
    assert "Sync finished" not in screen.banner.text()
    assert screen.banner.accessibleName() == "Warning"
    assert screen.labels["waiting"].text() == before != "0"  # kept here
