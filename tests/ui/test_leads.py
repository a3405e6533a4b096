"""The lead list: filter as you type, sort, prospects/leads toggle, paging."""

from __future__ import annotations

from textual.widgets import DataTable

from leadtui import leads
from leadtui.db.connection import database
from leadtui.db.models import Lead
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.leads import PAGE_SIZE, LeadsScreen

SIZE = (120, 40)


def _names(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _leads_screen(pilot, app):
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(app.screen, LeadsScreen)


async def test_filter_narrows_as_you_type(app, world, ctx):
    leads.log_activity(ctx, world["due"], "note", "wants the enterprise plan")
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        assert len(_names(app)) == 4
        await pilot.press("slash", "l", "l")
        await pilot.pause()
        assert _names(app) == ["Olga Ivanova"]  # Sever LLC
        await pilot.press("backspace", "u")
        await pilot.pause()
        assert _names(app) == ["Aino Virtanen"]  # Lumo Oy
        await pilot.press("escape")
        await pilot.pause()
        assert len(_names(app)) == 4
        await pilot.press("slash", *"enterprise")  # words from notes are searched too
        await pilot.pause()
        assert _names(app) == ["Lars Nielsen"]


async def test_query_language_in_the_filter_box(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("slash", *"nobodyhere")
        await pilot.pause()
        assert "no leads match" in text_of(app.screen.query_one("#lead-status"))
        await pilot.press("escape")
        await pilot.press("slash", *"source:referral")
        await pilot.pause()
        assert _names(app) == ["Lars Nielsen"]
        await pilot.press(*" stag:1")
        await pilot.pause()
        assert "did you mean stage" in text_of(app.screen.query_one("#lead-status"))


async def test_prospect_toggle_and_sort(app, world, ctx):
    leads.add_lead(ctx, leads.NewLead("Pia Prospect", kind="prospect"))
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("p")
        await pilot.pause()
        assert _names(app) == ["Pia Prospect"]
        await pilot.press("p")
        await pilot.pause()
        assert "Pia Prospect" not in _names(app) and len(_names(app)) == 4
        await pilot.press("p", "s", "s")  # all kinds; sort by name
        await pilot.pause()
        assert app.screen.sort == "name"
        assert _names(app) == sorted(_names(app), key=str.lower)


async def test_enter_opens_the_lead(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)


async def test_pages_instead_of_loading_everything(app, world, ctx):
    now = ctx.now()
    rows = [{"name": f"Bulk {i:04d}", "created_at": now, "updated_at": now, "last_touched_at": now}
            for i in range(PAGE_SIZE * 2 + 10)]
    with database.atomic():
        Lead.insert_many(rows).execute()
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        table = app.screen.query_one(DataTable)
        assert table.row_count == PAGE_SIZE
        await pilot.press("end", "down")  # past the last row loads the next page
        await pilot.pause()
        assert app.screen.page_offset == PAGE_SIZE
        assert table.cursor_row == 0
        await pilot.press("end", "pagedown")  # the last page holds the rest
        await pilot.pause()
        assert table.row_count == 14
        await pilot.press("home", "up")
        await pilot.pause()
        assert (app.screen.page_offset, table.cursor_row) == (PAGE_SIZE, PAGE_SIZE - 1)


async def test_prospect_that_no_longer_fits_is_marked(app, world, ctx):
    from leadtui import icp
    from leadtui.rescore import rescore_all

    icp.save_profile(icp.Profile(age=(30, 40)))
    leads.add_lead(ctx, leads.NewLead("Young Prospect", kind="prospect", extra={"age": 25}))
    leads.add_lead(ctx, leads.NewLead("Fit Prospect", kind="prospect", extra={"age": 35}))
    rescore_all(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        table = app.screen.query_one(DataTable)
        markers = {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[-1]) for i in range(table.row_count)}
        assert markers["Young Prospect"] == "✗ no fit"
        assert markers["Fit Prospect"] == ""
