"""ESF+ common output indicators on participants (Regulation (EU) 2021/1057, Annex I).

Participants are the unique canonical persons with a present attendance in scope (the same
people as the summary's "unique participants"); the total indicator equals that figure. Each
person is counted once per indicator, with the characteristics of their canonical record; one
it leaves unrecorded is taken from another record of the person (``personfacts``).

Age is taken at ENTRY into the operation: the first present attendance in scope. Only the
birth year is recorded, so age = entry year − birth year (a person born in 2006 who entered in
2024 is 18). Bands follow the 2021–2027 rules (under 18, 18–29, 55 and over) or, with
``age_rules="2014"``, the 2014–2020 rules (under 25, over 54). See docs/decisions/0350.

Labour-market status: "inactive" includes people in education and retired people (outside the
labour force, as Eurostat counts them); "unemployed" includes the long-term unemployed and
"employed" the self-employed, as the indicators are worded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, select

from libtrainer.domain.errors import N_
from libtrainer.i18n import _
from libtrainer.reports import labels
from libtrainer.reports.aggregate import (
    TOTAL_KEY,
    Figures,
    Run,
    aggregate,
    build_section,
    row_note,
)
from libtrainer.reports.dimensions import keyed, place_of
from libtrainer.reports.facts import person_of, sessions_in_scope
from libtrainer.reports.filters import ReportFilters
from libtrainer.reports.model import Column, Row, Section
from libtrainer.reports.periods import UNITS
from libtrainer.reports.personfacts import fill as fill_facts
from libtrainer.reports.work import ALIAS, BUCKET, GPERSON, GRAIN, PERSON, Workspace
from libtrainer.reports.worktables import FACTS
from libtrainer.store.models import Attendance

LABELS = {
    "total": N_("Total participants"),
    "women": N_("Women"),
    "men": N_("Men"),
    "non_binary": N_("Non-binary"),
    "gender_unknown": N_("Gender not recorded"),
    "unemployed": N_("Unemployed, including long-term unemployed"),
    "long_term_unemployed": N_("of whom long-term unemployed"),
    "inactive": N_("Inactive"),
    "employed": N_("Employed, including self-employed"),
    "labour_unknown": N_("Labour-market status not recorded"),
    "age_under_18": N_("Under 18 years"),
    "age_18_29": N_("18–29 years"),
    "age_55_plus": N_("55 years and over"),
    "age_30_54": N_("30–54 years (not an ESF+ indicator)"),
    "age_under_25": N_("Under 25 years"),
    "age_over_54": N_("Over 54 years"),
    "age_25_54": N_("25–54 years (not an ESF+ indicator)"),
    "age_unknown": N_("Age not recorded"),
    "isced_0_2": N_("Primary or lower secondary education (ISCED 0–2)"),
    "isced_3_4": N_("Upper secondary or post-secondary education (ISCED 3–4)"),
    "isced_5_8": N_("Tertiary education (ISCED 5–8)"),
    "isced_unknown": N_("Education not recorded"),
    "disability": N_("Participants with disabilities"),
    "disability_unknown": N_("Disability not recorded"),
    "third_country": N_("Third-country nationals"),
    "third_country_unknown": N_("Nationality not recorded"),
    "foreign_background": N_("Participants with a foreign background"),
    "foreign_background_unknown": N_("Foreign background not recorded"),
    "minority": N_("Minorities (including marginalised communities such as the Roma)"),
    "minority_unknown": N_("Minority not recorded"),
    "homeless": N_("Homeless or affected by housing exclusion"),
    "homeless_unknown": N_("Housing exclusion not recorded"),
    "rural": N_("Participants from rural areas"),
    "rural_unknown": N_("Rural or urban not recorded"),
}


def conditions(p: Any, age: ColumnElement[int], age_rules: str) -> dict[str, Any]:
    """Indicator key → SQL condition on the person's characteristics ``p`` (columns named as
    the participant's) and the age at entry."""
    status = p.labour_status
    out: dict[str, Any] = {
        "women": p.gender == "female",
        "men": p.gender == "male",
        "non_binary": p.gender == "non_binary",
        "gender_unknown": func.coalesce(p.gender, "unspecified").not_in(
            ["female", "male", "non_binary"]
        ),
        "unemployed": status.in_(["unemployed", "long_term_unemployed"]),
        "long_term_unemployed": status == "long_term_unemployed",
        "inactive": status.in_(["inactive", "in_education", "retired"]),
        "employed": status.in_(["employed", "self_employed"]),
        "labour_unknown": func.coalesce(status, "unknown") == "unknown",
    }
    if age_rules == "2014":
        out |= {"age_under_25": age < 25, "age_25_54": age.between(25, 54), "age_over_54": age > 54}
    else:
        out |= {
            "age_under_18": age < 18,
            "age_18_29": age.between(18, 29),
            "age_30_54": age.between(30, 54),
            "age_55_plus": age >= 55,
        }
    out |= {
        "age_unknown": p.birth_year.is_(None),
        "isced_0_2": p.isced == "isced_0_2",
        "isced_3_4": p.isced == "isced_3_4",
        "isced_5_8": p.isced == "isced_5_8",
        "isced_unknown": func.coalesce(p.isced, "unknown") == "unknown",
        "disability": p.disability.is_(True),
        "disability_unknown": p.disability.is_(None),
        "third_country": p.third_country_national.is_(True),
        "third_country_unknown": p.third_country_national.is_(None),
        "foreign_background": p.foreign_background.is_(True),
        "foreign_background_unknown": p.foreign_background.is_(None),
        "minority": p.minority.is_(True),
        "minority_unknown": p.minority.is_(None),
        "homeless": p.homeless.is_(True),
        "homeless_unknown": p.homeless.is_(None),
        "rural": p.rural.is_(True),
        "rural_unknown": p.rural.is_(None),
    }
    return out


