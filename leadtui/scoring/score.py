"""Lead scores, kept as two numbers the way the source documents describe them.

* engagement: points for what the lead did (the rules table: download +10,
  e-mail reply +5, phone call +20) minus a silence penalty (-10) for every
  full 30 days without a reaction, counted per silent stretch, so a stretch
  that ended still counts once and a new one only costs after 30 more days.
  Silence takes only points earned before it: engagement never goes below 0.
* fit: how well the lead matches the ideal customer profile, plus BANT
  (worth more when no profile is set, so BANT alone can reach SQL).

score = fit + engagement. Temperature follows engagement unless pinned.
Since silence changes the score with time alone, each lead stores
`score_changes_at` (the end of its current silent period); the TUI's timer and
each CLI start rescore the leads whose moment has passed (`rescore.rescore_due`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from leadtui.context import Context
from leadtui.db.models import Activity, Lead
from leadtui.kit.vocab import TOUCH_KINDS
from leadtui.record.fields import BANT_PARTS, names_where
from leadtui.record.lifecycle import record_change
from leadtui.record.staleness import refresh_stale_at
from leadtui.scoring import icp
from leadtui.scoring.rules import Rule, load_rules

# Their reactions: our own outgoing e-mail does not break a silence.
REACTION_KINDS = TOUCH_KINDS - {"email"}
REACTION_KINDS_ORDERED = tuple(sorted(REACTION_KINDS))
BANT_POINTS = 10
BANT_POINTS_WITHOUT_PROFILE = 25
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
    changes_at: datetime | None = None  # when time alone next changes the engagement

    @property
    def score(self) -> int:
        return self.fit + self.engagement


def active_rules() -> tuple[Rule, ...]:
    return load_rules()


def _matches(rule: Rule, lead: Lead) -> bool:
    return not rule.field or str(getattr(lead, rule.field, "") or "").lower() == rule.value.lower()


def engagement_result(lead: Lead, activities: list[tuple[str, datetime]], now: datetime,
                      rules: tuple[Rule, ...]) -> tuple[list[ScoreLine], datetime | None]:
    """The engagement lines, and when time alone next changes them (None: not while silent).

    Activities count in the order they happened. A silent stretch (creation → first
    reaction, between reactions, last reaction → now) costs its penalty per full period,
    but only out of points earned before it: engagement never goes below zero, so a lead
    that engages today scores at least what a new lead with the same activities does, and
    a reaction added in the past never lowers the score.
    """
    lines: list[ScoreLine] = []
    silences = [r for r in rules if r.kind == "silence" and _matches(r, lead) and r.points]
    total = 0

    def silence(begin: datetime, end: datetime) -> None:
        nonlocal total
        for rule in silences:
            periods = int((end - begin) / timedelta(days=rule.days)) if end > begin else 0
            points = rule.points * periods
            if rule.points < 0:
                points = max(points, -max(total, 0))
            if points:
                capped = " (up to the points earned)" if points != rule.points * periods else ""
                lines.append(ScoreLine(points, f"{rule.label()} ×{periods}{capped}", end))
                total += points

    begin = lead.created_at
    for kind, at in sorted(activities, key=lambda pair: pair[1]):
        if at > now:
            continue
        if kind in REACTION_KINDS:
            silence(begin, at)
            begin = max(begin, at)
        for rule in rules:
            if rule.kind == kind and _matches(rule, lead):
                lines.append(ScoreLine(rule.points, rule.label(), at))
                total += rule.points
    silence(begin, now)
    # The next full period of the current silence, for the rules that can still change the total.
    upcoming = []
    for rule in silences:
        if rule.points > 0 or total > 0:
            span = timedelta(days=rule.days)
            periods = int((now - begin) / span) if now > begin else 0
            upcoming.append(begin + span * (periods + 1))
    return lines, min(upcoming) if upcoming else None


# Every lead field fit_result reads (through icp.evaluate too), marked fit where the fields are
# defined: leads alike in these have the same fit (leadtui.interop.leadrows scores a file's
# new leads once per kind).
FIT_FIELDS = names_where(fit=True)


def fit_result(lead: Lead, profile=None):
    """The fit lines and the profile evaluation (an icp.IcpResult) they come from."""
    lines: list[ScoreLine] = []
    result = icp.evaluate(lead, icp.load_profile() if profile is None else profile)
    if result.total:
        points = round(ICP_POINTS * result.ticks / result.total)
        lines.append(ScoreLine(points, f"profile fit {result.ticks}/{result.total}"))
    # Without a profile BANT is all the fit there is: 4/4 must be able to reach SQL.
    bant = BANT_POINTS if result.total else BANT_POINTS_WITHOUT_PROFILE
    for part in BANT_PARTS:
        if getattr(lead, f"bant_{part}"):
            lines.append(ScoreLine(bant, f"BANT {part}"))
    return lines, result


def breakdown(ctx: Context, lead: Lead, rules: tuple[Rule, ...] | None = None, *, profile=None,
              activities: list[tuple[str, datetime]] | None = None) -> Breakdown:
    """Score one lead; rules, profile and activities may be passed in when scoring many."""
    rules = active_rules() if rules is None else rules
    if activities is None:
        activities = list(Activity.select(Activity.kind, Activity.at).where(Activity.lead == lead.id).tuples())
    engagement, changes_at = engagement_result(lead, activities, ctx.now(), rules)
    fit, icp_result = fit_result(lead, profile)
    return Breakdown(sum(x.points for x in fit), sum(x.points for x in engagement), fit + engagement,
                     icp_result, changes_at)


def temperature_for(ctx: Context, engagement: int) -> str:
    if engagement >= ctx.config.hot_at:
        return "hot"
    if engagement >= ctx.config.warm_at:
        return "warm"
    return "cold"


def temperature_reached_at(ctx: Context, lead: Lead, activities, rules, since: datetime,
                           temperature: str) -> datetime:
    """The first silent-period end from `since` on at which silence brought the lead to `temperature`."""
    at: datetime | None = since
    while at is not None and at <= ctx.now():
        lines, following = engagement_result(lead, activities, at, rules)
        if temperature_for(ctx, sum(line.points for line in lines)) == temperature:
            return at
        at = following
    return ctx.now()


def apply_scores(ctx: Context, lead: Lead, result: Breakdown, at: datetime | None = None) -> bool:
    """Store a breakdown's totals on the lead; returns whether anything changed.

    `at` stamps a temperature change (default now; the moment time changed the score when
    a due lead is rescored later).
    """
    def state():
        return (lead.fit_score, lead.engagement_score, lead.score, lead.temperature, lead.icp_ticks,
                lead.icp_total, lead.score_changes_at, lead.stale_at)

    before = state()
    lead.fit_score, lead.engagement_score, lead.score = result.fit, result.engagement, result.score
    if result.icp is not None:
        lead.icp_ticks, lead.icp_total = result.icp.ticks, result.icp.total
    lead.score_changes_at = None if lead.archived else result.changes_at
    if not lead.temperature_pinned:
        record_change(lead, "temperature", temperature_for(ctx, result.engagement), at or ctx.now())
    refresh_stale_at(lead, ctx.config)
    return before != state()


def rescore_lead(ctx: Context, lead: Lead) -> Breakdown:
    result = breakdown(ctx, lead)
    if apply_scores(ctx, lead, result):
        lead.save()
    return result


def _bant_complete(lead: Lead) -> bool:
    return all(getattr(lead, f"bant_{part}") for part in BANT_PARTS)


def suggest_qualification(ctx: Context, lead: Lead) -> str | None:
    """MQL/SQL suggested by the thresholds in config.toml; None when the current one stands.

    SQL when BANT is complete and fit reaches `sql_fit`; MQL when engagement reaches
    `mql_engagement`. Only an upgrade is suggested; the user confirms it (q on the lead).
    An archived lead gets none.
    """
    if lead.archived:
        return None
    order = {"none": 0, "mql": 1, "sql": 2}
    if _bant_complete(lead) and lead.fit_score >= ctx.config.sql_fit:
        suggested = "sql"
    elif lead.engagement_score >= ctx.config.mql_engagement:
        suggested = "mql"
    else:
        return None
    return suggested if order[suggested] > order.get(lead.qualification, 0) else None
