"""The layouts real tools write, recognised from their headers, every field of known rows checked.

Outlook in German (comma-separated Windows-1252, a note over two lines, a row one field
short, "0.0.00" for an empty birthday), Thunderbird (every row one field longer than the
header), Windows Live Mail, and the Russian CRMs' lead exports: Bitrix24 (Windows-1251,
semicolons, dd.mm.yyyy hh:mm:ss) and amoCRM (UTF-8 with a mark, semicolons, "(контакт)"
columns).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from leadtui.db.models import Lead
from leadtui.interop.importer import prepare, run_import
from leadtui.leads.writes import tags_of

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interop"
FIELDS = ("name", "company", "title", "email", "phone", "website", "location", "source", "owner",
          "interest", "stage", "temperature", "budget", "created_at", "email_unverified",
          "phone_unverified")
NOW = datetime(2026, 11, 23, 12, 0)


def _import(ctx, name):
    prepared = prepare(ctx, str(FIXTURES / name))
    return prepared, run_import(ctx, prepared)


def _lead(name: str) -> dict:
    lead = Lead.get(Lead.name == name)
    return {field: getattr(lead, field) for field in FIELDS} | {"tags": tags_of(lead.id)}


def _plain(**values) -> dict:
    base = dict.fromkeys(("company", "title", "email", "phone", "website", "location", "source",
                          "interest"), "")
    base.update(owner="me", stage="interest", temperature="cold", budget=None, created_at=NOW,
                email_unverified=False, phone_unverified=False, tags=[])
    return base | values


def test_outlook_in_german(ctx):
    prepared, report = _import(ctx, "outlook-de-contacts.csv")
    assert prepared.format.startswith("Outlook contacts CSV (German)")
    assert "German headers: numbers without +country read as DE" in prepared.format
    assert report.counts()["created"] == 3 and report.counts()["failed"] == 0
    assert _lead("Jürgen Groß") == _plain(
        name="Jürgen Groß", company="Groß & Söhne GmbH", title="Geschäftsführer",
        email="j.gross@gross-soehne.de", phone="+49 30 12345678", website="www.gross-soehne.de",
        location="Hauptstraße 5, Berlin, 10115, Deutschland",
        interest="Trifft sich gern morgens.\nRückruf nach der Messe.\nAlso: +49 171 1234567",
        tags=["kunde", "messe 2024"])
    assert _lead("Anna Schäfer") == _plain(
        name="Anna Schäfer", company="Schäfer AG", title="Einkauf",
        email="anna.schaefer@schaefer-ag.de", phone="+49 89 9876543",
        location="München, Deutschland")
    # The short row: a placeholder number and a reserved domain, both kept and marked.
    assert _lead("Lukas Weber") == _plain(
        name="Lukas Weber", email="lukas.weber@example.invalid", phone="0123-45678",
        email_unverified=True, phone_unverified=True)
    assert [(u.row, u.column) for u in report.unverified] == [
        (4, "E-Mail-Adresse"), (4, "Telefon privat")]


def test_thunderbird_rows_one_field_longer_than_the_header(ctx):
    prepared, report = _import(ctx, "thunderbird-contacts.csv")
    assert prepared.format.startswith("Thunderbird address book CSV")
    assert report.counts()["created"] == 2
    # Thunderbird's own sample: a reserved domain and a local US number; the row says USA,
    # so the number is not read as any other country's.
    assert _lead("John Doe") == _plain(
        name="John Doe", company="Doe Industries", title="Owner", email="john@doe.invalid",
        email_unverified=True, phone="555-1234", phone_unverified=True,
        location="Springfield, USA", interest="From Thunderbird's sample")
    assert _lead("Maija Meikäläinen") == _plain(
        name="Maija Meikäläinen", company="Yritys Oy", title="Toimitusjohtaja",
        email="maija@yritys.fi", phone="+358 9 4567890", website="https://yritys.fi",
        location="Mannerheimintie 1, Helsinki, 00100, Finland",
        interest="Also: maija.m@gmail.com, +358 40 1234567")


def test_windows_live_mail(ctx):
    prepared, report = _import(ctx, "windows-live-mail.csv")
    assert prepared.format.startswith("Windows Live Mail contacts CSV")
    assert _lead("Lars Nielsen") == _plain(
        name="Lars Nielsen", company="Fjord ApS", title="Direktør", email="lars@fjord.dk",
        phone="+45 20 12 34 56", website="fjord.dk", location="Aarhus, Danmark",
        interest="Mødt på messen")
    assert _lead("Kari Nordmann") == _plain(
        name="Kari Nordmann", company="Nordmann AS", email="kari@nordmann.no",
        phone="+47 22 12 34 56", location="Norge")


def test_bitrix24_leads(ctx):
    prepared, report = _import(ctx, "bitrix24-leads-cp1251.csv")
    assert prepared.format.startswith("Bitrix24 leads export")
    assert report.counts()["created"] == 3
    assert _lead("Иван Иванович Петров") == _plain(
        name="Иван Иванович Петров", company="ООО «Ромашка»", title="Генеральный директор",
        email="petrov@romashka.ru", phone="+7 812 765-43-21", website="romashka.ru",
        location="Невский пр., 28, Санкт-Петербург, Россия", source="веб-сайт",
        owner="Анна Смирнова", stage="interest",
        interest="Просил перезвонить после обеда\nЗаявка с сайта\nAlso: +7 921 123-45-67",
        created_at=datetime(2024, 3, 12, 14, 5, 31))
    olga = _lead("Ольга Сергеевна Кузнецова")
    assert (olga["stage"], olga["phone"], olga["created_at"]) == (
        "nurture", "+7 495 123-45-67", datetime(2024, 4, 1, 9, 15))
    assert _lead("Сергей Смирнов")["phone"] == "+7 800 555-35-35 ext. 12"


def test_amocrm_leads(ctx):
    prepared, report = _import(ctx, "amocrm-leads.csv")
    assert prepared.format.startswith("amoCRM leads export")
    assert _lead("Мария Соколова") == _plain(
        name="Мария Соколова", company="ООО «Вектор»", title="Коммерческий директор",
        email="sokolova@vektor.ru", phone="+7 495 765-43-21", owner="Дмитрий Орлов",
        stage="nurture", temperature="hot", budget=150000,
        interest="Хотят пилот на 10 мест\nПерезвонить в марте\nСделка #28311\nAlso: +7 916 123-45-67",
        created_at=datetime(2024, 2, 5, 10, 12, 44), tags=["выставка"])
    lebedev = _lead("ИП Лебедев")
    assert (lebedev["company"], lebedev["phone"], lebedev["stage"]) == (
        "ИП Лебедев", "+7 843 200-00-00", "contact")
