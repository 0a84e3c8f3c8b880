"""The lazy table model: ids shown in chunks, rows fetched in pages, a bounded cache."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from libtrainer.gui import operations
from libtrainer.gui.models import ID_ROLE, PLACEHOLDER, LazyTableModel, ListTableModel
from libtrainer.gui.operations import TaskManager

WAIT_MS = 10_000


@pytest.fixture
def tasks(qapp: Any) -> Any:
    manager = TaskManager()
    operations.install(manager)
    yield manager
    manager.shutdown()
    operations.install(None)


class Source:
    """Rows made from ids; counts the ids asked for (never the whole list at once)."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def __call__(self, job: Any, ids: list[str]) -> dict[str, tuple[str, str]]:
        self.asked.append(len(ids))
        return {i: (f"name {i}", f"code {i}") for i in ids}


def _model(source: Source, n: int) -> LazyTableModel:
    model = LazyTableModel(["Name", "Code"], source)
    model.set_ids([str(i) for i in range(n)])
    return model


def test_ids_are_shown_a_chunk_at_a_time_with_inclusive_last_row(tasks: Any) -> None:
    """fetchMore announces exactly the rows it adds: first..last, the last one included."""
    model = _model(Source(), 5000)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    assert model.rowCount() == LazyTableModel.CHUNK
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 5000
    assert inserted == [(2000, 3999), (4000, 4999)]


def test_rows_arrive_in_pages_on_demand_and_show_a_placeholder_until_then(
    tasks: Any, qtbot: Any
) -> None:
    """Asking for a cell of an unloaded row fetches its page only, in the background."""
    source = Source()
    model = _model(source, 10_000)
    assert model.index(250, 0).data() == PLACEHOLDER
    with qtbot.waitSignal(model.rows_loaded, timeout=WAIT_MS):
        pass
    assert model.index(250, 0).data() == "name 250"
    assert model.index(250, 1).data(ID_ROLE) == "250"
    assert source.asked == [LazyTableModel.PAGE]


def test_row_cache_stays_bounded(tasks: Any, qtbot: Any) -> None:
    """Looking at many pages keeps at most CACHE rows in memory."""
    source = Source()
    model = _model(source, 10_000)
    model.CACHE = 300
    for row in range(0, 1000, 100):
        model.index(row, 0).data()
    qtbot.waitUntil(lambda: len(source.asked) == 10 and not tasks.busy, timeout=WAIT_MS)
    assert len(model._cache) <= 300


def test_new_ids_drop_rows_of_the_old_search(tasks: Any, qtbot: Any) -> None:
    """Rows of a previous id list arriving late are ignored."""
    source = Source()
    model = _model(source, 100)
    model.index(0, 0).data()
    model.set_ids(["x"])
    qtbot.waitUntil(lambda: not tasks.busy, timeout=WAIT_MS)
    assert model.cached(0) is None
    assert model.rowCount() == 1


def test_list_model_holds_small_tables() -> None:
    """The in-memory model gives ids and cells, and clears."""
    model = ListTableModel(["A", "B"])
    model.set_rows([("1", ("a", None)), ("2", ("b", 3))])
    assert model.index(1, 1).data() == "3"
    assert model.index(0, 1).data() == ""
    assert model.row_of("2") == 1 and model.id_at(0) == "1"
    model.clear()
    assert model.rowCount() == 0


def test_compact_ids_give_back_the_same_strings() -> None:
    """Ids kept as 16 bytes each come back as the same UUID strings, by index and slice."""
    from libtrainer.domain.ids import new_id

    from libtrainer.gui.models import CompactIds

    ids = [new_id() for _ in range(50)]
    compact = CompactIds(ids)
    assert len(compact) == 50 and list(compact) == ids
    assert compact[-1] == ids[-1] and compact[10:13] == ids[10:13]
    assert compact.index(ids[37]) == 37
    model = LazyTableModel(["A"], lambda job, part: {})
    model.set_ids(compact)
    assert model.id_at(49) == ids[49] and model.row_of(ids[5]) == 5
