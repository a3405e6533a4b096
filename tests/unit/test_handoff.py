"""MQL -> SQL: the hand-off to sales assigns an owner, schedules the first contact, counts in the funnel."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.db.models import Activity, FollowUp, Lead, StageChange
from leadtui.finding import queries
from leadtui.insight.funnel import funnel
from leadtui.leads import handoff
from leadtui.leads import writes as leads
from leadtui.record import undo


@pytest.fixture
def mql(ctx):
    lead = leads.add_lead(ctx, leads.NewLead("Mia Berg", owner="marketing", industry="saas"))
    leads.set_qualification(ctx, lead.id, "mql")
    return lead.id


def test_hand_off_to_a_named_owner_with_a_first_contact_within_the_target(ctx, mql, clock):
    clock.advance(hours=30)
    done = handoff.hand_off(ctx, mql, "ann")
    lead = Lead.get_by_id(mql)
    assert (lead.qualification, lead.owner, done.previous_owner) == ("sql", "ann", "marketing")
    assert done.follow_up.due_at == ctx.now() + timedelta(hours=ctx.config.response_target_hours)
    assert FollowUp.get_by_id(done.follow_up.id).what == handoff.FIRST_CONTACT
    assert lead.next_follow_up_at == done.follow_up.due_at
    fields = [(c.field, c.from_value, c.to_value) for c in StageChange.select().where(StageChange.lead == mql)
              .order_by(StageChange.id)]
    assert ("qualification", "mql", "sql") in fields and ("owner", "marketing", "ann") in fields
    note = Activity.get(Activity.lead == mql, Activity.outcome == "hand-off")
    assert note.kind == "note" and note.body.startswith("Handed off to sales: ann (from marketing)")
    detail = queries.lead_detail(ctx, mql)
    assert any("Handed off to sales" in a.body for a in detail.activities)
    undo.undo_last(ctx)  # one step takes it all back
    lead = Lead.get_by_id(mql)
    assert (lead.qualification, lead.owner, lead.next_follow_up_at) == ("mql", "marketing", None)


def test_hand_off_by_the_teams_rule(ctx, mql):
    ctx.config.team_members, ctx.config.team_rule = ["ann", "bob"], "segment"
    ctx.config.team_segments = {"saas": "bob"}
    assert handoff.hand_off(ctx, mql).owner == "bob"


def test_without_a_rule_or_a_name_the_owner_stays(ctx, mql):
    assert handoff.hand_off(ctx, mql).owner == "marketing"


def test_the_funnel_counts_mql_to_sql_and_the_median_hand_off_time(ctx, mql, clock):
    other = leads.add_lead(ctx, leads.NewLead("Olga Ivanova")).id
    leads.set_qualification(ctx, other, "mql")
    clock.advance(days=2)
    handoff.hand_off(ctx, mql, "ann")
    clock.advance(days=2)
    step = funnel(ctx).step("mql_sql")
    assert (step.entered, step.moved_on, step.to_next, step.median_days) == (2, 1, 0.5, 2.0)
    handoff.hand_off(ctx, other)
    step = funnel(ctx).step("mql_sql")
    assert (step.moved_on, step.median_days) == (2, 3.0)


def test_qualify_sql_from_the_shell_hands_off(cli):
    assert cli("add", "Jane Doe")[0] == 0
    assert cli("qualify", "1", "mql")[0] == 0
    code, out, _ = cli("qualify", "1", "sql", "--owner", "bob")
    assert code == 0 and "SQL, handed to bob; first contact [1]" in out
    code, _, err = cli("qualify", "1", "mql", "--owner", "bob")
    assert code != 0 and "--owner goes with sql" in err
