"""What a service changed, so views and callers refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changed:
    """Ids created, updated and deleted by one service call, by table."""

    created: dict[str, list[str]] = field(default_factory=dict)
    updated: dict[str, list[str]] = field(default_factory=dict)
    deleted: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, table: str, row_id: str) -> Changed:
        bucket = getattr(self, kind).setdefault(table, [])
        if row_id not in bucket:
            bucket.append(row_id)
        return self

    def merge(self, other: Changed) -> Changed:
        for kind in ("created", "updated", "deleted"):
            for table, ids in getattr(other, kind).items():
                for row_id in ids:
                    self.add(kind, table, row_id)
        return self

    @property
    def empty(self) -> bool:
        return not (self.created or self.updated or self.deleted)

    def first(self, table: str) -> str:
        """The first id created in ``table`` (the usual return of a create call)."""
        return self.created[table][0]
