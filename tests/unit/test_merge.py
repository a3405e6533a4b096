"""Merging duplicates: the lead merged into keeps its values, only its empty fields are filled,
a closed outcome stays closed, and one undo brings both leads back with everything they had."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.interop.merge import merge_leads, merge_preview
from leadtui.leads import writes as leads
from leadtui.record import undo
from leadtui.record.undo import snapshot
from leadtui.record.versions import EditConflict


def _pair(ctx):
    """The real lead (older, disqualified, with history) and a bare, newer duplicate with a typo."""
    real = leads.add_lead(ctx, leads.NewLead("Jonathan Smith", email="jon@acme.com", company="Acme",
                                             tags=["vip"], next_at=ctx.now() + timedelta(days=2)))
    leads.log_activity(ctx, real.id, "call", "asked about seats")
    leads.update_lead(ctx, real.id, title="CTO")
    leads.change_stage(ctx, real.id, "disqualified")
    ctx.clock.advance(hours=2)
    dupe = leads.add_lead(ctx, leads.NewLead("Jonathon Smith", email="jonathon@acme.io",
                                             phone="+358401234567", tags=["fair"],
                                             next_at=ctx.now() + timedelta(days=5)),
                          allow_duplicate=True)
    leads.log_activity(ctx, dupe.id, "email", "sent the deck")
    return real.id, dupe.id


def _everything(lead_id: int):
    """A lead's whole record as undo keeps it, the version aside (a restore gives a new one)."""
    data = snapshot(lead_id)
    data["lead"].pop("version", None)
    return data


def test_the_lead_merged_into_keeps_its_values_and_fills_only_its_empty_fields(ctx):
    real, dupe = _pair(ctx)
    result = merge_leads(ctx, real, dupe)
    kept = Lead.get_by_id(real)
    assert (kept.name, kept.email, kept.company, kept.title) == ("Jonathan Smith", "jon@acme.com", "Acme", "CTO")
    assert kept.phone == "+358 40 1234567"  # empty before: filled from the duplicate
    assert kept.stage == "disqualified"  # a closed outcome is never reopened
    assert set(result.fields_from_removed) == {"phone"}
    assert Lead.get_or_none(Lead.id == dupe) is None
    assert Activity.select().where(Activity.lead == real).count() == 2
    assert sorted(t.tag for t in LeadTag.select().where(LeadTag.lead == real)) == ["fair", "vip"]


def test_a_pick_never_reopens_a_closed_outcome_and_the_preview_does_not_offer_it(ctx):
    real, dupe = _pair(ctx)
    preview = merge_preview(ctx, real, dupe)
    picks = {c.name: c.take_other for c in preview.choices}
    assert "stage" not in picks
    assert {n: picks[n] for n in ("name", "email", "phone")} == {"name": False, "email": False, "phone": True}
    assert [n for n, take in picks.items() if take] == ["phone"]  # only the empty field is ticked
    merge_leads(ctx, real, dupe, choose={"stage": "other", "name": "other"})
    kept = Lead.get_by_id(real)
    assert kept.stage == "disqualified" and kept.name == "Jonathon Smith"  # the user's pick counts


@pytest.mark.both_engines
def test_one_undo_brings_both_leads_back_with_everything_they_had(ctx):
    real, dupe = _pair(ctx)
    before = (_everything(real), _everything(dupe))
    versions = (Lead.get_by_id(real).version, Lead.get_by_id(dupe).version)
    merge_leads(ctx, real, dupe)
    undone = undo.undo_last(ctx)
    assert undone.label.startswith(f"merge #{dupe} into #{real}")
    assert (_everything(real), _everything(dupe)) == before
    assert Lead.get_by_id(real).version > versions[0] and Lead.get_by_id(dupe).version > versions[1]
    # Activities, follow-ups, tags and the field history each belong to their own lead again.
    for model in (Activity, FollowUp, StageChange):
        assert model.select().where(model.lead == dupe).count() > 0
    undo.redo_last(ctx)
    assert Lead.get_or_none(Lead.id == dupe) is None
    assert Activity.select().where(Activity.lead == real).count() == 2
    undo.undo_last(ctx)
    assert (_everything(real), _everything(dupe)) == before


def test_leadtui_undo_after_merge_takes_the_merge_back(cli):
    assert cli("add", "Jonathan Smith", "--email", "jon@acme.com")[0] == 0
    assert cli("stage", "1", "disqualified")[0] == 0
    assert cli("add", "Jonathon Smith", "--email", "jon@acme.io", "--force")[0] == 0
    code, out, err = cli("merge", "1", "2")
    assert code == 0, err
    code, out, _ = cli("undo")
    assert code == 0 and out.strip() == "undone: merge #2 into #1 (Jonathan Smith)"
    init_db(cli.db)
    try:
        assert Lead.get_by_id(2).name == "Jonathon Smith" and Lead.get_by_id(1).stage == "disqualified"
    finally:
        close_db()


def test_a_merge_shown_on_older_versions_merges_nothing(ctx):
    real, dupe = _pair(ctx)
    preview = merge_preview(ctx, real, dupe)
    leads.update_lead(ctx, dupe, title="CEO")
    with pytest.raises(EditConflict):
        merge_leads(ctx, real, dupe, versions=preview.versions)
    assert Lead.get_or_none(Lead.id == dupe) is not None
    assert "merge" not in undo.recent_steps(1)[0].label
