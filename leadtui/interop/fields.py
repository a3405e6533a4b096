"""What a column can map to, guessing it from a header name, and mappings saved by name."""

from __future__ import annotations

import json
import unicodedata

from leadtui.db.connection import database
from leadtui.db.models import Setting
from leadtui.errors import InvalidInput, NotFound

# Import targets: lead fields, plus parts that are combined (name, address) or
# interpreted (status words, dates). "" means the column is ignored.
TARGETS: dict[str, str] = {
    "name": "full name",
    "first_name": "first name",
    "middle_name": "middle name",
    "last_name": "last name",
    "company": "company",
    "title": "job title",
    "email": "e-mail (several columns allowed)",
    "phone": "phone (several columns allowed)",
    "website": "website",
    "street": "street address",
    "city": "city",
    "region": "state or region",
    "postal_code": "postal code",
    "country": "country",
    "location": "location",
    "industry": "industry",
    "employees": "number of employees",
    "revenue": "annual revenue",
    "budget": "budget",
    "source": "source / channel",
    "status": "stage, lifecycle or lead status",
    "rating": "rating / temperature",
    "tags": "tags, labels, categories",
    "owner": "owner",
    "note": "notes / description",
    "created": "created date",
    "last_activity": "last activity date",
    "direction": "inbound / outbound",
    "kind": "prospect / lead",
}
MULTI_TARGETS = frozenset({"email", "phone", "tags", "note", "status", "website"})

