"""One participant code given to two people on two branches: the coordinator's merge notes it
(``lt_code_clash``) and lists it, without changing what is merged (docs/decisions/0400)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from libtrainer.domain.ids import new_id
from libtrainer.services import codeclash, participants, records
from libtrainer.services.register.codes import participant_id_for_code
from libtrainer.store.apply import Change, apply_changes
from libtrainer.store.capture import capture_suspended
from libtrainer.store.dump import canonical_dump
from libtrainer.store.hlc import pack, wall_ms
from libtrainer.store.models import CodeClash, Outbox
from libtrainer.store.store import Store
from libtrainer.sync import publish
from libtrainer.sync.central import central_target
from libtrainer.sync.session import SyncSummary, synchronise
from libtrainer.sync.summary import describe
from libtrainer.sync.trust import load_trust
from tests.cli.clikit import run_cli
from tests.sync.regionkit import Region, make_region

CODE = "LT-0042"


def _give_code(store: Store, given: str, family: str, year: int | None, code: str = CODE) -> str:
    with store.uow() as uow:
        return participants.create_participant(
            uow, given, family, code=code, birth_year=year
        ).first("participant")


def _send_both(region: Region) -> SyncSummary:
    for branch in region.branches:
        publish.publish(branch, region.share(branch))
    return synchronise(region.coordinator, region.root)


def _clashes(store: Store) -> list[codeclash.Clash]:
    with store.read() as conn:
        return codeclash.clashes(conn)


def _notes(store: Store) -> int:
    with store.read() as conn:
        return len(conn.execute(select(CodeClash.participant_id)).all())


def test_one_code_given_to_two_people_is_listed_with_both_names(tmp_path: Path) -> None:
    """Branch 0 and branch 1 give LT-0042 to different people: after the coordinator's sync it
    lists one clash naming both people, their branches and computers."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        pid = _give_code(b0, "Jonas", "Petraitis", 1950)
        assert _give_code(b1, "Ona", "Kazlauskienė", 1962) == pid
        summary = _send_both(region)
        assert summary.code_clashes == 1
        assert any("1 participant code was given to two" in line for line in describe(summary))
        (clash,) = _clashes(region.coordinator)
        assert (clash.code, clash.participant_id, clash.status) == (CODE, pid, "open")
        sides = {
            (v.given_name, v.family_name, v.birth_year, v.branch, v.device)
            for v in (clash.first, clash.second)
        }
        assert sides == {
            ("Jonas", "Petraitis", 1950, "Padalinys Nr. 0", "PC-0"),
            ("Ona", "Kazlauskienė", 1962, "Padalinys Nr. 1", "PC-1"),
        }
        assert clash.now in ("Jonas Petraitis", "Ona Kazlauskienė")
    finally:
        region.close()


def test_an_undone_erasure_on_the_coordinator_puts_the_note_back(tmp_path: Path) -> None:
    """Erased on the coordinator by mistake and undone: the person and the note are back."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        pid = _give_code(b0, "Jonas", "Petraitis", 1950)
        _give_code(b1, "Ona", "Kazlauskienė", 1962)
        _send_both(region)
        assert _notes(region.coordinator) == 1
        with region.coordinator.uow() as uow:
            snapshot = records.delete_for_undo(uow, "participant", pid).snapshot
        assert _notes(region.coordinator) == 0
        with region.coordinator.uow() as uow:
            records.restore_deleted(uow, snapshot)
        assert _notes(region.coordinator) == 1
        assert [c.participant_id for c in _clashes(region.coordinator)] == [pid]
    finally:
        region.close()


def test_the_same_person_on_two_branches_is_no_clash(tmp_path: Path) -> None:
    """The same code for the same person, spelt with or without diacritics and with one birth
    year unknown, is no clash; of two codes, only the one given to two people is listed."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        _give_code(b0, "Šarūnas", "Žemaitis", 1961)
        _give_code(b1, "SARUNAS", " zemaitis ", None)
        _give_code(b0, "Jonas", "Petraitis", 1950, code="LT-0043")
        _give_code(b1, "Jonas", "Petraitis", 1951, code="LT-0043")
        _send_both(region)
        assert [c.code for c in _clashes(region.coordinator)] == ["LT-0043"]
    finally:
        region.close()


