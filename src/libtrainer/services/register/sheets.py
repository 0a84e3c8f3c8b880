"""The rows of one worksheet as the person sees them in Excel (decisions 0406, 0511).

openpyxl's read-only rows say nothing of hidden rows or merged cells, and a formula whose
value was never saved reads as an empty cell. This reads a sheet's XML with openpyxl's own
parser, row by row (memory stays that of the rows kept), and gives each row its number, its
values and whether it is hidden (by hand or by an autofilter: Excel saves both as a hidden
row). A row's cells are parsed only up to the budget's width, and each row is counted against
the file's :class:`~.bounds.Budget` (bounds.py). Merged ranges are known only once the whole
sheet is read (Excel writes them after the rows): when the reader stopped early (a long blank
run ends a sheet), :meth:`SheetRows.merged_ranges` reads on to them, skipping the rows left
unparsed. Nothing here evaluates a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._reader import COL_TAG, FORMULA_TAG, MERGE_TAG, ROW_TAG
from openpyxl.xml.functions import iterparse

from libtrainer.services.register.bounds import Budget, NarrowParser
from libtrainer.services.register.read import MAX_COLUMNS

#: the merged ranges after rows left unread are found in the sheet's bytes, not its XML tree:
#: tokenising 25,000 rows of 250 blank cells costs 25 CPU s, scanning their bytes well under 1
_CHUNK = 1 << 20
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"  # an element's namespace prefix, if any
_START = re.compile(rb"<" + _NS + rb"mergeCells[\s/>]")
_END = re.compile(rb"</" + _NS + rb"mergeCells\s*>|<" + _NS + rb"mergeCells[^>]*/>")
_REF = re.compile(rb"<" + _NS + rb"mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")


class Unsaved:
    """A formula cell saved without its value (a file written by a program, not by Excel)."""

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "UNSAVED"


UNSAVED = Unsaved()


class _Parser(NarrowParser):
    """The width-bounded parser, marking a formula without a saved value instead of None."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = UNSAVED
        return cell


@dataclass
class SheetRows:
    """Iterate :meth:`rows`, then call :meth:`merged_ranges` (which also closes the sheet), or
    :meth:`close`. Thread rule: one reader thread, as its budget."""

    workbook: Any
    sheet: Any
    budget: Budget
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: the sheet's hidden columns (1-based, up to the reader's column limit), known before
    #: :meth:`rows` gives its first row: Excel writes them before the rows
    hidden_columns: set[int] = field(default_factory=set)
    _source: IO[bytes] | None = None
    _events: Iterator[tuple[str, Any]] | None = None
    _last: int = 0  # the last row number read

    def rows(self) -> Iterator[tuple[int, list[Any], bool]]:
        """(row number, values up to ``budget.width``, hidden) for each row the sheet stores."""
        wb = self.workbook
        self._source = wb._archive.open(self.sheet._worksheet_path)
        parser = _Parser(
            self._source,
            self.sheet._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
            budget=self.budget,
        )
        self._events = iter(iterparse(self._source))
        for _event, element in self._events:
            if element.tag == ROW_TAG:
                number, cells = parser.parse_row(element)
                self._last = number
                hidden = str(element.get("hidden", "0")).lower() in ("1", "true")
                element.clear()
                self.budget.row(number, len(cells))
                yield number, _values(cells), hidden
            elif element.tag == MERGE_TAG:
                self._merges(element)
            elif element.tag == COL_TAG:
                self._hidden(element)
        self.close()

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        """The sheet's merged ranges as (first row, last row, first column, last column),
        1-based. When :meth:`rows` was left before the sheet's end (a blank run ended it), the
        ranges are found by scanning the sheet's bytes (still cancellable between chunks):
        the rows left unread are not parsed."""
        if self._events is not None:
            self.close()
            with self.workbook._archive.open(self.sheet._worksheet_path) as src:
                for ref in self._scan(src):
                    self._add(ref)
        self.close()
        return self.merged

    def _scan(self, src: IO[bytes]) -> list[str]:
        """The ``ref`` of each ``mergeCell`` of the sheet's ``mergeCells`` element. Comments,
        CDATA sections and processing instructions are not markup: a crafted comment holding
        ``<mergeCell ref=…>`` is skipped, as an XML parser skips it."""
        tail, found = b"", bytearray()
        started = False
        for chunk in markup_only(self._chunks(src)):
            if not started:
                buf = tail + chunk
                at = buf.find(b"mergeCells")  # a plain search first: the regex is slower
                start = _START.search(buf, max(0, at - 64)) if at >= 0 else None
                if start is None:
                    tail = buf[-256:]
                    continue
                started = True
                found += buf[start.start() :]
            else:
                found += chunk
            if _END.search(found, max(0, len(found) - len(chunk) - 256)):
                break
        return [m.decode("utf-8", "replace") for m in _REF.findall(bytes(found))]

    def _chunks(self, src: IO[bytes]) -> Iterator[bytes]:
        """The sheet's bytes, a chunk at a time, cancellable between chunks."""
        while chunk := src.read(_CHUNK):
            if self.budget.progress is not None:
                self.budget.progress(self._last)  # may raise Cancelled
            yield chunk

    def _add(self, ref: str) -> None:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        self.merged.append((min_row, max_row, min_col, max_col))

    def close(self) -> None:
        self._events = None
        if self._source is not None:
            self._source.close()
            self._source = None

    def _hidden(self, element: Any) -> None:
        """A ``col`` element: columns ``min``..``max`` with their width and whether hidden
        (a crafted range is cut at the columns read, so it costs nothing more)."""
        if str(element.get("hidden", "0")).lower() in ("1", "true"):
            first = max(1, int(element.get("min", "0")))
            last = min(int(element.get("max", "0")), MAX_COLUMNS)
            self.hidden_columns.update(range(first, last + 1))
        element.clear()

    def _merges(self, element: Any) -> None:
        for merge in element:
            ref = merge.get("ref")
            if ref:
                self._add(ref)
        element.clear()


