"""Staleness: thresholds by temperature and stage, the boundary, recomputing after config changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.db.models import Lead
from leadtui.finding import paging, queries
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.record.staleness import count_stale, ensure_thresholds_current, went_stale_between


def _lead(ctx, days_ago: float = 0, **kw) -> int:
    return leads.add_lead(ctx, NewLead("Mette Hansen", at=ctx.now() - timedelta(days=days_ago), **kw)).id


def _stale_at(lead_id):
    return Lead.get_by_id(lead_id).stale_at


@pytest.mark.parametrize(("temperature", "days"), [("hot", 2), ("warm", 7), ("cold", 30)])
def test_threshold_per_temperature(ctx, temperature, days):
    lead_id = _lead(ctx)
    leads.pin_temperature(ctx, lead_id, temperature)
    assert _stale_at(lead_id) == ctx.now() + timedelta(days=days)


def test_temperature_from_the_score_sets_the_threshold(ctx):
    lead_id = _lead(ctx)
    leads.log_activity(ctx, lead_id, "call")  # +20: warm
    lead = Lead.get_by_id(lead_id)
    assert lead.temperature == "warm"
    assert lead.stale_at == ctx.now() + timedelta(days=7)
    leads.log_activity(ctx, lead_id, "call")
    leads.log_activity(ctx, lead_id, "download")  # 50: hot
    lead = Lead.get_by_id(lead_id)
    assert lead.temperature == "hot"
    assert lead.stale_at == ctx.now() + timedelta(days=2)


def test_stale_exactly_at_the_threshold_and_not_a_minute_before(ctx, clock):
    lead_id = _lead(ctx, days_ago=30)
    fresh_id = _lead(ctx, days_ago=30 - 1 / (24 * 60))
    stale_ids = [r.id for r in paging.iter_leads(ctx, queries.LeadFilter(stale=True))]
    assert stale_ids == [lead_id]
    assert fresh_id not in stale_ids
    assert count_stale(ctx.now()) == 1
    clock.advance(minutes=1)
    assert count_stale(ctx.now()) == 2


def test_per_stage_override_from_config(ctx):
    ctx.config.stage_stale_days["offer"] = 3
    lead_id = _lead(ctx, days_ago=4)
    assert _stale_at(lead_id) == ctx.now() + timedelta(days=26)  # cold, interest: 30 days
    leads.change_stage(ctx, lead_id, "offer")
    assert _stale_at(lead_id) == ctx.now() - timedelta(days=1)
    assert [r.id for r in paging.iter_leads(ctx, queries.LeadFilter(stale=True))] == [lead_id]


def test_ensure_thresholds_current_recomputes_only_when_config_changes(ctx):
    old = _lead(ctx, days_ago=20)
    won = _lead(ctx, days_ago=50)
    leads.change_stage(ctx, won, "won")
    assert ensure_thresholds_current(ctx.config) == 2  # first run stores the signature
    assert ensure_thresholds_current(ctx.config) == 0
    assert count_stale(ctx.now()) == 0
    ctx.config.stale_days["cold"] = 10
    assert ensure_thresholds_current(ctx.config) == 2
    assert _stale_at(old) == ctx.now() - timedelta(days=10)
    assert _stale_at(won) is None
    assert count_stale(ctx.now()) == 1
    assert ensure_thresholds_current(ctx.config) == 0
    ctx.config.stage_stale_days["interest"] = 25
    assert ensure_thresholds_current(ctx.config) == 2
    assert _stale_at(old) == ctx.now() + timedelta(days=5)


def test_went_stale_between_counts_the_window(ctx, clock):
    _lead(ctx, days_ago=29)
    _lead(ctx, days_ago=10)
    before = ctx.now()
    clock.advance(days=1, minutes=1)
    assert went_stale_between(before, ctx.now()) == 1
    assert went_stale_between(ctx.now(), ctx.now() + timedelta(days=1)) == 0


def test_a_touch_makes_a_stale_lead_fresh(ctx):
    lead_id = _lead(ctx, days_ago=45)
    assert count_stale(ctx.now()) == 1
    leads.log_activity(ctx, lead_id, "email")
    assert count_stale(ctx.now()) == 0
    assert not queries.lead_row(ctx, lead_id).stale


def test_a_note_leaves_a_stale_lead_stale(ctx):
    lead_id = _lead(ctx, days_ago=45)
    leads.log_activity(ctx, lead_id, "note", "still no answer")
    assert queries.lead_row(ctx, lead_id).stale


def test_a_command_started_after_the_thresholds_changed_recomputes_the_deadlines(cli, monkeypatch, tmp_path):
    from leadtui.db.connection import close_db

    assert cli("add", "Aino Virtanen")[0] == 0
    close_db()
    config = tmp_path / "config.toml"
    config.write_text("[staleness]\ncold = 3\n")
    monkeypatch.setenv("LEADTUI_CONFIG", str(config))
    assert cli("list")[0] == 0
    lead = Lead.get()
    assert lead.stale_at == lead.last_touched_at + timedelta(days=3)
