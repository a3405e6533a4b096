"""Weekly and monthly reports on a hand-built history (the clock stands on Monday 23 Nov 2026, UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta

from leadtui.insight.periodic import periodic
from leadtui.leads import writes as leads


def _at(ctx, when: datetime) -> None:
    ctx.clock.set(when)


def _history(ctx) -> None:
    now = ctx.now()
    d = datetime
    _at(ctx, d(2026, 11, 17, 9))
    l1 = leads.add_lead(ctx, leads.NewLead("L1", direction="inbound")).id
    l2 = leads.add_lead(ctx, leads.NewLead("L2")).id
    _at(ctx, d(2026, 11, 17, 12))  # an activity is logged when it has happened
    leads.log_activity(ctx, l1, "call", at=d(2026, 11, 17, 12))
    _at(ctx, d(2026, 11, 18, 9))
    leads.change_stage(ctx, l2, "contact")
    _at(ctx, d(2026, 11, 19, 9))
    leads.change_stage(ctx, l1, "won")
    leads.add_lead(ctx, leads.NewLead("L5", at=d(2026, 10, 20, 9)))  # stale from 19 Nov
    leads.add_lead(ctx, leads.NewLead("L6", at=d(2026, 10, 24, 9)))  # stale from 23 Nov
    _at(ctx, d(2026, 11, 23, 9))
    l3 = leads.add_lead(ctx, leads.NewLead("L3", direction="inbound")).id
    l4 = leads.add_lead(ctx, leads.NewLead("L4")).id
    _at(ctx, d(2026, 11, 23, 10))
    leads.log_activity(ctx, l3, "email", at=d(2026, 11, 23, 10))
    _at(ctx, d(2026, 11, 23, 11))
    leads.change_stage(ctx, l4, "lost")
    _at(ctx, now)


def test_weekly_report_this_week_and_last(ctx):
    _history(ctx)
    report = periodic(ctx, "weekly").as_json()
    current, previous = report["current"], report["previous"]
    assert (current["label"], previous["label"]) == ("2026-W48", "2026-W47")
    assert {k: previous[k] for k in ("new", "contacted", "advanced", "won", "lost", "went_stale")} == {
        "new": 2, "contacted": 1, "advanced": 2, "won": 1, "lost": 0, "went_stale": 1}
    assert (previous["conversion"], previous["response_hours"]) == (0.5, 3.0)
    assert {k: current[k] for k in ("new", "contacted", "advanced", "won", "lost", "went_stale")} == {
        "new": 2, "contacted": 1, "advanced": 0, "won": 0, "lost": 1, "went_stale": 1}
    assert (current["conversion"], current["response_hours"]) == (0.0, 1.0)


def test_monthly_report(ctx):
    _history(ctx)
    report = periodic(ctx, "monthly")
    assert (report.current.label, report.previous.label) == ("2026-11", "2026-10")
    assert (report.current.new, report.current.won, report.current.lost, report.current.went_stale) == (4, 1, 1, 2)
    assert (report.previous.new, report.previous.won, report.previous.went_stale) == (2, 0, 0)


def test_markdown_and_csv_paste_into_an_email(ctx):
    _history(ctx)
    report = periodic(ctx, "weekly")
    md = report.markdown()
    assert md.startswith("## Weekly report: 2026-W48 (so far) vs 2026-W47")
    assert "| New leads | 2 | 2 | +0 |" in md
    assert "| Conversion (won / new) | 0% | 50% |  |" in md
    lines = report.csv().splitlines()
    assert lines[0] == "metric,2026-W48,2026-W47"
    assert "advanced,0,2" in lines and "conversion,0.0,0.5" in lines


def test_a_week_with_nothing_in_it(ctx):
    ctx.clock.advance(days=0)
    report = periodic(ctx, "weekly").as_json()
    assert report["current"]["new"] == 0 and report["current"]["conversion"] is None
    assert report["current"]["response_hours"] is None and report["current"]["response_leads"] == 0
    assert dict((r[0], r[1]) for r in periodic(ctx, "weekly").rows())["Median response (h)"] == "—"
    assert periodic(ctx, "weekly").current.end - periodic(ctx, "weekly").current.start == timedelta(weeks=1)


def test_the_median_response_says_how_many_leads_it_rests_on(ctx):
    _history(ctx)
    report = periodic(ctx, "weekly")
    assert (report.current.response_leads, report.previous.response_leads) == (1, 1)
    rows = {label: (current, previous) for label, current, previous, _change in report.rows()}
    assert rows["Median response (h)"] == ("1.0 (1 lead)", "3.0 (1 lead)")
    assert "| Median response (h) | 1.0 (1 lead) | 3.0 (1 lead) |  |" in report.markdown()
    assert "response_leads,1,1" in report.csv().splitlines()
    assert report.as_json()["current"]["response_leads"] == 1
    monthly = periodic(ctx, "monthly")
    assert dict((label, current) for label, current, _, _ in monthly.rows())["Median response (h)"] == (
        "2.0 (2 leads)")
