"""Undo and redo: any change a user makes can be taken back, newest first, from the TUI (u, Ctrl+Z;
Ctrl+Y redoes) or the shell (`leadtui undo`, `leadtui redo`).

Each write service calls a `remember…()` inside its transaction before it changes anything: what
the change touches is stored as JSON in `undo_step` — a lead's whole record (its row, tags,
follow-ups, activities and events; "absent" for a lead being added), several leads' (a merge), or the whole small table of
scoring rules, templates or saved views, or the profile's setting. `undo_last()` puts the newest
remembered state back exactly (a lead with a new version, never one it had) and keeps the state it
replaced, which `redo_last()` restores. A new
change drops what could still be redone. The log keeps the last KEEP steps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from leadtui.context import Context
from leadtui.db.connection import current_author, write_transaction
from leadtui.db.dialect import refresh_search_notes
from leadtui.db.models import (
    Activity,
    FollowUp,
    Lead,
    LeadTag,
    SavedView,
    ScoringRule,
    Setting,
    StageChange,
    Template,
    UndoStep,
)
from leadtui.errors import InvalidInput
from leadtui.record import progress

KEEP = 200
CHILDREN = (("tags", LeadTag), ("follow_ups", FollowUp), ("activities", Activity), ("changes", StageChange))
TABLES = {"rules": ScoringRule, "templates": Template, "views": SavedView}
# After these come back, every score must be computed again.
RESCORE_SUBJECTS = ("rules", "profile")


class NothingToUndo(InvalidInput):
    """The undo log is empty (or every step in it is undone)."""


class NothingToRedo(InvalidInput):
    """No undone step is waiting to be redone."""


@dataclass(frozen=True)
class Undone:
    """A step undone or redone."""

    label: str
    lead_id: int  # 0 when the step is not about a lead
    lead_name: str
    at: datetime
    subject: str = "lead"

    @property
    def needs_rescore(self) -> bool:
        return self.subject in RESCORE_SUBJECTS


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


def _encoded(rows) -> list[dict]:
    return [{k: _encode(v) for k, v in row.items()} for row in rows]


def _decoded(rows: list[dict]) -> list[dict]:
    return [{k: _decode(v) for k, v in row.items()} for row in rows]


def _rows(model, lead_id: int) -> list[dict]:
    return _encoded(model.select().where(model.lead == lead_id).dicts())


def snapshot(lead_id: int) -> dict:
    """The lead's whole record as JSON-ready data ({"absent": True} when there is no such lead)."""
    row = Lead.select().where(Lead.id == lead_id).dicts().first()
    if row is None:
        return {"absent": True, "lead": {"id": lead_id}}
    data = {"lead": {k: _encode(v) for k, v in row.items()}}
    for key, model in CHILDREN:
        data[key] = _rows(model, lead_id)
    return data


def _capture(subject: str, lead_id: int, key: str = "", lead_ids: tuple[int, ...] = ()) -> dict:
    """The current state of what a step is about."""
    if subject == "lead":
        return snapshot(lead_id)
    if subject == "leads":
        return {"leads": [snapshot(i) for i in lead_ids]}
    if subject == "profile":
        row = Setting.get_or_none(Setting.key == key)
        return {"key": key, "value": None if row is None else row.value}
    model = TABLES[subject]
    return {"rows": _encoded(model.select().order_by(model.id).dicts())}


def _store(ctx: Context, subject: str, label: str, lead_id: int, data: dict) -> None:
    UndoStep.delete().where(UndoStep.undone == True, _mine()).execute()  # noqa: E712 — a new change ends redo
    UndoStep.create(at=ctx.now(), label=label, lead_id=lead_id, snapshot=json.dumps(data), subject=subject)
    oldest_kept = UndoStep.select(UndoStep.id).order_by(UndoStep.id.desc()).offset(KEEP).limit(1).scalar()
    if oldest_kept is not None:
        UndoStep.delete().where(UndoStep.id <= oldest_kept).execute()


