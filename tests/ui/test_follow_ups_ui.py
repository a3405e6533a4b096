"""Managing a lead's follow-ups from its page; the log dialog asks what the next one is for and
when the activity happened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import OptionList

from leadtui.db.models import Activity, FollowUp
from leadtui.leads import followups
from leadtui.leads import writes as leads
from leadtui.screens.followups import FollowUpsDialog

SIZE = (120, 40)


async def test_follow_ups_dialog_reschedules_rewords_and_cancels(app, world, ctx, text_of):
    leads.schedule_follow_up(ctx, world["overdue"], ctx.now() + timedelta(days=4), "send the offer")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino, second by priority (Enter on the first is focus mode)
        await pilot.pause()  # the lead page has read its lead: its keys wait for it
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpsDialog)
        await pilot.press("r", *"fri 10", "enter")  # the overdue one, first in the list
        await pilot.pause()
        assert isinstance(app.screen, FollowUpsDialog)
        await pilot.press("down", "w", *"send the revised offer", "enter")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        shown = text_of(app.screen.query_one("#detail-follow-ups"))
        assert "send the revised offer  ✗ cancelled" in shown
    items = {f.what: f for f in FollowUp.select().where(FollowUp.lead == world["overdue"])}
    assert items[""].due_at.strftime("%a %H:%M") == "Fri 10:00" and items[""].done_at is None
    assert items["send the revised offer"].cancelled_at is not None


async def test_log_dialog_asks_what_next_and_back_dates(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")  # Olga: added 45 days ago, so yesterday is after that
        await pilot.press("l", *"met at the fair", "tab", *"tue 10", "tab", *"send the price list")
        await pilot.press("tab", "tab", *"yesterday 14:00", "enter")
        await pilot.pause()
    activity = Activity.get(Activity.lead == world["stale"])
    assert activity.at.strftime("%a %H:%M") == "Sun 14:00"
    assert FollowUp.get(FollowUp.lead == world["stale"], FollowUp.done_at.is_null()).what == "send the price list"


async def test_edits_and_archiving_show_in_the_history_and_archived_looks_archived(app, world, ctx, text_of):
    leads.update_lead(ctx, world["overdue"], name="Aino V", phone="+358 40 1234567")
    leads.change_stage(ctx, world["overdue"], "lost")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino, second by priority (Enter on the first is focus mode)
        await pilot.pause()  # the lead page has read its lead: its keys wait for it
        await pilot.press("A", "y")
        await pilot.pause()
        history = text_of(app.screen.query_one("#detail-history"))
        assert "name: Aino Virtanen → Aino V" in history
        assert "phone: → +358 40 1234567" in history or "phone: +358 40 1234567" in history
        assert "archived: no → yes" in history
        fields = text_of(app.screen.query_one("#detail-fields"))
        assert "ARCHIVED" in fields and "ARCHIVED" in app.screen.sub_title
        assert "suggested" not in fields


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_follow_ups_dialog_lists_done_and_cancelled_ones_too(app, world, ctx, size):
    lead = world["overdue"]
    done = leads.schedule_follow_up(ctx, lead, ctx.now() + timedelta(days=1), "send the deck")
    cancelled = leads.schedule_follow_up(ctx, lead, ctx.now() + timedelta(days=2), "book the demo")
    leads.complete_follow_up(ctx, done.id)
    followups.cancel(ctx, cancelled.id)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_lead(lead)
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FollowUpsDialog)
        options = dialog.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(shown) == 3
        assert "send the deck  ✓ done" in shown[1] + shown[2]
        assert "book the demo  ✗ cancelled" in shown[1] + shown[2]
        await pilot.press("down", "down", "x")  # only the open one can be highlighted and acted on
        await pilot.pause()
    assert FollowUp.get_by_id(done.id).cancelled_at is None
    open_one = FollowUp.get(FollowUp.lead == lead, FollowUp.id.not_in([done.id, cancelled.id]))
    assert open_one.cancelled_at is not None
