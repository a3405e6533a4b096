"""Owner changes in the field history, `add --owner`, and imports and merges that refuse stale writes."""

from __future__ import annotations

import pytest

from leadtui.db.models import Lead, StageChange
from leadtui.finding import owners
from leadtui.interop import importer
from leadtui.interop.merge import merge_leads, merge_preview
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.record.dedupe import DuplicateIndex
from leadtui.record.versions import EditConflict

pytestmark = pytest.mark.both_engines


def _owner_events(lead_id: int) -> list[tuple[str, str]]:
    return [(c.from_value, c.to_value) for c in StageChange.select().where(
        StageChange.lead == lead_id, StageChange.field == "owner").order_by(StageChange.id)]


def _version(lead_id: int) -> int:
    return Lead.get_by_id(lead_id).version


def test_owner_changes_are_in_the_field_history_whoever_makes_them(ctx):
    lead = leads.add_lead(ctx, NewLead("Aino", owner="ann"))
    leads.update_lead(ctx, lead.id, owner="bob")
    assert _owner_events(lead.id) == [("ann", "bob")]
    version = _version(lead.id)
    owners.assign(ctx, f"name:{lead.name}", owners=["cy"], rule="round-robin", reassign=True)
    assert _owner_events(lead.id) == [("ann", "bob"), ("bob", "cy")]
    assert _version(lead.id) == version + 1
    owners.assign(ctx, f"name:{lead.name}", owners=["cy"], rule="round-robin", reassign=True)
    assert _owner_events(lead.id) == [("ann", "bob"), ("bob", "cy")]  # unchanged: no event
    assert _version(lead.id) == version + 1


def test_a_new_lead_handed_out_by_the_team_rule_has_the_owner_event(ctx):
    ctx.config.team_rule, ctx.config.team_members = "round-robin", ("ann", "bob")
    lead = leads.add_lead(ctx, NewLead("Inbound Ida", direction="inbound"))
    assert lead.owner == "ann" and _owner_events(lead.id) == [("", "ann")]


def test_edit_and_add_take_me_and_none_as_owners(ctx):
    ctx.config.owner = "anna"
    lead = leads.add_lead(ctx, NewLead("Aino", owner="bob"))
    leads.update_lead(ctx, lead.id, owner="me")
    assert Lead.get_by_id(lead.id).owner == "anna"
    leads.update_lead(ctx, lead.id, owner="none")
    assert Lead.get_by_id(lead.id).owner == ""
    assert _owner_events(lead.id) == [("bob", "anna"), ("anna", "")]
    assert leads.add_lead(ctx, NewLead("Mine", owner="Me")).owner == "anna"


def test_cli_add_owner(ctx, db_target, capsys):
    from leadtui.cli import main
    from leadtui.config import load_config
    from leadtui.db.connection import close_db, init_db

    close_db()
    db = getattr(db_target, "url", str(db_target))
    for argv in (["Bo", "--owner", "bob"], ["Me", "--owner", "me"], ["Nobody", "--owner", "none"], ["Plain"]):
        assert main(["add", *argv, "--db", db]) == 0
    capsys.readouterr()
    init_db(db_target)
    stored = dict(Lead.select(Lead.name, Lead.owner).tuples())
    me = load_config().owner
    assert me and stored == {"Bo": "bob", "Me": me, "Nobody": "", "Plain": me}


def _csv(tmp_path, text: str) -> str:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _edited_after_matching(monkeypatch, ctx, lead_id: int, **changes) -> None:
    """Someone edits the lead right after the import has read the stored leads."""
    read = DuplicateIndex.from_database

    def read_then_edit():
        index = read()
        leads.update_lead(ctx, lead_id, **changes)
        return index

    monkeypatch.setattr(DuplicateIndex, "from_database", staticmethod(read_then_edit))


def test_import_update_refuses_a_lead_changed_after_it_was_matched(ctx, tmp_path, monkeypatch):
    lead = leads.add_lead(ctx, NewLead("Jane Doe", email="jane@acme.com", owner="ann"))
    other = leads.add_lead(ctx, NewLead("Carl", email="carl@acme.com"))
    path = _csv(tmp_path, "Name,Email,Title,Owner\nJane Doe,jane@acme.com,CEO,bob\nCarl,carl@acme.com,CTO,\n")
    _edited_after_matching(monkeypatch, ctx, lead.id, title="CFO")
    report = importer.run_import(ctx, importer.prepare(ctx, path), on_duplicate="update")
    assert [o.lead_id for o in report.updated] == [other.id]
    (failed,) = report.failed
    assert failed.row == 2 and "changed elsewhere" in failed.reason
    stored = Lead.get_by_id(lead.id)
    assert (stored.title, stored.owner) == ("CFO", "ann")  # their edit stands
    assert Lead.get_by_id(other.id).title == "CTO"
    monkeypatch.undo()
    report = importer.run_import(ctx, importer.prepare(ctx, path), on_duplicate="update")
    assert len(report.updated) == 2 and not report.failed
    assert (Lead.get_by_id(lead.id).title, Lead.get_by_id(lead.id).owner) == ("CEO", "bob")
    assert _owner_events(lead.id) == [("ann", "bob")]  # the import's edits are in the history too
    assert ("CFO", "CEO") in [(c.from_value, c.to_value) for c in StageChange.select().where(
        StageChange.lead == lead.id, StageChange.field == "title")]


def test_two_rows_updating_one_lead_are_no_conflict_with_each_other(ctx, tmp_path):
    lead = leads.add_lead(ctx, NewLead("Jane Doe", email="jane@acme.com", phone="+358401234567"))
    path = _csv(tmp_path, "Name,Email,Phone,Title,Company\nJane Doe,jane@acme.com,,CEO,\n"
                          "Jane D,,+358401234567,,Acme\n")
    report = importer.run_import(ctx, importer.prepare(ctx, path), on_duplicate="update")
    assert not report.failed and len(report.updated) == 2
    stored = Lead.get_by_id(lead.id)
    assert (stored.title, stored.company) == ("CEO", "Acme")


def test_merge_refuses_leads_changed_after_the_preview(ctx):
    keep = leads.add_lead(ctx, NewLead("Jane Doe", email="jane@acme.com", owner="ann"))
    ctx.clock.advance(minutes=1)
    other = leads.add_lead(ctx, NewLead("Jane D", email="jd@acme.com", owner="bob", company="Acme"))
    preview = merge_preview(ctx, keep.id, other.id)
    assert {c.name for c in preview.choices} >= {"owner", "company"}
    leads.update_lead(ctx, other.id, company="Acme Oy")  # someone else, while the dialog is open
    with pytest.raises(EditConflict, match="changed elsewhere"):
        merge_leads(ctx, keep.id, other.id, versions=preview.versions)
    assert Lead.select().count() == 2 and Lead.get_by_id(keep.id).company == ""
    version = _version(keep.id)
    preview = merge_preview(ctx, keep.id, other.id)
    merge_leads(ctx, keep.id, other.id, choose={"owner": "other"}, versions=preview.versions)
    merged = Lead.get_by_id(keep.id)  # company was empty: filled; owner: picked
    assert (merged.company, merged.owner) == ("Acme Oy", "bob") and merged.version > version
    assert ("ann", "bob") in _owner_events(keep.id)
