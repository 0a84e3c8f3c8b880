"""A coordinator moves to a new PC: the data folder copied, `keys restore FILE` with the key
backup, and the records open and sync there (decision 0336)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from libtrainer.cli import main
from libtrainer.services import recovery, storefile
from libtrainer.store.models import Participant
from libtrainer.sync import crypto, enroll, identity
from libtrainer.sync.session import synchronise
from libtrainer.sync.summary import describe
from tests.conftest import MemoryKeyring, make_store
from tests.sync.regionkit import NAMES, Region, add_participants

PHRASE = "Ąžuolų giraitė ir šviesi naktis"


@contextmanager
def _new_pc() -> Iterator[MemoryKeyring]:
    """Run as the new computer: an empty keyring of its own."""
    previous, fresh = keyring.get_keyring(), MemoryKeyring()
    keyring.set_keyring(fresh)
    try:
        yield fresh
    finally:
        keyring.set_keyring(previous)


def _cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str]:
    code = main(["--lang", "en", "--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out + err


def _backup_and_copy(
    region: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path, Path]:
    """The coordinator merged a branch's work, made a key backup; its data folder is copied
    to the new PC. Returns (backup, passphrase file, the new PC's data folder)."""
    branch, coord = region.branches[0], region.coordinator
    add_participants(branch, NAMES[:2])
    synchronise(branch, region.root)
    synchronise(coord, region.root)
    phrase = tmp_path / "pp.txt"
    phrase.write_text(PHRASE + "\n", encoding="utf-8")
    backup = tmp_path / "out" / "koord-keys.ltkeys"
    backup.parent.mkdir()
    coord.engine.dispose()
    data = Path(coord.path).parent
    code, out = _cli(
        capsys, data, "keys", "backup", str(backup), "--backup-passphrase-file", str(phrase)
    )
    assert code == 0, out
    assert "key of its records" in out and "keys restore" in out
    new_pc = tmp_path / "new-pc" / "data"
    shutil.copytree(data, new_pc)
    return backup, phrase, new_pc


def test_a_coordinator_restored_on_a_new_pc_opens_its_records_and_syncs(
    region: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The copied folder and `keys restore` are all a new PC needs: the records' key and the
    sync keys come back, the store opens, merges what the branch sends next and publishes; the
    output says to stop using the old PC or give one of them its own identity."""
    backup, phrase, new_pc = _backup_and_copy(region, tmp_path, capsys)
    branch, coord = region.branches[0], region.coordinator
    before = identity.load_device_keys(coord)
    add_participants(branch, NAMES[2:3])
    synchronise(branch, region.root)  # sent while the coordinator moves
    with _new_pc():
        code, out = _cli(
            capsys, new_pc, "keys", "restore", str(backup), "--backup-passphrase-file", str(phrase)
        )
        assert code == 0, out
        assert "key of the records" in out
        assert "stop using the old one" in out and "--coordinator" in out
        store = storefile.open_store(new_pc)
        try:
            after = identity.load_device_keys(store)
            assert after.key_id == before.key_id
            summary = synchronise(store, region.root)
            assert summary.ingest is not None and summary.ingest.quarantined == []
            with store.read() as conn:
                names = set(conn.execute(select(Participant.family_name)).scalars())
            assert names == {family for _given, family in NAMES[:3]}
            code, out = _cli(capsys, new_pc, "status", "--json")
            assert code == 0 and json.loads(out)["enrolment_code"] == before.code
        finally:
            store.close()


def test_two_pcs_under_one_coordinator_identity_are_told_what_to_do(
    region: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the old coordinator PC keeps working after the restore, the sync that finds the
    other one's work says to stop using one of them or give one its own identity."""
    backup, phrase, new_pc = _backup_and_copy(region, tmp_path, capsys)
    coord = region.coordinator
    add_participants(coord, NAMES[3:4])
    synchronise(coord, region.root)  # the old PC goes on working
    with _new_pc():
        code, out = _cli(
            capsys, new_pc, "keys", "restore", str(backup), "--backup-passphrase-file", str(phrase)
        )
        assert code == 0, out
        store = storefile.open_store(new_pc)
        try:
            told = "\n".join(describe(synchronise(store, region.root)))
        finally:
            store.close()
    assert "restored from an older copy" in told
    assert "another computer" in told and "stop using one of them" in told


def _old_format_backup(region: Region, path: Path) -> None:
    """A key backup as versions before 0336 wrote it: the sync keys only."""
    own = identity.load_device_keys(region.coordinator)
    body = {
        "format": 1,
        "device": own.device,
        "sign": crypto.private_bytes(own.signing).hex(),
        "x25519": [crypto.private_bytes(k).hex() for k in own.exchange],
        "created": "2026-01-05T10:00:00+00:00",
    }
    path.write_bytes(crypto.seal_with_passphrase(json.dumps(body).encode(), PHRASE))


def test_an_older_backup_says_it_lacks_the_records_key_and_the_recovery_code_helps(
    region: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup without the records' key says so and names `keys recover`; after the recovery
    code put the records' key back, the same backup restores the sync keys."""
    coord = region.coordinator
    code_shown = recovery.make_code(Path(coord.path).parent)
    _backup_and_copy(region, tmp_path, capsys)
    old = tmp_path / "old.ltkeys"
    _old_format_backup(region, old)
    new_pc = tmp_path / "new-pc" / "data"
    phrase = tmp_path / "pp.txt"
    code_file = tmp_path / "code.txt"
    code_file.write_text(code_shown, encoding="utf-8")
    with _new_pc():
        restore = ("keys", "restore", str(old), "--backup-passphrase-file", str(phrase))
        code, out = _cli(capsys, new_pc, *restore)
        assert code == 2
        assert "sync keys only" in out and "keys recover" in out
        code, out = _cli(capsys, new_pc, "keys", "recover", "--code-file", str(code_file))
        assert code == 0, out
        code, out = _cli(capsys, new_pc, *restore)
        assert code == 0, out
        assert "keys of this computer were restored" in out


def test_a_backup_of_other_records_is_refused_plainly(
    region: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The branch's backup on a new PC holding a copy of the coordinator's folder: its records'
    key does not open these records — said so, nothing put in the keyring."""
    _backup, phrase, new_pc = _backup_and_copy(region, tmp_path, capsys)
    branch = region.branches[0]
    branch_backup = tmp_path / "branch.ltkeys"
    identity.backup_keys(branch, branch_backup, PHRASE)
    with _new_pc() as fresh:
        code, out = _cli(
            capsys,
            new_pc,
            "keys",
            "restore",
            str(branch_backup),
            "--backup-passphrase-file",
            str(phrase),
        )
        assert code == 2
        assert "does not open the records" in out
        assert fresh.secrets == {}


def test_keys_help_says_what_the_backup_holds(capsys: pytest.CaptureFixture[str]) -> None:
    """`keys restore --help` says what the backup holds and what a new PC needs."""
    with pytest.raises(SystemExit):
        main(["--lang", "en", "keys", "restore", "--help"])
    out = capsys.readouterr().out
    assert "key of its records" in out and "data folder" in out


def test_a_second_coordinator_with_the_backup_reads_the_earlier_work(
    region: Region, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The advice for two PCs that both stay in use works: a new coordinator store takes the
    backup's decryption keys, is approved as a coordinator and merges the branch's earlier
    bundles (sealed before it joined)."""
    backup, phrase, _new = _backup_and_copy(region, tmp_path, capsys)
    second = make_store(tmp_path / "second", role="coordinator", device_name="Koordinatorė 2")
    try:
        second.engine.dispose()
        code, out = _cli(
            capsys,
            tmp_path / "second",
            "keys",
            "restore",
            str(backup),
            "--backup-passphrase-file",
            str(phrase),
        )
        assert code == 0 and "decryption keys of the backup were added" in out, out
        outcome = enroll.request_enrolment(second, region.share(second))
        coord = region.coordinator
        enroll.approve(coord, region.share(coord), outcome.code, as_coordinator=True)
        summary = synchronise(second, region.root)
        assert summary.ingest is not None and summary.ingest.quarantined == []
        with second.read() as conn:
            names = set(conn.execute(select(Participant.family_name)).scalars())
        assert {family for _given, family in NAMES[:2]} <= names
    finally:
        second.close()
