"""Where the laptop stands with its server, for the title bar: synced when, or offline since
when with how many changes waiting. Light: read on the TUI's timer, no server touched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from leadtui.db.connection import database
from leadtui.db.models import Setting
from leadtui.kit.clock import to_local
from leadtui.kit.fmt import ago

SERVER_KEY = "sync.server"
LAST_KEY = "sync.last"
OFFLINE_KEY = "sync.offline_since"


@dataclass(frozen=True)
class SyncStatus:
    last_synced: datetime | None
    offline_since: datetime | None
    waiting: int  # local changes the server has not had yet
    conflicts: int  # not resolved yet

    def title(self, now: datetime) -> str:
        """"synced 2m ago", or "offline since 09:12 — 14 changes waiting"."""
        if self.offline_since is not None:
            text = f"offline since {to_local(self.offline_since):%H:%M}"
            if self.waiting:
                text += f" — {self.waiting} change{'s' if self.waiting != 1 else ''} waiting"
        else:
            text = f"synced {ago(self.last_synced, now)}" if self.last_synced else "not synced yet"
        if self.conflicts:
            text += f" · {self.conflicts} conflict{'s' if self.conflicts != 1 else ''}"
        return text


def _when(key: str) -> datetime | None:
    row = Setting.get_or_none(Setting.key == key)
    return datetime.fromisoformat(row.value) if row is not None and row.value else None


def is_synced_copy() -> bool:
    return Setting.get_or_none(Setting.key == SERVER_KEY) is not None


def read_status() -> SyncStatus | None:
    """None for a file that syncs with no server."""
    if not is_synced_copy():
        return None
    last = _when(LAST_KEY)
    since = str(last) if last is not None else "0001-01-01"
    waiting = 0
    for table in ("activity", "follow_up", "stage_change"):
        waiting += database.execute_sql(f"SELECT count(*) FROM {table} WHERE uid = ''").fetchone()[0]
    waiting += database.execute_sql("SELECT count(*) FROM lead WHERE uid = '' OR updated_at > ?",
                                    (since,)).fetchone()[0]
    conflicts = database.execute_sql("SELECT count(*) FROM sync_conflict WHERE resolved_at IS NULL").fetchone()[0]
    return SyncStatus(last, _when(OFFLINE_KEY), waiting, conflicts)
