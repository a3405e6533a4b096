"""Rows of any import format as candidate leads: cleaned values, or the reason they fail."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.interop.phones import ShapedPhones
from leadtui.validation import normalise_email
from leadtui.vocab import DIRECTIONS, LEAD_KINDS


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        shown = f" {self.value!r}" if self.value else ""
        return f"{where}:{shown} {self.reason}"


@dataclass
class Candidate:
    """One lead to create or update. `fields` holds Lead columns, already clean."""

    row: int
    fields: dict
    tags: list[str] = field(default_factory=list)
    pinned: bool = False  # temperature came from the file
    # Only leadtui's own JSON carries history.
    activities: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.fields.get("name", "")


class RowFailed(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


# Plain ASCII addresses are by far the most common; the regular expression accepts
# only what email-validator accepts too, and everything else goes to email-validator.
_SIMPLE_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")

_SPECIAL_TLDS = frozenset({"arpa", "invalid", "local", "localhost", "onion", "test"})


def clean_email(value: str) -> str:
    value = value.strip().strip("<>").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    lowered = value.lower()
    local, at, domain = lowered.partition("@")
    # email-validator refuses special-use domains and writes IDNA ("xn--") labels in Unicode:
    # such addresses always take its path.
    plain_domain = (at and domain.isascii() and "xn--" not in domain
                    and domain.rsplit(".", 1)[-1] not in _SPECIAL_TLDS)
    if plain_domain and not local.isascii() and all(ch.isalnum() or ch in "._+-" for ch in local):
        # Nordic names in the local part (jörg@…): letters email-validator accepts as they are.
        local = unicodedata.normalize("NFC", local)
        lowered = local.encode("ascii", "replace").decode().replace("?", "x") + "@" + domain
        if (_SIMPLE_EMAIL.fullmatch(lowered) and len(local) <= 64 and ".." not in local
                and len(lowered) <= 254):
            return f"{local}@{domain}"
        lowered = value.lower()
    if (plain_domain and len(lowered) <= 254 and _SIMPLE_EMAIL.fullmatch(lowered)
            and len(lowered.split("@")[0]) <= 64):
        return lowered
    return normalise_email(value).lower()


# Countries as exports spell them, for reading phone numbers written without +country.
COUNTRY_REGIONS = {
    "united states": "US", "united states of america": "US", "usa": "US", "u.s.": "US",
    "canada": "CA", "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB",
    "finland": "FI", "suomi": "FI", "sweden": "SE", "sverige": "SE", "norway": "NO",
    "norge": "NO", "denmark": "DK", "danmark": "DK", "germany": "DE", "deutschland": "DE",
    "estonia": "EE", "eesti": "EE", "france": "FR", "netherlands": "NL", "spain": "ES",
    "italy": "IT", "ireland": "IE", "poland": "PL", "australia": "AU", "india": "IN",
    "switzerland": "CH", "austria": "AT", "belgium": "BE", "russia": "RU", "japan": "JP",
}


def country_region(country: str) -> str:
    text = country.strip().casefold()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return COUNTRY_REGIONS.get(text, "")


class PhoneCleaner:
    """Phones in the one stored form (international), remembered per raw text."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.cache: dict[tuple[str, str], str] = {}
        self.shaped = ShapedPhones()  # normalise_phone, with its work shared by numbers of one shape

    def __call__(self, value: str, country: str = "") -> str:
        value = value.strip()
        if value.lower().startswith("tel:"):
            value = value[4:]
        if value.startswith("00"):
            value = "+" + value[2:]
        region = (country_region(country) if country else "") or self.region
        hit = self.cache.get((value, region))
        if hit is None:
            hit = self.cache[(value, region)] = self.shaped(value, region)
        return hit


def person_name(first: str, middle: str, last: str) -> str:
    return " ".join(" ".join(p for p in (first, middle, last) if p).split())


def finish(ctx: Context, row: int, values: dict, *, phones: PhoneCleaner,
           emails: list[tuple[str, str]], phone_values: list[tuple[str, str]],
           tags: list[str], notes: list[str]) -> Candidate:
    """Validate contact data and fill the name; raises RowFailed with the column at fault."""
    clean_emails: list[str] = []
    for column, raw in emails:
        try:
            email = clean_email(raw)
        except InvalidInput as exc:
            raise RowFailed(column, raw, str(exc).split(": ", 1)[-1]) from None
        if email and email not in clean_emails:
            clean_emails.append(email)
    clean_phones: list[str] = []
    country = str(values.pop("_country", ""))
    for column, raw in phone_values:
        try:
            phone = phones(raw, country)
        except InvalidInput:
            raise RowFailed(column, raw, f"not a valid phone number for region "
                            f"{phones.region or '?'} (give it with +country code)") from None
        if phone and phone not in clean_phones:
            clean_phones.append(phone)
    values["email"] = clean_emails[0] if clean_emails else ""
    values["phone"] = clean_phones[0] if clean_phones else ""
    more = [*clean_emails[1:], *clean_phones[1:]]
    if more:
        notes = [*notes, "Also: " + ", ".join(more)]
    if notes:
        values["interest"] = "\n".join(n for n in notes if n)
    name = " ".join(str(values.get("name", "")).split())
    if not name:
        name = values.get("company") or values["email"] or values["phone"]
    if not name:
        raise RowFailed("", "", "no name, company, e-mail or phone")
    values["name"] = name
    for key, choices in (("direction", DIRECTIONS), ("kind", LEAD_KINDS)):
        if key in values:
            text = str(values[key]).strip().lower()
            if text not in choices:
                raise RowFailed(key, str(values[key]), f"must be one of {', '.join(choices)}")
            values[key] = text
    return Candidate(row, values, tags=tags)
