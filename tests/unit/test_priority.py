"""Who next: Today's priority on worked examples, tuned by [priority], the same in SQL and words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.config import config_from_dict
from leadtui.db.models import Lead
from leadtui.errors import ConfigError
from leadtui.finding import priority, queries
from leadtui.leads import writes as leads


def _add(ctx, name, *, ago_hours=240.0, next_in_hours=None, direction="outbound", value=""):
    now = ctx.now()
    lead = leads.add_lead(ctx, leads.NewLead(
        name, direction=direction, at=now - timedelta(hours=ago_hours), value=value,
        next_at=None if next_in_hours is None else now + timedelta(hours=next_in_hours)), force=True)
    return lead.id


@pytest.fixture
def morning(ctx):
    """A hot lead two days overdue, a cold one due today, an inbound one 1 h before its target."""
    hot = _add(ctx, "Hot Overdue", next_in_hours=-50, value="12k EUR")
    leads.pin_temperature(ctx, hot, "hot")
    cold = _add(ctx, "Cold Due", next_in_hours=3)
    inbound = _add(ctx, "New Inbound", ago_hours=23, direction="inbound")
    return {"hot": hot, "cold": cold, "inbound": inbound}


def _order(ctx):
    return [item.lead.name for item in queries.today(ctx).ranked()]


def test_hot_overdue_outranks_cold_due_and_inbound_near_its_target_outranks_both(ctx, morning):
    assert _order(ctx) == ["New Inbound", "Hot Overdue", "Cold Due"]


def test_a_fresh_inbound_lead_waits_behind_the_hot_overdue_one(ctx, morning):
    Lead.update(created_at=ctx.now() - timedelta(hours=1)).where(Lead.id == morning["inbound"]).execute()
    assert _order(ctx) == ["Hot Overdue", "New Inbound", "Cold Due"]


def test_weights_from_config_change_the_order(ctx, morning):
    ctx.config.priority = config_from_dict({"priority": {"hot": 0, "due": 90, "inbound_at_target": 20}}).priority
    assert _order(ctx) == ["Cold Due", "Hot Overdue", "New Inbound"]


def test_each_row_says_why_in_a_few_words(ctx, morning):
    rows = {item.lead.name: item.priority for item in queries.today(ctx).ranked()}
    assert rows["Hot Overdue"].reason_line() == "hot · 2 d overdue · 12k EUR"
    assert rows["New Inbound"].reason_line() == "inbound · reply due in 1 h"
    assert rows["Cold Due"].reason_line() == "due today"
    hot = rows["Hot Overdue"]
    assert [round(p.points, 2) for p in hot.parts] == [40, round(20 + 4 * 50 / 24, 2), 10]
    assert hot.total == pytest.approx(40 + 20 + 4 * 50 / 24 + 10)


def test_a_touch_today_pushes_a_lead_down(ctx, morning):
    leads.log_activity(ctx, morning["hot"], "call", next_at=ctx.now() - timedelta(hours=50), force=True)
    item = next(i for i in queries.today(ctx).ranked() if i.lead.name == "Hot Overdue")
    last = item.priority.parts[-1]
    assert (last.points, last.reason) == (-30, "touched 1 h ago")


@pytest.mark.both_engines
def test_sql_and_the_words_agree_on_every_item(ctx, morning):
    """The order comes from SQL; the breakdown from Python: the totals are the same numbers."""
    _add(ctx, "Stale Cold", ago_hours=24 * 45)
    leads.change_stage(ctx, morning["cold"], "offer")
    view = queries.today(ctx)
    start_target = ctx.config.response_target_hours
    for item in view.ranked():
        expr = priority.expression(ctx.config.priority, item.section, ctx.now(), start_target)
        (sql_total,) = Lead.select(expr).where(Lead.id == item.lead.id).tuples().get()
        assert sql_total == pytest.approx(item.priority.total, abs=0.01), item.lead.name
    assert {i.section for i in view.ranked()} == {"overdue", "due", "stale", "inbound"}


def test_ranked_stops_where_a_longer_section_could_hide_an_item(ctx):
    for n in range(4):
        _add(ctx, f"Due {n}", next_in_hours=3 + n)
    _add(ctx, "Inbound", ago_hours=1, direction="inbound")
    view = queries.today(ctx, limit=2)
    assert view.counts["due"] == 4 and len(view.due) == 2
    ranked = view.ranked()
    assert [i.lead.name for i in ranked][0] == "Inbound"
    assert all(i.priority.total >= view.due[-1].priority.total for i in ranked)
    assert len(view.ranked(exact=False)) == 3  # Today's screen: every row read, in order


@pytest.mark.parametrize("table, message", [
    ({"hott": 1}, "did you mean 'priority.hot'"),
    ({"hot": "a lot"}, "priority.hot must be a number"),
    ({"stage": {"offerr": 3}}, "did you mean 'priority.stage.offer'"),
    ({"stage": 3}, "priority.stage must be a table"),
    ({"overdue_days_max": -1}, "priority.overdue_days_max"),
])
def test_priority_config_is_strict(table, message):
    with pytest.raises(ConfigError, match=message):
        config_from_dict({"priority": table})


def test_priority_config_sets_weights():
    weights = config_from_dict({"priority": {"hot": 60, "stage": {"offer": 30}}}).priority
    assert (weights.hot, weights.stage["offer"], weights.stage["decision"]) == (60, 30, 20)


def test_next_prints_the_order_with_the_same_reasons(ctx, morning, capsys):
    import argparse

    from leadtui.cli import daily

    data, show = daily.cmd_next(ctx, argparse.Namespace(count=2, mine=None))
    assert [(i["name"], i["section"], i["reasons"]) for i in data["items"]] == [
        ("New Inbound", "inbound", ["inbound · reply due in 1 h"]),
        ("Hot Overdue", "overdue", ["hot", "2 d overdue", "12k EUR"]),
    ]
    assert data["items"][1]["id"] == morning["hot"] and data["items"][1]["priority"] == pytest.approx(78.3, abs=0.1)
    show()
    out = capsys.readouterr().out
    assert "hot · 2 d overdue · 12k EUR" in out and "New inbound" in out and "Cold Due" not in out


def test_the_lead_page_shows_the_whole_breakdown(ctx, morning):
    detail = queries.lead_detail(ctx, morning["hot"])
    item = next(i for i in queries.today(ctx).ranked() if i.lead.id == morning["hot"])
    assert detail.priority == item.priority
    assert detail.as_json()["priority"]["reasons"] == ["hot", "2 d overdue", "12k EUR"]
    assert [p["reason"].split(":")[0] for p in detail.as_json()["priority"]["parts"]] == [
        "hot", "follow-up 2 d overdue", "deal value 12k EUR"]
    leads.schedule_follow_up(ctx, morning["hot"], ctx.now() + timedelta(days=3), force=True)
    leads.complete_follow_up(ctx, queries.lead_detail(ctx, morning["hot"]).open_follow_ups[0].id)
    assert queries.lead_detail(ctx, morning["hot"]).priority is None  # next one in 3 days: not on Today


def test_next_from_the_shell(cli, capsys):
    assert cli("add", "Mia Berg", "--inbound")[0] == 0
    code, out, _ = cli("next", "--format", "json")
    assert code == 0 and '"reasons"' in out and '"section": "inbound"' in out
    with pytest.raises(SystemExit) as exit_:
        cli("next", "0")
    assert exit_.value.code == 2 and "N must be 1 to 1000" in capsys.readouterr().err
