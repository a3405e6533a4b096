"""Figures per week for the charts, and the bars that draw them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from leadtui.insight.overview import all_reports
from leadtui.insight.trends import weekly_trend
from leadtui.leads import writes as leads
from leadtui.screens.widgets.bars import bar, bar_chart


def test_new_leads_and_median_response_per_week(ctx):
    now = ctx.now()  # Monday 23 Nov 2026, 12:00 UTC
    for hours_back, contact_after in ((1, 2), (2, None), (24 * 7 + 1, 4), (24 * 7 + 2, 8), (24 * 7 + 3, 30)):
        created = now - timedelta(hours=hours_back)
        lead_id = leads.add_lead(ctx, leads.NewLead(f"L{hours_back}", direction="inbound", at=created)).id
        if contact_after is not None and created + timedelta(hours=contact_after) <= now:
            leads.log_activity(ctx, lead_id, "call", at=created + timedelta(hours=contact_after))
    trend = weekly_trend(ctx, weeks=3)
    assert [p.monday for p in trend] == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert [p.new for p in trend] == [0, 3, 2]
    assert [p.median_response_hours for p in trend] == [None, 8.0, None]
    assert trend[1].label == "16 Nov"


def test_all_reports_at_once_keeps_a_planner_problem_as_text(ctx):
    reports = all_reports(ctx)
    assert reports.plan is None and "goal" in reports.plan_problem
    assert all_reports(ctx, goal=12, rate=0.2).plan.leads_per_year == 60


def test_bars():
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 10, 4) == "▍"  # 3.2 eighths round to 3
    assert bar(0, 10, 4) == "" and bar(3, 0, 4) == ""
    chart = bar_chart("T", [("a", 2, "2"), ("bb", None, "—")], width=4).plain
    assert chart.splitlines() == ["T", " a ████ 2", "bb  —"]


def _created(ctx, *utc_times: datetime) -> None:
    for n, at in enumerate(utc_times):
        leads.add_lead(ctx, leads.NewLead(f"W{n}", at=at), allow_duplicate=True)


def test_weeks_across_the_spring_change_are_local_calendar_weeks(ctx, helsinki):
    # Helsinki moves from +2 to +3 on Sunday 29 March 2026; the clock stands in summer time.
    ctx.clock.set(datetime(2026, 4, 1, 12))
    _created(ctx,
             datetime(2026, 3, 22, 21, 30),  # Sunday 22 Mar 23:30 local (+2): the week of 16 Mar
             datetime(2026, 3, 22, 22, 30),  # Monday 23 Mar 00:30 local: the week of 23 Mar
             datetime(2026, 3, 29, 20, 30),  # Sunday 29 Mar 23:30 local (+3): the week of 23 Mar
             datetime(2026, 3, 29, 21, 30))  # Monday 30 Mar 00:30 local: the week of 30 Mar
    trend = weekly_trend(ctx, weeks=3)
    assert [p.monday for p in trend] == [date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 30)]
    assert [p.new for p in trend] == [1, 2, 1]


def test_weeks_across_the_autumn_change_are_local_calendar_weeks(ctx, helsinki):
    # Helsinki moves from +3 to +2 on Sunday 25 October 2026; the clock stands in winter time.
    ctx.clock.set(datetime(2026, 10, 28, 12))
    _created(ctx,
             datetime(2026, 10, 18, 20, 30),  # Sunday 18 Oct 23:30 local (+3): the week of 12 Oct
             datetime(2026, 10, 18, 21, 30),  # Monday 19 Oct 00:30 local: the week of 19 Oct
             datetime(2026, 10, 25, 21, 30),  # Sunday 25 Oct 23:30 local (+2): the week of 19 Oct
             datetime(2026, 10, 25, 22, 30))  # Monday 26 Oct 00:30 local: the week of 26 Oct
    trend = weekly_trend(ctx, weeks=3)
    assert [p.monday for p in trend] == [date(2026, 10, 12), date(2026, 10, 19), date(2026, 10, 26)]
    assert [p.new for p in trend] == [1, 2, 1]
