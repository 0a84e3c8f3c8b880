"""Finding — or planning to create — the regions, libraries, branches, programmes, lecturers and
groups a register names.

Names are matched case- and diacritics-insensitively ("Būdviečio padalinys" = "budviecio
PADALINYS"). An empty region, library or branch means this device's own. A name not found is
planned as a new row, once per file, and listed in the import summary: a lecturer's laptop
records sessions held in branches it has never seen.

Places are the exception on a computer of a region (``catalogue_rights.REGION``): its
regions, libraries and branches come from the coordinator's catalogue, so a name it does not
know is a typo far more often than a new place ("Seilių padalinys" for "Seiliūnų
padalinys"), and a place made here would split the region's figures. Such rows are refused,
each named, with the closest known names. Elsewhere (the coordinator's computer, a computer
in no region) a new place is still made and listed; one whose name is close to a known one is
also noted (``Plan.similar``) so that a typo is seen in the check before anything is written.

New places, programmes and groups get natural-key ids (docs/decisions/0005), so the same file
imported on two devices creates the same rows, which the coordinator's merge makes one. A row
that already has the natural id is used even when renamed since; lecturers stay UUIDv7 (people
are matched by the coordinator, DESIGN §5).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, select

from libtrainer.domain.errors import N_, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.domain.rules import fold
from libtrainer.services import natural
from libtrainer.services.catalogue_rights import REGION, catalogue_source
from libtrainer.services.register.plan import GroupDates, Plan, Similar, deleted_ids
from libtrainer.services.register.validate import ImportRow, RowError, folded
from libtrainer.store.models import Branch, Library, Programme, Region, Staff, TrainingGroup
from libtrainer.store.store import read_meta

COUNTRY_LANG = {"LT": "lt", "LV": "lv"}
#: How alike two folded place names must be to be offered as "Did you mean …?" (difflib ratio)
CLOSE = 0.75
#: At most this many close names are offered
CLOSEST = 3


@dataclass
class Org:
    region_id: str
    library_id: str
    branch_id: str
    country: str


def home_country(
    conn: Connection,
    region_id: str | None = None,
    regions: dict[str, tuple[str, str, str]] | None = None,
) -> str:
    """The country of this device's region (LT when it has none)."""
    region_id = region_id if region_id is not None else str(read_meta(conn, "region_id") or "")
    if regions is not None:
        return regions.get(region_id, ("", "", "LT"))[2]
    country = conn.execute(select(Region.country).where(Region.id == region_id)).scalar()
    return str(country or "LT")


