"""Sync screen, whole quarantine: every bundle set aside (not just the last sync's), with its
state and what to do; a coordinator re-stamps a future-dated bundle and resumes a suspended
device from the screen; a computer that joined its region gets the catalogue by itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from libtrainer.domain.ids import new_id
from libtrainer.services import programmes
from libtrainer.store.apply import Change
from libtrainer.store.hlc import pack, wall_ms
from libtrainer.store.models import Participant, Programme
from libtrainer.store.store import Store
from libtrainer.sync import bundle, enroll, identity, quarantine, trustops
from libtrainer.sync.session import synchronise
from libtrainer.sync.share import Share, bundle_name
from tests.conftest import make_store
from tests.gui.conftest import WAIT_MS, add_account, open_store, open_sync_screen, set_share
from tests.sync.forkkit import Forked, make_forked, names
from tests.sync.regionkit import Region, add_participants, make_region

DAY_MS = 86_400_000


def _select(screen: Any, qtbot: Any, bundle_hash: str) -> None:
    row = screen.model.row_of(bundle_hash)
    assert row >= 0
    rect = screen.quarantine.visualRect(screen.model.index(row, 0))
    qtbot.mouseClick(screen.quarantine.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _entry(store: Store, reason: str) -> quarantine.Entry:
    with store.read() as conn:
        return next(e for e in quarantine.entries(conn) if e.reason == reason)


@pytest.fixture
def forked(tmp_path: Path) -> Iterator[Forked]:
    f = make_forked(tmp_path)
    add_participants(f.branch, [("Jonas", "Petraitis")])
    f.sync_unnoticed(f.branch)  # sent before the coordinator's notice stops it (0333)
    f.sync(f.coordinator)
    add_account(f.coordinator)
    set_share(Path(f.coordinator.path).parent, str(f.region.root))
    try:
        yield f
    finally:
        f.close()


def test_whole_quarantine_and_resume_device_for_a_coordinator(
    forked: Forked, make_state: Any, qtbot: Any
) -> None:
    """Both syncs' refusals are listed (the fork and the held-back bundle), the suspended device
    is named, the advice names the screen's button (not a command); Resume device on the
    held bundle lifts it and the bundle is merged."""
    screen = open_sync_screen(Path(forked.coordinator.path).parent, make_state, qtbot)
    assert screen.model.rowCount() == 2
    assert screen.suspended_label.isVisibleTo(screen) and "PC-0" in screen.suspended_label.text()
    assert "waiting for someone to decide: 2" in screen.quarantine_label.text()
    assert screen.resume_button.isVisibleTo(screen) and not screen.resume_button.isEnabled()
    held = _entry(forked.coordinator, "suspended")
    _select(screen, qtbot, held.bundle_hash)
    assert screen.resume_button.isEnabled() and not screen.restamp_button.isEnabled()
    text = screen.model.data(screen.model.index(screen.model.row_of(held.bundle_hash), 3))
    assert "press “Resume device”" in text and "libtrainer" not in text
    qtbot.mouseClick(screen.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "suspension of" in screen.banner.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=WAIT_MS)
    assert not screen.suspended_label.isVisibleTo(screen)
    assert screen.model.data(screen.model.index(0, 2)) == "refused for good"
    assert "Jonas" in names(forked.coordinator)


def _future_bundle(region: Region) -> bytes:
    """A branch bundle dated ten days ahead (a PC whose clock was set wrong)."""
    branch, coord = region.branches[0], region.coordinator
    own = identity.ensure_device_keys(branch)
    hlc = pack(wall_ms() + 10 * DAY_MS)
    pid = new_id()
    data = {"id": pid, "given_name": "Ąžuolas", "family_name": "Čepulionis", "name_key": "x"}
    trust = region.trust(coord)
    return bundle.build_bundle(
        [Change("participant", pid, "i", 1, hlc, branch.device_id, data)],
        region=region.share(coord).region,
        device=branch.device_id,
        signing_key=own.signing,
        seq=1,
        prev_hash=None,
        created_hlc=hlc,
        trust_version=trust.version,
        recipients=trust.recipients("changes"),
    )


def test_restamp_merges_a_future_dated_bundle(tmp_path: Path, make_state: Any, qtbot: Any) -> None:
    """A bundle ten days ahead is listed as needing a person, with the screen's button as the
    way to merge it; Re-stamp asks first (Cancel changes nothing), then merges it."""
    region = make_region(tmp_path, branches=1)
    try:
        data = _future_bundle(region)
        folder = region.share(region.coordinator).base / "outbox" / region.branches[0].device_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / bundle_name(1, bundle.bundle_hash(data))).write_bytes(data)
        synchronise(region.coordinator, region.root)
        add_account(region.coordinator)
        set_share(tmp_path / "coord", str(region.root))
        screen = open_sync_screen(tmp_path / "coord", make_state, qtbot)
        assert screen.model.rowCount() == 1
        text = screen.model.data(screen.model.index(0, 3))
        assert "days ahead" in text and "press “Re-stamp and merge”" in text
        assert "libtrainer" not in text, "the window names its button, not the command"
        entry = _entry(region.coordinator, "future_clock")
        _select(screen, qtbot, entry.bundle_hash)
        assert screen.restamp_button.isEnabled() and not screen.resume_button.isEnabled()
        qtbot.mouseClick(screen.restamp_button, Qt.MouseButton.LeftButton)
        question = screen.findChild(QDialog, "restampDialog")
        assert question is not None and question.cancel.isDefault()
        question.reject()
        assert screen.model.rowCount() == 1 and screen.restamp_button.isEnabled()
        qtbot.mouseClick(screen.restamp_button, Qt.MouseButton.LeftButton)
        [*_, question] = screen.findChildren(QDialog, "restampDialog")
        question.accept()
        qtbot.waitUntil(lambda: "re-stamped" in screen.banner.text(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: screen.model.rowCount() == 0, timeout=WAIT_MS)
        with region.coordinator.read() as conn:
            given = set(conn.execute(select(Participant.given_name)).scalars())
        assert "Ąžuolas" in given
    finally:
        region.close()


def test_librarian_sees_the_quarantine_but_no_coordinator_actions(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """On a branch computer the list is shown with its advice in plain words (the computer it
    came from, no file or number columns); Re-stamp and Resume are not."""
    store = make_store(tmp_path / "branch")
    add_account(store, login="ona", role="librarian")
    with store.uow() as uow:
        quarantine.put(
            uow.connection,
            bundle_hash="ab" * 32,
            file_name="outbox/x/000000000003-abababababababab.ltb",
            reason="newer_schema",
            params={"name": "000000000003-abababababababab.ltb"},
            seq=3,
        )
        uow.commit()
    store.close()
    screen = open_sync_screen(tmp_path / "branch", make_state, qtbot, login="ona")
    assert screen.model.rowCount() == 1
    text = screen.model.data(screen.model.index(0, 3))
    assert "Update libtrainer" in text
    assert screen.model.data(screen.model.index(0, 2)) == "needs a person"
    headers = [
        screen.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(screen.model.columnCount())
    ]
    assert headers == ["Computer", "First seen", "State", "Reason and what to do"]
    assert "bundle" not in screen.quarantine_label.text().lower()
    assert not screen.restamp_button.isVisibleTo(screen)
    assert not screen.resume_button.isVisibleTo(screen)


def test_joined_computer_receives_the_catalogue_once_approved(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """A computer that asked to join: when the coordinator has approved it, opening the Sync
    screen runs the first sync by itself and the region's programmes are there."""
    root = tmp_path / "share"
    root.mkdir()
    coord = make_store(tmp_path / "coord", role="coordinator", branch="Centrinė biblioteka")
    newcomer = make_store(tmp_path / "new", branch="Šventežerio padalinys")
    try:
        with coord.uow() as uow:
            programmes.create_programme(uow, 8, title_lt="Saugus internetas", code="SI-1")
        enroll.join(coord, root)
        synchronise(coord, root)
        add_account(newcomer)
        code = enroll.join(newcomer, root).code
        enroll.admit(coord, Share.for_store(root, coord), code)
    finally:
        coord.close()
        newcomer.close()
    set_share(tmp_path / "new", str(root))
    screen = open_sync_screen(tmp_path / "new", make_state, qtbot)
    qtbot.waitUntil(lambda: "catalogue arrived" in screen.banner.text(), timeout=WAIT_MS)
    opened = open_store(tmp_path / "new")
    try:
        with opened.read() as conn:
            titles = set(conn.execute(select(Programme.title_lt)).scalars())
        assert "Saugus internetas" in titles
        assert not enroll.joining(opened)
    finally:
        opened.close()


