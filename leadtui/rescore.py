"""Recompute every lead's scores after the rules or the ideal customer profile changed.

Rules and profile are loaded once; each batch of leads costs two queries (the
leads, their activities) plus one write per lead whose numbers moved, all in
one short write transaction that also records how far the run got, so other
processes' writes wait for one batch at most, and a run that was interrupted
(Ctrl-C, a kill, a crash) is finished from where it stopped by the next one.
Safe to run from a worker thread: `progress(done, total)` is called after each batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from leadtui import icp, scoring
from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Activity, Lead
from leadtui.safety import progress as stored

SCORE_FIELDS = (Lead.fit_score, Lead.engagement_score, Lead.score, Lead.temperature, Lead.stale_at,
                Lead.icp_ticks, Lead.icp_total)
BATCH = 200


def rescore_pending() -> bool:
    """Did a change of rules or profile leave leads to rescore (an interrupted run)?"""
    return stored.pending() is not None


def rescore_all(ctx: Context, progress: Callable[[int, int], None] | None = None,
                batch: int = BATCH) -> int:
    """Rescore the non-archived leads a pending run has not reached yet (all when none is pending).

    Returns how many leads this call rescored.
    """
    with write_transaction():
        state = stored.pending() or stored.mark_needed()
    rules = scoring.active_rules()
    profile = icp.load_profile()
    ids = [row[0] for row in Lead.select(Lead.id)
           .where((Lead.archived == False) & (Lead.id > state.after_id))  # noqa: E712
           .order_by(Lead.id).tuples()]
    total = len(ids)
    done = 0
    if progress:
        progress(0, total)
    size = max(1, batch)
    for start in range(0, total, size):
        chunk = ids[start : start + size]
        last = start + size >= total
        with write_transaction():  # leads and activities read under the lock they are written with
            if not stored.record(state, chunk[-1]):
                return done  # the rules changed meanwhile: a newer run takes over
            _rescore_batch(ctx, chunk, rules, profile)
            if last:
                stored.finish(state)
        done += len(chunk)
        if progress:
            progress(done, total)
    if not total:
        with write_transaction():
            stored.finish(state)
    return done


def _rescore_batch(ctx: Context, chunk: list[int], rules, profile) -> None:
    activities: dict[int, list] = defaultdict(list)
    for lead_id, kind, at in (Activity.select(Activity.lead, Activity.kind, Activity.at)
                              .where(Activity.lead.in_(chunk)).tuples()):
        activities[lead_id].append((kind, at))
    for lead in Lead.select().where(Lead.id.in_(chunk)):
        result = scoring.breakdown(ctx, lead, rules, profile=profile,
                                   activities=activities.get(lead.id, []))
        if scoring.apply_scores(ctx, lead, result):
            lead.save(only=SCORE_FIELDS)
