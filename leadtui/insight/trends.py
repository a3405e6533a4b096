"""Figures per week for the charts: new leads, and the median response to inbound leads.

Weeks are local calendar weeks (Monday first). Each week's start is turned into
UTC on its own, so a week that spans a daylight-saving change still begins at
local midnight on Monday; rows are bucketed in SQL against those boundaries, so
twelve weeks over 100k leads are two grouped scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from leadtui.context import Context
from leadtui.insight.sql import fetch, greatest, hours_between, quantiles_sql, rounded, t
from leadtui.kit.clock import to_local, to_utc


@dataclass(frozen=True)
class WeekPoint:
    monday: date  # local
    new: int
    median_response_hours: float | None

    @property
    def label(self) -> str:
        return f"{self.monday.day} {self.monday:%b}"


def week_mondays(now_utc: datetime, weeks: int) -> list[date]:
    """The local Mondays of the last `weeks` weeks, the current one last."""
    today = to_local(now_utc).date()
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]


def weekly_trend(ctx: Context, weeks: int = 12) -> tuple[WeekPoint, ...]:
    mondays = week_mondays(ctx.now(), weeks)
    # Where each week starts and the last one ends, in UTC: week n is [b{n}, b{n+1}).
    bounds = [to_utc(datetime.combine(monday, time())) for monday in mondays]
    bounds.append(to_utc(datetime.combine(mondays[-1] + timedelta(weeks=1), time())))
    params = {f"b{n}": t(bound) for n, bound in enumerate(bounds)}
    whens = " ".join(f"WHEN created_at < :b{n + 1} THEN {n}" for n in range(weeks))
    bucket = f"(CASE {whens} END)"
    in_range = f"created_at >= :b0 AND created_at < :b{weeks}"
    new = dict(fetch(f"SELECT {bucket} AS k, COUNT(*) FROM lead WHERE {in_range} GROUP BY 1", params))
    hours = greatest("0", hours_between("first_contacted_at", "created_at"))
    response = {k: median for k, _n, median, _p in fetch(quantiles_sql(f"""
        SELECT {bucket} AS k, {hours} AS d
        FROM lead WHERE direction = 'inbound' AND {in_range} AND first_contacted_at IS NOT NULL"""),
        params)}
    return tuple(WeekPoint(monday, int(new.get(n, 0)), rounded(response.get(n)))
                 for n, monday in enumerate(mondays))
