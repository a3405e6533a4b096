"""The engine-specific pieces behind one service: search, folding, change check, schema version."""

from __future__ import annotations

import pytest

from leadtui.db.connection import (
    data_version,
    database,
    is_postgres,
    latest_migration,
    schema_version,
)
from leadtui.finding import paging
from leadtui.finding.queries import LeadFilter
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead

pytestmark = pytest.mark.both_engines


def _names(ctx, query: str = "", text: str = "", sort: str = "touched") -> list[str]:
    return [r.name for r in list(paging.iter_leads(ctx, LeadFilter(query=query, text=text), sort=sort))]


def test_the_engine_is_the_one_asked_for(ctx, engine):
    assert is_postgres() == (engine == "postgresql")
    assert schema_version() == latest_migration()


def test_search_folds_case_and_accents_and_matches_prefixes(ctx):
    leads.add_lead(ctx, NewLead("Åsa Jyväskylä", company="Lumo Oy", email="asa@lumo.fi"))
    leads.add_lead(ctx, NewLead("Bob Berg", company="Nord AB", interest="CRM pilot"))
    assert _names(ctx, text="jyvaskyla") == ["Åsa Jyväskylä"]
    assert _names(ctx, text="ÅSA lum") == ["Åsa Jyväskylä"]
    assert _names(ctx, query='"crm pil"') == ["Bob Berg"]
    assert _names(ctx, text="lumo.fi") == ["Åsa Jyväskylä"]
    assert _names(ctx, text="pilot nobody") == []


def test_search_finds_words_of_logged_notes(ctx):
    lead = leads.add_lead(ctx, NewLead("Carl Dahl"))
    leads.log_activity(ctx, lead.id, "call", "asked about the Kärcher integration")
    assert _names(ctx, text="karcher") == ["Carl Dahl"]
    leads.update_lead(ctx, lead.id, name="Carl Dahlberg")
    assert _names(ctx, text="karch dahlb") == ["Carl Dahlberg"]


def test_one_letter_is_a_whole_word(ctx):
    leads.add_lead(ctx, NewLead("Anna B Smith"))
    leads.add_lead(ctx, NewLead("Bert Bones"))
    assert _names(ctx, text="b") == ["Anna B Smith"]


def test_fold_and_wildcards_are_unicode_aware(ctx):
    leads.add_lead(ctx, NewLead("Äijä Öberg", company="ÖLJY OY", industry="Energy"))
    leads.add_lead(ctx, NewLead("Eva Ek", company="Ekko 50% Ltd"))
    assert _names(ctx, "company:öljy") == ["Äijä Öberg"]
    assert _names(ctx, "name:äij*") == ["Äijä Öberg"]
    assert _names(ctx, "company:*50%*") == ["Eva Ek"]
    assert _names(ctx, "company:*5_%*") == []
    assert _names(ctx, "industry:ENERGY") == ["Äijä Öberg"]


def test_name_order_ignores_case(ctx):
    for name in ("bertta", "Aino", "Cecilia"):
        leads.add_lead(ctx, NewLead(name))
    assert _names(ctx, sort="name") == ["Aino", "bertta", "Cecilia"]


def test_another_connections_commit_moves_the_change_counter(ctx, db_target):
    import threading

    before = data_version()
    assert data_version() == before  # reading changes nothing

    def write_elsewhere():
        leads.add_lead(ctx, NewLead("From another connection"))
        database.close()

    thread = threading.Thread(target=write_elsewhere)  # a thread has its own connection
    thread.start()
    thread.join()
    assert data_version() != before
