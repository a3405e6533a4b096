"""Focus mode: Today one lead at a time, one key per action, the next lead after each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.db.models import Activity, FollowUp, Lead
from leadtui.leads import writes as leads
from leadtui.screens.dialogs import LogActivityDialog
from leadtui.screens.focus import FocusScreen
from leadtui.screens.today import TodayScreen
from leadtui.tui.app import build_app


def _add(ctx, name, *, ago_hours=30.0, next_in_hours=None, direction="outbound"):
    now = ctx.now()
    return leads.add_lead(ctx, leads.NewLead(
        name, company=f"{name.split()[1]} Oy", direction=direction, at=now - timedelta(hours=ago_hours),
        interest=f"{name} wants a demo",
        next_at=None if next_in_hours is None else now + timedelta(hours=next_in_hours)), force=True).id


@pytest.fixture
def five(ctx):
    """Five leads on Today, by priority: Ann, Ben, Dag, Cai, Eva."""
    ids = {
        "ann": _add(ctx, "Ann Inbound", ago_hours=23, direction="inbound"),  # 1 h before the target
        "ben": _add(ctx, "Ben Hot", next_in_hours=-50),
        "cai": _add(ctx, "Cai Overdue", next_in_hours=-26),
        "dag": _add(ctx, "Dag Stale", ago_hours=24 * 60),
        "eva": _add(ctx, "Eva Due", next_in_hours=3),
    }
    leads.pin_temperature(ctx, ids["ben"], "hot")
    return ids


@pytest.fixture
def focus_app(ctx, db_path, five):
    return build_app(db_path, ctx)


def _shown(screen) -> str:
    return str(screen.current.item.lead.name) if screen.current else ""


async def test_focus_walks_five_leads_with_single_keys(focus_app, ctx, five, text_of):
    app = focus_app
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # on Today's first row: focus mode
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FocusScreen) and _shown(screen) == "Ann Inbound"
        card = text_of(screen.query_one("#focus-lead"))
        assert "Ann Inbound — Inbound Oy" in card and "Ann Inbound wants a demo" in card
        assert "inbound · reply due in 1 h" in card and "First contact (email)" in card
        assert "0 handled · 5 left on Today" in screen.sub_title
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, LogActivityDialog)
        await pilot.press("enter")  # the next follow-up by temperature is proposed: Enter takes it
        await pilot.pause()
        assert _shown(screen) == "Ben Hot"
        await pilot.press("d")
        await pilot.pause()
        assert _shown(screen) == "Dag Stale"
        await pilot.press("z")
        await pilot.pause()
        assert _shown(screen) == "Cai Overdue"
        await pilot.press("x")
        await pilot.pause()
        assert _shown(screen) == "Eva Due"
        await pilot.press("e", "enter")
        await pilot.pause()
        assert screen.current is None and "5 handled" in screen.sub_title
        assert "Nothing left on Today" in text_of(screen.query_one("#focus-lead"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)

    def kinds(key):
        return [a.kind for a in Activity.select().where(Activity.lead == five[key])]

    assert kinds("ann") == ["call"] and kinds("eva") == ["email"]
    ann = FollowUp.get(FollowUp.lead == five["ann"], FollowUp.done_at.is_null())
    assert ann.due_at == (ctx.now() + timedelta(days=14)).replace(hour=9, minute=0)  # cold: in 2 weeks
    assert FollowUp.get(FollowUp.lead == five["ben"]).done_at is not None
    dag = FollowUp.get(FollowUp.lead == five["dag"])
    assert (dag.due_at, dag.what) == ((ctx.now() + timedelta(days=1)).replace(hour=9, minute=0), "snoozed")
    assert Lead.get_by_id(five["cai"]).stage == "disqualified"
    eva = list(FollowUp.select().where(FollowUp.lead == five["eva"]).order_by(FollowUp.id))
    assert eva[0].done_at is not None and eva[1].done_at is None  # the due one answered, the next one set


async def test_f_opens_focus_n_passes_a_lead_and_esc_goes_back_where_you_were(focus_app, five):
    app = focus_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert _shown(screen) == "Ann Inbound"
        await pilot.press("n")
        await pilot.pause()
        # Ann is passed, not handled: still on Today, but no longer left to do in this sitting
        assert _shown(screen) == "Ben Hot" and screen.sub_title == "0 handled · 1 skipped · 4 left on Today"
        await pilot.press("enter")  # the whole lead
        await pilot.pause()
        assert app.screen.title == "Ben Hot"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and app.screen.current().lead.name == "Dag Stale"
    assert Activity.select().count() == 0


async def test_focus_opens_a_template_and_moves_on_once_it_is_logged(focus_app, five):
    app = focus_app
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()  # focus mode has read its first lead: its keys wait for it
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")  # the first template: "First contact", an e-mail
        await pilot.pause()
        assert type(app.screen).__name__ == "OutreachDialog"
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("escape")  # no next follow-up
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen) and _shown(app.screen) == "Ben Hot"
    assert [a.kind for a in Activity.select().where(Activity.lead == five["ann"])] == ["email"]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_cards_hints_and_templates_wrap_between_items_never_inside_one(focus_app, size):
    """A key stays on the line of its word ("o template", not "o" at a line's end), and a
    template's name on one line."""
    from textual.geometry import Region

    async with focus_app.run_test(size=size) as pilot:
        await pilot.press("f")
        await pilot.pause()
        card = focus_app.screen.query_one("#focus-lead")
        lines = [strip.text.strip() for strip in card.render_lines(Region(0, 0, *card.outer_size))]
        for whole in ("c call", "z snooze", "x disqualify", "o template", "n next", "Enter the whole lead",
                      "Esc back", "First contact (email)", "Follow-up after silence (email)",
                      "Discovery call (call)", "o opens one"):
            assert any(whole in line for line in lines), (whole, lines)
