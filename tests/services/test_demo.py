"""Demonstration data: realistic, rule-abiding, deterministic for a seed, repeatable, healthy."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from libtrainer.cli import main
from libtrainer.domain import rules
from libtrainer.domain.enums import (
    AgeBand,
    AttendanceMark,
    Gender,
    PlaceKind,
    Referrer,
)
from libtrainer.domain.errors import ValidationError
from libtrainer.services import checks, demo, setup, storefile
from libtrainer.services.demo import launch, names
from libtrainer.store.store import Store
from tests.conftest import make_store

REF = dt.date(2026, 3, 16)  # a fixed reference date: the same data whatever day the tests run
LT_LETTERS = set("ąčęėįšųūžĄČĘĖĮŠŲŪŽ")
LV_ONLY_LETTERS = set("āēīķļņĀĒĪĶĻŅ")


def esf_band(age: int) -> str:
    """The ESF+ 2021 age band of an age (under 18, 18–29, 30–54, 55 and over)."""
    return "under_18" if age < 18 else "18_29" if age < 30 else "30_54" if age < 55 else "55_plus"


def rows(store: Store, sql: str) -> list[Any]:
    with store.read() as conn:
        return list(conn.exec_driver_sql(sql).all())


def count(store: Store, table: str) -> int:
    return int(rows(store, f"SELECT count(*) FROM {table}")[0][0])


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, demo.DemoSummary]]:
    """One branch-size demo shared by the read-only tests here (a demo-key store: no keyring)."""
    store = storefile.create(tmp_path_factory.mktemp("demo") / "data", demo=True)
    setup.initialise(
        store,
        region="Alytaus apskritis",
        library="Lazdijų r. savivaldybės viešoji biblioteka",
        branch="Būdviečio padalinys",
        device_name="Demo PC",
        role="branch",
    )
    try:
        yield store, demo.fill(store, size="branch", seed=7, today=REF)
    finally:
        store.close()


def test_branch_demo_fills_a_branch(filled: tuple[Store, demo.DemoSummary]) -> None:
    """A branch-size demo adds about 60 people, 6 groups, 40 sessions and 80 consultations."""
    store, summary = filled
    assert count(store, "participant") == summary.count("participant") == 60
    assert count(store, "training_group") == 6
    assert 30 <= count(store, "training_session") <= 60
    assert count(store, "consultation") == 80
    assert count(store, "attendance") > 200 and count(store, "enrolment") > 50
    assert count(store, "branch") == 1 and count(store, "volunteer") == 3
    assert summary.branches == 1


def test_demo_names_keep_lithuanian_and_latvian_diacritics(
    filled: tuple[Store, demo.DemoSummary],
) -> None:
    """Participants carry Lithuanian and Latvian names with their letters intact."""
    store, _summary = filled
    people = rows(store, "SELECT given_name || ' ' || family_name FROM participant")
    letters = set("".join(name for (name,) in people))
    assert letters & LT_LETTERS and letters & LV_ONLY_LETTERS
    staff = {f"{g} {f}" for g, f in rows(store, "SELECT given_name, family_name FROM staff")}
    assert "Asta Mickevičienė" in staff


def test_lithuanian_family_names_take_feminine_forms() -> None:
    """Žukauskas, Mickevičius, Rudys, Butkus become -ienė when married, -aitė/-iūtė… when not."""
    assert names.lt_female_family("Žukauskas", married=True) == "Žukauskienė"
    assert names.lt_female_family("Žukauskas", married=False) == "Žukauskaitė"
    assert names.lt_female_family("Mickevičius", married=True) == "Mickevičienė"
    assert names.lt_female_family("Mickevičius", married=False) == "Mickevičiūtė"
    assert names.lt_female_family("Rudys", married=True) == "Rudienė"
    assert names.lt_female_family("Kunigiškis", married=False) == "Kunigiškytė"
    assert names.lt_female_family("Butkus", married=False) == "Butkutė"


def test_every_esf_age_band_occurs(filled: tuple[Store, demo.DemoSummary]) -> None:
    """Under 18, 18–29, 30–54 and 55+ all occur among the participants."""
    store, _summary = filled
    years = [y for (y,) in rows(store, "SELECT birth_year FROM participant") if y is not None]
    bands = {esf_band(rules.age_on(y, REF) or 0) for y in years}
    assert bands == {"under_18", "18_29", "30_54", "55_plus"}


def test_demo_covers_the_vocabularies(filled: tuple[Store, demo.DemoSummary]) -> None:
    """Genders, marks, referrers, off-site places and several tags per person all appear."""
    store, _summary = filled
    genders = {g for (g,) in rows(store, "SELECT DISTINCT gender FROM participant")}
    assert {Gender.NON_BINARY, Gender.UNSPECIFIED} <= genders
    marks = {m for (m,) in rows(store, "SELECT DISTINCT mark FROM attendance")}
    assert marks == {m.value for m in AttendanceMark}
    referrers = {r for (r,) in rows(store, "SELECT DISTINCT referrer FROM training_group")}
    assert {Referrer.EMPLOYMENT_SERVICE, Referrer.UNIVERSITY_OF_THIRD_AGE} <= referrers
    places = {p for (p,) in rows(store, "SELECT DISTINCT place_kind FROM training_session")}
    assert PlaceKind.OFF_SITE in places
    tags = rows(
        store,
        "SELECT max(n) FROM (SELECT count(*) AS n FROM participant_tag GROUP BY participant_id)",
    )
    assert tags[0][0] >= 2
    assert (
        rows(store, "SELECT count(*) FROM participant WHERE labour_status LIKE '%unemployed'")[0][0]
        >= 10
    )
    assert rows(store, "SELECT count(*) FROM participant WHERE disability = 1")[0][0] >= 1
    assert (
        rows(
            store,
            "SELECT count(*) FROM participant WHERE consent_basis IS NULL "
            "OR consent_date IS NULL OR consent_text_version IS NULL",
        )[0][0]
        == 0
    )


def test_demo_consultations_are_varied(filled: tuple[Store, demo.DemoSummary]) -> None:
    """Anonymous ones carry age band and gender; some are by e-scouts, some referred to one."""
    store, _summary = filled
    anonymous = rows(
        store, "SELECT age_band, gender FROM consultation WHERE participant_id IS NULL"
    )
    assert anonymous and all(band and gender for band, gender in anonymous)
    assert {band for band, _g in anonymous} <= {b.value for b in AgeBand}
    assert rows(store, "SELECT count(*) FROM consultation WHERE volunteer_id IS NOT NULL")[0][0]
    assert rows(store, "SELECT count(*) FROM consultation WHERE referred_to_escout = 1")[0][0]
    topics = rows(store, "SELECT count(*) FROM consultation_topic")[0][0]
    assert topics >= count(store, "consultation")


def test_demo_values_pass_the_domain_rules(filled: tuple[Store, demo.DemoSummary]) -> None:
    """Session hours are 2–6, e-scouts are 14–29, completions and assessments are consistent."""
    store, _summary = filled
    hours = {h for (h,) in rows(store, "SELECT DISTINCT academic_hours FROM training_session")}
    assert hours and all(2 <= h <= 6 for h in hours)
    for (year,) in rows(store, "SELECT birth_year FROM volunteer"):
        rules.check_escout_age("birth_year", year, on=REF)
    assert rows(store, "SELECT count(*) FROM enrolment WHERE status = 'completed'")[0][0] > 0
    assert rows(store, "SELECT count(*) FROM assessment WHERE score NOT BETWEEN 1 AND 5")[0][0] == 0
    future = rows(
        store,
        "SELECT count(*) FROM attendance a JOIN training_session s "
        f"ON s.id = a.session_id WHERE s.date > '{REF.isoformat()}'",
    )
    assert future[0][0] == 0


def test_demo_store_is_healthy(filled: tuple[Store, demo.DemoSummary]) -> None:
    """check() finds every demo row captured, linked and the outbox continuous."""
    store, summary = filled
    report = checks.check(store)
    assert report.healthy, report.lines()
    assert store.pending_changes() >= sum(summary.rows.values())


def _content(store: Store) -> list[tuple[Any, ...]]:
    return sorted(
        rows(
            store,
            "SELECT given_name, family_name, birth_year, gender, labour_status, "
            "isced, consent_date FROM participant",
        )
    )


def test_demo_is_deterministic_for_a_seed(data_dir: Path) -> None:
    """The same seed gives the same people and activity in a fresh store; ids are new."""
    first = make_store(data_dir / "a")
    second = make_store(data_dir / "b")
    try:
        one = demo.fill(first, seed=11, today=REF)
        two = demo.fill(second, seed=11, today=REF)
        assert one.rows == two.rows
        assert _content(first) == _content(second)
        ids = {i for (i,) in rows(first, "SELECT id FROM participant")}
        assert not ids & {i for (i,) in rows(second, "SELECT id FROM participant")}
    finally:
        first.close()
        second.close()


def test_running_demo_twice_adds_a_second_batch(store: Store) -> None:
    """A second run adds new people and work but reuses the places, programmes and staff."""
    first = demo.fill(store, today=REF)
    places = (count(store, "branch"), count(store, "programme"), count(store, "staff"))
    second = demo.fill(store, today=REF)
    assert count(store, "participant") == first.count("participant") + second.count("participant")
    assert (count(store, "branch"), count(store, "programme"), count(store, "staff")) == places
    assert second.count("programme") == 0 and second.count("staff") == 0
    names = {n for (n,) in rows(store, "SELECT name FROM training_group")}
    assert len(names) == count(store, "training_group")  # group numbers continue
    assert checks.check(store).healthy


def test_region_demo_adds_libraries_and_branches(store: Store) -> None:
    """After a branch demo, a (scaled-down) region demo adds the region's libraries and their
    branches, and finds the travelling lecturers again instead of adding them twice."""
    demo.fill(store, today=REF)
    summary = demo.fill(store, size="region", seed=3, scale=0.02, today=REF)
    libraries = {n for (n,) in rows(store, "SELECT name FROM library")}
    assert {
        "Alytaus r. savivaldybės viešoji biblioteka",
        "Druskininkų savivaldybės viešoji biblioteka",
        "Varėnos r. savivaldybės viešoji biblioteka",
    } <= libraries
    branches = {n for (n,) in rows(store, "SELECT name FROM branch")}
    assert {
        "Būdviečio padalinys",
        "Seiliūnų padalinys",
        "Viktarino padalinys",
        "Merkinės padalinys",
        "Varėnos kilnojamoji biblioteka",
    } <= branches
    assert count(store, "branch") == summary.branches
    lecturer = "SELECT count(*) FROM staff WHERE family_name = 'Mickevičienė' AND role = 'lecturer'"
    assert rows(store, lecturer)[0][0] == 1
    assert abs(summary.count("participant") - 400) <= 10  # tiny branches round up a little
    staff_programmes = rows(
        store, "SELECT title_lv, academic_hours FROM programme WHERE audience = 'library_staff'"
    )
    assert ("E-pakalpojumi un e-rīki dzīves situāciju risināšanai", 8.0) in staff_programmes
    assert checks.check(store).healthy


def test_unknown_size_is_refused(store: Store) -> None:
    """Only the sizes branch and region exist; anything else is a validation error."""
    with pytest.raises(ValidationError):
        demo.fill(store, size="country")


def test_describe_counts_in_the_language(filled: tuple[Store, demo.DemoSummary]) -> None:
    """The one-line summary names the counts, in Lithuanian too."""
    from libtrainer.i18n import set_language

    _store, summary = filled
    assert "participants: 60" in demo.describe(summary)
    set_language("lt")
    try:
        assert "dalyviai: 60" in demo.describe(summary)
    finally:
        set_language("en")


def _init(data: Path) -> int:
    return main(
        [
            "--data-dir",
            str(data),
            "init",
            "--region",
            "Alytaus apskritis",
            "--library",
            "Lazdijų r. savivaldybės viešoji biblioteka",
            "--branch",
            "Būdviečio padalinys",
            "--device-name",
            "Skaitykla PC-1",
        ]
    )


def test_demo_command_fills_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`libtrainer --data-dir D demo` after init works; status shows the data; check is healthy."""
    data = tmp_path / "d"
    assert _init(data) == 0
    assert main(["--data-dir", str(data), "demo"]) == 0
    assert "participants: 60" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "status", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["records"]["participant"] == 60
    assert main(["--data-dir", str(data), "demo", "--seed", "8"]) == 0
    assert main(["--data-dir", str(data), "check"]) == 0
    assert "healthy" in capsys.readouterr().out


