"""What a lead's fields are, defined once: everything that lists fields is built from LEAD_FIELDS.

The edit form and `leadtui edit` (which fields, their labels, how typed text is read), the
lead page's plain rows, the CSV export's columns, the query language's field words, the
history of edits, what a merge offers, what a save based on an older copy compares, what a
sync carries, what the score's fit reads, what a scoring rule may be limited by, what a
template may fill in, what an import maps a file's columns to (and the header words it knows
them by), and the database trigger that moves a lead's version (leadtui.db.version_trigger)
all read this table. A new field is one entry here, plus the migration adding its column.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.errors import InvalidInput
from leadtui.kit.money import parse_whole

KINDS = ("text", "int", "bool", "choice", "tags", "money", "flag")


@dataclass(frozen=True)
class LeadField:
    name: str  # the name people, the CLI (`edit 12 name=…`) and the code use
    label: str  # as the lead page and messages show it
    kind: str  # one of KINDS: how typed text is read and how the value is shown
    form_label: str = ""  # the edit form's label, when it says more than `label`
    editable: bool = True  # in the edit form and `leadtui edit`
    detail_row: bool = False  # a plain row of the lead page (the others are shown composed)
    exported: bool = True  # a column of the CSV export
    versioned: bool = True  # a change moves the lead's version; a stale save is refused
    merged: bool = True  # a merge offers the other lead's value (taken where this one is empty)
    search: str = ""  # the query language's match: "contains", "exact", "number" or "" (none)
    history: bool = True  # an edit of it is listed in the lead's history (kind: a lifecycle event)
    synced: bool = True  # `leadtui sync` carries it between the laptop and the server
    fit: bool = False  # the score's fit reads it (the ideal customer profile's criteria, BANT)
    rule: bool = False  # a scoring rule may count only for leads with one value of it
    placeholder: str = ""  # a template's {name} fills it in; what it says (none when "")
    # The import target a file's column of it goes to: None its own (a column maps to the field),
    # another target that reads it ("status" words for the stage) or "" (never imported).
    import_as: str | None = None
    import_hint: str = ""  # what the import's column picker says it holds (default: the label)
    # How files name its column, by language ((language, words), ...; default: its name and
    # label in English): the import guesses a column's field from these.
    headers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    columns: tuple[str, ...] | None = None  # the Lead columns holding it (default: its name)

    @property
    def stored_in(self) -> tuple[str, ...]:
        return (self.name,) if self.columns is None else self.columns

    @property
    def spoken(self) -> str:
        """As a message names it: "BANT timeline", not bant_timeline."""
        return self.name.replace("bant_", "BANT ").replace("_", " ")

    @property
    def shown_in_form(self) -> str:
        return self.form_label or self.label

    @property
    def imported_to(self) -> str:
        """The import target its column goes to ("" when none)."""
        return self.name if self.import_as is None else self.import_as

    @property
    def picked_as(self) -> str:
        return self.import_hint or self.label.lower()

    def header_words(self) -> dict[str, tuple[str, ...]]:
        """language -> the header words that name its column in a file."""
        if self.headers:
            return dict(self.headers)
        return {"en": tuple(dict.fromkeys((self.name.replace("_", " "), self.label.lower())))}

    def read(self, value):
        """Typed text as the stored value (text stripped, numbers whole, yes/no), or InvalidInput.
        Choices, tags and money are read by the writer, which knows their vocabularies."""
        if self.kind == "int":  # "€35,000" reads as 35000
            return None if value in ("", None) else parse_whole(str(value), self.spoken)
        if self.kind == "bool":
            return _yes_no(self.spoken, value)
        return "" if value is None else str(value).strip()


def _yes_no(label: str, value) -> bool | None:
    if value in ("", None):
        return None
    text = str(value).strip().lower()
    if text in ("y", "yes", "true", "1", "✓"):
        return True
    if text in ("n", "no", "false", "0", "✗"):
        return False
    raise InvalidInput(f"{label} must be yes, no or empty, got {value!r}")


def _words(**by_language: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(by_language.items())


# Header words by language, as people and their tools name the columns (compared after
# leadtui.interop.fields.normalise_header: case, accents, spaces and punctuation do not count).
_NAME_HEADERS = _words(
    en=("name", "full name", "contact name", "contact", "person name", "display name",
        "lead name", "client"),
    fi=("nimi", "koko nimi", "yhteyshenkilö", "henkilö", "asiakas"),
    sv=("namn", "fullständigt namn", "kontaktperson", "kontakt"),
    da=("navn", "fulde navn", "fuldt navn", "kontaktperson", "kontakt"),
    no=("navn", "fullt navn", "kontaktperson", "kontakt"),
    de=("vollständiger name", "kontakt", "ansprechpartner", "kontaktperson", "anzeigename"),
    ru=("фио", "полное имя", "контакт", "контактное лицо", "клиент", "полное имя контакта"),
)
_COMPANY_HEADERS = _words(
    en=("company", "company name", "organization", "organisation", "organization name",
        "account", "account name", "employer", "business", "firm"),
    fi=("yritys", "yhtiö", "organisaatio", "yrityksen nimi", "firma"),
    sv=("företag", "företagsnamn", "organisation", "firma", "bolag"),
    da=("firma", "virksomhed", "firmanavn", "organisation", "selskab"),
    no=("firma", "bedrift", "selskap", "firmanavn", "organisasjon", "virksomhet"),
    de=("firma", "unternehmen", "firmenname", "organisation"),
    ru=("компания", "название компании", "организация", "фирма"),
)
_TITLE_HEADERS = _words(
    en=("title", "job title", "position", "role", "designation", "occupation"),
    fi=("titteli", "tehtävänimike", "asema", "nimike", "rooli"),
    sv=("titel", "befattning", "yrkestitel", "roll"),
    da=("titel", "stilling", "jobtitel", "rolle"),
    no=("tittel", "stilling", "rolle"),
    de=("position", "berufsbezeichnung", "funktion", "stellung", "titel", "arbeitstitel"),
    ru=("должность",),
)
_EMAIL_HEADERS = _words(
    en=("email", "e-mail address", "mail", "work email", "primary email", "email address"),
    fi=("sähköposti", "sähköpostiosoite", "s-posti", "email"),
    sv=("e-post", "e-postadress", "epost", "mejl", "e-mail"),
    da=("e-mail", "email", "e-mailadresse", "mail"),
    no=("e-post", "epost", "e-postadresse"),
    de=("e-mail", "e-mail-adresse", "email", "primäre e-mail-adresse", "sekundäre e-mail-adresse"),
    ru=("e-mail", "email", "эл. почта", "электронная почта", "почта", "рабочий e-mail",
        "частный e-mail", "личный e-mail"),
)
_PHONE_HEADERS = _words(
    en=("phone", "phone number", "telephone", "tel", "mobile", "mobile phone", "cell",
        "cell phone", "business phone", "work phone", "home phone", "gsm", "mobile number",
        "work number"),
    fi=("puhelin", "puhelinnumero", "matkapuhelin", "kännykkä", "työpuhelin", "kotipuhelin",
        "gsm", "puh", "puhelin työ", "puhelin koti"),
    sv=("telefon", "telefonnummer", "mobil", "mobiltelefon", "mobilnummer", "arbetstelefon",
        "hemtelefon", "telefon arbete", "telefon hem"),
    da=("telefon", "telefonnummer", "mobil", "mobiltelefon", "mobilnummer", "arbejdstelefon",
        "privattelefon", "tlf", "tlf nr"),
    no=("telefon", "telefonnummer", "mobil", "mobiltelefon", "mobilnummer", "arbeidstelefon",
        "hjemmetelefon", "tlf"),
    de=("telefon", "telefonnummer", "mobiltelefon", "mobil", "handy", "telefon geschäftlich",
        "telefon privat", "telefon (geschäftlich)", "tel. dienstlich", "tel. privat",
        "mobil-tel.-nr."),
    ru=("телефон", "мобильный телефон", "рабочий телефон", "домашний телефон", "мобильный",
        "телефоны", "сотовый телефон"),
)
_WEBSITE_HEADERS = _words(
    en=("website", "web", "url", "homepage", "website url", "web page", "site"),
    fi=("verkkosivu", "verkkosivut", "kotisivu", "kotisivut", "www"),
    sv=("webbplats", "hemsida", "webbsida"),
    da=("hjemmeside", "websted"),
    no=("nettsted", "hjemmeside", "nettside"),
    de=("webseite", "homepage", "internetseite"),
    ru=("сайт", "веб-сайт", "корпоративный сайт"),
)
_LOCATION_HEADERS = _words(
    en=("location", "address"),
    fi=("osoite", "sijainti"),
    sv=("adress",),
    da=("adresse",),
    no=("adresse",),
    de=("adresse",),
    ru=("адрес",),
)
_INDUSTRY_HEADERS = _words(
    en=("industry", "sector"),
    fi=("toimiala",),
    sv=("bransch",),
    da=("branche",),
    no=("bransje",),
    de=("branche",),
    ru=("отрасль", "сфера деятельности"),
)
_EMPLOYEES_HEADERS = _words(
    en=("employees", "number of employees", "no. of employees", "company size", "headcount",
        "staff"),
    fi=("henkilöstö", "henkilöstömäärä", "työntekijät"),
    sv=("antal anställda", "anställda"),
    da=("antal ansatte", "ansatte"),
    no=("antall ansatte", "ansatte"),
    de=("mitarbeiter", "anzahl mitarbeiter", "mitarbeiterzahl"),
    ru=("количество сотрудников", "сотрудники"),
)
_REVENUE_HEADERS = _words(
    en=("revenue", "annual revenue", "turnover"),
    fi=("liikevaihto",),
    sv=("omsättning",),
    da=("omsætning",),
    no=("omsetning",),
    de=("umsatz", "jahresumsatz"),
    ru=("выручка", "годовой оборот", "оборот"),
)
_BUDGET_HEADERS = _words(
    en=("budget",),
    ru=("бюджет",),
)
_SOURCE_HEADERS = _words(
    en=("source", "lead source", "original source", "channel"),
    fi=("lähde", "kanava"),
    sv=("källa", "kanal"),
    da=("kilde",),
    no=("kilde",),
    de=("quelle", "lead-quelle", "herkunft"),
    ru=("источник",),
)
_TAGS_HEADERS = _words(
    en=("tags", "tag", "labels", "label", "categories", "category", "groups", "group membership"),
    fi=("tunnisteet", "luokat", "ryhmät"),
    sv=("taggar", "kategorier", "etiketter", "grupper"),
    da=("tags", "kategorier", "etiketter", "grupper"),
    no=("etiketter", "kategorier", "grupper", "stikkord"),
    de=("kategorien", "schlagwörter", "gruppen"),
    ru=("теги", "метки"),
)
_OWNER_HEADERS = _words(
    en=("owner", "lead owner", "contact owner", "assigned to", "sales rep"),
    fi=("omistaja", "vastuuhenkilö", "myyjä"),
    sv=("ägare", "ansvarig", "säljare"),
    da=("ejer", "ansvarlig", "sælger"),
    no=("eier", "ansvarlig", "selger"),
    de=("besitzer", "inhaber", "verantwortlich", "zuständig"),
    ru=("ответственный",),
)
_DIRECTION_HEADERS = _words(
    en=("direction", "inbound/outbound"),
)
_KIND_HEADERS = _words(
    en=("kind", "type"),
)


def _text(name, label, **more) -> LeadField:
    return LeadField(name, label, "text", **more)


def _number(name, label, **more) -> LeadField:
    return LeadField(name, label, "int", detail_row=True, search="number", **more)


BANT_PARTS = ("authority", "budget", "need", "timeline")  # each a yes/no field, bant_<part>


def _bant(part: str) -> LeadField:
    return LeadField(f"bant_{part}", f"BANT {part}", "bool", form_label=f"BANT {part} (y/n)",
                     exported=False, import_as="", fit=True)


# In the order the edit form shows them (and the lead page its plain rows).
LEAD_FIELDS: tuple[LeadField, ...] = (
    _text("name", "Name", search="contains", import_hint="full name", headers=_NAME_HEADERS,
          placeholder="the full name"),
    _text("company", "Company", search="contains", headers=_COMPANY_HEADERS,
          placeholder="company"),
    _text("title", "Title", search="contains", import_hint="job title", headers=_TITLE_HEADERS,
          placeholder="job title"),
    _text("email", "E-mail", search="contains", import_hint="e-mail (several columns allowed)",
          headers=_EMAIL_HEADERS, placeholder="e-mail address"),
    _text("phone", "Phone", search="contains", import_hint="phone (several columns allowed)",
          headers=_PHONE_HEADERS, placeholder="phone number"),
    _text("website", "Website", headers=_WEBSITE_HEADERS),
    _text("source", "Source", detail_row=True, search="exact", import_hint="source / channel",
          headers=_SOURCE_HEADERS, rule=True, placeholder="where the lead came from"),
    _text("industry", "Industry", detail_row=True, search="exact", headers=_INDUSTRY_HEADERS,
          fit=True, rule=True, placeholder="industry"),
    _text("location", "Location", detail_row=True, search="contains", headers=_LOCATION_HEADERS,
          fit=True, rule=True, placeholder="location"),
    _number("employees", "Employees", import_hint="number of employees",
            headers=_EMPLOYEES_HEADERS, fit=True),
    _number("revenue", "Revenue", import_hint="annual revenue", headers=_REVENUE_HEADERS,
            fit=True),
    _number("budget", "Budget", headers=_BUDGET_HEADERS, fit=True),
    _number("age", "Age", exported=False, import_as="", fit=True),
    _number("income", "Income", exported=False, import_as="", fit=True),
    _text("owner", "Owner", detail_row=True, search="exact", headers=_OWNER_HEADERS, rule=True,
          placeholder="who owns the lead"),
    LeadField("direction", "Direction", "choice", form_label="Direction (inbound/outbound)",
              import_hint="inbound / outbound", headers=_DIRECTION_HEADERS, rule=True),
    LeadField("kind", "Kind", "choice", form_label="Kind (prospect/lead)", history=False,
              import_hint="prospect / lead", headers=_KIND_HEADERS, rule=True),
    LeadField("tags", "Tags", "tags", form_label="Tags (comma-separated)", versioned=True,
              merged=False, columns=(), import_hint="tags, labels, categories",
              headers=_TAGS_HEADERS),
    # An import reads notes into it (the "note" target).
    _text("interest", "Interest", form_label="Interest note", search="contains", import_as="note",
          placeholder="what they were interested in"),
    *(_bant(part) for part in BANT_PARTS),
    LeadField("value", "Deal value", "money", form_label="Deal value (e.g. 12000 EUR)",
              exported=False, columns=("value_cents", "value_currency"), import_as=""),
    # Set by their own actions (stage, qualify, pin, archive), not typed into the form; an
    # import reads them from its status and rating words.
    LeadField("stage", "Stage", "choice", editable=False, versioned=False, import_as="status"),
    LeadField("qualification", "Qualification", "choice", editable=False, versioned=False,
              import_as="status"),
    # Synced as the pinned temperature only: an unpinned one follows from the score on each side.
    LeadField("temperature", "Temperature", "choice", editable=False, versioned=False,
              synced=False, import_as="rating"),
    LeadField("temperature_pinned", "Temperature pinned", "flag", editable=False, versioned=False,
              exported=False, import_as=""),
    LeadField("archived", "Archived", "flag", editable=False, versioned=False, import_as=""),
)

BY_NAME = {f.name: f for f in LEAD_FIELDS}


def field(name: str) -> LeadField:
    return BY_NAME[name]


def editable() -> tuple[LeadField, ...]:
    return tuple(f for f in LEAD_FIELDS if f.editable)


def names_where(**flags) -> tuple[str, ...]:
    """The names of the fields whose attributes equal `flags` (e.g. kind="int")."""
    return tuple(f.name for f in LEAD_FIELDS if all(getattr(f, k) == v for k, v in flags.items()))


def versioned_columns() -> tuple[str, ...]:
    """The Lead columns whose change moves the lead's version (tags live in their own table)."""
    return tuple(column for f in LEAD_FIELDS if f.versioned for column in f.stored_in)


def merged_columns() -> tuple[str, ...]:
    return tuple(column for f in LEAD_FIELDS if f.merged for column in f.stored_in)


def imported() -> tuple[LeadField, ...]:
    """The fields a file's column can be mapped to, in the form's order."""
    return tuple(f for f in LEAD_FIELDS if f.imported_to == f.name)


def synced_columns() -> tuple[str, ...]:
    """The Lead columns a sync carries (tags and the pinned temperature travel apart)."""
    return tuple(column for f in LEAD_FIELDS if f.synced for column in f.stored_in)
