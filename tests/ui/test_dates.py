"""Dates in the dialogs: the preview shows the year and DST moves; doubtful dates need a second Enter."""

from __future__ import annotations

from datetime import datetime

import pytest

from leadtui.db.models import FollowUp
from leadtui.screens.dialogs import FollowUpDialog
from leadtui.screens.leads import LeadsScreen

SIZES = [(120, 40), (80, 24)]


async def _open_follow_up(app, pilot):
    await pilot.pause()
    await pilot.press("2")  # the lead list
    await pilot.pause()
    assert isinstance(app.screen, LeadsScreen)
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(app.screen, FollowUpDialog)


@pytest.mark.parametrize("size", SIZES)
async def test_a_past_follow_up_needs_a_second_enter(app, world, text_of, size):
    before = FollowUp.select().count()
    async with app.run_test(size=size) as pilot:
        await _open_follow_up(app, pilot)
        await pilot.press(*"yesterday")
        await pilot.pause()
        assert "in the past" in text_of(app.screen.query_one("#preview"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpDialog)  # not saved yet
        assert "press Enter again" in text_of(app.screen.query_one("#error"))
        assert FollowUp.select().count() == before
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
    assert FollowUp.select().count() == before + 1
    assert FollowUp.select().order_by(FollowUp.id.desc()).first().due_at == datetime(2026, 11, 22, 9, 0)


async def test_a_changed_date_must_be_confirmed_again(app, world, text_of):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_follow_up(app, pilot)
        await pilot.press(*"yesterday", "enter")
        await pilot.press(*["backspace"] * 9, *"in -3 days", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpDialog)


async def test_the_preview_shows_the_year_when_not_this_year(app, world, text_of):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_follow_up(app, pilot)
        await pilot.press(*"1.2.2027 14:00")
        await pilot.pause()
        assert "Mon 1 Feb 2027 14:00" in text_of(app.screen.query_one("#preview"))
        await pilot.press(*["backspace"] * 14, *"24.12. 10")
        await pilot.pause()
        assert "Thu 24 Dec 10:00" in text_of(app.screen.query_one("#preview"))


async def test_a_time_that_cannot_be_read_is_shown_as_an_error(app, world, text_of):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_follow_up(app, pilot)
        await pilot.press(*"tomorrow 25:00")
        await pilot.pause()
        assert "no hour 25" in text_of(app.screen.query_one("#preview"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpDialog)


async def test_the_preview_says_when_a_time_falls_in_the_dst_gap(app, world, text_of, helsinki):
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_follow_up(app, pilot)
        await pilot.press(*"28.3.2027 03:30")
        await pilot.pause()
        preview = text_of(app.screen.query_one("#preview"))
        assert "04:30" in preview and "03:30 does not exist" in preview


@pytest.mark.parametrize("size", SIZES)
async def test_logging_from_the_lead_list_completes_the_overdue_follow_up(app, world, size):
    from leadtui.screens.dialogs import LogActivityDialog

    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        rows = [row.id for row in screen.rows]
        for _ in range(rows.index(world["overdue"])):
            await pilot.press("down")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogActivityDialog)
        await pilot.press(*"called back", "tab", *"fri 10", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
    open_ones = list(FollowUp.select().where(FollowUp.lead == world["overdue"], FollowUp.done_at.is_null()))
    assert [f.due_at for f in open_ones] == [datetime(2026, 11, 27, 10, 0)]


@pytest.mark.parametrize("size", SIZES)
async def test_a_time_alone_is_tomorrows_once_passed_and_today_earlier_asks(app, world, text_of, size):
    async with app.run_test(size=size) as pilot:  # the clock: Monday 23 November, 12:00
        await _open_follow_up(app, pilot)
        await pilot.press(*"today 9am")
        await pilot.pause()
        assert "in the past" in text_of(app.screen.query_one("#preview"))
        await pilot.press(*["backspace"] * 9, *"klo 9.30")
        await pilot.pause()
        preview = text_of(app.screen.query_one("#preview"))
        assert "Tue 24 Nov 09:30" in preview and "⚠" not in preview
        await pilot.press("enter")  # one Enter: nothing to confirm
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
    assert FollowUp.select().order_by(FollowUp.id.desc()).first().due_at == datetime(2026, 11, 24, 9, 30)