#: what begins and ends text that is not markup: a comment, a CDATA section, a processing
#: instruction
_NOT_MARKUP = ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"))


def markup_only(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """``chunks`` of XML with every comment, CDATA section and processing instruction left
    out (each becomes one space), the rest as it was. Linear in the bytes: each is looked at
    a bounded number of times, with :meth:`bytes.find`; a few bytes are held back between
    chunks when an opener or a closer may be cut by a chunk's end."""
    buf = b""
    closer = b""  # inside a comment, CDATA or instruction: what ends it
    for chunk in chunks:
        buf += chunk
        out, pos = _markup_only(buf, closer)
        closer, buf = pos[1], buf[pos[0] :]
        yield out
    if not closer:
        yield buf  # an opener cut by the end of the file is text


def _markup_only(buf: bytes, closer: bytes) -> tuple[bytes, tuple[int, bytes]]:
    """The markup of ``buf`` (see :func:`markup_only`), and where to go on from: the first
    byte not yet decided and the closer looked for there."""
    out: list[bytes] = []
    pos = 0
    bang = query = -2  # where the next "<!" and "<?" are (-2: not looked for yet)
    while True:
        if closer:
            end = buf.find(closer, pos)
            if end < 0:  # the closer may be cut by the chunk's end: keep its first bytes
                return b"".join(out), (max(pos, len(buf) - len(closer) + 1), closer)
            pos, closer = end + len(closer), b""
            out.append(b" ")
            continue
        if bang < pos and bang != -1:
            bang = _opener(buf, pos, b"!")
        if query < pos and query != -1:
            query = _opener(buf, pos, b"?")
        at = min((x for x in (bang, query) if x >= 0), default=-1)
        if at < 0:  # no opener: keep a "<" at the end, an opener may begin with it
            keep = len(buf) - 1 if buf.endswith(b"<") else len(buf)
            out.append(buf[pos:keep])
            return b"".join(out), (keep, b"")
        for opener, ends in _NOT_MARKUP:
            if buf.startswith(opener, at):
                out.append(buf[pos:at])
                pos, closer = at + len(opener), ends
                break
        else:
            if any(opener.startswith(buf[at:]) for opener, _ends in _NOT_MARKUP):
                out.append(buf[pos:at])  # "<![CD" at the chunk's end: decided with the next
                return b"".join(out), (at, b"")
            out.append(buf[pos : at + 2])  # "<!DOCTYPE" and the like: markup, kept
            pos = at + 2


def _opener(buf: bytes, pos: int, mark: bytes) -> int:
    """Where the next "<!" (or "<?") of ``buf`` from ``pos`` is (-1: none). A one-byte search
    first: a sheet's XML seldom holds "!" or "?", and it is ten times faster than the
    two-byte one, which is done when the text holds the mark elsewhere."""
    at = buf.find(mark, pos + 1)
    if at < 0 or buf[at - 1 : at] == b"<":
        return at - 1 if at >= 0 else -1
    return buf.find(b"<" + mark, at)


def _values(cells: list[dict[str, Any]]) -> list[Any]:
    values: list[Any] = [None] * max((c["column"] for c in cells), default=0)
    for cell in cells:
        values[cell["column"] - 1] = cell["value"]
    return values
