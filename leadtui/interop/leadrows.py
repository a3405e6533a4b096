"""The full stored row of a new lead from a candidate: defaults, scores, staleness."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from leadtui import scoring
from leadtui.context import Context
from leadtui.db.models import Lead
from leadtui.interop.records import Candidate
from leadtui.staleness import refresh_stale_at

COLUMNS = [name for name in Lead._meta.sorted_field_names if name != "id"]
TEXT_DEFAULTS = {"company": "", "title": "", "email": "", "phone": "", "website": "",
                 "location": "", "industry": "", "source": "", "direction": "outbound",
                 "kind": "lead", "stage": "interest", "qualification": "none", "interest": ""}


def _column_defaults() -> dict:
    fields = Lead._meta.fields
    return {name: fields[name].default() if callable(fields[name].default) else fields[name].default
            for name in COLUMNS}


def new_lead_values(ctx: Context, cand: Candidate, now: datetime, rules, profile) -> dict:
    f = cand.fields
    created = f.get("created_at") or now
    touched = max(f.get("last_touched_at") or created, created)
    values = {name: f.get(name, default) for name, default in _column_defaults().items()}
    values.update({name: f.get(name) or default for name, default in TEXT_DEFAULTS.items()})
    values.update(
        name=f["name"], owner=f["owner"] if "owner" in f else ("" if ctx.config.team_rule else ctx.config.owner),
        employees=f.get("employees"), revenue=f.get("revenue"), budget=f.get("budget"),
        age=f.get("age"), income=f.get("income"),
        temperature=f.get("temperature") or "cold", temperature_pinned=cand.pinned,
        bant_authority=f.get("bant_authority"), bant_budget=f.get("bant_budget"),
        bant_need=f.get("bant_need"), bant_timeline=f.get("bant_timeline"),
        created_at=created, updated_at=f.get("updated_at") or now,
        first_contacted_at=f.get("first_contacted_at"), last_touched_at=touched,
        next_follow_up_at=min((u["due_at"] for u in cand.follow_ups if u["done_at"] is None),
                              default=None),
        archived=bool(f.get("archived")),
    )
    lead = SimpleNamespace(**values)  # what scoring and staleness read; no model instance needed
    result = scoring.breakdown(ctx, lead, rules, profile=profile,
                               activities=[(a["kind"], a["at"]) for a in cand.activities])
    lead.fit_score, lead.engagement_score, lead.score = result.fit, result.engagement, result.score
    lead.icp_ticks, lead.icp_total = result.icp.ticks, result.icp.total
    # When silence next changes the score: the timer rescores the lead then.
    lead.score_changes_at = None if lead.archived else getattr(result, "changes_at", None)
    if not cand.pinned:
        lead.temperature = scoring.temperature_for(ctx, result.engagement)
    refresh_stale_at(lead, ctx.config)
    return vars(lead)
