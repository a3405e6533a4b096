"""One injectable source of time.

Everything that depends on "now" takes a Clock, so staleness, reminders and
score decay are tested by moving a fake clock instead of sleeping. Times are
naive UTC datetimes, the form stored in the database; `to_local`/`to_utc`
convert at the edges (parsing what the user typed, showing dates).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta


class Clock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)

    def local_now(self) -> datetime:
        return to_local(self.now())


class FixedClock(Clock):
    """A clock that only moves when told to (tests, demo data)."""

    def __init__(self, at: datetime) -> None:
        self._at = at

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = at

    def advance(self, **delta: float) -> datetime:
        self._at += timedelta(**delta)
        return self._at


def to_local(utc_naive: datetime) -> datetime:
    """A stored UTC time as a naive local time."""
    return utc_naive.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def to_utc(local_naive: datetime) -> datetime:
    """A naive local time (as the user typed it) as naive UTC."""
    return local_naive.astimezone(UTC).replace(tzinfo=None)


def local_day_bounds(now_utc: datetime) -> tuple[datetime, datetime]:
    """Start and end (UTC) of the user's local calendar day."""
    start_local = datetime.combine(to_local(now_utc).date(), time(0, 0))
    return to_utc(start_local), to_utc(start_local + timedelta(days=1))
