"""``libtrainer report …``: the command line over the hand-built store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from libtrainer.cli import build_parser, main
from tests.reports.known_store import i, known_store_at


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("cli") / "data"
    with known_store_at(folder):
        pass
    yield folder


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_summary_json_to_standard_output(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --out, JSON goes to stdout; --by takes comma lists and repeats."""
    code = run(
        data_dir,
        "report",
        "summary",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--by",
        "branch,target_group",
        "--by",
        "half",
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["key"] for s in data["sections"]] == ["totals", "branch", "target_group", "half"]
    assert data["sections"][0]["rows"][0] == {
        "key": "participants",
        "figure": "Unique participants",
        "value": 10,
    }


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "csv", "json"])
def test_every_format_to_a_file_in_lithuanian(
    data_dir: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each format is written where --out says, and the command says so in Lithuanian."""
    out = tmp_path / f"esf.{fmt}"
    code = run(
        data_dir,
        "--lang",
        "lt",
        "report",
        "esf",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--by",
        "region",
        "--out",
        str(out),
    )
    assert code == 0 and out.stat().st_size > 0
    assert "Ataskaita įrašyta" in capsys.readouterr().out
    if fmt == "xlsx":
        assert load_workbook(out).sheetnames == [
            "Ataskaita",
            "ESF+ dalyvių rodikliai",
            "Pagal regioną",
        ]


def test_scope_programme_audience_and_age_rules(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scope by a name without diacritics, programme by code, 2014 age bands."""
    code = run(
        data_dir,
        "report",
        "esf",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--scope",
        "library:kalvarijos",
        "--programme",
        "SR-1",
        "--age-rules",
        "2014",
        "--audience",
        "residents",
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    rows = {r["key"]: r["count"] for r in data["sections"][0]["rows"]}
    assert rows["total"] == 8 and rows["age_under_25"] == 2
    assert data["filters"]["scope"]["id"] == i("lA")


def test_own_scope_uses_this_device_branch(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--scope branch means the branch this device was set up at (Sangrūdos padalinys)."""
    assert (
        run(
            data_dir,
            "report",
            "consultations",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--scope",
            "branch",
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["sections"][0]["total"]["consultations"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--by", "topic"],
            "cannot be broken down by “topic”. Choose from: Region (region), Library (library)",
        ),
        (["--scope", "branch:Nėra tokio"], "No branch is called “Nėra tokio”."),
        (["--programme", "nothing"], "No programme is called “nothing”."),
        (["--format", "pdf"], "The pdf report needs a file: add --out FILE."),
        (["--scope", "county:x"], "The scope must be region, library or branch"),
    ],
)
def test_mistakes_are_explained(
    data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """A wrong breakdown, scope, programme or missing file exits 2 with a plain message."""
    code = run(data_dir, "report", "summary", "--from", "2024-01-01", "--to", "2024-12-31", *args)
    assert code == 2
    assert message in capsys.readouterr().err


def test_bad_dates_are_refused_by_the_parser(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A date that is not YYYY-MM-DD, or an end before the start, is refused."""
    with pytest.raises(SystemExit):
        run(data_dir, "report", "summary", "--from", "2024-13-01", "--to", "2024-12-31")
    assert "is not a date such as 2024-12-31" in capsys.readouterr().err
    assert run(data_dir, "report", "summary", "--from", "2024-12-31", "--to", "2024-01-01") == 2
    assert "before its start" in capsys.readouterr().err


def test_report_command_has_help_for_every_option() -> None:
    """`libtrainer report --help` documents each option (no option without help text)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    report = sub.choices["report"]  # type: ignore[attr-defined]
    for action in report._actions:
        if action.dest != "help":
            assert action.help, action.dest


def test_store_is_left_unchanged(data_dir: Path) -> None:
    """Reports only read: the run captures no change into the outbox."""
    from libtrainer.services import storefile

    def pending() -> int:
        store = storefile.open_store(data_dir)
        try:
            return store.pending_changes()
        finally:
            store.close()

    before = pending()
    assert (
        run(
            data_dir,
            "report",
            "summary",
            "--from",
            "2024-01-01",
            "--to",
            "2024-12-31",
            "--format",
            "json",
            "--out",
            str(data_dir.parent / "x.json"),
        )
        == 0
    )
    assert pending() == before
