"""Undo: any change to a lead can be taken back, newest first, from the TUI (u) or the shell.

Each write service calls `remember()` inside its transaction before it changes anything: the
lead's whole record (its row, tags, follow-ups, activities and events) is stored as JSON in
`undo_step`. `undo_last()` puts the newest remembered record back exactly — a deleted lead
returns with its history. The log keeps the last KEEP steps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.dialect import refresh_search_notes
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange, UndoStep
from leadtui.errors import InvalidInput

KEEP = 200
CHILDREN = (("tags", LeadTag), ("follow_ups", FollowUp), ("activities", Activity), ("changes", StageChange))


class NothingToUndo(InvalidInput):
    """The undo log is empty (or every step in it is undone)."""


@dataclass(frozen=True)
class Undone:
    label: str
    lead_id: int
    lead_name: str
    at: datetime


@dataclass(frozen=True)
class Step:
    id: int
    label: str
    lead_id: int
    at: datetime


def _encode(value):
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    return value


def _decode(value):
    if isinstance(value, dict) and "$dt" in value:
        return datetime.fromisoformat(value["$dt"])
    return value


def _rows(model, lead_id: int) -> list[dict]:
    field = model.lead
    return [{k: _encode(v) for k, v in row.items()} for row in model.select().where(field == lead_id).dicts()]


def snapshot(lead_id: int) -> dict:
    """The lead's whole record as JSON-ready data."""
    row = Lead.select().where(Lead.id == lead_id).dicts().get()
    data = {"lead": {k: _encode(v) for k, v in row.items()}}
    for key, model in CHILDREN:
        data[key] = _rows(model, lead_id)
    return data


def remember(ctx: Context, lead_id: int, label: str) -> None:
    """Call inside the write transaction, before changing the lead: the step `label` becomes undoable."""
    lead = Lead.select(Lead.name).where(Lead.id == lead_id).first()
    if lead is None:
        return  # the service is about to say the lead does not exist
    UndoStep.create(at=ctx.now(), label=f"{label} ({lead.name})", lead_id=lead_id,
                    snapshot=json.dumps(snapshot(lead_id)))
    oldest_kept = UndoStep.select(UndoStep.id).order_by(UndoStep.id.desc()).offset(KEEP).limit(1).scalar()
    if oldest_kept is not None:
        UndoStep.delete().where(UndoStep.id <= oldest_kept).execute()


def _restore(data: dict) -> None:
    lead_row = {k: _decode(v) for k, v in data["lead"].items()}
    lead_id = lead_row["id"]
    for _key, model in reversed(CHILDREN):
        model.delete().where(model.lead == lead_id).execute()
    if Lead.select().where(Lead.id == lead_id).exists():
        Lead.update(**{k: v for k, v in lead_row.items() if k != "id"}).where(Lead.id == lead_id).execute()
    else:
        Lead.insert(**lead_row).execute()
    for key, model in CHILDREN:
        rows = [{k: _decode(v) for k, v in row.items()} for row in data[key]]
        if rows:
            model.insert_many(rows).execute()

    refresh_search_notes(lead_id)  # activities went out and in again: rebuild what search holds


def undo_last(ctx: Context) -> Undone:
    """Take back the newest change not yet undone; NothingToUndo when there is none."""
    with write_transaction():
        step = (UndoStep.select().where(UndoStep.undone == False)  # noqa: E712
                .order_by(UndoStep.id.desc()).first())
        if step is None:
            raise NothingToUndo("nothing to undo")
        data = json.loads(step.snapshot)
        _restore(data)
        step.undone = True
        step.save()
    return Undone(step.label, step.lead_id, data["lead"]["name"], step.at)


def recent_steps(limit: int = 20) -> list[Step]:
    """The changes `undo` would take back, newest first."""
    rows = (UndoStep.select(UndoStep.id, UndoStep.label, UndoStep.lead_id, UndoStep.at)
            .where(UndoStep.undone == False).order_by(UndoStep.id.desc()).limit(limit))  # noqa: E712
    return [Step(r.id, r.label, r.lead_id, r.at) for r in rows]
