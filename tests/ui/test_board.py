"""The pipeline board: a column per stage with counts and value; ] and [ move the highlighted lead."""

from __future__ import annotations

import sqlite3

import pytest
from textual.widgets import OptionList

from leadtui.board.pipeline import PAGE_SIZE, column_page, load_board
from leadtui.db.models import Lead
from leadtui.leads import writes as leads
from leadtui.record.lifecycle import stage_after
from leadtui.screens.board import BoardScreen

SIZE = (120, 40)


def test_board_counts_and_values_per_stage(ctx, world):
    leads.update_lead(ctx, world["overdue"], value="12000")
    leads.update_lead(ctx, world["due"], value="3000 USD")  # another currency: not added in
    leads.change_stage(ctx, world["due"], "offer")
    leads.update_lead(ctx, world["stale"], value="5000 NOK")
    board = load_board(ctx)
    by_stage = {c.stage: c for c in board.columns}
    assert (by_stage["interest"].count, by_stage["offer"].count) == (3, 1)
    assert by_stage["interest"].value_cents == 1_200_000 and by_stage["offer"].value_cents == 0
    # Other currencies are summed apart, and shown.
    assert by_stage["interest"].other_values == (("NOK", 500_000),)
    assert by_stage["offer"].other_values == (("USD", 300_000),)
    assert [c.stage for c in board.columns] == ["interest", "contact", "nurture", "offer", "decision", "won", "lost",
                                                "disqualified"]
    assert stage_after("decision", 1) == "won" and stage_after("won", 1) is None
    assert stage_after("interest", -1) is None and stage_after("lost", -1) == "decision"
    assert stage_after("disqualified", 1) is None and stage_after("disqualified", -1) is None


async def _board(app, pilot):
    await pilot.pause()
    await pilot.press("7")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, BoardScreen)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_column_totals_show_deals_in_other_currencies(app, world, ctx, text_of, size):
    leads.update_lead(ctx, world["overdue"], value="12000")
    leads.update_lead(ctx, world["stale"], value="5000 NOK")
    leads.update_lead(ctx, world["inbound"], value="2500 NOK")
    leads.update_lead(ctx, world["due"], value="3000 USD")
    leads.change_stage(ctx, world["due"], "offer")
    async with app.run_test(size=size) as pilot:
        await _board(app, pilot)
        interest = app.screen.query_one("#head-interest")
        assert text_of(interest).split("\n")[1:3] == ["12 000 EUR", "+ 7 500 NOK"]
        assert interest.region.height == 3
        offer = app.screen.query_one("#head-offer")
        assert text_of(offer).split("\n")[1] == "3 000 USD" and offer.region.height == 3  # heads level


async def test_moving_the_highlighted_lead_with_keys(app, world, ctx, text_of):
    leads.update_lead(ctx, world["overdue"], value="12000")
    leads.log_activity(ctx, world["overdue"], "call")  # the highest score: first in its column
    async with app.run_test(size=SIZE) as pilot:
        await _board(app, pilot)
        assert "12 000 EUR" in text_of(app.screen.query_one("#head-interest"))
        assert app.screen.current_lead() == world["overdue"]
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).stage == "contact"
        assert "1 Interest  3" in text_of(app.screen.query_one("#head-interest"))
        assert app.screen.query_one("#col-contact", OptionList).option_count == 1
        assert app.screen.current_lead() == world["overdue"]  # the cursor went with the card
        for key in ("right_square_bracket", "left_square_bracket", "right_square_bracket"):
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).stage == "nurture"
        await pilot.press("u")  # one undo step per move
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).stage == "contact"
        await pilot.press("left", "left")
        assert app.screen.focused.id == "col-interest"


async def test_a_move_starts_from_where_another_process_put_the_lead(app, world, ctx, db_path):
    leads.log_activity(ctx, world["overdue"], "call")  # the highest score: first in Interest
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _board(app, pilot)
        assert app.screen.current_lead() == world["overdue"]
        with sqlite3.connect(db_path) as other:  # the board still shows it in Interest
            other.execute("UPDATE lead SET stage = 'offer' WHERE id = ?", (world["overdue"],))
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).stage == "decision"
        assert app.screen.focused.id == "col-decision" and app.screen.current_lead() == world["overdue"]
        with sqlite3.connect(db_path) as other:
            other.execute("UPDATE lead SET stage = 'won' WHERE id = ?", (world["overdue"],))
        await pilot.press("right_square_bracket")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).stage == "won"
        assert any(n.message == "Already at the end of the pipeline" for n in app._notifications)
        assert app.screen.focused.id == "col-won" and app.screen.current_lead() == world["overdue"]


