"""A whole table drawn with one-line cells straight to segments looks as DataTable draws it
(cursor, zebra stripes, focus, cut and justified cells, those left to Rich)."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from leadtui.screens.widgets.columns import Col, FittedTable

COLUMNS = (
    Col("name", "Name", 12, 0, grow=3, cap=30),
    Col("company", "Company", 8, 1, grow=2, cap=16),
    Col("score", "Score", 5, 2),
    Col("temp", "Temp", 6, 3),
    Col("note", "Note", 10, 4, grow=1, cap=20),
)
CELLS = [
    "Aino Virtanen", "", " ", "trailing  ", "  leading", "Anna [VIP] :tada:", "x" * 80,
    "漢字テスト漢字テスト漢字", "Ольга Морозова", "Zoë Åström", "e\u0301clair", "📌 pinned 📌📌📌📌📌📌",
    Text("hot", style="bold red"), Text("42", justify="right"), Text("12345678", justify="right"),
    Text("  7 ", justify="right"), Text("left", justify="left"), Text("cut here please", overflow="ellipsis"),
    Text("cropped text that is long", overflow="crop"), Text.assemble(("⚠ stale", "bold magenta"), " ✗"),
    Text("dim", style="dim", end="\n"), Text("two\nlines"), Text("a\ttab"), Text("centred", justify="center"),
    Text("wraps if it may", no_wrap=False), Text("full", justify="full"), Text("ign", overflow="ignore"),
]


class Tables(App):
    def compose(self) -> ComposeResult:
        yield FittedTable(COLUMNS, id="table", cursor_type="row", zebra_stripes=True)


def _rows() -> list[tuple[str, dict]]:
    keys = [c.key for c in COLUMNS]
    return [(f"r{i}", {key: CELLS[(i + j * 7) % len(CELLS)] for j, key in enumerate(keys)})
            for i in range(len(CELLS))]


def _drawn(table: FittedTable) -> list[list]:
    table._clear_caches()
    return [list(table.render_line(y)) for y in range(table.size.height)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (44, 30)])
async def test_cells_are_drawn_as_datatable_draws_them(monkeypatch, size):
    app = Tables()
    async with app.run_test(size=size) as pilot:
        table = app.query_one(FittedTable)
        table.set_rows(_rows(), cursor=3)
        table.focus()
        await pilot.pause()
        for cursor in (3, 0, 12):  # 12 holds coloured text: the cursor colour wins over it
            table.move_cursor(row=cursor)
            await pilot.pause()
            fast = _drawn(table)
            with monkeypatch.context() as patch:
                patch.setattr(FittedTable, "_render_cell", DataTable._render_cell)
                general = _drawn(table)
            assert fast == general
            assert "Aino Virtanen" in "".join(s.text for line in fast for s in line)
        table.blur()
        await pilot.pause()
        fast = _drawn(table)
        monkeypatch.setattr(FittedTable, "_render_cell", DataTable._render_cell)
        assert fast == _drawn(table)
