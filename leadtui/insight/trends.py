"""Figures per week for the charts: new leads, and the median response to inbound leads.

Weeks are local calendar weeks (Monday first), bucketed in SQL with the local
offset from UTC, so twelve weeks over 100k leads are two grouped scans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from leadtui.clock import to_local
from leadtui.context import Context
from leadtui.insight.periodic import period_bounds
from leadtui.insight.sql import fetch, quantiles_sql, rounded, t


@dataclass(frozen=True)
class WeekPoint:
    monday: date  # local
    new: int
    median_response_hours: float | None

    @property
    def label(self) -> str:
        return f"{self.monday.day} {self.monday:%b}"


def weekly_trend(ctx: Context, weeks: int = 12) -> tuple[WeekPoint, ...]:
    now = ctx.now()
    start, _end, _label = period_bounds("weekly", now, back=weeks - 1)
    offset = round((to_local(now) - now).total_seconds() / 60)
    bucket = f"date(created_at, '{offset:+d} minutes', '-6 days', 'weekday 1')"
    params = {"start": t(start)}
    new = dict(fetch(f"SELECT {bucket}, COUNT(*) FROM lead WHERE created_at >= :start GROUP BY 1", params))
    response = {k: median for k, _n, median, _p in fetch(quantiles_sql(f"""
        SELECT {bucket} AS k, MAX(0, (julianday(first_contacted_at) - julianday(created_at)) * 24) AS d
        FROM lead WHERE direction = 'inbound' AND created_at >= :start AND first_contacted_at IS NOT NULL"""),
        params)}
    first = to_local(start).date()
    points = []
    for n in range(weeks):
        monday = first + timedelta(weeks=n)
        key = monday.isoformat()
        points.append(WeekPoint(monday, new.get(key, 0), rounded(response.get(key))))
    return tuple(points)


