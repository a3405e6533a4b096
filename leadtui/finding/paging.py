"""Keyset pages of the lead list: the last page costs what the first does.

A page is read relative to a key, the (sort value, id) of a row: the rows after
it, the rows before it, or the first or last rows of the whole list. Every sort
order walks its index from the key (`value >= v AND (value > v OR id > i)`, which
SQLite turns into an index range), never past skipped rows as OFFSET does. A sort
on a column that may be empty (next follow-up) keeps the empty ones last, ordered
by id, and reads them as a second range when the first runs out.

A filter that picks its rows through another index (a search, `stage:won`, stale
leads) would make SQLite fetch every match and sort them: linear in the matches.
On SQLite such a page walks the sort's index instead, for a bounded number of
entries, and lets the filter's own plan read whatever lies past them
(`_read_segment`); PostgreSQL plans these itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, replace

from peewee import SQL, NodeList, Value

from leadtui.context import Context
from leadtui.db.connection import database, is_postgres
from leadtui.db.models import Lead
from leadtui.finding.queries import LIST_COLUMNS, SORTS, LeadFilter, LeadRow, Sort, _rows, _where
from leadtui.scoring.icp import load_profile

PAGE_SIZE = 60
# A walk of the sort's index reads up to WALK_FACTOR × sqrt(page × leads) entries (see _walk_budget).
WALK_FACTOR = 2.0
# Below this many leads, sorting every match costs less than a walk's extra statements.
WALK_FROM_LEADS = 25_000
# The index each sort order walks on SQLite (migrations 0001 and 0003).
SORT_INDEXES = {"last_touched_at": "lead_last_touched_at", "name": "lead_name_nocase",
                "score": "lead_score", "next_follow_up_at": "lead_next_follow_up_at",
                "created_at": "lead_created_at"}


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


def index_of(sort: Sort) -> str | None:
    return SORT_INDEXES.get(sort.column)


def key_of(sort: str, row: LeadRow) -> PageKey:
    return PageKey(getattr(row, sort_of(sort).column), row.id)


def _term(field, indexable: bool):
    """`field` in a condition; not `indexable`: a term no index serves (SQLite's unary +),
    so the filter's own conditions choose how the rows are found."""
    return field if indexable else NodeList((SQL("+"), field), glue="")


def _beyond(sort: Sort, key: PageKey, descending: bool, inclusive: bool, indexable: bool = True) -> list:
    """Rows past `key` walking in the given direction (SQL: `>`-wise when ascending)."""
    field = getattr(Lead, sort.column)
    if indexable:
        column = sort.key_expression()
        value = sort.blind(Value(key.value)) if sort.nocase else key.value
    else:
        column = sort.blind(_term(field, False))
        value = sort.blind(Value(field.db_value(key.value)))
    last_id = _id_beyond(key, descending, inclusive, indexable)
    if descending:
        return [column <= value, (column < value) | last_id]
    return [column >= value, (column > value) | last_id]


def _id_beyond(key: PageKey, descending: bool, inclusive: bool, indexable: bool = True):
    column = _term(Lead.id, indexable)
    if descending:
        return column <= key.id if inclusive else column < key.id
    return column >= key.id if inclusive else column > key.id


@dataclass(frozen=True)
class _Segment:
    """One part of a walk: rows ordered by (value, id), or (`by_value` False) the rows without a
    value ordered by id, from `key` (None: from that end of the list) in one direction."""

    sort: Sort
    descending: bool
    by_value: bool
    key: PageKey | None
    inclusive: bool = False

    def order(self) -> list:
        def order(expr):
            return expr.desc() if self.descending else expr.asc()

        if self.by_value:
            return [order(self.sort.key_expression()), order(Lead.id)]
        return [order(Lead.id)]

    def conditions(self, indexable: bool = True, start: PageKey | None = None,
                   inclusive: bool | None = None) -> list:
        """Its rows (from `start` instead of its key when given); not `indexable`: as terms no
        index serves, so a filter's own conditions choose how the rows are found."""
        key = self.key if start is None else start
        inclusive = self.inclusive if inclusive is None else inclusive
        base = []
        if self.sort.nulls_last:
            field = _term(getattr(Lead, self.sort.column), indexable)
            base = [field.is_null(False) if self.by_value else field.is_null()]
        if key is None:
            return base
        return [*base, *self.past(key, backwards=False, inclusive=inclusive, indexable=indexable)]

    def past(self, key: PageKey, *, backwards: bool, inclusive: bool, indexable: bool = True) -> list:
        """Rows past `key` in this segment's order (`backwards`: before it)."""
        descending = self.descending != backwards
        if self.by_value:
            return _beyond(self.sort, key, descending, inclusive, indexable)
        return [_id_beyond(key, descending, inclusive, indexable)]

    def split_at(self, boundary: PageKey, first_value: object) -> tuple[list, list]:
        """This segment's rows up to `boundary` as one index range, and the rest as plain terms.

        The range never walks a value's ties to reach the boundary's id: it ends before the
        boundary's value, or, when the walk starts among the rows sharing that value, it is
        the (value, id) range from the start to the boundary.
        """
        if not self.by_value:
            return ([*self.conditions(), _id_beyond(boundary, not self.descending, True)],
                    self.conditions(False, boundary, False))
        column = self.sort.key_expression()
        value = self.sort.blind(Value(boundary.value)) if self.sort.nocase else boundary.value
        if _same_value(self.sort, first_value, boundary.value):
            ids = [_id_beyond(self.key, self.descending, self.inclusive)] if self.key else []
            return ([column == value, *ids, _id_beyond(boundary, not self.descending, True)],
                    self.conditions(False, boundary, False))
        field = getattr(Lead, self.sort.column)
        plain = self.sort.blind(_term(field, False))
        plain_value = self.sort.blind(Value(field.db_value(boundary.value)))
        if self.descending:
            return [*self.conditions(), column > value], [*self.conditions(False), plain <= plain_value]
        return [*self.conditions(), column < value], [*self.conditions(False), plain >= plain_value]


def _same_value(sort: Sort, a: object, b: object) -> bool:
    """Whether two sort values are equal as the sort compares them (ASCII case-blind for names)."""
    if sort.nocase and isinstance(a, str) and isinstance(b, str):
        return a.encode().lower() == b.encode().lower()
    return a == b


def _parts(sort: Sort, key: PageKey | None, forward: bool, inclusive: bool = False) -> list[_Segment]:
    """The segments to read in turn; a sort keeping empty values last has two."""
    descending = sort.descending != (not forward)
    if not sort.nulls_last:
        return [_Segment(sort, descending, True, key, inclusive)]
    valued = _Segment(sort, descending, True, None)
    empty = _Segment(sort, descending, False, None)
    if key is None:
        return [valued, empty] if forward else [empty, valued]
    if key.value is None:
        after_key = _Segment(sort, descending, False, key, inclusive)
        return [after_key] if forward else [after_key, valued]
    after_key = _Segment(sort, descending, True, key, inclusive)
    return [after_key, empty] if forward else [after_key]


def _segments(sort: Sort, key: PageKey | None, forward: bool, inclusive: bool = False) -> list:
    """(conditions, order) pairs to read in turn, from `key` (None: from that end of the list)."""
    return [(part.conditions(), part.order()) for part in _parts(sort, key, forward, inclusive)]


def _read(ctx: Context, flt: LeadFilter | None, sort: Sort, key: PageKey | None, limit: int, *,
          forward: bool, inclusive: bool = False, plan: str = "auto") -> list[LeadRow]:
    conditions = _where(ctx, flt or LeadFilter())
    share = load_profile().min_share
    now = ctx.now()
    budget = 0  # index entries a walk may read; none: the engine's own plan
    if plan != "sort" and _narrowed(flt) and index_of(sort) and not is_postgres():
        total = database.execute_sql(f"SELECT max(id) FROM {Lead._meta.table_name}").fetchone()[0] or 0
        if plan != "auto" or total >= WALK_FROM_LEADS:
            budget = _walk_budget(limit, total)
    rows: list[LeadRow] = []
    for part in _parts(sort, key, forward, inclusive):
        def read(where: list, want: int, index: str | None = None) -> list[LeadRow]:
            query = Lead.select(*LIST_COLUMNS).order_by(*part.order()).limit(want)  # noqa: B023
            query = query.where(*where) if where else query
            return _rows(_indexed(query, index) if index else query, now, share)

        rows += _read_segment(read, part, conditions, limit - len(rows), budget, plan == "auto")
        if len(rows) >= limit:
            break
    return rows


def _narrowed(flt: LeadFilter | None) -> bool:
    """Whether the filter holds more than the list's default (leads not archived)."""
    return flt is not None and bool(flt.kind or flt.stale or flt.text.strip() or flt.query.strip())


def _read_segment(read, part: _Segment, conditions: list, limit: int, budget: int,
                  ask: bool) -> list[LeadRow]:
    """One segment's rows: by the filter's own plan, or by walking the sort's index.

    SQLite's plan for a selective filter (a search, `stage:won`, stale leads) fetches every
    matching row and sorts them: linear in the matches. Walking the sort's index and keeping
    the matching rows stops after a page, but walks far when matches are rare, or lie at the
    other end. So the walk is bounded: it keeps the matches among the next `_walk_budget`
    index entries (a window up to a boundary row found through the index alone), and when
    the window holds too few, the filter's own plan reads the rest, past the boundary. The
    rows and their order are the same either way; only the cost differs. With `ask`, the walk
    is taken only when SQLite's own plan would sort the matches.
    """
    index = index_of(part.sort)
    if not budget:
        return read([*conditions, *part.conditions()], limit)
    if ask and not _sorts_its_rows(Lead.select(*LIST_COLUMNS).order_by(*part.order())
                                              .where(*conditions, *part.conditions(False)).limit(limit)):
        return read([*conditions, *part.conditions()], limit)  # it walks an index in order anyway
    ranges = part.conditions()
    boundary = _window_end(part, index, ranges, budget)
    if boundary is None:  # fewer index entries left than the budget: the walk is bounded as it is
        return read([*conditions, *ranges], limit, index)
    window, rest = part.split_at(boundary, _first_value(part, index, ranges))
    rows = read([*conditions, *window], limit, index)
    if len(rows) < limit:
        rows += read([*conditions, *rest], limit - len(rows))
    return rows


def _first_value(part: _Segment, index: str, ranges: list) -> object:
    """The sort value the walk starts at (read from the index alone)."""
    if not part.by_value:
        return None
    if part.key is not None:
        return part.key.value
    query = Lead.select(getattr(Lead, part.sort.column)).order_by(*part.order()).limit(1)
    found = list(_indexed(query.where(*ranges) if ranges else query, index).tuples())
    return found[0][0] if found else None


def _window_end(part: _Segment, index: str, ranges: list, size: int) -> PageKey | None:
    """The row `size` index entries into `ranges` (read from the index alone), or None."""
    columns = (getattr(Lead, part.sort.column), Lead.id) if part.by_value else (Lead.id,)
    query = Lead.select(*columns).order_by(*part.order()).limit(1).offset(size - 1)
    found = list(_indexed(query.where(*ranges) if ranges else query, index).tuples())
    if not found:
        return None
    return PageKey(*found[0]) if part.by_value else PageKey(None, found[0][0])


def _walk_budget(limit: int, total: int) -> int:
    """Index entries a walk may read: about what sorting the matches costs at break-even.

    Walking n entries finds a page when one lead in n / limit matches, where sorting the
    matches costs about total × limit / n: both are equal at n = sqrt(limit × total).
    """
    return max(limit, int(WALK_FACTOR * math.sqrt(limit * total)))


def _sorts_its_rows(query) -> bool:
    """Whether SQLite's plan for `query` sorts the rows it finds (instead of reading an order)."""
    sql, params = query.sql()
    return any("TEMP B-TREE FOR" in row[-1]
               for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def _indexed(query, index: str):
    """`query` (on the lead table) told to read through `index` (SQLite's INDEXED BY)."""
    sql, params = query.sql()
    table = f'FROM "{Lead._meta.table_name}" AS "t1"'
    if sql.count(table) != 1:
        raise ValueError(f"cannot name an index for: {sql}")
    return Lead.raw(sql.replace(table, f'{table} INDEXED BY "{index}"'), *params)


def _walk(ctx: Context, flt: LeadFilter | None, sort: str, key: PageKey | None, *, forward: bool,
          inclusive: bool = False, limit: int = PAGE_SIZE, plan: str = "auto") -> tuple[list[LeadRow], bool]:
    """Up to `limit` rows in walking order, and whether more lie beyond them."""
    rows = _read(ctx, flt, sort_of(sort), key, limit + 1, forward=forward, inclusive=inclusive, plan=plan)
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
