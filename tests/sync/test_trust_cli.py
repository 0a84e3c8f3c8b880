"""The enroll, trust and keys commands, end to end through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from libtrainer.cli import main


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", "--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _init(capsys: pytest.CaptureFixture[str], data: Path, role: str, branch: str) -> None:
    code, _out, err = _run(
        capsys,
        data,
        "init",
        "--region",
        "Vidzemes reģions",
        "--library",
        "Valmieras bibliotēka",
        "--branch",
        branch,
        "--device-name",
        f"PC {branch}",
        "--role",
        role,
        "--country",
        "LV",
    )
    assert code == 0, err


@pytest.fixture
def dirs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Path]:
    found = {
        "coord": tmp_path / "coord",
        "branch": tmp_path / "branch",
        "share": tmp_path / "share",
    }
    found["share"].mkdir()
    _init(capsys, found["coord"], "coordinator", "Centrālā bibliotēka")
    _init(capsys, found["branch"], "branch", "Rūjienas filiāle")
    return found


def test_enrol_list_approve_and_status(
    dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A branch enrols, shows as pending with its code, is approved, and status shows the code."""
    code, out, _ = _run(capsys, dirs["coord"], "enroll", str(dirs["share"]))
    assert code == 0 and "enrolled" in out
    code, out, _ = _run(capsys, dirs["branch"], "enroll", str(dirs["share"]))
    assert code == 0
    branch_code = re.search(r"[0-9A-F]{4}-[0-9A-F]{4}", out)
    assert branch_code is not None and "trust approve" in out
    code, out, _ = _run(capsys, dirs["coord"], "trust", "list", "--json")
    listing = json.loads(out)
    assert [p["code"] for p in listing["pending"]] == [branch_code.group()]
    assert listing["pending"][0]["branch_name"] == "Rūjienas filiāle"
    code, out, _ = _run(capsys, dirs["coord"], "trust", "approve", branch_code.group())
    assert code == 0 and "Rūjienas filiāle" in out
    code, out, _ = _run(capsys, dirs["coord"], "trust", "list", "--json")
    listing = json.loads(out)
    assert listing["pending"] == [] and listing["version"] == 2
    assert branch_code.group() in [d["code"] for d in listing["devices"]]
    code, out, _ = _run(capsys, dirs["branch"], "status", "--json")
    assert json.loads(out)["enrolment_code"] == branch_code.group()
    code, out, _ = _run(capsys, dirs["branch"], "enroll", str(dirs["share"]))
    assert "is enrolled" in out


