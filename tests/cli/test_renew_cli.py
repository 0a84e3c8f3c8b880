"""``libtrainer enroll SHARE --new-device`` through the CLI: a branch PC whose disk was copied
(the copy forked) takes a new identity, is approved, and its work reaches the coordinator."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from libtrainer.cli import main
from libtrainer.services import storefile
from tests.cli.clikit import run_cli
from tests.sync.forkkit import Forked, names
from tests.sync.regionkit import add_participants


def _dir(store: object) -> Path:
    return Path(store.path).parent  # type: ignore[attr-defined]


def test_new_device_enrols_the_copy_and_its_work_is_merged(
    forked: Forked, capsys: pytest.CaptureFixture[str]
) -> None:
    """enroll --new-device → trust approve CODE → trust resume OLD → enroll again → sync: the
    copy's records and the original's all reach the coordinator, each once."""
    old = forked.clone.device_id
    add_participants(forked.clone, [("Klonas", "Klonaitis")])
    clone_dir, coord_dir, root = _dir(forked.clone), _dir(forked.coordinator), forked.region.root
    forked.clone.close()
    code, out, _err = run_cli(capsys, clone_dir, "enroll", str(root), "--new-device")
    assert code == 0
    assert f"(it was {old})" in out
    assert "will be sent again under the new identity" in out
    assert f"libtrainer trust resume {old}" in out
    enrol_code = re.search(r"Enrolment code of this computer: (\S+)", out)
    assert enrol_code is not None
    assert run_cli(capsys, coord_dir, "trust", "approve", enrol_code.group(1))[0] == 0
    code, out, _err = run_cli(capsys, coord_dir, "trust", "resume", old)
    assert code == 0 and "refused for good: 0" in out
    code, out, _err = run_cli(capsys, clone_dir, "enroll", str(root))
    assert code == 0 and "This computer is enrolled." in out
    assert run_cli(capsys, coord_dir, "sync", str(root))[0] == 0
    code, out, _err = run_cli(capsys, coord_dir, "sync", str(root), "--json")
    assert code == 0 and json.loads(out)["quarantined"] == []

    people = names(forked.coordinator)
    assert {"Ona", "Ieva", "Rūta", "Klonas"} <= people
    with forked.coordinator.read() as conn:
        given = [r[0] for r in conn.exec_driver_sql("SELECT given_name FROM participant")]
    assert sorted(given) == sorted(["Ona", "Ieva", "Rūta", "Klonas"])  # nothing twice
    renewed = storefile.open_store(clone_dir)
    try:
        assert renewed.device_id != old
        with renewed.read() as conn:
            devices = {r[0] for r in conn.exec_driver_sql("SELECT DISTINCT device FROM lt_outbox")}
        assert devices <= {renewed.device_id}
    finally:
        renewed.close()


def test_new_device_is_refused_on_a_coordinator(
    forked: Forked, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the coordinator the command says why not, exits non-zero and changes nothing."""
    before = forked.coordinator.device_id
    coord_dir = _dir(forked.coordinator)
    code, out, err = run_cli(capsys, coord_dir, "enroll", str(forked.region.root), "--new-device")
    assert code != 0 and "coordinator cannot take a new identity" in err
    assert forked.coordinator.meta("device_id") == before


def test_new_device_and_new_key_cannot_be_combined(
    forked: Forked, capsys: pytest.CaptureFixture[str]
) -> None:
    """--new-device already makes new keys; both options together are a usage error."""
    with pytest.raises(SystemExit):
        main(["--data-dir", str(_dir(forked.clone)), "enroll", "x", "--new-device", "--new-key"])
    assert "not allowed with argument" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["lt", "lv"])
def test_new_device_speaks_lithuanian_and_latvian(
    forked: Forked, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """The renew messages are translated; the device ids and commands survive."""
    old = forked.clone.device_id
    clone_dir = _dir(forked.clone)
    forked.clone.close()
    code, out, _err = run_cli(
        capsys, clone_dir, "enroll", str(forked.region.root), "--new-device", lang=lang
    )
    assert code == 0 and old in out and f"libtrainer trust resume {old}" in out
    assert "new identity" not in out and "{" not in out
