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
from leadtui.leads.writes import normalise_tags
from leadtui.record.fields import synced_columns

# A lead's fields as people set them (leadtui.record.fields), and the marks and the creation
# time that go with them; scores, temperatures and deadlines follow from them.
LEAD_FIELDS = (*synced_columns(), "phone_unverified", "email_unverified", "created_at")
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


def stored(field, value):
    """A plain value back as the model stores it."""
    if value is not None and isinstance(field, DateTimeField):
        return datetime.fromisoformat(value)
    return value


def give_ids() -> None:
    """Rows made on the laptop since the last sync get their global ids (inside a transaction)."""
    for model in (SyncedLead, SyncedActivity, SyncedFollowUp, SyncedChange):
        model.update(uid=fn.lower(fn.hex(fn.randomblob(16)))).where(model.uid == "").execute()


def _plain_of(field):
    """A fast `plain` for one column of raw driver rows (a sync reads tens of thousands): a file
    gives times as the text peewee wrote (already ISO), a server as datetimes."""
    if isinstance(field, DateTimeField):
        return lambda v: v if v is None or isinstance(v, str) else v.isoformat(sep=" ")
    if isinstance(field, BooleanField):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


def _raw(query):
    """The query's rows as the driver returns them, without the models' conversions."""
    sql, params = query.sql()
    return query.model._meta.database.execute_sql(sql, params).fetchall()


def read_leads() -> dict[str, tuple[int, dict, dict]]:
    """uid -> (id, the fields people set + tags + a pinned temperature, when it was touched)."""
    tags: dict[int, list[str]] = {}
    for lead_id, tag in _raw(SyncedTag.select(SyncedTag.lead, SyncedTag.tag)):
        tags.setdefault(lead_id, []).append(tag)
    fields = [getattr(SyncedLead, name) for name in LEAD_FIELDS]
    convert = [(f.name, _plain_of(f)) for f in fields]
    when = _plain_of(SyncedLead.last_touched_at)
    pinned_at = LEAD_FIELDS.index("temperature_pinned")
    out = {}
    for row_id, uid, temperature, last, first, *values in _raw(SyncedLead.select(
            SyncedLead.id, SyncedLead.uid, SyncedLead.temperature, SyncedLead.last_touched_at,
            SyncedLead.first_contacted_at, *fields)):
        record = {name: plain_value(value) for (name, plain_value), value in zip(convert, values, strict=True)}
        record["tags"] = sorted(tags.get(row_id, []))
        record["pinned_temperature"] = temperature if values[pinned_at] else None
        out[uid] = (row_id, record, {"last_touched_at": when(last), "first_contacted_at": when(first)})
    return out


def read_follow_ups() -> dict[str, tuple[str, dict, dict]]:
    """uid -> (its lead's uid, the fields that change, the rest as made)."""
    fields = [getattr(SyncedFollowUp, name) for name in FOLLOW_UP_FIELDS]
    convert = [(f.name, _plain_of(f)) for f in fields]
    when = _plain_of(SyncedFollowUp.created_at)
    query = (SyncedFollowUp.select(SyncedFollowUp.uid, SyncedLead.uid, SyncedFollowUp.created_at,
                                   SyncedFollowUp.author, *fields)
             .join(SyncedLead, on=(SyncedFollowUp.lead == SyncedLead.id)))
    return {uid: (lead_uid, {name: plain_value(v) for (name, plain_value), v in zip(convert, values, strict=True)},
                  {"created_at": when(created), "author": author})
            for uid, lead_uid, created, author, *values in _raw(query)}


def read_children(kind: str) -> dict[str, tuple[str, dict]]:
    """uid -> (its lead's uid, the row as made: activities and history never change)."""
    model, columns = CHILDREN[kind]
    convert = [(c, _plain_of(getattr(model, c))) for c in columns]
    query = (model.select(model.uid, SyncedLead.uid, *(getattr(model, c) for c in columns))
             .join(SyncedLead, on=(model.lead == SyncedLead.id)))
    return {uid: (lead_uid, {name: plain_value(v) for (name, plain_value), v in zip(convert, values, strict=True)})
            for uid, lead_uid, *values in _raw(query)}


def lead_values(record: dict) -> dict:
    """A merged record's fields as the lead model stores them (tags and temperature apart)."""
    return {name: stored(getattr(SyncedLead, name), record[name]) for name in LEAD_FIELDS if name in record}


def _lead_columns(record: dict) -> dict:
    """The lead's stored columns for a (partial) record: fields, a pinned temperature."""
    values = lead_values(record)
    if "pinned_temperature" in record:
        pinned = record["pinned_temperature"]
        values["temperature_pinned"] = pinned is not None
        if pinned is not None:
            values["temperature"] = pinned
    return values


def _update_many(model, changes: dict[object, dict], key: str = "id") -> None:
    """Each row its own new values, one statement per set of columns (executemany: psycopg sends
    the rows in one pipeline, not one round trip each)."""
    db = model._meta.database
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for row_key, values in changes.items():
        names = tuple(sorted(values))
        fields = model._meta.fields
        groups.setdefault(names, []).append(
            (*(fields[n].db_value(values[n]) for n in names), row_key))
    for names, params in groups.items():
        columns = ", ".join(f"{model._meta.fields[n].column_name} = {db.param}" for n in names)
        sql = f"UPDATE {model._meta.table_name} SET {columns} WHERE {key} = {db.param}"
        db.cursor().executemany(sql, params)


