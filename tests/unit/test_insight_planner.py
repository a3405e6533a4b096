"""The target planner: the worked example from the source documents, history, pace and value goals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.errors import InvalidInput
from leadtui.insight.planner import pace_warning, plan
from leadtui.insight.tables import plan_table
from leadtui.leads import writes as leads


def test_worked_example_12_customers(ctx):
    at_12 = plan(ctx, 12, rate=0.12)
    # The source documents' own figures: 100 leads a year is 8.3 a month, not 9.
    assert (at_12.leads_per_year, at_12.leads_per_month) == (100, 8.3)
    assert (at_12.year_text(), at_12.month_text()) == ("100", "8.3")
    at_20 = plan(ctx, 12, rate=0.20)
    assert (at_20.leads_per_year, at_20.leads_per_month) == (60, 5)
    assert (at_20.year_text(), at_20.month_text()) == ("60", "5")


def test_only_the_figures_that_say_at_least_are_rounded_up(ctx):
    at_7 = plan(ctx, 12, rate=0.07)  # 171.4 leads a year
    assert (at_7.leads_per_year, at_7.year_text(), at_7.month_text()) == (172, "at least 172", "14.3")
    assert at_7.as_json()["leads_per_year_exact"] == 171.4
    rows = dict(plan_table(plan(ctx, goal_value_cents=11_000_000, deal_value_cents=2_000_000, rate=0.5))[1])
    assert (rows["goal"], rows["leads per year"], rows["leads per month"]) == (
        "at least 6 new customers", "12", "1")
    rows = dict(plan_table(plan(ctx, goal_value_cents=12_000_000, deal_value_cents=2_000_000, rate=0.5))[1])
    assert rows["goal"] == "6 new customers"
    strategy = plan(ctx, 12, strategy=True)
    assert (strategy.leads_per_year, strategy.leads_per_month, strategy.rate_source) == (60, 5, "strategy")


def test_without_history_the_configured_rate_is_used(ctx):
    result = plan(ctx, 12)
    assert (result.rate, result.rate_source, result.leads_per_year) == (0.12, "configured", 100)
    ctx.config.conversion_rate = 0.2
    assert plan(ctx, 12).leads_per_year == 60


def test_enough_history_gives_the_rate(ctx):
    long_ago = ctx.now() - timedelta(days=200)
    for n in range(60):
        lead_id = leads.add_lead(ctx, leads.NewLead(f"Lead {n}", at=long_ago)).id
        if n < 6:
            leads.change_stage(ctx, lead_id, "won")
    result = plan(ctx, 12)
    assert (result.history_leads, result.history_won, result.rate_source) == (60, 6, "history")
    assert (result.rate, result.leads_per_year) == (0.1, 120)
    assert plan(ctx, 12, rate=0.2).rate_source == "given"  # asked for explicitly: wins


def test_pace_so_far_and_this_month(ctx):
    # 23 Nov 12:00 UTC: 89.5% of the year and 75% of November have passed.
    result = plan(ctx, 12, rate=0.2)
    assert (result.leads_so_far, result.behind) == (0, True)
    assert round(result.expected_so_far, 1) == 53.7  # 60 x 326.5 / 365
    assert result.month_expected == pytest.approx(3.75)
    for n in range(3):
        leads.add_lead(ctx, leads.NewLead(f"New {n}", at=ctx.now() - timedelta(days=n)))
    leads.add_lead(ctx, leads.NewLead("A prospect", kind="prospect"))  # not a lead yet
    result = plan(ctx, 12, rate=0.2)
    assert (result.leads_so_far, result.month_so_far, result.month_behind) == (3, 3, False)
    assert result.as_json()["leads_so_far"] == 3 and result.as_json()["behind"] is True


def test_today_warning_when_the_month_is_behind(ctx):
    assert pace_warning(ctx) is None  # no goal configured: no warning
    ctx.config.goal, ctx.config.conversion_rate = 12, 0.2
    leads.add_lead(ctx, leads.NewLead("Only one"))
    assert pace_warning(ctx) == ("Behind pace: 1 new leads this month, 3 needed by now for 12 customers "
                                 "in 2026 (5/month)")
    for n in range(2):
        leads.add_lead(ctx, leads.NewLead(f"More {n}"))
    assert pace_warning(ctx) is None


def test_a_goal_in_value(ctx):
    result = plan(ctx, goal_value_cents=12_000_000, deal_value_cents=1_000_000, rate=0.12)
    assert (result.goal, result.leads_per_year) == (12, 100)
    with pytest.raises(InvalidInput, match="deal value"):
        plan(ctx, goal_value_cents=12_000_000)
    for n, value in enumerate(("10k", "20k", "30k")):
        lead_id = leads.add_lead(ctx, leads.NewLead(f"Won {n}", value=value)).id
        leads.change_stage(ctx, lead_id, "won")
    assert plan(ctx, goal_value_cents=12_000_000).goal == 6  # average deal 20k


def test_past_and_future_years(ctx):
    assert plan(ctx, 12, rate=0.2, year=2025).expected_so_far == 60
    future = plan(ctx, 12, rate=0.2, year=2027)
    assert (future.expected_so_far, future.behind, future.month_behind) == (0, False, False)


@pytest.mark.parametrize("kwargs", [{}, {"goal": 0}, {"goal": 12, "rate": 0}, {"goal": 12, "rate": 1.5},
                                    {"goal": 12, "year": 99}])
def test_bad_plans_are_refused(ctx, kwargs):
    with pytest.raises(InvalidInput):
        plan(ctx, **kwargs)
