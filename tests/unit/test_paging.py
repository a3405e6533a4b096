"""Keyset pages: every sort walks the whole list both ways, ties and empty values included."""

from __future__ import annotations

from datetime import timedelta

import pytest
from list_oracle import whole_list

from leadtui.db.connection import database
from leadtui.db.models import Lead
from leadtui.finding import paging, queries
from leadtui.finding.queries import LeadFilter

SORTS = list(queries.SORTS)


@pytest.fixture
def many(ctx):
    """37 leads with repeated touch times, scores and names, and some without a next follow-up."""
    now = ctx.now()
    rows = []
    for i in range(37):
        rows.append({
            "name": ("anna", "Bert", "ANNA", "cecil", "Åke")[i % 5] + f" {i % 3}",
            "created_at": now - timedelta(days=i % 4), "updated_at": now,
            "last_touched_at": now - timedelta(hours=i % 6), "score": (i * 7) % 5,
            "next_follow_up_at": None if i % 3 == 0 else now + timedelta(days=i % 4),
            "kind": "prospect" if i % 4 == 0 else "lead", "archived": i == 5,
        })
    with database.atomic():
        Lead.insert_many(rows).execute()
    return ctx


def _ids(rows) -> list[int]:
    return [r.id for r in rows]


def _everything(ctx, flt, sort) -> list[int]:
    return _ids(whole_list(ctx, flt, sort))


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("kind", [None, "prospect"])
def test_walking_forward_and_back_visits_the_list_in_order(many, sort, kind):
    flt = LeadFilter(kind=kind)
    expected = _everything(many, flt, sort)
    assert len(expected) == (36 if kind is None else 10)
    page = paging.first_page(many, flt, sort, limit=7)
    seen, pages = list(_ids(page.rows)), [page]
    assert not page.more_before
    while page.more_after:
        page = paging.page_after(many, flt, sort, paging.key_of(sort, page.rows[-1]), limit=7)
        seen += _ids(page.rows)
        pages.append(page)
    assert seen == expected
    back = list(_ids(page.rows))
    while page.more_before:
        page = paging.page_before(many, flt, sort, paging.key_of(sort, page.rows[0]), limit=7)
        back = _ids(page.rows) + back
    assert back == expected


@pytest.mark.parametrize("sort", SORTS)
def test_last_page_holds_the_end_of_the_list(many, sort):
    expected = _everything(many, None, sort)
    last = paging.last_page(many, None, sort, limit=7)
    assert _ids(last.rows) == expected[-7:]
    assert last.more_before and not last.more_after


@pytest.mark.parametrize("sort", SORTS)
def test_a_page_reread_from_its_first_row_and_its_position(many, sort):
    expected = _everything(many, None, sort)
    first = next(r for r in whole_list(many, sort=sort) if r.id == expected[12])
    key = paging.key_of(sort, first)
    page = paging.page_after(many, None, sort, key, inclusive=True, limit=7)
    assert _ids(page.rows) == expected[12:19]
    assert page.more_before and page.more_after
    assert paging.count_before(many, None, sort, key) == 12


def test_iter_leads_reads_in_batches(many):
    assert _ids(paging.iter_leads(many, None, "score", batch=5)) == _everything(many, None, "score")


def test_empty_list(ctx):
    page = paging.first_page(ctx, LeadFilter(query="name:nobody"))
    assert page.rows == () and not page.more_after and not page.more_before
    assert paging.last_page(ctx).rows == ()


@pytest.mark.parametrize("sort", SORTS)
def test_pages_read_an_index_from_the_key(ctx, sort, engine):
    """No sort of the table and no skipped rows: the plan is an index range from the key."""
    if engine != "sqlite":
        pytest.skip("SQLite's query plans")
    spec = paging.sort_of(sort)
    value = None if spec.nulls_last else ("m" if spec.nocase else 5 if sort == "score" else ctx.now())
    key = paging.PageKey(ctx.now() if spec.nulls_last else value, 10)
    for forward in (True, False):
        for extra, order in paging._segments(spec, key, forward):
            query = (Lead.select(*queries.LIST_COLUMNS)
                     .where(*queries._where(ctx, LeadFilter()), *extra).order_by(*order).limit(61))
            sql, params = query.sql()
            plan = " | ".join(r[-1] for r in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
            assert "USING INDEX lead_" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