def test_demo_start_without_display_creates_demo_store_and_prints_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`demo --start` with no desktop makes a demo store, a sign-in, and prints the status."""
    monkeypatch.setattr(launch, "display_available", lambda: False)
    data = tmp_path / "d"
    assert main(["--data-dir", str(data), "demo", "--start"]) == 0
    out = capsys.readouterr().out
    assert "desktop" in out and "demonstration store" in out
    assert storefile.is_demo(data)
    store = storefile.open_store(data)
    try:
        from libtrainer.services import accounts

        with store.read() as conn:
            signed = accounts.verify(conn, launch.DEMO_LOGIN, launch.DEMO_PASSWORD)
        assert signed.role == "admin"
        assert count(store, "participant") == 60 and checks.check(store).healthy
    finally:
        store.close()
    assert main(["--data-dir", str(data), "demo", "--start"]) == 0  # existing store: no refill
    assert "Creating" not in capsys.readouterr().out


def test_demo_start_opens_the_window_when_it_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a display and a GUI, start hands the context to the GUI and returns its exit code."""
    seen: list[Any] = []
    monkeypatch.setattr(launch, "display_available", lambda: True)
    monkeypatch.setattr(launch, "_gui_runner", lambda: lambda ctx: seen.append(ctx) or 3)
    assert main(["--data-dir", str(tmp_path / "d"), "demo", "--start"]) == 3
    assert seen and Path(seen[0].data_dir) == tmp_path / "d"


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "win32", True),
        ({}, "darwin", True),
    ],
)
def test_display_detection(environ: dict[str, str], platform: str, expected: bool) -> None:
    """A window can open on Windows and macOS, and on Linux with a display (not offscreen)."""
    assert launch.display_available(environ, platform) is expected


def test_a_region_demo_is_the_coordinators_computer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`demo --start --size region` makes a coordinator device (Duplicates, Devices screens);
    the branch demo stays a branch PC. (The region's data is swapped for a branch's here: the
    device's role is what is tested, not the 30-second fill.)"""
    real_fill = launch.fill
    monkeypatch.setattr(launch, "display_available", lambda: False)
    monkeypatch.setattr(
        launch, "fill", lambda store, size, seed: real_fill(store, size="branch", seed=seed)
    )
    for size, role in (("region", "coordinator"), ("branch", "branch")):
        data = tmp_path / size
        assert main(["--data-dir", str(data), "demo", "--start", "--size", size]) == 0
        store = storefile.open_store(data)
        try:
            assert store.meta("role") == role
        finally:
            store.close()
    capsys.readouterr()
