"""Follow-ups you can manage: list, reschedule, reword, cancel; closed ones stay; the CLI commands."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from leadtui.cli import main
from leadtui.db.connection import close_db, init_db
from leadtui.db.models import FollowUp, Lead
from leadtui.errors import InvalidInput
from leadtui.leads import followups
from leadtui.leads import writes as leads
from leadtui.record import undo


@pytest.fixture
def lead_id(ctx):
    lead = leads.add_lead(ctx, leads.NewLead("Aino Virtanen", next_at=ctx.now() + timedelta(days=1)))
    leads.schedule_follow_up(ctx, lead.id, ctx.now() + timedelta(days=5), "send the offer")
    return lead.id


def test_reschedule_reword_cancel_and_the_lead_follows(ctx, lead_id):
    first, second = followups.list_follow_ups(lead_id)
    followups.reschedule(ctx, first.id, ctx.now() + timedelta(days=9))
    assert Lead.get_by_id(lead_id).next_follow_up_at == second.due_at
    followups.set_what(ctx, second.id, "send the revised offer")
    followups.cancel(ctx, second.id)
    assert [f.what for f in followups.list_follow_ups(lead_id)] == [""]
    closed = followups.list_follow_ups(lead_id, include_closed=True)
    assert [(f.what, f.status) for f in closed] == [("", "open"), ("send the revised offer", "cancelled")]
    with pytest.raises(InvalidInput, match="already cancelled"):
        followups.cancel(ctx, second.id)
    undo.undo_last(ctx)
    assert FollowUp.get_by_id(second.id).cancelled_at is None


def test_log_says_what_the_next_follow_up_is_for(ctx, lead_id):
    leads.log_activity(ctx, lead_id, "call", next_at=ctx.now() + timedelta(days=2), next_what="demo")
    assert "demo" in [f.what for f in followups.list_follow_ups(lead_id)]


def test_cli_followups_reschedule_snooze_cancel(tmp_path, capsys):
    db = str(tmp_path / "x.db")

    def cli(*argv):
        code = main([*argv, "--db", db])
        out, err = capsys.readouterr()
        return code, out, err

    assert cli("add", "Jane Doe", "--next", "tomorrow 9am")[0] == 0
    assert cli("follow", "1", "in 3 days", "--what", "send the offer")[0] == 0
    code, out, _ = cli("followups", "1")
    assert code == 0 and "send the offer" in out
    code, out, _ = cli("reschedule", "2", "in 10 days", "--what", "send the new offer")
    assert code == 0 and "send the new offer" in out
    assert cli("snooze", "1", "in 2 days")[0] == 0
    code, out, _ = cli("cancel", "2")
    assert code == 0 and "cancelled [2]" in out
    code, out, _ = cli("followups", "--format", "json")
    assert [f["id"] for f in json.loads(out)] == [1]
    code, out, _ = cli("followups", "--all", "--format", "json")
    assert {f["id"]: f["status"] for f in json.loads(out)} == {1: "open", 2: "cancelled"}
    code, _, err = cli("cancel", "2")
    assert code == 1 and "already cancelled" in err
    code, _, err = cli("reschedule", "99", "tomorrow")
    assert code == 1 and "no follow-up with id 99" in err
    code, _, err = cli("reschedule", "1", "someday maybe")
    assert code == 1 and err.strip()
    init_db(db)
    assert FollowUp.get_by_id(1).due_at > FollowUp.get_by_id(1).created_at + timedelta(days=1)
    close_db()
