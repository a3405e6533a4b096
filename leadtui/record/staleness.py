"""Which leads have gone untouched too long, answered from an index.

Each lead stores `stale_at` = last touch + its threshold (by temperature, or
by stage when config.toml overrides it). Closed and archived leads have none.
"Is it stale?" is then `stale_at <= now`, and "what went stale since the last
check?" is a range scan on the same index: no sweep over every lead.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from leadtui.config import Config
from leadtui.db.connection import database, write_transaction
from leadtui.db.models import Lead, Setting
from leadtui.kit.vocab import CLOSED_STAGES

SIGNATURE_KEY = "staleness_signature"


def stale_at_for(config: Config, *, last_touched_at, temperature, stage, archived) -> datetime | None:
    if archived or stage in CLOSED_STAGES or last_touched_at is None:
        return None
    return last_touched_at + timedelta(days=config.stale_threshold_days(temperature, stage))


def refresh_stale_at(lead: Lead, config: Config, now: datetime | None = None) -> None:
    """Recompute the stored deadline after a touch, a stage or temperature change.

    With `now`: a write that makes a fresh lead stale at once (pinned hot, say) stores
    `now` as its deadline, so the timer's "went stale since the last tick" still sees it.
    """
    deadline = stale_at_for(
        config,
        last_touched_at=lead.last_touched_at,
        temperature=lead.temperature,
        stage=lead.stage,
        archived=lead.archived,
    )
    was_fresh = lead.stale_at is None or (now is not None and lead.stale_at > now)
    if now is not None and deadline is not None and deadline < now and was_fresh:
        deadline = now
    lead.stale_at = deadline


def is_stale(stale_at: datetime | None, now: datetime) -> bool:
    return stale_at is not None and stale_at <= now


def stale_condition(now: datetime):
    return Lead.stale_at.is_null(False) & (Lead.stale_at <= now)


def count_stale(now: datetime) -> int:
    """Leads past their deadline: every lead with a deadline, less those still ahead of it.

    Both counts read the `stale_at` index from one end without checking each entry against
    a bound, which is about twice as fast as counting the range up to `now` (one statement,
    so both see the same data).
    """
    table = Lead._meta.table_name
    sql = (f"SELECT (SELECT count(*) FROM {table} WHERE stale_at IS NOT NULL)"
           f" - (SELECT count(*) FROM {table} WHERE stale_at > {database.param})")
    return database.execute_sql(sql, (Lead.stale_at.db_value(now),)).fetchone()[0]


def went_stale_between(since: datetime, now: datetime) -> int:
    """Leads whose deadline passed in (since, now]: what a timer tick reports."""
    return Lead.select().where((Lead.stale_at > since) & (Lead.stale_at <= now)).count()


def ensure_thresholds_current(config: Config, batch: int = 2000) -> int:
    """Recompute every stored deadline when config.toml thresholds changed.

    Runs once at start-up after a change; returns how many leads were updated.
    """
    signature = config.staleness_signature()
    if _stored_signature() == signature:
        return 0
    sql = f"UPDATE {Lead._meta.table_name} SET stale_at = {database.param} WHERE id = {database.param}"
    to_db = Lead.stale_at.db_value
    with write_transaction():
        # Read under the lock the deadlines are written with: a touch another process made
        # meanwhile moved its lead's deadline, and an older copy must not be written over it.
        if _stored_signature() == signature:
            return 0  # another process did it meanwhile
        rows = Lead.select(
            Lead.id, Lead.last_touched_at, Lead.temperature, Lead.stage, Lead.archived
        ).tuples()
        updates = [
            (to_db(stale_at_for(config, last_touched_at=t, temperature=temp, stage=s, archived=a)), lead_id)
            for lead_id, t, temp, s, a in rows.iterator()
        ]
        cursor = database.cursor()
        for start in range(0, len(updates), batch):
            cursor.executemany(sql, updates[start : start + batch])
        Setting.put(SIGNATURE_KEY, signature)
    return len(updates)


def _stored_signature() -> str | None:
    stored = Setting.get_or_none(Setting.key == SIGNATURE_KEY)
    return None if stored is None else stored.value