def remember(ctx: Context, lead_id: int, label: str) -> None:
    """Call inside the write transaction, before changing the lead: the step `label` becomes undoable."""
    lead = Lead.select(Lead.name).where(Lead.id == lead_id).first()
    if lead is None:
        return  # the service is about to say the lead does not exist
    _store(ctx, "lead", f"{label} ({lead.name})", lead_id, snapshot(lead_id))


def remember_added(ctx: Context, lead_id: int, name: str) -> None:
    """Call inside the transaction that added the lead: undoing it takes the lead away again."""
    _store(ctx, "lead", f"add ({name})", lead_id, {"absent": True, "lead": {"id": lead_id, "name": name}})


def remember_leads(ctx: Context, lead_ids: tuple[int, ...], label: str) -> None:
    """Call inside the write transaction, before a change to several leads at once (a merge):
    one undo step puts every one of them back, with everything it had."""
    _store(ctx, "leads", label, lead_ids[0], _capture("leads", 0, lead_ids=tuple(lead_ids)))


def remember_table(ctx: Context, subject: str, label: str) -> None:
    """Call inside the write transaction, before changing the rules, templates or views."""
    _store(ctx, subject, label, 0, _capture(subject, 0))


def remember_setting(ctx: Context, subject: str, key: str, label: str) -> None:
    """Call inside the write transaction, before changing a setting (the profile)."""
    _store(ctx, subject, label, 0, _capture(subject, 0, key))


def _clear_children(lead_ids) -> None:
    for _key, model in reversed(CHILDREN):
        model.delete().where(model.lead.in_(list(lead_ids))).execute()


def _restore_leads(records: list[dict]) -> None:
    """Put each lead back as recorded. Every child row of all of them goes first: a merge moved
    rows from one lead to the other, and they come back under the lead they belonged to."""
    _clear_children([data["lead"]["id"] for data in records])
    for data in records:
        _restore_lead_row(data)


def _restore_lead_row(data: dict) -> None:
    lead_id = data["lead"]["id"]
    if data.get("absent"):
        Lead.delete().where(Lead.id == lead_id).execute()
        return
    lead_row = {k: _decode(v) for k, v in data["lead"].items()}
    current = Lead.select(Lead.version).where(Lead.id == lead_id).scalar()
    # A restored lead takes a version it never had: an editor still holding the one undone (or
    # one from before) is refused instead of writing over the restored lead unnoticed.
    lead_row["version"] = max(lead_row.get("version") or 0, current or 0) + 1
    if current is not None:
        Lead.update(**{k: v for k, v in lead_row.items() if k != "id"}).where(Lead.id == lead_id).execute()
    else:
        Lead.insert(**lead_row).execute()
    for key, model in CHILDREN:
        rows = _decoded(data[key])
        if rows:
            model.insert_many(rows).execute()
    refresh_search_notes(lead_id)  # activities went out and in again: rebuild what search holds


def _restore(subject: str, data: dict) -> None:
    if subject == "lead":
        _restore_leads([data])
    elif subject == "leads":
        _restore_leads(data["leads"])
    elif subject == "profile":
        if data["value"] is None:
            Setting.delete().where(Setting.key == data["key"]).execute()
        else:
            Setting.put(data["key"], data["value"])
    else:
        model = TABLES[subject]
        model.delete().execute()
        rows = _decoded(data["rows"])
        if rows:
            model.insert_many(rows).execute()
    if subject in RESCORE_SUBJECTS:
        progress.mark_needed()  # a rescore must follow; an interrupted one is finished later


def _name_of(step: UndoStep, data: dict) -> str:
    if step.subject == "leads":
        return data["leads"][0]["lead"].get("name", "")
    return data["lead"].get("name", "") if step.subject == "lead" else ""


def _current(step: UndoStep, data: dict) -> dict:
    """What the step's subject holds now, before it is restored: the other direction's state."""
    lead_ids = tuple(d["lead"]["id"] for d in data.get("leads", ()))
    return _capture(step.subject, step.lead_id, _key_of(data), lead_ids)


def _key_of(data: dict) -> str:
    return data.get("key", "")


