"""Team mode in the TUI: Today's mine/team toggle with each owner's load, and stale edits refused."""

from __future__ import annotations

from datetime import timedelta

from leadtui.db.models import Lead
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.screens.detail import LeadDetailScreen


async def test_t_switches_today_between_mine_and_the_team(app, ctx, text_of):
    ctx.config.team_members = ["me", "bob"]
    leads.add_lead(ctx, NewLead("Bob's call", owner="bob", next_at=ctx.now() + timedelta(hours=1)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Due today 1" in text_of(app.screen.query_one("#today-counts"))  # the world's own
        assert app.screen.sub_title.startswith("Mine")
        await pilot.press("t")
        await pilot.pause()
        counts = text_of(app.screen.query_one("#today-counts"))
        assert "Due today 2" in counts
        assert "Open leads: me 4 · bob 1" in counts
        await pilot.press("t")
        await pilot.pause()
        assert "Due today 1" in text_of(app.screen.query_one("#today-counts"))


async def test_edit_dialog_refuses_a_save_over_someone_elses_change(app, ctx, world, text_of):
    lead_id = world["due"]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lead(lead_id)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        leads.update_lead(ctx, lead_id, company="Fjord ApS Nord")  # another machine, meanwhile
        app.screen.query_one("#f-company").value = "Fjord A/S"
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = text_of(app.screen.query_one("#error"))
        assert "changed elsewhere" in error and "'Fjord ApS Nord'" in error
        assert Lead.get_by_id(lead_id).company == "Fjord ApS Nord"
        await pilot.press("ctrl+s")  # told and shown: saving again is deliberate
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert Lead.get_by_id(lead_id).company == "Fjord A/S"


async def test_a_rep_sees_no_keys_to_change_the_rules_templates_or_profile(app, ctx):
    from leadtui.screens.profile import ProfileScreen
    from leadtui.screens.rules import RulesScreen
    from leadtui.screens.templates import TemplatesScreen

    ctx.may_manage = False  # what a rep's connection reports (tests/unit/test_team_roles.py)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for screen in (RulesScreen(), TemplatesScreen()):
            await app.push_screen(screen)
            await pilot.pause()
            shown = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
            assert not {"new", "edit", "delete"} & shown
            assert app.screen.check_action("edit", ()) is False
            await pilot.press("n")
            await pilot.pause()
            assert app.screen is screen  # no editor opened
            app.pop_screen()
            await pilot.pause()
        await app.push_screen(ProfileScreen())
        await pilot.pause()
        assert app.screen.check_action("save", ()) is False
        ctx.may_manage = True
        assert app.screen.check_action("save", ()) is True
