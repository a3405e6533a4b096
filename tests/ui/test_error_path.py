"""One error path: service and database failures become messages; the app never exits on them."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest
from peewee import OperationalError

from leadtui.db.models import ScoringRule
from leadtui.screens.board import BoardScreen
from leadtui.screens.edit import EditLeadDialog
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.profile import ProfileScreen
from leadtui.screens.rules import RuleDialog, RulesScreen
from leadtui.screens.today import TodayScreen


def _other_shell(db_path, *statements: str) -> None:
    """What another process does to the same file meanwhile."""
    with sqlite3.connect(db_path) as other:
        for sql in statements:
            other.execute(sql)
    other.close()


def _notes(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_deleting_a_rule_another_shell_removed_is_a_notification(app, db_path, size):
    async with app.run_test(size=size) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, RulesScreen)
        first = app.screen.current()
        await pilot.press("delete")
        await pilot.pause()
        _other_shell(db_path, f"DELETE FROM scoring_rule WHERE id = {first.id}")
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, RulesScreen)
        assert f"no scoring rule with id {first.id}" in _notes(app)
        assert first.id not in [rule.id for rule in app.screen.items]  # shows what is there now


async def test_bad_input_in_a_dialog_keeps_what_was_typed(app, world):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_lead(world["due"])
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditLeadDialog)
        dialog.query_one("#f-email").value = "lars at fjord"
        dialog.query_one("#f-company").value = "Fjord Holding ApS"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and app.is_running
        assert "invalid e-mail" in str(dialog.query_one("#error").content)
        assert dialog.query_one("#f-email").value == "lars at fjord"
        assert dialog.query_one("#f-company").value == "Fjord Holding ApS"


async def test_a_database_error_while_reading_is_a_notification(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
        _other_shell(db_path, "DROP TABLE saved_view")
        await pilot.press("v")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LeadsScreen)
        assert "no such table: saved_view" in _notes(app)


async def test_a_refused_write_shows_in_the_dialog_and_keeps_the_form(app, db_path):
    _other_shell(db_path, "CREATE TRIGGER frozen_rules BEFORE INSERT ON scoring_rule "
                          "BEGIN SELECT RAISE(ABORT, 'rules are frozen'); END")
    before = ScoringRule.select().count()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RuleDialog)
        dialog.query_one("#r-kind").value = "meeting"
        dialog.query_one("#r-points").value = "15"
        dialog.query_one("#r-kind").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and app.is_running
        error = str(dialog.query_one("#error").content)
        assert "refused the change" in error and "rules are frozen" in error
        assert (dialog.query_one("#r-kind").value, dialog.query_one("#r-points").value) == ("meeting", "15")
    assert ScoringRule.select().count() == before


# Reads fail too: each screen reads through the guard, on the UI thread or in a worker, and the
# failure is a notification (the lead list: its status line) while the screen stays open.
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
        assert not app.screen.reading


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
        _other_shell(db_path, "ALTER TABLE setting RENAME TO setting_gone")
        await pilot.press("3")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ProfileScreen)
        assert "no such table: setting" in _notes(app)
        # The board reads the profile too: its settings come back so that what it cannot
        # read is its own table.
        _other_shell(db_path, "ALTER TABLE setting_gone RENAME TO setting",
                     "ALTER TABLE lead RENAME TO lead_gone")
        await pilot.press("7")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, BoardScreen)
        assert "no such table: lead" in _notes(app)


def _fails(*args, **kwargs):
    raise OperationalError("database disk image is malformed")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@pytest.mark.parametrize("where", ["leadtui.record.progress.pending", "leadtui.scoring.rescore.due_ids"])
async def test_the_start_up_score_check_failing_is_a_notification(app, monkeypatch, where, size):
    """What the app checks as it opens (an interrupted rescore, scores due) runs in a worker
    through the guard: a database failure there is shown and the app opens as usual."""
    checked = threading.Event()

    def fails(*args, **kwargs):
        checked.set()
        _fails()

    monkeypatch.setattr(where, fails)
    async with app.run_test(size=size) as pilot:
        # The check starts two refreshes after Today's first read: wait for it, not for a pause.
        assert await asyncio.to_thread(checked.wait, 10)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TodayScreen)
        assert "is damaged" in _notes(app) and "malformed" in _notes(app)
        assert app.screen.query_one("#today-table").row_count  # Today shows its leads
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
