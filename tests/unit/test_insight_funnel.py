"""The funnel from stage events, on a hand-built history with known answers."""

from __future__ import annotations

from datetime import timedelta

from insight_history import START_OF_HISTORY, build_funnel_history

from leadtui.insight.funnel import funnel
from leadtui.leads import writes as leads


def test_funnel_counts_entries_moves_and_days_per_stage(ctx):
    build_funnel_history(ctx, START_OF_HISTORY)
    result = funnel(ctx)
    rows = {row["stage"]: row for row in result.as_json()}
    assert list(rows) == ["prospect", "interest", "contact", "nurture", "offer", "decision", "won", "mql_sql"]
    assert rows["interest"] == {"stage": "interest", "entered": 4, "to_next": 0.5, "median_days": 3.0}
    assert rows["contact"] == {"stage": "contact", "entered": 2, "to_next": 1.0, "median_days": 2.5}
    assert rows["offer"] == {"stage": "offer", "entered": 2, "to_next": 0.5, "median_days": 1.0}
    assert rows["decision"] == {"stage": "decision", "entered": 1, "to_next": 1.0, "median_days": 2.0}
    assert rows["won"] == {"stage": "won", "entered": 1, "to_next": None, "median_days": None}


def test_a_lead_that_skips_stage_3_still_passes_it(ctx):
    build_funnel_history(ctx, START_OF_HISTORY)
    nurture = funnel(ctx).step("nurture")
    # A stopped in stage 3 for 4 days; B jumped from 2 to 4 and still counts as entering and passing 3,
    # but not in the days spent there.
    assert (nurture.entered, nurture.moved_on, nurture.to_next, nurture.median_days) == (2, 2, 1.0, 4.0)


def test_prospect_to_lead_conversion(ctx):
    build_funnel_history(ctx, START_OF_HISTORY)
    prospect = funnel(ctx).step("prospect")
    assert (prospect.entered, prospect.moved_on, prospect.to_next, prospect.median_days) == (1, 1, 1.0, 2.0)


def test_since_and_until_pick_entries_in_the_period(ctx):
    build_funnel_history(ctx, START_OF_HISTORY)
    result = funnel(ctx, since=START_OF_HISTORY + timedelta(days=3), until=START_OF_HISTORY + timedelta(days=7))
    rows = {row["stage"]: row for row in result.as_json()}
    assert rows["interest"]["entered"] == 0  # everyone was created before day 3
    assert rows["contact"]["entered"] == 1  # B on day 4; A entered on day 2
    assert rows["nurture"]["entered"] == 2  # A on day 5, B (skipping) on day 6
    # By day 7 nobody had moved past offer.
    assert rows["nurture"]["to_next"] == 0.5 and rows["offer"]["entered"] == 1
    assert rows["offer"]["to_next"] == 0.0
    assert rows["prospect"]["entered"] == 0


def test_a_prospect_promoted_by_a_stage_move_counts_as_converted(ctx):
    lead_id = leads.add_lead(ctx, leads.NewLead("Pia", kind="prospect")).id
    ctx.clock.advance(days=1)
    leads.change_stage(ctx, lead_id, "offer")
    prospect = funnel(ctx).step("prospect")
    assert (prospect.entered, prospect.moved_on) == (1, 1)


def test_empty_database_gives_zero_counts_and_no_shares(ctx):
    rows = funnel(ctx).as_json()
    assert all(row["entered"] == 0 and row["to_next"] is None for row in rows)
