"""One-line table cells drawn straight to segments look exactly as Rich's general layout draws them."""

from __future__ import annotations

import itertools

import pytest
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.renderables.styled import Styled

from leadtui.screens.line_cells import one_line


def _cells() -> list[Text]:
    cells = []
    for plain, style, justify in itertools.product(
            ["", "Anna [VIP] :tada:", "日本語のテキスト", "x日y", "trailing   ", "  lead", "⚠ stale", "hot 📌"],
            ["", "bold red", Style(color="cyan")], [None, "left", "right"]):
        cell = Text(plain, style=style, justify=justify, end="", no_wrap=True)
        spanned = cell.copy()
        spanned.stylize("yellow", 0, 3)
        spanned.stylize("italic", 2, 30)
        spanned.append(" ✗ no fit", style="bold magenta")
        cells += [cell, spanned]
    return cells


@pytest.mark.parametrize("width,padding", [(1, 0), (3, 1), (5, 1), (6, 2), (12, 1), (30, 1)])
def test_one_line_cells_match_richs_layout(width, padding):
    app = App()
    console = app.console
    options = app.console_options.update_dimensions(width, 1).update(no_wrap=True)
    styles = [(Style(bgcolor="black", meta={"row": 3, "column": 1}), Style.null()),
              (Style(color="white", bgcolor="blue", bold=True), Style(bgcolor="green")),
              (Style.null(), Style(color="red"))]
    drawn = 0
    for cell, (pre, post) in itertools.product(_cells(), styles):
        mine = one_line(console, cell, width, padding, pre, post)
        if width - 2 * padding <= 0:
            assert mine is None
            continue
        rich = console.render_lines(Styled(Padding(cell, (0, padding)), pre_style=pre, post_style=post), options)
        assert mine == rich, (cell, cell.spans, width, padding, pre, post)
        drawn += 1
    assert drawn or width - 2 * padding <= 0


def test_cells_it_does_not_lay_out_are_left_to_rich():
    console = App().console
    for cell in (Text("two\nlines"), Text("tab\there"), Text("wide", justify="center"),
                 Text("cut…", overflow="ellipsis"), Text("may wrap", no_wrap=False), "markup [b]string[/b]"):
        assert one_line(console, cell, 10, 1, Style(), Style()) is None