def test_revoke_and_rotate(dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """trust revoke DEVICE --after-seq N and trust rotate each make a new version."""
    _run(capsys, dirs["coord"], "enroll", str(dirs["share"]))
    _code, out, _ = _run(capsys, dirs["branch"], "enroll", str(dirs["share"]))
    branch_code = re.search(r"[0-9A-F]{4}-[0-9A-F]{4}", out)
    assert branch_code is not None
    _run(capsys, dirs["coord"], "trust", "approve", branch_code.group())
    _code, out, _ = _run(capsys, dirs["branch"], "status", "--json")
    device = json.loads(out)["device_id"]
    code, out, err = _run(capsys, dirs["coord"], "trust", "revoke", device, "--after-seq", "4")
    assert code == 0, err
    code, out, err = _run(capsys, dirs["coord"], "trust", "rotate")
    assert code == 0, err
    code, out, _ = _run(capsys, dirs["coord"], "trust", "list", "--json")
    listing = json.loads(out)
    assert listing["version"] == 4
    revoked = [d for d in listing["devices"] if d["device"] == device][0]
    assert revoked["state"] == "revoked" and revoked["revoked_after"] == 4
    _code, out, _ = _run(capsys, dirs["coord"], "trust", "list")
    assert "revoked after bundle 4" in out
    assert "Trust list version 4 of Vidzemes reģions" in out  # its name, not "vidzemes-regions"


def test_keys_backup_and_restore_commands(
    dirs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """keys backup FILE then keys restore FILE with a passphrase file."""
    _run(capsys, dirs["coord"], "enroll", str(dirs["share"]))
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("Ābele un ķirsis\n", encoding="utf-8")
    backup = tmp_path / "coord.ltkeys"
    code, out, err = _run(
        capsys,
        dirs["coord"],
        "keys",
        "backup",
        str(backup),
        "--backup-passphrase-file",
        str(phrase),
    )
    assert code == 0 and backup.exists(), err
    code, out, err = _run(
        capsys,
        dirs["coord"],
        "keys",
        "restore",
        str(backup),
        "--backup-passphrase-file",
        str(phrase),
    )
    assert code == 0, err
    phrase.write_text("nepareiza\n", encoding="utf-8")
    code, out, err = _run(
        capsys,
        dirs["coord"],
        "keys",
        "restore",
        str(backup),
        "--backup-passphrase-file",
        str(phrase),
    )
    assert code == 2 and "passphrase" in err


def test_keys_restore_reads_a_passphrase_file_with_a_bom(
    dirs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup passphrase file saved "UTF-8 with BOM" works for backups made before the BOM
    was dropped (BOM in the passphrase) and after (without)."""
    _run(capsys, dirs["coord"], "enroll", str(dirs["share"]))
    words = "Ābele un ķirsis"
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(("\ufeff" + words + "\r\n").encode("utf-8"))
    doubled = tmp_path / "doubled.txt"  # read now as the old reading read with_bom
    doubled.write_bytes(("\ufeff\ufeff" + words + "\n").encode("utf-8"))
    plain = tmp_path / "plain.txt"
    plain.write_text(words + "\n", encoding="utf-8")
    for made_with, name in ((with_bom, "new.ltkeys"), (doubled, "old.ltkeys")):
        backup = tmp_path / name
        args = ("keys", "backup", str(backup), "--backup-passphrase-file", str(made_with))
        assert _run(capsys, dirs["coord"], *args)[0] == 0
        args = ("keys", "restore", str(backup), "--backup-passphrase-file", str(with_bom))
        code, _out, err = _run(capsys, dirs["coord"], *args)
        assert code == 0, err
    args = ("keys", "restore", str(tmp_path / "new.ltkeys"), "--backup-passphrase-file")
    assert _run(capsys, dirs["coord"], *args, str(plain))[0] == 0


def test_unreachable_share_is_a_clear_message(
    dirs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Enrolling against a missing folder says the folder is not reachable (exit 2)."""
    code, _out, err = _run(capsys, dirs["branch"], "enroll", str(tmp_path / "nėra"))
    assert code == 2 and "not reachable" in err


def test_lithuanian_messages(
    dirs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --lang lt the unreachable-share message is in Lithuanian."""
    code = main(
        ["--lang", "lt", "--data-dir", str(dirs["branch"]), "enroll", str(tmp_path / "nėra")]
    )
    err = capsys.readouterr().err
    assert code == 2 and "nepasiekiamas" in err


def test_a_coordinator_syncing_before_enrolling_is_told_what_to_run(
    dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A coordinator's first sync before "enroll" says how a coordinator starts the trust list."""
    code, out, _ = _run(capsys, dirs["coord"], "sync", str(dirs["share"]))
    assert code == 0
    assert "This coordinator's computer is not enrolled yet" in out
    assert "libtrainer enroll SHARE" in out
    assert "until the coordinator approves it" not in out
    code, out, _ = _run(capsys, dirs["branch"], "sync", str(dirs["share"]))
    assert "until the coordinator approves it" in out


def test_trust_list_before_any_trust_list_names_the_region(
    dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """ "trust list" with no trust list yet names the region and says none is here yet."""
    code, out, _ = _run(capsys, dirs["coord"], "trust", "list")
    assert code == 0
    assert "Vidzemes reģions has no trust list on this computer yet." in out  # not its key
    assert "  trust list" not in out and "version 0" not in out
    assert "libtrainer enroll SHARE" in out
    code, out, _ = _run(capsys, dirs["coord"], "trust", "list", "--json")
    assert json.loads(out)["region"] == "vidzemes-regions"


def test_trust_list_in_lithuanian_names_the_region_not_its_folder_key(
    dirs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """In Lithuanian the trust list's heading names the region as people know it."""
    _run(capsys, dirs["coord"], "enroll", str(dirs["share"]))
    code = main(["--lang", "lt", "--data-dir", str(dirs["coord"]), "trust", "list"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Regionas Vidzemes reģions: pasitikėjimo sąrašo 1 versija" in out
    assert "vidzemes-regions" not in out
