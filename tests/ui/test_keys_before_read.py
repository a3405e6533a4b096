"""Keys typed while the lead page or focus mode is still reading its first data wait for it,
then act in the order typed (they were dropped); Esc goes back at once."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest

from leadtui.db.models import Lead
from leadtui.finding import queries
from leadtui.leads import writes as leads
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.dialogs import ChoiceDialog
from leadtui.screens.focus import FocusScreen
from leadtui.screens.today import TodayScreen

SIZES = [(120, 40), (80, 24)]


@pytest.fixture
def held_read(monkeypatch):
    """Each lead's detail read (the lead page's, focus mode's) waits until the gate opens."""
    gate, started = threading.Event(), threading.Semaphore(0)
    real = queries.lead_detail

    def held(ctx, *args, **kwargs):
        started.release()
        gate.wait(10)
        return real(ctx, *args, **kwargs)

    monkeypatch.setattr(queries, "lead_detail", held)
    return gate, started


@pytest.mark.parametrize("size", SIZES)
async def test_a_key_typed_while_the_lead_page_reads_acts_once_it_is_read(app, world, held_read, size):
    gate, started = held_read
    async with app.run_test(size=size) as pilot:
        await pilot.pause()  # Today's rows
        await pilot.press("down", "enter")  # Aino (overdue), her page
        assert await asyncio.to_thread(started.acquire, True, 10)
        assert isinstance(app.screen, LeadDetailScreen) and app.screen.detail is None
        await pilot.press("g")  # the stage dialog, typed before her page has anything to act on
        gate.set()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("w")
        await pilot.pause()
    assert Lead.get_by_id(world["overdue"]).stage == "won"


async def test_keys_typed_while_the_lead_page_reads_keep_their_order(app, world, ctx, held_read):
    gate, started = held_read
    leads.schedule_follow_up(ctx, world["overdue"], ctx.now() + timedelta(days=3), "second", force=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino (overdue), her page
        assert await asyncio.to_thread(started.acquire, True, 10)
        await pilot.press("c", "down")  # complete her follow-up, then scroll: both held
        page = app.screen
        gate.set()
        await pilot.pause()
        assert app.screen is page and page.detail is not None
    open_ones = [f.what for f in Lead.get_by_id(world["overdue"]).follow_ups if f.done_at is None]
    assert open_ones == ["second"]  # c completed the earliest one


async def test_esc_leaves_the_lead_page_at_once_while_it_reads(app, world, held_read):
    gate, started = held_read
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino (overdue), her page
        assert await asyncio.to_thread(started.acquire, True, 10)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)
        gate.set()
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_a_key_typed_while_focus_mode_reads_its_first_lead_acts_on_it(app, world, held_read, size):
    gate, started = held_read
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("f")  # focus mode on Mia Berg, the top row
        assert await asyncio.to_thread(started.acquire, True, 10)
        screen = app.screen
        assert isinstance(screen, FocusScreen) and screen.current is None
        await pilot.press("n")  # pass her, typed before she is shown
        gate.set()
        await pilot.pause()
        assert screen.current.item.lead.name == "Aino Virtanen"
        assert screen.sub_title == "0 handled · 1 skipped · 3 left on Today"
