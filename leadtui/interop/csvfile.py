"""CSV as spreadsheets and CRMs write it: delimiter, a preamble before the header, ragged rows."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from leadtui.interop.sniff import MAX_LINE_CHARS, BadFile
from leadtui.kit.safecsv import unneutral

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


Row = tuple[int, list[str], list[str] | None]  # (row number as a spreadsheet shows it, cells,
#   the values past the header's last column, kept in the lead's note)


@dataclass(frozen=True)
class Table:
    """A CSV file's header, and its rows read again from the file each time they are wanted."""

    header: list[str]
    delimiter: str
    name: str
    chunks: Callable[[], Iterable[str]]  # the file's text from its start, a chunk at a time

    def rows(self) -> Iterator[Row]:
        """Every data row, padded to the header's width; blank lines left out."""
        lines, start = _after_preamble(self.chunks())
        reader = csv.reader(lines, delimiter=self.delimiter)
        number = start + 1  # the header's row number
        width = len(self.header)
        try:
            next(reader)
            for cells in reader:
                number += 1
                beyond = None
                if len(cells) > width:
                    beyond = [c.strip() for c in cells[width:] if c.strip()] or None
                    cells = cells[:width]  # trailing empty cells a spreadsheet (or Thunderbird) added
                joined = "".join(cells)
                if not joined.strip() and beyond is None:
                    continue  # a blank line
                if "'" in joined:  # rare: only such rows pay for the look at each cell
                    cells = [unneutral(cell) for cell in cells]
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))  # Outlook leaves off empty last fields
                yield number, cells, beyond
        except csv.Error as exc:
            raise BadFile(f"{self.name}: not readable as CSV near row {number + 1}: {exc}") from None


class Shape:
    """What a pass over a table's rows found: how many, and how many too long."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.rows = 0
        self.long_rows = 0
        self.first_long: tuple[int, int] | None = None  # (row, values) of the first too long

    def add(self, row: Row) -> None:
        self.rows += 1
        number, _, beyond = row
        if beyond:
            self.long_rows += 1
            self.first_long = self.first_long or (number, len(self.table.header) + len(beyond))

    def check(self) -> None:
        """BadFile for a table without data rows, or whose rows are mostly longer than its
        header (the delimiter is wrong): nothing of it is imported."""
        name, width = self.table.name, len(self.table.header)
        if not self.rows:
            raise BadFile(f"{name} has a header row but no data rows")
        if self.first_long and 2 * self.long_rows > self.rows:
            row, values = self.first_long
            more = f", as do {self.long_rows - 1} more rows" if self.long_rows > 1 else ""
            raise BadFile(f"{name}: row {row} has {values} values but the header has {width} "
                          f"columns{more} (ragged rows; is the delimiter "
                          f"{DELIMITER_NAMES[self.table.delimiter]} right?)")


def text_lines(chunks: Iterable[str]) -> Iterator[str]:
    """The lines of a text given in chunks, as str.splitlines(keepends=True) cuts the whole,
    with Windows line ends (inside quoted cells too: a note's lines) read as newlines."""
    carry, cr = "", False
    for chunk in chunks:
        if cr:
            chunk = "\r" + chunk
        cr = chunk.endswith("\r")  # its "\n" may open the next chunk
        if cr:
            chunk = chunk[:-1]
        if "\r" in chunk:
            chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
        lines = (carry + chunk).splitlines(keepends=True)
        carry = lines.pop() if lines else ""  # maybe cut short: it goes on in the next chunk
        yield from lines
    yield from (carry + ("\n" if cr else "")).splitlines(keepends=True)


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def guess_delimiter(header_line: str) -> str:
    counts = {d: _count_outside_quotes(header_line, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties go to the comma (first)
    return best if counts[best] else ","


def _after_preamble(chunks: Iterable[str]) -> tuple[Iterator[str], int]:
    """The lines from the header on, and the header's index. LinkedIn's Connections.csv opens
    with "Notes:" and a quoted paragraph, then a blank line; leading blank lines are skipped too."""
    lines = text_lines(chunks)
    index = 0
    line = next(lines, None)
    while line is not None and not line.strip():
        index, line = index + 1, next(lines, None)
    if line is not None and line.strip().lower().startswith("notes:"):
        while line is not None and line.strip():
            index, line = index + 1, next(lines, None)
        while line is not None and not line.strip():
            index, line = index + 1, next(lines, None)
    return (itertools.chain((line,), lines) if line is not None else iter(())), index


def read_table(chunks: str | Callable[[], Iterable[str]], name: str = "file",
               delimiter: str | None = None) -> Table:
    """A CSV's header and delimiter, read from the start of its text (a string, or what
    gives its chunks again: the rows are read from it later, as often as wanted)."""
    if isinstance(chunks, str):
        text = chunks
        chunks = lambda: (text,)  # noqa: E731
    lines, _ = _after_preamble(chunks())
    first = next(lines, None)
    if first is None:
        raise BadFile(f"{name} has no header row")
    delimiter = delimiter or guess_delimiter(first)
    csv.field_size_limit(MAX_LINE_CHARS)
    try:
        header = [h.strip() for h in next(csv.reader(itertools.chain((first,), lines),
                                                     delimiter=delimiter))]
    except csv.Error as exc:
        raise BadFile(f"{name}: not readable as CSV near row 1: {exc}") from None
    if not any(header):
        raise BadFile(f"{name} has an empty header row")
    return Table(header, delimiter, name, chunks)
