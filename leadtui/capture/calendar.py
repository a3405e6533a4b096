"""Calendar events from iCalendar text (an .ics file, an invitation's text/calendar part).

Times come out in naive UTC: a TZID is resolved by icalendar (Olson names, Windows names such
as "FLE Standard Time", the file's own VTIMEZONE); a floating time is the user's local time.
A recurring event yields one occurrence per start (exceptions and EXDATEs applied by
recurring-ical-events). A file whose VTIMEZONE is invalid (iCloud writes offsets like +5744) is
read again without its VTIMEZONE blocks, its TZIDs taken as zone names, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import recurring_ical_events

from leadtui.kit.clock import to_utc

# Roles that are places or things, never people (RFC 5545 CUTYPE).
NOT_PEOPLE = frozenset({"ROOM", "RESOURCE"})
# How far back a recurring series is counted, and how many of its occurrences at most.
SERIES_YEARS = 5
SERIES_LIMIT = 2000
_VTIMEZONE = re.compile(r"BEGIN:VTIMEZONE\r?\n.*?END:VTIMEZONE\r?\n?", re.S | re.I)


class CalendarUnreadable(ValueError):
    """The text is not iCalendar that icalendar can read."""


@dataclass(frozen=True)
class Occurrence:
    """One happening of an event: its key is the UID and, for a series, its RECURRENCE-ID."""

    key: str
    start: datetime  # naive UTC
    summary: str
    people: frozenset[str]  # organizer and attendees that are people, lower case
    cancelled: bool
    sequence: int


@dataclass(frozen=True)
class CalendarRead:
    past: list[Occurrence]
    upcoming: list[Occurrence]  # the next occurrence of each event still ahead
    cancelled: list[Occurrence]
    warnings: list[str]


def read_calendar(text: str, now: datetime) -> CalendarRead:
    """Every past occurrence, the next one ahead of each event, and the cancelled ones."""
    warnings: list[str] = []
    calendars = _parse(text, warnings)
    past: list[Occurrence] = []
    upcoming: list[Occurrence] = []
    cancelled: list[Occurrence] = []
    for cal in calendars:
        method_cancel = str(cal.get("METHOD", "")).upper() == "CANCEL"
        masters = _masters(cal)
        for item in _occurrences(cal, now, warnings):
            uid = str(item.get("UID", ""))
            occurrence = _occurrence(item, masters.get(uid), method_cancel)
            if occurrence is None:
                continue
            if occurrence.cancelled:
                cancelled.append(occurrence)
            elif occurrence.start <= now:
                past.append(occurrence)
            else:
                upcoming.append(occurrence)
    # Cancelled events read outside the window still cancel: a CANCEL for a single instance.
    return CalendarRead(past, _first_ahead(upcoming), cancelled, warnings)


def _parse(text: str, warnings: list[str]) -> list:
    try:
        return icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError) as exc:
        stripped = _VTIMEZONE.sub("", text)
        if stripped == text:
            raise CalendarUnreadable(_first_line(exc)) from None
        try:
            calendars = icalendar.Calendar.from_ical(stripped, multiple=True)
        except (ValueError, KeyError, IndexError) as again:
            raise CalendarUnreadable(_first_line(again)) from None
        warnings.append(f"invalid time-zone block ({_first_line(exc)}); times read by their zone's name")
        return calendars


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]


@dataclass(frozen=True)
class _Master:
    recurring: bool
    people: frozenset[str]
    summary: str


def _masters(cal) -> dict[str, _Master]:
    """Per UID: whether it is a series, and its people and summary (exceptions may omit them)."""
    found: dict[str, _Master] = {}
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        old = found.get(uid)
        recurring = any(event.get(name) is not None for name in ("RRULE", "RDATE", "RECURRENCE-ID"))
        people = _people(event)
        summary = str(event.get("SUMMARY", "") or "")
        if old is not None:
            recurring = recurring or old.recurring
            people = people | old.people
            summary = old.summary or summary
        found[uid] = _Master(recurring, people, summary)
    return found


def _people(event) -> frozenset[str]:
    values = []
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        values.append(organizer)
    attendees = event.get("ATTENDEE")
    if attendees is not None:
        values.extend(attendees if isinstance(attendees, list) else [attendees])
    found = set()
    for value in values:
        params = getattr(value, "params", {})
        if str(params.get("CUTYPE", "INDIVIDUAL")).upper() in NOT_PEOPLE:
            continue
        address = str(value).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        address = address.strip().lower()
        if "@" in address:
            found.add(address)
    return frozenset(found)


def _occurrences(cal, now: datetime, warnings: list[str]):
    query = recurring_ical_events.of(cal, skip_bad_series=True)
    start = now - timedelta(days=365 * SERIES_YEARS)
    try:
        yield from _limited(query.between(start, now + timedelta(days=400)))
    except Exception as exc:  # a series the library cannot expand: its own kinds of errors
        warnings.append(f"a recurring event could not be expanded ({_first_line(exc)})")


def _limited(items):
    per_uid: dict[str, int] = {}
    for item in items:
        uid = str(item.get("UID", ""))
        per_uid[uid] = per_uid.get(uid, 0) + 1
        if per_uid[uid] <= SERIES_LIMIT:
            yield item


def _occurrence(item, master: _Master | None, method_cancel: bool) -> Occurrence | None:
    start = item.get("DTSTART")
    if start is None:
        return None
    uid = str(item.get("UID", ""))
    recurrence = item.get("RECURRENCE-ID")
    recurring = master is not None and master.recurring
    rid = _utc(recurrence.dt).isoformat() if recurring and recurrence is not None else ""
    people = _people(item) or (master.people if master else frozenset())
    summary = str(item.get("SUMMARY", "") or "") or (master.summary if master else "")
    status = str(item.get("STATUS", "")).upper()
    try:
        sequence = int(item.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    return Occurrence(f"{uid}|{rid}", _utc(start.dt), " ".join(summary.split()), people,
                      method_cancel or status == "CANCELLED", sequence)


def _utc(value) -> datetime:
    """An event time in naive UTC: aware as it says, floating as local time, a date at local 00:00."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return to_utc(value)
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, date):
        return to_utc(datetime.combine(value, time()))
    raise ValueError(f"not a time: {value!r}")


def _first_ahead(upcoming: list[Occurrence]) -> list[Occurrence]:
    """A series ahead makes one follow-up: its next occurrence."""
    first: dict[str, Occurrence] = {}
    for occurrence in sorted(upcoming, key=lambda o: o.start):
        first.setdefault(occurrence.key.split("|", 1)[0], occurrence)
    return list(first.values())
