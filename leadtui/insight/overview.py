"""Every report at once, for the Reports screen's background worker."""

from __future__ import annotations

import time
from dataclasses import dataclass

from leadtui.config import parse_rate
from leadtui.context import Context
from leadtui.db.connection import database
from leadtui.errors import ConfigError, InvalidInput
from leadtui.insight.funnel import Funnel, funnel
from leadtui.insight.periodic import PeriodicReport, periodic
from leadtui.insight.planner import Plan, plan
from leadtui.insight.response import ResponseReport, response
from leadtui.insight.sources import SourcesReport, sources
from leadtui.insight.trends import WeekPoint, weekly_trend
from leadtui.insight.workload import Workload, workload


@dataclass(frozen=True)
class ReportSet:
    funnel: Funnel
    sources: SourcesReport
    response: ResponseReport
    weekly: PeriodicReport
    monthly: PeriodicReport
    plan: Plan | None
    plan_problem: str  # why there is no plan: no goal yet, a bad rate
    workload: Workload
    trend: tuple[WeekPoint, ...]
    seconds: float  # how long computing all of it took


def all_reports(ctx: Context, goal: int | None = None, rate: float | None = None) -> ReportSet:
    started = time.perf_counter()
    try:
        the_plan, problem = plan(ctx, goal, rate=rate), ""
    except InvalidInput as exc:
        the_plan, problem = None, str(exc)
    parts = dict(funnel=funnel(ctx), sources=sources(ctx), response=response(ctx),
                 weekly=periodic(ctx, "weekly"), monthly=periodic(ctx, "monthly"), workload=workload(ctx),
                 trend=weekly_trend(ctx))
    return ReportSet(**parts, plan=the_plan, plan_problem=problem, seconds=time.perf_counter() - started)


def all_reports_in_worker(ctx: Context, goal: int | None, rate_text: str | None) -> ReportSet:
    """`all_reports` for a worker thread: the typed rate parsed, the thread's connection closed after.

    Raises InvalidInput for a rate that is not one.
    """
    try:
        try:
            rate = parse_rate(rate_text, "rate") if rate_text else None
        except ConfigError as exc:
            raise InvalidInput(str(exc)) from None
        return all_reports(ctx, goal, rate)
    finally:
        database.close()  # this thread's own connection
