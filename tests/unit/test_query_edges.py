"""Query language edges: explicit AND, one folding for free text and fields, `*` as "has a value"."""

from __future__ import annotations

import json

import pytest

from leadtui.finding import paging, queries
from leadtui.finding.querylang import QueryError, compile_query
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead


@pytest.mark.parametrize(("text", "message", "position"), [
    ("AND", "expected a term before 'AND'", 1),
    ("acme AND", "expected a term after 'AND', not the end", 9),
    ("acme OR", "expected a term before the end", 8),
    ("AND acme", "expected a term before 'AND'", 1),
    ("acme AND OR beta", "expected a term after 'AND', not 'OR'", 10),
    ("(acme AND)", "expected a term after 'AND', not ')'", 10),
    ("acme AND AND beta", "expected a term after 'AND', not 'AND'", 10),
])
def test_a_dangling_and_is_an_error_with_a_position(ctx, text, message, position):
    with pytest.raises(QueryError) as err:
        compile_query(text, ctx)
    assert message in str(err.value) and err.value.position == position


def _ids(ctx, query):
    return {r.id for r in list(paging.iter_leads(ctx, queries.LeadFilter(query=query)))}


def test_explicit_and_still_means_and(ctx):
    a = leads.add_lead(ctx, NewLead("Acme Anna", source="webinar")).id
    leads.add_lead(ctx, NewLead("Acme Bo", source="referral"))
    assert _ids(ctx, "acme AND source:webinar") == {a}


@pytest.mark.parametrize("query", ["strasse", "straße", "STRASSE", "name:strasse", "name:straße",
                                   "company:hauptstrasse", "hauptstraße", "Hauptstrasse"])
def test_eszett_and_ss_are_one_word_everywhere(ctx, query):
    lead_id = leads.add_lead(ctx, NewLead("Jörg Straße", company="Hauptstraße GmbH")).id
    other = leads.add_lead(ctx, NewLead("Anna Strand", company="Strasse AG")).id
    found = _ids(ctx, query)
    assert lead_id in found
    if query.lower().startswith(("name", "stra")):
        assert (other in found) == (not query.startswith("name"))


def test_a_lone_wildcard_means_has_any_value(ctx):
    with_mail = leads.add_lead(ctx, NewLead("Mail", email="m@example.com")).id
    without = leads.add_lead(ctx, NewLead("No Mail")).id
    assert _ids(ctx, "email:*") == {with_mail}
    assert _ids(ctx, "-email:*") == {without}
    assert _ids(ctx, "email:*example*") == {with_mail}


def test_the_cli_takes_a_negated_term_without_dashes(tmp_path, capsys):
    from leadtui.cli import main
    from leadtui.db.connection import close_db

    db = str(tmp_path / "q.db")
    try:
        assert main(["add", "Partner Pia", "--tag", "partner", "--db", db]) == 0
        assert main(["add", "Other Olli", "--db", db]) == 0
        capsys.readouterr()
        assert main(["list", "-tag:partner", "--db", db, "--format", "json"]) == 0
        assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["Other Olli"]
        assert main(["--db", db, "list", "-tag:partner", "OR", "tag:partner", "--sort", "name",
                     "--format", "json"]) == 0
        assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["Other Olli", "Partner Pia"]
        assert main(["list", "--db", db, "-tag:partner", "--limit", "1", "--format", "json"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == 1
        assert main(["list", "-tag:partner AND", "--db", db]) == 1
        assert "expected a term after 'AND'" in capsys.readouterr().err
    finally:
        close_db()


def test_every_command_taking_a_query_takes_a_negated_term(tmp_path, capsys):
    """export, assign and `views save` read a leading `-term` as a query, as `list` does."""
    from leadtui.cli import main
    from leadtui.db.connection import close_db

    db = str(tmp_path / "q.db")
    try:
        assert main(["add", "Partner Pia", "--tag", "partner", "--db", db]) == 0
        assert main(["add", "Other Olli", "--db", db]) == 0
        capsys.readouterr()
        assert main(["export", "-tag:partner", "--db", db, "--format", "json"]) == 0
        assert [r["name"] for r in json.loads(capsys.readouterr().out)["leads"]] == ["Other Olli"]
        assert main(["--db", db, "assign", "-tag:partner", "--owners", "ann", "--reassign",
                     "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out)["counts"] == {"ann": 1}
        assert main(["--db", db, "views", "save", "plain", "-tag:partner", "name:olli"]) == 0
        capsys.readouterr()
        assert main(["--db", db, "list", "--view", "plain", "--format", "json"]) == 0
        assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["Other Olli"]
    finally:
        close_db()
