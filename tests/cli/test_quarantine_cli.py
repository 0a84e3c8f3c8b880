"""``libtrainer quarantine list`` and ``libtrainer trust resume``, through the CLI, on a
coordinator whose branch device forked (its disk was copied to a second computer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.clikit import run_cli
from tests.conftest import make_store
from tests.sync.forkkit import Forked, names
from tests.sync.regionkit import add_participants


def _coord_dir(forked: Forked) -> Path:
    return Path(forked.coordinator.path).parent


def test_list_shows_the_whole_quarantine_with_what_to_do(
    forked: Forked, capsys: pytest.CaptureFixture[str]
) -> None:
    """After two syncs the list still shows the first sync's fork, the suspended device, the
    held-back bundle, when each was first seen and the resume command with the device id."""
    add_participants(forked.branch, [("Jonas", "Petraitis")])
    forked.sync_unnoticed(forked.branch)  # sent before the coordinator's notice stops it
    forked.sync(forked.coordinator)
    code, out, _err = run_cli(capsys, _coord_dir(forked), "quarantine", "list")
    assert code == 0
    device = forked.branch.device_id
    assert f"libtrainer trust resume {device}" in out
    assert "is suspended since" in out and "bundles held back: 1." in out
    assert "2 bundles are quarantined; waiting for a person: 2" in out
    assert "two different bundles numbered 2" in out and "first seen 20" in out


def test_list_json_gives_reason_state_and_action_per_bundle(
    forked: Forked, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--json`` lists each bundle (file, hash, device, seq, reason, first seen, retried,
    needs_person, action) and each suspended device with its command."""
    code, out, _err = run_cli(capsys, _coord_dir(forked), "quarantine", "list", "--json")
    assert code == 0
    data = json.loads(out)
    [item] = data["quarantined"]
    assert item["reason"] == "fork" and item["seq"] == 2
    assert item["device"] == forked.branch.device_id and item["device_label"].startswith("“PC-0”")
    assert item["retried"] is False and item["needs_person"] is True
    assert item["action"] == "resume" and len(item["hash"]) == 64 and item["first_seen"]
    [dev] = data["suspended"]
    assert dev["command"] == f"libtrainer trust resume {forked.branch.device_id}"
    assert data["needs_person"] == 1


def test_resume_through_the_cli_lets_the_next_sync_merge(
    forked: Forked, capsys: pytest.CaptureFixture[str]
) -> None:
    """``trust resume DEVICE`` lifts the suspension; the next ``sync`` merges the held bundle."""
    add_participants(forked.branch, [("Jonas", "Petraitis")])
    forked.sync_unnoticed(forked.branch)  # sent before the coordinator's notice stops it
    forked.sync(forked.coordinator)
    root = str(forked.region.root)
    code, out, err = run_cli(
        capsys, _coord_dir(forked), "trust", "resume", forked.branch.device_id, "--share", root
    )
    assert code == 0, err
    assert "suspension of “PC-0”" in out and "merged at the next sync: 1;" in out
    code, _out, err = run_cli(capsys, _coord_dir(forked), "sync", root)
    assert code == 0, err
    assert "Jonas" in names(forked.coordinator)
    _code, out, _err = run_cli(capsys, _coord_dir(forked), "quarantine", "list", "--json")
    data = json.loads(out)
    assert data["suspended"] == [] and data["needs_person"] == 0
    assert [(i["reason"], i["action"]) for i in data["quarantined"]] == [("fork", None)]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "not in the trust list"), ("lt", "nėra"), ("lv", "nav")],
)
def test_resume_of_an_unknown_device_is_refused_in_each_language(
    forked: Forked, capsys: pytest.CaptureFixture[str], lang: str, expected: str
) -> None:
    """An unknown device id: exit 2 and the reason in the chosen language."""
    code, _out, err = run_cli(
        capsys,
        _coord_dir(forked),
        "trust",
        "resume",
        "01930000-dead-7000-8000-000000000000",
        "--share",
        str(forked.region.root),
        lang=lang,
    )
    assert code == 2 and "01930000-dead" in err and expected in err


@pytest.mark.parametrize("lang", ["en", "lt", "lv"])
def test_empty_quarantine_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """A store with nothing quarantined says so in one sentence, in each language."""
    store = make_store(tmp_path / "lone")
    store.close()
    code, out, _err = run_cli(capsys, tmp_path / "lone", "quarantine", "list", lang=lang)
    assert code == 0 and len(out.strip().splitlines()) == 1
    assert ("Nothing is quarantined" in out) == (lang == "en")
