"""What start-up and the first showing of a screen spare: stylesheet passes, footer rebuilds."""

from __future__ import annotations

from textual.app import App

from leadtui.screens.leads import LeadsScreen
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.tui.app import build_app

SIZE = (120, 40)


async def test_a_mode_shown_for_the_first_time_reparses_no_stylesheet(app, world, monkeypatch):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        passes: list[str] = []
        original = App.refresh_css
        monkeypatch.setattr(App, "refresh_css", lambda self, *a, **k: (passes.append("css"), original(self, *a, **k)))
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen) and passes == []
        table = app.screen.query_one("#lead-table")
        assert table.styles.height.value == 1 and table.styles.height.unit.name == "FRACTION"  # app.tcss applies


async def test_a_new_theme_still_restyles_a_mode_screen_made_before_it(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        before = app.screen.styles.background
        app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.styles.background != before


async def test_the_footer_follows_the_keys_in_one_widget(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        assert not footer.children  # the keys are text, not a widget each
        assert "question_mark" in [placed.entry.key for placed in footer.placed()]
        app.set_keymap({"app.quick_add": "n"})  # a key changed: shown at once
        await pilot.pause()
        line = footer.render_line(0).text
        assert " n Add " in line and " a Add " not in line


async def test_the_list_status_redraws_no_rows_while_the_sort_heading_stays(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#lead-table")
        cleared: list[str] = []
        original = table.notify_style_update  # how a heading change makes the table redraw
        table.notify_style_update = lambda: (cleared.append("rows"), original())
        app.screen.update_status()  # called on every page and count that comes in
        assert cleared == []
        await pilot.press("s", "r")  # another sort: its heading changes, the rows are drawn again
        await pilot.pause()
        assert cleared and "Touched ▼" in [str(c.label) for c in table.columns.values()]


async def test_the_lead_list_has_the_focus_from_its_first_frame(app, world, monkeypatch):
    """The filter box (the first focusable widget) never takes the focus on the way: moving
    it to the list after the first paint drew every row a second time."""
    from textual.widgets import Input

    focused: list[str] = []
    original = Input._on_focus

    def on_focus(self, event) -> None:
        focused.append(self.id or "input")
        return original(self, event)

    monkeypatch.setattr(Input, "_on_focus", on_focus)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen) and app.focused is app.screen.query_one("#lead-table")
        assert focused == []
        await pilot.press("slash")  # the filter box still takes it when asked
        await pilot.pause()
        assert focused == ["filter"]


async def test_a_page_of_rows_is_shown_without_measuring_each_cell(app, world, ctx, monkeypatch):
    """The columns have fixed widths: DataTable's measuring of every new cell is skipped."""
    from textual.widgets import _data_table

    from leadtui.leads import writes as leads

    for n in range(30):
        leads.add_lead(ctx, leads.NewLead(f"Lead {n:02d}", company="Acme"))
    measured: list[object] = []
    original = _data_table.measure
    monkeypatch.setattr(_data_table, "measure", lambda *a, **k: (measured.append(a[1]), original(*a, **k))[1])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#lead-table")
        assert table.row_count == 34 and not [m for m in measured if "Lead" in str(m)]  # headings only
        assert table.virtual_size.height == 34 + 1  # the rows and the header still count
        assert "Lead 00" in "\n".join(table.render_line(y).text for y in range(1, 35))


async def test_the_footer_is_compact_under_100_columns(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(KeysFooter).render_line(0).text.startswith(" l Log  g Go to  z Snooze ")
    async with build_app(app.db_path, app.ctx).run_test(size=(80, 24)) as pilot:  # a narrow footer: compact keys
        await pilot.pause()
        assert pilot.app.screen.query_one(KeysFooter).render_line(0).text.startswith("l Log g Go to z Snooze ")
