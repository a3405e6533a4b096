"""u and Ctrl+Z undo the last change, several steps back, saying what was undone."""

from __future__ import annotations

from textual.widgets import DataTable

from leadtui.db.models import Activity, FollowUp, Lead, UndoStep

SIZE = (120, 40)


def _names(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_u_undoes_done_and_ctrl_z_undoes_the_log_before_it(app, world):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("o", "home")  # grouped by section: Aino's overdue follow-up first, Lars's due one next
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
        await pilot.press("down", "enter")  # Aino, second by priority (Enter on the first is focus mode)
        await pilot.pause()  # the lead page has read its lead: its keys wait for it
        await pilot.press("delete", "y")
        await pilot.pause()
        assert Lead.get_or_none(Lead.id == world["overdue"]) is None
        await pilot.press("u")
        await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).name == "Aino Virtanen"


async def test_u_with_nothing_to_undo_says_so(app, world):
    UndoStep.delete().execute()  # the world's leads were added: those adds are undoable too
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in n.message for n in app._notifications)


def _row_count(app) -> int:
    return app.screen.query_one(DataTable).row_count


def _shows(app, text: str) -> bool:
    table = app.screen.query_one(DataTable)
    return any(text in " ".join(map(str, table.get_row_at(i))) for i in range(table.row_count))


def _said(app, text: str) -> bool:
    return any(text in n.message for n in app._notifications)


async def test_u_undoes_a_quick_add_and_ctrl_y_redoes_it(app, world):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("a", *"Noora Koski", "enter")
        await pilot.pause()
        assert _shows(app, "Noora Koski")
        await pilot.press("u")
        await pilot.pause()
        assert Lead.get_or_none(Lead.name == "Noora Koski") is None
        assert _said(app, "Undone: add (Noora Koski)")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _said(app, "Redone: add (Noora Koski)")
        assert _shows(app, "Noora Koski")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _said(app, "Nothing to redo")
    assert Lead.get(Lead.name == "Noora Koski").company == ""


async def test_u_undoes_a_rule_edit_and_rescores(app, world):
    from leadtui.scoring import rules

    before = rules.load_rules()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("n", *"meeting", "tab", *"15", "enter")
        await pilot.pause()
        assert len(rules.load_rules()) == len(before) + 1
        await pilot.press("u")
        await pilot.pause()
        assert rules.load_rules() == before
        assert _said(app, "Undone: add rule meeting +15")
        assert _said(app, "Rescored")  # the scores follow the rules that came back
        assert _row_count(app) == len(before)  # the table shows it
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert _said(app, "Redone: add rule meeting +15")
        assert _row_count(app) == len(before) + 1


async def test_u_undoes_a_saved_profile_and_the_form_shows_it(app, world):
    from leadtui.scoring import icp

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-age").focus()
        await pilot.press(*"30-40", "ctrl+s")
        await pilot.pause()
        assert icp.load_profile().age == (30, 40)
        app.screen.query_one("VerticalScroll").focus()
        await pilot.press("u")
        await pilot.pause()
        assert icp.load_profile().age == (None, None)
        assert _said(app, "Undone: profile edit")
        assert app.screen.query_one("#p-age").value == ""
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.screen.query_one("#p-age").value == "30-40"
        assert _said(app, "Redone: profile edit")


async def test_u_undoes_template_and_view_changes(app, world):
    from leadtui.finding import views
    from leadtui.leads import templates

    names = [t.name for t in templates.list_templates()]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("n", *"Thanks", "tab", "tab", "tab", *"Thanks {first_name}!", "ctrl+s")
        await pilot.pause()
        assert "Thanks" in [t.name for t in templates.list_templates()]
        await pilot.press("u")
        await pilot.pause()
        assert [t.name for t in templates.list_templates()] == names
        assert _said(app, "Undone: add template 'Thanks'")
        assert not _shows(app, "Thanks")
        await pilot.press("2", "slash", *"temp:warm", "enter", "V", *"Warm ones", "enter")
        await pilot.pause()
        assert views.find_view("Warm ones") is not None
        await pilot.press("u")
        await pilot.pause()
        assert views.find_view("Warm ones") is None
        assert _said(app, "Undone: save view 'Warm ones'")
