"""A read that fails (the table is gone, the database refuses) is a message; the app stays.

Each screen reads through the guard, on the UI thread or in a worker: the
failure shows as a notification (the lead list: on its status line) and the
screen stays open, ready to read again.
"""

from __future__ import annotations

import sqlite3

import pytest

from leadtui.screens.board import BoardScreen
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.profile import ProfileScreen
from leadtui.screens.rules import RulesScreen
from leadtui.screens.today import TodayScreen


def _other_shell(db_path, *statements: str) -> None:
    """What another process does to the same file meanwhile."""
    other = sqlite3.connect(db_path)
    with other:
        for sql in statements:
            other.execute(sql)
    other.close()


def _notes(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_todays_read_failing_in_its_worker_is_a_notification(app, db_path, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        shown = app.screen.query_one("#today-table").row_count
        assert shown
        _other_shell(db_path, "DROP TABLE follow_up")
        await pilot.press("r")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TodayScreen)
        assert "no such table: follow_up" in _notes(app)
        assert app.screen.query_one("#today-table").row_count == shown  # what it showed stays


async def test_the_lead_lists_read_failing_shows_on_its_status_line(app, db_path, text_of):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
        _other_shell(db_path, "DROP TABLE lead_fts")
        await pilot.press("slash")
        await pilot.press(*"aino", "enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LeadsScreen)
        assert "no such table" in text_of(app.screen.query_one("#lead-status"))
        assert not app.screen.loading


async def test_a_record_list_that_cannot_be_read_is_a_notification(app, db_path):
    _other_shell(db_path, "DROP TABLE scoring_rule")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, RulesScreen)
        assert "no such table: scoring_rule" in _notes(app)
        await pilot.press("1")  # and the app goes on
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_the_profile_and_the_board_that_cannot_be_read_are_notifications(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        _other_shell(db_path, "DROP TABLE setting", "ALTER TABLE lead RENAME TO lead_gone")
        await pilot.press("3")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ProfileScreen)
        assert "no such table: setting" in _notes(app)
        await pilot.press("7")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, BoardScreen)
        assert "no such table: lead" in _notes(app)