def _chunks(rows: list, size: int = 500):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def write_leads(changes: dict[int, dict]) -> None:
    """Changed fields of several leads (lead id -> partial record, tags and temperature included)."""
    columns = {lead_id: {k: v for k, v in _lead_columns(record).items() if k != "created_at"}
               for lead_id, record in changes.items()}
    _update_many(SyncedLead, {lead_id: values for lead_id, values in columns.items() if values})
    set_tags({lead_id: record["tags"] for lead_id, record in changes.items() if "tags" in record})


def set_tags(tags: dict[int, list[str]]) -> None:
    if not tags:
        return
    for chunk in _chunks(list(tags)):
        SyncedTag.delete().where(SyncedTag.lead.in_(chunk)).execute()
    rows = [{"lead": lead_id, "tag": t} for lead_id, wanted in tags.items() for t in normalise_tags(wanted)]
    for chunk in _chunks(rows):
        SyncedTag.insert_many(chunk).on_conflict_ignore().execute()


def insert_leads(new: list[tuple[str, dict, dict]], now: datetime) -> dict[str, int] | None:
    """New leads (uid, record, touch times), many to a statement; every lead's id by uid after
    them (None when there were none)."""
    rows = []
    for uid, record, touched in new:
        values = {**_lead_columns(record), "uid": uid}
        values["created_at"] = values.get("created_at") or now
        values["last_touched_at"] = stored(SyncedLead.last_touched_at,
                                           touched.get("last_touched_at")) or values["created_at"]
        values["first_contacted_at"] = stored(SyncedLead.first_contacted_at, touched.get("first_contacted_at"))
        values["updated_at"] = now
        rows.append(values)
    for chunk in _chunks(rows, 200):
        SyncedLead.insert_many(chunk).on_conflict_ignore().execute()  # see run._hold_back
    if not new:
        return None
    ids = lead_ids()
    set_tags({ids[uid]: record.get("tags", []) for uid, record, _ in new if uid in ids})
    return ids


def set_touched(touched: dict[int, dict]) -> None:
    _update_many(SyncedLead, {lead_id: {name: stored(getattr(SyncedLead, name), value)
                                        for name, value in times.items()}
                              for lead_id, times in touched.items()})


def insert_children(kind: str, rows: list[tuple[str, int, dict]]) -> None:
    """Activities or history entries (uid, lead id, row); one a sync already sent is no change."""
    model, columns = CHILDREN[kind]
    values = [{"uid": uid, "lead": lead_id, **{c: stored(getattr(model, c), row[c]) for c in columns}}
              for uid, lead_id, row in rows]
    for chunk in _chunks(values):
        model.insert_many(chunk).on_conflict_ignore().execute()


def insert_follow_ups(rows: list[tuple[str, int, dict, dict]]) -> None:
    values = [{"uid": uid, "lead": lead_id, "author": made.get("author", ""),
               "created_at": stored(SyncedFollowUp.created_at, made["created_at"]),
               **{name: stored(getattr(SyncedFollowUp, name), record[name]) for name in FOLLOW_UP_FIELDS}}
              for uid, lead_id, record, made in rows]
    for chunk in _chunks(values):
        SyncedFollowUp.insert_many(chunk).on_conflict_ignore().execute()


def update_follow_ups(changes: dict[str, dict]) -> None:
    _update_many(SyncedFollowUp, {uid: {name: stored(getattr(SyncedFollowUp, name), value)
                                        for name, value in values.items()}
                                  for uid, values in changes.items()}, key="uid")


def delete_by_uids(kind: str, uids: list[str]) -> None:
    model = {"lead": SyncedLead, "follow_up": SyncedFollowUp, **{k: m for k, (m, _) in CHILDREN.items()}}[kind]
    for chunk in _chunks(uids):
        model.delete().where(model.uid.in_(chunk)).execute()


def every_lead_id() -> set[int]:
    return {row_id for (row_id,) in SyncedLead.select(SyncedLead.id).tuples()}


def lead_ids() -> dict[str, int]:
    return dict(SyncedLead.select(SyncedLead.uid, SyncedLead.id).tuples())


def refresh_next_follow_ups(ids: list[int]) -> None:
    """The leads' next open follow-ups, as the app keeps them, after follow-ups came or went."""
    nearest = (SyncedFollowUp.select(fn.MIN(SyncedFollowUp.due_at))
               .where(SyncedFollowUp.lead == SyncedLead.id, SyncedFollowUp.done_at.is_null()))
    for chunk in _chunks(ids):
        SyncedLead.update(next_follow_up_at=nearest).where(SyncedLead.id.in_(chunk)).execute()


def mark_for_rescore(ids: list[int], now: datetime) -> None:
    """The app's own rescore takes these next (scores, temperatures, staleness)."""
    SyncedLead.update(score_changes_at=now).where(SyncedLead.id.in_(ids)).execute()