def _metrics(filters: ReportFilters, p: Any) -> dict[str, ColumnElement[Any]]:
    """Indicator → ``count(DISTINCT person)`` meeting it; age from the entry year."""
    person = PERSON.c.person
    conds = conditions(p, PERSON.c.entry_month // 100 - p.birth_year, filters.age_rules)
    metrics: dict[str, ColumnElement[Any]] = {"total": func.count(func.distinct(person))}
    for key, cond in conds.items():
        metrics[key] = func.count(func.distinct(case((cond, person))))
    return metrics


def _figures(run: Run, ws: Workspace, dim: str | None) -> Figures:
    """Indicator counts in total (``dim=None``) or per key of ``dim``."""
    p = FACTS.c
    metrics = _metrics(ws.filters, p)
    entry = PERSON
    if dim is None:
        return aggregate(run, entry.outerjoin(FACTS, p.person == entry.c.person), None, metrics)
    g = GRAIN.c
    cols = place_of(BUCKET) | {"person": g.person}
    key = keyed(dim, tags=ws.tags() if dim == "target_group" else None, **cols)
    source = (
        GRAIN.join(BUCKET, BUCKET.c.b == g.b)
        .join(entry, entry.c.person == g.person)
        .outerjoin(FACTS, p.person == g.person)
    )
    where = []
    if ws.filters.new_entrants and dim in UNITS:
        # By period, a new entrant counts in the period of entry only (the month of their
        # first present mark in scope), so the periods add up to the whole report's total and
        # each equals that period's own report.
        where.append(BUCKET.c.month == entry.c.entry_month)
    return aggregate(run, source, dim, metrics, key=key, where=where)


def _keep_new_entrants(ws: Workspace) -> None:
    """Take out of the work tables everyone with a present attendance in scope before the
    period: they entered the operation earlier and were counted then. ESF+ reports count a
    participant in the period of entry, so half-year reports then add up to the year's."""
    filters = ws.filters
    start = dt.date(1900, 1, 1)
    if filters.date_from <= start:
        return
    before = replace(
        filters,
        date_from=start,
        date_to=filters.date_from - dt.timedelta(days=1),
        new_entrants=False,
    )
    earlier = sessions_in_scope(before).subquery("earlier_sessions")
    a = Attendance
    people = (
        select(person_of(ALIAS, a.participant_id))
        .select_from(a)
        .join(earlier, earlier.c.sid == a.session_id)
        .outerjoin(ALIAS, ALIAS.c.participant_id == a.participant_id)
        .where(a.mark == "present")
    )
    for table in (GRAIN, GPERSON, PERSON):
        ws.conn.execute(delete(table).where(table.c.person.in_(people)))


def steps(by: tuple[str, ...]) -> int:
    return len(by) + 3


def build(run: Run, filters: ReportFilters, by: tuple[str, ...]) -> list[Section]:
    """The indicators (count and share of total), then one wide table per breakdown."""
    with Workspace(run.conn, filters) as ws:
        ws.build()
        if filters.new_entrants:
            _keep_new_entrants(ws)
        fill_facts(ws.conn, FACTS, PERSON, ALIAS)
        run.step()
        totals = _figures(run, ws, None)[TOTAL_KEY]
        by_dim = [(dim, _figures(run, ws, dim)) for dim in by]
    keys = list(totals)
    grand = totals["total"] or 0
    rows = []
    for k in keys:
        count = totals[k] or 0
        # The exact fraction: rounded once, when shown (``cells``, the xlsx format).
        share = float(count) / float(grand) if grand else None
        rows.append(Row(k, [_(LABELS[k]), count, share]))
    head = [
        Column("indicator", labels.dimension("indicator"), "text"),
        Column("count", labels.metric("count")),
        Column("share", labels.metric("share"), "percent"),
    ]
    sections = [Section("indicators", _("ESF+ participant indicators"), head, rows, chart="count")]
    for dim, figures in by_dim:
        cols = [Column(k, _(LABELS[k])) for k in keys]
        sections.append(
            build_section(
                run,
                dim,
                cols,
                figures,
                totals,
                chart="total",
                # new entrants by period: each person in one period, so the rows add up
                note="" if filters.new_entrants and dim in UNITS else row_note(dim, groups=False),
            )
        )
    return sections
