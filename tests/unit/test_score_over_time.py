"""Scores that stay true with time alone: bounded silence, stored next-change moments, catching up."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.db.models import Lead, StageChange
from leadtui.finding import paging, queries
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.scoring import score as scoring
from leadtui.scoring.rescore import rescore_due
from leadtui.tui.timers import check_for_changes

DAY = timedelta(days=1)


def _three_calls(ctx):
    lead_id = leads.add_lead(ctx, NewLead("Mikko Mäkinen")).id
    for _ in range(3):
        leads.log_activity(ctx, lead_id, "call")
    return lead_id


def test_three_calls_then_seventy_silent_days_are_rescored_when_due(ctx, clock):
    lead_id = _three_calls(ctx)
    lead = Lead.get_by_id(lead_id)
    assert (lead.engagement_score, lead.temperature) == (60, "hot")
    assert lead.score_changes_at == clock.now() + 30 * DAY
    clock.advance(days=70)
    assert rescore_due(ctx) == 1
    lead = Lead.get_by_id(lead_id)
    assert (lead.engagement_score, lead.score, lead.temperature) == (40, 40, "warm")
    assert lead.score_changes_at == clock.now() + 20 * DAY  # the third silent period ends on day 90
    assert [r.id for r in list(paging.iter_leads(ctx, queries.LeadFilter(query="score>=60")))] == []
    # The temperature changed when the second period ended, not when it was noticed.
    event = StageChange.select().where(StageChange.field == "temperature").order_by(StageChange.id.desc()).get()
    assert (event.from_value, event.to_value, event.at) == ("hot", "warm", clock.now() - 10 * DAY)
    assert rescore_due(ctx) == 0  # nothing more is due


def test_the_timer_tick_rescores_due_leads(ctx, clock):
    lead_id = _three_calls(ctx)
    since = clock.now()
    clock.advance(days=31)
    result = check_for_changes(since, clock.now(), None, ctx)
    assert result.rescored == 1 and result.anything
    assert Lead.get_by_id(lead_id).engagement_score == 50


def test_a_lead_with_nothing_to_lose_has_no_next_moment(ctx, clock):
    lead_id = leads.add_lead(ctx, NewLead("Noora Niemi")).id
    assert Lead.get_by_id(lead_id).score_changes_at is None
    clock.advance(days=400)
    assert rescore_due(ctx) == 0


def test_a_year_old_lead_that_engages_today_scores_as_a_new_one(ctx, clock):
    old = leads.add_lead(ctx, NewLead("Old", at=clock.now() - 365 * DAY)).id
    new = leads.add_lead(ctx, NewLead("New")).id
    for lead_id in (old, new):
        for kind in ("reply", "call", "meeting", "download"):
            leads.log_activity(ctx, lead_id, kind)
    assert Lead.get_by_id(old).engagement_score == Lead.get_by_id(new).engagement_score == 35
    assert Lead.get_by_id(old).temperature == "warm"


def test_a_back_dated_reaction_never_lowers_the_score(ctx, clock):
    lead_id = leads.add_lead(ctx, NewLead("Back", at=clock.now() - 120 * DAY)).id
    assert Lead.get_by_id(lead_id).engagement_score == 0
    leads.log_activity(ctx, lead_id, "reply", at=clock.now() - 100 * DAY)
    assert Lead.get_by_id(lead_id).engagement_score == 0
    leads.log_activity(ctx, lead_id, "call", at=clock.now() - 10 * DAY)
    assert Lead.get_by_id(lead_id).engagement_score == 20


def test_the_breakdown_says_when_silence_was_capped(ctx, clock):
    lead_id = leads.add_lead(ctx, NewLead("Capped", at=clock.now() - 100 * DAY)).id
    leads.log_activity(ctx, lead_id, "reply", at=clock.now() - 100 * DAY)
    lines = scoring.breakdown(ctx, Lead.get_by_id(lead_id)).lines
    assert [(line.points, line.reason) for line in lines] == [
        (5, "reply"), (-5, "no reaction for 30 days ×3 (up to the points earned)")]


# ---- properties over random histories ------------------------------------------------------

NOW = datetime(2026, 11, 23, 12, 0)
KINDS = ("call", "reply", "download", "email", "meeting", "note", "form")
history = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 400 * 24)), max_size=12)


def _engagement(created: datetime, acts, now: datetime = NOW):
    lead = SimpleNamespace(created_at=created)
    lines, changes_at = scoring.engagement_result(lead, acts, now, scoring.DEFAULT_RULES)
    return sum(line.points for line in lines), changes_at


def _acts(created: datetime, raw):
    return [(kind, created + timedelta(hours=hours)) for kind, hours in raw
            if created + timedelta(hours=hours) <= NOW]


@settings(max_examples=300, deadline=None)
@given(history, st.integers(1, 500), st.sampled_from(scoring.REACTION_KINDS_ORDERED),
       st.integers(0, 500 * 24))
def test_score_rules_over_random_histories(raw, age_days, kind, extra_hours):
    created = NOW - timedelta(days=age_days)
    acts = _acts(created, raw)
    score, changes_at = _engagement(created, acts)
    assert score >= 0  # silence never takes engagement below zero
    # A reaction added anywhere in the past never lowers the score.
    extra_at = created + timedelta(hours=extra_hours % (age_days * 24 + 1))
    assert _engagement(created, [*acts, (kind, extra_at)])[0] >= score
    # Whatever happened before, engaging today is at least as warm as a new lead doing the same.
    today = [(k, NOW) for k, _ in raw[:4]]
    assert _engagement(created, [*acts, *today])[0] >= _engagement(NOW, today)[0]
    # The stored moment is the next change: nothing moves before it, something may at it.
    if changes_at is None:
        assert _engagement(created, acts, NOW + timedelta(days=400))[0] == score
    else:
        assert changes_at > NOW
        assert _engagement(created, acts, changes_at - timedelta(seconds=1))[0] == score
        assert _engagement(created, acts, changes_at)[0] != score


def test_each_cli_start_rescores_the_due_leads(ctx, clock, db_path, capsys):
    import json

    from leadtui.cli import main
    from leadtui.db.connection import close_db
    from leadtui.kit.clock import FixedClock

    lead_id = _three_calls(ctx)
    close_db()
    later = FixedClock(clock.now() + 70 * DAY)  # the commands run 70 days on, whatever today is
    assert main(["list", "score>=60", "--db", str(db_path), "--format", "json"], clock=later) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["show", str(lead_id), "--db", str(db_path), "--format", "json"], clock=later) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["score"], shown["temperature"]) == (40, "warm")
