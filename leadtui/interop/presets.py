"""Column layouts of the exports real tools write, recognised from the header row.

Each preset maps the tool's own column names to import targets, in the order
values should be preferred (the first non-empty e-mail becomes the lead's
e-mail, the others are kept in its notes). Headers compare case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from leadtui.errors import InvalidInput
from leadtui.record import fields as leadfields


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    signature: tuple[str, ...]  # all of these headers present = this tool's export
    columns: tuple[tuple[str, str], ...]  # (header, or "re:" pattern, target)
    day_first: bool | None = None  # how the tool writes numeric dates; None: decide from data
    split: str = ""  # separator of several values in one cell
    defaults: dict[str, str] = field(default_factory=dict)

    def mapping(self, header: list[str]) -> list[tuple[int, str]]:
        """(column index, target) pairs in preference order, for the columns present."""
        return self._claim(header)[0]

    def claimed(self, header: list[str]) -> set[int]:
        """The columns this preset names, those it skips on purpose included."""
        return self._claim(header)[1]

    def _claim(self, header: list[str]) -> tuple[list[tuple[int, str]], set[int]]:
        folded = [h.strip().casefold() for h in header]
        out: list[tuple[int, str]] = []
        used: set[int] = set()
        for column, target in self.columns:
            if column.startswith("re:"):
                pattern = re.compile(column[3:], re.IGNORECASE)
                hits = [i for i, h in enumerate(header) if pattern.fullmatch(h.strip())]
            else:
                hits = [i for i, h in enumerate(folded) if h == column.casefold()]
            for i in hits:
                if i not in used:
                    used.add(i)
                    if target:
                        out.append((i, target))
        return out, used

    def matches(self, header: list[str]) -> bool:
        folded = {h.strip().casefold() for h in header}
        return all(s.casefold() in folded for s in self.signature)


HUBSPOT = Preset(
    "hubspot", "HubSpot contacts export",
    ("First Name", "Last Name", "Lifecycle Stage"),
    (("First Name", "first_name"), ("Last Name", "last_name"), ("Email", "email"),
     ("Phone Number", "phone"), ("Mobile Phone Number", "phone"), ("Company Name", "company"),
     ("Job Title", "title"), ("Lifecycle Stage", "status"), ("Lead Status", "status"),
     ("Create Date", "created"), ("Last Activity Date", "last_activity"),
     ("Contact owner", "owner"), ("Street Address", "street"), ("City", "city"),
     ("State/Region", "region"), ("Postal Code", "postal_code"), ("Country/Region", "country"),
     ("Website URL", "website"), ("Original Source", "source"), ("Industry", "industry"),
     ("Number of Employees", "employees"), ("Annual Revenue", "revenue"), ("Message", "note")),
)
SALESFORCE = Preset(
    "salesforce", "Salesforce lead report export",
    ("Lead Status", "Company / Account"),
    (("First Name", "first_name"), ("Last Name", "last_name"), ("Title", "title"),
     ("Company / Account", "company"), ("Email", "email"), ("Phone", "phone"),
     ("Mobile", "phone"), ("Lead Status", "status"), ("Rating", "rating"),
     ("Lead Source", "source"), ("Industry", "industry"), ("Street", "street"), ("City", "city"),
     ("State/Province", "region"), ("Zip/Postal Code", "postal_code"), ("Country", "country"),
     ("Website", "website"), ("Annual Revenue", "revenue"), ("No. of Employees", "employees"),
     ("Create Date", "created"), ("Last Activity", "last_activity"), ("Lead Owner", "owner"),
     ("Description", "note")),
    day_first=False,
)
SALESFORCE_DATALOADER = Preset(
    "salesforce-dataloader", "Salesforce Data Loader lead export",
    ("FirstName", "LastName", "LeadSource", "Status"),
    (("FirstName", "first_name"), ("LastName", "last_name"), ("Title", "title"),
     ("Company", "company"), ("Email", "email"), ("Phone", "phone"), ("MobilePhone", "phone"),
     ("Status", "status"), ("Rating", "rating"), ("LeadSource", "source"),
     ("Industry", "industry"), ("Street", "street"), ("City", "city"), ("State", "region"),
     ("PostalCode", "postal_code"), ("Country", "country"), ("Website", "website"),
     ("AnnualRevenue", "revenue"), ("NumberOfEmployees", "employees"),
     ("CreatedDate", "created"), ("LastActivityDate", "last_activity"),
     ("Description", "note"), ("Name", "name")),
    day_first=False,
)
PIPEDRIVE_LEADS = Preset(
    "pipedrive-leads", "Pipedrive leads export",
    ("Lead - Title", "Person - Name"),
    (("Person - Name", "name"), ("re:Person - Email - (Work|Home|Other)", "email"),
     ("re:Person - Phone - (Work|Mobile|Home|Other)", "phone"), ("Organization - Name", "company"),
     ("Lead - Labels", "tags"), ("Lead - Source", "source"), ("Lead - Owner", "owner"),
     ("Lead - Lead created", "created"), ("Lead - Last activity date", "last_activity"),
     ("Lead - Title", "note"), ("Person - Job title", "title")),
    split=",",
)
PIPEDRIVE_PEOPLE = Preset(
    "pipedrive", "Pipedrive people export",
    ("Person - Name",),
    (("Person - Name", "name"), ("Person - Organization", "company"),
     ("re:Person - Email - (Work|Home|Other)", "email"),
     ("re:Person - Phone - (Work|Mobile|Home|Other)", "phone"), ("Person - Labels", "tags"),
     ("Person - Label", "tags"), ("Person - Owner", "owner"), ("Person - Job title", "title"),
     ("Person - Person created", "created"), ("Person - Last activity date", "last_activity"),
     ("Person - Postal address", "location"), ("Person - Notes", "note")),
    split=",",
)
ZOHO = Preset(
    "zoho", "Zoho CRM leads export",
    ("Record Id", "Lead Owner", "Lead Status"),
    (("First Name", "first_name"), ("Last Name", "last_name"), ("Company", "company"),
     ("Title", "title"), ("Designation", "title"), ("Email", "email"),
     ("Secondary Email", "email"), ("Phone", "phone"), ("Mobile", "phone"),
     ("Website", "website"), ("Lead Source", "source"), ("Lead Status", "status"),
     ("Rating", "rating"), ("Industry", "industry"), ("No. of Employees", "employees"),
     ("Annual Revenue", "revenue"), ("Lead Owner", "owner"), ("Created Time", "created"),
     ("Last Activity Time", "last_activity"), ("Street", "street"), ("City", "city"),
     ("State", "region"), ("Zip Code", "postal_code"), ("Country", "country"),
     ("Description", "note"), ("Tag", "tags")),
    split=",",
)
GOOGLE = Preset(
    "google", "Google Contacts CSV",
    ("E-mail 1 - Value",),
    (("First Name", "first_name"), ("Given Name", "first_name"), ("Middle Name", "middle_name"),
     ("Additional Name", "middle_name"), ("Last Name", "last_name"),
     ("Family Name", "last_name"), ("Name", "name"),
     ("Organization Name", "company"), ("Organization 1 - Name", "company"),
     ("Organization Title", "title"), ("Organization 1 - Title", "title"),
     ("re:E-mail \\d+ - Value", "email"), ("re:Phone \\d+ - Value", "phone"),
     ("Address 1 - Street", "street"), ("Address 1 - City", "city"),
     ("Address 1 - Region", "region"), ("Address 1 - Postal Code", "postal_code"),
     ("Address 1 - Country", "country"), ("Website 1 - Value", "website"),
     ("Notes", "note"), ("Labels", "tags"), ("Group Membership", "tags")),
    split=" ::: ",
)
OUTLOOK = Preset(
    "outlook", "Outlook contacts CSV",
    ("E-mail Address", "Business Phone", "Job Title"),
    (("First Name", "first_name"), ("Middle Name", "middle_name"), ("Last Name", "last_name"),
     ("Title", ""),  # Outlook's "Title" is the salutation (Mr., Dr.)
     ("Company", "company"), ("Job Title", "title"), ("E-mail Address", "email"),
     ("E-mail 2 Address", "email"), ("E-mail 3 Address", "email"), ("Business Phone", "phone"),
     ("Mobile Phone", "phone"), ("Business Phone 2", "phone"), ("Primary Phone", "phone"),
     ("Company Main Phone", "phone"), ("Home Phone", "phone"), ("Other Phone", "phone"),
     ("Business Street", "street"), ("Business City", "city"), ("Business State", "region"),
     ("Business Postal Code", "postal_code"), ("Business Country/Region", "country"),
     ("Web Page", "website"), ("Notes", "note"), ("Categories", "tags")),
    split=";",
)
OUTLOOK_DE = Preset(
    "outlook-de", "Outlook contacts CSV (German)",
    ("Vorname", "Nachname", "E-Mail-Adresse", "Telefon geschäftlich"),
    (("Vorname", "first_name"), ("Weitere Vornamen", "middle_name"), ("Nachname", "last_name"),
     ("Anrede", ""), ("Titel", ""),  # the salutation and an academic title, not a job
     ("Firma", "company"), ("Position", "title"), ("E-Mail-Adresse", "email"),
     ("E-Mail 2: Adresse", "email"), ("E-Mail 3: Adresse", "email"),
     ("Telefon geschäftlich", "phone"), ("Mobiltelefon", "phone"),
     ("Telefon geschäftlich 2", "phone"), ("Haupttelefon", "phone"), ("Telefon Firma", "phone"),
     ("Telefon privat", "phone"), ("Weiteres Telefon", "phone"),
     ("Straße geschäftlich", "street"), ("Ort geschäftlich", "city"),
     ("Region geschäftlich", "region"), ("Postleitzahl geschäftlich", "postal_code"),
     ("Land/Region geschäftlich", "country"), ("Webseite", "website"), ("Notizen", "note"),
     ("Kategorien", "tags"), ("Geburtstag", ""), ("Jahrestag", ""), ("Ort", "")),
    split=";",
)
WINDOWS_LIVE_MAIL = Preset(
    "windows-live-mail", "Windows Live Mail contacts CSV",
    ("Name", "E-mail Address", "Personal Web Page"),
    (("Name", "name"), ("First Name", "first_name"), ("Middle Name", "middle_name"),
     ("Last Name", "last_name"), ("Nickname", ""), ("E-mail Address", "email"),
     ("Company", "company"), ("Job Title", "title"), ("Business Phone", "phone"),
     ("Mobile Phone", "phone"), ("Home Phone", "phone"), ("Business Street", "street"),
     ("Business City", "city"), ("Business State", "region"),
     ("Business Postal Code", "postal_code"), ("Business Country/Region", "country"),
     ("Business Web Page", "website"), ("Personal Web Page", "website"), ("Notes", "note")),
)
THUNDERBIRD = Preset(
    "thunderbird", "Thunderbird address book CSV",
    ("Display Name", "Primary Email", "Work Phone"),
    (("Display Name", "name"), ("First Name", "first_name"), ("Last Name", "last_name"),
     ("Nickname", ""), ("Primary Email", "email"), ("Secondary Email", "email"),
     ("Organization", "company"), ("Job Title", "title"), ("Work Phone", "phone"),
     ("Mobile Number", "phone"), ("Home Phone", "phone"), ("Work Address", "street"),
     ("Work City", "city"), ("Work State", "region"), ("Work ZipCode", "postal_code"),
     ("Work Country", "country"), ("Web Page 1", "website"), ("Web Page 2", "website"),
     ("Notes", "note"), ("Home City", ""), ("Home Country", "")),
)
BITRIX24 = Preset(
    "bitrix24", "Bitrix24 leads export",
    ("Название лида",),
    (("Имя", "first_name"), ("Отчество", "middle_name"), ("Фамилия", "last_name"),
     ("Обращение", ""), ("Название компании", "company"), ("Должность", "title"),
     ("Рабочий телефон", "phone"), ("Мобильный телефон", "phone"), ("Домашний телефон", "phone"),
     ("Другой телефон", "phone"), ("Рабочий e-mail", "email"), ("Частный e-mail", "email"),
     ("Другой e-mail", "email"), ("Корпоративный сайт", "website"), ("Личная страница", "website"),
     ("Адрес", "street"), ("Город", "city"), ("Область", "region"), ("Регион", "region"),
     ("Почтовый индекс", "postal_code"), ("Страна", "country"), ("Статус", "status"),
     ("Источник", "source"), ("Ответственный", "owner"), ("Дата создания", "created"),
     ("Комментарий", "note"), ("Название лида", "note"), ("Дата рождения", "")),
    day_first=True,
)
AMOCRM = Preset(
    "amocrm", "amoCRM leads export",
    ("Полное имя контакта", "Этап сделки"),
    (("Полное имя контакта", "name"), ("Компания контакта", "company"), ("Компания", "company"),
     ("Должность (контакт)", "title"), ("Рабочий телефон (контакт)", "phone"),
     ("Мобильный телефон (контакт)", "phone"), ("Другой телефон (контакт)", "phone"),
     ("Рабочий email (контакт)", "email"), ("Личный email (контакт)", "email"),
     ("Другой email (контакт)", "email"), ("Этап сделки", "status"), ("Теги", "tags"),
     ("Ответственный", "owner"), ("Дата создания", "created"), ("Бюджет", "budget"),
     ("re:Примечание( \\d+)?", "note"), ("Название сделки", "note"), ("Воронка", "")),
    day_first=True, split=",",
)
LINKEDIN = Preset(
    "linkedin", "LinkedIn Connections.csv",
    ("First Name", "Last Name", "Company", "Position", "Connected On"),
    (("First Name", "first_name"), ("Last Name", "last_name"), ("Email Address", "email"),
     ("Company", "company"), ("Position", "title"), ("URL", "website"),
     ("Connected On", "created")),
    defaults={"source": "linkedin", "kind": "prospect"},
)
LEADTUI = Preset(
    "leadtui", "leadtui CSV export",
    ("name", "stage", "qualification", "temperature", "last_touched_at"),
    # The export's field columns (leadtui.record.fields) back to their import targets.
    (*((f.name, f.imported_to) for f in leadfields.LEAD_FIELDS if f.exported and f.imported_to),
     ("created_at", "created"), ("last_touched_at", "last_activity")),
    split=",",
)

# Most specific first: the first whose signature matches wins.
PRESETS: tuple[Preset, ...] = (LEADTUI, PIPEDRIVE_LEADS, PIPEDRIVE_PEOPLE, HUBSPOT, SALESFORCE,
                               SALESFORCE_DATALOADER, ZOHO, AMOCRM, BITRIX24, WINDOWS_LIVE_MAIL,
                               OUTLOOK, OUTLOOK_DE, THUNDERBIRD, GOOGLE, LINKEDIN)
BY_NAME = {p.name: p for p in PRESETS}


def recognise(header: list[str]) -> Preset | None:
    return next((p for p in PRESETS if p.matches(header)), None)


def get_preset(name: str) -> Preset:
    preset = BY_NAME.get(name.strip().lower())
    if preset is None:
        raise InvalidInput(f"unknown preset {name!r} (presets: {', '.join(BY_NAME)})")
    return preset
