"""Lifting a fork suspension: ``suspension.resume`` keeps the merged history and lets the device's
bundles that continue it be merged again, while the other branch stays refused."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from libtrainer.i18n import render, set_language
from libtrainer.sync import chain, quarantine, suspension
from libtrainer.sync.errors import TrustError
from libtrainer.sync.target import StoreTarget
from tests.sync.forkkit import Forked, names
from tests.sync.regionkit import add_participants


def _reasons(forked: Forked) -> list[str]:
    with forked.coordinator.read() as conn:
        return sorted(e.reason for e in quarantine.entries(conn))


def test_resumed_device_bundles_are_merged_and_the_other_branch_stays_refused(
    forked: Forked,
) -> None:
    """Fork → suspended (later bundles held back) → resume → the real device's next bundles merge;
    the copy's bundles stay refused as forks and do not suspend the device again."""
    add_participants(forked.branch, [("Jonas", "Petraitis")])
    forked.sync_unnoticed(forked.branch)  # sent before the coordinator's notice stops it
    add_participants(forked.clone, [("Klonas", "Klonaitis")])
    forked.sync_clone()
    summary = forked.sync(forked.coordinator)
    assert summary.ingest is not None
    assert sorted(q.reason for q in summary.ingest.quarantined) == ["suspended", "suspended"]
    assert "Jonas" not in names(forked.coordinator)

    done = suspension.resume(
        forked.coordinator, forked.region.share(forked.coordinator), forked.branch.device_id
    )
    assert (done.device, done.requeued, done.rejected) == (forked.branch.device_id, 1, 1)

    summary = forked.sync(forked.coordinator)
    assert summary.ingest is not None and summary.ingest.quarantined == []
    assert len(summary.ingest.merged) == 1
    people = names(forked.coordinator)
    assert {"Ona", "Ieva", "Jonas"} <= people and not {"Rūta", "Klonas"} & people
    assert _reasons(forked) == ["fork", "fork"]
    with forked.coordinator.read() as conn:
        assert chain.suspension(conn, forked.branch.device_id) is None

    add_participants(forked.branch, [("Paulius", "Kairys")])
    forked.sync(forked.branch)
    summary = forked.sync(forked.coordinator)
    assert summary.ingest is not None and len(summary.ingest.merged) == 1
    assert "Paulius" in names(forked.coordinator)


def test_copy_still_in_use_after_resume_suspends_the_device_again(forked: Forked) -> None:
    """Resume does not weaken the fork rule: a new bundle from the copy is a fork again."""
    suspension.resume(
        forked.coordinator, forked.region.share(forked.coordinator), forked.branch.device_id
    )
    add_participants(forked.clone, [("Klonas", "Klonaitis")])
    forked.sync_clone()
    summary = forked.sync(forked.coordinator)
    assert summary.ingest is not None
    assert [q.reason for q in summary.ingest.quarantined] == ["fork"]
    with forked.coordinator.read() as conn:
        assert chain.suspension(conn, forked.branch.device_id) is not None


def test_resume_accepts_the_first_characters_of_the_device_id(forked: Forked) -> None:
    """The id as the quarantine list shows it (at least 8 first characters) is enough."""
    share = forked.region.share(forked.coordinator)
    done = suspension.resume(forked.coordinator, share, forked.branch.device_id[:13])
    assert done.device == forked.branch.device_id


def test_resume_is_refused_for_an_unknown_device(forked: Forked) -> None:
    """A device id that is neither suspended nor enrolled is refused, naming the id."""
    share = forked.region.share(forked.coordinator)
    with pytest.raises(TrustError) as caught:
        suspension.resume(forked.coordinator, share, "01930000-dead-7000-8000-000000000000")
    assert caught.value.reason == "unknown_device"
    assert "01930000-dead" in render(caught.value)


def test_resume_of_a_device_that_is_not_suspended_says_so(forked: Forked) -> None:
    """An enrolled device that is not suspended: nothing to resume, and the store is unchanged."""
    share = forked.region.share(forked.coordinator)
    with pytest.raises(TrustError) as caught:
        suspension.resume(forked.coordinator, share, forked.coordinator.device_id)
    assert caught.value.reason == "not_suspended"
    assert _reasons(forked) == ["fork"]


def test_only_a_coordinator_can_resume(forked: Forked) -> None:
    """A branch computer cannot lift a suspension (it merges no branch's bundles)."""
    share = forked.region.share(forked.branch)
    with pytest.raises(TrustError) as caught:
        suspension.resume(forked.branch, share, forked.branch.device_id)
    assert caught.value.reason == "not_coordinator"


@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_resume_refusals_read_in_lithuanian_and_latvian(forked: Forked, lang: str) -> None:
    """The refusals are translated, with the device named and no placeholder left."""
    share = forked.region.share(forked.coordinator)
    errors = []
    for device, store in (
        ("01930000-dead-7000-8000-000000000000", forked.coordinator),
        (forked.coordinator.device_id, forked.coordinator),
        (forked.branch.device_id, forked.branch),
    ):
        with pytest.raises(TrustError) as caught:
            suspension.resume(store, share, device)
        errors.append(caught.value)
    english = [render(e) for e in errors]
    set_language(lang)
    try:
        for error, source in zip(errors, english, strict=True):
            text = render(error)
            assert text != source and "{" not in text
    finally:
        set_language("en")


def test_resume_reads_the_shared_folder_outside_the_store_transaction(
    forked: Forked, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow drive must not hold the store's write lock: held bundles are read before it."""
    add_participants(forked.branch, [("Jonas", "Petraitis")])
    forked.sync_unnoticed(forked.branch)  # sent before the coordinator's notice stops it
    add_participants(forked.clone, [("Klonas", "Klonaitis")])
    forked.sync_clone()
    forked.sync(forked.coordinator)
    target = StoreTarget(forked.coordinator)
    inside: list[bool] = []
    writing = [False]
    real_transaction = target.transaction

    @contextmanager
    def transaction() -> Iterator[Any]:
        with real_transaction() as conn:
            writing[0] = True
            try:
                yield conn
            finally:
                writing[0] = False

    share = forked.region.share(forked.coordinator)
    real_read = share.read

    def read(path: Any, limit: int) -> bytes:
        inside.append(writing[0])
        return real_read(path, limit)

    monkeypatch.setattr(target, "transaction", transaction)
    monkeypatch.setattr(share, "read", read)
    done = suspension.resume(forked.coordinator, share, forked.branch.device_id, target=target)
    assert (done.requeued, done.rejected) == (1, 1)
    assert inside and not any(inside)
