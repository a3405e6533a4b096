"""Each report as plain text tables (headers, rows of strings).

The CLI prints these and the Reports screen shows the very same cells, so both
always agree on every figure and how it is written.
"""

from __future__ import annotations

from leadtui.insight.funnel import Funnel
from leadtui.insight.periodic import PeriodicReport
from leadtui.insight.planner import Plan
from leadtui.insight.response import ResponseReport
from leadtui.insight.sources import SourcesReport
from leadtui.insight.workload import Workload
from leadtui.kit.fmt import local_iso
from leadtui.kit.money import format_money

Table = tuple[list[str], list[list[str]]]


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}" if value >= 0.1 or value == 0 else f"{value:.1%}"


def num(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:.1f}{unit}"


def money_list(values) -> str:
    return " + ".join(format_money(cents, currency) for currency, cents in values) or "—"


def funnel_table(report: Funnel) -> Table:
    headers = ["stage", "entered", "went on", "→ next", "median days"]
    rows = [[step.label, str(step.entered), "" if step.stage == "won" else str(step.moved_on),
             "" if step.stage == "won" else pct(step.to_next),
             "" if step.stage == "won" else num(step.median_days)] for step in report.steps]
    return headers, rows


# A narrow terminal's headings for the sources table, and what the shortened ones mean.
SOURCES_SHORT = {"conversion": "conv.", "median days to win": "days to win"}
SOURCES_LEGEND = "conv. = won ÷ leads · days to win = median days from a lead's creation to won"


def sources_table(report: SourcesReport, *, short: bool = False) -> Table:
    """`short`: the narrow headings of SOURCES_SHORT (SOURCES_LEGEND says what they mean)."""
    headers = ["source", "direction", "leads", "SQL", "won", "conversion", "median days to win", "value won"]
    if short:
        headers = [SOURCES_SHORT.get(heading, heading) for heading in headers]
    rows = [[row.source or "(none)", row.direction, str(row.leads), str(row.sql), str(row.won),
             pct(row.conversion), num(row.median_days_to_win), money_list(row.value_won)]
            for row in report.rows + report.directions]
    return headers, rows


def response_summary(report: ResponseReport) -> Table:
    # The three kinds of inbound lead add up to the first figure.
    rows = [["target", num(report.target_hours, " h")], ["inbound leads", str(report.inbound)],
            ["contacted", str(report.contacted)], ["still waiting", str(report.waiting)],
            ["closed or archived, never contacted", str(report.never_contacted)],
            ["median", num(report.median_hours, " h")], ["90th percentile", num(report.p90_hours, " h")],
            ["within target", pct(report.within_target)], ["breaches", str(report.breach_count)]]
    return ["response time", "value"], rows


def response_breaches(report: ResponseReport) -> Table:
    headers = ["id", "name", "company", "created", "first contact", "hours"]
    rows = [[str(b.lead_id), b.name, b.company, local_iso(b.created_at),
             local_iso(b.first_contacted_at) if b.first_contacted_at else "still waiting", num(b.hours)]
            for b in report.breaches]
    return headers, rows


def periodic_table(report: PeriodicReport) -> Table:
    return ["", report.current.label + " (so far)", report.previous.label, "change"], [
        list(row) for row in report.rows()]


def plan_table(result: Plan) -> Table:
    rounded = result.goal_value_cents is not None and result.goal_value_cents % result.deal_value_cents
    rows = [["year", str(result.year)], ["goal", f"{'at least ' if rounded else ''}{result.goal} new customers"]]
    if result.goal_value_cents is not None:
        rows.append(["goal in value", format_money(result.goal_value_cents, result.currency)])
        rows.append(["average deal", format_money(result.deal_value_cents, result.currency)])
    rows += [
        ["conversion rate", f"{pct(result.rate)} ({result.rate_source})"],
        ["history", f"{result.history_won} won of {result.history_leads} leads created 90 days–2 years ago"],
        ["leads per year", result.year_text()], ["leads per month", result.month_text()],
        ["leads so far", f"{result.leads_so_far} (pace needed by now: {result.expected_so_far:.0f})"],
        ["this month", f"{result.month_so_far} (pace needed by now: {result.month_expected:.0f})"],
        ["status", "BEHIND PACE" if result.behind or result.month_behind else "on pace"],
    ]
    return ["planner", ""], rows


def workload_table(report: Workload) -> Table:
    headers = ["owner", "open leads", "share", "hot", "stale", "open follow-ups", "overdue"]
    rows = [[o.owner or "(nobody)", str(o.leads), pct(o.share), str(o.hot), str(o.stale), str(o.follow_ups),
             str(o.overdue)] for o in report.owners]
    return headers, rows

