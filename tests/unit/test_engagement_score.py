"""The example table from the source documents: call +20, download +10, reply +5,
and -10 for every 30 days without a reaction."""

from __future__ import annotations

from datetime import timedelta

from leadtui.db.models import Lead
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.scoring import score as scoring


def _engagement(ctx, lead_id) -> int:
    return scoring.breakdown(ctx, Lead.get_by_id(lead_id)).engagement


def _example(ctx) -> int:
    forty = ctx.now() - timedelta(days=40)
    lead_id = leads.add_lead(ctx, NewLead("Sanna Laine", at=forty)).id
    leads.log_activity(ctx, lead_id, "call", at=forty)
    leads.log_activity(ctx, lead_id, "download", at=forty + timedelta(minutes=5))
    return lead_id


def test_call_and_download_forty_days_ago_then_silence(ctx):
    lead_id = _example(ctx)
    lead = Lead.get_by_id(lead_id)
    assert lead.engagement_score == 20  # 20 + 10 - 10 for one silent 30 days
    assert lead.score == lead.fit_score + 20
    result = scoring.breakdown(ctx, lead)
    assert sorted(line.points for line in result.lines) == [-10, 10, 20]


def test_a_reply_adds_five_and_the_old_silence_still_counts_once(ctx, clock):
    lead_id = _example(ctx)
    leads.log_activity(ctx, lead_id, "reply")
    assert Lead.get_by_id(lead_id).engagement_score == 25
    clock.advance(days=29, hours=23)
    assert _engagement(ctx, lead_id) == 25  # no new penalty before 30 more silent days
    clock.advance(hours=1)
    assert _engagement(ctx, lead_id) == 15


def test_our_own_email_does_not_break_the_silence(ctx):
    lead_id = _example(ctx)
    leads.log_activity(ctx, lead_id, "email", "any news?")
    assert _engagement(ctx, lead_id) == 20
    assert Lead.get_by_id(lead_id).engagement_score == 20


def test_silence_grows_with_every_thirty_days(ctx, clock):
    lead_id = _example(ctx)
    clock.advance(days=19)
    assert _engagement(ctx, lead_id) == 20  # 59 days: still one stretch
    clock.advance(days=1, minutes=5)
    assert _engagement(ctx, lead_id) == 10  # 60 days after the download: two


def test_temperature_follows_engagement(ctx, clock):
    lead_id = _example(ctx)
    assert Lead.get_by_id(lead_id).temperature == "warm"  # 20 ≥ warm_at
    clock.advance(days=20, minutes=5)
    scoring.rescore_lead(ctx, Lead.get_by_id(lead_id))
    lead = Lead.get_by_id(lead_id)
    assert (lead.engagement_score, lead.temperature) == (10, "cold")
    assert lead.stale_at == lead.last_touched_at + timedelta(days=30)
