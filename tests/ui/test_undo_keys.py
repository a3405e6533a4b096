"""u and Ctrl+Z undo the last change, several steps back, saying what was undone."""

from __future__ import annotations

from textual.widgets import DataTable

from leadtui.db.models import Activity, FollowUp, Lead

SIZE = (120, 40)


def _names(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_u_undoes_done_and_ctrl_z_undoes_the_log_before_it(app, world):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l", *"called", "enter")  # logs on Aino and closes her follow-up
        await pilot.pause()
        await pilot.press("d")  # done on the next row, Lars
        await pilot.pause()
        assert "Lars Nielsen" not in _names(app) and "Aino Virtanen" not in _names(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Lars Nielsen" in _names(app)
        assert any("Undone: follow-up done (Lars Nielsen)" in n.message for n in app._notifications)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Aino Virtanen" in _names(app)
    assert Activity.select().count() == 0
    assert FollowUp.get(FollowUp.lead == world["overdue"]).done_at is None


async def test_undo_brings_a_deleted_lead_back(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "delete", "y")
        await pilot.pause()
        assert Lead.get_or_none(Lead.id == world["overdue"]) is None
        await pilot.press("u")
        await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).name == "Aino Virtanen"


async def test_u_with_nothing_to_undo_says_so(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in n.message for n in app._notifications)
