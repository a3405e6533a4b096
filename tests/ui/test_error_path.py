"""One error path: service and database failures become messages; the app never exits on them."""

from __future__ import annotations

import sqlite3

import pytest

from leadtui.db.models import ScoringRule
from leadtui.screens.edit import EditLeadDialog
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.rules import RuleDialog, RulesScreen


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
