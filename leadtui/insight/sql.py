"""Shared SQL pieces: stage ranks, medians and percentiles, parameters for times.

SQLite has no MEDIAN or PERCENTILE, so both are computed with window functions in
the same statement: rows are numbered per group and the middle (or the 90th
percentile's nearest-rank) row is picked, so no list of values reaches Python.
"""

from __future__ import annotations

from datetime import datetime

from leadtui.db.connection import database

# The lifecycle in order; won is one step beyond the last open stage. Lost and
# disqualified end a lead's path without passing any stage.
RANKED_STAGES = ("interest", "contact", "nurture", "offer", "decision", "won")
STAGE_RANK = {stage: number for number, stage in enumerate(RANKED_STAGES, start=1)}

# Before every stored time and after every stored time, as text comparisons go.
BEGINNING = "0000-01-01 00:00:00"
END_OF_TIME = "9999-12-31 23:59:59"


def rank_case(column: str) -> str:
    """A CASE expression giving a stage's rank (NULL for lost/disqualified/unknown)."""
    whens = " ".join(f"WHEN '{stage}' THEN {rank}" for stage, rank in STAGE_RANK.items())
    return f"(CASE {column} {whens} END)"


def t(value: datetime | None, default: str = BEGINNING) -> str:
    """A datetime as the text peewee stores, so it compares correctly in SQL."""
    return default if value is None else str(value)


def quantiles_sql(values_sql: str) -> str:
    """Median and 90th percentile (nearest rank) of `d` per group `k`.

    `values_sql` selects columns `k` (a group key) and `d` (a number). The result
    has columns k, n, median, p90.
    """
    return f"""
    SELECT k, c AS n,
           AVG(CASE WHEN rn IN ((c + 1) / 2, (c + 2) / 2) THEN d END) AS median,
           MAX(CASE WHEN rn = (9 * c + 9) / 10 THEN d END) AS p90
    FROM (SELECT k, d, ROW_NUMBER() OVER (PARTITION BY k ORDER BY d) AS rn,
                 COUNT(*) OVER (PARTITION BY k) AS c
          FROM ({values_sql}))
    GROUP BY k
    """


def fetch(sql: str, params=()) -> list[tuple]:
    return list(database.execute_sql(sql, params).fetchall())


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
