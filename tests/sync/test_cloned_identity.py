"""A copied data folder that enrols with a new key: the approval warns, the original is told
its key was replaced (decision 0322)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest

from libtrainer.cli import main
from libtrainer.services import storefile
from libtrainer.store.store import Store
from libtrainer.sync import enroll, publish
from libtrainer.sync.session import synchronise
from libtrainer.sync.summary import describe
from tests.conftest import MemoryKeyring
from tests.sync.regionkit import NAMES, Region, add_participants, make_region


@contextmanager
def _on(backend: MemoryKeyring) -> Iterator[None]:
    """Run as the other computer: its own keyring."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def _cloned(tmp_path: Path, memory_keyring: MemoryKeyring) -> tuple[Region, Store, MemoryKeyring]:
    """A region with one branch, and a copy of that branch's data folder (with a copy of its
    keyring) that follows the advice for missing sync keys: enroll --new-key."""
    region = make_region(tmp_path, branches=1)
    branch = region.branches[0]
    add_participants(branch, NAMES[2:3])
    synchronise(branch, region.root)
    branch.engine.dispose()
    shutil.copytree(Path(branch.path).parent, tmp_path / "clone")
    other = MemoryKeyring()
    other.secrets = dict(memory_keyring.secrets)
    with _on(other):
        clone = storefile.open_store(tmp_path / "clone")
        outcome = enroll.join(clone, region.root, new_key=True)
    assert outcome.state == "pending"
    return region, clone, other


def test_approving_a_copy_warns_and_the_original_is_told_its_key_was_replaced(
    tmp_path: Path, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    """`trust list` and `trust approve` warn that a working computer's key is replaced and
    name --new-device; the original then hears that its key was replaced, not "not enrolled"."""
    region, clone, _other = _cloned(tmp_path, memory_keyring)
    coord, branch = region.coordinator, region.branches[0]
    try:
        info = enroll.overview(coord, region.share(coord))
        assert [p["replaces_key"] for p in info["pending"]] == [True]
        code = info["pending"][0]["code"]
        coord.engine.dispose()
        data = str(Path(coord.path).parent)
        share = ["--share", str(region.root)]
        assert main(["--lang", "en", "--data-dir", data, "trust", "list", *share]) == 0
        listed = capsys.readouterr().out
        assert "already enrolled with another key" in listed
        assert main(["--lang", "en", "--data-dir", data, "trust", "approve", code, *share]) == 0
        approved = capsys.readouterr().out
        assert "already enrolled with another key" in approved and "--new-device" in approved
        add_participants(branch, NAMES[:1])
        summary = synchronise(branch, region.root)
        assert summary.publish_note == "key_replaced" and summary.published_changes == 0
        told = "\n".join(describe(summary))
        assert "key was replaced by the coordinator on 20" in told
        assert "--new-device" in told and "not enrolled" not in told
        assert publish.publish(branch, region.share(branch)).note == "key_replaced"
        assert enroll.join(branch, region.root).state == "replaced"
    finally:
        clone.close()
        region.close()


def test_a_lost_keyring_enrolling_again_is_not_a_replacement_for_others(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """A request of a new device is not marked as replacing a key."""
    region = make_region(tmp_path, branches=0)
    try:
        from tests.conftest import make_store  # noqa: PLC0415

        newcomer = make_store(tmp_path / "new", device_name="PC-9")
        enroll.request_enrolment(newcomer, region.share(newcomer))
        info = enroll.overview(region.coordinator, region.share(region.coordinator))
        assert [p["replaces_key"] for p in info["pending"]] == [False]
        newcomer.close()
    finally:
        region.close()
