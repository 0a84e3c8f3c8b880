"""The share: write-once atomic files, temp and conflict-copy names, clear errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from libtrainer.domain.ids import new_id
from libtrainer.sync import share as share_mod
from libtrainer.sync.errors import (
    BundleError,
    ShareConflict,
    ShareError,
    ShareUnreachable,
    ShareVanished,
)
from libtrainer.sync.share import Share, is_temp, parse_bundle_name

DEVICE = new_id()
NAME = "000000000007-0123456789abcdef.ltb"
CONFLICT_COPIES = {
    "Windows / Google Drive": "000000000007-0123456789abcdef (1).ltb",
    "OneDrive": "000000000007-0123456789abcdef-DESKTOP-4F2K9QL.ltb",
    "OneDrive (second)": "000000000007-0123456789abcdef-DESKTOP-4F2K9QL-2.ltb",
    "Dropbox": "000000000007-0123456789abcdef (Rūta's conflicted copy 2026-11-21).ltb",
    "Nextcloud": "000000000007-0123456789abcdef (conflicted copy 2026-11-21 101112).ltb",
    "ownCloud": "000000000007-0123456789abcdef_conflict-20261121-101112.ltb",
    "Syncthing": "000000000007-0123456789abcdef.sync-conflict-20261121-101112-ABCDEFG.ltb",
}


@pytest.fixture
def share(tmp_path: Path) -> Share:
    (tmp_path / "share").mkdir()
    made = Share(tmp_path / "share", "alytaus-apskritis")
    made.base.mkdir(parents=True)  # a region's shared folder, as enrolment leaves it
    return made


def test_layout_is_under_libtrainer_v1_region(share: Share) -> None:
    """Files land in libtrainer/v1/<region>/outbox/<device>/."""
    path = share.write_once(f"outbox/{DEVICE}/{NAME}", b"data")
    assert path == share.root / "libtrainer" / "v1" / "alytaus-apskritis" / "outbox" / DEVICE / NAME
    assert share.device_outboxes() == [DEVICE]
    assert share.bundle_files(DEVICE) == [path]


def test_write_once_never_overwrites(share: Share) -> None:
    """A second write of other bytes under the same name fails and keeps the first file."""
    path = share.write_once(f"outbox/{DEVICE}/{NAME}", b"first")
    with pytest.raises(ShareConflict):
        share.write_once(f"outbox/{DEVICE}/{NAME}", b"second")
    assert path.read_bytes() == b"first"


def test_write_once_of_the_same_bytes_is_idempotent(share: Share) -> None:
    """Writing the very same bytes again (a retried publish) succeeds without change."""
    first = share.write_once(f"outbox/{DEVICE}/{NAME}", b"same")
    assert share.write_once(f"outbox/{DEVICE}/{NAME}", b"same") == first
    assert os.listdir(first.parent) == [NAME]


def test_write_once_leaves_no_temp_files(share: Share) -> None:
    """Only the final name remains after writing."""
    path = share.write_once(f"outbox/{DEVICE}/{NAME}", b"x" * 10_000)
    assert os.listdir(path.parent) == [NAME]


def test_write_once_without_hard_links_still_refuses_to_overwrite(
    share: Share, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links the O_EXCL fallback also never overwrites."""

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(share_mod.os, "link", no_links)
    path = share.write_once(f"outbox/{DEVICE}/{NAME}", b"first")
    with pytest.raises(ShareConflict):
        share.write_once(f"outbox/{DEVICE}/{NAME}", b"second")
    assert path.read_bytes() == b"first"


