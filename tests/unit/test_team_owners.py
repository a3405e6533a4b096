"""Owners: me, owner:me/none, Today's scope, distributing leads, and edits that refuse stale saves."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

import pytest

from leadtui.db.models import Lead
from leadtui.errors import InvalidInput
from leadtui.finding import owners, paging, queries
from leadtui.finding.queries import LeadFilter
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.record.versions import EditConflict, base_of

pytestmark = pytest.mark.both_engines


def _names(ctx, query: str) -> list[str]:
    return sorted(r.name for r in paging.iter_leads(ctx, LeadFilter(query=query)))


def _bulk(ctx, n: int, **kw) -> list[int]:
    return [leads.add_lead(ctx, NewLead(f"Lead {i:03d}", owner="", **kw)).id for i in range(n)]


def test_owner_me_matches_my_name_or_email_and_none_matches_unowned(ctx):
    ctx.config.owner, ctx.config.owner_email = "Anna", "anna@lumo.fi"
    leads.add_lead(ctx, NewLead("Mine by name", owner="anna"))
    leads.add_lead(ctx, NewLead("Mine by e-mail", owner="Anna@Lumo.fi"))
    leads.add_lead(ctx, NewLead("Bob's", owner="bob"))
    leads.add_lead(ctx, NewLead("Nobody's", owner=""))
    assert _names(ctx, "owner:me") == ["Mine by e-mail", "Mine by name"]
    assert _names(ctx, "owner:none") == ["Nobody's"]
    assert _names(ctx, "-owner:me owner:bob") == ["Bob's"]


def test_round_robin_of_100_leads_across_3_is_34_33_33(ctx):
    _bulk(ctx, 100)
    result = owners.assign(ctx, owners=["ann", "bob", "cy"], rule="round-robin")
    assert {o: len(ids) for o, ids in result.assigned.items()} == {"ann": 34, "bob": 33, "cy": 33}
    stored = Counter(owner for (owner,) in Lead.select(Lead.owner).tuples())
    assert stored == {"ann": 34, "bob": 33, "cy": 33}
    # The turn is remembered: the next lead goes to bob, not back to ann.
    _bulk(ctx, 1)
    assert owners.assign(ctx, owners=["ann", "bob", "cy"], rule="round-robin").assigned["bob"]


def test_fewest_open_balances_a_skewed_team(ctx):
    for i in range(9):
        leads.add_lead(ctx, NewLead(f"Ann's {i}", owner="ann"))
    leads.add_lead(ctx, NewLead("Cy's", owner="cy"))
    closed = leads.add_lead(ctx, NewLead("Bob's won deal", owner="bob"))
    leads.change_stage(ctx, closed.id, "won")  # closed leads are no load
    _bulk(ctx, 11)
    result = owners.assign(ctx, owners=["ann", "bob", "cy"], rule="fewest-open")
    assert {o: len(ids) for o, ids in result.assigned.items()} == {"ann": 0, "bob": 6, "cy": 5}
    loads = {load.owner: load.open_leads for load in owners.owner_loads()}
    assert loads == {"ann": 9, "bob": 6, "cy": 6}


def test_segment_rule_by_industry_then_location(ctx):
    saas = leads.add_lead(ctx, NewLead("SaaS co", owner="", industry="SaaS")).id
    helsinki = leads.add_lead(ctx, NewLead("Helsinki shop", owner="", location="Helsinki")).id
    other = leads.add_lead(ctx, NewLead("Elsewhere", owner="", location="Oulu")).id
    result = owners.assign(ctx, rule="segment", segments=owners.parse_segments("saas=ann,HELSINKI=bob"))
    assert result.assigned == {"ann": (saas,), "bob": (helsinki,)}
    assert result.unmatched == (other,)
    assert Lead.get_by_id(other).owner == ""


def test_only_unowned_leads_unless_reassign_and_only_those_matching(ctx):
    kept = leads.add_lead(ctx, NewLead("Kept", owner="dan", source="fair")).id
    free = leads.add_lead(ctx, NewLead("Free", owner="", source="fair")).id
    leads.add_lead(ctx, NewLead("Web", owner="", source="web"))
    result = owners.assign(ctx, "source:fair", owners=["ann"], rule="round-robin")
    assert result.assigned == {"ann": (free,)}
    assert Lead.get_by_id(kept).owner == "dan"
    owners.assign(ctx, "source:fair", owners=["bob"], rule="round-robin", reassign=True)
    assert _names(ctx, "owner:bob") == ["Free", "Kept"]


def test_assign_refuses_bad_input(ctx):
    with pytest.raises(InvalidInput, match="unknown rule"):
        owners.assign(ctx, owners=["ann"], rule="random")
    with pytest.raises(InvalidInput, match="no owners"):
        owners.assign(ctx, rule="round-robin")
    with pytest.raises(InvalidInput, match="segments"):
        owners.assign(ctx, rule="segment")
    with pytest.raises(InvalidInput):
        owners.parse_segments("saas")


def test_new_inbound_leads_go_to_the_team_by_the_configured_rule(ctx):
    ctx.config.team_members, ctx.config.team_rule = ["ann", "bob"], "round-robin"
    first = leads.add_lead(ctx, NewLead("Form fill", direction="inbound"))
    second = leads.add_lead(ctx, NewLead("Another form", direction="inbound"))
    mine = leads.add_lead(ctx, NewLead("Met at a fair"))
    assert (first.owner, second.owner, mine.owner) == ("ann", "bob", "me")


def test_today_shows_mine_by_default_with_a_team_and_the_team_on_request(ctx):
    ctx.config.team_members = ["me", "bob"]
    due = ctx.now() + timedelta(hours=1)
    leads.add_lead(ctx, NewLead("My follow-up", owner="me", next_at=due))
    leads.add_lead(ctx, NewLead("Bob's follow-up", owner="bob", next_at=due))
    leads.add_lead(ctx, NewLead("Nobody's follow-up", owner="", next_at=due))
    mine = queries.today(ctx)
    assert mine.mine and sorted(i.lead.name for i in mine.due) == ["My follow-up", "Nobody's follow-up"]
    team = queries.today(ctx, mine=False)
    assert len(team.due) == 3 and team.counts["due"] == 3
    ctx.config.team_members = []
    assert queries.today(ctx).counts["due"] == 3  # alone, everything is mine


def test_a_save_based_on_an_older_copy_is_refused_showing_the_other_change(ctx):
    from leadtui.finding.queries import lead_detail

    lead = leads.add_lead(ctx, NewLead("Aino", company="Lumo"))
    detail = lead_detail(ctx, lead.id)
    base = base_of(detail.lead, detail.tags)
    leads.update_lead(ctx, lead.id, company="Lumo Oy")  # someone else, meanwhile
    with pytest.raises(EditConflict) as conflict:
        leads.update_lead(ctx, lead.id, base=base, company="Lumo", title="CEO")
    assert "company 'Lumo' → 'Lumo Oy'" in str(conflict.value)
    assert Lead.get_by_id(lead.id).title == ""  # nothing of mine was saved
    saved = leads.update_lead(ctx, lead.id, base={"version": conflict.value.version}, title="CEO")
    assert (saved.company, saved.title) == ("Lumo Oy", "CEO")


def test_no_conflict_when_nothing_shown_changed(ctx):
    from leadtui.finding.queries import lead_detail

    lead = leads.add_lead(ctx, NewLead("Aino", company="Lumo"))
    detail = lead_detail(ctx, lead.id)
    leads.update_lead(ctx, lead.id, company="Lumo")  # saved, same values
    leads.update_lead(ctx, lead.id, base=base_of(detail.lead, detail.tags), title="CTO")
    assert Lead.get_by_id(lead.id).title == "CTO"


def test_any_writer_of_a_shown_field_moves_the_version(ctx):
    lead = leads.add_lead(ctx, NewLead("Aino"))
    before = Lead.get_by_id(lead.id).version
    Lead.update(phone="+358401234567").where(Lead.id == lead.id).execute()  # an import, say
    after = Lead.get_by_id(lead.id).version
    assert after == before + 1
    leads.log_activity(ctx, lead.id, "note", "no field of the form changed")
    assert Lead.get_by_id(lead.id).version == after


def test_cli_assign_edit_and_json(ctx, db_target, capsys):
    from leadtui.cli import main
    from leadtui.db.connection import close_db

    _bulk(ctx, 4)
    close_db()
    db = str(db_target) if not hasattr(db_target, "url") else db_target.url
    assert main(["assign", "--owners", "ann,bob", "--rule", "round-robin", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "ann: 2" in out and "bob: 2" in out and "assigned 4 leads" in out
    assert main(["list", "owner:ann", "--format", "json", "--db", db]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["owner"] for r in rows] == ["ann", "ann"] and all("version" in r for r in rows)
    lead_id, version = rows[0]["id"], rows[0]["version"]
    assert main(["edit", str(lead_id), "company=Acme", "--version", str(version), "--db", db]) == 0
    capsys.readouterr()
    assert main(["edit", str(lead_id), "company=Other", "--version", str(version), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "changed elsewhere" in err and "company is now 'Acme'" in err and err.count("\n") == 1
    assert main(["assign", "--owners", "ann", "--rule", "coin", "--db", db]) == 1


def test_imported_leads_without_an_owner_go_to_the_team(tmp_path, capsys):
    from leadtui.cli import main
    from leadtui.db.connection import close_db, init_db

    config = tmp_path / "config.toml"
    config.write_text('owner = "ann"\n[team]\nmembers = ["ann", "bob", "cy"]\nrule = "round-robin"\n',
                      encoding="utf-8")
    csv = tmp_path / "fair.csv"
    csv.write_text("Name,Email\n" + "".join(f"Guest {i},guest{i}@example.com\n" for i in range(6)),
                   encoding="utf-8")
    db = str(tmp_path / "team.db")
    assert main(["--config", str(config), "import", str(csv), "--db", db]) == 0
    capsys.readouterr()
    init_db(db)
    try:
        assert Counter(owner for (owner,) in Lead.select(Lead.owner).tuples()) == {"ann": 2, "bob": 2, "cy": 2}
    finally:
        close_db()
