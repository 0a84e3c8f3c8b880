"""The ESF+ facts of a person with several records are looked up through the alias work
table's index on the person, not by reading the whole table once per person (quadratic in
the "same person" pairs). Checked by the query plan, not by time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event, insert

from libtrainer.reports.personfacts import fill
from libtrainer.reports.worktables import ALIAS, FACTS, PERSON
from libtrainer.store.models import Participant

INDEX = "ix_lt_rpt_alias_canonical"


def _person(pid: str, **facts: Any) -> dict[str, Any]:
    base = {
        "id": pid,
        "branch_id": None,
        "code": None,
        "given_name": "Ona",
        "family_name": "Jonaitė",
        "name_key": "ona jonaite",
        "birth_year": None,
        "gender": "unspecified",
        "labour_status": "unknown",
        "isced": "unknown",
        "notes": "",
        "archived": False,
    }
    return base | facts


def test_fill_looks_records_up_by_the_person_index() -> None:
    """Every UPDATE of the facts fill searches lt_rpt_alias by canonical_id through its index."""
    engine = create_engine("sqlite://")
    Participant.__table__.create(engine)
    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, stmt: str, params: Any, ctx: Any, many: bool) -> None:
        if stmt.lstrip().startswith("UPDATE lt_rpt_facts"):
            seen.append((stmt, params))

    with engine.begin() as conn:
        for table in (ALIAS, PERSON, FACTS):
            table.create(conn)
        conn.execute(
            insert(Participant.__table__),
            [_person("p1"), _person("p2", birth_year=1950, gender="female")],
        )
        conn.execute(insert(ALIAS), [{"participant_id": "p2", "canonical_id": "p1"}])
        row = {"person": "p1", "n": 1, "hours": 2.0, "enrolled": 0, "entry_month": 202401}
        conn.execute(insert(PERSON), [row])
        event.listen(engine, "before_cursor_execute", grab)
        try:
            fill(conn, FACTS, PERSON, ALIAS)
        finally:
            event.remove(engine, "before_cursor_execute", grab)
        plans = [
            [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + stmt, params)]
            for stmt, params in seen
        ]
        got = conn.exec_driver_sql("SELECT birth_year, gender FROM lt_rpt_facts").one()
    assert len(plans) == 10
    for plan in plans:
        wanted = f"INDEX {INDEX} (canonical_id=?)"
        assert any(s.startswith("SEARCH lt_rpt_alias") and wanted in s for s in plan), plan
        assert not any(s.startswith("SCAN member") for s in plan), plan
    assert tuple(got) == (1950, "female")