# Header words by language, as people and their tools name the columns (compared after
# normalise_header: case, accents, spaces and punctuation do not count). English first: a
# word shared by several languages says nothing about which one a file is in.
_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "name": ("name", "full name", "contact name", "contact", "person name", "display name",
                 "lead name", "client"),
        "first_name": ("first name", "given name", "forename", "first"),
        "middle_name": ("middle name", "additional name", "patronymic"),
        "last_name": ("last name", "surname", "family name", "last"),
        "company": ("company", "company name", "organization", "organisation",
                    "organization name", "account", "account name", "employer", "business",
                    "firm"),
        "title": ("title", "job title", "position", "role", "designation", "occupation"),
        "email": ("email", "e-mail address", "mail", "work email", "primary email",
                  "email address"),
        "phone": ("phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell",
                  "cell phone", "business phone", "work phone", "home phone", "gsm",
                  "mobile number", "work number"),
        "website": ("website", "web", "url", "homepage", "website url", "web page", "site"),
        "street": ("street", "street address", "address 1"),
        "city": ("city", "town"),
        "region": ("state", "region", "province", "state/region", "state/province", "county"),
        "postal_code": ("zip", "zip code", "postal code", "postcode", "zip/postal code"),
        "country": ("country", "country/region"),
        "location": ("location", "address"),
        "industry": ("industry", "sector"),
        "employees": ("employees", "number of employees", "no. of employees", "company size",
                      "headcount", "staff"),
        "revenue": ("revenue", "annual revenue", "turnover"),
        "budget": ("budget",),
        "source": ("source", "lead source", "original source", "channel"),
        "status": ("status", "lead status", "stage", "lifecycle stage", "lifecycle"),
        "rating": ("rating", "temperature", "temp"),
        "tags": ("tags", "tag", "labels", "label", "categories", "category", "groups",
                 "group membership"),
        "owner": ("owner", "lead owner", "contact owner", "assigned to", "sales rep"),
        "note": ("notes", "note", "description", "comments", "comment", "memo", "interest"),
        "created": ("created", "create date", "created date", "created at", "created time",
                    "date created", "created on", "added", "date added"),
        "last_activity": ("last activity", "last activity date", "last activity time",
                          "last contacted", "last touched", "last contact"),
        "direction": ("direction", "inbound/outbound"),
        "kind": ("kind", "type"),
    },
    "fi": {
        "name": ("nimi", "koko nimi", "yhteyshenkilö", "henkilö", "asiakas"),
        "first_name": ("etunimi", "etunimet"),
        "middle_name": ("toinen nimi", "muut etunimet"),
        "last_name": ("sukunimi",),
        "company": ("yritys", "yhtiö", "organisaatio", "yrityksen nimi", "firma"),
        "title": ("titteli", "tehtävänimike", "asema", "nimike", "rooli"),
        "email": ("sähköposti", "sähköpostiosoite", "s-posti", "email"),
        "phone": ("puhelin", "puhelinnumero", "matkapuhelin", "kännykkä", "työpuhelin",
                  "kotipuhelin", "gsm", "puh", "puhelin työ", "puhelin koti"),
        "website": ("verkkosivu", "verkkosivut", "kotisivu", "kotisivut", "www"),
        "street": ("katuosoite", "lähiosoite"),
        "city": ("kaupunki", "postitoimipaikka", "paikkakunta", "kunta"),
        "postal_code": ("postinumero",),
        "country": ("maa",),
        "location": ("osoite", "sijainti"),
        "industry": ("toimiala",),
        "employees": ("henkilöstö", "henkilöstömäärä", "työntekijät"),
        "revenue": ("liikevaihto",),
        "source": ("lähde", "kanava"),
        "tags": ("tunnisteet", "luokat", "ryhmät"),
        "owner": ("omistaja", "vastuuhenkilö", "myyjä"),
        "note": ("muistiinpanot", "lisätiedot", "huomautukset", "kommentti", "kommentit",
                 "huomioita"),
        "created": ("luotu", "luontipäivä", "lisätty"),
    },
    "sv": {
        "name": ("namn", "fullständigt namn", "kontaktperson", "kontakt"),
        "first_name": ("förnamn",),
        "middle_name": ("mellannamn",),
        "last_name": ("efternamn",),
        "company": ("företag", "företagsnamn", "organisation", "firma", "bolag"),
        "title": ("titel", "befattning", "yrkestitel", "roll"),
        "email": ("e-post", "e-postadress", "epost", "mejl", "e-mail"),
        "phone": ("telefon", "telefonnummer", "mobil", "mobiltelefon", "mobilnummer",
                  "arbetstelefon", "hemtelefon", "telefon arbete", "telefon hem"),
        "website": ("webbplats", "hemsida", "webbsida"),
        "street": ("gatuadress", "utdelningsadress"),
        "city": ("stad", "ort", "postort"),
        "postal_code": ("postnummer",),
        "country": ("land",),
        "location": ("adress",),
        "industry": ("bransch",),
        "employees": ("antal anställda", "anställda"),
        "revenue": ("omsättning",),
        "source": ("källa", "kanal"),
        "tags": ("taggar", "kategorier", "etiketter", "grupper"),
        "owner": ("ägare", "ansvarig", "säljare"),
        "note": ("anteckningar", "kommentar", "kommentarer", "noteringar", "övrigt"),
        "created": ("skapad", "skapat", "skapad datum", "skapades"),
    },
    "da": {
        "name": ("navn", "fulde navn", "fuldt navn", "kontaktperson", "kontakt"),
        "first_name": ("fornavn",),
        "middle_name": ("mellemnavn",),
        "last_name": ("efternavn",),
        "company": ("firma", "virksomhed", "firmanavn", "organisation", "selskab"),
        "title": ("titel", "stilling", "jobtitel", "rolle"),
        "email": ("e-mail", "email", "e-mailadresse", "mail"),
        "phone": ("telefon", "telefonnummer", "mobil", "mobiltelefon", "mobilnummer",
                  "arbejdstelefon", "privattelefon", "tlf", "tlf nr"),
        "website": ("hjemmeside", "websted"),
        "street": ("gadeadresse", "vej"),
        "city": ("by", "postdistrikt"),
        "postal_code": ("postnummer",),
        "country": ("land",),
        "location": ("adresse",),
        "industry": ("branche",),
        "employees": ("antal ansatte", "ansatte"),
        "revenue": ("omsætning",),
        "source": ("kilde",),
        "tags": ("tags", "kategorier", "etiketter", "grupper"),
        "owner": ("ejer", "ansvarlig", "sælger"),
        "note": ("noter", "note", "bemærkninger", "kommentar", "kommentarer"),
        "created": ("oprettet", "oprettelsesdato", "oprettet dato"),
    },
    "no": {
        "name": ("navn", "fullt navn", "kontaktperson", "kontakt"),
        "first_name": ("fornavn",),
        "middle_name": ("mellomnavn",),
        "last_name": ("etternavn",),
        "company": ("firma", "bedrift", "selskap", "firmanavn", "organisasjon", "virksomhet"),
        "title": ("tittel", "stilling", "rolle"),
        "email": ("e-post", "epost", "e-postadresse"),
        "phone": ("telefon", "telefonnummer", "mobil", "mobiltelefon", "mobilnummer",
                  "arbeidstelefon", "hjemmetelefon", "tlf"),
        "website": ("nettsted", "hjemmeside", "nettside"),
        "street": ("gateadresse",),
        "city": ("by", "poststed", "sted"),
        "postal_code": ("postnummer",),
        "country": ("land",),
        "location": ("adresse",),
        "industry": ("bransje",),
        "employees": ("antall ansatte", "ansatte"),
        "revenue": ("omsetning",),
        "source": ("kilde",),
        "tags": ("etiketter", "kategorier", "grupper", "stikkord"),
        "owner": ("eier", "ansvarlig", "selger"),
        "note": ("notater", "merknader", "kommentar", "kommentarer", "notat"),
        "created": ("opprettet", "opprettet dato", "opprettelsesdato"),
    },
    "de": {
        "name": ("vollständiger name", "kontakt", "ansprechpartner", "kontaktperson",
                 "anzeigename"),
        "first_name": ("vorname",),
        "middle_name": ("weitere vornamen", "zweiter vorname"),
        "last_name": ("nachname", "familienname"),
        "company": ("firma", "unternehmen", "firmenname", "organisation"),
        "title": ("position", "berufsbezeichnung", "funktion", "stellung", "titel", "arbeitstitel"),
        "email": ("e-mail", "e-mail-adresse", "email", "primäre e-mail-adresse",
                  "sekundäre e-mail-adresse"),
        "phone": ("telefon", "telefonnummer", "mobiltelefon", "mobil", "handy",
                  "telefon geschäftlich", "telefon privat", "telefon (geschäftlich)",
                  "tel. dienstlich", "tel. privat", "mobil-tel.-nr."),
        "website": ("webseite", "homepage", "internetseite"),
        "street": ("straße", "strasse", "anschrift"),
        "city": ("ort", "stadt", "wohnort"),
        "region": ("bundesland",),
        "postal_code": ("postleitzahl", "plz"),
        "country": ("land",),
        "location": ("adresse",),
        "industry": ("branche",),
        "employees": ("mitarbeiter", "anzahl mitarbeiter", "mitarbeiterzahl"),
        "revenue": ("umsatz", "jahresumsatz"),
        "source": ("quelle", "lead-quelle", "herkunft"),
        "tags": ("kategorien", "schlagwörter", "gruppen"),
        "owner": ("besitzer", "inhaber", "verantwortlich", "zuständig"),
        "note": ("notizen", "bemerkungen", "kommentar", "anmerkungen", "beschreibung"),
        "created": ("erstellt", "erstellt am", "erstellungsdatum", "angelegt am"),
    },
    "ru": {
        "name": ("фио", "полное имя", "контакт", "контактное лицо", "клиент",
                 "полное имя контакта"),
        "first_name": ("имя",),
        "middle_name": ("отчество",),
        "last_name": ("фамилия",),
        "company": ("компания", "название компании", "организация", "фирма"),
        "title": ("должность",),
        "email": ("e-mail", "email", "эл. почта", "электронная почта", "почта", "рабочий e-mail",
                  "частный e-mail", "личный e-mail"),
        "phone": ("телефон", "мобильный телефон", "рабочий телефон", "домашний телефон",
                  "мобильный", "телефоны", "сотовый телефон"),
        "website": ("сайт", "веб-сайт", "корпоративный сайт"),
        "street": ("улица",),
        "city": ("город",),
        "region": ("область", "регион"),
        "postal_code": ("почтовый индекс", "индекс"),
        "country": ("страна",),
        "location": ("адрес",),
        "industry": ("отрасль", "сфера деятельности"),
        "employees": ("количество сотрудников", "сотрудники"),
        "revenue": ("выручка", "годовой оборот", "оборот"),
        "budget": ("бюджет",),
        "source": ("источник",),
        "status": ("статус", "этап сделки", "этап"),
        "tags": ("теги", "метки"),
        "owner": ("ответственный",),
        "note": ("комментарий", "примечание", "заметки", "примечания", "описание"),
        "created": ("дата создания", "создан", "создано"),
    },
}
# A file whose headers are in one of these languages is from that country: its numbers
# without +country are read as that country's.
LANGUAGE_REGIONS = {"fi": "FI", "sv": "SE", "da": "DK", "no": "NO", "de": "DE", "ru": "RU"}
LANGUAGE_NAMES = {"en": "English", "fi": "Finnish", "sv": "Swedish", "da": "Danish",
                  "no": "Norwegian", "de": "German", "ru": "Russian", "": ""}
MAPPING_KEY = "import_mapping:"
_SALUTATION_OR_TITLE = frozenset({"title", "titel", "tittel"})


def normalise_header(header: str) -> str:
    """A header as compared: lower case, letters and digits only, accents dropped
    ("E-Mail-Adresse" = "emailadresse", "Förnamn" = "fornamn", "Отчество" = "отчество")."""
    folded = unicodedata.normalize("NFKD", header.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


_BY_LANGUAGE = {language: {normalise_header(word): target for target, words in by_target.items()
                           for word in words}
                for language, by_target in _WORDS.items()}
_BY_NAME: dict[str, str] = {}
for _language in _WORDS:  # the first language to name a word decides its field
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
