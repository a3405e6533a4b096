"""Dates as people type them: "tomorrow 9am", "tue 10", "1.2.2027 14.00", "in 3 days".

Text is read in the user's local time and returned as naive UTC for storage.
Numeric dates are read here, not by parsedatetime (which reads "1.2.2027" as
2 January): a dotted date is always day.month(.year); a slash date follows the
`date_order` setting (DMY, MDY or YMD). A time that is given but cannot be read
is an error, never a silent default.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from leadtui.errors import InvalidInput
from leadtui.kit.clock import Clock, to_local, to_utc

FOLLOW_UP_TIME = time(9, 0)
# A follow-up further ahead than this is more likely a typo than a plan.
FAR_AHEAD = timedelta(days=5 * 365)
# A follow-up this little before now is "now" (the minute typed, the time taken to type it).
JUST_NOW = timedelta(minutes=5)
HINT = "try 'tomorrow 9am', 'tue 10', 'in 3 days', '24.12.2026 14:00' or '2026-12-24'"

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = re.compile(r"^(?P<rel>next\s+|this\s+|last\s+)?(?P<day>mon|tue|wed|thu|fri|sat|sun)[a-z]*$")
# Words after which a bare number is an hour ("tue 10", "tomorrow 10").
_DAY_WORD = re.compile(r"^((next|this|last)\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*$"
                       r"|^(today|tomorrow|yesterday)$")
_CLOCK = r"(?P<hour>\d{1,2})(?:(?P<sep>[:.])(?P<minute>\d{1,2}))?(?::(?P<second>\d{2}))?"
_MERIDIEM = r"\s*(?P<ampm>[ap]\.?m\.?)"
_TIME_TAIL = re.compile(
    r"^(?P<date>.*?)\s*(?:\b(?P<at>at|klo|kl\.?)\s+|@\s*)?" + _CLOCK + rf"(?:{_MERIDIEM})?$"
)
_DOTTED = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.?(?P<y>\d{4}|\d{2})?$")
_SLASHED = re.compile(r"^(?P<a>\d{1,4})/(?P<b>\d{1,2})(?:/(?P<c>\d{1,4}))?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_calendar = None


@dataclass(frozen=True)
class When:
    """A parsed moment: `utc` for storage, `local` as it will be shown, `note` when it moved."""

    utc: datetime
    local: datetime
    note: str = ""


# Wide enough for any date a person means; far enough from 1 and 9999 that adding a
# staleness threshold (at most 100 years) or a time-zone offset never overflows.
MIN_YEAR, MAX_YEAR = 1000, 9000


def _parser():
    global _calendar
    if _calendar is None:
        import parsedatetime

        _calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    return _calendar


def _fail(text: str, why: str = "") -> InvalidInput:
    return InvalidInput(f"cannot understand the date {text!r}: {why or HINT}")


def _split_time(text: str, original: str) -> tuple[str, time | None]:
    """The date part and the time given at the end of `text` (None when none is given)."""
    match = _TIME_TAIL.match(text)
    if not match:
        return text, None
    rest, has_at, sep, ampm = match["date"].strip(), match["at"] or "@" in text, match["sep"], match["ampm"]
    if rest and not has_at and not text[match.start("hour") - 1].isspace():
        return text, None  # "1.2.27": part of a date, not a time after one
    if match["minute"] is None and not (has_at or ampm or _DAY_WORD.match(rest) or _is_numeric_date(rest)):
        return text, None  # "24 dec", "in 3": a number that is not an hour
    if sep == "." and not rest and not has_at:
        return text, None  # "12.11" alone is a date; "klo 14.30" is a time
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    second = int(match["second"] or 0)
    if match["minute"] is not None and len(match["minute"]) != 2:
        raise _fail(original, f"minutes need two digits, as in {hour}:0{minute}")
    if ampm:
        if not 1 <= hour <= 12:
            raise _fail(original, f"there is no {hour} {ampm}")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23:
        raise _fail(original, f"there is no hour {hour}")
    if minute > 59 or second > 59:
        raise _fail(original, f"there is no minute {minute if minute > 59 else second}")
    return rest, time(hour, minute, second)


def _is_numeric_date(text: str) -> bool:
    return bool(_DOTTED.match(text) or _SLASHED.match(text) or _ISO_DATE.match(text))


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    year = int(raw)
    return year + 2000 if len(raw) <= 2 else year


def _make_date(original: str, year: int | None, month: int, day: int, today: date,
               past: bool) -> date:
    if not 1 <= month <= 12:
        raise _fail(original, f"there is no month {month} (dotted dates are day.month.year)")
    # Without a year, 29 February may still exist in the year chosen below.
    last = calendar.monthrange(year or 2000, month)[1]
    if not 1 <= day <= last:
        raise _fail(original, f"there is no day {day} in {calendar.month_name[month]}"
                    + (f" {year}" if year else ""))
    if year is not None:
        return date(year, month, day)
    # No year: the nearest such date ahead (or behind, for things that already happened).
    for candidate_year in ((today.year, today.year - 1, today.year - 2) if past
                           else (today.year, today.year + 1, today.year + 2)):
        if day > calendar.monthrange(candidate_year, month)[1]:
            continue  # 29 February
        candidate = date(candidate_year, month, day)
        if (candidate <= today) if past else (candidate >= today):
            return candidate
    raise _fail(original)


def _numeric_date(rest: str, original: str, today: date, order: str, past: bool) -> date | None:
    if _ISO_DATE.match(rest):
        try:
            return date.fromisoformat(rest)
        except ValueError:
            raise _fail(original, "no such day") from None
    match = _DOTTED.match(rest)
    if match:
        return _make_date(original, _year(match["y"]), int(match["m"]), int(match["d"]), today, past)
    match = _SLASHED.match(rest)
    if match:
        a, b, c = match["a"], match["b"], match["c"]
        if len(a) > 2:  # "2026/12/24": a year first is never ambiguous
            if c is None:
                raise _fail(original, "a year first needs month and day after it, as in 2026/12/24")
            year, month, day = int(a), int(b), int(c)
        elif order == "YMD" and c is not None:
            year, month, day = _year(a), int(b), int(c)
        elif order == "MDY":
            month, day, year = int(a), int(b), _year(c)
        elif order == "YMD":
            month, day, year = int(a), int(b), None
        else:
            day, month, year = int(a), int(b), _year(c)
        return _make_date(original, year, month, day, today, past)
    return None


def _weekday_date(rest: str, now_local: datetime, at: time, past: bool) -> date | None:
    match = _WEEKDAY.match(rest)
    if not match:
        return None
    target = _WEEKDAYS.index(match["day"])
    today = now_local.date()
    rel = (match["rel"] or "").strip()
    if rel == "next":  # that day of next week
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=target)
    if rel == "last" or (past and rel != "this"):
        back = (today.weekday() - target) % 7
        day = today - timedelta(days=back)
        return day - timedelta(days=7) if back == 0 and at > now_local.time() else day
    ahead = (target - today.weekday()) % 7
    day = today + timedelta(days=ahead)
    # "tue 10" on a Tuesday before ten is today; after ten it is next week.
    return day + timedelta(days=7) if ahead == 0 and at <= now_local.time() else day


def _natural(rest: str, original: str, now_local: datetime) -> tuple[datetime, bool]:
    """parsedatetime for words ("tomorrow", "in 3 days", "dec 24"); returns (value, had a time)."""
    try:
        result, context = _parser().parseDT(rest, sourceTime=now_local)
    except (OverflowError, ValueError):
        raise _fail(original, "that is out of range") from None
    if not (context.hasDate or context.hasTime):
        raise _fail(original)
    if re.search(r"\b(at|klo)\b", rest) and not context.hasTime:
        raise _fail(original, "cannot read the time")
    return result, bool(context.hasTime)


def parse_local(text: str, now_local: datetime, *, default_time: time | None = None,
                order: str = "DMY", past: bool = False) -> datetime:
    """Parse `text` relative to `now_local`; returns a naive local datetime.

    `past` reads dates without a year and bare weekdays backwards (when something happened).
    """
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        raise InvalidInput(f"empty date: {HINT}")
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        pass
    else:
        if parsed.tzinfo is not None:
            return to_local(to_utc(parsed))
        has_time = len(cleaned) > 10
        if has_time or default_time is None:
            return parsed
        return datetime.combine(parsed.date(), _default_time(parsed.date(), default_time, now_local, past))
    lowered = cleaned.lower()
    rest, given = _split_time(lowered, text)
    today = now_local.date()
    if not rest:
        return _next_occurrence(given, now_local, past)
    day = _numeric_date(rest, text, today, order, past)
    if day is None:
        day = _weekday_date(rest, now_local, given or default_time or FOLLOW_UP_TIME, past)
    if day is not None:
        at = given or _default_time(day, default_time or FOLLOW_UP_TIME, now_local, past)
        return datetime.combine(day, at).replace(microsecond=0)
    result, had_time = _natural(rest, text, now_local)
    if given is not None:
        result = datetime.combine(result.date(), given)
    elif not had_time and default_time is not None:
        result = datetime.combine(result.date(), _default_time(result.date(), default_time, now_local, past))
    return result.replace(microsecond=0)


def _next_occurrence(at: time, now_local: datetime, past: bool) -> datetime:
    """A time alone ("9am", "klo 14.30") is its next occurrence (its last one, for the past)."""
    moment = datetime.combine(now_local.date(), at)
    if past and moment > now_local:
        return moment - timedelta(days=1)
    if not past and moment <= now_local:
        return moment + timedelta(days=1)
    return moment


def _default_time(day: date, default: time, now_local: datetime, past: bool) -> time:
    """The time for a date typed without one: "today" after 09:00 means from now on, not 09:00."""
    if past or day != now_local.date() or default > now_local.time():
        return default
    return now_local.time().replace(second=0, microsecond=0)


def dst_note(local: datetime) -> tuple[datetime, str]:
    """A local time in the spring-forward gap moves forward, as calendars do; says so."""
    # In a gap neither reading of the wall time exists; the later one is the time moved forward.
    utc = max(to_utc(local.replace(fold=0)), to_utc(local.replace(fold=1)))
    shown = to_local(utc)
    if shown == local:
        return min(to_utc(local.replace(fold=0)), to_utc(local.replace(fold=1))), ""
    return utc, f"{local:%H:%M} does not exist on {local.day} {local:%b %Y} (clocks go forward): {shown:%H:%M}"


def read_when(text: str, clock: Clock, *, default_time: time | None = None, order: str = "DMY",
              past: bool = False) -> When:
    """Parse user text; the result carries naive UTC and a note when the time had to move."""
    try:
        local = parse_local(text, clock.local_now(), default_time=default_time, order=order, past=past)
        if not MIN_YEAR <= local.year <= MAX_YEAR:  # later sums (stale_at, time zones) stay in range
            raise OverflowError
        utc, note = dst_note(local)
        shown = to_local(utc)
    except (OverflowError, ValueError):
        raise _fail(text, f"that is out of range (years {MIN_YEAR}-{MAX_YEAR})") from None
    return When(utc, shown, note)


def parse_when(text: str, clock: Clock, *, default_time: time | None = None, order: str = "DMY",
               past: bool = False) -> datetime:
    """Parse user text to naive UTC. With `default_time`, a date without a time gets it."""
    return read_when(text, clock, default_time=default_time, order=order, past=past).utc


def parse_follow_up(text: str, clock: Clock, order: str = "DMY") -> datetime:
    """A follow-up date: "friday" means Friday at 09:00, not at the current minute."""
    return parse_when(text, clock, default_time=FOLLOW_UP_TIME, order=order)


def follow_up_doubt(due_utc: datetime, now_utc: datetime) -> str:
    """Why a follow-up date needs a second look ("" when it looks like a plan).

    "today 9am" typed at 18:46 is as much in the past as "yesterday" is (a date typed without
    a time is never earlier than now: see `_default_time`).
    """
    if due_utc < now_utc - JUST_NOW:
        return "is in the past"
    if due_utc > now_utc + FAR_AHEAD:
        return f"is more than {FAR_AHEAD.days // 365} years away"
    return ""
