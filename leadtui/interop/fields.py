"""What a column can map to, guessing it from a header name, and mappings saved by name."""

from __future__ import annotations

import json
import re

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

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "contactname", "contact", "personname", "displayname", "leadname",
             "nimi"),
    "first_name": ("firstname", "givenname", "forename", "first", "etunimi"),
    "middle_name": ("middlename", "additionalname"),
    "last_name": ("lastname", "surname", "familyname", "last", "sukunimi"),
    "company": ("company", "companyname", "organization", "organisation", "organizationname",
                "account", "accountname", "employer", "business", "firm", "firma", "yritys"),
    "title": ("title", "jobtitle", "position", "role", "designation", "occupation", "titteli"),
    "email": ("email", "emailaddress", "mail", "workemail", "primaryemail", "sahkoposti"),
    "phone": ("phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "cell",
              "cellphone", "businessphone", "workphone", "puhelin", "gsm"),
    "website": ("website", "web", "url", "homepage", "websiteurl", "webpage", "site"),
    "street": ("street", "streetaddress", "address1"),
    "city": ("city", "town", "kaupunki"),
    "region": ("state", "region", "province", "stateregion", "stateprovince", "county"),
    "postal_code": ("zip", "zipcode", "postalcode", "postcode", "zippostalcode"),
    "country": ("country", "countryregion", "maa"),
    "location": ("location", "address", "osoite"),
    "industry": ("industry", "sector", "toimiala"),
    "employees": ("employees", "numberofemployees", "noofemployees", "companysize", "headcount",
                  "staff"),
    "revenue": ("revenue", "annualrevenue", "turnover", "liikevaihto"),
    "budget": ("budget",),
    "source": ("source", "leadsource", "originalsource", "channel", "lahde"),
    "status": ("status", "leadstatus", "stage", "lifecyclestage", "lifecycle"),
    "rating": ("rating", "temperature", "temp"),
    "tags": ("tags", "tag", "labels", "label", "categories", "category", "groups", "groupmembership"),
    "owner": ("owner", "leadowner", "contactowner", "assignedto", "salesrep"),
    "note": ("notes", "note", "description", "comments", "comment", "memo", "interest",
             "muistiinpanot"),
    "created": ("created", "createdate", "createddate", "createdat", "createdtime", "datecreated",
                "createdon", "added", "dateadded", "luotu"),
    "last_activity": ("lastactivity", "lastactivitydate", "lastactivitytime", "lastcontacted",
                      "lasttouched", "lastcontact"),
    "direction": ("direction", "inboundoutbound"),
    "kind": ("kind", "type"),
}
_BY_NAME = {word: target for target, words in _SYNONYMS.items() for word in words}
MAPPING_KEY = "import_mapping:"


def normalise_header(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", header.casefold().replace("ä", "a").replace("ö", "o"))


def guess_target(header: str) -> str:
    """The lead field a column probably holds, or "" when unsure."""
    key = normalise_header(header)
    if key in _BY_NAME:
        return _BY_NAME[key]
    if "label" in key or "type" in key:  # "E-mail 1 - Label" names the kind of e-mail, not one
        return ""
    for part, target in (("email", "email"), ("phone", "phone"), ("mobile", "phone"),
                         ("website", "website"), ("company", "company"), ("jobtitle", "title"),
                         ("firstname", "first_name"), ("lastname", "last_name"),
                         ("city", "city"), ("country", "country"), ("created", "created")):
        if part in key:
            return target
    return ""


def exact_target(header: str) -> str:
    """The lead field a column holds when its name is one of the field's usual names, else ""."""
    return _BY_NAME.get(normalise_header(header), "")


def guess_mapping(header: list[str]) -> dict[str, str]:
    mapping = {column: guess_target(column) for column in header}
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
