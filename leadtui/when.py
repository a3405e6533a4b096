"""Natural-language and ISO dates ("tomorrow 9am", "in 3 days", "2026-12-01 14:00").

Text is read in the user's local time and returned as naive UTC for storage.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from leadtui.clock import Clock, to_local, to_utc
from leadtui.errors import InvalidInput

_WEEKDAY_HOUR = re.compile(
    r"^(?P<day>(next\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*)\s+(?P<hour>\d{1,2})$", re.I
)
_calendar = None


def _parser():
    global _calendar
    if _calendar is None:
        import parsedatetime

        _calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    return _calendar


def _normalise(text: str) -> str:
    text = " ".join(text.strip().split())
    # "tue 10" means ten o'clock on Tuesday, not a bare 10.
    match = _WEEKDAY_HOUR.match(text)
    if match:
        if int(match["hour"]) > 23:
            raise InvalidInput(f"cannot understand the date {text!r}: there is no hour {int(match['hour'])}")
        return f"{match['day']} at {int(match['hour'])}:00"
    return text


def parse_local(text: str, now_local: datetime, *, default_time: time | None = None) -> datetime:
    """Parse `text` relative to `now_local`; returns a naive local datetime."""
    cleaned = _normalise(text)
    if not cleaned:
        raise InvalidInput("empty date: try 'tomorrow 9am', 'in 3 days' or '2026-12-01 14:00'")
    try:
        parsed = datetime.fromisoformat(cleaned)
        has_time = len(cleaned) > 10
        if parsed.tzinfo is not None:
            return to_local(to_utc(parsed))
        return parsed if has_time or default_time is None else datetime.combine(parsed.date(), default_time)
    except ValueError:
        pass
    result, context = _parser().parseDT(cleaned, sourceTime=now_local)
    if not (context.hasDate or context.hasTime):
        raise InvalidInput(
            f"cannot understand the date {text!r}: try 'tomorrow 9am', 'in 3 days', "
            "'next tue', '40 days ago' or '2026-12-01 14:00'"
        )
    if context.hasDate and not context.hasTime and default_time is not None:
        result = datetime.combine(result.date(), default_time)
    return result.replace(microsecond=0)


def parse_when(text: str, clock: Clock, *, default_time: time | None = None) -> datetime:
    """Parse user text to naive UTC. With `default_time`, a date without a time gets it."""
    local = parse_local(text, clock.local_now(), default_time=default_time)
    return to_utc(local)


FOLLOW_UP_TIME = time(9, 0)


def parse_follow_up(text: str, clock: Clock) -> datetime:
    """A follow-up date: "friday" means Friday at 09:00, not at the current minute."""
    return parse_when(text, clock, default_time=FOLLOW_UP_TIME)
