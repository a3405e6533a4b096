"""Who changed what: history, activities, follow-ups and undo steps carry their author, and undo
and redo take back only the author's own changes."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from leadtui.context import open_context
from leadtui.db.connection import close_db, set_author
from leadtui.db.models import Activity, FollowUp, StageChange, UndoStep
from leadtui.errors import InvalidInput
from leadtui.finding.queries import lead_detail
from leadtui.leads import writes as leads
from leadtui.record import undo


@pytest.fixture
def lead_id(ctx):
    set_author("ann")
    return leads.add_lead(ctx, leads.NewLead("Aino Virtanen", next_at=ctx.now() + timedelta(days=1))).id


def test_each_record_carries_who_made_it(ctx, lead_id):
    leads.log_activity(ctx, lead_id, "call", "talked budget")
    set_author("bob")
    leads.change_stage(ctx, lead_id, "contact")
    assert {a.author for a in Activity.select()} == {"ann"}
    assert {f.author for f in FollowUp.select()} == {"ann"}
    assert StageChange.get(StageChange.to_value == "contact").author == "bob"
    detail = lead_detail(ctx, lead_id)
    assert detail.activities[0].author == "ann"
    assert detail.changes[0].author == "bob"
    data = detail.as_json()
    assert data["activities"][0]["by"] == "ann" and data["changes"][0]["by"] == "bob"


def test_undo_takes_back_only_ones_own_change(ctx, lead_id):
    other = leads.add_lead(ctx, leads.NewLead("Other Lead")).id
    leads.update_lead(ctx, lead_id, company="Ann's edit")
    set_author("bob")
    leads.update_lead(ctx, other, company="Bob's edit")
    set_author("ann")
    done = undo.undo_last(ctx)
    assert done.lead_id == lead_id
    assert lead_detail(ctx, lead_id).lead.company == ""
    assert lead_detail(ctx, other).lead.company == "Bob's edit"
    assert undo.redo_last(ctx).lead_id == lead_id
    set_author("cy")
    with pytest.raises(undo.NothingToUndo, match="nothing of yours to undo .*bob's"):
        undo.undo_last(ctx)


def test_undo_never_takes_back_a_later_change_by_someone_else(ctx, lead_id):
    leads.update_lead(ctx, lead_id, company="Ann's edit")
    set_author("bob")
    ctx.clock.advance(minutes=5)
    leads.update_lead(ctx, lead_id, title="CTO")
    set_author("ann")
    with pytest.raises(InvalidInput, match="bob changed it after"):
        undo.undo_last(ctx)
    assert lead_detail(ctx, lead_id).lead.title == "CTO"
    assert UndoStep.select().where(UndoStep.undone == True).count() == 0  # noqa: E712


def test_a_file_s_changes_are_by_the_configured_owner(tmp_path, config, capsys):
    from leadtui.cli import main

    db = str(tmp_path / "own.db")
    config_file = tmp_path / "config.toml"
    config_file.write_text('owner = "anna"\n', encoding="utf-8")
    try:
        assert main(["--db", db, "--config", str(config_file), "add", "Jane", "--next", "tomorrow 9am"]) == 0
        assert main(["--db", db, "--config", str(config_file), "stage", "1", "contact"]) == 0
        capsys.readouterr()
        assert main(["--db", db, "--config", str(config_file), "show", "1"]) == 0
        shown = capsys.readouterr().out
        assert "History:" in shown and "(by anna)" in shown
        assert main(["--db", db, "--config", str(config_file), "show", "1", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["changes"][0]["by"] == "anna"
    finally:
        close_db()


def test_open_context_sets_the_author_of_a_file(tmp_path, config):
    open_context(tmp_path / "x.db", config)
    try:
        from leadtui.db.connection import current_author

        assert current_author() == config.owner
    finally:
        close_db()
