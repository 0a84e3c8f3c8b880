"""Places, programmes, staff and e-scouts of a demo batch: found by name or code, else added.

Staff and e-scouts are drawn from generators seeded by the library and branch name only, so the
same people work at a branch whatever the demo seed, and a second run finds them again.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import Counter
from typing import Any

from sqlalchemy import Connection, func, insert, select

from libtrainer.domain import rules
from libtrainer.domain.enums import Audience, BranchKind, DigCompArea, Level, StaffRole
from libtrainer.domain.ids import new_id
from libtrainer.services import natural
from libtrainer.services.demo import catalogue, names
from libtrainer.services.demo.model import Plan, Site
from libtrainer.services.demo.people import escout, staff_name
from libtrainer.services.demo.vocabulary import Vocabulary
from libtrainer.store.models import Base

Target = tuple[str, catalogue.BranchSpec]  # (library name, branch)

# --- places, programmes, staff and e-scouts (found or added) ---------------------------------


def _find_or_add(
    conn: Connection,
    table_name: str,
    key: dict[str, Any],
    extra: dict[str, Any],
    counts: Counter[str],
    row_id: str | None = None,
) -> str:
    """The row with ``key``, else a new one (under its natural id when it has one)."""
    table = Base.metadata.tables[table_name]
    found = conn.execute(
        select(table.c.id).where(*[table.c[k] == v for k, v in key.items()]).limit(1)
    ).scalar()
    if found is not None:
        return str(found)
    row = {"id": row_id or new_id(), **key, **extra}
    conn.execute(insert(table), [row])
    counts[table_name] += 1
    return str(row["id"])


def _programmes(
    conn: Connection, counts: Counter[str]
) -> dict[str, tuple[str, catalogue.ProgrammeSpec]]:
    found = {}
    for spec in catalogue.PROGRAMMES:
        topics = rules.check_enums("topics", DigCompArea, spec.topics)
        found[spec.code] = (
            _find_or_add(
                conn,
                "programme",
                {"code": spec.code},
                {
                    "title_lt": spec.title_lt,
                    "title_lv": spec.title_lv,
                    "title_en": spec.title_en,
                    "level": rules.check_enum("level", Level, spec.level).value,
                    "academic_hours": float(spec.hours),
                    "topics": ",".join(t.value for t in topics),
                    "audience": rules.check_enum("audience", Audience, spec.audience).value,
                    "archived": False,
                },
                counts,
                natural.programme_id_for_code(spec.code),
            ),
            spec,
        )
    return found


def _staff(
    conn: Connection,
    branch_id: str,
    name: tuple[str, str],
    role: StaffRole,
    counts: Counter[str],
    *,
    travels: bool = False,
) -> str:
    """A staff member of the branch; one who ``travels`` (a lecturer) is found at any branch."""
    given = rules.clean_person_name("given_name", name[0])
    family = rules.clean_person_name("family_name", name[1])
    email = f"{rules.fold(given)}.{rules.fold(family)}@biblioteka.example".replace(" ", "")
    key = {"given_name": given, "family_name": family, "role": role.value}
    extra: dict[str, Any] = {"email": email, "archived": False}
    (extra if travels else key)["branch_id"] = branch_id
    return _find_or_add(conn, "staff", key, extra, counts)


def _lecturers(
    conn: Connection,
    library: str,
    branch_id: str,
    region: bool,
    counts: Counter[str],
    words: Vocabulary,
) -> tuple[list[str], list[str]]:
    """A library's travelling lecturers (and, at the Lithuanian home library, a guest from
    Latvia)."""
    rng = random.Random(f"lecturers:{library}")
    people = [staff_name(rng, origin=words.origin, home=True) for _ in range(2)]
    if library == catalogue.HOME_LIBRARY:
        people.insert(0, names.SEED_LECTURER)
    lecturers = [
        _staff(conn, branch_id, n, StaffRole.LECTURER, counts, travels=True) for n in people
    ]
    guests = []
    if region and library == catalogue.HOME_LIBRARY:
        guest = staff_name(rng, origin="lv")
        guests.append(_staff(conn, branch_id, guest, StaffRole.LECTURER, counts, travels=True))
    return lecturers, guests


def prepare(
    conn: Connection,
    region_id: str,
    targets: list[Target],
    plans: list[Plan],
    ref: dt.date,
    counts: Counter[str],
    *,
    region: bool,
    words: Vocabulary,
) -> list[Site]:
    """Find or add every place, programme, staff member and e-scout the batch needs; staff
    and e-scouts are named as people of the store's country are."""
    programmes = _programmes(conn, counts)
    lecturers: dict[str, tuple[list[str], list[str]]] = {}
    sites = []
    for (library, spec), plan in zip(targets, plans):
        library_id = _find_or_add(
            conn,
            "library",
            {"region_id": region_id, "name": library},
            {},
            counts,
            natural.library_id(region_id, library),
        )
        branch_id = _find_or_add(
            conn,
            "branch",
            {"library_id": library_id, "name": spec.name},
            {"kind": spec.kind.value, "rural": spec.rural, "archived": False},
            counts,
            natural.branch_id(library_id, spec.name),
        )
        if library not in lecturers:
            lecturers[library] = _lecturers(conn, library, branch_id, region, counts, words)
        name = functools.partial(
            staff_name,
            random.Random(f"staff:{library}:{spec.name}"),
            origin=words.origin,
            home=True,
        )

        helpers = [_staff(conn, branch_id, name(), StaffRole.LIBRARIAN, counts)]
        if spec.kind is BranchKind.CENTRAL or not region:
            helpers.append(_staff(conn, branch_id, name(), StaffRole.CONSULTANT, counts))
        if spec.kind is BranchKind.CENTRAL:
            _staff(conn, branch_id, name(), StaffRole.COORDINATOR, counts)
        sites.append(
            Site(
                branch_id=branch_id,
                name=spec.name,
                library=library,
                rural=spec.rural,
                central=spec.kind is BranchKind.CENTRAL,
                librarians=helpers,
                lecturers=lecturers[library][0],
                guest_lecturers=lecturers[library][1],
                volunteers=_escouts(conn, branch_id, spec.name, plan.escouts, ref, counts, words),
                programmes=programmes,
                first_group_number=_groups_at(conn, branch_id) + 1,
                words=words,
            )
        )
    return sites


def _escouts(
    conn: Connection,
    branch_id: str,
    branch: str,
    count: int,
    ref: dt.date,
    counts: Counter[str],
    words: Vocabulary,
) -> list[str]:
    rng = random.Random(f"escouts:{branch}")
    ids = []
    for _n in range(count):
        row = escout(rng, branch_id, ref, words)
        key = {k: row[k] for k in ("branch_id", "given_name", "family_name")}
        extra = {k: v for k, v in row.items() if k not in key and k != "id"}
        ids.append(_find_or_add(conn, "volunteer", key, extra, counts))
    return ids


def _groups_at(conn: Connection, branch_id: str) -> int:
    table = Base.metadata.tables["training_group"]
    query = select(func.count()).select_from(table).where(table.c.branch_id == branch_id)
    return int(conn.execute(query).scalar_one())
