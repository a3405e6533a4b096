"""Fewer keys in the daily loop: kinds, stages and sorts by letter, sections by bracket."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable

from leadtui.db.models import Activity, FollowUp, Lead
from leadtui.screens.board import BoardScreen
from leadtui.screens.dialogs import ChoiceDialog, LogActivityDialog
from leadtui.screens.today import TodayScreen

SIZE = (120, 40)


async def test_c_then_enter_logs_a_call_with_the_next_follow_up_by_temperature(app, world, ctx):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")  # Aino, overdue and cold
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, LogActivityDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert [a.kind for a in Activity.select().where(Activity.lead == world["overdue"])] == ["call"]
    (next_one,) = FollowUp.select().where(FollowUp.lead == world["overdue"], FollowUp.done_at.is_null())
    assert next_one.due_at == (ctx.now() + timedelta(days=14)).replace(hour=9, minute=0)


async def test_the_log_dialogs_kind_by_its_letter(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "l", *"lunch", "tab", "tab", "tab")
        await pilot.pause()
        assert app.screen.focused.id == "kind"
        await pilot.press("m")  # meeting
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    activity = Activity.get(Activity.lead == world["overdue"])
    assert (activity.kind, activity.body) == ("meeting", "lunch")


async def test_brackets_jump_between_sections(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        order = [screen.current().section]
        for _ in range(4):
            await pilot.press("right_square_bracket")
            order.append(screen.current().section)
        assert order == ["inbound", "overdue", "due", "stale", "inbound"]
        await pilot.press("left_square_bracket")
        assert screen.current().section == "stale"
        await pilot.press("o", "home", "right_square_bracket")  # grouped: the next section's first row
        assert screen.current().section == "due" and screen.query_one(DataTable).cursor_row == 1


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_g_then_a_sections_initial_goes_to_it(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        for initial, section in (("s", "stale"), ("o", "overdue"), ("i", "inbound"), ("d", "due")):
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, ChoiceDialog)
            shown = app.screen.shown  # each section with its initial and its count
            assert shown == ["o  Overdue (1)", "d  Due today (1)", "s  Stale (1)", "i  New inbound (1)"]
            await pilot.press(initial)
            await pilot.pause()
            assert app.screen is screen and screen.current().section == section
        # Today's own keys are untouched: o still changes the order, d still marks done
        await pilot.press("o", "g", "d")  # grouped: Lars (due) is the second row
        await pilot.pause()
        assert screen.grouped and screen.query_one(DataTable).cursor_row == 1
        await pilot.press("g", "escape")
        await pilot.pause()
        assert app.screen is screen and screen.current().section == "due"


async def test_the_stage_dialog_takes_w_l_x(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino's page
        await pilot.pause()  # the page has read its lead: its keys wait for it
        await pilot.press("g")  # the stage dialog
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("w")
        await pilot.pause()
    assert Lead.get_by_id(world["overdue"]).stage == "won"


async def test_the_board_moves_a_card_by_its_digit_or_letter(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("7")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        lead_id = app.screen.current_lead()
        await pilot.press("m", "4")
        await pilot.pause()
        assert Lead.get_by_id(lead_id).stage == "offer"
        assert app.screen.current_lead() == lead_id  # the cursor went with it
        await pilot.press("m", "x")
        await pilot.pause()
    assert Lead.get_by_id(lead_id).stage == "disqualified"


async def test_quick_adds_duplicate_warning_opens_the_existing_lead_with_one_key(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Aino V", "tab", "tab", *"aino@lumo.fi")
        await pilot.pause()
        assert "Ctrl+G opens it" in str(app.screen.query_one("#duplicates").render())
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert app.screen.title == "Aino Virtanen"
    assert Lead.select().count() == 4


async def test_the_top_leads_stage_from_focus_mode(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()  # focus mode has read its first lead: its keys wait for it
        await pilot.press("g", "l")  # Mia, the top row: lost
        await pilot.pause()
    assert Lead.get_by_id(world["inbound"]).stage == "lost"


@pytest.fixture
def long_today(ctx, world):
    """Forty more overdue leads and forty more stale ones: grouped, Due today (between them)
    starts below the screen."""
    from leadtui.leads import writes as leads

    now = ctx.now()
    for n in range(40):
        leads.add_lead(ctx, leads.NewLead(f"Late {n:02}", next_at=now - timedelta(days=1, minutes=n)),
                       date_confirmed=True)
        leads.add_lead(ctx, leads.NewLead(f"Quiet {n:02}", at=now - timedelta(days=45, minutes=n)))


def _first_shown(table) -> bool:
    """The cursor's row is the first row shown (or the rows are scrolled as far as they go)."""
    return table.scroll_y == min(table.cursor_row, table.max_scroll_y) and table.max_scroll_y > 0


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_section_gone_to_starts_at_the_top_of_the_rows(app, long_today, size):
    """Grouped, `g d` (and `]`) show Due today from its first row down, not that one row at the
    bottom of the screen with the overdue ones above it."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one(DataTable)
        await pilot.press("o", "g", "d")
        await pilot.pause()
        assert screen.current().section == "due" and _first_shown(table)
        await pilot.press("home", "right_square_bracket")
        await pilot.pause()
        assert screen.current().section == "due" and _first_shown(table)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current().section == "stale" and _first_shown(table)
