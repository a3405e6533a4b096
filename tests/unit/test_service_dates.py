"""What the services accept as dates: no future activities, nothing before the lead, doubtful follow-ups."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from leadtui.db.models import Activity, FollowUp
from leadtui.errors import DoubtfulDate, InvalidInput
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead


def _lead(ctx, **kw):
    return leads.add_lead(ctx, NewLead("Aino Virtanen", **kw)).id


def test_an_activity_in_the_future_is_refused(ctx):
    lead_id = _lead(ctx)
    with pytest.raises(InvalidInput, match="is in the future"):
        leads.log_activity(ctx, lead_id, "call", at=ctx.now() + timedelta(hours=2))
    assert Activity.select().count() == 0


def test_an_activity_before_the_lead_was_created_names_both_dates(ctx):
    lead_id = _lead(ctx, at=datetime(2026, 11, 20, 10, 0))
    with pytest.raises(InvalidInput) as err:
        leads.log_activity(ctx, lead_id, "call", at=datetime(2026, 11, 2, 15, 0))
    assert "2026-11-02 15:00" in str(err.value) and "2026-11-20 10:00" in str(err.value)
    assert Activity.select().count() == 0
    leads.log_activity(ctx, lead_id, "call", at=datetime(2026, 11, 20, 10, 0))  # the same moment is fine


def test_meeting_a_lead_in_the_future_is_refused(ctx):
    with pytest.raises(InvalidInput, match="in the future"):
        _lead(ctx, at=ctx.now() + timedelta(days=1))


@pytest.mark.parametrize(("due", "why"), [
    (timedelta(days=-1), "in the past"),
    (timedelta(days=10_000), "years away"),
])
def test_a_doubtful_follow_up_needs_force(ctx, due, why):
    lead_id = _lead(ctx)
    with pytest.raises(DoubtfulDate, match=why):
        leads.schedule_follow_up(ctx, lead_id, ctx.now() + due)
    with pytest.raises(DoubtfulDate, match=why):
        leads.log_activity(ctx, lead_id, "call", next_at=ctx.now() + due)
    with pytest.raises(DoubtfulDate, match=why):
        leads.add_lead(ctx, NewLead("Eero", next_at=ctx.now() + due))
    assert FollowUp.select().count() == 0 and Activity.select().count() == 0
    leads.schedule_follow_up(ctx, lead_id, ctx.now() + due, force=True)
    leads.add_lead(ctx, NewLead("Eero", next_at=ctx.now() + due), date_confirmed=True)
    assert FollowUp.select().count() == 2


def test_a_follow_up_earlier_today_needs_force_but_just_now_does_not(ctx):
    lead_id = _lead(ctx)
    with pytest.raises(DoubtfulDate, match="in the past"):
        leads.schedule_follow_up(ctx, lead_id, ctx.now() - timedelta(hours=3))
    leads.schedule_follow_up(ctx, lead_id, ctx.now() - timedelta(minutes=1))  # the minute typed
    assert FollowUp.select().count() == 1


def test_the_cli_reads_a_time_alone_as_its_next_occurrence_and_refuses_today_earlier(cli, clock, monkeypatch):
    monkeypatch.setattr("leadtui.context.Clock", lambda: clock)  # 2026-11-23 12:00
    cli("add", "Aino Virtanen")
    code, out, err = cli("follow", "1", "today 9am")
    assert code != 0 and "is in the past" in err and "--force" in err
    code, out, _ = cli("follow", "1", "klo 9.30")
    assert code == 0 and "2026-11-24 09:30" in out
    code, out, _ = cli("follow", "1", "today 9am", "--force")
    assert code == 0 and "2026-11-23 09:00" in out
