"""The programme catalogue: what is taught (titles in lt/lv/en, level, hours, DigComp areas).

A programme needs a title in at least one language; the others fall back to it when shown.
Its academic hours are the whole course (many sessions), so they are not held to the
12-hour limit of one session, only to ``MAX_PROGRAMME_HOURS``. A programme with a code has the
id derived from it (docs/decisions/0005): the same code entered on two devices is one
catalogue entry after merge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, select

from libtrainer.domain import rules
from libtrainer.domain.enums import Audience, DigCompArea, Level
from libtrainer.domain.errors import N_, LibtrainerError, NotFoundError, ValidationError
from libtrainer.domain.ids import new_id
from libtrainer.domain.numbers import number_from_text
from libtrainer.i18n import get_language
from libtrainer.i18n.collation import sort_key
from libtrainer.services import common, natural
from libtrainer.services.natural import Ensured
from libtrainer.services.results import Changed
from libtrainer.store.models import Programme, Region
from libtrainer.store.store import read_meta
from libtrainer.store.uow import UnitOfWork

MAX_PROGRAMME_HOURS = 500
#: A programme may be named by the start of its id, at least this long.
MIN_ID_START = 6
TITLE_FIELDS = ("title_lt", "title_lv", "title_en")


@dataclass(frozen=True)
class ProgrammeInfo:
    id: str
    code: str | None
    title: str
    title_lt: str
    title_lv: str
    title_en: str
    level: str
    academic_hours: float
    topics: tuple[str, ...]
    audience: str
    archived: bool


def check_total_hours(field: str, hours: Any) -> float:
    """Academic hours of a whole programme: more than 0 and at most ``MAX_PROGRAMME_HOURS``.
    Typed text may use a decimal comma ("1,5"), as Lithuanian and Latvian write it; a comma
    that may separate thousands ("12,345") is refused, not read as 12.35 (decision 0409)."""
    if isinstance(hours, str):
        hours = number_from_text(field, hours)
    try:
        value = float(hours)
    except (TypeError, ValueError):
        raise ValidationError(field, N_("{field_label} must be a number.")) from None
    value = round(value, 2) if math.isfinite(value) else value  # 0.0001 is 0 as shown
    if not 0 < value <= MAX_PROGRAMME_HOURS:
        raise ValidationError(
            field,
            N_("{field_label} must be more than 0 and at most {limit}."),
            limit=MAX_PROGRAMME_HOURS,
        )
    return value


def _topics(values: Any) -> str:
    return ",".join(common.enums("topics", DigCompArea)(values))


RULES: dict[str, common.Rule] = {
    "code": lambda v: rules.clean_name("code", v, required=False, limit=40) or None,
    "title_lt": partial(rules.clean_name, "title_lt", required=False),
    "title_lv": partial(rules.clean_name, "title_lv", required=False),
    "title_en": partial(rules.clean_name, "title_en", required=False),
    "level": common.enum("level", Level),
    "academic_hours": partial(check_total_hours, "academic_hours"),
    "topics": _topics,
    "audience": common.enum("audience", Audience),
}


def _check_titled(values: dict[str, Any]) -> None:
    if not any(values.get(name) for name in TITLE_FIELDS):
        raise ValidationError(
            "title", N_("{field_label}: give the title in at least one language.")
        )


def create_programme(uow: UnitOfWork, academic_hours: float, **fields: Any) -> Ensured:
    """A catalogue entry. Fields: code, title_lt, title_lv, title_en (at least one), level,
    topics (DigComp areas), audience.

    With a code the id is ``natural.programme_id_for_code(code)`` (docs/decisions/0005) and a
    programme that already has that code is returned unchanged instead of added again; without
    a code the entry gets a new UUIDv7 id (the coordinator's catalogue is the usual source)."""
    values = common.validate(RULES, {"academic_hours": academic_hours, **fields})
    _check_titled(values)
    code = values.get("code")
    if not code:
        return _insert(uow, new_id(), values)
    natural_id = natural.programme_id_for_code(code)
    found = _with_code(uow, natural_id, code)
    if found is not None:
        return Ensured(id=found)
    return _insert(uow, natural_id, values)


def add_programme(uow: UnitOfWork, academic_hours: Any, **fields: Any) -> Ensured:
    """A programme a person adds (the Programmes screen, ``libtrainer programmes add``).

    As :func:`create_programme`, except that a code another programme has now is refused on
    the code field, instead of quietly giving back that programme. When the code's own id is
    held by a programme whose code was changed since (ids never change), the new one gets a
    UUIDv7 id."""
    values = common.validate(RULES, {"academic_hours": academic_hours, **fields})
    _check_titled(values)
    _check_titles_free(uow, values, None)
    code = values.get("code")
    if not code:
        return _insert(uow, new_id(), values)
    _check_code_free(uow, code, None)
    natural_id = natural.programme_id_for_code(code)
    held = uow.session.get(Programme, natural_id) is not None
    return _insert(uow, new_id() if held else natural_id, values)


def _insert(uow: UnitOfWork, programme_id: str, values: dict[str, Any]) -> Ensured:
    """Add the row; a row deleted before under the same id comes back (a restore, 0005)."""
    result = Ensured(id=programme_id)
    result.restored = natural.tombstoned(uow.connection, "programme", programme_id)
    uow.session.add(Programme(id=programme_id, **values))
    uow.commit()
    result.add("created", "programme", programme_id)
    return result


def _coded(uow: UnitOfWork, code: str) -> list[Programme]:
    """The programmes whose code is ``code`` now, compared as :func:`natural.key` (case,
    spaces and diacritics do not matter), by id."""
    wanted = natural.key(code)
    rows = uow.session.execute(select(Programme).where(Programme.code.is_not(None))).scalars()
    return sorted((r for r in rows if natural.key(r.code or "") == wanted), key=lambda r: r.id)


def _check_code_free(uow: UnitOfWork, code: str, own_id: str | None) -> None:
    """Refuse ``code`` when a programme other than ``own_id`` has it now."""
    other = next((r for r in _coded(uow, code) if r.id != own_id), None)
    if other is not None:
        raise ValidationError(
            "code",
            N_("The code {code} is already used by the programme “{title}”."),
            code=code,
            title=title_of(other),
        )


def _check_titles_free(uow: UnitOfWork, values: dict[str, Any], own_id: str | None) -> None:
    """Refuse a title another programme in the catalogue (not archived) has in the same
    language: groups are made by choosing a programme by its title, so two with one title
    cannot be told apart there, nor in an imported register (compared as :func:`rules.fold`:
    case, spaces and diacritics do not matter)."""
    wanted = {name: rules.fold(text) for name in TITLE_FIELDS if (text := values.get(name))}
    if not wanted:
        return
    rows = uow.session.execute(select(Programme).where(Programme.archived.is_(False))).scalars()
    for row in rows:
        if row.id == own_id:
            continue
        for name, folded in wanted.items():
            if rules.fold(getattr(row, name) or "") == folded:
                raise ValidationError(
                    name,
                    N_(
                        "The programme “{title}” is already in the catalogue. Give this one "
                        "another title (for example with its level or year), or archive the "
                        "other one first."
                    ),
                    title=getattr(row, name),
                )


def _with_code(uow: UnitOfWork, natural_id: str, code: str) -> str | None:
    """The programme with this code: the natural id, else one added before natural ids."""
    if uow.session.get(Programme, natural_id) is not None:
        return natural_id
    same = _coded(uow, code)
    return same[0].id if same else None


def edit_programme(uow: UnitOfWork, programme_id: str, **changes: Any) -> Changed:
    """Change catalogue fields; a programme keeps at least one title, and a code it is given
    must not be another programme's. Its id stays the same (docs/decisions/0005)."""
    values = common.validate(RULES, changes)
    row = common.get(uow, Programme, programme_id)
    _check_titled({name: values.get(name, getattr(row, name)) for name in TITLE_FIELDS})
    _check_titles_free(uow, {n: values[n] for n in TITLE_FIELDS if n in values}, row.id)
    code = values.get("code")
    if code and natural.key(code) != natural.key(row.code or ""):
        _check_code_free(uow, code, row.id)
    changed = common.edited(uow, row, values, Changed())
    uow.commit()
    return changed


def title_of(row: Programme, lang: str | None = None) -> str:
    """The title in ``lang`` (default: the current language), else the first one given."""
    language = lang or get_language()
    preferred = getattr(row, f"title_{language}", "") if language in ("lt", "lv", "en") else ""
    return str(preferred or row.title_lt or row.title_lv or row.title_en)


#: the language of each country's titles (a Latvian library types a Latvian title)
COUNTRY_TITLES = {"LT": "lt", "LV": "lv"}


def home_title_language(conn: Connection) -> str:
    """The language of the titles this computer's librarians type: its region's country's,
    else (a computer in no region) the current language."""
    region_id = read_meta(conn, "region_id")
    country = conn.execute(select(Region.country).where(Region.id == region_id)).scalar()
    lang = COUNTRY_TITLES.get(str(country or "").upper())
    return lang or (get_language() if get_language() in ("lt", "lv", "en") else "lt")


def list_programmes(uow: UnitOfWork, *, include_archived: bool = False) -> list[ProgrammeInfo]:
    """The catalogue, by title in the current language."""
    stmt = select(Programme)
    if not include_archived:
        stmt = stmt.where(Programme.archived.is_(False))
    found = [_info(row) for row in uow.session.execute(stmt).scalars()]
    return sorted(found, key=lambda p: (sort_key(p.title), p.id))


def get_programme(uow: UnitOfWork, programme_id: str) -> ProgrammeInfo:
    """One programme (archived ones too)."""
    return _info(common.get(uow, Programme, programme_id))


def find_programme(uow: UnitOfWork, ref: str) -> str:
    """The id of the programme ``ref`` names: its id, its code (as typed anywhere: case,
    spaces and diacritics do not matter), or the unique start of its id (at least
    ``MIN_ID_START`` characters). Archived programmes are found too."""
    ref = " ".join(ref.split())
    if ref and uow.session.get(Programme, ref) is not None:
        return ref
    coded = _coded(uow, ref) if ref else []
    if coded:
        return coded[0].id
    found: list[str] = []
    start = ref.lower()
    if len(start) >= MIN_ID_START and all(c in "0123456789abcdef-" for c in start):
        query = select(Programme.id).where(Programme.id.startswith(start, autoescape=True)).limit(2)
        found = list(uow.session.execute(query).scalars())
    if len(found) == 1:
        return found[0]
    if found:
        raise LibtrainerError(
            N_("“{ref}” matches several programmes; give more of the id, or the code."), ref=ref
        )
    raise NotFoundError(N_("No programme with the code or id “{ref}” was found."), ref=ref)


def _info(row: Programme) -> ProgrammeInfo:
    return ProgrammeInfo(
        row.id,
        row.code,
        title_of(row),
        row.title_lt,
        row.title_lv,
        row.title_en,
        row.level,
        row.academic_hours,
        tuple(t for t in row.topics.split(",") if t),
        row.audience,
        row.archived,
    )
