"""An erasure's fingerprint and its secret never leave the computer: not in a published
bundle, not at the coordinator after the merge (docs/decisions/0009)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from libtrainer.services import records
from libtrainer.store import erased
from libtrainer.store.dump import dump_text
from libtrainer.store.models import Erased
from libtrainer.store.store import Store, read_meta
from libtrainer.sync import bundle, publish
from libtrainer.sync.session import synchronise
from tests.sync.regionkit import add_participants, make_region


def _local(store: Store) -> tuple[str | None, list[str]]:
    """The store's secret (hex) and fingerprints."""
    with store.read() as conn:
        secret = read_meta(conn, erased.SECRET_KEY)
        return secret, list(conn.execute(select(Erased.fingerprint)).scalars())


def test_the_secret_and_fingerprint_are_in_no_bundle_and_not_at_the_coordinator(
    tmp_path: Path,
) -> None:
    """A branch erases a person it sent earlier and publishes: the decrypted bundle holds the
    delete but neither the secret nor the fingerprint, and the coordinator keeps none of
    them."""
    region = make_region(tmp_path)
    try:
        branch = region.branches[0]
        pid = add_participants(branch)[0]
        publish.publish(branch, region.share(branch))  # sent: the delete must travel (0325)
        with branch.uow() as uow:
            records.delete(uow, "participant", pid)
        secret, prints = _local(branch)
        assert secret is not None and len(prints) == 1
        result = publish.publish(branch, region.share(branch))
        assert result.bundles
        for path in result.bundles:
            data = path.read_bytes()
            opened = bundle.open_bundle(
                data,
                trust=region.trust(region.coordinator),
                decrypt_keys=region.keys(region.coordinator),
                region=region.share(region.coordinator).region,
            )
            plain = repr(opened.changes)
            assert any(c.row_id == pid and c.op == "d" for c in opened.changes)
            for value in (secret, *prints):
                assert value not in plain
                assert value.encode() not in data and bytes.fromhex(value) not in data
        synchronise(region.coordinator, region.root)
        assert _local(region.coordinator) == (None, [])
        with region.coordinator.read() as conn:
            assert conn.execute(select(func.count()).select_from(Erased)).scalar_one() == 0
            text = dump_text(conn)
        for value in (secret, *prints):
            assert value not in text
    finally:
        region.close()
