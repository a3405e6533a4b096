"""Every screen at 80×24, 120×40 and 200×60: what matters is on screen, wide terminals show more."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Label

from leadtui.db.models import Lead
from leadtui.leads import writes as leads
from leadtui.scoring import rules
from leadtui.screens.dialogs import ConfirmDialog
from leadtui.screens.help import HelpDialog
from leadtui.screens.quick_add import QuickAddDialog
from leadtui.screens.rules import RuleDialog
from leadtui.screens.templates import TemplateDialog
from leadtui.screens.widgets.footer import KeysFooter

SMALL, MEDIUM, LARGE = (80, 24), (120, 40), (200, 60)


def _on_screen(widget) -> bool:
    """Drawn, and not clipped away by the dialog or screen it is in."""
    region = widget.region
    if not region.height or not region.width:
        return False
    container = widget.screen.query_one(".dialog") if widget.screen.query(".dialog") else widget.screen
    return container.region.contains_region(region) and widget.screen.region.contains_region(region)


async def test_quick_add_duplicate_warning_and_error_visible_at_80x24(app, world):
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Aino V", "tab", "tab", *"aino@lumo.fi")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, QuickAddDialog)
        assert "Possible duplicate" in str(dialog.query_one("#duplicates").render())
        assert _on_screen(dialog.query_one("#duplicates"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # the first Enter only warns
        assert "likely duplicate" in str(dialog.query_one("#error").render())
        assert _on_screen(dialog.query_one("#error"))
        for key in ("note", "next"):
            assert _on_screen(dialog.query_one(f"#qa-{key}"))
        assert _on_screen(dialog.query_one("#qa-prospect"))
    assert Lead.select().where(Lead.email == "aino@lumo.fi").count() == 1


async def test_edit_dialog_scrolls_to_the_focused_field_at_80x24(app, world):
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # the second row: Enter on the first is focus mode
        await pilot.pause()  # the page has read its lead: its keys wait for it
        await pilot.press("e")
        await pilot.pause()
        for _ in range(40):  # down to the tags
            await pilot.press("tab")
            if app.screen.focused.id == "f-tags":
                break
        await pilot.pause()
        focused = app.screen.focused
        assert focused.id == "f-tags"
        assert _on_screen(focused)


def _shown(app) -> list[str]:
    return list(app.screen.query_one(DataTable).shown_keys)


@pytest.mark.parametrize("size", [SMALL, MEDIUM, LARGE])
async def test_today_columns_fit_the_terminal(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = _shown(app)
        assert {"section", "name", "why", "what"} <= set(shown)
        table = app.screen.query_one(DataTable)
        assert sum(col.get_render_width(table) for col in table.columns.values()) <= table.size.width
        if size == LARGE:
            assert {"company", "email", "phone", "owner"} <= set(shown)


@pytest.mark.parametrize("size", [SMALL, MEDIUM, LARGE])
async def test_lead_list_columns_fit_the_terminal(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        shown = _shown(app)
        assert {"name", "touched", "next", "marker"} <= set(shown)
        table = app.screen.query_one(DataTable)
        assert sum(col.get_render_width(table) for col in table.columns.values()) <= table.size.width
        if size == LARGE:
            assert {"email", "phone", "owner"} <= set(shown)
            row = table.get_row(str(world["overdue"]))
            assert "aino@lumo.fi" in [str(cell) for cell in row]


async def test_columns_shrink_back_after_a_very_long_name(app, world, ctx):
    leads.add_lead(ctx, leads.NewLead("X" * 500, company="Long Oy"))
    async with app.run_test(size=MEDIUM) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert {"touched", "next", "stage"} <= set(table.shown_keys)
        assert table.columns["name"].get_render_width(table) <= 42


async def test_lead_detail_stacks_its_columns_when_narrow(app, world):
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#detail-left").region.width >= 76
        assert app.screen.query_one("#detail-right").region.width >= 76


def _footer(app) -> tuple[list[str], str]:
    """The keys the footer draws (whole, the palette's last) and its line as shown."""
    footer = app.screen.query_one(KeysFooter)
    line = footer.render_line(0).text
    return [placed.entry.key for placed in footer.placed()], line


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("keys", [[], ["2"], ["down", "enter"], ["f"], ["3"], ["4"], ["5"]])
async def test_footer_fits(app, world, width, keys):
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()
        shown, line = _footer(app)
        assert "question_mark" in shown and shown[-1] == "ctrl+p"
        assert "? Keys" in line and line.rstrip().endswith("^p palette")


@pytest.mark.parametrize("width", [80, 120])
async def test_the_import_screens_footer_fits_once_a_file_is_read(app, world, tmp_path, width,
                                                                   monkeypatch):
    (tmp_path / "contacts.csv").write_text("Name,Email\nJane Doe,jane@example.com\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a path relative to where leadtui runs: fewer keys to press
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        await pilot.press("I", *"contacts.csv", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown, line = _footer(app)
        assert {"d", "i", "question_mark"} <= set(shown) and shown[-1] == "ctrl+p"
        assert "? Keys" in line and line.rstrip().endswith("^p palette")


@pytest.mark.parametrize("keys", [[], ["2"]])
async def test_help_lists_enter(app, world, keys):
    async with app.run_test(size=MEDIUM) as pilot:
        await pilot.pause()
        await pilot.press(*keys, "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        assert any(k.lower() == "enter" and d.startswith("Open the lead") for k, d in app.screen.bindings)


async def test_sort_goes_both_ways_and_the_column_shows_it(app, world):
    async with app.run_test(size=MEDIUM) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.columns["touched"].label) == "Touched ▲"
        await pilot.press("s", "r")  # sort by: most recently touched
        await pilot.pause()
        assert str(table.columns["touched"].label) == "Touched ▼"
        await pilot.press("s", "n")
        await pilot.pause()
        assert str(table.columns["name"].label) == "Name ▲"
        assert str(table.columns["touched"].label) == "Touched"
        await pilot.press("S", "S")
        await pilot.pause()
        assert app.screen.sort == "touched"
        await pilot.press("S")
        await pilot.pause()
        assert app.screen.sort == "created"


async def test_r_rereads_the_lead_list(app, world, ctx):
    async with app.run_test(size=MEDIUM) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        leads.add_lead(ctx, leads.NewLead("Written Elsewhere"))
        await pilot.press("r")
        await pilot.pause()
        names = [str(app.screen.query_one(DataTable).get_row_at(i)[0])
                 for i in range(app.screen.query_one(DataTable).row_count)]
        assert "Written Elsewhere" in names


def _cut_lines(dialog) -> list[str]:
    """The dialog's lines of text wider than the dialog: what it cuts off at its edge."""
    return [str(label.render()) for label in dialog.query(Label)
            if label.outer_size.width > label.parent.content_size.width]


@pytest.mark.parametrize("size", [SMALL, MEDIUM])
async def test_dialog_lines_wrap_instead_of_being_cut(app, world, ctx, size, text_of):
    leads.log_activity(ctx, world["due"], "call")
    async with app.run_test(size=size) as pilot:
        await pilot.press("4", "n")  # a new scoring rule: the kinds and fields it may name
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RuleDialog) and not _cut_lines(dialog)
        kinds = " ".join(text_of(label) for label in dialog.query(Label))
        last_field = f"{rules.RULE_FIELDS[-1]}) equals value"  # the end of the longest line
        assert "social, event" in kinds and last_field in " ".join(kinds.split())
        await pilot.press("escape", "1")
        await pilot.pause()
        app.open_lead(world["due"])
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and not _cut_lines(app.screen)
        question = " ".join(text_of(app.screen.query_one(".dialog-title")).split())
        assert question == "Delete Lars Nielsen with 1 activity and 1 follow-up? (u undoes it)"


@pytest.mark.parametrize("size", [SMALL, MEDIUM])
async def test_the_template_editor_names_each_field_beside_it(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.press("5", "e")  # a template already filled in: no placeholder says what is what
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TemplateDialog)
        for name, field in (("Name", "#t-name"), ("Channel", "#t-channel"), ("Subject", "#t-subject")):
            label = next(label for label in dialog.query(Label) if str(label.render()) == name)
            box = dialog.query_one(field).region
            assert _on_screen(label) and box.y <= label.region.y < box.bottom
            assert label.region.right <= box.x


@pytest.mark.parametrize("size", [SMALL, MEDIUM])
async def test_todays_rows_reach_the_footer(app, world, size):
    """No blank lines under Today's rows: the empty-agenda message takes room only when shown."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#today-table", DataTable)
        assert table.row_count == 4
        assert table.region.bottom == app.screen.query_one(KeysFooter).region.y


async def test_an_empty_today_says_so(app, ctx):
    for lead in Lead.select():
        leads.set_archived(ctx, lead.id)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        empty = app.screen.query_one("#today-empty")
        assert "Nothing due, nothing stale" in str(empty.render()) and _on_screen(empty)
