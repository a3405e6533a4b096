"""leadtui's own JSON: every lead with its tags, activities, follow-ups and stage events, and the
settings the scores and the daily work rest on (the profile, the scoring rules, the templates and
the saved views).

An export restores into an empty database as it was (ids aside): the settings first, then the
leads, whose scores, staleness and next follow-up are recomputed from what is restored. Into a
database that already holds leads only the leads are imported; its own settings stay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from peewee import BooleanField, DateTimeField, IntegerField

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Lead, SavedView, ScoringRule, Setting, Template
from leadtui.icp import PROFILE_KEY
from leadtui.interop.records import Candidate, RowError
from leadtui.interop.sniff import BadFile

FORMAT = "leadtui"
VERSION = 1
# Derived on import, so not read back from the file.
DERIVED = frozenset({"id", "stale_at", "next_follow_up_at", "fit_score", "engagement_score",
                     "score", "icp_ticks", "icp_total"})


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def parse_iso(value) -> datetime | None:
    if value in (None, ""):
        return None
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def document(leads: list[dict], now: datetime, settings: dict | None = None) -> dict:
    doc = {"format": FORMAT, "version": VERSION, "exported_at": iso(now)}
    if settings is not None:
        doc["settings"] = settings
    doc["leads"] = leads
    return doc


# ---- settings: profile, scoring rules, templates, saved views --------------------

# Each small table as the file holds it: column -> the type it must have.
SETTING_TABLES = {
    "rules": (ScoringRule, {"kind": str, "points": int, "days": int, "field": str, "value": str}),
    "templates": (Template, {"name": str, "channel": str, "subject": str, "body": str}),
    "views": (SavedView, {"name": str, "query": str, "position": int}),
}


@dataclass(frozen=True)
class Settings:
    """The settings of an export, checked: the profile as stored, and each table's rows."""

    profile: str | None  # the stored JSON text; None: no profile
    rules: tuple[dict, ...]
    templates: tuple[dict, ...]
    views: tuple[dict, ...]

    def describe(self) -> tuple[str, ...]:
        """What restoring them brings back, in words: ("profile", "6 scoring rules", …)."""
        parts = ["profile"] if self.profile else []
        for name, rows in (("scoring rules", self.rules), ("templates", self.templates),
                           ("saved views", self.views)):
            parts.append(f"{len(rows)} {name}")
        return tuple(parts)


def settings_document() -> dict:
    """This database's settings for an export."""
    row = Setting.get_or_none(Setting.key == PROFILE_KEY)
    settings: dict = {"profile": json.loads(row.value) if row is not None and row.value else None}
    for name, (model, columns) in SETTING_TABLES.items():
        fields = [getattr(model, column) for column in columns]
        settings[name] = list(model.select(*fields).order_by(model.id).dicts())
    return settings


def read_settings(data, name: str = "file") -> Settings | None:
    """The settings of an export's document; None when it has none (an older export)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise BadFile(f"{name}: \"settings\" must be an object")
    profile = data.get("profile")
    if profile is not None and not isinstance(profile, dict):
        raise BadFile(f"{name}: the settings' profile must be an object")
    tables = {}
    for key, (_model, columns) in SETTING_TABLES.items():
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise BadFile(f"{name}: the settings' {key} must be a list")
        tables[key] = tuple(_setting_row(row, columns, key, name) for row in rows)
    return Settings(json.dumps(profile) if profile else None, **tables)


def _setting_row(row, columns: dict, key: str, name: str) -> dict:
    if not isinstance(row, dict) or not all(
            isinstance(row.get(c), kind) and not isinstance(row.get(c), bool)
            for c, kind in columns.items() if c in row):
        raise BadFile(f"{name}: a row of the settings' {key} is not valid: {str(row)[:80]}")
    return {c: row[c] for c in columns if c in row}


def restore_settings(settings: Settings) -> tuple[str, ...]:
    """Put an export's settings in place when the database holds no lead yet; () otherwise.

    Runs before the leads are written, so their scores follow the restored profile and rules.
    """
    with write_transaction():
        if Lead.select().exists():  # read under the write lock: a lead added meanwhile counts
            return ()
        if settings.profile:
            Setting.put(PROFILE_KEY, settings.profile)
        else:
            Setting.delete().where(Setting.key == PROFILE_KEY).execute()
        for key, (model, _columns) in SETTING_TABLES.items():
            model.delete().execute()
            rows = getattr(settings, key)
            if rows:
                model.insert_many(list(rows)).execute()
    return settings.describe()


def is_empty() -> bool:
    """No lead yet: an import of an export would restore its settings."""
    return not Lead.select().exists()


def _field_value(field, value, name: str):
    if value is None:
        return None
    if isinstance(field, DateTimeField):
        return parse_iso(value)
    if isinstance(field, BooleanField):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false")
        return value
    if isinstance(field, IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number")
        return value
    return str(value)


def read_json(ctx: Context, text: str, name: str = "file", *, source: str = ""
              ) -> tuple[list[Candidate], list[RowError]]:
    candidates, errors, _settings = read_export(ctx, text, name, source=source)
    return candidates, errors


def read_export(ctx: Context, text: str, name: str = "file", *, source: str = ""
                ) -> tuple[list[Candidate], list[RowError], Settings | None]:
    """The leads of an export (each checked alone) and its settings."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadFile(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("leads"), list):
        raise BadFile(f"{name} is JSON but not a leadtui export (no \"format\": \"leadtui\" and leads)")
    if data.get("version", VERSION) > VERSION:
        raise BadFile(f"{name} was written by a newer leadtui (format version {data['version']})")
    fields = Lead._meta.fields
    candidates: list[Candidate] = []
    errors: list[RowError] = []
    for number, item in enumerate(data["leads"], 1):
        try:
            if not isinstance(item, dict) or not str(item.get("name", "")).strip():
                raise ValueError("a lead needs a name")
            values = {key: _field_value(fields[key], item[key], key)
                      for key in fields if key in item and key not in DERIVED}
            if source:
                values["source"] = source.strip().lower()
            cand = Candidate(number, values, tags=[str(t) for t in item.get("tags", [])],
                             pinned=bool(item.get("temperature_pinned")))
            cand.activities = [
                {"kind": a["kind"], "at": parse_iso(a["at"]), "body": a.get("body", ""),
                 "outcome": a.get("outcome", ""), "created_at": parse_iso(a.get("created_at") or a["at"])}
                for a in item.get("activities", [])]
            cand.follow_ups = [
                {"due_at": parse_iso(f["due_at"]), "what": f.get("what", ""),
                 "done_at": parse_iso(f.get("done_at")),
                 "created_at": parse_iso(f.get("created_at") or f["due_at"])}
                for f in item.get("follow_ups", [])]
            cand.changes = [
                {"field": c.get("field", "stage"), "from": c.get("from", ""), "to": c["to"],
                 "at": parse_iso(c["at"])} for c in item.get("changes", [])]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            errors.append(RowError(number, "", str(item.get("name", ""))[:40] if isinstance(item, dict) else "",
                                   f"not a valid lead: {exc}"))
            continue
        candidates.append(cand)
    return candidates, errors, read_settings(data.get("settings"), name)
