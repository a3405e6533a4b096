"""Follow-ups answered by logging, interest that makes a lead, closed leads that are never hot."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from leadtui.db.models import FollowUp, StageChange
from leadtui.finding import paging, queries
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.scoring import score as scoring


def _open(lead_id):
    return list(FollowUp.select().where(FollowUp.lead == lead_id, FollowUp.done_at.is_null()))


def test_logging_with_a_next_date_completes_the_overdue_follow_up(ctx, clock):
    lead_id = leads.add_lead(ctx, NewLead("Aino", at=clock.now() - timedelta(days=5))).id
    overdue = leads.schedule_follow_up(ctx, lead_id, clock.now() - timedelta(days=2), force=True)
    logged = leads.record_activity(ctx, lead_id, "call", next_at=clock.now() + timedelta(days=3))
    assert logged.completed.id == overdue.id
    assert [f.id for f in _open(lead_id)] == [logged.scheduled.id]
    assert leads.get_lead(lead_id).next_follow_up_at == clock.now() + timedelta(days=3)


def test_logging_leaves_a_follow_up_that_is_not_due_yet(ctx, clock):
    lead_id = leads.add_lead(ctx, NewLead("Eero")).id
    later = leads.schedule_follow_up(ctx, lead_id, clock.now() + timedelta(days=5))
    logged = leads.record_activity(ctx, lead_id, "call", next_at=clock.now() + timedelta(days=2))
    assert logged.completed is None
    assert {f.id for f in _open(lead_id)} == {later.id, logged.scheduled.id}
    assert leads.get_lead(lead_id).next_follow_up_at == clock.now() + timedelta(days=2)


def test_logging_without_a_next_date_completes_nothing(ctx, clock):
    lead_id = leads.add_lead(ctx, NewLead("Olli")).id
    leads.schedule_follow_up(ctx, lead_id, clock.now())
    assert leads.record_activity(ctx, lead_id, "note").completed is None
    assert len(_open(lead_id)) == 1


def test_the_cli_completes_and_prints_the_new_follow_up(tmp_path, capsys):
    from leadtui.cli import main
    from leadtui.db.connection import close_db

    db = str(tmp_path / "cli.db")
    try:
        assert main(["add", "Jane", "--at", "3 days ago", "--next", "yesterday", "--force", "--db", db]) == 0
        capsys.readouterr()
        assert main(["log", "1", "call", "--next", "2030-01-02 10:00", "--db", db]) == 0
        out = capsys.readouterr().out
        assert "logged call for #1 Jane; done [1]" in out and "next follow-up [2] 2030-01-02 10:00" in out
        assert main(["show", "1", "--format", "json", "--db", db]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert [f["id"] for f in shown["follow_ups"] if f["done_at"] is None] == [2]
    finally:
        close_db()


def test_an_empty_follow_up_date_is_a_clear_error(tmp_path, capsys):
    from leadtui.cli import main
    from leadtui.db.connection import close_db

    db = str(tmp_path / "cli.db")
    try:
        assert main(["add", "Jane", "--db", db]) == 0
        assert main(["follow", "1", "", "--db", db]) == 1
        assert "empty date" in capsys.readouterr().err
        assert main(["log", "1", "call", "--next", " ", "--db", db]) == 1
    finally:
        close_db()


@pytest.mark.parametrize("kind", ["meeting", "event", "form", "reply", "download"])
def test_interest_turns_a_prospect_into_a_lead_with_an_event(ctx, kind):
    lead_id = leads.add_lead(ctx, NewLead("Pia", kind="prospect")).id
    leads.log_activity(ctx, lead_id, kind)
    assert leads.get_lead(lead_id).kind == "lead"
    event = StageChange.get(StageChange.lead == lead_id, StageChange.field == "kind")
    assert (event.from_value, event.to_value) == ("prospect", "lead")


@pytest.mark.parametrize("kind", ["call", "email", "social", "note"])
def test_our_own_outreach_leaves_a_prospect_a_prospect(ctx, kind):
    lead_id = leads.add_lead(ctx, NewLead("Pia", kind="prospect")).id
    leads.log_activity(ctx, lead_id, kind)
    assert leads.get_lead(lead_id).kind == "prospect"


def test_a_stage_move_that_makes_a_lead_records_the_kind_change(ctx):
    lead_id = leads.add_lead(ctx, NewLead("Pia", kind="prospect")).id
    leads.change_stage(ctx, lead_id, "offer")
    assert leads.get_lead(lead_id).kind == "lead"
    assert StageChange.select().where(StageChange.lead == lead_id, StageChange.field == "kind").count() == 1


@pytest.mark.parametrize("stage", ["won", "lost", "disqualified"])
def test_closed_leads_are_never_hot(ctx, stage):
    lead_id = leads.add_lead(ctx, NewLead("Hanna")).id
    for _ in range(3):
        leads.log_activity(ctx, lead_id, "call")
    assert leads.get_lead(lead_id).temperature == "hot"
    leads.change_stage(ctx, lead_id, stage)

    def ids(query):
        return [r.id for r in list(paging.iter_leads(ctx, queries.LeadFilter(query=query)))]

    assert ids("temp:hot") == [] and ids("-temp:closed") == []
    assert ids("temp:closed") == [lead_id]
    assert queries.lead_row(ctx, lead_id).temperature == "closed"


def test_an_archived_lead_gets_no_qualification_suggestion(ctx):
    lead_id = leads.add_lead(ctx, NewLead("Ville")).id
    leads.log_activity(ctx, lead_id, "call")
    assert scoring.suggest_qualification(ctx, leads.get_lead(lead_id)) == "mql"
    leads.set_archived(ctx, lead_id)
    assert scoring.suggest_qualification(ctx, leads.get_lead(lead_id)) is None
