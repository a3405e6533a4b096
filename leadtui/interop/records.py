"""Rows of any import format as candidate leads: cleaned values, or the reason they fail."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.interop.phones import ShapedPhones
from leadtui.kit.validation import normalise_email
from leadtui.kit.vocab import DIRECTIONS, LEAD_KINDS


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


@dataclass(frozen=True)
class Unverified:
    """A value kept as written because it could not be checked (the report lists these)."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.value!r} {self.reason}"

    def as_json(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class Candidate:
    """One lead to create or update. `fields` holds Lead columns, already clean."""

    row: int
    fields: dict
    tags: list[str] = field(default_factory=list)
    unverified: list[Unverified] = field(default_factory=list)
    named_after: str = ""  # "company", "e-mail" or "phone": the row had no name of its own
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


# Countries as exports most often spell them (the rest are looked up in the names of every
# country in the languages of our users, see _country_names).
COUNTRY_REGIONS = {
    "united states": "US", "united states of america": "US", "usa": "US", "u.s.": "US",
    "u.s.a.": "US", "us": "US", "сша": "US", "canada": "CA", "united kingdom": "GB", "uk": "GB",
    "great britain": "GB", "england": "GB", "finland": "FI", "suomi": "FI", "финляндия": "FI",
    "sweden": "SE", "sverige": "SE", "ruotsi": "SE", "швеция": "SE", "norway": "NO",
    "norge": "NO", "noreg": "NO", "norja": "NO", "норвегия": "NO", "denmark": "DK",
    "danmark": "DK", "tanska": "DK", "дания": "DK", "germany": "DE", "deutschland": "DE",
    "saksa": "DE", "tyskland": "DE", "германия": "DE", "russia": "RU", "россия": "RU",
    "рф": "RU", "российская федерация": "RU", "russian federation": "RU", "venäjä": "RU",
    "ryssland": "RU", "rusland": "RU", "russland": "RU", "estonia": "EE", "eesti": "EE",
    "ukraine": "UA", "украина": "UA", "україна": "UA", "belarus": "BY", "беларусь": "BY",
    "kazakhstan": "KZ", "казахстан": "KZ",
}
# ISO 3166 three-letter codes as exports write them.
ALPHA3 = {"USA": "US", "CAN": "CA", "GBR": "GB", "FIN": "FI", "SWE": "SE", "NOR": "NO",
          "DNK": "DK", "DEU": "DE", "RUS": "RU", "EST": "EE", "UKR": "UA", "BLR": "BY",
          "KAZ": "KZ", "AUT": "AT", "CHE": "CH", "FRA": "FR", "NLD": "NL", "POL": "PL",
          "ESP": "ES", "ITA": "IT", "IRL": "IE", "BEL": "BE", "LVA": "LV", "LTU": "LT",
          "ISL": "IS", "AUS": "AU", "IND": "IN", "JPN": "JP", "CHN": "CN"}
COUNTRY_NAME_LANGUAGES = ("en", "fi", "sv", "da", "nb", "nn", "de", "ru", "et", "uk")


@cache
def _country_names() -> dict[str, str]:
    """Every country's name in the languages above, from the CLDR data babel ships (read
    only when a file names a country the short table does not know)."""
    from babel import Locale

    names: dict[str, str] = {}
    for language in COUNTRY_NAME_LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.casefold(), code)
    return names


@lru_cache(maxsize=1024)
def country_region(country: str) -> str:
    """The two-letter code of a country as a row writes it ("Deutschland", "DE", "USA",
    "Россия"), or ""."""
    text = " ".join(country.split())
    if not text:
        return ""
    if len(text) == 2 and text.isalpha() and text.isascii():
        return text.upper()
    if len(text) == 3 and text.upper() in ALPHA3:
        return ALPHA3[text.upper()]
    folded = text.casefold()
    return COUNTRY_REGIONS.get(folded) or _country_names().get(folded, "")


