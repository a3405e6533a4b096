"""The full stored row of a new lead from a candidate: defaults, scores, staleness."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from operator import itemgetter

from leadtui.context import Context
from leadtui.db.models import Lead
from leadtui.interop.records import Candidate
from leadtui.record.fields import LEAD_FIELDS
from leadtui.record.staleness import refresh_stale_at
from leadtui.scoring import score as scoring

COLUMNS = [name for name in Lead._meta.sorted_field_names if name != "id"]
# A text or a choice the file leaves empty is its column's default (the name never is empty).
TEXT_DEFAULTS = {f.name: Lead._meta.fields[f.name].default for f in LEAD_FIELDS
                 if f.kind in ("text", "choice") and f.name != "name"}
# Columns given explicitly below: a value the candidate lacks is None (or False) there,
# whatever the column's default.
_NONE_UNLESS_GIVEN = (*(column for f in LEAD_FIELDS if f.kind in ("int", "bool")
                        for column in f.stored_in), "first_contacted_at")


@cache
def _column_defaults() -> dict:
    fields = Lead._meta.fields
    values = {name: fields[name].default() if callable(fields[name].default) else fields[name].default
              for name in COLUMNS}
    for name in _NONE_UNLESS_GIVEN:
        values[name] = None
    return values


class ScoreMemo:
    """The scores of a file's new leads, computed once per kind of lead.

    A new lead with no activities scores an engagement of 0 whenever it was created when
    no silence rule adds points (silence only takes points earned before it), and nothing
    changes it later; its fit reads only scoring.FIT_FIELDS, and the rules only their own
    fields. Leads alike in those fields therefore have the same breakdown: a file of 100,000
    leads has a few hundred kinds. Anything else is scored lead by lead.
    """

    def __init__(self, ctx: Context, rules, profile) -> None:
        self.ctx, self.rules, self.profile = ctx, rules, profile
        self.usable = all(rule.points <= 0 for rule in rules if rule.kind == "silence")
        fields = dict.fromkeys((*scoring.FIT_FIELDS, *(r.field for r in rules if r.field)))
        # A rule on a field leads do not have reads "" for every lead: nothing to tell apart.
        # (FIT_FIELDS alone are several, so the key is always a tuple.)
        self.key = itemgetter(*[name for name in fields if name in COLUMNS])
        self.known: dict[tuple, scoring.Breakdown] = {}

    def breakdown(self, lead, activities: list) -> scoring.Breakdown:
        if activities or not self.usable:
            return scoring.breakdown(self.ctx, lead, self.rules, profile=self.profile,
                                     activities=activities)
        key = self.key(lead.__dict__)
        result = self.known.get(key)
        if result is None:
            result = self.known[key] = scoring.breakdown(self.ctx, lead, self.rules,
                                                         profile=self.profile, activities=[])
        return result


class _Row:
    """What scoring and staleness read: attributes over the row's own dict, no model instance."""


def new_lead_values(ctx: Context, cand: Candidate, now: datetime, rules, profile,
                    scores: ScoreMemo | None = None) -> dict:
    f = cand.fields
    values = _column_defaults().copy()
    for name, value in f.items():
        if name in values:
            values[name] = value or TEXT_DEFAULTS[name] if name in TEXT_DEFAULTS else value
    created = f.get("created_at") or now
    touched = f.get("last_touched_at") or created
    values.update(
        owner=f["owner"] if "owner" in f else ("" if ctx.config.team_rule else ctx.config.owner),
        temperature=f.get("temperature") or "cold", temperature_pinned=cand.pinned,
        created_at=created, updated_at=f.get("updated_at") or now,
        last_touched_at=touched if touched > created else created,
        next_follow_up_at=min((u["due_at"] for u in cand.follow_ups if u["done_at"] is None),
                              default=None),
        archived=bool(f.get("archived")),
    )
    lead = _Row()
    lead.__dict__ = values  # the attributes below land in `values`
    activities = [(a["kind"], a["at"]) for a in cand.activities]
    result = (scores.breakdown(lead, activities) if scores is not None else
              scoring.breakdown(ctx, lead, rules, profile=profile, activities=activities))
    lead.fit_score, lead.engagement_score, lead.score = result.fit, result.engagement, result.score
    lead.icp_ticks, lead.icp_total = result.icp.ticks, result.icp.total
    # When silence next changes the score: the timer rescores the lead then.
    lead.score_changes_at = None if lead.archived else getattr(result, "changes_at", None)
    if not cand.pinned:
        lead.temperature = scoring.temperature_for(ctx, result.engagement)
    refresh_stale_at(lead, ctx.config)
    return values
