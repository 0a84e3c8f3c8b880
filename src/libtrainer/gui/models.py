"""Table models that scale: an id list, rows fetched on demand, a bounded row cache.

After Anki's browser table model: the model knows the ids of everything it lists (in display
order) but holds rows only for what has been looked at. Rows arrive from a background query
(:class:`~libtrainer.gui.operations.Operation`, read-only) one page at a time; until a row has
arrived its cells show a placeholder. The view sees the ids in steps of :attr:`CHUNK` through
``canFetchMore``/``fetchMore`` so a million-row list costs one list of ids, not a million rows.

Thread rule: GUI thread only. ``fetch_rows`` runs on the reader thread and must not touch Qt.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, overload

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from libtrainer.gui.operations import Job, Operation

Index = QModelIndex | QPersistentModelIndex
Row = Sequence[Any]
RowFetcher = Callable[[Job, list[str]], dict[str, Row]]
PLACEHOLDER = "…"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Roles answered with the cell's text (the tooltip shows a cut-off cell in full).
TEXT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ToolTipRole,
)


class CompactIds(Sequence[str]):
    """UUID strings kept as 16 bytes each (a million ids: 16 MB instead of ~90 MB of str
    objects); indexing and slicing give strings back. Build it on a worker thread."""

    WIDTH = 16

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self._data = bytearray()
        self.extend(ids)

    def extend(self, ids: Iterable[str]) -> None:
        data = self._data
        for row_id in ids:
            data += bytes.fromhex(row_id.replace("-", ""))

    def __len__(self) -> int:
        return len(self._data) // self.WIDTH

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        raw = self._data[index * self.WIDTH : (index + 1) * self.WIDTH].hex()
        return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        wanted = bytes.fromhex(str(value).replace("-", ""))
        position = self._data.find(wanted)
        while position >= 0 and position % self.WIDTH:
            position = self._data.find(wanted, position + 1)
        if position < 0:
            raise ValueError(value)
        return position // self.WIDTH


class LazyTableModel(QAbstractTableModel):
    """Ids + row cache + fetchMore. ``rows_loaded`` fires when a page of rows has arrived."""

    CHUNK = 2000  # ids shown to the view per fetchMore
    PAGE = 100  # rows per background query
    CACHE = 4000  # rows kept (least recently used dropped)

    rows_loaded = Signal()

    def __init__(self, headers: Sequence[str], fetch_rows: RowFetcher, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._fetch_rows = fetch_rows
        self._ids: Sequence[str] = []
        self._shown = 0
        self._cache: OrderedDict[str, Row] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0

    # -- contents ------------------------------------------------------------------------------

    def set_ids(self, ids: Sequence[str]) -> None:
        """Show ``ids`` in this order (rows of ids seen before are fetched again). A
        :class:`CompactIds` is kept as it is; any other sequence is copied into a list."""
        self.beginResetModel()
        self._generation += 1
        self._ids = ids if isinstance(ids, CompactIds) else list(ids)
        self._shown = min(self.CHUNK, len(self._ids))
        self._cache.clear()
        self._pending.clear()
        self.endResetModel()

    def clear(self) -> None:
        """Forget every id and row (on lock: no personal data stays in the model)."""
        self.set_ids([])

    def set_headers(self, headers: Sequence[str]) -> None:
        self._headers = list(headers)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._headers) - 1)

    def refresh(self, ids: Sequence[str] | None = None) -> None:
        """Fetch the rows of ``ids`` (default: all cached) again, e.g. after an edit."""
        targets = self._cache.keys() if ids is None else ids
        for row_id in list(targets):
            self._cache.pop(row_id, None)
        self._generation += 1
        self._pending.clear()
        if self._shown:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._shown - 1, self.columnCount() - 1)
            )

    @property
    def total(self) -> int:
        """How many ids the model lists (shown or not yet)."""
        return len(self._ids)

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < self._shown else None

    def row_of(self, row_id: str) -> int:
        """The row of ``row_id`` (showing more rows if needed), or -1."""
        try:
            position = self._ids.index(row_id)
        except ValueError:
            return -1
        while position >= self._shown and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return position

    def cached(self, row: int) -> Row | None:
        row_id = self.id_at(row)
        return None if row_id is None else self._cache.get(row_id)

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if parent.isValid():
            return
        count = min(self.CHUNK, len(self._ids) - self._shown)
        if count <= 0:
            return
        # beginInsertRows takes the first and the LAST row inserted (inclusive).
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + count - 1)
        self._shown += count
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        row_id = self._ids[index.row()]
        if role == ID_ROLE:
            return row_id
        if role not in TEXT_ROLES:
            return None
        row = self._cache.get(row_id)
        if row is None:
            self._request(index.row())
            return PLACEHOLDER
        self._cache.move_to_end(row_id)
        value = row[index.column()] if index.column() < len(row) else None
        return "" if value is None else str(value)

    # -- fetching rows -------------------------------------------------------------------------

    def _request(self, row: int) -> None:
        page = row // self.PAGE
        if page in self._pending:
            return
        self._pending.add(page)
        start = page * self.PAGE
        ids = self._ids[start : min(start + self.PAGE, len(self._ids))]
        generation = self._generation
        fetch = self._fetch_rows
        (
            Operation(None, lambda job: fetch(job, ids))
            .read_only()
            .success(lambda rows: self._arrived(generation, page, start, rows))
            .failure(lambda _error: self._pending.discard(page))
            .run_in_background()
        )

    def _arrived(self, generation: int, page: int, start: int, rows: dict[str, Row]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        self._cache.update(rows)
        while len(self._cache) > self.CACHE:
            self._cache.popitem(last=False)
        last = min(start + self.PAGE, self._shown) - 1
        if last >= start:
            self.dataChanged.emit(self.index(start, 0), self.index(last, self.columnCount() - 1))
        self.rows_loaded.emit()


class ListTableModel(QAbstractTableModel):
    """A small table whose rows are all in memory (a group's roster, a session list)."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[str, Row]] = []

    def set_headers(self, headers: Sequence[str]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self.endResetModel()

    def set_rows(self, rows: Sequence[tuple[str, Row]]) -> None:
        """Replace the rows: (id, cells) pairs."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def id_at(self, row: int) -> str | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: str) -> int:
        return next((i for i, (rid, _cells) in enumerate(self._rows) if rid == row_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row_id, cells = self._rows[index.row()]
        if role == ID_ROLE:
            return row_id
        if role in TEXT_ROLES:
            value = cells[index.column()] if index.column() < len(cells) else None
            return "" if value is None else str(value)
        return None


def select_row(table: Any, model: Any, row_id: str | None) -> None:
    """Make ``row_id``'s row the table's whole-row choice (None or not listed: no choice),
    without scrolling; the caller keeps its own "selecting, do not open" flag around it."""
    row = model.row_of(row_id) if row_id else -1
    chosen = table.selectionModel()
    if row >= 0:
        flags = QItemSelectionModel.SelectionFlag
        chosen.setCurrentIndex(model.index(row, 0), flags.ClearAndSelect | flags.Rows)
    else:
        chosen.clear()
