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
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime

from peewee import BooleanField, DateTimeField, IntegerField

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Lead, SavedView, ScoringRule, Setting, Template
from leadtui.errors import InvalidInput
from leadtui.finding.querylang import parse as parse_query
from leadtui.interop.records import Candidate, RowError
from leadtui.interop.sniff import BadFile
from leadtui.kit.vocab import (
    ACTIVITY_KINDS,
    DIRECTIONS,
    LEAD_KINDS,
    QUALIFICATIONS,
    STAGES,
    TEMPERATURES,
)
from leadtui.leads.templates import channel_key, check_placeholders
from leadtui.scoring.icp import PROFILE_KEY, RANGE_CRITERIA, Profile
from leadtui.scoring.rules import check_rule

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
    try:
        if profile:
            _check_profile(profile)
        for row in tables["rules"]:
            check_rule(row.get("kind", ""), row.get("points"), row.get("days", 30), row.get("field", ""))
        for row in tables["templates"]:
            channel_key(row.get("channel", "email"))
            check_placeholders(row.get("body", ""), row.get("subject", ""))
        for row in tables["views"]:
            parse_query(row.get("query", ""))
    except (InvalidInput, TypeError, ValueError) as exc:
        raise BadFile(f"{name}: its settings cannot be restored ({exc}); nothing was imported") from None
    return Settings(json.dumps(profile) if profile else None, **tables)


def _check_profile(data: dict) -> None:
    """The profile as the app reads and saves it: known criteria, ranges of two whole numbers."""
    known = {f.name for f in dataclass_fields(Profile)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"the profile has no criterion {unknown[0]!r}")
    for criterion in RANGE_CRITERIA:
        bounds = data.get(criterion, [None, None])
        if (not isinstance(bounds, list) or len(bounds) != 2
                or not all(b is None or (type(b) is int and abs(b) < INTEGER_LIMIT) for b in bounds)):
            raise ValueError(f"the profile's {criterion} must be two whole numbers or nulls")
    budget = data.get("budget_min")
    if budget is not None and (type(budget) is not int or abs(budget) >= INTEGER_LIMIT):
        raise ValueError("the profile's budget_min must be a whole number")
    for criterion in ("locations", "industries"):
        values = data.get(criterion, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"the profile's {criterion} must be a list of texts")
    share = data.get("min_share", 0.75)
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1:
        raise ValueError("the profile's min_share must be a share above 0 and at most 1")
    for criterion in RANGE_CRITERIA:
        low, high = data.get(criterion, [None, None])
        if low is not None and high is not None and low > high:
            raise ValueError(f"the profile's {criterion} runs from {low} down to {high}")


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


# Values the app can show and compute with: dates within these years (a date near year 1 or
# 9999 overflows when shown in local time), whole numbers that fit SQLite's 64 bits.
FIRST_YEAR, LAST_YEAR = 1900, 2200
INTEGER_LIMIT = 2**63
# Lead fields whose value is one of a few words (stored as the key, shown by its label).
CHOICES = {"stage": tuple(STAGES), "qualification": tuple(QUALIFICATIONS), "kind": LEAD_KINDS,
           "temperature": TEMPERATURES, "direction": DIRECTIONS}


