"""Response time to inbound leads: median, 90th percentile, share within target, breaches."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.config import Config, config_from_dict
from leadtui.errors import ConfigError
from leadtui.insight.response import describe_time_left, response
from leadtui.leads import writes as leads


def _inbound(ctx, name, created, contact_after_hours=None, kind="call"):
    lead_id = leads.add_lead(ctx, leads.NewLead(name, direction="inbound", at=created)).id
    if contact_after_hours is not None:
        leads.log_activity(ctx, lead_id, kind, at=created + timedelta(hours=contact_after_hours))
    return lead_id


def _history(ctx):
    now = ctx.now()
    day0 = now - timedelta(days=10)
    _inbound(ctx, "R1", day0, 2)
    _inbound(ctx, "R2", day0, 10, "email")
    late = _inbound(ctx, "R3", day0, 30)
    later = _inbound(ctx, "R4", day0, 50, "meeting")
    waiting = _inbound(ctx, "R5", now - timedelta(hours=48))
    _inbound(ctx, "R6", now - timedelta(hours=2))  # waiting, still within the target
    leads.add_lead(ctx, leads.NewLead("Outbound", at=day0))
    noted = _inbound(ctx, "R8", day0)
    leads.log_activity(ctx, noted, "note", at=day0 + timedelta(hours=1))  # a note is not contact
    leads.log_activity(ctx, noted, "call", at=day0 + timedelta(hours=5))
    return waiting, later, late


def test_response_figures(ctx):
    waiting, later, late = _history(ctx)
    report = response(ctx)
    data = report.as_json()
    assert (data["inbound"], data["contacted"], data["waiting"], data["never_contacted"]) == (7, 5, 2, 0)
    assert data["median_hours"] == 10.0  # of 2, 5, 10, 30, 50
    assert data["p90_hours"] == 50.0  # nearest rank: the 5th of 5
    assert data["within_target"] == 0.5  # 3 of 6 decided (R6 is not decided yet)
    assert data["breach_count"] == 3
    assert [b["id"] for b in data["breaches"]] == [waiting, later, late]  # still waiting first
    assert data["breaches"][0]["waiting"] is True and data["breaches"][0]["hours"] == 48.0


def test_response_target_comes_from_config(ctx):
    _history(ctx)
    ctx.config.response_target_hours = 4
    data = response(ctx).as_json()
    assert data["within_target"] == round(1 / 6, 4)  # only R1 of 6; R6 (2h waiting) is undecided
    assert data["breach_count"] == 5


def test_response_since_limits_to_leads_created_in_the_period(ctx):
    _history(ctx)
    data = response(ctx, since=ctx.now() - timedelta(days=3)).as_json()
    assert (data["inbound"], data["contacted"], data["median_hours"]) == (2, 0, None)


@pytest.mark.parametrize(("typed", "hours"), [("30m", 0.5), ("4h", 4.0), ("2d", 48.0), (6, 6.0), ("1.5h", 1.5)])
def test_response_target_config_values(typed, hours):
    assert config_from_dict({"response_target": typed}).response_target_hours == hours
    assert Config().response_target_hours == 24


@pytest.mark.parametrize("typed", ["soon", 0, "-2h", True])
def test_bad_response_target_is_a_config_error(typed):
    with pytest.raises(ConfigError, match="response_target"):
        config_from_dict({"response_target": typed})


def test_time_left_for_todays_inbound_rows(clock):
    now = clock.now()
    assert describe_time_left(now - timedelta(hours=20), now, 24) == "4h left"
    assert describe_time_left(now - timedelta(hours=30), now, 24) == "6h past target"


def test_inbound_is_contacted_plus_waiting_plus_closed_or_archived_never_contacted(ctx):
    from leadtui.insight.tables import response_summary

    _history(ctx)
    lost = _inbound(ctx, "Lost before any call", ctx.now() - timedelta(days=3))
    leads.change_stage(ctx, lost, "lost")
    archived = _inbound(ctx, "Archived unanswered", ctx.now() - timedelta(days=3))
    leads.set_archived(ctx, archived, True)
    report = response(ctx)
    assert (report.inbound, report.contacted, report.waiting, report.never_contacted) == (9, 5, 2, 2)
    assert report.inbound == report.contacted + report.waiting + report.never_contacted
    rows = dict(response_summary(report)[1])
    assert (rows["inbound leads"], rows["contacted"], rows["still waiting"],
            rows["closed or archived, never contacted"]) == ("9", "5", "2", "2")