def test_merging_again_adds_no_second_note_and_the_merge_result_is_unchanged(
    tmp_path: Path,
) -> None:
    """Syncing again, and applying branch 1's insert once more, leave one note; the merged
    store is the same as one merged from the same changes with no note taken."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        _give_code(b0, "Jonas", "Petraitis", 1950)
        _give_code(b1, "Ona", "Kazlauskienė", 1962)
        with b1.read() as conn:
            inserts = [
                Change(r.tbl, r.row_id, r.op, r.cl, r.hlc, r.device, _json(r.data))
                for r in conn.execute(select(Outbox).order_by(Outbox.seq))
                if r.tbl == "participant"
            ]
        _send_both(region)
        coordinator = region.coordinator
        with coordinator.read() as conn:
            before = canonical_dump(conn)
        assert synchronise(coordinator, region.root).code_clashes == 0
        with coordinator.uow() as uow, capture_suspended(uow.connection):
            apply_changes(uow.connection, inserts)
            uow.commit()
        assert _notes(coordinator) == 1
        with coordinator.read() as conn:
            assert canonical_dump(conn) == before
    finally:
        region.close()


def test_a_decision_is_remembered_and_a_third_branch_is_a_new_note(tmp_path: Path) -> None:
    """ "Same person" hides the note for good; the code given by a third branch to someone
    else again is listed anew."""
    region = make_region(tmp_path, branches=3)
    try:
        b0, b1, b2 = region.branches
        _give_code(b0, "Jonas", "Petraitis", 1950)
        _give_code(b1, "Jonas", "Petraitis", 1959)  # a typo in the year
        for branch in (b0, b1):
            publish.publish(branch, region.share(branch))
        synchronise(region.coordinator, region.root)
        (clash,) = _clashes(region.coordinator)
        with region.coordinator.uow() as uow:
            codeclash.decide_in(uow, codeclash.DISMISSED, clash.key)
        assert _clashes(region.coordinator) == []
        _give_code(b2, "Rūta", "Jankauskaitė", 1990, code="lt-0042 ")
        publish.publish(b2, region.share(b2))
        synchronise(region.coordinator, region.root)
        (clash,) = _clashes(region.coordinator)
        assert "Jankauskaitė" in (clash.first.family_name, clash.second.family_name)
        with region.coordinator.read() as conn:
            assert codeclash.open_count(conn) == 1
    finally:
        region.close()


def test_erasing_the_person_removes_the_note(tmp_path: Path) -> None:
    """A branch erases the code's record: the delete reaches the coordinator and the note,
    with both names, is gone from its store."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        pid = _give_code(b0, "Jonas", "Petraitis", 1950)
        _give_code(b1, "Ona", "Kazlauskienė", 1962)
        _send_both(region)
        assert _notes(region.coordinator) == 1
        with b0.uow() as uow:
            records.delete(uow, "participant", pid)
        publish.publish(b0, region.share(b0))
        synchronise(region.coordinator, region.root)
        assert _notes(region.coordinator) == 0
    finally:
        region.close()


def test_an_edit_from_another_device_is_no_clash(tmp_path: Path) -> None:
    """Device B edits the name of a coded person device A inserted (it had the row): merged,
    no note. Device C then inserts the code for someone else: noted against the record as it
    is now, named by B, whose edit it shows. Erasing the person here removes the note."""
    region = make_region(tmp_path, branches=1)
    try:
        store = region.coordinator
        pid = participant_id_for_code(CODE)
        a, b, c = new_id(), new_id(), new_id()
        hlc = pack(wall_ms())
        row = {
            "id": pid,
            "code": CODE,
            "given_name": "Jonas",
            "family_name": "Petraitis",
            "name_key": "jonas petraitis",
            "birth_year": 1950,
            "branch_id": store.meta("branch_id"),
        }
        edit = {"given_name": "Ona", "family_name": "Kazlauskienė", "birth_year": 1962}
        other = {**row, "given_name": "Rūta", "family_name": "Jankauskaitė", "birth_year": 1990}
        with store.uow() as uow, capture_suspended(uow.connection):
            apply_changes(uow.connection, [Change("participant", pid, "i", 1, hlc + 1, a, row)])
            apply_changes(uow.connection, [Change("participant", pid, "u", 1, hlc + 2, b, edit)])
            uow.commit()
        assert _notes(store) == 0
        with store.uow() as uow, capture_suspended(uow.connection):
            apply_changes(uow.connection, [Change("participant", pid, "i", 1, hlc + 3, c, other)])
            uow.commit()
        (clash,) = _clashes(store)
        assert (clash.first.given_name, clash.second.given_name) == ("Ona", "Rūta")
        assert (clash.first.device, clash.second.device) == (b[:8], c[:8])  # not in the trust list
        with store.uow() as uow:
            records.delete(uow, "participant", pid)  # erased on this computer: the note goes
        assert _notes(store) == 0
    finally:
        region.close()


