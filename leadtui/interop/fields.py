"""What a column can map to, guessing it from a header name, and mappings saved by name."""

from __future__ import annotations

import json
import unicodedata

from leadtui.db.connection import database
from leadtui.db.models import Setting
from leadtui.errors import InvalidInput, NotFound
from leadtui.record import fields as leadfields

# Import targets: the lead fields a column maps to (leadtui.record.fields), and parts that are
# combined (name, address) or interpreted (status words, dates, notes). "" means the column is
# ignored. A part follows the field it makes up; a field's name is never a part's.
_PARTS_OF = {
    "name": {"first_name": "first name", "middle_name": "middle name", "last_name": "last name"},
    "location": {"street": "street address", "city": "city", "region": "state or region",
                 "postal_code": "postal code", "country": "country"},
}
_READ_AS = {"status": "stage, lifecycle or lead status", "rating": "rating / temperature",
            "note": "notes / description", "created": "created date",
            "last_activity": "last activity date"}
PART_TARGETS = {**{p: hint for parts in _PARTS_OF.values() for p, hint in parts.items()},
                **_READ_AS}
TARGETS: dict[str, str] = {}
for _field in leadfields.imported():
    TARGETS[_field.name] = _field.picked_as
    TARGETS.update(_PARTS_OF.get(_field.name, {}))
TARGETS.update(_READ_AS)
MULTI_TARGETS = frozenset({"email", "phone", "tags", "note", "status", "website"})

# Header words of the parts by language, as people and their tools name the columns (compared
# after normalise_header: case, accents, spaces and punctuation do not count); the fields' own
# are in their definitions. English first: a word shared by several languages says nothing
# about which one a file is in.
_PART_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "first_name": ("first name", "given name", "forename", "first"),
        "middle_name": ("middle name", "additional name", "patronymic"),
        "last_name": ("last name", "surname", "family name", "last"),
        "street": ("street", "street address", "address 1"),
        "city": ("city", "town"),
        "region": ("state", "region", "province", "state/region", "state/province", "county"),
        "postal_code": ("zip", "zip code", "postal code", "postcode", "zip/postal code"),
        "country": ("country", "country/region"),
        "status": ("status", "lead status", "stage", "lifecycle stage", "lifecycle"),
        "rating": ("rating", "temperature", "temp"),
        "note": ("notes", "note", "description", "comments", "comment", "memo", "interest"),
        "created": ("created", "create date", "created date", "created at", "created time",
                    "date created", "created on", "added", "date added"),
        "last_activity": ("last activity", "last activity date", "last activity time",
                          "last contacted", "last touched", "last contact"),
    },
    "fi": {
        "first_name": ("etunimi", "etunimet"),
        "middle_name": ("toinen nimi", "muut etunimet"),
        "last_name": ("sukunimi",),
        "street": ("katuosoite", "lähiosoite"),
        "city": ("kaupunki", "postitoimipaikka", "paikkakunta", "kunta"),
        "postal_code": ("postinumero",),
        "country": ("maa",),
        "note": ("muistiinpanot", "lisätiedot", "huomautukset", "kommentti", "kommentit",
                 "huomioita"),
        "created": ("luotu", "luontipäivä", "lisätty"),
    },
    "sv": {
        "first_name": ("förnamn",),
        "middle_name": ("mellannamn",),
        "last_name": ("efternamn",),
        "street": ("gatuadress", "utdelningsadress"),
        "city": ("stad", "ort", "postort"),
        "postal_code": ("postnummer",),
        "country": ("land",),
        "note": ("anteckningar", "kommentar", "kommentarer", "noteringar", "övrigt"),
        "created": ("skapad", "skapat", "skapad datum", "skapades"),
    },
    "da": {
        "first_name": ("fornavn",),
        "middle_name": ("mellemnavn",),
        "last_name": ("efternavn",),
        "street": ("gadeadresse", "vej"),
        "city": ("by", "postdistrikt"),
        "postal_code": ("postnummer",),
        "country": ("land",),
        "note": ("noter", "note", "bemærkninger", "kommentar", "kommentarer"),
        "created": ("oprettet", "oprettelsesdato", "oprettet dato"),
    },
    "no": {
        "first_name": ("fornavn",),
        "middle_name": ("mellomnavn",),
        "last_name": ("etternavn",),
        "street": ("gateadresse",),
        "city": ("by", "poststed", "sted"),
        "postal_code": ("postnummer",),
        "country": ("land",),
        "note": ("notater", "merknader", "kommentar", "kommentarer", "notat"),
        "created": ("opprettet", "opprettet dato", "opprettelsesdato"),
    },
    "de": {
        "first_name": ("vorname",),
        "middle_name": ("weitere vornamen", "zweiter vorname"),
        "last_name": ("nachname", "familienname"),
        "street": ("straße", "strasse", "anschrift"),
        "city": ("ort", "stadt", "wohnort"),
        "region": ("bundesland",),
        "postal_code": ("postleitzahl", "plz"),
        "country": ("land",),
        "note": ("notizen", "bemerkungen", "kommentar", "anmerkungen", "beschreibung"),
        "created": ("erstellt", "erstellt am", "erstellungsdatum", "angelegt am"),
    },
    "ru": {
        "first_name": ("имя",),
        "middle_name": ("отчество",),
        "last_name": ("фамилия",),
        "street": ("улица",),
        "city": ("город",),
        "region": ("область", "регион"),
        "postal_code": ("почтовый индекс", "индекс"),
        "country": ("страна",),
        "status": ("статус", "этап сделки", "этап"),
        "note": ("комментарий", "примечание", "заметки", "примечания", "описание"),
        "created": ("дата создания", "создан", "создано"),
    },
}

