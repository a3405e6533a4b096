"""Every use of Textual's private internals, in one place, each where no public API does the job.

Textual is bounded to the major the tests run on (pyproject.toml, constraints.txt); within a
major, private names may still change. tests/ui/test_textual_internals.py checks each name
listed in PRIVATE_NAMES, so an upgrade that drops one fails there, by name, instead of as a
wrong screen somewhere. Nothing outside this module names a private Textual attribute.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.style import Style
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import Worker

from leadtui.screens.line_cells import one_line

# Which private names of which Textual class this module relies on (the test reads this).
PRIVATE_NAMES: dict[type, tuple[str, ...]] = {
    DataTable: ("_update_dimensions", "_render_cell", "_header_row_key", "_row_locations",
                "_column_locations", "_show_hover_cursor", "_update_count",
                "_pseudo_class_state", "_cell_render_cache", "_get_row_renderables",
                "_get_styles_to_render_cell"),
    App: ("_css_update_count", "_screen_stacks", "_driver", "_notifications", "_unnotify"),
    Screen: ("_css_update_count",),
    DOMNode: ("_bindings", "_merged_bindings"),
    Worker: ("_thread_worker",),
}


class OneLineCellsTable(DataTable):
    """A DataTable of fixed-width columns and one-line rows, drawn faster.

    DataTable has no public hook for how a cell is measured or drawn, and both cost most of
    the time a page of rows takes to show.
    """

    def _update_dimensions(self, new_rows) -> None:
        # DataTable measures every cell of every new row to size auto-width columns; these
        # columns have fixed widths and the rows one line each, so that work (a third of the
        # time a page of rows takes to show) changes nothing.
        super()._update_dimensions(())

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False):
        # DataTable's own, but a one-line Text cell is drawn by `one_line` (the same segments in
        # a fraction of the time): every new page redraws every visible cell.
        header = row_index == -1
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        cache_key = (row_key, self._column_locations.get_key(column_index), base_style, cursor,
                     hover, self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        lines = self._cell_render_cache.get(cache_key)
        if lines is None and self._one_line_cell(header, row_key, row_index, column_index):
            cell = self._get_row_renderables(row_index).cells[column_index]
            component_style, post_style = self._get_styles_to_render_cell(
                header, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
                self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
            pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
            lines = one_line(self.app.console, cell, width, self.cell_padding,
                             pre_style + component_style, post_style)
            if lines is not None:
                self._cell_render_cache[cache_key] = lines
        return lines if lines is not None else super()._render_cell(
            row_index, column_index, base_style, width, cursor, hover)

    def _one_line_cell(self, header: bool, row_key, row_index: int, column_index: int) -> bool:
        """A plain cell (no label, nothing fixed) of a one-line row, with Rich's default layout."""
        if column_index < 0 or (not header and (row_index < self.fixed_rows
                                                or column_index < self.fixed_columns)):
            return False
        options = self.app.console_options
        height = self.header_height if header else self.rows[row_key].height
        return height == 1 and options.justify is None and options.overflow is None


def mark_styled(screen: Screen, app: App) -> None:
    """Tell Textual the screen is styled by the stylesheet as it is now, so it is not restyled
    when first shown (no public way: Textual compares these private counters)."""
    screen._css_update_count = app._css_update_count


def all_screens(app: App) -> Iterator[Screen]:
    """Every screen of every mode's stack (the public screen_stack is the current mode's only)."""
    for stack in app._screen_stacks.values():
        yield from stack


def modes_made(app: App) -> list[str]:
    """The modes whose screens have been made so far."""
    return list(app._screen_stacks)


def bindings_of_node(node: DOMNode) -> Iterable[tuple[str, Binding]]:
    """A node's own bindings as (key, binding), the keymap applied. `active_bindings` leaves
    out those a focused widget shadows (Enter on a table), which a help screen still lists."""
    return node._bindings


def class_bindings(cls: type[DOMNode]) -> Iterable[tuple[str, Binding]]:
    """The bindings a node class has with its bases', as (key, binding), before any keymap."""
    return cls._merged_bindings


def is_thread_worker(worker: Worker) -> bool:
    return worker._thread_worker


def take_down_notifications(app: App, title: str) -> None:
    """Remove the notifications with this title before their timeout: Textual can only clear
    them all, which would take the others down too."""
    for notification in [n for n in app._notifications if n.title == title]:
        app._unnotify(notification)


def write_to_terminal(app: App, text: str) -> None:
    """Send escape sequences (OSC 9 / 777 notifications) to the terminal, as `App.bell` sends
    BEL: Textual has no public way to write to the terminal; a headless app writes nothing."""
    if not app.is_headless and app._driver is not None:
        app._driver.write(text)