def _json(text: str | None) -> dict[str, object] | None:
    return None if text is None else json.loads(text)


@pytest.mark.postgres
def test_a_central_postgresql_store_notes_it_too(
    central_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sync --central``: the central store notes the clash, and ``duplicates codes
    --central`` lists it from there and records the decision there."""
    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        pid = _give_code(b0, "Jonas", "Petraitis", 1950)
        _give_code(b1, "Ona", "Kazlauskienė", 1962)
        for branch in region.branches:
            publish.publish(branch, region.share(branch))
        coordinator = region.coordinator
        with central_target(central_url, coordinator.identity.clock, coordinator) as target:
            synchronise(coordinator, region.root, target=target)
        assert _notes(coordinator) == 0  # merged into PostgreSQL only
        engine = create_engine(central_url)
        try:
            with coordinator.read() as conn:
                trust = load_trust(conn)
            with engine.connect() as conn:
                (clash,) = codeclash.clashes(conn, trust)
            assert clash.participant_id == pid
            assert {clash.first.device, clash.second.device} == {"PC-0", "PC-1"}
        finally:
            engine.dispose()
    finally:
        region.close()
    data = tmp_path / "coord"
    code, out, _err = run_cli(
        capsys, data, "duplicates", "codes", "--central", central_url, "--json"
    )
    assert code == 0
    (listed,) = json.loads(out)["codes"]
    assert {listed["first"]["family_name"], listed["second"]["family_name"]} == {
        "Petraitis",
        "Kazlauskienė",
    }
    code, out, _err = run_cli(
        capsys, data, "duplicates", "codes", "--central", central_url, "--dismiss", "lt-0042"
    )
    assert code == 0 and "Dismissed" in out
    code, out, _err = run_cli(capsys, data, "duplicates", "codes", "--central", central_url)
    assert "No participant code" in out


def test_reports_say_while_a_code_of_two_people_is_not_corrected(tmp_path: Path) -> None:
    """While a one-code clash is open (or noted "different people"), a report whose people
    include that code's person carries a note saying both may count as one resident; a report
    without them, or after "same person", has none."""
    import datetime as dt

    from libtrainer.reports.api import run_report
    from libtrainer.reports.filters import ReportFilters
    from libtrainer.services import attendance, sessions

    region = make_region(tmp_path, branches=2)
    try:
        b0, b1 = region.branches
        pid = _give_code(b0, "Jonas", "Petraitis", 1950)
        _give_code(b1, "Ona", "Kazlauskienė", 1962)
        _send_both(region)
        day = dt.date.today()
        year = ReportFilters(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))

        def noted(kind: str) -> bool:
            report = run_report(region.coordinator, kind, year)
            return any("1 participant code of people" in n for n in report.notes)

        assert not noted("summary")  # nobody of that code is in the report yet
        with region.coordinator.uow() as uow:
            sid = sessions.plan_session(uow, day, 2).first("training_session")
        with region.coordinator.uow() as uow:
            attendance.record_attendance(uow, sid, {pid: "present"})
        assert noted("summary") and noted("esf")
        with region.coordinator.uow() as uow:
            codeclash.decide(uow, "dismissed", code=CODE)
        assert not noted("summary")
    finally:
        region.close()
