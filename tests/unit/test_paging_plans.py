"""A page read by walking the sort's index holds the same rows as one read by sorting the matches."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from list_oracle import whole_list
from sql_trace import statements

from leadtui.db.connection import database
from leadtui.db.models import Lead, LeadTag
from leadtui.finding import paging, queries
from leadtui.finding.queries import LeadFilter

FIRST = ("Aino", "aino", "Bert", "Åke", "Ville", "Mika")
LAST = ("Virtanen", "Laine", "Nielsen", "Smith")
FILTERS = [
    LeadFilter(),
    LeadFilter(query="virtanen"),
    LeadFilter(query="helsinki laine"),
    LeadFilter(query="zzzqq"),
    LeadFilter(query="stage:won"),
    LeadFilter(query="temp:hot score>20"),
    LeadFilter(query="tag:vip -stage:lost"),
    LeadFilter(text="smith", kind="prospect"),
    LeadFilter(query="laine archived"),
    LeadFilter(stale=True),
]
LIMIT = 7


@pytest.fixture
def crowd(ctx, monkeypatch):
    """300 leads: names, scores and touch times with many ties, words common and rare, a few
    leads without a next follow-up, some archived; walks bounded to a few dozen index entries."""
    rng = random.Random(3)
    now = ctx.now()
    rows = []
    for i in range(300):
        touched = now - timedelta(hours=rng.choice((1, 2, 3, rng.randrange(2000))))
        rows.append({
            "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "location": rng.choice(("Helsinki", "Oslo", "")),
            "created_at": now - timedelta(days=rng.randrange(40)), "updated_at": now,
            "last_touched_at": touched, "score": rng.choice((0, 0, 0, 10, 20, 30, rng.randrange(100))),
            "stale_at": touched + timedelta(days=rng.choice((1, 30))),
            "next_follow_up_at": None if i % 3 else now + timedelta(days=rng.randrange(5)),
            "stage": rng.choice(("interest", "contact", "won", "lost")),
            "temperature": rng.choice(("cold", "warm", "hot")),
            "kind": "prospect" if i % 4 == 0 else "lead", "archived": i % 17 == 0,
        })
    with database.atomic():
        Lead.insert_many(rows).execute()
        LeadTag.insert_many([{"lead": n, "tag": "vip"} for n in range(1, 301, 5)]).execute()
    monkeypatch.setattr(paging, "WALK_FACTOR", 0.4)  # windows of ~18 entries, not ~40,000 at 300 leads
    monkeypatch.setattr(paging, "WALK_FROM_LEADS", 0)
    return ctx


def _ids(rows) -> list[int]:
    return [r.id for r in rows]


def _keys(ctx, flt, sort) -> list[paging.PageKey | None]:
    """No key, keys of rows in the list and of a row outside it, and a key among empty values."""
    everything = whole_list(ctx, LeadFilter(include_archived=True), sort)
    picks = [everything[n] for n in (41, 150, 299)]
    keys = [None, *(paging.key_of(sort, row) for row in picks)]
    if paging.sort_of(sort).nulls_last:
        keys.append(paging.PageKey(None, 120))
    return keys


@pytest.mark.parametrize("sort", list(queries.SORTS))
def test_walking_the_index_reads_the_rows_sorting_the_matches_does(crowd, sort):
    for flt in FILTERS:
        for key in _keys(crowd, flt, sort):
            for forward in (True, False):
                for inclusive in ((False, True) if key and forward else (False,)):
                    sorted_rows = paging._walk(crowd, flt, sort, key, forward=forward, inclusive=inclusive,
                                               limit=LIMIT, plan="sort")
                    for plan in ("walk", "auto"):
                        walked = paging._walk(crowd, flt, sort, key, forward=forward, inclusive=inclusive,
                                              limit=LIMIT, plan=plan)
                        assert (_ids(walked[0]), walked[1]) == (_ids(sorted_rows[0]), sorted_rows[1]), (
                            flt, sort, key, forward, inclusive, plan)


@pytest.mark.parametrize("sort", ["touched", "name", "score", "next"])
def test_a_search_walked_page_by_page_is_the_whole_list(crowd, sort):
    flt = LeadFilter(query="laine")
    expected = _ids(whole_list(crowd, flt, sort))
    assert len(expected) > 3 * LIMIT
    seen = list(_ids(paging.iter_leads(crowd, flt, sort, batch=LIMIT)))
    assert seen == expected
    page = paging.last_page(crowd, flt, sort, limit=LIMIT)
    back = _ids(page.rows)
    while page.more_before:
        page = paging.page_before(crowd, flt, sort, paging.key_of(sort, page.rows[0]), limit=LIMIT)
        back = _ids(page.rows) + back
    assert back == expected


def _statements(ctx, read) -> list[str]:
    """The statements a read runs (not those the search index runs inside them)."""
    return [s for s in statements(read) if s.startswith("SELECT")]


def test_a_common_word_is_read_by_walking_the_sort_index(crowd, monkeypatch):
    monkeypatch.setattr(paging, "WALK_FACTOR", 2.0)  # a window of 70 entries: a page of 'laine' in it
    reads = _statements(crowd, lambda: paging.first_page(crowd, LeadFilter(query="laine"), "touched", limit=3))
    walked = [s for s in reads if 'INDEXED BY "lead_last_touched_at"' in s and "lead_fts" in s]
    assert walked, reads
    assert not any("lead_fts" in s and "INDEXED BY" not in s for s in reads), reads


def test_a_rare_word_falls_back_to_sorting_its_matches(crowd):
    reads = _statements(crowd, lambda: paging.first_page(crowd, LeadFilter(query="zzzqq"), "touched"))
    assert any("lead_fts" in s and "INDEXED BY" not in s for s in reads), reads


def test_a_small_list_sorts_the_matches_of_a_common_word(crowd, monkeypatch):
    monkeypatch.setattr(paging, "WALK_FACTOR", 2.0)
    monkeypatch.setattr(paging, "WALK_FROM_LEADS", 301)
    reads = _statements(crowd, lambda: paging.first_page(crowd, LeadFilter(query="laine"), "touched", limit=3))
    assert not any("INDEXED BY" in s for s in reads), reads


def test_a_list_without_a_filter_reads_one_index_range(crowd):
    reads = _statements(crowd, lambda: paging.first_page(crowd, None, "touched"))
    pages = [s for s in reads if '"setting"' not in s]
    assert len(pages) == 1 and "INDEXED BY" not in pages[0], reads


@pytest.mark.both_engines
@pytest.mark.parametrize("sort", ["touched", "next"])
def test_search_pages_match_on_both_engines(ctx, engine, sort):
    now = ctx.now()
    with database.atomic():
        Lead.insert_many([{"name": f"{FIRST[i % 6]} {LAST[i % 4]}", "created_at": now, "updated_at": now,
                           "last_touched_at": now - timedelta(hours=i % 5),
                           "next_follow_up_at": None if i % 2 else now + timedelta(days=i % 3)}
                          for i in range(40)]).execute()
    flt = LeadFilter(query="virtanen")
    expected = _ids(whole_list(ctx, flt, sort))
    assert len(expected) == 10
    assert _ids(paging.iter_leads(ctx, flt, sort, batch=3)) == expected
    assert _ids(paging.last_page(ctx, flt, sort, limit=4).rows) == expected[-4:]