def test_sharing_violation_is_retried(share: Share, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Windows sharing violation (winerror 32) is retried until the file is free."""
    real_link, calls = os.link, []

    def busy_link(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) < 3:
            exc = PermissionError(errno.EACCES, "used by another process")
            exc.winerror = 32  # type: ignore[attr-defined]
            raise exc
        real_link(src, dst)

    monkeypatch.setattr(share_mod.os, "link", busy_link)
    monkeypatch.setattr(share_mod, "RETRY_DELAYS", (0.0, 0.0, 0.0))
    monkeypatch.setattr(share_mod.time, "sleep", lambda s: None)
    path = share.write_once(f"outbox/{DEVICE}/{NAME}", b"data")
    assert path.read_bytes() == b"data" and len(calls) == 3


def test_permission_denied_and_disk_full_are_clear(
    share: Share, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full and permission denied become ShareErrors that say what happened."""
    for err, word in ((errno.ENOSPC, "full"), (errno.EACCES, "may not")):

        def failing_open(*args: object, _err: int = err, **kw: object) -> None:
            raise (PermissionError if _err == errno.EACCES else OSError)(_err, os.strerror(_err))

        monkeypatch.setattr("builtins.open", failing_open)
        with pytest.raises(ShareError) as info:
            share.write_once(f"outbox/{DEVICE}/{NAME}", b"data")
        monkeypatch.undo()
        assert word in str(info.value)


def test_vanished_file_is_a_clear_error(share: Share) -> None:
    """Reading a file that disappeared says so (and is not a crash)."""
    path = share.write_once(f"outbox/{DEVICE}/{NAME}", b"data")
    path.unlink()
    with pytest.raises(ShareError) as info:
        share.read(path, 100)
    assert "disappeared" in str(info.value)


def test_read_refuses_files_past_the_limit(share: Share) -> None:
    """A file larger than the reader's limit is 'too_large', never read whole."""
    path = share.write_once(f"outbox/{DEVICE}/{NAME}", b"x" * 101)
    with pytest.raises(BundleError) as info:
        share.read(path, 100)
    assert info.value.reason == "too_large"


def test_unreachable_share_says_changes_are_safe(tmp_path: Path) -> None:
    """A missing share folder gives the 'not reachable, N changes safe' message."""
    gone = Share(tmp_path / "not-mounted", "r")
    assert not gone.reachable()
    with pytest.raises(ShareUnreachable) as info:
        gone.require(12)
    assert "not reachable" in str(info.value) and "12" in str(info.value)


@pytest.mark.parametrize("client", sorted(CONFLICT_COPIES))
def test_conflict_copies_are_deduplicated(share: Share, client: str) -> None:
    """A sync client's conflict copy of a bundle collapses into the original by content."""
    folder = share.base / "outbox" / DEVICE
    original = share.write_once(f"outbox/{DEVICE}/{NAME}", b"bundle bytes")
    copy = folder / CONFLICT_COPIES[client]
    copy.write_bytes(b"bundle bytes")
    files = share.bundle_files(DEVICE)
    assert set(files) == {original, copy}
    assert list(share.unique(files, 1000).values()) == [original]
    assert parse_bundle_name(copy.name) == (7, "0123456789abcdef")


def test_temp_and_hidden_files_are_skipped(share: Share) -> None:
    """Our temp names and sync clients' partial files are never listed as bundles."""
    folder = share.base / "outbox" / DEVICE
    folder.mkdir(parents=True)
    for name in (
        f".{NAME}.a1b2c3.tmp",
        f"~syncthing~{NAME}.tmp",
        f".syncthing.{NAME}.tmp",
        f"{NAME}.part",
        "~$" + NAME,
        "notes.txt",
    ):
        (folder / name).write_bytes(b"partial")
        assert is_temp(name) or name == "notes.txt"
    assert share.bundle_files(DEVICE) == []


def test_folders_that_are_not_device_ids_are_ignored(share: Share) -> None:
    """Stray folders in outbox/ (a user's 'Naujas aplankas') are not devices."""
    (share.base / "outbox" / "Naujas aplankas").mkdir(parents=True)
    assert share.device_outboxes() == []


def test_write_once_never_makes_a_share_root_that_went_away(share: Share) -> None:
    """A share root that vanished (stick taken out) is "went away", not made again locally."""
    gone = share.root.with_name("share.gone")
    share.root.rename(gone)
    with pytest.raises(ShareVanished) as info:
        share.write_once(f"outbox/{DEVICE}/{NAME}", b"data")
    assert isinstance(info.value, ShareUnreachable)
    assert not share.root.exists()


def test_write_once_makes_the_region_folder_only_when_asked(share: Share) -> None:
    """A missing region folder is made by set-up steps only; other writes leave nothing."""
    share.base.rmdir()
    with pytest.raises(ShareVanished):
        share.write_once(f"outbox/{DEVICE}/{NAME}", b"data")
    assert list(share.root.iterdir()) == [share.root / "libtrainer"]
    assert not share.base.exists()
    path = share.write_once(f"enroll/{DEVICE}-0123456789abcdef.req", b"req", make_region=True)
    assert path.read_bytes() == b"req"


def test_errors_name_the_shared_folder_not_the_file_inside_it(
    share: Share, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full, write-protected or forbidden shared folder is named as the person chose it,
    without the internal path of the file; a write-protected one is not told to try later."""
    cases = (
        (errno.ENOSPC, OSError, "make room on it"),
        (errno.EROFS, OSError, "lock switch"),
        (errno.EACCES, PermissionError, "Ask whoever manages the folder"),
    )
    for err, kind, advice in cases:

        def failing_open(*args: object, _err: int = err, _kind: type = kind, **kw: object) -> None:
            raise _kind(_err, os.strerror(_err))

        monkeypatch.setattr("builtins.open", failing_open)
        with pytest.raises(ShareError) as info:
            share.write_once(f"outbox/{DEVICE}/{NAME}", b"data")
        monkeypatch.undo()
        text = str(info.value)
        assert advice in text and str(share.root) in text, text
        assert "outbox" not in text and NAME not in text
        assert info.value.params["path"].endswith(NAME)  # kept for the log
        assert "try again later" not in text
