"""Recompute every lead's scores after the rules or the ideal customer profile changed.

Rules and profile are loaded once; each batch of leads costs two queries (the
leads, their activities) plus one write per lead whose numbers moved. Safe to
run from a worker thread: `progress(done, total)` is called after each batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from leadtui import icp, scoring
from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Activity, Lead

SCORE_FIELDS = (Lead.fit_score, Lead.engagement_score, Lead.score, Lead.temperature, Lead.stale_at,
                Lead.icp_ticks, Lead.icp_total)


def rescore_all(ctx: Context, progress: Callable[[int, int], None] | None = None,
                batch: int = 500) -> int:
    """Rescore all non-archived leads; returns how many leads were rescored."""
    rules = scoring.active_rules()
    profile = icp.load_profile()
    ids = [row[0] for row in Lead.select(Lead.id).where(Lead.archived == False)  # noqa: E712
           .order_by(Lead.id).tuples()]
    total = len(ids)
    done = 0
    if progress:
        progress(0, total)
    for start in range(0, total, max(1, batch)):
        chunk = ids[start : start + max(1, batch)]
        with write_transaction():  # leads and activities read under the lock they are written with
            activities: dict[int, list] = defaultdict(list)
            for lead_id, kind, at in (Activity.select(Activity.lead, Activity.kind, Activity.at)
                                      .where(Activity.lead.in_(chunk)).tuples()):
                activities[lead_id].append((kind, at))
            for lead in Lead.select().where(Lead.id.in_(chunk)):
                result = scoring.breakdown(ctx, lead, rules, profile=profile,
                                           activities=activities.get(lead.id, []))
                if scoring.apply_scores(ctx, lead, result):
                    lead.save(only=SCORE_FIELDS)
        done += len(chunk)
        if progress:
            progress(done, total)
    return done