class PhoneCleaner:
    """Phones in the one stored form (international), remembered per raw text.

    A number without +country is read with the row's own country when it names one (and
    only that), else each of `regions` in turn (the file's language, default_region, the locale's) until one reads it as a
    valid number.
    """

    def __init__(self, *regions: str) -> None:
        self.regions = tuple(dict.fromkeys(r.upper() for r in regions if r))
        self.region = self.regions[0] if self.regions else ""
        self.cache: dict[tuple[str, str], str] = {}
        self.shaped = ShapedPhones()  # normalise_phone, with its work shared by numbers of one shape

    def __call__(self, value: str, country: str = "") -> str:
        value = value.strip()
        if value.lower().startswith("tel:"):
            value = value[4:]
        if value.startswith("00"):
            value = "+" + value[2:]
        named = country_region(country) if country else ""
        first = named or self.region
        hit = self.cache.get((value, first))
        if hit is None:
            hit = self.cache[(value, first)] = self._read(value, first, bool(named))
        return hit

    def _read(self, value: str, first: str, named: bool) -> str:
        try:
            return self.shaped(value, first)
        except InvalidInput:
            if value.startswith("+") or named:  # the row said where it is: no other guess
                raise
            for region in self.regions:
                if region != first:
                    try:
                        return self.shaped(value, region)
                    except InvalidInput:
                        pass
            raise


def person_name(first: str, middle: str, last: str) -> str:
    return " ".join(" ".join(p for p in (first, middle, last) if p).split())


# What people write in a contact field that has no value: nothing to keep.
EMPTY_WORDS = frozenset({"n/a", "na", "-", "--", "none", "null", "unknown", "?"})
# An address that looks like one (something@something, no spaces) though its domain is
# reserved or odd ("john@doe.invalid"): kept as written, marked unverified.
_PLAUSIBLE_EMAIL = re.compile(r"[^@\s<>,;:\"]+@[^@\s<>,;:\"]+")


def _emails(row: int, emails: list[tuple[str, str]], notes: list[str],
            unverified: list[Unverified]) -> tuple[list[str], list[str]]:
    """(checked addresses, unverified addresses) in file order; anything else goes to the notes."""
    good: dict[str, None] = {}  # ordered sets: a card may hold thousands of addresses
    kept: dict[str, None] = {}
    for column, raw in emails:
        try:
            email = clean_email(raw)
        except InvalidInput as exc:
            text = raw.strip().strip("<>").strip()
            if text.casefold() in EMPTY_WORDS:
                continue
            reason = str(exc).split(": ", 1)[-1]
            if _PLAUSIBLE_EMAIL.fullmatch(text):
                email = text.lower()
                if email not in kept:
                    kept[email] = None
                    unverified.append(Unverified(row, column, raw, f"kept unverified: {reason}"))
            else:
                notes.append(f"{column}: {text}")
                unverified.append(Unverified(row, column, raw, f"not an e-mail address ({reason}); "
                                             "kept in the notes"))
            continue
        if email:
            good.setdefault(email)
    return list(good), list(kept)


def _phones(row: int, phones: PhoneCleaner, country: str, phone_values: list[tuple[str, str]],
            notes: list[str], unverified: list[Unverified]) -> tuple[list[str], list[str]]:
    """(numbers in international form, numbers kept as written) in file order; text with
    no digit at all goes to the notes."""
    good: dict[str, None] = {}  # ordered sets, as for e-mails
    kept: dict[str, None] = {}
    for column, raw in phone_values:
        try:
            phone = phones(raw, country)
        except InvalidInput:
            text = " ".join(raw.split())
            if text.casefold() in EMPTY_WORDS:
                continue
            several = _several_phones(phones, text, country)
            if several:
                for phone in several:
                    good.setdefault(phone)
            elif not any(ch.isdigit() for ch in text):
                notes.append(f"{column}: {text}")
                unverified.append(Unverified(row, column, raw, "not a phone number; kept in the notes"))
            elif text not in kept:
                kept[text] = None
                region = (country_region(country) if country else "") or phones.region or "?"
                where = "" if text.startswith(("+", "00")) else f" for region {region}"
                unverified.append(Unverified(row, column, raw,
                                             f"kept unverified: not a valid number{where}"))
            continue
        if phone:
            good.setdefault(phone)
    return list(good), list(kept)


