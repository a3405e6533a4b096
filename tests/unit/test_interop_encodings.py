"""Files in the encodings people's tools write: every field of known rows lands as written.

UTF-8 with or without a mark, UTF-16 with a mark (little- and big-endian), and the 8-bit
encodings Excel and phones write when they do not write Unicode: Windows-1252 (Western) and
Windows-1251 (Russian and Ukrainian), told apart by charset-normalizer; vCards that name no
CHARSET for their quoted-printable values.
"""

from __future__ import annotations

import codecs
import quopri
from datetime import datetime
from pathlib import Path

import pytest

from leadtui.db.models import Lead
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.sniff import decode
from leadtui.leads.writes import tags_of

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interop"
FIELDS = ("name", "company", "title", "email", "phone", "website", "location", "source", "owner",
          "interest", "created_at")


def _import(ctx, name):
    prepared = prepare(ctx, str(FIXTURES / name))
    return prepared, run_import(ctx, prepared)


def _lead(name: str) -> dict:
    lead = Lead.get(Lead.name == name)
    return {field: getattr(lead, field) for field in FIELDS} | {
        "phone_unverified": lead.phone_unverified, "tags": tags_of(lead.id)}


def test_a_russian_crm_export_in_windows_1251(ctx):
    prepared, report = _import(ctx, "bitrix24-leads-cp1251.csv")
    assert prepared.encoding == "cp1251"
    assert report.counts()["created"] == 3 and report.counts()["failed"] == 0
    ivan = _lead("Иван Иванович Петров")
    assert {k: v for k, v in ivan.items() if k not in ("tags",)} == {
        "name": "Иван Иванович Петров", "company": "ООО «Ромашка»", "title": "Генеральный директор",
        "email": "petrov@romashka.ru", "phone": "+7 812 765-43-21", "website": "romashka.ru",
        "location": "Невский пр., 28, Санкт-Петербург, Россия", "source": "веб-сайт",
        "owner": "Анна Смирнова",
        "interest": "Просил перезвонить после обеда\nЗаявка с сайта\nAlso: +7 921 123-45-67",
        "created_at": datetime(2024, 3, 12, 14, 5, 31), "phone_unverified": False}
    olga = _lead("Ольга Сергеевна Кузнецова")
    assert (olga["phone"], olga["email"], olga["location"], olga["interest"]) == (
        "+7 495 123-45-67", "kuznetsova@sever.ru", "Москва, Россия", "Звонок\nAlso: olga.k@mail.ru")
    sergey = _lead("Сергей Смирнов")
    assert (sergey["phone"], sergey["company"]) == ("+7 800 555-35-35 ext. 12", "ИП Смирнов")


def test_a_ukrainian_vcard_in_windows_1251_with_no_charset(ctx):
    prepared, report = _import(ctx, "ukrainian-cp1251-2.1.vcf")
    assert prepared.encoding == "cp1251" and report.counts()["created"] == 2
    assert _lead("Віталій Володимирович Кличко") == {
        "name": "Віталій Володимирович Кличко", "company": "Київська міська рада",
        "title": "Міський голова", "email": "vitaliy@example.com.ua", "phone": "+380 67 123 4567",
        "website": "", "location": "вул. Хрещатик, 36, Київ, 01044, Україна", "source": "",
        "owner": "me", "interest": "Зустріч у Києві\nAlso: +380 44 202 7676",
        "created_at": datetime(2026, 11, 23, 12, 0), "phone_unverified": False, "tags": []}
    # No address of her own: the file's other cards are in Ukraine, so is her number.
    assert _lead("Олена Шевченко")["phone"] == "+380 44 123 4567"


def test_a_google_vcard_in_utf16(ctx):
    prepared, report = _import(ctx, "google-contacts-utf16.vcf")
    assert prepared.encoding == "utf-16" and report.counts()["created"] == 2
    asa = _lead("Åsa Öberg")
    assert (asa["company"], asa["title"], asa["email"], asa["phone"], asa["location"],
            asa["tags"]) == ("Fjällbolag AB", "Inköpschef", "asa.oberg@fjallbolag.se",
                             "+46 70 123 45 67", "Storgatan 1, Malmö, 211 34, Sverige", ["kunder"])
    assert _lead("Jürgen Groß")["phone"] == "+49 30 12345678"


def test_excel_unicode_text_big_endian(ctx):
    prepared, _ = _import(ctx, "excel-unicode-text-be.txt")
    assert prepared.encoding == "utf-16"
    lead = _lead("Äijälä Jännä")
    assert (lead["email"], lead["phone"], lead["company"]) == (
        "janna@yritys.fi", "+358 40 7654321", "Yritys Öy")


def test_a_danish_excel_file_in_windows_1252(ctx):
    prepared, _ = _import(ctx, "danish-excel-cp1252.csv")
    assert prepared.encoding == "cp1252"
    assert _lead("Søren Kierkegaard") | {"created_at": None} == {
        "name": "Søren Kierkegaard", "company": "Filosofi ApS", "title": "",
        "email": "soren@filosofi.dk", "phone": "+45 20 12 34 56", "website": "", "location": "",
        "source": "", "owner": "me", "interest": "Mødes i Århus", "created_at": None,
        "phone_unverified": False, "tags": []}


@pytest.mark.parametrize(("data", "encoding"), [
    ("Nimi,Yritys\nÄijälä,Öy\n".encode(), "utf-8"),
    (codecs.BOM_UTF8 + "Nimi,Yritys\nÄijälä,Öy\n".encode(), "utf-8-sig"),
    ("Nimi,Yritys\nÄijälä,Öy\n".encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + "Nimi,Yritys\nÄijälä,Öy\n".encode("utf-16-be"), "utf-16"),
    ("Nimi,Yritys\nÄijälä,Öy\n".encode("cp1252"), "cp1252"),
    ("Имя,Компания\nВиталий,Ромашка\n".encode("cp1251"), "cp1251"),
    ("Ім'я,Компанія\nВіталій Кличко,Київська рада\n".encode("cp1251"), "cp1251"),
])
def test_each_encoding_is_told_apart(data, encoding):
    text, found = decode(data)
    assert found == encoding and text.split("\n")[1].split(",")[0] in ("Äijälä", "Виталий",
                                                                      "Віталій Кличко")


def test_quoted_printable_without_a_charset_in_a_utf8_file(ctx, tmp_path):
    """A UTF-8 file's quoted-printable value in Windows-1251 (a phone's export): the value is
    read as the text it is, not as UTF-8 replacement marks nor as Western letters."""
    value = quopri.encodestring("Зустріч у Києві біля Хрещатика".encode("cp1251")).decode()
    card = ("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Olena Test\r\nNOTE;ENCODING=QUOTED-PRINTABLE:"
            + value.replace("=\n", "") + "\r\nEND:VCARD\r\n")
    path = tmp_path / "one.vcf"
    path.write_text(card, encoding="utf-8")
    run_import(ctx, prepare(ctx, str(path)))
    assert Lead.get().interest == "Зустріч у Києві біля Хрещатика"
