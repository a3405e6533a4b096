"""The query language: parsing, errors with positions, and what each term selects."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadtui.db.models import Lead
from leadtui.errors import InvalidInput
from leadtui.finding import paging, queries
from leadtui.finding.querylang import QueryError, compile_query, parse
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead


def ids(ctx, text: str) -> set[int]:
    rows = list(paging.iter_leads(ctx, queries.LeadFilter(query=text)))
    return {r.id for r in rows}


def add(ctx, name, **kw) -> int:
    tags = kw.pop("tags", [])
    fields = {k: kw.pop(k) for k in list(kw) if k in NewLead.__dataclass_fields__}
    lead = leads.add_lead(ctx, NewLead(name=name, tags=tags, **fields), allow_duplicate=True)
    if kw:
        leads.update_lead(ctx, lead.id, **kw)
    return lead.id


@pytest.fixture
def world(ctx, clock):
    """A handful of leads with known properties."""
    w = {}
    w["hot"] = add(ctx, "Hanna Hot", company="Acme Corp", source="webinar", industry="saas",
                   location="Helsinki", tags=["vip"])
    leads.pin_temperature(ctx, w["hot"], "hot")
    for _ in range(3):
        leads.log_activity(ctx, w["hot"], "call")  # 3 × 20 points
    w["hot_low"] = add(ctx, "Lasse Lowscore", company="Beta Oy", source="fair")
    leads.pin_temperature(ctx, w["hot_low"], "hot")
    w["warm"] = add(ctx, "Wilma Warm", company="Gamma", source="webinar", industry="retail",
                    tags=["partner"], owner="someone")
    leads.log_activity(ctx, w["warm"], "call")
    leads.log_activity(ctx, w["warm"], "call")
    w["cold_old"] = add(ctx, "Olli Old", company="Delta", at=clock.now() - timedelta(days=90),
                        direction="inbound", kind="prospect")
    w["archived"] = add(ctx, "Arto Archived", company="Acme Corp")
    leads.set_archived(ctx, w["archived"])
    return w


# ---- parsing and errors ------------------------------------------------------

def test_empty_query_selects_everything(ctx):
    compiled = compile_query("   ", ctx)
    assert compiled.where is None and not compiled.include_archived


@pytest.mark.parametrize(("text", "message", "position"), [
    ("stag:1", "unknown field 'stag' at 1; did you mean stage?", 1),
    ("temp:hot score>", "expected a value after 'score>' at 16", 16),
    ("score>abc", "expected a number after 'score>' at 7", 7),
    ("temp:hott", "unknown temp 'hott' (one of: cold, warm, hot, closed) at 6; did you mean hot?", 6),
    ('"acme', "unclosed quote at 1", 1),
    ("(temp:hot", "missing ')' (opened at 1) at 10", 10),
    ("temp:hot )", "unexpected ')' at 10", 10),
    ("temp:hot OR", "expected a term before the end at 12", 12),
    ("touched<soon", "expected a time span like 30d, 2w, 3m after 'touched<' at 9", 9),
    ("qual:maybe", "unknown qual 'maybe' (one of: none, mql, sql) at 6", 6),
    ("stage:nope", None, 7),
    ("fits:perhaps", None, 6),
    ("tag>3", "'tag' takes ':' (as in tag:value), not '>' at 1", 1),
])
def test_errors_carry_position(ctx, text, message, position):
    with pytest.raises(QueryError) as err:
        compile_query(text, ctx)
    assert err.value.position == position
    if message:
        assert str(err.value) == message
    assert isinstance(err.value, InvalidInput)


def test_unknown_stage_lists_choices(ctx):
    with pytest.raises(QueryError, match="one of: 1-5, interest, contact"):
        compile_query("stage:nope", ctx)


def test_parser_precedence():
    node = parse("a b OR c")
    assert node.op == "or" and node.children[0].op == "and"
    node = parse("-(a OR b) c")
    assert node.op == "and" and node.children[0].op == "not"
    assert parse("") is None


# ---- what terms select -------------------------------------------------------

def test_temp_and_score(ctx, world):
    assert ids(ctx, "temp:hot score>40") == {world["hot"]}
    assert ids(ctx, "temperature:HOT") == {world["hot"], world["hot_low"]}
    assert ids(ctx, "score>=60") == {world["hot"]}
    assert ids(ctx, "score:40") == {world["warm"]}
    assert ids(ctx, "score:30..50") == {world["warm"]}


def test_negation(ctx, world):
    assert ids(ctx, "-temp:hot") == {world["warm"], world["cold_old"]}
    assert ids(ctx, "-tag:vip") == {world["hot_low"], world["warm"], world["cold_old"]}
    assert ids(ctx, "NOT source:webinar") == {world["hot_low"], world["cold_old"]}


def test_or_and_parentheses(ctx, world):
    assert ids(ctx, "tag:vip OR tag:partner") == {world["hot"], world["warm"]}
    assert ids(ctx, "(tag:vip OR tag:partner) -temp:hot") == {world["warm"]}
    assert ids(ctx, "source:webinar (temp:warm OR temp:cold)") == {world["warm"]}


def test_tag_source_industry_case_insensitive(ctx, world):
    assert ids(ctx, "tag:VIP") == {world["hot"]}
    assert ids(ctx, "tag:#partner") == {world["warm"]}
    assert ids(ctx, "source:Webinar") == {world["hot"], world["warm"]}
    assert ids(ctx, "industry:SaaS") == {world["hot"]}
    assert ids(ctx, "industry:ret*") == {world["warm"]}


def test_contains_fields(ctx, world):
    assert ids(ctx, "company:acme") == {world["hot"]}
    assert ids(ctx, 'company:"acme corp"') == {world["hot"]}
    assert ids(ctx, "location:helsinki") == {world["hot"]}
    assert ids(ctx, "name:wilma") == {world["warm"]}


def test_owner_me(ctx, world):
    assert ids(ctx, "owner:me") == {world["hot"], world["hot_low"], world["cold_old"]}
    assert ids(ctx, "owner:someone") == {world["warm"]}


def test_stale_and_touched(ctx, world, clock):
    # cold_old was created 90 days ago and never touched since: cold threshold 30 days.
    assert ids(ctx, "stale") == {world["cold_old"]}
    assert ids(ctx, "touched>30d") == {world["cold_old"]}
    assert ids(ctx, "touched<30d") == {world["hot"], world["hot_low"], world["warm"]}
    assert ids(ctx, "touched<4m") == ids(ctx, "")
    assert ids(ctx, "created<7d -stale") == {world["hot"], world["hot_low"], world["warm"]}
    clock.advance(days=3)
    assert world["hot_low"] in ids(ctx, "stale")  # hot: 2 days


def test_activities_count(ctx, world):
    assert ids(ctx, "activities>0") == {world["hot"], world["warm"]}
    assert ids(ctx, "activities>=3") == {world["hot"]}
    assert ids(ctx, "activities:0") == {world["hot_low"], world["cold_old"]}


def test_free_text(ctx, world):
    assert ids(ctx, "acme") == {world["hot"]}
    assert ids(ctx, '"acme corp"') == {world["hot"]}
    assert ids(ctx, "wil") == {world["warm"]}
    assert ids(ctx, "hanna acme") == {world["hot"]}
    assert ids(ctx, "hanna gamma") == set()


def test_words_of_one_query_share_one_search_index_look_up(ctx, world):
    """`hanna acme` finds the leads holding both words in one look-up, not one per word
    (each of which fetches all of its word's matches)."""
    def look_ups(text: str) -> int:
        sql, _params = Lead.select().where(compile_query(text, ctx).where).sql()
        return sql.count(" MATCH ") + sql.count("@@")

    assert look_ups("hanna acme helsinki") == 1
    assert look_ups('hanna "acme corp" tag:vip') == 1
    assert look_ups("hanna -acme") == 2
    assert ids(ctx, "hanna acme helsinki tag:vip") == {world["hot"]}
    assert ids(ctx, "wilma OR hanna acme") == {world["hot"], world["warm"]}
    assert ids(ctx, "hanna -acme") == set()
    assert ids(ctx, "-(hanna gamma) acme") == {world["hot"]}


def test_archived_flag_includes_archived(ctx, world):
    assert world["archived"] not in ids(ctx, "company:acme")
    assert ids(ctx, "company:acme archived") == {world["hot"], world["archived"]}
    assert ids(ctx, "archived:yes") == {world["archived"]}
    compiled = compile_query("archived", ctx)
    assert compiled.include_archived and compiled.where is None


def test_kind_direction_contacted(ctx, world):
    assert ids(ctx, "kind:prospect") == {world["cold_old"]}
    assert ids(ctx, "direction:inbound contacted:no") == {world["cold_old"]}
    assert ids(ctx, "contacted:yes") == {world["hot"], world["warm"]}
    assert ids(ctx, "contacted<1d") == {world["hot"], world["warm"]}


def test_stage_and_qualification(ctx, world):
    leads.change_stage(ctx, world["warm"], "4")
    leads.set_qualification(ctx, world["warm"], "sql")
    assert ids(ctx, "stage:4") == {world["warm"]}
    assert ids(ctx, "stage:offer qual:sql") == {world["warm"]}
    assert ids(ctx, "stage>=3") == {world["warm"]}
    assert ids(ctx, "stage<4") == {world["hot"], world["hot_low"], world["cold_old"]}
    assert ids(ctx, "qualification:none") == {world["hot"], world["hot_low"], world["cold_old"]}


def test_next_follow_up(ctx, world, clock):
    leads.schedule_follow_up(ctx, world["hot"], clock.now() + timedelta(days=3))
    leads.schedule_follow_up(ctx, world["warm"], clock.now() + timedelta(days=20))
    leads.schedule_follow_up(ctx, world["hot_low"], clock.now() - timedelta(days=1), force=True)
    assert ids(ctx, "next<7d") == {world["hot"], world["hot_low"]}
    assert ids(ctx, "next>7d") == {world["warm"]}
    assert ids(ctx, "next:overdue") == {world["hot_low"]}
    assert ids(ctx, "next:none") == {world["cold_old"]}
    assert ids(ctx, "-next<7d") == {world["warm"], world["cold_old"]}


def test_numbers_on_nullable_fields(ctx, world):
    leads.update_lead(ctx, world["warm"], employees=50, revenue=2_000_000)
    assert ids(ctx, "employees>10") == {world["warm"]}
    assert ids(ctx, "revenue>=1.5m") == {world["warm"]}
    assert ids(ctx, "-employees>10") == {world["hot"], world["hot_low"], world["cold_old"]}


# ---- properties --------------------------------------------------------------

ALPHABET = st.sampled_from(list('abcdeghkmnoprstuvwxyz0123456789 :<>=-"()*.#_|&\x00é²ÖßİŞ\t\n')
                           + ["temp", "score", "tag", "stage", "OR", "NOT", "touched", "next",
                              "activities", "fits", "stale", "archived", "owner:me", "30d", ">=",
                              "..", "k", "m", "overdue", "hot", "yes"])
QUERY_TEXT = st.one_of(st.text(max_size=60), st.lists(ALPHABET, max_size=25).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERY_TEXT)
def test_any_text_compiles_or_raises_query_error_and_runs(ctx, text):
    try:
        compiled = compile_query(text, ctx)
    except QueryError as err:
        assert err.position >= 1
        return
    query = Lead.select()
    if compiled.where is not None:
        query = query.where(compiled.where)
    assert query.count() >= 0
