"""Each CRM / address-book export is recognised from its header and every mapped field lands."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from leadtui.db.models import Lead, StageChange
from leadtui.interop.importer import prepare, run_import
from leadtui.leads.writes import tags_of

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interop"


def _import(ctx, name, **kw):
    prepared = prepare(ctx, str(FIXTURES / name), **{k: v for k, v in kw.items() if k == "source"})
    return prepared, run_import(ctx, prepared, **{k: v for k, v in kw.items() if k != "source"})


def _lead(**where) -> dict:
    (key, value), = where.items()
    lead = Lead.get(getattr(Lead, key) == value)
    data = {name: getattr(lead, name) for name in (
        "name", "company", "title", "email", "phone", "website", "location", "industry",
        "employees", "revenue", "source", "kind", "stage", "qualification", "temperature",
        "temperature_pinned", "interest", "owner", "created_at", "last_touched_at")}
    data["tags"] = tags_of(lead.id)
    return data


def test_hubspot_contacts(ctx):
    prepared, report = _import(ctx, "hubspot-contacts.csv")
    assert prepared.format.startswith("HubSpot contacts export")
    assert report.counts() == {"rows": 5, "created": 4, "updated": 0, "skipped": 1,
                               "likely_duplicates": 0, "unverified": 1, "nameless": 0, "failed": 0}
    assert _lead(email="jane.cooper@northwind.com") == {
        "name": "Jane Cooper", "company": "Northwind Traders", "title": "VP Operations",
        "email": "jane.cooper@northwind.com", "phone": "+1 617-555-0142",
        "website": "https://northwind.com", "location": "Boston, MA, United States",
        "industry": "logistics", "employees": 250, "revenue": 12_000_000,
        "source": "organic search", "kind": "lead", "stage": "nurture", "qualification": "mql",
        "temperature": "cold", "temperature_pinned": False, "interest": "", "owner": "Anna Owner",
        "created_at": datetime(2024, 3, 5, 14, 22), "last_touched_at": datetime(2024, 4, 10, 9, 5),
        "tags": []}
    # A phone-only contact imports (its national number read with the default region).
    mikko = _lead(name="Mikko Laine")
    assert (mikko["phone"], mikko["email"], mikko["stage"]) == ("+358 40 1234567", "", "contact")
    assert _lead(name="Sara Nieminen")["stage"] == "won"
    # No address at all: the lead is kept, the text in its notes, and the report says so.
    (kept,) = report.unverified
    assert (kept.row, kept.column, kept.value) == (5, "Email", "bad.address@@example")
    assert "kept in the notes" in kept.reason
    assert _lead(name="Bad Address")["interest"] == "Email: bad.address@@example"
    (skip,) = report.skipped
    assert (skip.row, skip.other_row) == (6, 2) and "same e-mail" in skip.reason


def test_hubspot_stage_events_are_written(ctx):
    _import(ctx, "hubspot-contacts.csv")
    lead = Lead.get(Lead.email == "jane.cooper@northwind.com")
    events = {(e.field, e.to_value) for e in StageChange.select().where(StageChange.lead == lead)}
    assert events == {("stage", "nurture"), ("qualification", "mql")}


def test_salesforce_lead_report_us_dates_and_rating(ctx):
    prepared, report = _import(ctx, "salesforce-leads-report.csv")
    assert prepared.format.startswith("Salesforce lead report export")
    assert report.counts()["created"] == 3
    assert _lead(email="tbaker@acme.com") == {
        "name": "Tom Baker", "company": "Acme Corp", "title": "CFO", "email": "tbaker@acme.com",
        # No +country in the file: the row's country (USA) tells how to read it.
        "phone": "+1 415-555-2671", "website": "www.acme.com",
        "location": "1 Market St, San Francisco, CA, 94105, USA", "industry": "technology",
        "employees": 120, "revenue": 5_000_000, "source": "web", "kind": "lead",
        "stage": "nurture", "qualification": "none", "temperature": "hot",
        "temperature_pinned": True, "interest": "Asked for pricing", "owner": "Dana Rep",
        "created_at": datetime(2024, 4, 2), "last_touched_at": datetime(2024, 4, 9), "tags": []}
    assert _lead(name="Lena Berg")["stage"] == "won"
    assert _lead(name="Ola Nordmann")["stage"] == "contact"


def test_salesforce_data_loader_with_bom(ctx):
    prepared, report = _import(ctx, "salesforce-dataloader.csv")
    assert prepared.format.startswith("Salesforce Data Loader lead export")
    assert prepared.encoding == "utf-8-sig"
    assert _lead(email="asa.angstrom@karesoner.se") == {
        "name": "Åsa Ångström", "company": "Kåre & Söner AB", "title": "Inköpschef",
        "email": "asa.angstrom@karesoner.se", "phone": "+46 31 123 45 67",
        "website": "https://karesoner.se", "location": "Göteborg, Sweden",
        "industry": "manufacturing", "employees": 35, "revenue": 2_500_000,
        "source": "partner referral", "kind": "lead", "stage": "contact", "qualification": "none",
        "temperature": "warm", "temperature_pinned": True, "interest": "Intresserad av årsavtal",
        "owner": "me", "created_at": datetime(2024, 3, 14, 9, 15),
        "last_touched_at": datetime(2024, 4, 2), "tags": []}
    assert _lead(name="Jürgen Müller")["stage"] == "lost"


def test_pipedrive_people_labels_and_several_emails(ctx):
    prepared, _ = _import(ctx, "pipedrive-people.csv")
    assert prepared.format.startswith("Pipedrive people export")
    assert _lead(name="Eva Lindqvist") == {
        "name": "Eva Lindqvist", "company": "Aurora Health", "title": "Procurement Manager",
        "email": "eva.lindqvist@aurorahealth.fi", "phone": "+358 9 23456789", "website": "",
        "location": "", "industry": "", "employees": None, "revenue": None, "source": "",
        "kind": "lead", "stage": "interest", "qualification": "none", "temperature": "hot",
        "temperature_pinned": True, "interest": "Also: eva.l@gmail.com, +358 44 9876543",
        "owner": "Mika Seller", "created_at": datetime(2024, 2, 12, 10, 30),
        "last_touched_at": datetime(2024, 3, 30), "tags": ["vip"]}
    lars = _lead(name="Lars Nielsen")
    assert (lars["phone"], lars["temperature"], lars["email"]) == ("+45 20 12 34 56", "cold", "")


def test_pipedrive_leads(ctx):
    prepared, _ = _import(ctx, "pipedrive-leads.csv")
    assert prepared.format.startswith("Pipedrive leads export")
    assert _lead(name="Kenji Tanaka") == {
        "name": "Kenji Tanaka", "company": "Helio Foods", "title": "",
        "email": "kenji.tanaka@heliofoods.jp", "phone": "+81 3-1234-5678", "website": "",
        "location": "", "industry": "", "employees": None, "revenue": None,
        "source": "web forms", "kind": "lead", "stage": "interest", "qualification": "none",
        "temperature": "warm", "temperature_pinned": True, "interest": "Helio Foods deal",
        "owner": "Mika Seller", "created_at": datetime(2024, 3, 1, 12),
        "last_touched_at": datetime(2024, 3, 1, 12), "tags": []}
    assert _lead(name="Marta Silva")["temperature"] == "hot"


def test_zoho_leads(ctx):
    prepared, _ = _import(ctx, "zoho-leads.csv")
    assert prepared.format.startswith("Zoho CRM leads export")
    assert _lead(name="Priya Sharma") == {
        "name": "Priya Sharma", "company": "Kite Media", "title": "Marketing Director",
        "email": "priya.sharma@kitemedia.in", "phone": "+91 22 2345 6789",
        "website": "www.kitemedia.in", "location": "12 MG Road, Mumbai, Maharashtra, 400001, India",
        "industry": "media", "employees": 80, "revenue": 1_200_000, "source": "online store",
        "kind": "lead", "stage": "nurture", "qualification": "mql", "temperature": "cold",
        "temperature_pinned": False, "interest": "Wants a demo", "owner": "Priya Owner",
        "created_at": datetime(2024, 3, 14, 9, 15), "last_touched_at": datetime(2024, 3, 20, 11),
        # Zoho's rating "Active" is no temperature: it is kept as a tag.
        "tags": ["active", "india", "webinar"]}
    assert _lead(name="Noah Olsen")["stage"] == "disqualified"


def test_google_contacts_multi_values(ctx):
    prepared, _ = _import(ctx, "google-contacts.csv")
    assert prepared.format.startswith("Google Contacts CSV")
    assert _lead(name="Liisa Korhonen") == {
        "name": "Liisa Korhonen", "company": "Fjord Oy", "title": "Buyer",
        "email": "liisa@fjord.fi", "phone": "+358 40 1112233", "website": "https://fjord.fi",
        "location": "Mannerheimintie 1, Helsinki, 00100, Finland", "industry": "",
        "employees": None, "revenue": None, "source": "", "kind": "lead", "stage": "interest",
        "qualification": "none", "temperature": "cold", "temperature_pinned": False,
        "interest": "Met at Slush\nAlso: liisa.korhonen@gmail.com, +358 9 1234567", "owner": "me",
        "created_at": datetime(2026, 11, 23, 12), "last_touched_at": datetime(2026, 11, 23, 12),
        "tags": ["customers"]}
    assert _lead(name="Oskar Berg")["phone"] == "+46 70 123 45 67"


def test_outlook_contacts(ctx):
    prepared, _ = _import(ctx, "outlook-contacts.csv", source="address book")
    assert prepared.format.startswith("Outlook contacts CSV")
    assert _lead(name="Pekka Virtanen") == {
        "name": "Pekka Virtanen", "company": "Birch Oy", "title": "Head of IT",
        "email": "pekka.virtanen@birch.fi", "phone": "+358 9 4567890", "website": "birch.fi",
        "location": "Tapiolantie 5, Espoo, 02100, Finland", "industry": "", "employees": None,
        "revenue": None, "source": "address book", "kind": "lead", "stage": "interest",
        "qualification": "none", "temperature": "cold", "temperature_pinned": False,
        "interest": "Prefers phone\nAlso: +358 45 6789012", "owner": "me",
        "created_at": datetime(2026, 11, 23, 12), "last_touched_at": datetime(2026, 11, 23, 12),
        "tags": ["events", "partners"]}


def test_linkedin_connections_after_notes_preamble(ctx):
    prepared, report = _import(ctx, "linkedin-connections.csv")
    assert prepared.format.startswith("LinkedIn Connections.csv")
    assert report.counts()["created"] == 2
    assert _lead(name="Ahmed Khan") == {
        "name": "Ahmed Khan", "company": "Quartz Robotics", "title": "Head of Sales",
        "email": "ahmed.khan@quartzrobotics.com", "phone": "",
        "website": "https://www.linkedin.com/in/ahmedkhan", "location": "", "industry": "",
        "employees": None, "revenue": None, "source": "linkedin", "kind": "prospect",
        "stage": "interest", "qualification": "none", "temperature": "cold",
        "temperature_pinned": False, "interest": "", "owner": "me",
        "created_at": datetime(2024, 1, 5), "last_touched_at": datetime(2024, 1, 5), "tags": []}
    assert report.created[0].row == 5  # rows counted as a spreadsheet shows them


def test_excel_semicolon_cp1252_european_dates(ctx):
    prepared, _ = _import(ctx, "excel-semicolon-cp1252.csv", source="Fair 2024")
    assert prepared.encoding == "cp1252" and "semicolon" in prepared.format
    assert prepared.mapping == {"Nimi": "name", "Yritys": "company", "Sähköposti": "email",
                                "Puhelin": "phone", "Kaupunki": "city", "Luotu": "created",
                                "Liikevaihto": "revenue"}
    paivi = _lead(email="paivi@jarvi.fi")
    assert (paivi["name"], paivi["company"], paivi["phone"], paivi["location"], paivi["revenue"],
            paivi["created_at"], paivi["source"]) == (
        "Päivi Hämäläinen", "Järvi & Co", "+358 9 1234567", "Jyväskylä", 1_200_000,
        datetime(2024, 3, 14), "fair 2024")
    assert _lead(name="Jörg Öberg")["created_at"] == datetime(2024, 4, 2)


def test_excel_unicode_text_is_utf16_tabs(ctx):
    prepared, report = _import(ctx, "excel-unicode-text.txt")
    assert prepared.encoding == "utf-16" and "tab" in prepared.format
    assert report.counts()["created"] == 2
    assert _lead(email="li.ming@bjtech.cn")["company"] == "北京科技"
    assert _lead(email="zoe@nandu.es")["name"] == "Zoë Ångström"


@pytest.mark.parametrize("name", ["hubspot-contacts.csv", "zoho-leads.csv"])
def test_dry_run_writes_nothing(ctx, name):
    _, report = _import(ctx, name, dry_run=True)
    assert report.dry_run and report.created and all(o.lead_id is None for o in report.created)
    assert Lead.select().count() == 0 and StageChange.select().count() == 0
