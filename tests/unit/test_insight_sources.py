"""Sources and channels, and the workload per owner, on hand-built histories."""

from __future__ import annotations

from datetime import timedelta

from insight_history import START_OF_HISTORY, build_funnel_history

from leadtui.insight.sources import sources
from leadtui.insight.workload import workload
from leadtui.leads import writes as leads


def _by_key(report):
    return {(row["source"], row["direction"]): row for row in report.as_json()}


def test_sources_per_source_and_direction(ctx):
    build_funnel_history(ctx, START_OF_HISTORY)
    rows = _by_key(sources(ctx))
    assert rows[("webinar", "inbound")] == {
        "source": "webinar", "direction": "inbound", "leads": 2, "sql": 2, "won": 1, "conversion": 0.5,
        "median_days_to_win": 12.0, "value_won": {"EUR": 12000.0}}
    assert rows[("cold-call", "outbound")] == {
        "source": "cold-call", "direction": "outbound", "leads": 1, "sql": 0, "won": 0, "conversion": 0.0,
        "median_days_to_win": None, "value_won": {}}
    assert rows[("fair", "outbound")]["leads"] == 1
    assert rows[("(all)", "inbound")]["won"] == 1 and rows[("(all)", "inbound")]["leads"] == 2
    assert rows[("(all)", "outbound")]["leads"] == 2 and rows[("(all)", "outbound")]["conversion"] == 0.0


def test_sources_rank_paying_channels_first_and_keep_currencies_apart(ctx):
    build_funnel_history(ctx, START_OF_HISTORY)
    usd = leads.add_lead(ctx, leads.NewLead("Sam", source="webinar", direction="inbound", value="$500")).id
    ctx.clock.advance(days=3)
    leads.change_stage(ctx, usd, "won")
    report = sources(ctx)
    assert report.rows[0].source == "webinar"
    assert dict(report.rows[0].value_won) == {"EUR": 1_200_000, "USD": 50_000}
    # Won after 12 days and after 3: the median of two.
    assert report.rows[0].median_days_to_win == 7.5


def test_sources_count_leads_created_in_the_period(ctx):
    build_funnel_history(ctx, START_OF_HISTORY)
    rows = _by_key(sources(ctx, since=START_OF_HISTORY + timedelta(hours=12)))
    assert ("cold-call", "outbound") not in rows  # created on day 0
    assert rows[("webinar", "inbound")]["leads"] == 1  # only C, created on day 1


def test_workload_per_owner(ctx):
    now = ctx.now()
    anna1 = leads.add_lead(ctx, leads.NewLead("A1", owner="anna", next_at=now - timedelta(days=1)),
                           date_confirmed=True).id
    leads.add_lead(ctx, leads.NewLead("A2", owner="anna", at=now - timedelta(days=60)))  # stale
    leads.pin_temperature(ctx, anna1, "hot")
    leads.add_lead(ctx, leads.NewLead("B1", owner="ben", next_at=now + timedelta(days=2)))
    won = leads.add_lead(ctx, leads.NewLead("B2", owner="ben")).id
    leads.change_stage(ctx, won, "won")
    gone = leads.add_lead(ctx, leads.NewLead("B3", owner="ben")).id
    leads.set_archived(ctx, gone)
    rows = {row["owner"]: row for row in workload(ctx).as_json()}
    assert rows["anna"] == {"owner": "anna", "leads": 2, "hot": 1, "stale": 1, "follow_ups": 1,
                            "overdue": 1, "share": round(2 / 3, 4)}
    assert rows["ben"] == {"owner": "ben", "leads": 1, "hot": 0, "stale": 0, "follow_ups": 1,
                           "overdue": 0, "share": round(1 / 3, 4)}
    assert [row["owner"] for row in workload(ctx).as_json()] == ["anna", "ben"]
