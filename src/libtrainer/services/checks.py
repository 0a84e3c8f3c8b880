"""Integrity check of a store: encryption, SQLite structure, foreign keys, capture, outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from libtrainer.domain.errors import N_
from libtrainer.i18n import _
from libtrainer.store import capture
from libtrainer.store.engine import is_plaintext
from libtrainer.store.store import Store


@dataclass
class CheckReport:
    results: list[tuple[str, bool, str]] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> None:
        self.results.append((name, ok, detail))

    @property
    def healthy(self) -> bool:
        return all(ok for _name, ok, _d in self.results)

    def to_json(self) -> dict[str, Any]:
        return {
            "healthy": self.healthy,
            "checks": [{"name": n, "ok": ok, "detail": d} for n, ok, d in self.results],
        }

    def lines(self) -> list[str]:
        out = [
            f"{'✓' if ok else '✗'} {_(name)}" + (f": {d}" if d else "")
            for name, ok, d in self.results
        ]
        out.append(
            _("The store is healthy.") if self.healthy else _("The store has problems: see above.")
        )
        return out


def check(store: Store) -> CheckReport:
    report = CheckReport()
    report.add(N_("Store file is encrypted"), not is_plaintext(store.path))
    with store.read() as conn:
        cipher = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
        report.add(N_("Encryption pages verify"), not cipher, "; ".join(cipher[:3]))
        integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        report.add(
            N_("Database structure"),
            integrity == ["ok"],
            "" if integrity == ["ok"] else "; ".join(integrity[:3]),
        )
        fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
        report.add(N_("Links between records"), not fk, f"{len(fk)}" if fk else "")
        report.add(N_("Change capture is installed"), capture.triggers_complete(conn))
        gaps, backwards = _outbox_continuity(conn)
        report.add(
            N_("Outbox continuity"),
            not gaps and not backwards,
            f"gaps={gaps} backwards={backwards}" if gaps or backwards else "",
        )
        uncaptured = _uncaptured_rows(conn)
        report.add(
            N_("Every record is captured"), uncaptured == 0, str(uncaptured) if uncaptured else ""
        )
    return report


def _outbox_continuity(conn: Connection) -> tuple[int, int]:
    """(missing sequence numbers, timestamps that run backwards) in the outbox."""
    lo, hi, n = conn.exec_driver_sql("SELECT min(seq), max(seq), count(*) FROM lt_outbox").one()
    gaps = 0 if not n else int(hi) - int(lo) + 1 - int(n)
    backwards = conn.exec_driver_sql(
        "SELECT count(*) FROM (SELECT hlc, lag(hlc) OVER (ORDER BY seq) AS prev FROM lt_outbox) "
        "WHERE prev IS NOT NULL AND hlc <= prev"
    ).scalar_one()
    return gaps, int(backwards)


def _uncaptured_rows(conn: Connection) -> int:
    """Synced rows with no live clock entry: written while capture was off, outside ingest."""
    from libtrainer.store.models import synced_tables

    total = 0
    for table in synced_tables():
        total += int(
            conn.exec_driver_sql(
                f"SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM lt_clock c "  # noqa: S608 - our table names
                f"WHERE c.tbl = '{table}' AND c.row_id = t.id AND c.field = '*' AND c.cl % 2 = 1)"
            ).scalar_one()
        )
    return total