def _mine():
    """Steps this connection's author may take back: their own (and those from before authors)."""
    return UndoStep.author.in_([current_author(), ""])


def _others_since(step: UndoStep) -> str:
    """Who else changed what `step` would restore after it was made ('' when nobody did)."""
    me = ("", current_author())
    same = UndoStep.subject == step.subject
    if step.lead_id:
        same &= UndoStep.lead_id == step.lead_id
    later = (UndoStep.select(UndoStep.author)
             .where(UndoStep.id > step.id, UndoStep.undone == False, UndoStep.author.not_in(me), same)  # noqa: E712
             .order_by(UndoStep.id.desc()).first())
    if later is not None:
        return later.author
    if step.subject != "lead" or not step.lead_id:
        return ""
    for model, at in ((StageChange, StageChange.at), (Activity, Activity.created_at),
                      (FollowUp, FollowUp.created_at)):
        other = (model.select(model.author).where(model.lead == step.lead_id, at > step.at,
                                                  model.author.not_in(me)).first())
        if other is not None:
            return other.author
    return ""


def undo_last(ctx: Context) -> Undone:
    """Take back this author's newest change not yet undone; NothingToUndo when there is none.

    Another member's change is never taken back: when someone else changed the same thing
    after it, nothing is undone and the message says who."""
    with write_transaction():
        step = (UndoStep.select().where(UndoStep.undone == False, _mine())  # noqa: E712
                .order_by(UndoStep.id.desc()).first())
        if step is None:
            newest = (UndoStep.select(UndoStep.author).where(UndoStep.undone == False)  # noqa: E712
                      .order_by(UndoStep.id.desc()).first())
            raise NothingToUndo(f"nothing of yours to undo (the newest change is {newest.author}'s)"
                                if newest is not None else "nothing to undo")
        other = _others_since(step)
        if other:
            raise InvalidInput(f"not undone: {other} changed it after your {step.label}, and undo "
                               f"never takes back another member's change; change it by hand")
        data = json.loads(step.snapshot)
        current = _current(step, data)
        _restore(step.subject, data)
        step.undone = True
        step.redo_snapshot = json.dumps(current)
        step.save()
    return Undone(step.label, step.lead_id, _name_of(step, data) or _name_of(step, current), step.at,
                  step.subject)


def redo_last(ctx: Context) -> Undone:
    """Put back this author's change undone last; NothingToRedo when nothing undone is waiting."""
    with write_transaction():
        step = (UndoStep.select().where(UndoStep.undone == True, UndoStep.redo_snapshot.is_null(False),  # noqa: E712
                                        _mine())
                .order_by(UndoStep.id).first())
        if step is None:
            raise NothingToRedo("nothing to redo")
        data = json.loads(step.redo_snapshot)
        # What redo replaces is what the next undo puts back (with the versions it has now).
        step.snapshot = json.dumps(_current(step, data))
        _restore(step.subject, data)
        step.undone = False
        step.redo_snapshot = None
        step.save()
    return Undone(step.label, step.lead_id, _name_of(step, data), step.at, step.subject)


def recent_steps(limit: int = 20) -> list[Step]:
    """The changes `undo` would take back, newest first."""
    rows = (UndoStep.select(UndoStep.id, UndoStep.label, UndoStep.lead_id, UndoStep.at)
            .where(UndoStep.undone == False, _mine()).order_by(UndoStep.id.desc()).limit(limit))  # noqa: E712
    return [Step(r.id, r.label, r.lead_id, r.at) for r in rows]


def redo_steps(limit: int = 20) -> list[Step]:
    """The changes `redo` would put back, the next one first."""
    rows = (UndoStep.select(UndoStep.id, UndoStep.label, UndoStep.lead_id, UndoStep.at)
            .where(UndoStep.undone == True, UndoStep.redo_snapshot.is_null(False), _mine())  # noqa: E712
            .order_by(UndoStep.id).limit(limit))
    return [Step(r.id, r.label, r.lead_id, r.at) for r in rows]
