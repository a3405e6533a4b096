"""A prospect that stops fitting the profile leaves Today and the list, `fits:no` finds it, and
it comes back when it fits again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable

from leadtui.leads import writes as leads
from leadtui.scoring import icp, rescore
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.today import TodayScreen

PROFILE = icp.Profile(industries=["saas"], locations=["Helsinki"])


@pytest.fixture
def off(ctx, world):
    """Pia, a prospect in retail with an overdue follow-up: off a profile of saas in Helsinki."""
    now = ctx.now()
    lead_id = leads.add_lead(ctx, leads.NewLead(
        "Pia Prospect", kind="prospect", industry="retail", location="Helsinki",
        next_at=now - timedelta(days=1)), force=True).id
    icp.save_profile(PROFILE, ctx)
    rescore.rescore_all(ctx)
    return lead_id


def _names(screen) -> list[str]:
    table = screen.query_one(DataTable)
    column = list(table.columns).index("name")
    return [str(table.get_cell_at((row, column))) for row in range(table.row_count)]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_off_profile_prospect_leaves_today_and_the_list_fits_no_finds_it_and_it_comes_back(
        app, world, ctx, off, text_of, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen) and "Pia Prospect" not in _names(today)
        assert "1 off profile" in text_of(today.query_one("#today-counts"))
        await pilot.press("2")
        await pilot.pause()
        listing = app.screen
        assert isinstance(listing, LeadsScreen) and "Pia Prospect" not in _names(listing)
        assert "1 off profile (kind:prospect fits:no)" in text_of(listing.query_one("#lead-status"))
        await pilot.press("slash", *"fits:no")
        await pilot.pause()
        assert "Pia Prospect" in _names(listing)
        assert "off profile" not in text_of(listing.query_one("#lead-status"))
        await pilot.press("escape")  # the filter cleared: hidden again
        await pilot.pause()
        assert "Pia Prospect" not in _names(listing)

        leads.update_lead(ctx, off, industry="saas")  # her own fields change: she fits
        await pilot.press("r")
        await pilot.pause()
        assert "Pia Prospect" in _names(listing)
        assert "off profile" not in text_of(listing.query_one("#lead-status"))
        await pilot.press("1")
        await pilot.pause()
        assert "Pia Prospect" in _names(app.screen)
        assert "off profile" not in text_of(app.screen.query_one("#today-counts"))


async def test_a_profile_change_brings_her_back_to_today(app, world, ctx, off, text_of):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Pia Prospect" not in _names(app.screen)
        icp.save_profile(icp.Profile(industries=["saas", "retail"], locations=["Helsinki"]), ctx)
        rescore.rescore_all(ctx)
        await pilot.press("r")
        await pilot.pause()
        assert "Pia Prospect" in _names(app.screen)


async def test_her_page_says_where_she_went(app, world, ctx, off, text_of):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_lead(off)
        await pilot.pause()
        fields = " ".join(text_of(app.screen.query_one("#detail-fields")).split())
        assert "Profile fit 1/2 ✗ failed: industry off Today, the list and the board (fits:no lists it)" in fields
        app.open_lead(world["due"])  # a lead that showed interest: never hidden, nothing said
        await pilot.pause()
        assert "off Today" not in text_of(app.screen.query_one("#detail-fields"))


async def test_widening_the_profile_on_its_screen_brings_her_back(app, world, ctx, off, text_of):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Pia Prospect" not in _names(app.screen)
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-industries").focus()
        await pilot.press("end", *", retail")  # saas, retail
        await pilot.press("ctrl+s")  # saved, every lead rescored in the background
        await pilot.pause()
        await pilot.press("escape")  # back to Today
        await pilot.pause()
        assert "Pia Prospect" in _names(app.screen)
        assert "off profile" not in text_of(app.screen.query_one("#today-counts"))


def _drawn(widget) -> str:
    """The line a one-line widget draws, as wide as it is on screen."""
    from textual.geometry import Region

    (line,) = widget.render_lines(Region(0, 0, widget.outer_size.width, 1))
    return line.text


async def test_at_80_columns_the_lists_status_keeps_the_hint_whole_and_marks_what_it_cuts(
        app, world, off):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        status = _drawn(app.screen.query_one("#lead-status")).strip()
        assert "1 off profile (kind:prospect fits:no)" in status
        assert status.endswith("…"), status  # the sort's words run past the edge: cut, and said so


def test_the_board_leaves_her_off_counts_her_and_shows_her_when_asked(ctx, world, off):
    from leadtui.board.pipeline import column_page, load_board

    leads.update_lead(ctx, off, value="1000")
    leads.update_lead(ctx, world["overdue"], value="500")
    interest = {c.stage: c for c in load_board(ctx).columns}["interest"]
    assert off not in [card.id for card in interest.cards]
    assert (interest.count, interest.value_cents) == (4, 50_000) and load_board(ctx).off_profile == 1
    board = load_board(ctx, off_profile=True)
    interest = {c.stage: c for c in board.columns}["interest"]
    assert off in [card.id for card in interest.cards] and board.off_profile == 1
    assert (interest.count, interest.value_cents) == (5, 150_000)
    assert off not in [card.id for card in column_page(ctx, "interest").cards]
    assert off in [card.id for card in column_page(ctx, "interest", off_profile=True).cards]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_o_on_the_board_shows_and_hides_the_prospects_off_the_profile(app, world, ctx, off, text_of, size):
    from textual.widgets import OptionList

    from leadtui.screens.board import BoardScreen

    def interest_ids() -> list[str]:
        column = app.screen.query_one("#col-interest", OptionList)
        return [column.get_option_at_index(i).id for i in range(column.option_count)]

    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert str(off) not in interest_ids() and "Interest  4" in text_of(board.query_one("#head-interest"))
        assert board.sub_title.startswith("4 leads · 1 off profile (o shows them)")
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(off) in interest_ids() and "Interest  5" in text_of(board.query_one("#head-interest"))
        assert board.sub_title.startswith("5 leads · 1 of them off profile (o leaves them off)")
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(off) not in interest_ids() and "1 off profile" in board.sub_title


def test_the_board_leaving_her_off_still_walks_its_index(ctx, world, off):
    from leadtui.board.pipeline import _left_off, column_page, page_query
    from leadtui.db.connection import database

    after = column_page(ctx, "interest", limit=2).cards[-1]
    sql, params = page_query("interest", after, 11, _left_off(False)).sql()
    plan = " | ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "lead_board" in plan and "TEMP B-TREE" not in plan, plan
