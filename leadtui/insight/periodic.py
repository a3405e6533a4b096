"""Weekly and monthly reports: this period so far next to the whole previous one.

Periods are local calendar weeks (Monday to Sunday) and months. Each figure is
one aggregate over an indexed range:
- new: leads created; contacted: first contact made in the period;
- advanced: leads moved forward at least one stage (won included);
- won / lost: leads moved to won / to lost or disqualified;
- went stale: open leads whose staleness moment fell in the period and that are
  still untouched (a lead touched again since is no longer counted);
- conversion: won / new in the same period; response: median hours to first
  contact of the inbound leads created in the period, and how many leads it rests on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from datetime import datetime, time, timedelta

from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.insight.sql import (
    fetch,
    greatest,
    hours_between,
    quantiles_sql,
    rank_case,
    rounded,
    share,
    t,
)
from leadtui.kit import safecsv
from leadtui.kit.clock import to_local, to_utc

KINDS = ("weekly", "monthly")
METRICS = (  # (field, label)
    ("new", "New leads"), ("contacted", "Contacted"), ("advanced", "Advanced a stage"),
    ("won", "Won"), ("lost", "Lost or disqualified"), ("went_stale", "Went stale"),
    ("conversion", "Conversion (won / new)"), ("response_hours", "Median response (h)"),
)
# In CSV and JSON only: the table says it in the median's own cell.
RAW_ONLY = (("response_leads", "Leads the median response rests on"),)


@dataclass(frozen=True)
class PeriodFigures:
    label: str
    start: datetime  # UTC
    end: datetime  # UTC, exclusive
    new: int
    contacted: int
    advanced: int
    won: int
    lost: int
    went_stale: int
    conversion: float | None
    response_hours: float | None
    response_leads: int = 0  # inbound leads created in the period and answered: what the median is of

    def as_json(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["start"], data["end"] = self.start.isoformat() + "Z", self.end.isoformat() + "Z"
        return data


@dataclass(frozen=True)
class PeriodicReport:
    kind: str  # weekly or monthly
    current: PeriodFigures
    previous: PeriodFigures

    def as_json(self) -> dict:
        return {"period": self.kind, "current": self.current.as_json(), "previous": self.previous.as_json()}

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(label, current, previous, change) as text."""
        return [(label, _figure_cell(self.current, name), _figure_cell(self.previous, name),
                 _change(getattr(self.current, name), getattr(self.previous, name)))
                for name, label in METRICS]

    def title(self) -> str:
        return f"{self.kind.capitalize()} report: {self.current.label} (so far) vs {self.previous.label}"

    def markdown(self) -> str:
        lines = [f"## {self.title()}", "", f"| | {self.current.label} | {self.previous.label} | change |",
                 "|---|---:|---:|---:|"]
        lines += [f"| {label} | {cur} | {prev} | {change} |" for label, cur, prev, change in self.rows()]
        return "\n".join(lines)

    def csv(self) -> str:
        out = io.StringIO()
        writer = safecsv.writer(out, lineterminator="\n")
        writer.writerow(["metric", self.current.label, self.previous.label])
        for name, _label in METRICS + RAW_ONLY:
            writer.writerow([name, _raw(getattr(self.current, name)), _raw(getattr(self.previous, name))])
        return out.getvalue()


def _raw(value) -> str:
    return "" if value is None else str(value)


def _figure_cell(figures: PeriodFigures, name: str) -> str:
    """A figure as text; the median response says how many leads it rests on: "0.0 (1 lead)"."""
    text = _cell(name, getattr(figures, name))
    if name == "response_hours" and figures.response_hours is not None:
        count = figures.response_leads
        text += f" ({count} lead{'' if count == 1 else 's'})"
    return text


def _cell(name: str, value) -> str:
    if value is None:
        return "—"
    if name == "conversion":
        return f"{value:.0%}"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _change(current, previous) -> str:
    if current is None or previous is None:
        return ""
    if isinstance(current, int) and isinstance(previous, int):
        return f"{current - previous:+d}"
    return ""


def period_bounds(kind: str, now_utc: datetime, back: int = 0) -> tuple[datetime, datetime, str]:
    """UTC start and end of the local week/month containing now, `back` periods earlier, and its label."""
    today = to_local(now_utc).date()
    if kind == "weekly":
        start = today - timedelta(days=today.weekday()) - timedelta(weeks=back)
        end = start + timedelta(weeks=1)
        year, week, _ = start.isocalendar()
        label = f"{year}-W{week:02d}"
    elif kind == "monthly":
        month_index = today.year * 12 + today.month - 1 - back
        start = today.replace(year=month_index // 12, month=month_index % 12 + 1, day=1)
        following = month_index + 1
        end = start.replace(year=following // 12, month=following % 12 + 1)
        label = f"{start:%Y-%m}"
    else:
        raise InvalidInput(f"unknown period {kind!r} (weekly or monthly)")
    return to_utc(datetime.combine(start, time())), to_utc(datetime.combine(end, time())), label


def _figures(start: datetime, end: datetime, label: str, now: datetime) -> PeriodFigures:
    params = {"start": t(start), "end": t(end), "stale_end": t(min(end, now))}
    in_period = "at >= :start AND at < :end"
    new, contacted, advanced, won, lost, stale = fetch(f"""
    SELECT
      (SELECT COUNT(*) FROM lead WHERE created_at >= :start AND created_at < :end),
      (SELECT COUNT(*) FROM lead WHERE first_contacted_at >= :start AND first_contacted_at < :end),
      (SELECT COUNT(DISTINCT lead_id) FROM stage_change WHERE field = 'stage' AND {in_period}
         AND {rank_case('to_value')} > {rank_case('from_value')}),
      (SELECT COUNT(DISTINCT lead_id) FROM stage_change WHERE field = 'stage' AND {in_period}
         AND to_value = 'won'),
      (SELECT COUNT(DISTINCT lead_id) FROM stage_change WHERE field = 'stage' AND {in_period}
         AND to_value IN ('lost', 'disqualified')),
      (SELECT COUNT(*) FROM lead WHERE stale_at >= :start AND stale_at < :stale_end AND NOT archived
         AND stage NOT IN ('won', 'lost', 'disqualified'))
    """, params)[0]
    hours = greatest("0", hours_between("first_contacted_at", "created_at"))
    response = fetch(quantiles_sql(f"""
        SELECT 0 AS k, {hours} AS d FROM lead
        WHERE direction = 'inbound' AND created_at >= :start AND created_at < :end
          AND first_contacted_at IS NOT NULL"""), params)
    median, answered = (response[0][2], response[0][1]) if response else (None, 0)
    return PeriodFigures(label, start, end, new, contacted, advanced, won, lost, stale, share(won, new),
                         rounded(median), int(answered or 0))


def periodic(ctx: Context, kind: str = "weekly") -> PeriodicReport:
    now = ctx.now()
    current = _figures(*period_bounds(kind, now), now)
    previous = _figures(*period_bounds(kind, now, back=1), now)
    return PeriodicReport(kind, current, previous)
