"""Fixtures of the sync tests: the real PostgreSQL server of ``pgserver`` (session-wide) and a
region (a coordinator and its branches on one share folder) for each test that asks for one."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.pgserver import central_url, postgres
from tests.sync.regionkit import Region, make_region

__all__ = ["central_url", "postgres", "region"]


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    """A coordinator and the default branches of ``make_region``, closed after the test."""
    reg = make_region(tmp_path)
    try:
        yield reg
    finally:
        reg.close()
