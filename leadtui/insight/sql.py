"""Shared SQL pieces: stage ranks, medians and percentiles, and what differs per engine.

SQLite has no MEDIAN or PERCENTILE, so both are computed with window functions in
the same statement: rows are numbered per group and the middle (or the 90th
percentile's nearest-rank) row is picked, so no list of values reaches Python.

Every report runs on SQLite and on PostgreSQL. The statements are written once,
with `:name` parameters that `fetch` turns into the engine's own placeholder
(`database.param`), and with the few pieces the engines spell differently
(days between two times, the larger of two values, a count of rows meeting a
condition) built by the functions here.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from leadtui.db.connection import database, is_postgres

# The lifecycle in order; won is one step beyond the last open stage. Lost and
# disqualified end a lead's path without passing any stage.
RANKED_STAGES = ("interest", "contact", "nurture", "offer", "decision", "won")
STAGE_RANK = {stage: number for number, stage in enumerate(RANKED_STAGES, start=1)}

# Before and after every stored time.
BEGINNING = datetime(1, 1, 1)
END_OF_TIME = datetime(9999, 12, 31, 23, 59, 59)

_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


def rank_case(column: str) -> str:
    """A CASE expression giving a stage's rank (NULL for lost/disqualified/unknown)."""
    whens = " ".join(f"WHEN '{stage}' THEN {rank}" for stage, rank in STAGE_RANK.items())
    return f"(CASE {column} {whens} END)"


def t(value: datetime | None, default: datetime = BEGINNING):
    """A datetime as a parameter that compares correctly with stored times on this engine.

    SQLite stores times as the text peewee writes; PostgreSQL as timestamps.
    """
    value = default if value is None else value
    return value if is_postgres() else str(value)


def in_period(column: str, since, until) -> str:
    """`column` in [:since, :until), leaving out an open end: with neither, no condition at all
    (TRUE), so the whole table is read in one pass instead of through the index on `column`."""
    parts = ([f"{column} >= :since"] if since is not None else []) + (
        [f"{column} < :until"] if until is not None else [])
    return " AND ".join(parts) or "TRUE"


def seconds_between(later: str, earlier: str) -> str:
    """Seconds from `earlier` to `later` (two SQL time expressions), to the millisecond.

    Both engines count whole milliseconds, so a duration is the same number on
    either and rounds the same way in the reports.
    """
    if is_postgres():
        return f"(ROUND(EXTRACT(EPOCH FROM ({later}) - ({earlier})) * 1000)::float8 / 1000)"
    return f"(ROUND((julianday({later}) - julianday({earlier})) * 86400000) / 1000)"


def days_between(later: str, earlier: str) -> str:
    """Days (with fractions) from `earlier` to `later`."""
    return f"({seconds_between(later, earlier)} / 86400)"


def hours_between(later: str, earlier: str) -> str:
    """Hours (with fractions) from `earlier` to `later`."""
    return f"({seconds_between(later, earlier)} / 3600)"


def greatest(a: str, b: str) -> str:
    """The larger of two SQL numbers."""
    return f"GREATEST({a}, {b})" if is_postgres() else f"MAX({a}, {b})"


def count_if(condition: str) -> str:
    """How many rows of the group meet `condition` (0, never NULL)."""
    return f"COUNT(CASE WHEN {condition} THEN 1 END)"


def quantiles_sql(values_sql: str) -> str:
    """Median and 90th percentile (nearest rank) of `d` per group `k`.

    `values_sql` selects columns `k` (a group key) and `d` (a number). The result
    has columns k, n, median, p90.
    """
    return f"""
    SELECT k, MAX(c) AS n,
           AVG(CASE WHEN rn IN ((c + 1) / 2, (c + 2) / 2) THEN d END) AS median,
           MAX(CASE WHEN rn = (9 * c + 9) / 10 THEN d END) AS p90
    FROM (SELECT k, d, ROW_NUMBER() OVER (PARTITION BY k ORDER BY d) AS rn,
                 COUNT(*) OVER (PARTITION BY k) AS c
          FROM ({values_sql}) AS v) AS numbered
    GROUP BY k
    """


def bind(sql: str, params: dict) -> tuple[str, list]:
    """`sql` with each `:name` replaced by the engine's placeholder, and the values in order."""
    values = []

    def placeholder(match: re.Match) -> str:
        values.append(params[match[1]])
        return database.param

    return _NAMED.sub(placeholder, sql), values


def fetch(sql: str, params: dict | None = None) -> list[tuple]:
    """Rows of `sql` (with `:name` parameters); PostgreSQL's exact decimals come back as floats."""
    query, values = bind(sql, params or {})
    rows = database.execute_sql(query, values).fetchall()
    return [tuple(float(v) if isinstance(v, Decimal) else v for v in row) for row in rows]


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