_PHONE_LIST = re.compile(r"\s*(?:[,;/|]|\s(?:or|tai|eller|oder|или)\s)\s*", re.IGNORECASE)


def _several_phones(phones: PhoneCleaner, text: str, country: str) -> list[str]:
    """"040 1234567, 050 7654321" (or "/", "or", "tai", "или" …) in one cell: each number,
    when every one of them is valid; else []."""
    parts = [p for p in _PHONE_LIST.split(text) if p]
    if len(parts) < 2:
        return []
    try:
        return [phones(part, country) for part in parts]
    except InvalidInput:
        return []


def finish(ctx: Context, row: int, values: dict, *, phones: PhoneCleaner,
           emails: list[tuple[str, str]], phone_values: list[tuple[str, str]],
           tags: list[str], notes: list[str],
           kept: list[tuple[str, str, str]] | None = None) -> Candidate:
    """Clean contact data and fill the name. A phone or e-mail that cannot be checked is kept
    as written and marked unverified; any other value that cannot be read (`kept`: column,
    value, why) goes to the notes as written. Only a row with nothing that names anyone
    fails (RowFailed)."""
    unverified: list[Unverified] = []
    for column, raw, why in kept or ():
        notes.append(f"{column}: {raw}")
        unverified.append(Unverified(row, column, raw, f"{why}; kept in the notes"))
    clean_emails, odd_emails = _emails(row, emails, notes, unverified)
    country = str(values.pop("_country", ""))
    clean_phones, odd_phones = _phones(row, phones, country, phone_values, notes, unverified)
    # The lead's own e-mail and phone: a checked one if there is one, else one kept as written.
    if clean_emails:
        values["email"] = clean_emails[0]
    elif odd_emails:
        values["email"], values["email_unverified"] = odd_emails[0], True
    else:
        values["email"] = ""
    if clean_phones:
        values["phone"] = clean_phones[0]
    elif odd_phones:
        values["phone"], values["phone_unverified"] = odd_phones[0], True
    else:
        values["phone"] = ""
    more = []
    if len(clean_emails) + len(odd_emails) > 1:
        more += [e for e in (*clean_emails, *odd_emails) if e != values["email"]]
    if len(clean_phones) + len(odd_phones) > 1:
        more += [p for p in (*clean_phones, *odd_phones) if p != values["phone"]]
    if more:
        notes = [*notes, "Also: " + ", ".join(more)]
    if notes:
        values["interest"] = "\n".join(n for n in notes if n)
    name = " ".join(str(values.get("name", "")).split())
    named_after = ""
    if not name:
        for what, key in (("company", "company"), ("e-mail", "email"), ("phone", "phone")):
            if values.get(key):
                name, named_after = values[key], what
                break
        else:
            raise RowFailed("", "", "no name, company, e-mail or phone")
    values["name"] = name
    for key, choices in (("direction", DIRECTIONS), ("kind", LEAD_KINDS)):
        if key in values:
            text = str(values[key]).strip().lower()
            if text not in choices:
                raw = str(values.pop(key))
                values["interest"] = "\n".join(p for p in (values.get("interest", ""),
                                                           f"{key}: {raw}") if p)
                unverified.append(Unverified(row, key, raw, f"not one of {', '.join(choices)}; "
                                             "kept in the notes"))
                continue
            values[key] = text
    return Candidate(row, values, tags=tags, unverified=unverified, named_after=named_after)
