"""Fixtures of the sync tests: the real PostgreSQL server of ``pgserver`` (session-wide)."""

from tests.sync.pgserver import central_url, postgres

__all__ = ["central_url", "postgres"]
