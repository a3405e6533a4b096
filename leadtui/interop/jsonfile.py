"""leadtui's own JSON: every lead with its tags, activities, follow-ups and stage events.

An export restores into an empty database as it was (ids aside); scores,
staleness and the next follow-up are recomputed from what is restored.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from peewee import BooleanField, DateTimeField, IntegerField

from leadtui.context import Context
from leadtui.db.models import Lead
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


def document(leads: list[dict], now: datetime) -> dict:
    return {"format": FORMAT, "version": VERSION, "exported_at": iso(now), "leads": leads}


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
    return candidates, errors
