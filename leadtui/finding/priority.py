"""Who next: a priority for every open item on Today, from parts a user can read and tune.

The parts and their points (`[priority]` in config.toml, `config.PriorityWeights`): the lead's
temperature; its fit and engagement score; how long its follow-up is overdue, or due today, or
how long it has been past its staleness threshold; for new inbound, how much of the response
target has gone; the deal value (per tenfold from 1,000); the stage (an offer requested outranks
a first interest); and a penalty for a lead touched in the last day.

Today orders each section by `expression()` in SQL, over the lead's own columns, and `breakdown()`
says the same in words from the same weights, for the rows shown, `leadtui next` and the lead's
page: the reasons are one list everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import Case

from leadtui.config import PriorityWeights
from leadtui.db.dialect import clamp, epoch_hours
from leadtui.db.models import Lead
from leadtui.kit.vocab import stage_label

SECTIONS = ("overdue", "due", "stale", "inbound")
SECTION_NAMES = {"overdue": "Overdue", "due": "Due today", "stale": "Stale", "inbound": "New inbound"}
REASONS_SHOWN = 3  # a row's reason in a few words: the parts that weigh most
VALUE_STEPS = (1_000_000, 100_000, 10_000, 1_000)  # whole units: each tenfold is one step of `value`


@dataclass(frozen=True)
class PriorityPart:
    points: float
    reason: str  # a few words for the row ("2 d overdue"); "" when the part says nothing
    detail: str  # the whole line for the lead's page ("overdue 2.3 days: 20 + 4 a day")


@dataclass(frozen=True)
class Priority:
    section: str
    total: float
    parts: tuple[PriorityPart, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The few parts that weigh most (a penalty too), in the parts' own order."""
        weighty = sorted(self.parts, key=lambda p: -abs(p.points))[:REASONS_SHOWN]
        return tuple(part.reason for part in self.parts if part in weighty and part.reason)

    def reason_line(self) -> str:
        return " · ".join(self.reasons)

    def as_json(self) -> dict:
        return {"section": self.section, "priority": round(self.total, 1), "reasons": list(self.reasons),
                "parts": [{"points": round(p.points, 1), "reason": p.detail} for p in self.parts]}


@dataclass(frozen=True)
class PriorityInputs:
    """What the priority reads from a lead: its own columns, nothing joined."""

    temperature: str
    score: int  # fit + engagement
    stage: str
    value_cents: int | None
    value_currency: str
    next_follow_up_at: datetime | None
    stale_at: datetime | None
    created_at: datetime
    last_touched_at: datetime


