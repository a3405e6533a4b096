"""Predictable keys: Enter saves, Esc leaves (asking before unsaved edits are lost), focus is
where the user types, Home/End/digits do what they say."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, OptionList

from leadtui.db.models import Activity, Lead, ScoringRule
from leadtui.leads import templates
from leadtui.scoring import icp, rules
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.dialogs import ChoiceDialog, ConfirmDialog, LogActivityDialog, UnsavedDialog
from leadtui.screens.edit import EditLeadDialog
from leadtui.screens.profile import ProfileScreen
from leadtui.screens.quick_add import QuickAddDialog
from leadtui.screens.templates import TemplateDialog
from leadtui.screens.today import TodayScreen

SIZE = (120, 40)


async def test_enter_on_the_kind_selector_saves_the_log(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "l", *"left a voicemail", "tab", "tab", "tab")  # Aino, second by priority
        await pilot.pause()
        assert app.screen.focused.id == "kind"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, LogActivityDialog)
    assert Activity.get(Activity.lead == world["overdue"]).body == "left a voicemail"


async def test_enter_on_a_quick_add_checkbox_saves_without_ticking_it(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Noora Koski")
        for _ in range(7):
            await pilot.press("tab")
        assert app.screen.focused.id == "qa-inbound"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddDialog)
    assert Lead.get(Lead.name == "Noora Koski").direction == "outbound"


async def test_ctrl_o_in_quick_add_saves_and_opens_the_lead(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Noora Koski", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert app.screen.lead_id == Lead.get(Lead.name == "Noora Koski").id


async def test_edit_opens_with_the_name_focused_and_typing_appends(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino, second by priority
        await pilot.pause()  # the lead page has read its lead: its keys wait for it
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditLeadDialog)
        await pilot.press(*" Jr", "enter")
        await pilot.pause()
    assert Lead.get_by_id(world["overdue"]).name == "Aino Virtanen Jr"


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_esc_in_the_edit_form_asks_before_dropping_changes(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino, second by priority
        await pilot.pause()  # the lead page has read its lead
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditLeadDialog)
        await pilot.press("escape")  # nothing changed: closes at once
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        await pilot.press("e", *" Jr", "escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # stay: what was typed is still there
        await pilot.pause()
        assert isinstance(app.screen, EditLeadDialog)
        assert app.screen.query_one("#f-name").value == "Aino Virtanen Jr"
        await pilot.press("escape", "d")  # discard
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert Lead.get_by_id(world["overdue"]).name == "Aino Virtanen"
        await pilot.press("e", *" Sr", "escape", "s")  # save
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
    assert Lead.get_by_id(world["overdue"]).name == "Aino Virtanen Sr"


async def test_profile_escape_leaves_and_asks_before_dropping_edits(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-age").focus()
        await pilot.press(*"30-40", "escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#p-age").value == "30-40"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert icp.load_profile().age == (None, None)


async def test_digits_and_a_typed_into_a_profile_field_are_typed(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-locations").focus()
        await pilot.press(*"a1 2345 aID", "tab", *"17")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#p-locations").value == "a1 2345 aID"
        assert app.screen.query_one("#p-industries").value == "17"


async def test_leaving_the_profile_by_digit_or_palette_asks_save_discard_or_stay(app, world):
    from leadtui.screens.leads import LeadsScreen

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-age").focus()
        await pilot.press(*"30-40")
        app.screen.query_one("VerticalScroll").focus()  # out of the field: digits switch screens
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        app.refresh_screens()  # a change elsewhere (the timer) re-reads: the edits stay
        await pilot.pause()
        assert app.screen.query_one("#p-age").value == "30-40"
        await pilot.press("1", "s")  # save, then go
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert icp.load_profile().age == (30, 40)
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-age").value = "50-60"
        await pilot.press("ctrl+p", *"Leads")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("d")  # discard, then go
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.query_one("#p-age").value == "30-40"
    assert icp.load_profile().age == (30, 40)


async def test_quitting_with_unsaved_profile_edits_asks_first(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-age").value = "30-40"
        await pilot.press("2")  # unsaved edits on the Profile screen, left in place
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog) and app.return_code is None
        await pilot.press("s")
        await pilot.pause()
        assert app.return_code == 0
    assert icp.load_profile().age == (30, 40)


async def test_template_editor_asks_before_dropping_edits(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5", "e")
        await pilot.pause()
        assert isinstance(app.screen, TemplateDialog)
        await pilot.press("escape")  # nothing changed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, TemplateDialog)
        await pilot.press("e", *"X", "escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, TemplateDialog)
        name = app.screen.query_one("#t-name").value
        await pilot.press("escape", "s")  # save from the question
        await pilot.pause()
        assert not isinstance(app.screen, (TemplateDialog, UnsavedDialog))
    assert name.endswith("X") and any(t.name == name for t in templates.list_templates())


async def test_home_and_end_on_today(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_end_then_delete_deletes_the_last_rule_and_x_deletes_too(app, world):
    last = list(rules.load_rules())[-1]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("end", "delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert last.label() in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert ScoringRule.get_or_none(ScoringRule.id == last.id) is None
        count = ScoringRule.select().count()
        await pilot.press("home", "x", "y")
        await pilot.pause()
    assert ScoringRule.select().count() == count - 1


async def test_home_end_on_templates(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5", "end")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == table.row_count - 1 > 0


async def test_stage_picker_digit_picks_that_stage(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino, second by priority
        await pilot.pause()  # the lead page has read its lead: its keys wait for it
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
    assert Lead.get_by_id(world["overdue"]).stage == "nurture"


async def test_a_pick_list_shows_the_numbers_its_digits_pick(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino; the temperatures: numbered as shown
        await pilot.pause()  # the lead page has read its lead: its keys wait for it
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        options = dialog.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown[:3] == ["1  Hot", "2  Warm", "3  Cold"]
        assert "its number picks" in text_of(dialog.query_one(".dialog-help"))
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
    lead = Lead.get_by_id(world["overdue"])
    assert (lead.temperature, lead.temperature_pinned) == ("hot", True)


async def test_a_long_pick_list_has_no_numbers_and_digits_pick_nothing(app):
    choices = [(f"k{n}", f"choice {n}") for n in range(12)]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picked = []
        app.push_screen(ChoiceDialog("Pick", choices), picked.append)
        await pilot.pause()
        dialog = app.screen
        assert "number" not in str(dialog.query_one(".dialog-help").render())
        await pilot.press("3")
        await pilot.pause()
        assert app.screen is dialog and not picked
        await pilot.press("down", "enter")
        await pilot.pause()
        assert picked == ["k1"]


async def test_pin_dialog_preselects_the_current_temperature(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino, second by priority
        await pilot.pause()  # the lead page has read its lead: its keys wait for it
        await pilot.press("p")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted).id == "cold"
        await pilot.press("enter")
        await pilot.pause()
    lead = Lead.get_by_id(world["overdue"])
    assert lead.temperature_pinned and lead.temperature == "cold"