class Catalogue:
    """Name → id lookups over the store, extended by what the plan creates."""

    def __init__(self, conn: Connection, plan: Plan, rows: Sequence[ImportRow]) -> None:
        self.plan = plan
        self.conn = conn
        self.deleted_groups: set[str] = set()
        self.by_programme: dict[str, list[ImportRow]] = defaultdict(list)
        self.by_group: dict[tuple[str, ...], list[ImportRow]] = defaultdict(list)
        for r in rows:
            self.by_programme[folded(r.programme)].append(r)
            if r.group:
                self.by_group[r.group_key].append(r)
        home = [str(read_meta(conn, k) or "") for k in ("region_id", "library_id", "branch_id")]
        self.home = Org(home[0], home[1], home[2], country="LT")
        self.regions: dict[str, tuple[str, str, str]] = {
            r.id: (r.name, r.code, r.country)
            for r in conn.execute(select(Region.id, Region.name, Region.code, Region.country))
        }
        self.home.country = home_country(conn, self.home.region_id, self.regions)
        self.libraries: dict[str, tuple[str, str]] = {
            r.id: (r.name, r.region_id)
            for r in conn.execute(select(Library.id, Library.name, Library.region_id))
        }
        self.branches: dict[str, tuple[str, str]] = {
            r.id: (r.name, r.library_id)
            for r in conn.execute(select(Branch.id, Branch.name, Branch.library_id))
        }
        self.programmes: dict[str, str] = {}
        self.programme_ids: set[str] = set()
        #: the catalogue's titles, for "Did you mean …?" when a region's computer meets a new one
        self.programme_titles: list[str] = []
        for p in conn.execute(
            select(
                Programme.id,
                Programme.code,
                Programme.title_lt,
                Programme.title_lv,
                Programme.title_en,
            )
        ):
            self.programme_ids.add(p.id)
            for name in (p.title_lt, p.title_lv, p.title_en, p.code):
                if name:
                    self.programmes.setdefault(fold(name), p.id)
            self.programme_titles.extend(t for t in (p.title_lt, p.title_lv, p.title_en) if t)
        self.staff: dict[str, str] = {}
        for s in conn.execute(select(Staff.id, Staff.given_name, Staff.family_name)):
            self.staff.setdefault(fold(f"{s.given_name} {s.family_name}".strip()), s.id)
            self.staff.setdefault(fold(f"{s.family_name} {s.given_name}".strip()), s.id)
        self.groups: dict[tuple[str, str], tuple[str, str]] = {}
        #: a stored group's name, start, end and whether it is finished, by id
        self.stored_groups: dict[str, tuple[str, dt.date | None, dt.date | None, bool]] = {}
        for g in conn.execute(
            select(
                TrainingGroup.id,
                TrainingGroup.name,
                TrainingGroup.branch_id,
                TrainingGroup.programme_id,
                TrainingGroup.start_date,
                TrainingGroup.end_date,
                TrainingGroup.finished,
            )
        ):
            self.groups[(fold(g.name), g.branch_id)] = (g.id, g.programme_id)
            self.stored_groups[g.id] = (g.name, g.start_date, g.end_date, bool(g.finished))
        #: the first and last day of the file's sessions of each stored group
        self.spans: dict[str, tuple[dt.date, dt.date]] = {}
        self.group_ids = {group_id for group_id, _programme in self.groups.values()}
        self._orgs: dict[tuple[str, str, str], Org | None] = {}
        #: the errors of a place that cannot be used, given to every row that names it
        self._org_errors: dict[tuple[str, str, str], list[RowError]] = {}
        #: places come from the coordinator's catalogue: an unknown one is not made here
        self.places_from_catalogue = catalogue_source(conn) == REGION

    # -- places ------------------------------------------------------------------------

    def org(self, row: ImportRow) -> Org | None:
        """Region, library and branch of a row (found, created, or this device's)."""
        key = row.place_key
        if key not in self._orgs:
            before = len(self.plan.errors)
            self._orgs[key] = self._resolve_org(row)
            self._org_errors[key] = self.plan.errors[before:]
        elif self._orgs[key] is None:
            self.plan.errors += [replace(e, row=row.number) for e in self._org_errors[key]]
        return self._orgs[key]

    def _resolve_org(self, row: ImportRow) -> Org | None:
        region_id = self._region(row) if row.region else None
        if row.region and region_id is None:
            return None
        library_id = self._library(row, region_id) if row.library else None
        if not row.branch:
            if library_id in (None, self.home.library_id) and region_id in (
                None,
                self.home.region_id,
            ):
                return self.home
            self.plan.fail(
                row,
                "branch",
                ValidationError(
                    "branch",
                    N_("{field_label} must not be empty when the library is not this computer's."),
                ),
            )
            return None
        branch_id = self._branch(row, region_id, library_id)
        if branch_id is None:
            return None
        lib = self.branches[branch_id][1]
        reg = self.libraries[lib][1]
        return Org(reg, lib, branch_id, self.regions[reg][2])

    def _region(self, row: ImportRow) -> str | None:
        name = row.region
        key = fold(name)
        for rid, (rname, code, _country) in self.regions.items():
            if key in (fold(rname), fold(code)):
                return rid
        region_id = natural.region_id(self.home.country, name)
        if region_id in self.regions:
            return region_id  # created under this name, renamed since
        known = [rname for rname, _code, _country in self.regions.values()]
        if not self._may_add(row, "region", name, known):
            return None
        new: dict[str, Any] = {
            "id": region_id,
            "name": name,
            "code": name[:40],
            "country": self.home.country,
        }
        self.regions[new["id"]] = (name, name[:40], self.home.country)
        return self.plan.new("regions", "region", name, new)

    def _library(self, row: ImportRow, region_id: str | None) -> str | None:
        key = fold(row.library)
        found = [
            i for i, (n, r) in self.libraries.items() if fold(n) == key and region_id in (None, r)
        ]
        if len(found) > 1:
            self.plan.fail(
                row,
                "library",
                ValidationError(
                    "library",
                    N_("{field_label} “{value}” exists in several regions; fill in the region."),
                    value=row.library,
                ),
            )
            return None
        if found:
            return found[0]
        parent = region_id or self.home.region_id
        library_id = natural.library_id(parent, row.library)
        if library_id in self.libraries:
            return library_id  # created under this name, renamed since
        known = [n for n, r in self.libraries.values() if region_id in (None, r)]
        if not self._may_add(row, "library", row.library, known):
            return None
        new: dict[str, Any] = {"id": library_id, "name": row.library, "region_id": parent}
        self.libraries[new["id"]] = (row.library, parent)
        return self.plan.new("libraries", "library", row.library, new)

    def _branch(self, row: ImportRow, region_id: str | None, library_id: str | None) -> str | None:
        key = fold(row.branch)
        found = [
            i
            for i, (n, lib) in self.branches.items()
            if fold(n) == key
            and library_id in (None, lib)
            and region_id in (None, self.libraries[lib][1])
        ]
        if len(found) > 1:
            self.plan.fail(
                row,
                "branch",
                ValidationError(
                    "branch",
                    N_("{field_label} “{value}” exists in several libraries; fill in the library."),
                    value=row.branch,
                ),
            )
            return None
        if found:
            return found[0]
        if library_id is None and row.library:
            return None  # the library itself could not be resolved; its error is recorded
        parent = library_id or self.home.library_id
        branch_id = natural.branch_id(parent, row.branch)
        if branch_id in self.branches:
            return branch_id  # created under this name, renamed since
        known = [n for n, lib in self.branches.values() if library_id in (None, lib)]
        if not self._may_add(row, "branch", row.branch, known):
            return None
        new: dict[str, Any] = {
            "id": branch_id,
            "library_id": parent,
            "name": row.branch,
            "kind": "branch",
            "rural": False,
            "archived": False,
        }
        self.branches[new["id"]] = (row.branch, parent)
        return self.plan.new("branches", "branch", row.branch, new)

    def _may_add(self, row: ImportRow, column: str, name: str, known: Iterable[str]) -> bool:
        """Whether a place or programme this store does not know may be made. On a computer of
        a region it may not: the row is refused naming the closest known ones. Elsewhere it
        may, and a name close to a known one is noted for the summary."""
        close = closest(name, known)
        if not self.places_from_catalogue:
            if close:
                self.plan.similar.append(Similar(column, name, close))
            return True
        if close:
            msgid = N_(
                "{field_label} “{value}” is not in the region's catalogue, so it is not added "
                "on this computer. Did you mean {names}?"
            )
        else:
            msgid = N_(
                "{field_label} “{value}” is not in the region's catalogue, so it is not added "
                "on this computer. Correct the name, or ask the coordinator to add it."
            )
        self.plan.fail(
            row, column, ValidationError(column, msgid, value=name, names=", ".join(close))
        )
        return False

    # -- programmes, lecturers, groups ---------------------------------------------------

    def programme(self, row: ImportRow, org: Org) -> str | None:
        """The programme a row names; a new one takes its hours from the file's longest group.
        On a computer of a region the catalogue is the coordinator's: a programme it does not
        hold is refused on the row (a typo must not become a region-wide programme); None."""
        key = folded(row.programme)
        if key in self.programmes:
            return self.programmes[key]
        programme_id = natural.programme_id_for_title(row.programme, row.level)
        if programme_id in self.programme_ids:
            self.programmes[key] = programme_id  # created under this title, renamed since
            return programme_id
        if not self._may_add(row, "programme", row.programme, self.programme_titles):
            return None
        mine = self.by_programme[key]
        per_group: dict[tuple[str, ...], dict[tuple[str, ...], float]] = defaultdict(dict)
        for r in mine:
            per_group[r.group_key][r.session_key] = r.hours
        # 2 decimals, as a programme's hours are typed (nine 50-minute sessions: 10, not 9.999999)
        hours = round(max(sum(s.values()) for s in per_group.values()), 2)
        staff_only = all("library_staff" in r.target_groups for r in mine)
        lang = COUNTRY_LANG.get(org.country, "en")
        new: dict[str, Any] = {
            "id": programme_id,
            "code": None,
            "title_lt": "",
            "title_lv": "",
            "title_en": "",
            f"title_{lang}": row.programme,
            "level": row.level,
            "academic_hours": hours,
            "topics": "",
            "audience": "library_staff" if staff_only else "residents",
            "archived": False,
        }
        self.programmes[key] = programme_id
        self.programme_ids.add(programme_id)
        return self.plan.new("programmes", "programme", row.programme, new)

    def lecturer(self, row: ImportRow) -> str | None:
        if not row.lecturer:
            return None
        key = folded(row.lecturer)
        if key not in self.staff:
            *given, family = row.lecturer.split()
            new: dict[str, Any] = {
                "id": new_id(),
                "branch_id": None,
                "given_name": " ".join(given),
                "family_name": family,
                "role": "lecturer",
                "email": None,
                "archived": False,
            }
            self.staff[key] = self.plan.new("lecturers", "staff", row.lecturer, new)
        return self.staff[key]

    def group(
        self, row: ImportRow, org: Org, programme_id: str, lecturer_id: str | None
    ) -> str | None:
        """The group a row names at its branch; a new one spans the file's dates for it."""
        key = (folded(row.group), org.branch_id)
        if key in self.groups:
            group_id, group_programme = self.groups[key]
            if group_programme != programme_id:
                self.plan.fail(
                    row,
                    "group",
                    ValidationError(
                        "group",
                        N_("{field_label} “{value}” already exists for another programme."),
                        value=row.group,
                    ),
                )
                return None
            return self._stored(row, group_id)
        group_id = natural.group_id(org.branch_id, programme_id, row.group)
        if group_id in self.group_ids:
            self.groups[key] = (group_id, programme_id)  # created under this name, renamed since
            return self._stored(row, group_id)
        if group_id in self.deleted_groups:  # deleted in the records: its rows stay out
            self.plan.not_restored["attendance"] += 1
            return None
        if deleted_ids(self.conn, "training_group", [group_id]):
            self.plan.not_restored["groups"] += 1
            if not self.plan.restore_deleted:
                self.deleted_groups.add(group_id)
                self.plan.not_restored["attendance"] += 1
                return None
        mine = self.by_group[row.group_key]
        referrer = next((r.referred_by for r in mine if r.referred_by != "none"), "none")
        new: dict[str, Any] = {
            "id": group_id,
            "programme_id": programme_id,
            "branch_id": org.branch_id,
            "lecturer_id": lecturer_id,
            "name": row.group,
            "referrer": referrer,
            "referrer_name": None,
            "language": COUNTRY_LANG.get(org.country, "en"),
            "start_date": min(r.date for r in mine),
            "end_date": max(r.date for r in mine),
            "finished": False,
            "archived": False,
        }
        self.groups[key] = (group_id, programme_id)
        self.group_ids.add(group_id)
        return self.plan.new("groups", "training_group", row.group, new)

    def _stored(self, row: ImportRow, group_id: str) -> str | None:
        """A stored group for a row: its session's day is noted so that the group's dates
        cover it (decision 0102: no session after the end). A finished group is not reopened
        by a file: a row after its end is refused, as moving a session there is
        (``services.sessions``); the person changes the group's end first."""
        if group_id not in self.stored_groups:
            return group_id  # made by this file: it spans the file's dates already
        name, _start, end, finished = self.stored_groups[group_id]
        if finished and end is not None and row.date > end:
            self.plan.fail(
                row,
                "date",
                ValidationError(
                    "date",
                    N_(
                        "{field_label}: the group “{group}” is finished and ended on {end}; "
                        "a session cannot come after it. Check the date, or give the group a "
                        "later end date in the app first."
                    ),
                    group=name,
                    end=end.isoformat(),
                ),
            )
            return None
        first, last = self.spans.get(group_id, (row.date, row.date))
        self.spans[group_id] = (min(first, row.date), max(last, row.date))
        return group_id

    def group_dates(self) -> list[GroupDates]:
        """The stored groups whose start or end the file's sessions move, by name."""
        moved = []
        for group_id, (first, last) in self.spans.items():
            name, start, end, _finished = self.stored_groups[group_id]
            new_start = first if start is not None and first < start else None
            new_end = last if end is not None and last > end else None
            if new_start or new_end:
                moved.append(GroupDates(group_id, name, new_start, new_end))
        return sorted(moved, key=lambda g: (fold(g.name), g.id))


def closest(name: str, known: Iterable[str]) -> list[str]:
    """The known names most like ``name`` (compared folded: case and diacritics aside), best
    first; none when nothing is close."""
    by_key: dict[str, str] = {}
    for other in known:
        by_key.setdefault(natural.key(other), other)
    found = difflib.get_close_matches(natural.key(name), list(by_key), n=CLOSEST, cutoff=CLOSE)
    return [by_key[k] for k in found]
