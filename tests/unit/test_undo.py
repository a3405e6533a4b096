"""Undo: each change to a lead is taken back exactly, newest first, several steps deep."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui import leads, undo
from leadtui.cli import main
from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange


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
    with pytest.raises(undo.NothingToUndo):
        undo.undo_last(ctx)


def test_an_undone_delete_is_found_by_search_again(ctx, lead_id):
    from leadtui.queries import LeadFilter, list_leads

    leads.log_activity(ctx, lead_id, "note", "zebra project")
    leads.delete_lead(lead_id, ctx)
    undo.undo_last(ctx)
    assert [r.id for r in list_leads(ctx, LeadFilter(text="zebra"))] == [lead_id]


def test_leadtui_undo_from_the_shell(tmp_path, capsys):
    db = str(tmp_path / "x.db")

    def cli(*argv):
        code = main([*argv, "--db", db])
        out, err = capsys.readouterr()
        return code, out, err

    assert cli("add", "Jane Doe")[0] == 0
    assert cli("stage", "1", "offer")[0] == 0
    code, out, _ = cli("undo", "--list")
    assert code == 0 and "stage → offer (Jane Doe)" in out
    code, out, _ = cli("undo", "9")
    assert code == 0 and "undone: stage → offer (Jane Doe)" in out
    init_db(db)
    assert Lead.get_by_id(1).stage == "interest"
    close_db()
    code, _, err = cli("undo")
    assert code == 1 and "nothing to undo" in err
