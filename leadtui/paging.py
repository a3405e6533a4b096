"""Keyset pages of the lead list: the last page costs what the first does.

A page is read relative to a key, the (sort value, id) of a row: the rows after
it, the rows before it, or the first or last rows of the whole list. Every sort
order walks its index from the key (`value >= v AND (value > v OR id > i)`, which
SQLite turns into an index range), never past skipped rows as OFFSET does. A sort
on a column that may be empty (next follow-up) keeps the empty ones last, ordered
by id, and reads them as a second range when the first runs out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from peewee import Value

from leadtui.context import Context
from leadtui.db.models import Lead
from leadtui.icp import load_profile
from leadtui.queries import LIST_COLUMNS, SORTS, LeadFilter, LeadRow, Sort, _rows, _where

PAGE_SIZE = 60


@dataclass(frozen=True)
class PageKey:
    """Where a row sits in a sort order: its sort value (None when empty) and its id."""

    value: object
    id: int


@dataclass(frozen=True)
class LeadPage:
    """Rows in display order; `more_before`/`more_after`: whether the list goes on that way."""

    rows: tuple[LeadRow, ...]
    more_before: bool
    more_after: bool


def sort_of(name: str) -> Sort:
    return SORTS.get(name, SORTS["touched"])


def key_of(sort: str, row: LeadRow) -> PageKey:
    return PageKey(getattr(row, sort_of(sort).column), row.id)


def _beyond(sort: Sort, key: PageKey, descending: bool, inclusive: bool) -> list:
    """Rows past `key` walking in the given direction (SQL: `>`-wise when ascending)."""
    column = sort.key_expression()
    value = sort.blind(Value(key.value)) if sort.nocase else key.value
    last_id = _id_beyond(key, descending, inclusive)
    if descending:
        return [column <= value, (column < value) | last_id]
    return [column >= value, (column > value) | last_id]


def _id_beyond(key: PageKey, descending: bool, inclusive: bool):
    if descending:
        return Lead.id <= key.id if inclusive else Lead.id < key.id
    return Lead.id >= key.id if inclusive else Lead.id > key.id


def _segments(sort: Sort, key: PageKey | None, forward: bool, inclusive: bool = False) -> list:
    """(conditions, order) pairs to read in turn, from `key` (None: from that end of the list)."""
    descending = sort.descending != (not forward)
    column = sort.key_expression()

    def order(expr):
        return expr.desc() if descending else expr.asc()

    by_value = [order(column), order(Lead.id)]
    if not sort.nulls_last:
        return [(_beyond(sort, key, descending, inclusive) if key else [], by_value)]
    field = getattr(Lead, sort.column)
    valued = field.is_null(False)
    empty = field.is_null()
    by_id = [order(Lead.id)]
    if key is None:
        parts = [([valued], by_value), ([empty], by_id)]
        return parts if forward else parts[::-1]
    if key.value is None:
        after_key = ([empty, _id_beyond(key, descending, inclusive)], by_id)
        return [after_key] if forward else [after_key, ([valued], by_value)]
    after_key = ([valued, *_beyond(sort, key, descending, inclusive)], by_value)
    return [after_key, ([empty], by_id)] if forward else [after_key]


def _read(ctx: Context, flt: LeadFilter | None, segments: list, limit: int) -> list[LeadRow]:
    conditions = _where(ctx, flt or LeadFilter())
    share = load_profile().min_share
    now = ctx.now()
    rows: list[LeadRow] = []
    for extra, order in segments:
        where = [*conditions, *extra]
        query = Lead.select(*LIST_COLUMNS).order_by(*order).limit(limit - len(rows))
        if where:
            query = query.where(*where)
        rows += _rows(query, now, share)
        if len(rows) >= limit:
            break
    return rows


def _walk(ctx: Context, flt: LeadFilter | None, sort: str, key: PageKey | None, *, forward: bool,
          inclusive: bool = False, limit: int = PAGE_SIZE) -> tuple[list[LeadRow], bool]:
    """Up to `limit` rows in walking order, and whether more lie beyond them."""
    rows = _read(ctx, flt, _segments(sort_of(sort), key, forward, inclusive), limit + 1)
    return rows[:limit], len(rows) > limit


def first_page(ctx: Context, flt: LeadFilter | None = None, sort: str = "touched",
               limit: int = PAGE_SIZE) -> LeadPage:
    rows, more = _walk(ctx, flt, sort, None, forward=True, limit=limit)
    return LeadPage(tuple(rows), more_before=False, more_after=more)


def last_page(ctx: Context, flt: LeadFilter | None = None, sort: str = "touched",
              limit: int = PAGE_SIZE) -> LeadPage:
    rows, more = _walk(ctx, flt, sort, None, forward=False, limit=limit)
    return LeadPage(tuple(reversed(rows)), more_before=more, more_after=False)


def page_after(ctx: Context, flt: LeadFilter | None, sort: str, key: PageKey, *,
               inclusive: bool = False, limit: int = PAGE_SIZE) -> LeadPage:
    """The rows after `key` (from it, with `inclusive`: a page re-read where it began)."""
    rows, more = _walk(ctx, flt, sort, key, forward=True, inclusive=inclusive, limit=limit)
    if inclusive:  # whether anything lies before the key is one more indexed step
        before, _ = _walk(ctx, flt, sort, key, forward=False, limit=1)
        return LeadPage(tuple(rows), more_before=bool(before), more_after=more)
    return LeadPage(tuple(rows), more_before=True, more_after=more)


def page_before(ctx: Context, flt: LeadFilter | None, sort: str, key: PageKey, *,
                limit: int = PAGE_SIZE) -> LeadPage:
    rows, more = _walk(ctx, flt, sort, key, forward=False, limit=limit)
    return LeadPage(tuple(reversed(rows)), more_before=more, more_after=True)


def count_before(ctx: Context, flt: LeadFilter | None, sort: str, key: PageKey) -> int:
    """How many rows of the list come before `key`: the position of the row it belongs to."""
    conditions = _where(ctx, flt or LeadFilter())
    total = 0
    for extra, _order in _segments(sort_of(sort), key, forward=False):
        where = [*conditions, *extra]
        total += (Lead.select().where(*where) if where else Lead.select()).count()
    return total


def iter_leads(ctx: Context, flt: LeadFilter | None = None, sort: str = "touched",
               batch: int = 1000) -> Iterator[LeadRow]:
    """Every matching lead in order, read a page at a time (for exports and long listings)."""
    page = first_page(ctx, flt, sort, batch)
    while True:
        yield from page.rows
        if not page.more_after or not page.rows:
            return
        page = page_after(ctx, flt, sort, key_of(sort, page.rows[-1]), limit=batch)


def filter_copy(flt: LeadFilter) -> LeadFilter:
    """A snapshot of a filter for a read on another thread while the user keeps typing."""
    return replace(flt)
