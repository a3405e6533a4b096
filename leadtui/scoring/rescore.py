"""Recompute scores: every lead after the rules or the profile changed, or the due ones.

Rules and profile are loaded once; each batch of leads costs two queries (the
leads, their activities) plus one write per lead whose numbers moved, all in
one short write transaction that also records how far the run got, so other
processes' writes wait for one batch at most, and a run that was interrupted
(Ctrl-C, a kill, a crash) is finished from where it stopped by the next one.
Safe to run from a worker thread: `progress(done, total)` is called after each batch.

`scoring` (and the rules, the lifecycle and the undo log behind it) is imported when a
score is computed: the TUI's start-up check usually finds none due.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Activity, Lead
from leadtui.record import progress as stored
from leadtui.scoring import icp

SCORE_FIELDS = (Lead.fit_score, Lead.engagement_score, Lead.score, Lead.temperature, Lead.stale_at,
                Lead.icp_ticks, Lead.icp_total, Lead.score_changes_at)
BATCH = 200


def rescore_pending() -> bool:
    """Did a change of rules or profile leave leads to rescore (an interrupted run)?"""
    return stored.pending() is not None


def rescore_all(ctx: Context, progress: Callable[[int, int], None] | None = None,
                batch: int = BATCH) -> int:
    """Rescore the non-archived leads a pending run has not reached yet (all when none is pending).

    Returns how many leads this call rescored.
    """
    from leadtui.scoring import score as scoring

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


def _rescore_batch(ctx: Context, ids: list[int], rules, profile, *, due: bool = False) -> None:
    """Inside the caller's write transaction: leads and activities read under its lock."""
    from leadtui.scoring import score as scoring

    activities: dict[int, list] = defaultdict(list)
    for lead_id, kind, at in (Activity.select(Activity.lead, Activity.kind, Activity.at)
                              .where(Activity.lead.in_(ids)).tuples()):
        activities[lead_id].append((kind, at))
    for lead in Lead.select().where(Lead.id.in_(ids)):
        acts = activities.get(lead.id, [])
        result = scoring.breakdown(ctx, lead, rules, profile=profile, activities=acts)
        at = None
        temperature = scoring.temperature_for(ctx, result.engagement)
        if due and lead.score_changes_at and temperature != lead.temperature:
            # It changed when its silent period ended, not when we noticed.
            at = scoring.temperature_reached_at(ctx, lead, acts, rules, lead.score_changes_at,
                                                temperature)
        if scoring.apply_scores(ctx, lead, result, at=at):
            lead.save(only=SCORE_FIELDS)


def due_ids(now, limit: int) -> list[int]:
    """Leads whose score moment has passed: a range scan on the score_changes_at index."""
    return [row[0] for row in Lead.select(Lead.id)
            .where(Lead.score_changes_at.is_null(False), Lead.score_changes_at <= now)
            .order_by(Lead.score_changes_at).limit(limit).tuples()]


def rescore_due(ctx: Context, limit: int | None = None, batch: int = 500) -> int:
    """Rescore the leads whose score changed with time since they were written.

    Costs one indexed query when none is due. `limit` bounds the work of one call (a CLI
    start, one timer tick); the rest waits for the next. Returns how many were rescored.
    """
    now = ctx.now()
    done = 0
    while limit is None or done < limit:
        size = batch if limit is None else min(batch, limit - done)
        ids = due_ids(now, size)
        if not ids:
            break
        # The rules and the lifecycle: only when some score is due
        from leadtui.scoring import score as scoring

        with write_transaction():
            # Rules and profile as stored under this lock: scores from rules read before it
            # would undo a rule change another process rescored every lead for meanwhile.
            _rescore_batch(ctx, ids, scoring.active_rules(), icp.load_profile(), due=True)
        done += len(ids)
    return done