async def test_enter_opens_the_lead(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _board(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.title and not isinstance(app.screen, BoardScreen)


def _many_offers(ctx, n: int) -> None:
    """n leads in Offer with a spread of scores (written directly: the board only reads them)."""
    now = ctx.now()
    Lead.insert_many([{"name": f"Offer {i:03}", "stage": "offer", "score": i % 17, "created_at": now,
                       "updated_at": now, "last_touched_at": now} for i in range(n)]).execute()


def test_a_column_pages_by_key_through_every_lead(ctx, world):
    _many_offers(ctx, 95)
    seen, after = [], None
    while True:
        page = column_page(ctx, "offer", after, limit=20)
        seen.extend(page.cards)
        if not page.more:
            break
        after = page.cards[-1]
    assert len(seen) == len({c.id for c in seen}) == 95
    assert [(c.score, c.id) for c in seen] == sorted(((c.score, c.id) for c in seen), reverse=True)
    board = load_board(ctx)
    offer = {c.stage: c for c in board.columns}["offer"]
    assert offer.count == 95 and len(offer.cards) == PAGE_SIZE and offer.more


def test_a_column_page_walks_the_board_index(ctx, world):
    from leadtui.db.connection import database

    _many_offers(ctx, 30)
    after = column_page(ctx, "offer", limit=10).cards[-1]
    from leadtui.board.pipeline import page_query

    query = page_query("offer", after, 11)
    sql, params = query.sql()
    plan = " | ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "lead_board" in plan and "TEMP B-TREE" not in plan, plan


async def test_a_long_column_scrolls_through_all_its_leads_page_by_page(app, world, ctx, text_of):
    _many_offers(ctx, 95)
    async with app.run_test(size=(80, 24)) as pilot:
        await _board(app, pilot)
        assert "4 Offer  95" in text_of(app.screen.query_one("#head-offer"))
        for _ in range(3):
            await pilot.press("right")
        column = app.screen.query_one("#col-offer", OptionList)
        assert app.screen.focused is column
        assert column.option_count == PAGE_SIZE  # not every row at once
        await pilot.press("end")
        await pilot.pause()
        assert column.option_count == 2 * PAGE_SIZE
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert column.option_count == 95
        ids = [column.get_option_at_index(i).id for i in range(95)]
        assert len(set(ids)) == 95
        app.refresh_screens()  # a re-read keeps what was scrolled to
        await pilot.pause()
        assert column.option_count == 95 and column.highlighted == 94


async def test_lost_and_disqualified_columns_come_into_view(app, world, ctx, text_of):
    leads.change_stage(ctx, world["due"], "lost")
    leads.change_stage(ctx, world["stale"], "disqualified")
    async with app.run_test(size=(80, 24)) as pilot:
        await _board(app, pilot)
        assert "← →" in app.screen.sub_title  # more columns than fit
        for _ in range(7):
            await pilot.press("right")
        await pilot.pause()
        column = app.screen.query_one("#col-disqualified", OptionList)
        assert app.screen.focused is column
        assert "Disqualified  1" in text_of(app.screen.query_one("#head-disqualified"))
        assert app.screen.current_lead() == world["stale"]
        assert 0 <= column.parent.region.x and column.parent.region.right <= 80  # shown whole
        assert "Lost  1" in text_of(app.screen.query_one("#head-lost"))


async def test_all_eight_columns_fit_a_wide_terminal(app, world):
    async with app.run_test(size=(160, 50)) as pilot:
        await _board(app, pilot)
        assert "← →" not in app.screen.sub_title  # all eight fit
        assert app.screen.query_one("#col-disqualified").parent.region.right <= 160


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
async def test_a_stage_has_one_name_on_the_board_the_list_and_the_lead_page(app, world, ctx, text_of, size):
    leads.change_stage(ctx, world["due"], "nurture")
    async with app.run_test(size=size) as pilot:
        await _board(app, pilot)
        assert text_of(app.screen.query_one("#head-nurture")).startswith("3 Comm.  1")
        await pilot.press("2")  # the lead list: the short form too
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#lead-table")
        cells = {str(cell) for i in range(table.row_count) for cell in table.get_row_at(i)}
        assert ("3 Comm." in cells) == (size[0] > 80)  # at 80 columns the stage column steps aside
        app.open_lead(world["due"])
        await pilot.pause()
        assert "3 Communication" in app.screen.sub_title


async def test_the_lead_lists_stage_column_shows_every_short_form_whole(app, world, ctx):
    from leadtui.kit.vocab import STAGE_SHORT

    leads.change_stage(ctx, world["due"], "disqualified")  # the longest short form
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#lead-table")
        assert str(table.get_row(str(world["due"]))[list(table.columns).index("stage")]) == "Disqualified"
        width = table.columns["stage"].get_render_width(table) - 2 * table.cell_padding
        assert width >= max(len(short) for short in STAGE_SHORT.values())


def test_every_stage_short_form_is_its_name_cut_short():
    from leadtui.kit.vocab import STAGE_SHORT, STAGES, parse_stage

    for key, name in STAGES.items():
        assert name.startswith(STAGE_SHORT[key].removesuffix(".")), (key, name, STAGE_SHORT[key])
    assert parse_stage("comm") == parse_stage("3") == "nurture"
