"""Table columns sized to the terminal: the important ones always, more when it is wide.

DataTable's automatic widths only ever grow (one 500-character name and the list shows
nothing else), so every table here gets fixed widths, recomputed whenever the table is
resized: columns are taken in priority order while they fit, and the flexible ones share
what is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding

from leadtui.kit.fmt import shown
from leadtui.screens.textual_internals import OneLineCellsTable

CELL_PADDING = 2  # DataTable's cell_padding on both sides


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    width: int  # the least it needs
    priority: int = 0  # lower shows first; a column is dropped before any of lower priority
    grow: int = 0  # share of the spare width it takes (0: fixed)
    cap: int = 0  # the most it takes when growing (0: no limit)
    ellipsis: bool = True  # text cut to the width ends in "…" (it says it goes on); False crops it


def fit_columns(columns: tuple[Col, ...], available: int) -> list[tuple[Col, int]]:
    """The columns that fit in `available` cells, in their own order, with their widths.

    Columns of one priority show together or not at all (the two sides of a pair).
    """
    chosen: list[Col] = []
    used = 0
    for priority in sorted({c.priority for c in columns}):
        group = [c for c in columns if c.priority == priority]
        need = sum(col.width + CELL_PADDING for col in group)
        if chosen and used + need > available:
            break  # predictable: never a less important column in place of a more important one
        chosen.extend(group)
        used += need
    widths = {col.key: col.width for col in chosen}
    spare = max(available - used, 0)
    growing = [c for c in chosen if c.grow]
    while spare > 0 and growing:
        total = sum(c.grow for c in growing)
        handed = 0
        for col in growing:
            extra = max(spare * col.grow // total, 1)
            if col.cap:
                extra = min(extra, col.cap - widths[col.key])
            extra = min(extra, spare - handed)
            widths[col.key] += extra
            handed += extra
        spare -= handed
        growing = [c for c in growing if not c.cap or widths[c.key] < c.cap]
        if handed == 0:
            break
    return [(col, widths[col.key]) for col in columns if col in chosen]


def ellipsized(cell, width: int):
    """A text cell longer than `width` cells cut to it with "…" as its last cell."""
    if not isinstance(cell, Text) or cell.cell_len <= width or width < 1:
        return cell
    cut = cell.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


def plain(cell):
    """A text cell shown as written.

    DataTable reads a str cell as markup: "Anna [VIP]" would lose "[VIP]" and ":tada:" become an
    emoji (and reading the first one loads rich's emoji table, 1.4 MB).
    """
    return Text(shown(cell, one_line=True), end="", no_wrap=True) if isinstance(cell, str) else cell


class FittedTable(OneLineCellsTable):
    """A DataTable whose columns are `Col`s fitted to its width; rows are dicts by column key.

    Home and End move the cursor to the first and last row (DataTable's own only scroll sideways).
    """

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, columns: tuple[Col, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.all_columns = columns
        self.shown_keys: list[str] = []
        self.widths: dict[str, int] = {}  # column key -> its width as fitted
        self._rows_data: list[tuple[str, dict]] = []
        self._drawn: list | None = None  # what the rows now in the table show (see _looks)
        self._fitted_for = -1
        self.headings: dict[str, str] = {}  # column key -> heading replacing the column's label

    def on_mount(self) -> None:
        self._fit(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_for:
            self._fit(event.size.width)
            self.set_rows(self._rows_data)

    def _fit(self, width: int) -> None:
        self._fitted_for = width
        # Leave room for the vertical scrollbar so a long list does not push the last column out.
        fitted = fit_columns(self.all_columns, max(width - 2, 10))
        self.clear(columns=True)
        self.shown_keys = [col.key for col, _ in fitted]
        self.widths = {col.key: col_width for col, col_width in fitted if col.ellipsis}
        for col, col_width in fitted:
            self.add_column(Text(self.headings.get(col.key, col.label)), width=col_width, key=col.key)

    def set_columns(self, columns: tuple[Col, ...]) -> None:
        """Show another set of columns (the rows are set again after it)."""
        if columns == self.all_columns:
            return
        self.all_columns = columns
        self._fit(self.size.width or self.app.size.width)

    def set_headings(self, headings: dict[str, str]) -> None:
        """Replace some columns' headings (e.g. to mark the active sort)."""
        if headings == self.headings:
            return  # the list calls this on every page: redrawing every row for nothing is costly
        self.headings = headings
        for col in self.all_columns:
            if col.key in self.columns:
                self.columns[col.key].label = Text(headings.get(col.key, col.label))
        self.notify_style_update()  # forgets the drawn header (and cells) and redraws

    def clear(self, columns: bool = False):
        self._drawn = None
        return super().clear(columns)

    def set_rows(self, rows: list[tuple[str, dict]], cursor: int | None = None) -> None:
        """Replace every row: (row key, {column key: cell}); the cursor stays on its row number.

        Rows that look exactly like the ones shown (typing on in the filter often finds the
        same leads) leave the table as it is: only the cursor moves.
        """
        keep = self.cursor_row if cursor is None else cursor
        self._rows_data = rows
        cells = [(key, [self._cell(k, row.get(k, "")) for k in self.shown_keys]) for key, row in rows]
        drawn = [(key, [_looks(cell) for cell in row]) for key, row in cells]
        if drawn != self._drawn:
            self.clear()
            for key, row in cells:
                self.add_row(*row, key=key)
            self._drawn = drawn
        if rows:
            self.move_cursor(row=max(0, min(keep, len(rows) - 1)))

    def _cell(self, key: str, cell):
        cell = plain(cell)
        return ellipsized(cell, self.widths[key]) if key in self.widths else cell


def _looks(cell) -> tuple:
    """What decides how a cell is drawn; a renderable other than Text never equals another."""
    if isinstance(cell, Text):
        return (cell.plain, str(cell.style), tuple(cell.spans), cell.justify, cell.overflow,
                cell.no_wrap, cell.end)
    return (object(),)
