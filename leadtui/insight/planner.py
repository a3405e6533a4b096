"""The target planner: a sales goal turned into the leads it takes, and the pace so far.

leads needed a year = goal customers / conversion rate (100 leads at 12% give 12
customers). The rate is the one asked for (`--rate`, or 20% for a lead strategy)
when given; else the user's own history when there is enough of it (leads
created 90 days to two years ago, so they had time to close); else the configured
rate (12% by default, the average the source documents quote). A goal in value is
turned into customers with the average deal value: given, or that of won deals.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta

from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.insight.sql import count_if, fetch, t
from leadtui.kit.clock import to_local, to_utc

STRATEGY_RATE = 0.20  # with a lead strategy and a lead system, per the source documents
HISTORY_MIN_LEADS = 50
HISTORY_MIN_WON = 5
HISTORY_MIN_VALUES = 3
MATURITY = timedelta(days=90)
HISTORY_SPAN = timedelta(days=730)


@dataclass(frozen=True)
class Plan:
    year: int
    goal: int  # new customers
    goal_value_cents: int | None
    deal_value_cents: int | None
    currency: str
    rate: float
    rate_source: str  # given, strategy, history or configured
    history_leads: int
    history_won: int
    leads_per_year: int  # rounded up: at least this many
    leads_per_month: float  # the year's exact need / 12, to a tenth (100 a year: 8.3)
    leads_so_far: int  # created in the year up to now
    expected_so_far: float  # the pace needed by now
    behind: bool
    month_so_far: int
    month_expected: float
    month_behind: bool
    leads_per_year_exact: float = 0.0  # goal / rate before rounding up

    def as_json(self) -> dict:
        data = asdict(self)
        data["expected_so_far"] = round(self.expected_so_far, 1)
        data["month_expected"] = round(self.month_expected, 1)
        data["leads_per_year_exact"] = round(self.leads_per_year_exact, 1)
        return data

    def year_text(self) -> str:
        """"100", or "at least 172" where 171.4 was rounded up."""
        rounded = round(self.leads_per_year_exact, 6) < self.leads_per_year
        return f"at least {self.leads_per_year}" if rounded else str(self.leads_per_year)

    def month_text(self) -> str:
        """"8.3" a month for 100 a year; "5" for 60."""
        return tenths(self.leads_per_month)

    def warning(self) -> str | None:
        """One line for Today when this month is behind the pace the goal needs."""
        if not self.month_behind:
            return None
        return (f"Behind pace: {self.month_so_far} new leads this month, {math.floor(self.month_expected)} "
                f"needed by now for {self.goal} customers in {self.year} ({self.month_text()}/month)")


def tenths(value: float) -> str:
    """One decimal, none for a whole number: 8.3, 5."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ceil(value: float) -> int:
    return math.ceil(round(value, 6))  # 12 / 0.12 is 100.00000000000001, not 101


def _local_bounds(year: int, month: int | None = None) -> tuple[datetime, datetime]:
    if month is None:
        start, end = datetime(year, 1, 1), datetime(year + 1, 1, 1)
    else:
        start = datetime(year, month, 1)
        end = datetime(year + (month == 12), month % 12 + 1, 1)
    return to_utc(datetime.combine(start.date(), time())), to_utc(datetime.combine(end.date(), time()))


def _elapsed(start: datetime, end: datetime, now: datetime) -> float:
    if now <= start:
        return 0.0
    return min(1.0, (now - start) / (end - start))


def _count_leads(start: datetime, end: datetime) -> int:
    """Leads (not prospects still waiting for interest) created in [start, end)."""
    return fetch("SELECT COUNT(*) FROM lead WHERE created_at >= :start AND created_at < :end "
                 "AND kind = 'lead'", {"start": t(start), "end": t(end)})[0][0]


def history(ctx: Context) -> tuple[int, int]:
    """(leads, won) among leads created 90 days to two years ago."""
    now = ctx.now()
    return tuple(fetch(f"""SELECT COUNT(*), {count_if("stage = 'won'")} FROM lead
                           WHERE created_at >= :start AND created_at < :end AND kind = 'lead'""",
                       {"start": t(now - HISTORY_SPAN), "end": t(now - MATURITY)})[0])


def average_deal_cents(currency: str) -> int | None:
    count, total = fetch("""SELECT COUNT(*), SUM(value_cents) FROM lead
                            WHERE stage = 'won' AND value_cents IS NOT NULL AND value_currency = :currency""",
                         {"currency": currency})[0]
    return round(total / count) if count >= HISTORY_MIN_VALUES else None


def plan(ctx: Context, goal: int | None = None, *, rate: float | None = None, year: int | None = None,
         strategy: bool = False, goal_value_cents: int | None = None,
         deal_value_cents: int | None = None, currency: str | None = None) -> Plan:
    now = ctx.now()
    local_now = to_local(now)
    year = year or local_now.year
    if not 1900 < year < 10000:
        raise InvalidInput(f"year must be a four-digit year, got {year}")
    currency = (currency or ctx.config.currency).upper()
    if goal_value_cents is not None:
        if goal_value_cents <= 0:
            raise InvalidInput("the value goal must be more than zero")
        deal_value_cents = deal_value_cents or average_deal_cents(currency)
        if not deal_value_cents or deal_value_cents <= 0:
            raise InvalidInput(f"a goal in value needs an average deal value: give --deal-value "
                               f"(fewer than {HISTORY_MIN_VALUES} won deals in {currency} to average)")
        goal = _ceil(goal_value_cents / deal_value_cents)
    goal = ctx.config.goal if goal is None else goal
    if not goal or goal < 0:
        raise InvalidInput("give a goal: --goal N new customers (or set goal in [planner] of config.toml)")
    history_leads, history_won = history(ctx)
    if rate is not None:
        if not 0 < rate <= 1:
            raise InvalidInput(f"rate must be more than 0 and at most 1 (or 100%), got {rate}")
        source = "given"
    elif strategy:
        rate, source = STRATEGY_RATE, "strategy"
    elif history_leads >= HISTORY_MIN_LEADS and history_won >= HISTORY_MIN_WON:
        rate, source = history_won / history_leads, "history"
    else:
        rate, source = ctx.config.conversion_rate, "configured"
    exact = goal / rate
    per_year = _ceil(exact)
    year_start, year_end = _local_bounds(year)
    so_far = _count_leads(year_start, year_end)
    expected = per_year * _elapsed(year_start, year_end, now)
    if year == local_now.year:
        month_start, month_end = _local_bounds(year, local_now.month)
        month_so_far = _count_leads(month_start, month_end)
        month_expected = per_year / 12 * _elapsed(month_start, month_end, now)
    else:
        month_so_far, month_expected = 0, 0.0
    return Plan(year, goal, goal_value_cents, deal_value_cents, currency, round(rate, 4), source,
                history_leads, history_won, per_year, round(exact / 12, 1), so_far, expected,
                so_far < math.floor(expected), month_so_far, month_expected,
                month_so_far < math.floor(month_expected), exact)


def pace_warning(ctx: Context) -> str | None:
    """Today's early warning: only when a goal is configured and this month is behind."""
    if not ctx.config.goal:
        return None
    return plan(ctx).warning()
