"""Profile, Rules and Templates screens; saved views and outreach from the keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from leadtui.db.models import Activity, FollowUp, Lead, SavedView, ScoringRule, Template
from leadtui.leads import writes as leads
from leadtui.scoring import icp
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.profile import ProfileScreen
from leadtui.screens.rules import RuleDialog, RulesScreen
from leadtui.screens.templates import OutreachDialog, TemplatesScreen

SIZE = (120, 40)


async def _wait_rescore(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_profile_screen_saves_and_rescores(app, world, ctx):
    leads.update_lead(ctx, world["due"], age=36, income=45000, location="Helsinki")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, ProfileScreen)
        app.screen.query_one("#p-age").value = "30-40"
        app.screen.query_one("#p-income").value = "40000-60000"
        app.screen.query_one("#p-locations").value = "Helsinki, Stockholm"
        await pilot.press("ctrl+s")
        await _wait_rescore(app, pilot)
    profile = icp.load_profile()
    assert profile.age == (30, 40) and profile.locations == ["Helsinki", "Stockholm"]
    lead = Lead.get_by_id(world["due"])
    assert (lead.icp_ticks, lead.icp_total) == (3, 3)
    assert Lead.get_by_id(world["overdue"]).icp_ticks == 0


async def test_profile_screen_rejects_a_bad_range(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        app.screen.query_one("#p-age").value = "40-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "above the high end" in text_of(app.screen.query_one("#error"))
    assert icp.load_profile().age == (None, None)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_profile_labels_fit_and_each_fields_own_example_is_accepted(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProfileScreen)
        for label in screen.query(".form Label"):  # one line each, beside its field
            assert label.size.height == 1 and label.outer_size.width <= 28, str(label.render())
        boxes = list(screen.query(".form Input"))
        assert all(box.placeholder.startswith("e.g. ") for box in boxes)
        for box in boxes:  # what each empty field suggests is what it takes
            box.value = box.placeholder.removeprefix("e.g. ").split(" or ")[0].split(" (")[0]
        await pilot.press("ctrl+s")
        await _wait_rescore(app, pilot)
        assert not str(screen.query_one("#error").render()).strip()
    profile = icp.load_profile()
    assert profile.revenue == (1_000_000, 10_000_000) and profile.budget_min == 20_000
    assert profile.industries == ["saas", "fintech"] and profile.min_share == 0.6


async def test_rules_screen_add_rule_rescores(app, world, ctx):
    leads.log_activity(ctx, world["due"], "meeting", "demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, RulesScreen)
        assert app.screen.query_one(DataTable).row_count == 4  # the seeded example table
        assert len(app.screen.query_one(DataTable).columns) == 4  # each column once
        assert app.screen.title == "Scoring rules"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RuleDialog)
        await pilot.press(*"meeting", "tab", *"25", "enter")
        await _wait_rescore(app, pilot)
        assert app.screen.query_one(DataTable).row_count == 5
    assert ScoringRule.get(ScoringRule.kind == "meeting").points == 25
    assert Lead.get_by_id(world["due"]).engagement_score == 25


async def test_rules_screen_refuses_unknown_kind(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "n")
        await pilot.pause()
        await pilot.press(*"telepathy", "tab", *"5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RuleDialog)
        assert "unknown activity kind" in text_of(app.screen.query_one("#error"))


async def test_rules_screen_delete_rule(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("delete", "y")
        await _wait_rescore(app, pilot)
    assert ScoringRule.select().count() == 3


async def test_templates_screen_lists_and_creates(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)
        assert app.screen.query_one(DataTable).row_count == Template.select().count()
        assert len(app.screen.query_one(DataTable).columns) == 2
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#t-name").value = "Thanks"
        app.screen.query_one("#t-body").text = "Thanks {first_name}!"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TemplatesScreen)
    assert Template.get(Template.name == "Thanks").body == "Thanks {first_name}!"


async def test_outreach_fills_template_and_logs_use(app, world, ctx, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_lead(world["overdue"])
        await pilot.pause()
        await pilot.press("o", "enter")  # the first template
        await pilot.pause()
        assert isinstance(app.screen, OutreachDialog)
        dialog = app.screen
        body = dialog.query_one("#outreach-body").text
        assert "Hi Aino" in body and "{" not in body
        assert "interest" in text_of(dialog.query_one("#missing"))  # no interest note recorded
        await pilot.press("u")  # refused: [interest?] is still in the text
        await pilot.pause()
        assert app.screen is dialog and Activity.select().count() == 0
        dialog.query_one("#outreach-body").text = body.replace("[interest?]", "the 40-seat plan")
        await pilot.press("e", "escape")  # into the text and out again; the dialog stays
        await pilot.pause()
        assert app.screen is dialog
        await pilot.press("u")
        await pilot.pause()
        await pilot.press(*"fri 10", "tab", *"call about the offer", "enter")  # the next follow-up
        await pilot.pause()
        assert app.screen is not dialog
    activity = Activity.get(Activity.lead == world["overdue"])
    assert activity.kind == "email"
    assert "call about the offer" in [f.what for f in FollowUp.select().where(FollowUp.lead == world["overdue"])]


async def test_saved_views_pick_and_save(app, world, ctx):
    leads.pin_temperature(ctx, world["due"], "hot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("enter")  # "Hot leads"
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
        assert app.screen.filter.query == "temp:hot"
        assert [r.name for r in app.screen.rows] == ["Lars Nielsen"]
        await pilot.press("V", *"My hot ones", "enter")
        await pilot.pause()
    assert SavedView.get(SavedView.name == "My hot ones").query == "temp:hot"


async def test_palette_lists_actions_and_views(app, world):
    from leadtui.screens.palette import LeadCommands

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")  # Aino, second by priority: the row the snooze acts on
        provider = LeadCommands(app.screen)
        commands = {title: callback for title, _, callback in provider._commands()}
        titles = list(commands)
        assert {"Today", "Leads", "Quick add lead", "Profile", "Scoring rules", "Templates"} <= set(titles)
        assert "View: Hot leads" in titles
        assert "Snooze +1 day (Today)" in titles  # the current screen's keys are commands too
        before = Lead.get_by_id(world["overdue"]).next_follow_up_at
        await commands["Snooze +1 day (Today)"]()
        await pilot.pause()
        assert Lead.get_by_id(world["overdue"]).next_follow_up_at > before


async def test_stale_marker_in_list_clears_after_log(app, world, ctx, clock):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.pause()
        stale = {r.name: r.stale for r in app.screen.rows}
        assert stale["Olga Ivanova"] and not stale["Lars Nielsen"]
        leads.log_activity(ctx, world["stale"], "call")
        clock.advance(seconds=1)
        app.data_changed()
        await pilot.pause()
        assert not {r.name: r.stale for r in app.screen.rows}["Olga Ivanova"]
        # call +20 (the silence before it had no points to take): warm, stale again after 7 days
        assert Lead.get_by_id(world["stale"]).temperature == "warm"
        clock.advance(days=6)
        app.tick()
        await pilot.pause()
        assert not {r.name: r.stale for r in app.screen.rows}["Olga Ivanova"]
        clock.advance(days=2)
        app.tick()
        await pilot.pause()
        assert {r.name: r.stale for r in app.screen.rows}["Olga Ivanova"]


async def test_palette_opens_a_lead_found_by_name(app, world):
    from leadtui.screens.detail import LeadDetailScreen

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"virtanen")
        await app.workers.wait_for_complete()  # the palette's search runs in a worker
        await pilot.pause()
        found = app.screen.query_one("CommandList")
        labels = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert any("Open lead: Aino Virtanen (Lumo Oy)" in label for label in labels), labels
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert app.screen.lead_id == world["overdue"]


async def test_saving_over_a_view_asks_and_views_rename_and_delete(app, world, ctx):
    from leadtui.screens.dialogs import ConfirmDialog

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "slash", *"temp:warm", "enter")
        await pilot.pause()
        await pilot.press("V", *"Hot leads", "enter")  # a seeded view's name
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert SavedView.get(SavedView.name == "Hot leads").query == "temp:hot"
        await pilot.press("V", *"Hot leads", "enter", "y")
        await pilot.pause()
        assert SavedView.get(SavedView.name == "Hot leads").query == "temp:warm"
        await pilot.press("v", "r", *"Warm ones", "enter")  # the first view: Hot leads
        await pilot.pause()
        assert SavedView.get_or_none(SavedView.name == "Warm ones") is not None
        count = SavedView.select().count()
        await pilot.press("v", "x", "y")
        await pilot.pause()
    assert SavedView.select().count() == count - 1
    assert SavedView.get_or_none(SavedView.name == "Warm ones") is None


async def test_palette_opens_a_lead_by_hash_id_and_says_when_there_is_none(app, world):
    from leadtui.screens.detail import LeadDetailScreen

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *f"#{world['due']}")
        await pilot.pause()
        found = app.screen.query_one("CommandList")
        labels = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
        assert f"Open lead #{world['due']}: Lars Nielsen (Fjord ApS)" in labels[0], labels
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert app.screen.lead_id == world["due"]
        await pilot.press("ctrl+p", *"#9999")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert any(n.message == "No lead #9999" for n in app._notifications)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_outreach_keys_act_without_typing_into_the_text(app, world, monkeypatch, size):
    copied = []
    monkeypatch.setattr("leadtui.screens.templates.copy_text", lambda text: copied.append(text) or True)
    monkeypatch.setattr("leadtui.screens.templates.webbrowser.open", lambda link: False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_lead(world["overdue"])
        await pilot.pause()
        await pilot.press("o", "1")  # the first template, by its number
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OutreachDialog)
        body = dialog.query_one("#outreach-body").text
        await pilot.press("c", "u", "m")  # copy; u refused ([interest?]); m finds no mail client
        await pilot.pause()
        assert dialog.query_one("#outreach-body").text == body
        assert copied and copied[0].endswith(body)
        await pilot.press("e", "x")  # e enters the text: now keys are typed
        assert dialog.query_one("#outreach-body").text != body


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_the_demo_outreach_reads_well_and_signs_with_the_owner(ctx, db_path, size):
    from leadtui.db.models import Lead
    from leadtui.demo.dataset import generate_demo
    from leadtui.tui.app import build_app

    generate_demo(ctx, count=40, seed=7)
    lead = Lead.select().where(Lead.interest != "", Lead.email != "").first()
    app = build_app(db_path, ctx)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_lead(lead.id)
        await pilot.pause()
        await pilot.press("o", "1")
        await pilot.pause()
        body = app.screen.query_one("#outreach-body").text
    assert f"Thank you for asking about {lead.interest}." in body
    assert body.endswith("Best regards,\nme")  # owner = "me" in the tests' config
