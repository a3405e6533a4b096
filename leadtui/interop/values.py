"""Turning what other tools write into our values: status words, dates, numbers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from leadtui.errors import InvalidInput
from leadtui.kit.clock import to_utc
from leadtui.kit.money import parse_amount
from leadtui.kit.vocab import CLOSED_STAGES, OPEN_STAGES, QUALIFICATIONS, STAGES, TEMPERATURES


class BadValue(ValueError):
    """One cell that cannot be used; the message says why."""


def _key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


_STAGE = lambda stage, **more: {"stage": stage, **more}  # noqa: E731
# Status, lifecycle and label words of the CRMs we import from, by their normalised text.
STATUS_WORDS: dict[str, dict[str, str]] = {
    # HubSpot lifecycle stages (labels and internal names)
    "subscriber": _STAGE("interest"),
    "lead": _STAGE("contact", kind="lead"),
    "marketing qualified lead": _STAGE("nurture", qualification="mql"),
    "marketingqualifiedlead": _STAGE("nurture", qualification="mql"),
    "sales qualified lead": _STAGE("nurture", qualification="sql"),
    "salesqualifiedlead": _STAGE("nurture", qualification="sql"),
    "opportunity": _STAGE("offer", qualification="sql"),
    "customer": _STAGE("won"),
    "evangelist": _STAGE("won"),
    "other": {},
    "none": {},
    # HubSpot lead status
    "new": _STAGE("interest"),
    "open": _STAGE("contact"),
    "in progress": _STAGE("nurture"),
    "open deal": _STAGE("offer"),
    "unqualified": _STAGE("disqualified"),
    "attempted to contact": _STAGE("contact"),
    "connected": _STAGE("nurture"),
    "bad timing": _STAGE("lost"),
    # Salesforce lead status
    "open not contacted": _STAGE("contact"),
    "working contacted": _STAGE("nurture"),
    "closed converted": _STAGE("won"),
    "closed not converted": _STAGE("lost"),
    # Zoho CRM lead status
    "not contacted": _STAGE("contact"),
    "contacted": _STAGE("nurture"),
    "contact in future": _STAGE("nurture"),
    "pre qualified": _STAGE("nurture", qualification="mql"),
    "not qualified": _STAGE("disqualified"),
    "junk lead": _STAGE("disqualified"),
    "lost lead": _STAGE("lost"),
    # Bitrix24 lead statuses (Russian interface)
    "не обработан": _STAGE("interest"),
    "новый": _STAGE("interest"),
    "в работе": _STAGE("nurture"),
    "обработан": _STAGE("nurture"),
    "качественный лид": _STAGE("won"),
    "некачественный лид": _STAGE("disqualified"),
    # amoCRM pipeline stages (its default pipeline)
    "неразобранное": _STAGE("interest"),
    "первичный контакт": _STAGE("contact"),
    "переговоры": _STAGE("nurture"),
    "принимают решение": _STAGE("decision"),
    "согласование договора": _STAGE("decision"),
    "успешно реализовано": _STAGE("won"),
    "закрыто и не реализовано": _STAGE("lost"),
    # Temperatures as Russian CRMs' tags write them
    "горячий": {"temperature": "hot"},
    "теплый": {"temperature": "warm"},
    "тёплый": {"temperature": "warm"},
    "холодный": {"temperature": "cold"},
    # Pipedrive labels (people: "Hot lead"; leads: "Hot")
    "hot lead": {"temperature": "hot"},
    "warm lead": {"temperature": "warm"},
    "cold lead": {"temperature": "cold"},
    "mql": {"qualification": "mql"},
    "sql": {"qualification": "sql"},
    "qualified": {"qualification": "sql"},
    "prospect": {"kind": "prospect"},
}
for _stage, _label in STAGES.items():
    STATUS_WORDS.setdefault(_stage, _STAGE(_stage))
    STATUS_WORDS.setdefault(_key(_label.lstrip("12345 ")), _STAGE(_stage))
for _temp in TEMPERATURES:
    STATUS_WORDS[_temp] = {"temperature": _temp}
_STAGE_RANK = {s: i for i, s in enumerate((*OPEN_STAGES, *CLOSED_STAGES))}
_QUAL_RANK = {q: i for i, q in enumerate(QUALIFICATIONS)}


def interpret_status(words: list[str]) -> tuple[dict[str, str], list[str]]:
    """Combine status/label words into stage, qualification, temperature and kind.

    The furthest stage and the highest qualification win (a lifecycle stage and a
    lead status can both be present); words we do not know come back as tags.
    """
    found: dict[str, str] = {}
    unknown: list[str] = []
    for word in words:
        meaning = STATUS_WORDS.get(_key(word))
        if meaning is None:
            if word.strip():
                unknown.append(word.strip())
            continue
        for name, value in meaning.items():
            if name == "stage" and name in found and _STAGE_RANK[found[name]] >= _STAGE_RANK[value]:
                continue
            if name == "qualification" and name in found and _QUAL_RANK[found[name]] >= _QUAL_RANK[value]:
                continue
            found[name] = value
    return found, unknown


# ---- dates -------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_NUMERIC = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:[ ,T]+(.*))?$")
_NAMED_DMY = re.compile(r"^(\d{1,2})[ .-]*([a-z]{3,9})\.?[ ,.-]*(\d{4})(?:[ ,T]+(.*))?$")
_NAMED_MDY = re.compile(r"^([a-z]{3,9})\.?[ ]+(\d{1,2})(?:st|nd|rd|th)?,?[ ]+(\d{4})(?:[ ,T]+(.*))?$")
# Outlook writes an empty date as "0.0.00" (or "0/0/00"), some tools as zeros in full.
_EMPTY_DATE = re.compile(r"0{1,4}[./-]0{1,2}[./-]0{1,4}(?:[ T]0{1,2}:0{2}(?::0{2})?)?")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?$")


def date_order(value: str) -> bool | None:
    """True when a numeric date can only be day-first, False when only month-first, else None."""
    match = _NUMERIC.match(value.strip())
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second:
            return True
        if second > 12 >= first:
            return False
    return None


def _time(text: str | None) -> tuple[int, int, int]:
    if not text:
        return 0, 0, 0
    match = _TIME.match(text.strip().lower())
    if not match:
        raise BadValue(f"unknown time {text!r}")
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").replace(".", "")
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return hour, minute, second


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 70 else year + 1900 if year < 100 else year


def _month(name: str) -> int:
    month = _MONTHS.get(name[:3])
    if month is None:
        raise BadValue(f"unknown month {name!r}")
    return month


def parse_date(text: str, day_first: bool = True) -> datetime | None:
    """A date or date-time as CRMs export it, as naive UTC (local times are converted)."""
    text = text.strip()
    if not text or _EMPTY_DATE.fullmatch(text):
        return None
    try:
        return _parse_date(text, day_first)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, BadValue):
            raise
        raise BadValue(f"not a date: {text!r} ({exc})") from None


def _parse_date(text: str, day_first: bool) -> datetime:
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        value = datetime.fromisoformat(text.replace(" UTC", "Z"))
        if value.tzinfo is not None:
            return value.astimezone(UTC).replace(tzinfo=None)
        return to_utc(value)
    lower = text.lower()
    match = _NUMERIC.match(lower)
    if match:
        first, second = int(match.group(1)), int(match.group(2))
        day, month = (first, second) if day_first else (second, first)
        hour, minute, second_ = _time(match.group(4))
        return to_utc(datetime(_year(match.group(3)), month, day, hour, minute, second_))
    match = _NAMED_DMY.match(lower)
    if match:
        hour, minute, second_ = _time(match.group(4))
        return to_utc(datetime(int(match.group(3)), _month(match.group(2)), int(match.group(1)),
                               hour, minute, second_))
    match = _NAMED_MDY.match(lower)
    if match:
        hour, minute, second_ = _time(match.group(4))
        return to_utc(datetime(int(match.group(3)), _month(match.group(1)), int(match.group(2)),
                               hour, minute, second_))
    raise BadValue(f"not a date: {text!r}")


# ---- numbers -----------------------------------------------------------------

_EMPTY_WORDS = frozenset({"n/a", "na", "-", "--", "unknown", "none", "null"})


def parse_number(text: str) -> int | None:
    """Whole numbers as spreadsheets write them: 1,000,000  1 000 000  $1.5M  1.234,50  11-50."""
    text = text.strip().lower()
    if not text or text in _EMPTY_WORDS:
        return None
    text = re.sub(r"[\s\u00a0$€£¥]|usd|eur|gbp", "", text)
    text = re.split(r"(?<=\d)(?:-|–|to)(?=\d)", text)[0].rstrip("+")  # a range: its lower end
    try:
        value, _ = parse_amount(text)
    except InvalidInput:
        raise BadValue("not a number") from None
    if value is not None and value < 0:
        raise BadValue("a negative number")  # every number a file fills in counts or sizes something
    return None if value is None else round(value)
