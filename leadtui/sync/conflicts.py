"""Conflicts a sync found: a field both the laptop and the server changed (the server's value
stands, the laptop's is kept here), or a lead deleted on the server but edited on the laptop."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from leadtui.context import Context
from leadtui.db.connection import database, write_transaction
from leadtui.errors import InvalidInput
from leadtui.kit.fmt import iso_utc
from leadtui.sync import records

FOLLOW_UP_MARK = "follow-up "  # a follow-up's conflict: "follow-up <its uid>: due_at"

KEEPS = ("laptop", "server")


@dataclass(frozen=True)
class SyncConflict:
    id: int
    lead_id: int | None  # on the laptop (None: the lead is gone)
    lead_name: str
    field: str
    server_value: object
    laptop_value: object
    at: datetime

    @staticmethod
    def shown(value) -> str:
        """A conflict's value as the CLI and the TUI print it."""
        if value is None or value == "":
            return "(empty)"
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    @property
    def label(self) -> str:
        """The field as people read it: "follow-up due_at" rather than the follow-up's id."""
        if self.field.startswith(FOLLOW_UP_MARK):
            return "follow-up " + self.field.rpartition(": ")[2]
        return self.field

    def as_json(self) -> dict:
        return {"id": self.id, "lead_id": self.lead_id, "lead": self.lead_name, "field": self.label,
                "server": self.server_value, "laptop": self.laptop_value, "at": iso_utc(self.at)}


def _when(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def list_conflicts() -> list[SyncConflict]:
    """The conflicts not resolved yet, oldest first."""
    ids = records.lead_ids()
    rows = database.execute_sql(
        "SELECT id, lead_uid, lead_name, field, server_value, laptop_value, at FROM sync_conflict "
        "WHERE resolved_at IS NULL ORDER BY id").fetchall()
    return [SyncConflict(row_id, ids.get(uid), name, name_of_field, json.loads(server), json.loads(laptop),
                         _when(at))
            for row_id, uid, name, name_of_field, server, laptop, at in rows]


def resolve_conflict(ctx: Context, conflict_id: int, keep: str) -> SyncConflict:
    """Keep the server's value (nothing changes) or the laptop's (the next sync sends it)."""
    if keep not in KEEPS:
        raise InvalidInput(f"keep laptop or server, got {keep!r}")
    with write_transaction():
        found = {c.id: c for c in list_conflicts()}
        conflict = found.get(conflict_id)
        if conflict is None:
            raise InvalidInput(f"no open conflict {conflict_id} (see leadtui sync --conflicts)")
        if conflict.field.startswith(FOLLOW_UP_MARK):
            if keep == "laptop":
                uid, _, name = conflict.field[len(FOLLOW_UP_MARK):].partition(": ")
                records.update_follow_ups({uid: {name: conflict.laptop_value}})
                records.refresh_next_follow_ups([conflict.lead_id] if conflict.lead_id else [])
        elif conflict.lead_id is not None:
            if conflict.field == "deleted" and keep == "server":
                records.delete_by_uids("lead", [_uid_of(conflict.lead_id)])
            elif conflict.field != "deleted" and keep == "laptop":
                records.write_leads({conflict.lead_id: {conflict.field: conflict.laptop_value}})
        database.execute_sql("UPDATE sync_conflict SET resolved_at = ? WHERE id = ?", (ctx.now(), conflict_id))
    return conflict


def _uid_of(lead_id: int) -> str:
    return next(uid for uid, row_id in records.lead_ids().items() if row_id == lead_id)
