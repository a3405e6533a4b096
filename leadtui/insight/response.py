"""Response time: from an inbound lead's creation to its first contact.

First contact is the first outreach activity (call, e-mail, meeting, social,
event), the moment stored as `first_contacted_at`. The target comes from the
config (`response_target`, 24 h by default). A breach is a lead answered later
than the target, or one still waiting past it; a lead still waiting within the
target is neither in nor out yet, so the share within the target leaves it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from leadtui.context import Context
from leadtui.insight.sql import (
    END_OF_TIME,
    count_if,
    fetch,
    greatest,
    hours_between,
    in_period,
    quantiles_sql,
    rounded,
    share,
    t,
)
from leadtui.kit.fmt import iso_utc, span

BREACH_LIST_LIMIT = 50


def _inbound(period: str) -> str:
    hours = greatest("0", hours_between("first_contacted_at", "created_at"))
    return f"""
WITH inbound AS (
    SELECT id, name, company, created_at, first_contacted_at,
           CASE WHEN first_contacted_at IS NOT NULL THEN {hours} END AS hours,
           CASE WHEN first_contacted_at IS NULL AND NOT archived
                     AND stage NOT IN ('won', 'lost', 'disqualified') THEN
               {hours_between(":now", "created_at")} END AS waiting
    FROM lead
    WHERE direction = 'inbound' AND {period})
"""


@dataclass(frozen=True)
class Breach:
    lead_id: int
    name: str
    company: str
    created_at: datetime
    first_contacted_at: datetime | None  # None: still waiting
    hours: float  # to first contact, or waited so far

    def as_json(self) -> dict:
        return {"id": self.lead_id, "name": self.name, "company": self.company,
                "created_at": iso_utc(self.created_at),
                "first_contacted_at": iso_utc(self.first_contacted_at), "hours": round(self.hours, 1),
                "waiting": self.first_contacted_at is None}


@dataclass(frozen=True)
class ResponseReport:
    target_hours: float
    inbound: int  # = contacted + waiting + never_contacted
    contacted: int
    waiting: int
    median_hours: float | None
    p90_hours: float | None
    within_target: float | None  # share of decided leads answered within the target
    breach_count: int
    breaches: tuple[Breach, ...]  # still waiting first, then the latest answers; at most 50
    never_contacted: int = 0  # closed (won, lost, disqualified) or archived without a first contact

    def as_json(self) -> dict:
        return {"target_hours": self.target_hours, "inbound": self.inbound, "contacted": self.contacted,
                "waiting": self.waiting, "never_contacted": self.never_contacted,
                "median_hours": self.median_hours, "p90_hours": self.p90_hours,
                "within_target": self.within_target, "breach_count": self.breach_count,
                "breaches": [b.as_json() for b in self.breaches]}


def _dt(text) -> datetime | None:
    return None if text is None else datetime.fromisoformat(str(text))


def response(ctx: Context, since: datetime | None = None, until: datetime | None = None) -> ResponseReport:
    target = ctx.config.response_target_hours
    params = {"now": t(ctx.now()), "since": t(since), "until": t(until, END_OF_TIME), "target": target}
    period = in_period("created_at", since, until)
    inbound, contacted, waiting, never, within, late, overdue = fetch(_inbound(period) + f"""
        SELECT COUNT(*), COUNT(hours), COUNT(waiting), {count_if("hours IS NULL AND waiting IS NULL")},
               {count_if("hours <= :target")}, {count_if("hours > :target")}, {count_if("waiting > :target")}
        FROM inbound""", params)[0]
    quantiles = fetch(_inbound(period) + quantiles_sql("SELECT 0 AS k, hours AS d FROM inbound WHERE hours IS NOT NULL"),
                      params)
    median, p90 = (quantiles[0][2], quantiles[0][3]) if quantiles else (None, None)
    listed = fetch(_inbound(period) + """
        SELECT id, name, company, created_at, first_contacted_at, COALESCE(hours, waiting) FROM inbound
        WHERE hours > :target OR waiting > :target
        ORDER BY first_contacted_at IS NOT NULL, COALESCE(hours, waiting) DESC, id LIMIT :limit""",
                   {**params, "limit": BREACH_LIST_LIMIT})
    breaches = tuple(Breach(i, name, company, _dt(created), _dt(first), hours)
                     for i, name, company, created, first, hours in listed)
    return ResponseReport(target, inbound, contacted, waiting, rounded(median), rounded(p90),
                          share(within, within + late + overdue), late + overdue, breaches, never)


def time_left(created_at: datetime, now: datetime, target_hours: float) -> timedelta:
    """Until the response target runs out for a lead created at `created_at`; negative once past it."""
    return created_at + timedelta(hours=target_hours) - now


def describe_time_left(created_at: datetime, now: datetime, target_hours: float) -> str:
    """"3h left" or "5h past target", for Today's new inbound rows."""
    left = time_left(created_at, now, target_hours).total_seconds()
    return f"{span(left)} left" if left >= 0 else f"{span(-left)} past target"
