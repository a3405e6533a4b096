"""Writing leads out: CSV for spreadsheets, JSON (a complete copy), vCard 3.0, and open
follow-ups as iCalendar events. The list's query language selects what goes out."""

from __future__ import annotations

import io
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from leadtui.config import user_path
from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.files import not_a_file
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, Setting, StageChange
from leadtui.errors import InvalidInput
from leadtui.finding.queries import LeadFilter, _where
from leadtui.interop.jsonfile import document, iso, settings_document
from leadtui.interop.vcard import lead_to_vcard
from leadtui.kit import safecsv
from leadtui.kit.clock import to_local
from leadtui.record.fields import LEAD_FIELDS

FORMATS = ("csv", "json", "vcard", "ics")
CHUNK = 500
CSV_COLUMNS = ("id", *(f.name for f in LEAD_FIELDS if f.exported), "score", "created_at",
               "last_touched_at", "next_follow_up_at")
ALARM_BEFORE = timedelta(minutes=15)
EVENT_LENGTH = timedelta(minutes=30)


@dataclass(frozen=True)
class Export:
    format: str
    text: str
    leads: int
    events: int = 0


def selected_ids(ctx: Context, query: str = "") -> list[int]:
    """Ids the list's query selects; by default every lead that is not archived."""
    conditions = _where(ctx, LeadFilter(query=query))
    select = Lead.select(Lead.id).order_by(Lead.id)
    if conditions:
        select = select.where(*conditions)
    return [row[0] for row in select.tuples()]


def _by_lead(query, ids) -> dict[int, list]:
    out: dict[int, list] = {}
    for row in query.where(query.model.lead.in_(ids)).order_by(query.model.id):
        out.setdefault(row.lead_id, []).append(row)
    return out


def lead_records(ids: list[int]):
    """Every stored field of each lead, with tags and history, a chunk of ids at a time."""
    columns = [name for name in Lead._meta.sorted_field_names]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        tags = {}
        for lead_id, tag in LeadTag.select(LeadTag.lead, LeadTag.tag).where(
                LeadTag.lead.in_(chunk)).order_by(LeadTag.tag).tuples():
            tags.setdefault(lead_id, []).append(tag)
        activities = _by_lead(Activity.select(), chunk)
        follow_ups = _by_lead(FollowUp.select(), chunk)
        changes = _by_lead(StageChange.select(), chunk)
        for lead in Lead.select().where(Lead.id.in_(chunk)).order_by(Lead.id):
            data = {name: getattr(lead, name) for name in columns}
            data["tags"] = tags.get(lead.id, [])
            data["activities"] = [
                {"kind": a.kind, "at": a.at, "body": a.body, "outcome": a.outcome,
                 "created_at": a.created_at} for a in activities.get(lead.id, [])]
            data["follow_ups"] = [
                {"id": f.id, "due_at": f.due_at, "what": f.what, "done_at": f.done_at,
                 "created_at": f.created_at} for f in follow_ups.get(lead.id, [])]
            data["changes"] = [
                {"field": c.field, "from": c.from_value, "to": c.to_value, "at": c.at}
                for c in changes.get(lead.id, [])]
            yield data


