"""The records sync moves, read and written the same way on the laptop's file and on the server.

Each kind is read whole per side in one statement (a handful of round trips for a sync, not one
per row) as plain, comparable values keyed by the record's global id (`uid`); the models are
the app's own with the `uid` column added, bound to whichever database is meant.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from peewee import BooleanField, CompositeKey, DateTimeField, IntegerField, Model, fn

from leadtui.db.clean import LineField, NoteField
from leadtui.db.connection import database
from leadtui.db.models import Lead
from leadtui.leads import normalise_tags

# A lead's fields as people set them; scores, temperatures and deadlines follow from them.
LEAD_FIELDS = ("name", "company", "title", "email", "phone", "website", "location", "industry",
               "employees", "revenue", "budget", "age", "income", "source", "direction", "kind",
               "stage", "qualification", "temperature_pinned", "bant_authority", "bant_budget",
               "bant_need", "bant_timeline", "interest", "owner", "archived", "value_cents",
               "value_currency", "phone_unverified", "email_unverified", "created_at")
FOLLOW_UP_FIELDS = ("due_at", "what", "done_at", "cancelled_at")
ACTIVITY_COLUMNS = ("kind", "at", "body", "outcome", "created_at", "author")
CHANGE_COLUMNS = ("field", "from_value", "to_value", "at", "author")


class SyncedLead(Lead):
    uid = LineField(default="")

    class Meta:
        table_name = "lead"


# Standalone copies of the child tables (plain lead ids, no foreign keys): binding them to the
# server for a sync leaves the app's own models, and their back-references, alone.
class _Child(Model):
    lead = IntegerField(column_name="lead_id")
    uid = LineField(default="")

    class Meta:
        database = database
        legacy_table_names = False


class SyncedActivity(_Child):
    kind = LineField()
    at = DateTimeField()
    body = NoteField(default="")
    outcome = LineField(default="")
    created_at = DateTimeField()
    author = LineField(default="")

    class Meta:
        table_name = "activity"


class SyncedFollowUp(_Child):
    due_at = DateTimeField()
    what = LineField(default="")
    done_at = DateTimeField(null=True)
    created_at = DateTimeField()
    cancelled_at = DateTimeField(null=True)
    author = LineField(default="")

    class Meta:
        table_name = "follow_up"


class SyncedChange(_Child):
    field = LineField(default="stage")
    from_value = LineField(default="")
    to_value = LineField()
    at = DateTimeField()
    author = LineField(default="")

    class Meta:
        table_name = "stage_change"


class SyncedTag(Model):
    lead = IntegerField(column_name="lead_id")
    tag = LineField()

    class Meta:
        database = database
        table_name = "lead_tag"
        primary_key = CompositeKey("lead", "tag")


MODELS = [SyncedLead, SyncedActivity, SyncedFollowUp, SyncedChange, SyncedTag]
CHILDREN = {"activity": (SyncedActivity, ACTIVITY_COLUMNS), "stage_change": (SyncedChange, CHANGE_COLUMNS)}


def new_uid() -> str:
    return uuid.uuid4().hex


def plain(field, value):
    """A value as JSON holds it and both engines compare equal: times as ISO text, booleans."""
    if value is None:
        return None
    if isinstance(field, DateTimeField):
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(field, BooleanField):
        return bool(value)
    if isinstance(field, IntegerField):
        return int(value)
    return value


def stored(field, value):
    """A plain value back as the model stores it."""
    if value is not None and isinstance(field, DateTimeField):
        return datetime.fromisoformat(value)
    return value


def give_ids() -> None:
    """Rows made on the laptop since the last sync get their global ids (inside a transaction)."""
    for model in (SyncedLead, SyncedActivity, SyncedFollowUp, SyncedChange):
        for (row_id,) in model.select(model.id).where(model.uid == "").tuples():
            model.update(uid=new_uid()).where(model.id == row_id).execute()


def read_leads() -> dict[str, tuple[int, dict, dict]]:
    """uid -> (id, the fields people set + tags + a pinned temperature, when it was touched)."""
    tags: dict[int, list[str]] = {}
    for lead_id, tag in SyncedTag.select(SyncedTag.lead, SyncedTag.tag).tuples():
        tags.setdefault(lead_id, []).append(tag)
    fields = [getattr(SyncedLead, name) for name in LEAD_FIELDS]
    out = {}
    for row in SyncedLead.select(SyncedLead.id, SyncedLead.uid, SyncedLead.temperature,
                                 SyncedLead.last_touched_at, SyncedLead.first_contacted_at, *fields).dicts():
        record = {f.name: plain(f, row[f.name]) for f in fields}
        record["tags"] = sorted(tags.get(row["id"], []))
        record["pinned_temperature"] = row["temperature"] if row["temperature_pinned"] else None
        touched = {"last_touched_at": plain(SyncedLead.last_touched_at, row["last_touched_at"]),
                   "first_contacted_at": plain(SyncedLead.first_contacted_at, row["first_contacted_at"])}
        out[row["uid"]] = (row["id"], record, touched)
    return out


def read_follow_ups() -> dict[str, tuple[str, dict, dict]]:
    """uid -> (its lead's uid, the fields that change, the rest as made)."""
    out = {}
    query = (SyncedFollowUp.select(SyncedFollowUp, SyncedLead.uid.alias("lead_uid"))
             .join(SyncedLead, on=(SyncedFollowUp.lead == SyncedLead.id)).dicts())
    for row in query:
        record = {name: plain(getattr(SyncedFollowUp, name), row[name]) for name in FOLLOW_UP_FIELDS}
        made = {"created_at": plain(SyncedFollowUp.created_at, row["created_at"]), "author": row["author"]}
        out[row["uid"]] = (row["lead_uid"], record, made)
    return out


def read_children(kind: str) -> dict[str, tuple[str, dict]]:
    """uid -> (its lead's uid, the row as made: activities and history never change)."""
    model, columns = CHILDREN[kind]
    query = (model.select(model, SyncedLead.uid.alias("lead_uid"))
             .join(SyncedLead, on=(model.lead == SyncedLead.id)).dicts())
    return {row["uid"]: (row["lead_uid"], {c: plain(getattr(model, c), row[c]) for c in columns})
            for row in query}


def lead_values(record: dict) -> dict:
    """A merged record's fields as the lead model stores them (tags and temperature apart)."""
    return {name: stored(getattr(SyncedLead, name), record[name]) for name in LEAD_FIELDS if name in record}


def write_lead_fields(lead_id: int, changes: dict) -> None:
    values = {k: v for k, v in lead_values(changes).items() if k != "created_at"}
    if "pinned_temperature" in changes:
        pinned = changes["pinned_temperature"]
        values["temperature_pinned"] = pinned is not None
        if pinned is not None:
            values["temperature"] = pinned
    if values:
        SyncedLead.update(**values).where(SyncedLead.id == lead_id).execute()
    if "tags" in changes:
        SyncedTag.delete().where(SyncedTag.lead == lead_id).execute()
        clean = normalise_tags(changes["tags"])
        if clean:
            SyncedTag.insert_many([{"lead": lead_id, "tag": t} for t in clean]).execute()


def insert_lead(uid: str, record: dict, touched: dict, now: datetime) -> int:
    values = lead_values(record)
    created = values.get("created_at") or now
    last = stored(SyncedLead.last_touched_at, touched.get("last_touched_at")) or created
    lead_id = SyncedLead.insert(uid=uid, **{**values, "created_at": created}, updated_at=now,
                                last_touched_at=last,
                                first_contacted_at=stored(SyncedLead.first_contacted_at,
                                                          touched.get("first_contacted_at"))).execute()
    write_lead_fields(lead_id, {"tags": record.get("tags", []),
                                "pinned_temperature": record.get("pinned_temperature")})
    return lead_id


def set_touched(lead_id: int, touched: dict) -> None:
    SyncedLead.update(
        last_touched_at=stored(SyncedLead.last_touched_at, touched["last_touched_at"]),
        first_contacted_at=stored(SyncedLead.first_contacted_at, touched["first_contacted_at"]),
    ).where(SyncedLead.id == lead_id).execute()


def insert_child(kind: str, uid: str, lead_id: int, row: dict) -> None:
    model, columns = CHILDREN[kind]
    values = {c: stored(getattr(model, c), row[c]) for c in columns}
    model.insert(uid=uid, lead=lead_id, **values).on_conflict_ignore().execute()


def insert_follow_up(uid: str, lead_id: int, record: dict, made: dict) -> None:
    values = {name: stored(getattr(SyncedFollowUp, name), record[name]) for name in FOLLOW_UP_FIELDS}
    SyncedFollowUp.insert(uid=uid, lead=lead_id, created_at=stored(SyncedFollowUp.created_at, made["created_at"]),
                          author=made.get("author", ""), **values).on_conflict_ignore().execute()


def update_follow_up(uid: str, changes: dict) -> None:
    values = {name: stored(getattr(SyncedFollowUp, name), value) for name, value in changes.items()}
    SyncedFollowUp.update(**values).where(SyncedFollowUp.uid == uid).execute()


def delete_by_uid(kind: str, uid: str) -> None:
    model = {"lead": SyncedLead, "follow_up": SyncedFollowUp, **{k: m for k, (m, _) in CHILDREN.items()}}[kind]
    model.delete().where(model.uid == uid).execute()


def lead_ids() -> dict[str, int]:
    return dict(SyncedLead.select(SyncedLead.uid, SyncedLead.id).tuples())


def refresh_next_follow_up(lead_id: int) -> None:
    """The lead's next open follow-up, as the app keeps it, after follow-ups came or went."""
    due = (SyncedFollowUp.select(fn.MIN(SyncedFollowUp.due_at))
           .where(SyncedFollowUp.lead == lead_id, SyncedFollowUp.done_at.is_null()).scalar())
    SyncedLead.update(next_follow_up_at=due).where(SyncedLead.id == lead_id).execute()


def mark_for_rescore(ids: list[int], now: datetime) -> None:
    """The app's own rescore takes these next (scores, temperatures, staleness)."""
    SyncedLead.update(score_changes_at=now).where(SyncedLead.id.in_(ids)).execute()
