"""The background timer: staleness, due follow-ups and other writers show up on the next tick."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from textual.widgets import DataTable

from leadtui.leads import writes as leads
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.today import TodayScreen

SIZE = (120, 40)


def _names(app) -> list[str]:
    """Lead names in the current screen's table (the Leads list starts with the name, Today with the section)."""
    table = app.screen.query_one(DataTable)
    column = 0 if isinstance(app.screen, LeadsScreen) else 1
    return [str(table.get_row_at(i)[column]) for i in range(table.row_count)]


async def test_timer_flags_a_lead_when_the_clock_passes_its_threshold(app, world, ctx, clock):
    fresh = leads.add_lead(ctx, leads.NewLead("Fresh Fiona", company="Kivi Oy"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Fresh Fiona" not in _names(app)
        clock.advance(days=31)  # cold threshold is 30 days
        result = app.tick()
        await pilot.pause()
        assert result.went_stale >= 1
        assert "Fresh Fiona" in _names(app)
        assert any("went stale" in n.message for n in app._notifications)
    assert leads.get_lead(fresh.id).stale_at <= clock.now()


async def test_follow_up_coming_due_is_notified(app, world, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(hours=4)  # Lars's follow-up was due in 3 hours
        result = app.tick()
        await pilot.pause()
        assert result.became_due == 1
        assert any("now due" in n.message for n in app._notifications)


async def test_lead_added_by_another_process_appears_after_one_tick(app, world, db_path):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert "Second Shell" not in _names(app)
        subprocess.run([sys.executable, "-m", "leadtui.cli", "--db", str(db_path), "add", "Second Shell"],
                       check=True, capture_output=True)
        result = app.tick()
        await pilot.pause()
        assert result.changed_elsewhere
        assert "Second Shell" in _names(app)


async def test_logging_an_activity_clears_stale(app, world, ctx):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("down", "down")  # the stale row
        await pilot.press("l", *"caught up", "enter")
        await pilot.pause()
        assert "Olga Ivanova" not in _names(app)
    assert not leads.get_lead(world["stale"]).stale_at <= ctx.now()


async def test_pinning_a_lead_hot_past_its_deadline_is_announced_on_the_next_tick(app, world, ctx, clock):
    quiet = leads.add_lead(ctx, leads.NewLead("Quiet Quentin", at=clock.now() - timedelta(days=5)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(minutes=1)
        leads.pin_temperature(ctx, quiet.id, "hot")  # hot goes stale after 2 days: already passed
        clock.advance(minutes=1)
        result = app.tick()
        await pilot.pause()
        assert result.went_stale == 1
        assert any("went stale" in n.message for n in app._notifications)


async def test_a_score_that_decays_with_time_is_redrawn_on_the_tick(app, world, ctx, clock):
    caller = leads.add_lead(ctx, leads.NewLead("Caller Carla"))
    for _ in range(3):
        leads.log_activity(ctx, caller.id, "call")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        clock.advance(days=61)
        result = app.tick()
        await pilot.pause()
        assert result.rescored == 1
        table = app.screen.query_one(DataTable)
        rows = [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
        assert any("Caller Carla" in row and "40" in row for row in rows)
    assert leads.get_lead(caller.id).temperature == "warm"


class _Terminal:
    """What the app sends the terminal: the bell and escape sequences (headless sends nothing)."""

    def __init__(self, monkeypatch, app):
        self.bells, self.written = 0, []
        monkeypatch.setattr(type(app), "bell", lambda _app: setattr(self, "bells", self.bells + 1))
        monkeypatch.setattr("leadtui.tui.app.write_to_terminal", lambda _app, text: self.written.append(text))


async def test_a_follow_up_coming_due_rings_and_sends_a_desktop_notification(app, world, clock, monkeypatch):
    terminal = _Terminal(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(minutes=1)
        app.tick()  # nothing came due: silence
        assert (terminal.bells, terminal.written) == (0, [])
        clock.advance(hours=4)
        app.tick()
        await pilot.pause()
    assert terminal.bells == 1
    assert terminal.written == ["\x1b]9;leadtui: 1 follow-up now due\x07"
                                "\x1b]777;notify;leadtui;leadtui: 1 follow-up now due\x07"]


async def test_a_hot_lead_going_stale_rings_but_a_cold_one_does_not(app, world, ctx, clock, monkeypatch):
    terminal = _Terminal(monkeypatch, app)
    hot = leads.add_lead(ctx, leads.NewLead("Hot Hanna", at=clock.now() - timedelta(days=1)))
    leads.pin_temperature(ctx, hot.id, "hot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(minutes=1)
        app.tick()
        clock.advance(days=1, hours=1)  # Hot Hanna's 2 days pass; Lars's follow-up is due too
        result = app.tick()
        await pilot.pause()
    assert result.hot_went_stale == 1
    assert terminal.bells == 1 and "1 hot lead went stale, 1 follow-up now due" in terminal.written[0]


async def test_notify_config_turns_the_bell_and_the_osc_off(app, world, ctx, clock, monkeypatch):
    terminal = _Terminal(monkeypatch, app)
    ctx.config.notify_bell = ctx.config.notify_osc = False
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(hours=4)
        app.tick()
        await pilot.pause()
        assert any("now due" in n.message for n in app._notifications)  # the toast stays
    assert (terminal.bells, terminal.written) == (0, [])
