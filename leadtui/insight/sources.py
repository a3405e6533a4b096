"""Which channels pay off: per source and direction, leads, SQLs, customers and value.

A lead counts for the period it was created in. "Reached SQL" means it was ever
qualified as SQL (an event or its current qualification); "won" is its stage now,
and days to win run from creation to its first event into won. Value won is the
sum of won leads' expected values, per currency (amounts are never converted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadtui.context import Context
from leadtui.insight.sql import (
    END_OF_TIME,
    count_if,
    days_between,
    fetch,
    greatest,
    in_period,
    quantiles_sql,
    rounded,
    share,
    t,
)

ALL = "(all)"  # the source of the per-direction totals
_SEP = "\x1f"


def _base(period: str) -> str:
    days = greatest("0", days_between("COALESCE(w.at, l.updated_at)", "l.created_at"))
    return f"""
WITH won AS (SELECT lead_id, MIN(at) AS at FROM stage_change
             WHERE field = 'stage' AND to_value = 'won' GROUP BY lead_id),
     sql_q AS (SELECT DISTINCT lead_id FROM stage_change WHERE field = 'qualification' AND to_value = 'sql'),
     base AS MATERIALIZED (
        SELECT l.source, l.direction, l.value_cents, l.value_currency,
               (l.qualification = 'sql' OR q.lead_id IS NOT NULL) AS reached_sql,
               (l.stage = 'won') AS is_won,
               CASE WHEN l.stage = 'won' THEN
                   {days} END AS days
        FROM lead l LEFT JOIN won w ON w.lead_id = l.id LEFT JOIN sql_q q ON q.lead_id = l.id
        WHERE {period})
"""


@dataclass(frozen=True)
class SourceRow:
    source: str
    direction: str
    leads: int
    sql: int
    won: int
    conversion: float | None  # won / leads
    median_days_to_win: float | None
    value_won: tuple[tuple[str, int], ...]  # (currency, cents), largest first

    def as_json(self) -> dict:
        return {"source": self.source, "direction": self.direction, "leads": self.leads,
                "sql": self.sql, "won": self.won, "conversion": self.conversion,
                "median_days_to_win": self.median_days_to_win,
                "value_won": {currency: cents / 100 for currency, cents in self.value_won}}


@dataclass(frozen=True)
class SourcesReport:
    since: datetime | None
    until: datetime
    rows: tuple[SourceRow, ...]  # per (source, direction), most customers first
    directions: tuple[SourceRow, ...]  # totals per direction, source "(all)"

    def as_json(self) -> list[dict]:
        return [row.as_json() for row in self.rows + self.directions]


def sources(ctx: Context, since: datetime | None = None, until: datetime | None = None) -> SourcesReport:
    """One statement: the per-lead base is read once and grouped three ways (counts, medians, values)."""
    params = {"since": t(since), "until": t(until, END_OF_TIME)}
    days = f"""SELECT source || '{_SEP}' || direction AS k, days AS d FROM base WHERE is_won
               UNION ALL SELECT '{ALL}{_SEP}' || direction, days FROM base WHERE is_won"""
    rows = fetch(_base(in_period("l.created_at", since, until)) + f"""
        SELECT 'count', source || '{_SEP}' || direction, CAST(NULL AS TEXT), CAST(COUNT(*) AS DOUBLE PRECISION),
               {count_if('reached_sql')}, {count_if('is_won')} FROM base GROUP BY source, direction
        UNION ALL
        SELECT 'count', '{ALL}{_SEP}' || direction, NULL, COUNT(*), {count_if('reached_sql')},
               {count_if('is_won')} FROM base GROUP BY direction
        UNION ALL
        SELECT 'median', k, NULL, median, NULL, NULL FROM ({quantiles_sql(days)}) AS q
        UNION ALL
        SELECT 'value', source || '{_SEP}' || direction, value_currency, SUM(value_cents), NULL, NULL FROM base
        WHERE is_won AND value_cents IS NOT NULL GROUP BY source, direction, value_currency
        UNION ALL
        SELECT 'value', '{ALL}{_SEP}' || direction, value_currency, SUM(value_cents), NULL, NULL FROM base
        WHERE is_won AND value_cents IS NOT NULL GROUP BY direction, value_currency""", params)
    counts, medians, values = [], {}, {}
    for what, key, currency, a, b, c in rows:
        if what == "count":
            counts.append((key, int(a), int(b), int(c)))
        elif what == "median":
            medians[key] = a
        else:
            values.setdefault(key, []).append((currency, int(a)))
    found, totals = [], []
    for key, leads, sql, won in counts:
        source, direction = key.split(_SEP)
        row = SourceRow(source, direction, leads, sql, won, share(won, leads), rounded(medians.get(key)),
                        tuple(sorted(values.get(key, []), key=lambda cv: -cv[1])))
        (totals if source == ALL else found).append(row)
    found.sort(key=lambda r: (-r.won, -r.leads, r.source))
    totals.sort(key=lambda r: r.direction)
    return SourcesReport(since, until or ctx.now(), tuple(found), tuple(totals))
