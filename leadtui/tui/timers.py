"""What the TUI's timer asks the database on every tick, without textual.

First the cheap change check (SQLite's data_version moves when another
process commits), then two indexed range counts: leads whose stale deadline
passed and follow-ups that came due since the last tick; and the leads whose
score changed with time (their `score_changes_at` passed) are rescored, a
bounded number per tick.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadtui.db.connection import data_version
from leadtui.db.models import FollowUp, Lead
from leadtui.record.staleness import went_stale_between
from leadtui.scoring.rescore import rescore_due


@dataclass
class TickResult:
    now: datetime
    version: int
    went_stale: int
    became_due: int
    changed_elsewhere: bool
    rescored: int = 0
    hot_went_stale: int = 0  # of went_stale: hot ones (they ring the bell)

    @property
    def anything(self) -> bool:
        return bool(self.went_stale or self.became_due or self.changed_elsewhere or self.rescored)


def became_due_between(since: datetime, now: datetime) -> int:
    return (FollowUp.select().join(Lead)
            .where(FollowUp.done_at.is_null(), FollowUp.due_at > since, FollowUp.due_at <= now,
                   Lead.archived == False)  # noqa: E712
            .count())


def hot_went_stale_between(since: datetime, now: datetime) -> int:
    return Lead.select().where(Lead.stale_at > since, Lead.stale_at <= now, Lead.temperature == "hot").count()


# Leads rescored per tick at most; a backlog (after an upgrade) is caught up by a worker.
TICK_RESCORE_LIMIT = 200


def check_for_changes(since: datetime, now: datetime, last_version: int | None, ctx=None) -> TickResult:
    """With `ctx`, also rescores the leads whose score moment passed (before counting what went stale)."""
    version = data_version()
    changed = last_version is not None and version != last_version
    if now <= since:
        return TickResult(now=since, version=version, went_stale=0, became_due=0, changed_elsewhere=changed)
    rescored = 0
    if ctx is not None:
        rescored = rescore_due(ctx, limit=TICK_RESCORE_LIMIT)
        version = data_version()  # our own writes do not count as another process's
    went_stale = went_stale_between(since, now)
    # The hot ones are among those: counted only when any went stale (most ticks none did).
    hot = hot_went_stale_between(since, now) if went_stale else 0
    return TickResult(now=now, version=version, went_stale=went_stale,
                      became_due=became_due_between(since, now), changed_elsewhere=changed,
                      rescored=rescored, hot_went_stale=hot)
