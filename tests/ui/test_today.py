"""Today: the start screen, and handling rows without leaving it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable

from leadtui.db.models import Activity, FollowUp, Lead
from leadtui.screens.dialogs import LogActivityDialog
from leadtui.screens.today import TodayScreen

SIZE = (120, 40)


def _row_names(screen) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_opens_on_today_with_every_section(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert _row_names(app.screen) == ["Aino Virtanen", "Lars Nielsen", "Olga Ivanova", "Mia Berg"]
        counts = text_of(app.screen.query_one("#today-counts"))
        assert "Overdue 1" in counts and "Due today 1" in counts and "Stale 1" in counts


async def test_log_call_and_next_follow_up_in_few_keys(app, world, ctx, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")  # cursor starts on the overdue row
        await pilot.pause()
        assert isinstance(app.screen, LogActivityDialog)
        await pilot.press(*"sent pricing")
        await pilot.press("tab")
        await pilot.press(*"tue 10")
        await pilot.pause()
        assert "Tue 24 Nov 10:00" in text_of(app.screen.query_one("#preview"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    activity = Activity.get(Activity.lead == world["overdue"])
    assert (activity.kind, activity.body) == ("call", "sent pricing")
    open_items = list(FollowUp.select().where(FollowUp.lead == world["overdue"], FollowUp.done_at.is_null()))
    assert [f.due_at.strftime("%a %H:%M") for f in open_items] == ["Tue 10:00"]


async def test_bad_date_keeps_the_dialog_open(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "tab", *"someday maybe", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LogActivityDialog)
        assert "cannot understand the date 'someday maybe'" in text_of(app.screen.query_one("#error"))
    assert Activity.select().count() == 0


async def test_snooze_moves_the_follow_up_a_day(app, world, ctx):
    before = FollowUp.get(FollowUp.lead == world["due"]).due_at
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "z")
        await pilot.pause()
    assert FollowUp.get(FollowUp.lead == world["due"]).due_at == before + timedelta(days=1)


async def test_done_completes_the_follow_up(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert "Aino Virtanen" not in _row_names(app.screen)
    assert Lead.get_by_id(world["overdue"]).next_follow_up_at is None


async def test_enter_opens_the_lead(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.title == "Aino Virtanen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_today_reads_off_the_ui_thread(app, world, monkeypatch):
    """Today's sections arrive from a worker: keys work while the read is out."""
    import asyncio
    import threading

    from leadtui import queries

    gate, started = threading.Event(), threading.Event()
    real_today = queries.today

    def slow_today(ctx, *args, **kwargs):
        started.set()
        gate.wait(10)
        return real_today(ctx, *args, **kwargs)

    monkeypatch.setattr(queries, "today", slow_today)
    async with app.run_test(size=SIZE) as pilot:
        assert await asyncio.to_thread(started.wait, 10)
        assert _row_names(app.screen) == []
        await pilot.press("question_mark")  # the help dialog opens while Today is still reading
        assert type(app.screen).__name__ == "HelpDialog"
        await pilot.press("escape")
        gate.set()
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert _row_names(app.screen) == ["Aino Virtanen", "Lars Nielsen", "Olga Ivanova", "Mia Berg"]


async def test_snoozing_a_stale_row_schedules_once_at_nine_and_the_row_leaves(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")  # Olga Ivanova, stale
        assert app.screen.current().lead.name == "Olga Ivanova"
        await pilot.press("z")
        await pilot.pause()
        assert "Olga Ivanova" not in _row_names(app.screen)
        await pilot.press("z")  # the cursor is on another row now: Olga is not snoozed twice
        await pilot.pause()
    snoozed = list(FollowUp.select().where(FollowUp.lead == world["stale"]))
    assert [(f.due_at.strftime("%a %H:%M"), f.what) for f in snoozed] == [("Tue 09:00", "snoozed")]


async def test_snoozing_a_new_inbound_row_takes_it_off_today(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down")
        assert app.screen.current().lead.name == "Mia Berg"
        await pilot.press("Z")
        await pilot.pause()
        assert "Mia Berg" not in _row_names(app.screen)
    assert FollowUp.get(FollowUp.lead == world["inbound"]).due_at.strftime("%a %d %H:%M") == "Mon 30 09:00"


async def test_today_shows_each_lead_once(app, world, ctx):
    from leadtui import leads

    now = ctx.now()
    for days in (3, 4, 5, 6):  # five overdue follow-ups in all
        leads.schedule_follow_up(ctx, world["overdue"], now - timedelta(days=days), f"old {days}", force=True)
    leads.schedule_follow_up(ctx, world["stale"], now - timedelta(days=1), force=True)  # overdue and stale
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = _row_names(app.screen)
        assert names.count("Aino Virtanen") == 1 and names.count("Olga Ivanova") == 1
        assert app.screen.current().what == "old 6"  # the earliest one
        assert app.screen.current().section == "overdue"


async def test_today_left_before_its_rows_come_draws_them_only_when_shown_again(app, world, monkeypatch):
    """Opening the lead list at once (start-up straight to `2`): Today's read does not draw a
    hidden screen; coming back to Today reads it afresh and shows every section."""
    import asyncio
    import threading

    from leadtui import queries

    gate, started = threading.Event(), threading.Semaphore(0)
    real_today = queries.today
    reads: list[str] = []

    def held_today(ctx, *args, **kwargs):
        reads.append("read")
        started.release()
        gate.wait(10)
        return real_today(ctx, *args, **kwargs)

    monkeypatch.setattr(queries, "today", held_today)
    async with app.run_test(size=SIZE) as pilot:
        assert await asyncio.to_thread(started.acquire, True, 10)
        today = app.screen
        await pilot.press("2")
        gate.set()
        await pilot.pause()
        assert type(app.screen).__name__ == "LeadsScreen"
        assert today.query_one(DataTable).row_count == 0
        await pilot.press("1")
        await pilot.pause()
        assert app.screen is today and len(reads) == 2
        assert _row_names(today) == ["Aino Virtanen", "Lars Nielsen", "Olga Ivanova", "Mia Berg"]


def _what_by_name(screen) -> dict[str, str]:
    table = screen.query_one(DataTable)
    name, what = table.shown_keys.index("name"), table.shown_keys.index("what")
    return {str(row[name]): str(row[what]) for row in (table.get_row_at(i) for i in range(table.row_count))}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_what_is_the_purpose_else_the_last_activity_never_the_stage(app, world, ctx, size):
    from leadtui import leads

    leads.log_activity(ctx, world["overdue"], "reply", "wants the recording\nand a call next week")
    leads.schedule_follow_up(ctx, world["due"], ctx.now() + timedelta(hours=2), "send the offer")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        what = _what_by_name(app.screen)
    assert what["Aino Virtanen"] == "last reply: wants the recording"  # a follow-up without a purpose
    assert what["Lars Nielsen"] == "send the offer"
    assert what["Mia Berg"] == "—"  # nothing happened yet
    assert not any("Interest" in cell for cell in what.values())
