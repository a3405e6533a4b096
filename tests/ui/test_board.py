"""The pipeline board: a column per stage with counts and value; ] and [ move the highlighted lead."""

from __future__ import annotations

from textual.widgets import OptionList

from leadtui import leads
from leadtui.board.pipeline import load_board, neighbour_stage
from leadtui.db.models import Lead
from leadtui.screens.board import BoardScreen

SIZE = (120, 40)


def test_board_counts_and_values_per_stage(ctx, world):
    leads.update_lead(ctx, world["overdue"], value="12000")
    leads.update_lead(ctx, world["due"], value="3000 USD")  # another currency: not added in
    leads.change_stage(ctx, world["due"], "offer")
    board = load_board(ctx)
    by_stage = {c.stage: c for c in board.columns}
    assert (by_stage["interest"].count, by_stage["offer"].count) == (3, 1)
    assert by_stage["interest"].value_cents == 1_200_000 and by_stage["offer"].value_cents == 0
    assert [c.stage for c in board.columns] == ["interest", "contact", "nurture", "offer", "decision", "won", "lost"]
    assert neighbour_stage("decision", 1) == "won" and neighbour_stage("won", 1) is None
    assert neighbour_stage("interest", -1) is None and neighbour_stage("lost", -1) == "decision"


async def _board(app, pilot):
    await pilot.pause()
    await pilot.press("7")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, BoardScreen)


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


async def test_enter_opens_the_lead(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _board(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.title and not isinstance(app.screen, BoardScreen)