# A file whose headers are in one of these languages is from that country: its numbers
# without +country are read as that country's.
LANGUAGE_REGIONS = {"fi": "FI", "sv": "SE", "da": "DK", "no": "NO", "de": "DE", "ru": "RU"}
LANGUAGE_NAMES = {"en": "English", "fi": "Finnish", "sv": "Swedish", "da": "Danish",
                  "no": "Norwegian", "de": "German", "ru": "Russian", "": ""}
LANGUAGES = tuple(language for language in LANGUAGE_NAMES if language)  # English first
MAPPING_KEY = "import_mapping:"
_SALUTATION_OR_TITLE = frozenset({"title", "titel", "tittel"})


def normalise_header(header: str) -> str:
    """A header as compared: lower case, letters and digits only, accents dropped
    ("E-Mail-Adresse" = "emailadresse", "Förnamn" = "fornamn", "Отчество" = "отчество")."""
    folded = unicodedata.normalize("NFKD", header.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def _words_by_language() -> dict[str, dict[str, tuple[str, ...]]]:
    """language -> target -> header words, the fields' and the parts' (English first)."""
    by_language: dict[str, dict[str, tuple[str, ...]]] = {language: {} for language in LANGUAGES}
    for field in leadfields.imported():
        for language, words in field.header_words().items():
            by_language[language][field.name] = words
    for language, by_target in _PART_WORDS.items():
        by_language[language].update(by_target)
    return by_language


_BY_LANGUAGE = {language: {normalise_header(word): target for target, words in by_target.items()
                           for word in words}
                for language, by_target in _words_by_language().items()}
_BY_NAME: dict[str, str] = {}
for _language in LANGUAGES:  # the first language to name a word decides its field
    for _word, _target in _BY_LANGUAGE[_language].items():
        _BY_NAME.setdefault(_word, _target)
# Parts of longer headers ("Home Phone 2", "Рабочий телефон (контакт)") and what they hold.
_PARTS = (("email", "email"), ("sahkoposti", "email"), ("epost", "email"), ("почт", "email"),
          ("phone", "phone"), ("mobile", "phone"), ("puhelin", "phone"), ("telefon", "phone"),
          ("телефон", "phone"), ("website", "website"), ("company", "company"),
          ("компани", "company"), ("jobtitle", "title"), ("должност", "title"),
          ("firstname", "first_name"), ("lastname", "last_name"), ("city", "city"),
          ("город", "city"), ("country", "country"), ("страна", "country"),
          ("created", "created"))


def header_language(header: list[str]) -> str:
    """The language most of the header's words are in ("" when none or a tie), English
    included: a file in English says nothing about its country."""
    counts: dict[str, int] = {}
    for column in header:
        key = normalise_header(column)
        for language, words in _BY_LANGUAGE.items():
            if key in words:
                counts[language] = counts.get(language, 0) + 1
    if not counts:
        return ""
    best = max(counts.values())
    leaders = [language for language, n in counts.items() if n == best]
    return leaders[0] if len(leaders) == 1 else ""


def guess_target(header: str) -> str:
    """The lead field a column probably holds, or "" when unsure."""
    key = normalise_header(header)
    if key in _BY_NAME:
        return _BY_NAME[key]
    if "label" in key or "type" in key:  # "E-mail 1 - Label" names the kind of e-mail, not one
        return ""
    for part, target in _PARTS:
        if part in key:
            return target
    return ""


def exact_target(header: str) -> str:
    """The lead field a column holds when its name is one of the field's usual names, else ""."""
    return _BY_NAME.get(normalise_header(header), "")


def guess_mapping(header: list[str]) -> dict[str, str]:
    mapping = {column: guess_target(column) for column in header}
    titles = [column for column, target in mapping.items() if target == "title"]
    if len(titles) > 1:
        # Outlook's "Title" ("Titel", "Tittel") is the salutation when a job title is beside it.
        for column in titles:
            if normalise_header(column) in _SALUTATION_OR_TITLE:
                mapping[column] = ""
    targets = set(mapping.values())
    if {"name", "first_name"} <= targets and "last_name" not in targets:
        # "Vorname; Name" or "First name, Name": the name beside a first name is the family name.
        for column, target in mapping.items():
            if target == "name":
                mapping[column] = "last_name"
    seen: set[str] = set()
    for column, target in mapping.items():  # a single-valued field takes its first column only
        if target and target not in MULTI_TARGETS:
            if target in seen:
                mapping[column] = ""
            seen.add(target)
    return mapping


def check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    clean = {}
    for column, target in mapping.items():
        target = (target or "").strip().lower()
        if target and target not in TARGETS:
            raise InvalidInput(f"column {column!r}: unknown field {target!r} "
                               f"(fields: {', '.join(TARGETS)})")
        clean[str(column)] = target
    return clean


def save_mapping(name: str, mapping: dict[str, str]) -> None:
    name = name.strip()
    if not name:
        raise InvalidInput("a saved mapping needs a name")
    data = json.dumps(check_mapping(mapping), ensure_ascii=False)
    with database.atomic("IMMEDIATE"):
        Setting.replace(key=MAPPING_KEY + name, value=data).execute()


def load_mapping(name: str) -> dict[str, str]:
    row = Setting.get_or_none(Setting.key == MAPPING_KEY + name.strip())
    if row is None:
        known = ", ".join(saved_mappings()) or "none saved yet"
        raise NotFound(f"no saved mapping {name!r} (saved: {known})")
    return check_mapping(json.loads(row.value))


def saved_mappings() -> list[str]:
    rows = Setting.select(Setting.key).where(Setting.key.startswith(MAPPING_KEY)).order_by(Setting.key)
    return [row.key[len(MAPPING_KEY):] for row in rows]
