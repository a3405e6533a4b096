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
        assert _row_names(app.screen) == ["Mia Berg", "Aino Virtanen", "Olga Ivanova", "Lars Nielsen"]
        counts = text_of(app.screen.query_one("#today-counts"))
        assert "Overdue 1" in counts and "Due today 1" in counts and "Stale 1" in counts


def _cells(screen, column: str) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_cell_at((row, list(table.columns).index(column))))
            for row in range(table.row_count)]


async def test_today_comes_highest_priority_first_each_row_saying_why_and_o_groups_it(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert _cells(screen, "section") == ["Inbound", "Overdue", "Stale", "Due"]
        assert _cells(screen, "why") == ["inbound · reply due in 24 h", "2 d overdue", "stale 15 d", "due today"]
        await pilot.press("o")  # grouped by section; the cursor stays on Mia
        await pilot.pause()
        assert _row_names(screen) == ["Aino Virtanen", "Lars Nielsen", "Olga Ivanova", "Mia Berg"]
        assert _cells(screen, "section") == ["Overdue", "Due today", "Stale", "New inbound"]
        assert "why" not in screen.query_one(DataTable).columns
        assert screen.current().lead.name == "Mia Berg"
        await pilot.press("o")
        await pilot.pause()
        assert _row_names(screen) == ["Mia Berg", "Aino Virtanen", "Olga Ivanova", "Lars Nielsen"]
        assert screen.current().lead.name == "Mia Berg"


async def test_today_in_priority_order_fits_80_columns_with_each_rows_section(app, world):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = list(app.screen.query_one(DataTable).shown_keys)
        assert {"section", "name", "why", "what"} <= set(shown)


async def test_log_call_and_next_follow_up_in_few_keys(app, world, ctx, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "l")  # Aino, overdue: second by priority
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
        await pilot.press("end", "z")  # Lars, due today: the last by priority
        await pilot.pause()
    assert FollowUp.get(FollowUp.lead == world["due"]).due_at == before + timedelta(days=1)


async def test_done_completes_the_follow_up(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "d")
        await pilot.pause()
        assert "Aino Virtanen" not in _row_names(app.screen)
    assert Lead.get_by_id(world["overdue"]).next_follow_up_at is None


async def test_enter_opens_the_lead(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.title == "Aino Virtanen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_today_reads_off_the_ui_thread(app, world, monkeypatch):
    """Today's sections arrive from a worker: keys work while the read is out."""
    import asyncio
    import threading

    from leadtui.finding import queries

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
        assert _row_names(app.screen) == ["Mia Berg", "Aino Virtanen", "Olga Ivanova", "Lars Nielsen"]


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
        assert app.screen.current().lead.name == "Mia Berg"  # first by priority
        await pilot.press("Z")
        await pilot.pause()
        assert "Mia Berg" not in _row_names(app.screen)
    assert FollowUp.get(FollowUp.lead == world["inbound"]).due_at.strftime("%a %d %H:%M") == "Mon 30 09:00"


async def test_today_shows_each_lead_once(app, world, ctx):
    from leadtui.leads import writes as leads

    now = ctx.now()
    for days in (3, 4, 5, 6):  # five overdue follow-ups in all
        leads.schedule_follow_up(ctx, world["overdue"], now - timedelta(days=days), f"old {days}", force=True)
    leads.schedule_follow_up(ctx, world["stale"], now - timedelta(days=1), force=True)  # overdue and stale
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = _row_names(app.screen)
        assert names.count("Aino Virtanen") == 1 and names.count("Olga Ivanova") == 1
        aino = next(i for i in app.screen.items.values() if i.lead.name == "Aino Virtanen")
        assert (aino.what, aino.section) == ("old 6", "overdue")  # the earliest one


async def test_today_left_before_its_rows_come_draws_them_only_when_shown_again(app, world, monkeypatch):
    """Opening the lead list at once (start-up straight to `2`): Today's read does not draw a
    hidden screen; coming back to Today reads it afresh and shows every section."""
    import asyncio
    import threading

    from leadtui.finding import queries

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
        assert _row_names(today) == ["Mia Berg", "Aino Virtanen", "Olga Ivanova", "Lars Nielsen"]


def _what_by_name(screen) -> dict[str, str]:
    table = screen.query_one(DataTable)
    name, what = table.shown_keys.index("name"), table.shown_keys.index("what")
    return {str(row[name]): str(row[what]) for row in (table.get_row_at(i) for i in range(table.row_count))}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_what_is_the_purpose_else_the_last_activity_never_the_stage(app, world, ctx, size):
    from leadtui.leads import writes as leads

    leads.log_activity(ctx, world["overdue"], "reply", "wants the recording\nand a call next week")
    leads.schedule_follow_up(ctx, world["due"], ctx.now() + timedelta(hours=2), "send the offer")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        # What each row says in full (a narrow column cuts it with "…": the next test)
        what = {item.lead.name: item.purpose() for item in app.screen.items.values()}
        assert set(what) == set(_what_by_name(app.screen))
    assert what["Aino Virtanen"] == "last reply: wants the recording"  # a follow-up without a purpose
    assert what["Lars Nielsen"] == "send the offer"
    assert what["Mia Berg"] == "—"  # nothing happened yet
    assert not any("Interest" in cell for cell in what.values())


async def test_the_lead_page_shows_why_it_stands_where_it_does_on_today(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reason = _cells(app.screen, "why")[0]
        await pilot.press("f")  # focus mode on Mia Berg (new inbound)
        await pilot.pause()  # its first lead read: its keys wait for it
        await pilot.press("enter")  # her whole page
        await pilot.pause()
        score = text_of(app.screen.query_one("#detail-score"))
        assert f"Priority on Today 50 (New inbound): {reason}" in score
        assert "+50  new inbound, reply due in 24 h: 50 rising to 100 at the response target (24 h)" in score


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_why_and_what_cut_to_their_column_end_in_an_ellipsis(app, world, ctx, size):
    from leadtui.leads import writes as leads

    purpose = "send the offer with the volume discount and the three reference customers in Oslo"
    leads.schedule_follow_up(ctx, world["due"], ctx.now() + timedelta(hours=2), purpose)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        what = _what_by_name(app.screen)["Lars Nielsen"]
        width = table.widths["what"]
        assert len(what) == width and what == purpose[: width - 1] + "…"
        for why in _cells(app.screen, "why"):  # each reason whole, or cut with "…"
            assert len(why) <= table.widths["why"]
            assert why in {item.priority.reason_line() for item in app.screen.items.values()} or (
                why.endswith("…") and len(why) == table.widths["why"])
        drawn = [table.render_line(y).text for y in range(1, table.row_count + 1)]
        assert any(what in line for line in drawn)  # drawn as cut, "…" included