def _hours(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 3600


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _span(hours: float) -> str:
    """"5 h" under two days, else "3 d" (whole, rounded down: "2 d" is two full days)."""
    return f"{max(int(hours), 1)} h" if hours < 48 else f"{int(hours // 24)} d"


def compact_money(cents: int, currency: str) -> str:
    """12 000 EUR -> "12k EUR", 1 500 000 -> "1.5M", 800 -> "800"."""
    units = cents / 100
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if abs(units) >= size:
            text = f"{units / size:.1f}".removesuffix(".0") + suffix
            break
    else:
        text = f"{units:.0f}"
    return f"{text} {currency}".strip()


def value_steps(cents: int | None) -> int:
    units = (cents or 0) / 100
    return next((len(VALUE_STEPS) - i for i, step in enumerate(VALUE_STEPS) if units >= step), 0)


def breakdown(weights: PriorityWeights, section: str, lead: PriorityInputs, now: datetime,
              target_hours: float) -> Priority:
    """The priority of one Today item, part by part (what `expression` computes in SQL)."""
    parts: list[PriorityPart] = []

    def add(points: float, reason: str, detail: str) -> None:
        if points:
            parts.append(PriorityPart(points, reason, detail))

    temperature = getattr(weights, lead.temperature, 0) if lead.temperature in ("hot", "warm", "cold") else 0
    add(temperature, lead.temperature, f"{lead.temperature}")
    parts.extend(_section_parts(weights, section, lead, now, target_hours))
    steps = value_steps(lead.value_cents)
    if steps:
        money = compact_money(lead.value_cents, lead.value_currency)
        add(weights.value * steps, money, f"deal value {money}: {weights.value:g} per tenfold from 1k")
    name = stage_label(lead.stage).lstrip("0123456789 ").lower()
    add(weights.stage.get(lead.stage, 0), name, f"stage: {name}")
    score = _clamp(lead.score * weights.score, 0, weights.score_max)
    add(score, f"score {lead.score}",
        f"score {lead.score}: {weights.score:g} a point, at most {weights.score_max:g}")
    if section != "inbound" and _touched_recently(weights, lead, now):
        ago = _span(_hours(now, lead.last_touched_at))
        add(weights.recent, f"touched {ago} ago", f"touched {ago} ago (within {weights.recent_hours:g} h)")
    return Priority(section, sum(p.points for p in parts), tuple(parts))


def _touched_recently(weights: PriorityWeights, lead: PriorityInputs, now: datetime) -> bool:
    # Being added is no touch: a lead added this morning is not one called this morning.
    return (lead.last_touched_at > lead.created_at
            and _hours(now, lead.last_touched_at) < weights.recent_hours)


def _growing_part(base: float, per_day: float, max_days: float, hours: float, short: str,
                  said: str) -> PriorityPart:
    """A part that grows by the day, up to a bound: how overdue a follow-up is, how long stale."""
    days = _clamp(hours / 24, 0, max_days)
    return PriorityPart(base + per_day * days, short,
                        f"{said}: {base:g} + {per_day:g} a day for up to {max_days:g} days")


def _section_parts(weights: PriorityWeights, section: str, lead: PriorityInputs, now: datetime,
                   target_hours: float) -> list[PriorityPart]:
    if section == "overdue":
        late = _hours(now, lead.next_follow_up_at)
        return [_growing_part(weights.overdue, weights.overdue_per_day, weights.overdue_days_max,
                              late, f"{_span(late)} overdue", f"follow-up {_span(late)} overdue")]
    if section == "due":
        return [PriorityPart(weights.due, "due today", "follow-up due today")]
    if section == "stale":
        past = _hours(now, lead.stale_at)
        return [_growing_part(weights.stale, weights.stale_per_day, weights.stale_days_max,
                              past, f"stale {_span(past)}", f"stale for {_span(past)}")]
    waited = _hours(now, lead.created_at)
    share = _clamp(waited / target_hours, 0, 1)
    points = weights.inbound + (weights.inbound_at_target - weights.inbound) * share
    left = target_hours - waited
    when = f"reply due in {_span(left)}" if left > 0 else f"reply {_span(-left)} late"
    return [PriorityPart(points, f"inbound · {when}", f"new inbound, {when}: {weights.inbound:g} rising "
                         f"to {weights.inbound_at_target:g} at the response target ({target_hours:g} h)")]


# ---- the same in SQL ---------------------------------------------------------------------------

def expression(weights: PriorityWeights, section: str, now: datetime, target_hours: float,
               stale_after_hours: float = 0):
    """The priority of a lead in `section`, as a SQL expression over its own columns.

    `stale_after_hours`: the shortest staleness threshold; a stale lead was touched at least
    that long ago, so with no shorter `recent_hours` its recent touch is not asked about.
    """
    now_hours = (now - datetime(1970, 1, 1)).total_seconds() / 3600

    def hours_since(column):
        return now_hours - epoch_hours(column)

    temperature = Case(Lead.temperature, [("hot", weights.hot), ("warm", weights.warm),
                                          ("cold", weights.cold)], 0)
    if section == "overdue":
        timing = weights.overdue + weights.overdue_per_day * clamp(
            hours_since(Lead.next_follow_up_at) / 24.0, 0, weights.overdue_days_max)
    elif section == "due":
        timing = weights.due
    elif section == "stale":
        # No lower bound: a stale lead is past its deadline.
        timing = weights.stale + weights.stale_per_day * clamp(
            hours_since(Lead.stale_at) / 24.0, None, weights.stale_days_max)
    else:
        timing = weights.inbound + (weights.inbound_at_target - weights.inbound) * clamp(
            hours_since(Lead.created_at) / float(target_hours), 0, 1)
    units = [(Lead.value_cents >= step * 100, weights.value * (len(VALUE_STEPS) - i))
             for i, step in enumerate(VALUE_STEPS)]
    value = Case(None, units, 0)
    stage = Case(Lead.stage, list(weights.stage.items()), 0)
    score = clamp((Lead.fit_score + Lead.engagement_score) * float(weights.score), 0, weights.score_max)
    total = temperature + timing + value + stage + score
    if section != "inbound" and not (section == "stale" and weights.recent_hours <= stale_after_hours):
        recent_since = now_hours - weights.recent_hours
        recent = Case(None, [((Lead.last_touched_at > Lead.created_at)
                              & (epoch_hours(Lead.last_touched_at) > recent_since), weights.recent)], 0)
        total = total + recent
    return total


def inputs_of(data: dict) -> PriorityInputs:
    """The inputs from a row read with `INPUT_COLUMNS` (as dicts)."""
    return PriorityInputs(data["temperature"], data["fit_score"] + data["engagement_score"], data["stage"],
                          data["value_cents"], data["value_currency"], data["next_follow_up_at"],
                          data["stale_at"], data["created_at"], data["last_touched_at"])


INPUT_COLUMNS = (Lead.temperature, Lead.fit_score, Lead.engagement_score, Lead.stage, Lead.value_cents,
                 Lead.value_currency, Lead.next_follow_up_at, Lead.stale_at, Lead.created_at,
                 Lead.last_touched_at)
