"""Human formatting of times and numbers, shared by the CLI and the screens."""

from __future__ import annotations

from datetime import datetime

from leadtui.db.clean import clean_line, printable
from leadtui.kit.clock import to_local


def shown(text: str, *, one_line: bool = False) -> str:
    """Text from a file or a person as a screen may show it: no escape sequence or other control
    character (Textual would pass an ESC in a cell straight to the terminal), bidi overrides out."""
    return clean_line(text) if one_line else printable(text)


def ago(then: datetime | None, now: datetime) -> str:
    if then is None:
        return "never"
    seconds = (now - then).total_seconds()
    if seconds < 0:
        return "in " + _span(-seconds)
    if seconds < 60:
        return "just now"
    return _span(seconds) + " ago"


def until(when: datetime | None, now: datetime) -> str:
    if when is None:
        return ""
    seconds = (when - now).total_seconds()
    if seconds < 0:
        return _span(-seconds) + " overdue"
    return "in " + _span(seconds)


def span(seconds: float) -> str:
    """A length of time in its largest sensible unit: "5m", "3h", "4d", "2mo"."""
    return _span(seconds)


def _span(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{max(minutes, 1)}m"
    hours = minutes // 60
    if hours < 48:
        return f"{hours}h"
    days = hours // 24
    if days < 60:
        return f"{days}d"
    return f"{days // 30}mo"


def local_short(utc: datetime | None, now: datetime | None = None) -> str:
    """"Tue 1 Dec 10:00" in local time; "Tue 1 Dec 2027 10:00" when not this year (of `now`, UTC)."""
    if utc is None:
        return ""
    local = to_local(utc)
    this_year = to_local(now).year if now is not None else datetime.now().year
    year = f" {local.year}" if local.year != this_year else ""
    return f"{local:%a} {local.day} {local:%b}{year} {local:%H:%M}"


def local_day(utc: datetime, now: datetime) -> str:
    """"3 Nov", or "3 Nov 2025" when not this year."""
    local = to_local(utc)
    year = f" {local.year}" if local.year != to_local(now).year else ""
    return f"{local.day} {local:%b}{year}"


def local_iso(utc: datetime | None) -> str:
    return to_local(utc).strftime("%Y-%m-%d %H:%M") if utc else ""


def iso_utc(utc: datetime | None) -> str | None:
    return utc.replace(microsecond=0).isoformat() + "Z" if utc else None


def grouped(number: int | None) -> str:
    """A whole number with thousands separators: 468 900 000 reads, 468900000 does not."""
    return "" if number is None else f"{number:,}".replace(",", " ")
