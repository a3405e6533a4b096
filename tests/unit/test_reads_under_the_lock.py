"""Writes derived from stored values read those values under the write lock they are written with.

Each test lets "another process" commit a change just before the service takes its write lock
(after anything the service read beforehand), and checks the service built on what is stored.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import timedelta

from leadtui.db.models import Lead, StageChange
from leadtui.demo import dataset as demo
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.record import staleness
from leadtui.scoring import rescore, rules
from leadtui.scoring import score as scoring


def write_just_before_the_lock(monkeypatch, module, other_write) -> None:
    """`module`'s next write transaction starts just after `other_write` was committed."""
    real = module.write_transaction
    waiting = [other_write]

    @contextmanager
    def transaction():
        if waiting:
            waiting.pop()()
        with real():
            yield

    monkeypatch.setattr(module, "write_transaction", transaction)


def test_a_stage_step_starts_from_the_stage_stored_when_it_is_written(ctx, db_path, monkeypatch):
    lead_id = leads.add_lead(ctx, NewLead("Aino Virtanen")).id
    leads.change_stage(ctx, lead_id, "contact")  # what the board shows

    def other_process_moves_it_to_offer():
        with sqlite3.connect(db_path) as other:
            other.execute("UPDATE lead SET stage = 'offer' WHERE id = ?", (lead_id,))

    write_just_before_the_lock(monkeypatch, leads, other_process_moves_it_to_offer)
    step = leads.step_stage(ctx, lead_id, 1)
    assert (step.before, step.after) == ("offer", "decision")
    assert leads.get_lead(lead_id).stage == "decision"
    last = StageChange.select().where(StageChange.lead == lead_id, StageChange.field == "stage").order_by(
        StageChange.id.desc()).first()
    assert (last.from_value, last.to_value) == ("offer", "decision")


def test_a_stage_step_at_an_end_changes_nothing_and_says_where_the_lead_is(ctx, db_path, monkeypatch):
    lead_id = leads.add_lead(ctx, NewLead("Lars Nielsen")).id

    def other_process_closes_it():
        with sqlite3.connect(db_path) as other:
            other.execute("UPDATE lead SET stage = 'won' WHERE id = ?", (lead_id,))

    write_just_before_the_lock(monkeypatch, leads, other_process_closes_it)
    step = leads.step_stage(ctx, lead_id, 1)  # the screen still shows it in Interest
    assert (step.before, step.after) == ("won", None)
    assert leads.get_lead(lead_id).stage == "won"
    assert leads.step_stage(ctx, lead_id, -1).after == "decision"
    disqualified = leads.add_lead(ctx, NewLead("Olga Ivanova")).id
    leads.change_stage(ctx, disqualified, "disqualified")
    assert leads.step_stage(ctx, disqualified, -1).after is None


def test_new_deadlines_after_a_threshold_change_keep_a_touch_made_meanwhile(ctx, monkeypatch):
    lead_id = leads.add_lead(ctx, NewLead("Mette Hansen", at=ctx.now() - timedelta(days=20))).id
    staleness.ensure_thresholds_current(ctx.config)
    ctx.config.stale_days["cold"] = 10
    ctx.config.stale_days["warm"] = 9

    write_just_before_the_lock(monkeypatch, staleness,
                               lambda: leads.log_activity(ctx, lead_id, "call"))  # warm, touched now
    assert staleness.ensure_thresholds_current(ctx.config) == 1
    lead = Lead.get_by_id(lead_id)
    assert (lead.last_touched_at, lead.temperature) == (ctx.now(), "warm")
    assert lead.stale_at == ctx.now() + timedelta(days=9)


def test_due_scores_use_the_rules_stored_when_they_are_written(ctx, monkeypatch):
    lead_id = leads.add_lead(ctx, NewLead("Eero Koski")).id
    leads.log_activity(ctx, lead_id, "call")
    Lead.update(score_changes_at=ctx.now() - timedelta(minutes=1)).where(Lead.id == lead_id).execute()
    call_rule = next(r for r in rules.load_rules() if r.kind == "call" and not r.field)

    def other_process_changes_the_rule_and_rescores():
        rules.update_rule(call_rule.id, "call", call_rule.points + 15, call_rule.days, ctx=ctx)
        rescore.rescore_all(ctx)

    write_just_before_the_lock(monkeypatch, rescore, other_process_changes_the_rule_and_rescores)
    assert rescore.rescore_due(ctx) == 1
    lead = Lead.get_by_id(lead_id)
    assert lead.score == scoring.breakdown(ctx, lead).score
    assert lead.engagement_score == call_rule.points + 15


def test_demo_leads_follow_a_lead_added_meanwhile(ctx, monkeypatch):
    write_just_before_the_lock(monkeypatch, demo,
                               lambda: leads.add_lead(ctx, NewLead("Added elsewhere")))
    demo.generate_demo(ctx, count=20, seed=3)
    assert Lead.select().count() == 21
    assert Lead.select().where(Lead.name == "Added elsewhere").count() == 1
