"""Lead scores, kept as two numbers the way the source documents describe them.

* engagement: points for what the lead did (the rules table: download +10,
  e-mail reply +5, phone call +20) minus a silence penalty (-10) for every
  full 30 days without a reaction, counted per silent stretch, so a stretch
  that ended still counts once and a new one only costs after 30 more days.
* fit: how well the lead matches the ideal customer profile, plus BANT.

score = fit + engagement. Temperature follows engagement unless pinned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from leadtui import icp
from leadtui.context import Context
from leadtui.db.models import Activity, Lead
from leadtui.lifecycle import record_change
from leadtui.rules import Rule, load_rules
from leadtui.staleness import refresh_stale_at
from leadtui.vocab import TOUCH_KINDS

# Their reactions: our own outgoing e-mail does not break a silence.
REACTION_KINDS = TOUCH_KINDS - {"email"}
BANT_POINTS = 10
ICP_POINTS = 60


DEFAULT_RULES = (
    Rule("download", 10),
    Rule("reply", 5),
    Rule("call", 20),
    Rule("silence", -10, days=30),
)


@dataclass(frozen=True)
class ScoreLine:
    points: int
    reason: str
    at: datetime | None = None


@dataclass
class Breakdown:
    fit: int
    engagement: int
    lines: list[ScoreLine]
    icp: object | None = None  # the icp.IcpResult behind the fit, cached on the lead

    @property
    def score(self) -> int:
        return self.fit + self.engagement


def active_rules() -> tuple[Rule, ...]:
    return load_rules()


def _matches(rule: Rule, lead: Lead) -> bool:
    return not rule.field or str(getattr(lead, rule.field, "") or "").lower() == rule.value.lower()


def engagement_lines(lead: Lead, activities: list[tuple[str, datetime]], now: datetime,
                     rules: tuple[Rule, ...]) -> list[ScoreLine]:
    lines: list[ScoreLine] = []
    silences = [r for r in rules if r.kind == "silence" and _matches(r, lead)]
    reactions: list[datetime] = []
    for kind, at in sorted(activities, key=lambda pair: pair[1]):
        for rule in rules:
            if rule.kind == kind and _matches(rule, lead):
                lines.append(ScoreLine(rule.points, rule.label(), at))
        if kind in REACTION_KINDS:
            reactions.append(at)
    # Silent stretches: creation → first reaction, between reactions, last → now.
    start = min([lead.created_at, *reactions]) if reactions else lead.created_at
    marks = [start, *reactions, now]
    for rule in silences:
        for begin, end in zip(marks, marks[1:], strict=False):
            periods = int((end - begin) / timedelta(days=rule.days)) if end > begin else 0
            if periods:
                lines.append(ScoreLine(rule.points * periods, f"{rule.label()} ×{periods}", end))
    return lines


def fit_result(lead: Lead, profile=None):
    """The fit lines and the profile evaluation (an icp.IcpResult) they come from."""
    lines: list[ScoreLine] = []
    result = icp.evaluate(lead, icp.load_profile() if profile is None else profile)
    if result.total:
        points = round(ICP_POINTS * result.ticks / result.total)
        lines.append(ScoreLine(points, f"profile fit {result.ticks}/{result.total}"))
    for part in ("authority", "budget", "need", "timeline"):
        if getattr(lead, f"bant_{part}"):
            lines.append(ScoreLine(BANT_POINTS, f"BANT {part}"))
    return lines, result


def breakdown(ctx: Context, lead: Lead, rules: tuple[Rule, ...] | None = None, *, profile=None,
              activities: list[tuple[str, datetime]] | None = None) -> Breakdown:
    """Score one lead; rules, profile and activities may be passed in when scoring many."""
    rules = active_rules() if rules is None else rules
    if activities is None:
        activities = list(Activity.select(Activity.kind, Activity.at).where(Activity.lead == lead.id).tuples())
    engagement = engagement_lines(lead, activities, ctx.now(), rules)
    fit, icp_result = fit_result(lead, profile)
    return Breakdown(sum(x.points for x in fit), sum(x.points for x in engagement), fit + engagement,
                     icp_result)


def temperature_for(ctx: Context, engagement: int) -> str:
    if engagement >= ctx.config.hot_at:
        return "hot"
    if engagement >= ctx.config.warm_at:
        return "warm"
    return "cold"


def apply_scores(ctx: Context, lead: Lead, result: Breakdown) -> bool:
    """Store a breakdown's totals on the lead; returns whether anything changed."""
    before = (lead.fit_score, lead.engagement_score, lead.score, lead.temperature, lead.icp_ticks,
              lead.icp_total)
    lead.fit_score, lead.engagement_score, lead.score = result.fit, result.engagement, result.score
    if result.icp is not None:
        lead.icp_ticks, lead.icp_total = result.icp.ticks, result.icp.total
    if not lead.temperature_pinned:
        record_change(lead, "temperature", temperature_for(ctx, result.engagement), ctx.now())
    refresh_stale_at(lead, ctx.config)
    return before != (lead.fit_score, lead.engagement_score, lead.score, lead.temperature,
                      lead.icp_ticks, lead.icp_total)


def rescore_lead(ctx: Context, lead: Lead) -> Breakdown:
    result = breakdown(ctx, lead)
    if apply_scores(ctx, lead, result):
        lead.save()
    return result


def _bant_complete(lead: Lead) -> bool:
    return all(getattr(lead, f"bant_{part}") for part in ("authority", "budget", "need", "timeline"))


def suggest_qualification(ctx: Context, lead: Lead) -> str | None:
    """MQL/SQL suggested by the thresholds in config.toml; None when the current one stands.

    SQL when BANT is complete and fit reaches `sql_fit`; MQL when engagement reaches
    `mql_engagement`. Only an upgrade is suggested; the user confirms it (q on the lead).
    """
    order = {"none": 0, "mql": 1, "sql": 2}
    if _bant_complete(lead) and lead.fit_score >= ctx.config.sql_fit:
        suggested = "sql"
    elif lead.engagement_score >= ctx.config.mql_engagement:
        suggested = "mql"
    else:
        return None
    return suggested if order[suggested] > order.get(lead.qualification, 0) else None