def _jsonable(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def to_json(records: list[dict], now: datetime) -> str:
    leads = []
    for record in records:
        record = dict(record)
        record["follow_ups"] = [{k: v for k, v in f.items() if k != "id"} for f in record["follow_ups"]]
        leads.append(_jsonable(record))
    return json.dumps(document(leads, now, settings_document()), indent=2, ensure_ascii=False) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return to_local(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


# What --delimiter takes besides a single character.
DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"}


def csv_delimiter(value: str | None = None) -> str:
    """The CSV export's field separator: the one asked for, else what the locale's spreadsheet
    expects. Where numbers are written with a decimal comma (Finnish, Swedish, Russian…), Excel
    splits columns at ';', elsewhere at ','."""
    if value is None:
        return ";" if _locale_decimal_symbol() == "," else ","
    delimiter = DELIMITER_NAMES.get(value.strip().lower(), value)
    if len(delimiter) != 1 or delimiter.isalnum() or delimiter in "\"\r\n ":
        raise InvalidInput(f"--delimiter must be one character like ';' or ',' (or tab), got {value!r}")
    return delimiter


def _locale_decimal_symbol() -> str:
    """The decimal separator of the locale numbers are written in (LC_ALL, LC_NUMERIC, LANG)."""
    name = next((os.environ[v] for v in ("LC_ALL", "LC_NUMERIC", "LANG") if os.environ.get(v)), "")
    code = name.split(".")[0].split("@")[0]
    if code in ("", "C", "POSIX"):
        return "."
    from babel import Locale, UnknownLocaleError  # the locale data: only for a CSV export
    from babel.numbers import get_decimal_symbol

    try:
        return get_decimal_symbol(Locale.parse(code))
    except (UnknownLocaleError, ValueError, TypeError):
        return "."


def to_csv(records: list[dict], delimiter: str = ",") -> str:
    """A header row and one row per lead; local times; tags comma-separated in one cell; no cell
    a spreadsheet would run as a formula (safecsv)."""
    out = io.StringIO()
    writer = safecsv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow([_cell(record.get(column)) for column in CSV_COLUMNS])
    return out.getvalue()


def to_vcards(records: list[dict]) -> str:
    return "".join(lead_to_vcard(record, record["tags"]) for record in records)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def to_ics(records: list[dict], now: datetime, uid_domain: str) -> tuple[str, int]:
    """Open follow-ups as 30-minute events with a reminder 15 minutes before.

    UIDs come from the follow-up's id and this database's own identifier, so a
    calendar that imports a later export updates its events instead of doubling them.
    """
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//leadtui//follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "leadtui follow-ups")
    count = 0
    for record in records:
        for follow_up in record["follow_ups"]:
            if follow_up["done_at"] is not None:
                continue
            summary = f"Follow up: {record['name']}" + (f" — {follow_up['what']}" if follow_up["what"] else "")
            details = [record.get("company"), record.get("phone"), record.get("email"),
                       record.get("interest"), f"leadtui lead #{record['id']}"]
            event = Event()
            event.add("uid", f"follow-up-{follow_up['id']}@{uid_domain}")
            event.add("dtstamp", _utc(now))
            event.add("dtstart", _utc(follow_up["due_at"]))
            event.add("dtend", _utc(follow_up["due_at"] + EVENT_LENGTH))
            event.add("summary", summary)
            event.add("description", "\n".join(d for d in details if d))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary)
            alarm.add("trigger", -ALARM_BEFORE)
            event.add_component(alarm)
            calendar.add_component(event)
            count += 1
    return calendar.to_ical().decode("utf-8"), count


def calendar_domain() -> str:
    """This database's identifier for calendar UIDs, made once and kept in settings."""
    key = "calendar_uid_domain"
    row = Setting.get_or_none(Setting.key == key)
    if row is not None:
        return row.value
    with write_transaction():
        row = Setting.get_or_none(Setting.key == key)
        if row is None:
            row = Setting.create(key=key, value=f"{uuid.uuid4().hex[:12]}.leadtui")
    return row.value


def export_leads(ctx: Context, fmt: str, query: str = "", delimiter: str | None = None) -> Export:
    """The selected leads in `fmt`; a CSV's `delimiter` defaults to the locale's (csv_delimiter)."""
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r} (one of: {', '.join(FORMATS)})")
    if delimiter is not None and fmt != "csv":
        raise InvalidInput("--delimiter is for --format csv")
    separator = csv_delimiter(delimiter) if fmt == "csv" else ","
    records = list(lead_records(selected_ids(ctx, query)))
    now = ctx.now()
    if fmt == "json":
        return Export(fmt, to_json(records, now), len(records))
    if fmt == "csv":
        return Export(fmt, to_csv(records, separator), len(records))
    if fmt == "vcard":
        return Export(fmt, to_vcards(records), len(records))
    text, events = to_ics(records, now, calendar_domain())
    return Export(fmt, text, len(records), events)


def write_export(out: Export, path: Path) -> Path:
    """Write an export to a file of its owner's only; a CSV starts with a byte-order mark so
    Excel sees UTF-8, the other formats are plain UTF-8. Returns the path written."""
    path = user_path(str(path))
    write_private(path, out.text.encode("utf-8-sig" if out.format == "csv" else "utf-8"))
    return path


def export_to_file(ctx: Context, fmt: str, path: str | Path, query: str = "") -> tuple[Export, Path]:
    """The selected leads in `fmt`, written to `path` (the TUI's export)."""
    out = export_leads(ctx, fmt, query)
    return out, write_export(out, Path(path))


def write_private(path: Path, data: bytes) -> None:
    """Exports hold personal data: the file is readable by its owner only (0600).

    A regular file is replaced whole (written aside, then renamed over it); a symlink's target
    is the file written, the link stays. A device or a FIFO (`-o /dev/stdout`) is written
    through, never replaced: renaming over /dev/null would break it for everyone.
    """
    path = user_path(str(path))
    kind = not_a_file(path)
    if kind == "a folder":
        raise InvalidInput(f"cannot write {path}: it is a folder; give a file name")
    if kind:
        _write_through(path, data)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_through(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