def _date(value, name: str) -> datetime | None:
    try:
        parsed = parse_iso(value)
    except OverflowError:
        raise ValueError(f"{name} {str(value)[:40]!r} is not a date leadtui can show") from None
    if parsed is not None and not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise ValueError(f"{name} {str(value)[:40]!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return parsed


def _text(value, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{name} must be text")
    return str(value)


def _field_value(field, value, name: str):
    if value is None:
        return None
    if isinstance(field, DateTimeField):
        return _date(value, name)
    if isinstance(field, BooleanField):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be true or false")
        return value
    if isinstance(field, IntegerField):
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= INTEGER_LIMIT:
            raise ValueError(f"{name} must be a whole number")
        return value
    text = _text(value, name)
    if name in CHOICES and text not in CHOICES[name]:
        raise ValueError(f"{name} {text[:40]!r} is not one of {', '.join(CHOICES[name])}")
    return text


def _list(item: dict, key: str) -> list:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list")
    return value


def _activity(a) -> dict:
    if not isinstance(a, dict):
        raise ValueError("an activity must be an object")
    kind = _text(a.get("kind"), "an activity's kind")
    if kind not in ACTIVITY_KINDS:
        raise ValueError(f"activity kind {kind[:40]!r} is not one of {', '.join(ACTIVITY_KINDS)}")
    at = _date(a["at"], "an activity's at")
    if at is None:
        raise ValueError("an activity needs its date (at)")
    return {"kind": kind, "at": at, "body": _text(a.get("body") or "", "an activity's body"),
            "outcome": _text(a.get("outcome") or "", "an activity's outcome"),
            "created_at": _date(a.get("created_at"), "an activity's created_at") or at}


def _follow_up(f) -> dict:
    if not isinstance(f, dict):
        raise ValueError("a follow-up must be an object")
    due = _date(f["due_at"], "a follow-up's due_at")
    if due is None:
        raise ValueError("a follow-up needs its date (due_at)")
    return {"due_at": due, "what": _text(f.get("what") or "", "a follow-up's what"),
            "done_at": _date(f.get("done_at"), "a follow-up's done_at"),
            "created_at": _date(f.get("created_at"), "a follow-up's created_at") or due}


def _change(c) -> dict:
    if not isinstance(c, dict):
        raise ValueError("a change must be an object")
    field = _text(c.get("field") or "stage", "a change's field")
    before, after = _text(c.get("from") or "", "a change's from"), _text(c["to"], "a change's to")
    if field == "stage" and (after not in STAGES or before not in ("", *STAGES)):
        raise ValueError(f"a stage change {before[:20]!r} → {after[:20]!r} names an unknown stage")
    at = _date(c["at"], "a change's at")
    if at is None:
        raise ValueError("a change needs its date (at)")
    return {"field": field, "from": before, "to": after, "at": at}


def _candidate(number: int, item, fields, source: str) -> Candidate:
    """One lead of the file, every value checked: nothing is kept that the app cannot show."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise ValueError("a lead needs a name")
    values = {key: _field_value(fields[key], item[key], key)
              for key in fields if key in item and key not in DERIVED}
    if source:
        values["source"] = source.strip().lower()
    tags = [_text(t, "a tag") for t in _list(item, "tags")]
    cand = Candidate(number, values, tags=tags, pinned=item.get("temperature_pinned") is True)
    cand.activities = [_activity(a) for a in _list(item, "activities")]
    cand.follow_ups = [_follow_up(f) for f in _list(item, "follow_ups")]
    cand.changes = [_change(c) for c in _list(item, "changes")]
    return cand


def read_json(ctx: Context, text: str, name: str = "file", *, source: str = ""
              ) -> tuple[list[Candidate], list[RowError]]:
    candidates, errors, _settings = read_export(ctx, text, name, source=source)
    return candidates, errors


def read_export(ctx: Context, text: str, name: str = "file", *, source: str = ""
                ) -> tuple[list[Candidate], list[RowError], Settings | None]:
    """The leads of an export (each checked alone) and its settings."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise BadFile(f"{name} nests objects or lists too deeply to be a leadtui export") from None
    except ValueError as exc:  # JSONDecodeError, or an integer of thousands of digits
        raise BadFile(f"{name} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("leads"), list):
        raise BadFile(f"{name} is JSON but not a leadtui export (no \"format\": \"leadtui\" and leads)")
    version = data.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadFile(f"{name}: \"version\" must be a whole number from 1, got {str(version)[:40]!r}")
    if version > VERSION:
        raise BadFile(f"{name} was written by a newer leadtui (format version {version})")
    fields = Lead._meta.fields
    candidates: list[Candidate] = []
    errors: list[RowError] = []
    for number, item in enumerate(data["leads"], 1):
        try:
            candidates.append(_candidate(number, item, fields, source))
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            named = item.get("name") if isinstance(item, dict) else ""
            reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
            errors.append(RowError(number, "", named[:40] if isinstance(named, str) else "",
                                   f"not a valid lead: {reason}"))
    return candidates, errors, read_settings(data.get("settings"), name)
