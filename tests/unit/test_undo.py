"""Undo: each change to a lead is taken back exactly, newest first, several steps deep."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.finding import views
from leadtui.leads import templates
from leadtui.leads import writes as leads
from leadtui.record import undo
from leadtui.scoring import icp, rules


def _state(lead_id: int):
    lead = Lead.get_or_none(Lead.id == lead_id)
    if lead is None:
        return None
    return (lead.name, lead.stage, lead.temperature, lead.temperature_pinned, lead.archived,
            lead.last_touched_at, lead.next_follow_up_at, lead.score, lead.stale_at,
            sorted(t.tag for t in LeadTag.select().where(LeadTag.lead == lead_id)),
            sorted((f.id, f.due_at, f.done_at) for f in FollowUp.select().where(FollowUp.lead == lead_id)),
            Activity.select().where(Activity.lead == lead_id).count(),
            StageChange.select().where(StageChange.lead == lead_id).count())


@pytest.fixture
def lead_id(ctx):
    return leads.add_lead(ctx, leads.NewLead("Aino Virtanen", company="Lumo Oy", tags=["vip"],
                                             next_at=ctx.now() + timedelta(days=1))).id


CHANGES = {
    "log": lambda ctx, i: leads.log_activity(ctx, i, "call", "asked for pricing",
                                             next_at=ctx.now() + timedelta(days=3)),
    "stage": lambda ctx, i: leads.change_stage(ctx, i, "offer"),
    "pin": lambda ctx, i: leads.pin_temperature(ctx, i, "hot"),
    "archive": lambda ctx, i: leads.set_archived(ctx, i, True),
    "edit": lambda ctx, i: leads.update_lead(ctx, i, name="Aino V", tags=["new"]),
    "done": lambda ctx, i: leads.complete_follow_up(ctx, FollowUp.get(FollowUp.lead == i).id),
    "snooze": lambda ctx, i: leads.snooze_follow_up(ctx, FollowUp.get(FollowUp.lead == i).id,
                                                    timedelta(days=1)),
    "delete": lambda ctx, i: leads.delete_lead(i, ctx),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_undo_puts_the_lead_back_as_it_was(ctx, lead_id, change):
    before = _state(lead_id)
    CHANGES[change](ctx, lead_id)
    assert _state(lead_id) != before
    undone = undo.undo_last(ctx)
    assert "Aino Virtanen" in undone.label
    assert _state(lead_id) == before


def test_several_steps_back_newest_first(ctx, lead_id):
    states = [_state(lead_id)]
    for change in ("log", "stage", "pin", "delete"):
        CHANGES[change](ctx, lead_id)
        states.append(_state(lead_id))
    labels = [undo.undo_last(ctx).label for _ in range(4)]
    assert [label.split(" (")[0] for label in labels] == ["delete", "pin hot", "stage → offer", "log call"]
    assert _state(lead_id) == states[0]
    assert undo.undo_last(ctx).label == "add (Aino Virtanen)"  # the adding itself, last
    assert _state(lead_id) is None
    with pytest.raises(undo.NothingToUndo):
        undo.undo_last(ctx)


def test_an_undone_delete_is_found_by_search_again(ctx, lead_id):
    from leadtui.finding.paging import iter_leads
    from leadtui.finding.queries import LeadFilter

    leads.log_activity(ctx, lead_id, "note", "zebra project")
    leads.delete_lead(lead_id, ctx)
    undo.undo_last(ctx)
    assert [r.id for r in iter_leads(ctx, LeadFilter(text="zebra"))] == [lead_id]


def test_leadtui_undo_from_the_shell(cli):
    assert cli("add", "Jane Doe")[0] == 0
    assert cli("stage", "1", "offer")[0] == 0
    code, out, _ = cli("undo", "--list")
    assert code == 0 and "stage → offer (Jane Doe)" in out
    code, out, _ = cli("undo")
    assert code == 0 and "undone: stage → offer (Jane Doe)" in out
    init_db(cli.db)
    assert Lead.get_by_id(1).stage == "interest"
    close_db()
    code, out, _ = cli("undo", "9")
    assert code == 0 and out.strip() == "undone: add (Jane Doe)"
    code, _, err = cli("undo")
    assert code == 1 and "nothing to undo" in err
    code, out, _ = cli("redo", "--list")
    assert code == 0 and "add (Jane Doe)" in out.splitlines()[0] and "stage → offer" in out.splitlines()[1]
    code, out, _ = cli("redo", "2")
    assert code == 0 and out.splitlines() == ["redone: add (Jane Doe)", "redone: stage → offer (Jane Doe)"]
    init_db(cli.db)
    assert Lead.get_by_id(1).stage == "offer"
    close_db()
    code, _, err = cli("redo")
    assert code == 1 and "nothing to redo" in err


@pytest.mark.parametrize("change", list(CHANGES))
def test_redo_puts_the_change_back_after_an_undo(ctx, lead_id, change):
    CHANGES[change](ctx, lead_id)
    after = _state(lead_id)
    undo.undo_last(ctx)
    redone = undo.redo_last(ctx)
    assert "Aino Virtanen" in redone.label
    assert _state(lead_id) == after
    with pytest.raises(undo.NothingToRedo):
        undo.redo_last(ctx)


def test_a_new_change_after_an_undo_ends_redo(ctx, lead_id):
    leads.change_stage(ctx, lead_id, "offer")
    undo.undo_last(ctx)
    leads.pin_temperature(ctx, lead_id, "warm")
    with pytest.raises(undo.NothingToRedo):
        undo.redo_last(ctx)
    assert Lead.get_by_id(lead_id).stage == "interest"


def test_undo_and_redo_adding_a_lead(ctx):
    lead = leads.add_lead(ctx, leads.NewLead("Mia Berg", company="Nord AB", tags=["x"]))
    before = _state(lead.id)
    assert undo.undo_last(ctx).label == "add (Mia Berg)"
    assert _state(lead.id) is None
    assert undo.redo_last(ctx).label == "add (Mia Berg)"
    assert _state(lead.id) == before


def _rules():
    return [(r.kind, r.points, r.days, r.field, r.value) for r in rules.load_rules()]


def test_undo_and_redo_rule_changes(ctx):
    original = _rules()
    added = rules.add_rule("meeting", 15, ctx=ctx)
    rules.update_rule(added.id, "meeting", 25, ctx=ctx)
    rules.delete_rule(rules.load_rules()[0].id, ctx=ctx)
    after = _rules()
    labels = [undo.undo_last(ctx) for _ in range(3)]
    assert [u.label for u in labels] == ["delete rule download +10", "edit rule meeting +15", "add rule meeting +15"]
    assert all(u.needs_rescore for u in labels)
    assert _rules() == original
    for _ in range(3):
        undo.redo_last(ctx)
    assert _rules() == after


def test_undo_and_redo_a_profile_edit(ctx):
    icp.save_profile(icp.Profile(age=(30, 40)), ctx)
    icp.save_profile(icp.Profile(age=(30, 40), industries=["saas"]), ctx)
    done = undo.undo_last(ctx)
    assert done.label == "profile edit" and done.needs_rescore
    assert icp.load_profile() == icp.Profile(age=(30, 40))
    undo.undo_last(ctx)
    assert icp.load_profile() == icp.Profile()
    undo.redo_last(ctx)
    undo.redo_last(ctx)
    assert icp.load_profile().industries == ["saas"]


def test_undo_and_redo_template_and_view_changes(ctx):
    def shown():
        return ([(t.name, t.body) for t in templates.list_templates()],
                [(v.name, v.query) for v in views.list_views()])

    original = shown()
    templates.add_template("Thanks", "Thanks {first_name}!", ctx=ctx)
    templates.update_template("Thanks", body="Many thanks!", ctx=ctx)
    views.save_view("Warm", "temp:warm", ctx)
    views.rename_view("Warm", "Warm ones", ctx)
    views.delete_view("Warm ones", ctx)
    templates.delete_template("Thanks", ctx=ctx)
    after = shown()
    labels = [undo.undo_last(ctx).label for _ in range(6)]
    assert labels == ["delete template 'Thanks'", "delete view 'Warm ones'", "rename view 'Warm' → 'Warm ones'",
                      "save view 'Warm'", "edit template 'Thanks'", "add template 'Thanks'"]
    assert shown() == original
    for _ in range(6):
        undo.redo_last(ctx)
    assert shown() == after


def test_leadtui_undo_and_redo_of_a_rule_rescore_from_the_shell(cli):
    assert cli("add", "Jane Doe")[0] == 0
    assert cli("log", "1", "meeting")[0] == 0
    assert cli("rules", "add", "meeting", "15")[0] == 0
    code, out, _ = cli("--format", "json", "show", "1")
    scored = json.loads(out)["score"]
    code, out, _ = cli("undo")
    assert code == 0 and out.splitlines() == ["undone: add rule meeting +15", "rescored 1 leads"]
    code, out, _ = cli("--format", "json", "show", "1")
    assert json.loads(out)["score"] == scored - 15
    code, out, _ = cli("redo")
    assert code == 0 and out.splitlines() == ["redone: add rule meeting +15", "rescored 1 leads"]
    code, out, _ = cli("--format", "json", "show", "1")
    assert json.loads(out)["score"] == scored


@pytest.mark.parametrize("change", ["edit", "delete", "stage"])
def test_undo_and_redo_give_the_lead_a_version_it_never_had(ctx, lead_id, change):
    CHANGES[change](ctx, lead_id)  # (a stage change leaves the version: no edited field moved)
    seen = []
    for step in (undo.undo_last, undo.redo_last, undo.undo_last, undo.redo_last, undo.undo_last):
        if Lead.get_or_none(Lead.id == lead_id) is not None:
            seen.append(Lead.get_by_id(lead_id).version)
        step(ctx)
    seen.append(Lead.get_by_id(lead_id).version)
    assert seen == sorted(set(seen)), f"a version came back: {seen}"


def test_an_editor_holding_the_undone_version_is_refused(ctx, lead_id):
    from leadtui.record.versions import EditConflict

    edited = leads.update_lead(ctx, lead_id, title="CTO")
    held = edited.version  # a stale editor opened the lead now
    undo.undo_last(ctx)
    leads.update_lead(ctx, lead_id, title="CEO")  # another edit after the undo
    with pytest.raises(EditConflict):
        leads.update_lead(ctx, lead_id, base={"version": held}, company="Stale Oy")
    assert Lead.get_by_id(lead_id).company == "Lumo Oy"
