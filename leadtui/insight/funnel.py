"""The funnel: how many leads entered each stage in a period and how many went on.

Computed from stage events, never from the current stage alone. A lead's entry
into stage N is its first event to stage N *or any later stage*, so a lead that
jumped from 2 straight to 4 still counts as having entered (and passed) 3. The
time spent in a stage counts only leads that really stopped there: from their
first event to that stage until their first event beyond it.

The first row is the prospect -> lead step: prospects created in the period and
the share that showed interest (a kind event from prospect to lead). The last row is the
hand-off to sales: leads that became MQL in the period, the share that went on to SQL, and
the median days from MQL to SQL (from the qualification events).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadtui.context import Context
from leadtui.insight.sql import (
    END_OF_TIME,
    RANKED_STAGES,
    count_if,
    days_between,
    fetch,
    quantiles_sql,
    rank_case,
    rounded,
    share,
    t,
)
from leadtui.kit.vocab import stage_label

OPEN_COUNT = len(RANKED_STAGES) - 1  # stages that have a next one (1..5)


@dataclass(frozen=True)
class FunnelStep:
    stage: str  # "prospect", a lifecycle stage, or "won"
    label: str
    entered: int
    moved_on: int
    to_next: float | None  # share of `entered` that reached the next step
    median_days: float | None  # median days spent here before moving on

    def as_json(self) -> dict:
        return {"stage": self.stage, "entered": self.entered, "to_next": self.to_next,
                "median_days": self.median_days}


@dataclass(frozen=True)
class Funnel:
    since: datetime | None
    until: datetime
    steps: tuple[FunnelStep, ...]

    def as_json(self) -> list[dict]:
        return [step.as_json() for step in self.steps]

    def step(self, stage: str) -> FunnelStep:
        return next(s for s in self.steps if s.stage == stage)


def _per_lead_cte(until_given: bool) -> str:
    """One row per lead: e{N} = first entry into stage N or beyond, x{N} = first entry into N itself."""
    reach = ", ".join(f"MIN(CASE WHEN r >= {n} THEN at END) AS e{n}" for n in range(1, len(RANKED_STAGES) + 1))
    exact = ", ".join(f"MIN(CASE WHEN r = {n} THEN at END) AS x{n}" for n in range(1, OPEN_COUNT + 1))
    return f"""
    per_lead AS MATERIALIZED (
        SELECT lead_id, {reach}, {exact}
        FROM (SELECT lead_id, at, {rank_case('to_value')} AS r FROM stage_change
              WHERE field = 'stage'{" AND at < :until" if until_given else ""}) AS ranked
        WHERE r IS NOT NULL
        GROUP BY lead_id)
    """


def _stage_rows(since, until, until_given: bool) -> tuple[dict[int, tuple[int, int]], dict[int, float]]:
    """Entries, moves on and median days per stage: one statement over one materialised pass.

    The first row holds every count (one scan of the per-lead rows: entered 1..6, then moved
    on 1..5); the rows after it hold the median days per stage, keyed by the stage's number.
    """
    last = len(RANKED_STAGES)
    inside = {n: f"e{n} >= :since AND e{n} < :until" for n in range(1, last + 1)}
    counts = [count_if(inside[n]) for n in range(1, last + 1)]
    counts += [count_if(f"{inside[n]} AND e{n + 1} IS NOT NULL") for n in range(1, last)]
    durations = " UNION ALL ".join(
        f"SELECT {n} AS k, {days_between(f'e{n + 1}', f'x{n}')} AS d FROM per_lead "
        f"WHERE x{n} >= :since AND x{n} < :until AND e{n + 1} > x{n}"
        for n in range(1, OPEN_COUNT + 1))
    no_counts = ", ".join(["NULL"] * len(counts))
    rows = fetch(f"WITH {_per_lead_cte(until_given)} "
                 f"SELECT 0 AS k, CAST(NULL AS DOUBLE PRECISION) AS median, {', '.join(counts)} FROM per_lead "
                 f"UNION ALL SELECT k, median, {no_counts} FROM ({quantiles_sql(durations)}) AS q",
                 {"since": since, "until": until})
    first = next(row for row in rows if row[0] == 0)[2:]
    entered, moved = first[:last], first[last:] + (0,)
    totals = {n: (int(entered[n - 1]), int(moved[n - 1])) for n in range(1, last + 1)}
    medians = {k: median for k, median, *_ in rows if k != 0}
    return totals, medians


def _prospect_row(since: str, until: str) -> FunnelStep:
    # Prospects created in the period: a prospect now, or one that has turned into a lead since.
    # Two indexed halves: prospects by kind, and the few leads with a prospect -> lead event.
    sql = f"""
    WITH converted AS MATERIALIZED (
        SELECT lead_id, MIN(at) AS at FROM stage_change
        WHERE field = 'kind' AND from_value = 'prospect' AND to_value = 'lead' GROUP BY lead_id),
    prospects AS MATERIALIZED (
        SELECT l.created_at, CASE WHEN c.at < :until THEN c.at END AS converted
        FROM lead l LEFT JOIN converted c ON c.lead_id = l.id
        WHERE l.kind = 'prospect' AND l.created_at >= :since AND l.created_at < :until
        UNION ALL
        SELECT l.created_at, CASE WHEN c.at < :until THEN c.at END
        FROM converted c JOIN lead l ON l.id = c.lead_id
        WHERE l.kind <> 'prospect' AND l.created_at >= :since AND l.created_at < :until)
    SELECT COUNT(*), COUNT(converted), (SELECT median FROM ({quantiles_sql(
        f"SELECT 0 AS k, {days_between('converted', 'created_at')} AS d FROM prospects "
        "WHERE converted IS NOT NULL")}) AS q) FROM prospects
    """
    entered, moved, median = fetch(sql, {"since": since, "until": until})[0]
    return FunnelStep("prospect", "Prospect → lead", entered, moved, share(moved, entered), rounded(median))


def _handoff_row(since: str, until: str) -> FunnelStep:
    """MQL -> SQL: each lead's first MQL and first SQL event after it."""
    firsts = ("SELECT lead_id, MIN(CASE WHEN to_value = 'mql' THEN at END) AS mql, "
              "MIN(CASE WHEN to_value = 'sql' THEN at END) AS sqlq FROM stage_change "
              "WHERE field = 'qualification' GROUP BY lead_id")
    handed = "sqlq > mql AND sqlq < :until"
    sql = f"""
    WITH q AS MATERIALIZED ({firsts}),
    became AS MATERIALIZED (SELECT mql, CASE WHEN {handed} THEN sqlq END AS sqlq FROM q
                            WHERE mql >= :since AND mql < :until)
    SELECT COUNT(*), COUNT(sqlq), (SELECT median FROM ({quantiles_sql(
        f"SELECT 0 AS k, {days_between('sqlq', 'mql')} AS d FROM became WHERE sqlq IS NOT NULL")}) AS m)
    FROM became
    """
    entered, moved, median = fetch(sql, {"since": since, "until": until})[0]
    return FunnelStep("mql_sql", "MQL → SQL (hand-off)", int(entered), int(moved), share(moved, entered),
                      rounded(median))


def funnel(ctx: Context, since: datetime | None = None, until: datetime | None = None) -> Funnel:
    """The funnel for leads entering stages in [since, until) (until defaults to now)."""
    lo, hi = t(since), t(until, END_OF_TIME)  # open-ended: an event logged this second counts
    totals, medians = _stage_rows(lo, hi, until is not None)
    until = until or ctx.now()
    steps = [_prospect_row(lo, hi)]
    for n, stage in enumerate(RANKED_STAGES, start=1):
        entered, moved = totals[n]
        last = n == len(RANKED_STAGES)
        steps.append(FunnelStep(
            stage, stage_label(stage), entered, moved, None if last else share(moved, entered),
            None if last else rounded(medians.get(n))))
    steps.append(_handoff_row(lo, hi))
    return Funnel(since, until, tuple(steps))