def test_a_revoked_computer_is_told_so_not_welcomed(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """A computer revoked after it joined (its joining mark left by an older version): the
    screen says the coordinator stopped accepting its changes, never "enrolled", and offers
    no enrolment request."""
    root = tmp_path / "share"
    root.mkdir()
    coord = make_store(tmp_path / "coord", role="coordinator", branch="Centrinė biblioteka")
    newcomer = make_store(tmp_path / "new", branch="Šventežerio padalinys")
    try:
        with coord.uow() as uow:
            programmes.create_programme(uow, 8, title_lt="Saugus internetas", code="SI-1")
        enroll.join(coord, root)
        synchronise(coord, root)
        add_account(newcomer)
        code = enroll.join(newcomer, root).code
        share = Share.for_store(root, coord)
        device = enroll.admit(coord, share, code).entry.device
        synchronise(newcomer, root)
        trustops.revoke(coord, share, device, 0)
        synchronise(coord, root)
        newcomer.set_meta(enroll.META_JOINING, "1")
    finally:
        coord.close()
        newcomer.close()
    set_share(tmp_path / "new", str(root))
    screen = open_sync_screen(tmp_path / "new", make_state, qtbot)
    qtbot.waitUntil(lambda: "stopped accepting" in screen.banner.text(), timeout=WAIT_MS)
    assert "bundle" not in screen.banner.text()  # a number that means nothing to a person
    assert "catalogue arrived" not in screen.banner.text()
    qtbot.waitUntil(lambda: screen.revoked_label.isVisibleTo(screen), timeout=WAIT_MS)
    assert "call the coordinator" in screen.revoked_label.text()
    assert not screen.enrol_button.isVisibleTo(screen)


def test_the_enrol_button_shows_only_where_it_helps(
    tmp_path: Path, make_state: Any, qtbot: Any
) -> None:
    """An enrolled branch computer is not offered to ask for enrolment; one not enrolled is."""
    region = make_region(tmp_path)
    stranger = make_store(tmp_path / "stranger", branch="Veisiejų padalinys")
    try:
        add_account(region.branches[0])
        add_account(stranger)
    finally:
        region.close()
        stranger.close()
    set_share(tmp_path / "b0", str(region.root))
    set_share(tmp_path / "stranger", str(region.root))
    screen = open_sync_screen(tmp_path / "b0", make_state, qtbot)
    assert not screen.enrol_button.isVisibleTo(screen)
    screen.window().close()
    screen = open_sync_screen(tmp_path / "stranger", make_state, qtbot)
    assert screen.enrol_button.isVisibleTo(screen)
