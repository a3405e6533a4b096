"""CSV as spreadsheets and CRMs write it: delimiter, a preamble before the header, ragged rows."""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, field

from leadtui.interop.sniff import MAX_LINE_CHARS, BadFile
from leadtui.safecsv import unneutral

DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)
    delimiter: str
    # Values past the header's last column, by row number: kept in the lead's note.
    beyond: dict[int, list[str]] = field(default_factory=dict)


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


def _skip_preamble(lines: list[str]) -> int:
    """Index of the header line. LinkedIn's Connections.csv opens with "Notes:" and a
    quoted paragraph, then a blank line; leading blank lines are skipped too."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].strip().lower().startswith("notes:"):
        while i < len(lines) and lines[i].strip():
            i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
    return i


def read_table(text: str, name: str = "file", delimiter: str | None = None) -> Table:
    if "\r" in text:  # Windows line ends, inside quoted cells too (a note's lines)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.splitlines(keepends=True)
    start = _skip_preamble(lines)
    if start >= len(lines):
        raise BadFile(f"{name} has no header row")
    delimiter = delimiter or guess_delimiter(lines[start])
    csv.field_size_limit(MAX_LINE_CHARS)
    # The lines themselves, not one StringIO of them: it would hold the whole file again, four
    # bytes a character (a 240 MB file of long notes peaked at 1.7 GB).
    reader = csv.reader(itertools.islice(lines, start, None), delimiter=delimiter)
    number = start + 1  # the header's row number
    try:
        header = [h.strip() for h in next(reader)]
        if not any(header):
            raise BadFile(f"{name} has an empty header row")
        width = len(header)
        rows: list[tuple[int, list[str]]] = []
        beyond: dict[int, list[str]] = {}
        first_long: tuple[int, int] | None = None
        for cells in reader:
            number += 1
            if len(cells) > width:
                extra = [c.strip() for c in cells[width:] if c.strip()]
                cells = cells[:width]  # trailing empty cells a spreadsheet (or Thunderbird) added
                if extra:
                    beyond[number] = extra
                    first_long = first_long or (number, width + len(extra))
            joined = "".join(cells)
            if not joined.strip() and number not in beyond:
                continue  # a blank line
            if "'" in joined:  # rare: only such rows pay for the look at each cell
                cells = [unneutral(cell) for cell in cells]
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))  # Outlook leaves off empty last fields
            rows.append((number, cells))
    except csv.Error as exc:
        raise BadFile(f"{name}: not readable as CSV near row {number + 1}: {exc}") from None
    if not rows:
        raise BadFile(f"{name} has a header row but no data rows")
    if first_long and 2 * len(beyond) > len(rows):  # most rows: the file is not read right
        row, values = first_long
        more = f", as do {len(beyond) - 1} more rows" if len(beyond) > 1 else ""
        raise BadFile(f"{name}: row {row} has {values} values but the header has {width} "
                      f"columns{more} (ragged rows; is the delimiter {DELIMITER_NAMES[delimiter]} "
                      "right?)")
    return Table(header, rows, delimiter, beyond)
