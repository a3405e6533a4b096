"""One typed line as a lead: "Jane from Acme, jane@acme.com, +358 40 1234567, demo next tue 10".

Parts are separated by commas (or semicolons), or free. In each part: an e-mail address and a
phone number are taken out (validated by email-validator and phonenumbers, kept as typed when
they do not validate, as the import does); a date at its end, as the rest of leadtui reads
dates (`when.py`, day-first `1.2.2027 10:00` included), is the follow-up, the words before it
its "what". What is left: "NAME from/at/@ COMPANY"; a part ending in a legal form (Oy, AB,
GmbH, Ltd, LLC…) or starting with one (ООО, ИП…) is the company; a job title is the title; the
first other part is the name, the second the company, anything further a note. Nothing is
stored from here: `parse_line` only reads, and the caller shows the parse before saving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.kit.clock import Clock
from leadtui.kit.validation import normalise_email, normalise_phone
from leadtui.kit.when import parse_follow_up
from leadtui.leads import writes as leads
from leadtui.record.readmodels import LeadFields

# Legal forms written after the name (Nordic, German, English, Baltic, Dutch, French…).
LEGAL_AFTER = ("Oy", "Oyj", "Ab", "Abp", "AB", "AS", "ASA", "ApS", "A/S", "I/S", "P/S", "IVS",
               "GmbH", "AG", "KG", "UG", "e.V.", "Ltd", "Ltd.", "Limited", "Inc", "Inc.", "LLC",
               "L.L.C.", "LLP", "PLC", "Plc", "Corp", "Corp.", "Co.", "SA", "S.A.", "SARL", "SAS",
               "BV", "B.V.", "NV", "N.V.", "OÜ", "Oü", "SIA", "UAB", "Ky", "Tmi", "KB", "HB", "sp. z o.o.")
# Russian and other forms written before the name: ООО «Ромашка», ИП Иванов.
LEGAL_BEFORE = ("ООО", "ОАО", "ЗАО", "ПАО", "АО", "ИП", "НКО", "ТОО", "ОДО", "ЧП", "ТОВ")
_LEGAL_AFTER = re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(f) for f in LEGAL_AFTER) + r")$")
_LEGAL_BEFORE = re.compile(r"^(?:" + "|".join(LEGAL_BEFORE) + r")(?:\s|[«\"'„])")
_EMAIL = re.compile(r"[^\s@<>()]+@[^\s@<>()]+")
_PHONE = re.compile(r"(?<![\w.:/])\+?\(?\d[\d \-()]{5,}\d(?![\w.:/])")
_COMPANY_AFTER = re.compile(r"^(?P<name>.+?)\s+(?:from|at|@)\s+(?P<company>.+)$", re.I)
_TITLE = re.compile(r"^(ceo|cto|cfo|coo|cmo|cio|cso|vp\b.*|svp\b.*|evp\b.*|head of .+|chief .+|"
                    r"director.*|.*\bdirector|.*\bmanager|founder|co-founder|owner|partner|"
                    r"toimitusjohtaja|myyntijohtaja|johtaja|vd|verkställande direktör|"
                    r"генеральный директор|директор.*|руководитель.*)$", re.I)
# Words a date at the end of a part may start with.
_DATE_START = re.compile(
    r"^(today|tomorrow|tonight|yesterday|tänään|huomenna|eilen|next|this|in|on|mon|tue|wed|thu|fri|sat|sun|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|klo|\d)", re.I)
_SPLIT = re.compile(r"[,;]")


@dataclass(frozen=True)
class ParsedLine:
    """What a typed line says, field by field; `problems` says what stops it being saved."""

    name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    email_valid: bool = True
    phone: str = ""
    phone_valid: bool = True
    due_at: datetime | None = None
    what: str = ""
    note: str = ""
    problems: tuple[str, ...] = ()

    def fields(self) -> list[tuple[str, str]]:
        """The non-empty fields as (label, text), in the order they are shown."""
        email = self.email + ("" if self.email_valid else "  (not a valid address; kept as typed)")
        phone = self.phone + ("" if self.phone_valid else "  (not a valid number; kept as typed)")
        pairs = [("name", self.name), ("company", self.company), ("title", self.title),
                 ("e-mail", email if self.email else ""), ("phone", phone if self.phone else ""),
                 ("note", self.note)]
        return [(label, text) for label, text in pairs if text]

    def as_json(self) -> dict:
        return {"name": self.name, "company": self.company, "title": self.title,
                "email": self.email, "email_valid": self.email_valid, "phone": self.phone,
                "phone_valid": self.phone_valid,
                "follow_up": self.due_at.isoformat() + "Z" if self.due_at else None,
                "what": self.what, "note": self.note, "problems": list(self.problems)}


@dataclass
class _Fields:
    name: str = ""
    company: str = ""
    title: str = ""
    email: str = ""
    phone: str = ""
    due_at: datetime | None = None
    what: str = ""
    notes: list[str] | None = None


def parse_line(text: str, clock: Clock, *, region: str = "", order: str = "DMY") -> ParsedLine:
    """Read a line; never raises for any text (what cannot be read is a note or a problem)."""
    fields = _Fields(notes=[])
    for part in _SPLIT.split(" ".join(str(text).split())):
        _read_part(part.strip(), fields, clock, order)
    email, email_valid = _checked(fields.email, normalise_email)
    phone, phone_valid = _checked(fields.phone, lambda v: normalise_phone(v, region))
    problems = () if fields.name else ("no name: start the line with the person's name",)
    return ParsedLine(fields.name, fields.company, fields.title, email.lower() if email_valid else email,
                      email_valid, phone, phone_valid, fields.due_at, fields.what,
                      "; ".join(fields.notes), problems)


def _checked(value: str, normalise) -> tuple[str, bool]:
    if not value:
        return "", True
    try:
        return normalise(value), True
    except InvalidInput:
        return value, False


def _read_part(part: str, fields: _Fields, clock: Clock, order: str) -> None:
    part = _take(part, _EMAIL, fields, "email")
    part = _take(part, _PHONE, fields, "phone")
    part = _take_date(part, fields, clock, order)
    if not part:
        return
    if _LEGAL_BEFORE.match(part) and not fields.company:
        fields.company = part
        return
    match = _COMPANY_AFTER.match(part)
    if match and not fields.name and not fields.company:
        fields.name, fields.company = match["name"], match["company"]
        return
    if _LEGAL_AFTER.search(part) and not fields.company:
        words = part.split()
        if fields.name or len(words) <= 2:
            fields.company = part
        else:  # "Jane Smith Acme Oy": the word before the form is the company's name
            fields.name, fields.company = " ".join(words[:-2]), " ".join(words[-2:])
        return
    if _TITLE.match(part) and not fields.title and fields.name:
        fields.title = part
    elif not fields.name:
        fields.name = part
    elif not fields.company:
        fields.company = part
    else:
        fields.notes.append(part)


def _take(part: str, pattern: re.Pattern, fields: _Fields, name: str) -> str:
    """The first match of `pattern` into `fields.name` (if still empty); the part without it."""
    match = pattern.search(part)
    if match is None or getattr(fields, name):
        return part
    digits = sum(c.isdigit() for c in match.group())
    if name == "phone" and digits < 7:
        return part
    setattr(fields, name, match.group().strip())
    return " ".join((part[:match.start()] + " " + part[match.end():]).split())


def _take_date(part: str, fields: _Fields, clock: Clock, order: str) -> str:
    """A follow-up date ending the part ("demo next tue 10"): the longest tail that reads as one."""
    if fields.due_at is not None:
        return part
    words = part.split()
    for start in range(len(words)):
        if not _DATE_START.match(words[start]):
            continue
        try:
            due = parse_follow_up(" ".join(words[start:]), clock, order)
        except (InvalidInput, ValueError, OverflowError, IndexError, TypeError):
            continue
        fields.due_at, fields.what = due, " ".join(words[:start])
        return ""
    return part


def save_line(ctx: Context, parsed: ParsedLine, *, force: bool = False) -> LeadFields:
    """Add the lead a parsed line describes, with its follow-up.

    An e-mail or phone that does not validate is kept as typed; a likely duplicate (as `add`
    finds them) or a follow-up in the past is refused unless `force`.
    """
    if parsed.problems:
        raise InvalidInput(parsed.problems[0])
    if parsed.due_at is not None:
        leads.check_follow_up_date(ctx, parsed.due_at, force)
    new = leads.NewLead(name=parsed.name, email=parsed.email, phone=parsed.phone,
                        company=parsed.company, title=parsed.title, interest=parsed.note,
                        next_at=parsed.due_at, next_what=parsed.what)
    typed_as_is = not (parsed.email_valid and parsed.phone_valid)
    return leads.add_lead(ctx, new, force=typed_as_is or force, allow_duplicate=force,
                          date_confirmed=True)
