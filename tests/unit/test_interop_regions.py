"""The right country for each number, and header words in the languages of our users.

A number written without +country is read with the row's own country column (as
exports name countries), then the country of the file's header language, then
default_region, then the locale's (from LC_ALL / LC_CTYPE / LANG, installed or not).
"""

from __future__ import annotations

import pytest

from leadtui.config import Config, locale_region
from leadtui.db.models import Lead
from leadtui.interop.fields import guess_mapping, header_language
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.records import PhoneCleaner, country_region


def _import(ctx, tmp_path, text: str, encoding="utf-8"):
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    prepared = prepare(ctx, str(path))
    return prepared, run_import(ctx, prepared)


@pytest.mark.parametrize(("written", "code"), [
    ("USA", "US"), ("United States", "US"), ("Deutschland", "DE"), ("Suomi", "FI"),
    ("Sverige", "SE"), ("Россия", "RU"), ("DE", "DE"), ("de", "DE"), ("DEU", "DE"),
    ("Tyskland", "DE"), ("Norge", "NO"), ("Danmark", "DK"), ("  finland ", "FI"),
    ("Vereinigte Staaten", "US"), ("Соединенные Штаты", "US"), ("Ruotsi", "SE"),
    ("Atlantis", ""), ("", "")])
def test_countries_as_exports_write_them(written, code):
    assert country_region(written) == code


@pytest.mark.parametrize(("env", "region"), [
    ({"LANG": "fi_FI.UTF-8"}, "FI"),  # not installed here: the name still says Finland
    ({"LANG": "en_US.UTF-8", "LC_CTYPE": "sv_SE.UTF-8"}, "SE"),
    ({"LANG": "en_US.UTF-8", "LC_CTYPE": "sv_SE.UTF-8", "LC_ALL": "ru_RU.UTF-8"}, "RU"),
    ({"LANG": "nb_NO"}, "NO"), ({"LANG": "de"}, "DE"), ({"LC_ALL": "C", "LANG": "da_DK.UTF-8"}, "DK"),
])
def test_the_locale_region_is_read_from_the_environment(monkeypatch, env, region):
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert locale_region() == region
    assert Config().default_region == region


def test_a_row_country_decides_first(ctx, tmp_path):
    _, report = _import(ctx, tmp_path, "Name,Phone,Country\nHans,030 12345678,Deutschland\n"
                                       "Tom,604-228-1234,USA\nLiz,604-228-1235,Canada\n"
                                       "Ivan,8 (812) 765-43-21,Россия\nAino,040 1234567,\n")
    phones = {lead.name: lead.phone for lead in Lead.select()}
    assert phones == {"Hans": "+49 30 12345678", "Tom": "+1 604-228-1234",
                      "Liz": "+1 604-228-1235", "Ivan": "+7 812 765-43-21",
                      "Aino": "+358 40 1234567"}
    assert report.counts()["unverified"] == 0


def test_trunk_prefixes_as_people_write_them(ctx, tmp_path):
    _import(ctx, tmp_path, "Name,Phone\nA,+49 (0)30 12345678\nB,0049 (0) 89 1234567\n"
                           "C,+44 (0)20 7946 0958\nD,(0)40 7654321\n")
    phones = {lead.name: lead.phone for lead in Lead.select()}
    assert phones == {"A": "+49 30 12345678", "B": "+49 89 1234567", "C": "+44 20 7946 0958",
                      "D": "+358 40 7654321"}


def test_swedish_headers_read_numbers_as_swedish(ctx, tmp_path):
    prepared, _ = _import(ctx, tmp_path, "Förnamn;Efternamn;E-post;Mobil;Företag\n"
                                         "Sven;Svensson;sven@bolag.se;070-123 45 67;Bolag AB\n")
    assert "Swedish headers: numbers without +country read as SE" in prepared.format
    sven = Lead.get()
    assert (sven.name, sven.email, sven.phone, sven.company) == (
        "Sven Svensson", "sven@bolag.se", "+46 70 123 45 67", "Bolag AB")


def test_russian_headers_read_numbers_as_russian(ctx, tmp_path):
    _import(ctx, tmp_path, "Имя;Отчество;Фамилия;Телефон;Компания;Должность\n"
                           "Иван;Иванович;Петров;8 (812) 765-43-21;ООО Ромашка;Директор\n",
            encoding="utf-8-sig")
    ivan = Lead.get()
    assert (ivan.name, ivan.phone, ivan.company, ivan.title) == (
        "Иван Иванович Петров", "+7 812 765-43-21", "ООО Ромашка", "Директор")


def test_numbers_that_fail_the_first_region_try_the_next(ctx, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "fi_FI.UTF-8")
    ctx.config.default_region = "US"
    _import(ctx, tmp_path, "Name,Phone\nAino,040 1234567\nTom,(415) 555-2671\n")
    phones = {lead.name: lead.phone for lead in Lead.select()}
    assert phones == {"Aino": "+358 40 1234567", "Tom": "+1 415-555-2671"}


def test_a_cleaner_reads_with_its_regions_in_order():
    clean = PhoneCleaner("", "US", "FI", "US")
    assert clean.regions == ("US", "FI")
    assert clean("040 1234567") == "+358 40 1234567"
    assert clean("(415) 555-2671") == "+1 415-555-2671"
    assert clean("040 1234567", "Sverige") == "+46 40 123 45 67"  # the row's country first


@pytest.mark.parametrize(("header", "language"), [
    (["Förnamn", "Efternamn", "E-post", "Mobil", "Företag"], "sv"),
    (["Fornavn", "Etternavn", "E-post", "Mobil", "Firma"], "no"),
    (["Navn", "E-mail", "Telefon", "Firma", "Noter"], "da"),
    (["Vorname", "Nachname", "E-Mail-Adresse", "Mobiltelefon", "Firma"], "de"),
    (["Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Yritys"], "fi"),
    (["Имя", "Фамилия", "E-mail", "Телефон", "Компания"], "ru"),
    (["First Name", "Last Name", "Email"], "en"), (["foo", "bar"], "")])
def test_the_language_of_a_header(header, language):
    assert header_language(header) == language


@pytest.mark.parametrize(("header", "expected"), [
    (["Fornavn", "Etternavn", "E-post", "Mobil", "Firma"],
     ["first_name", "last_name", "email", "phone", "company"]),
    (["Navn", "E-mail", "Telefon", "Firma", "Noter"], ["name", "email", "phone", "company", "note"]),
    (["Förnamn", "Efternamn", "E-post", "Mobil", "Företag", "Anteckningar", "Källa", "Ort", "Land"],
     ["first_name", "last_name", "email", "phone", "company", "note", "source", "city", "country"]),
    (["Vorname", "Name", "Telefon privat", "Telefon geschäftlich", "Position", "Notizen", "Quelle"],
     ["first_name", "last_name", "phone", "phone", "title", "note", "source"]),
    (["Nimi", "Titteli", "Matkapuhelin", "Työpuhelin", "Kaupunki", "Maa", "Lisätiedot", "Luotu"],
     ["name", "title", "phone", "phone", "city", "country", "note", "created"]),
    (["Titel", "Förnamn", "Efternamn", "Befattning", "E-postadress"],
     ["", "first_name", "last_name", "title", "email"]),  # Swedish Outlook: Titel is "Herr"
    (["Title", "Name", "Job Title"], ["", "name", "title"]),
    (["ФИО", "Должность", "Рабочий телефон", "Мобильный телефон", "Город", "Страна", "Комментарий",
      "Источник", "Дата создания"],
     ["name", "title", "phone", "phone", "city", "country", "note", "source", "created"]),
])
def test_header_words_in_each_language(header, expected):
    assert list(guess_mapping(header).values()) == expected


def test_a_row_without_a_country_reads_its_number_with_the_file_s_usual_country(ctx, tmp_path):
    # An English HubSpot-style file from a Swedish team: most rows say Sweden, one says nothing.
    _import(ctx, tmp_path, "First Name,Last Name,Phone Number,Country/Region\n"
                           "Sven,Svensson,070-123 45 67,Sweden\nAnna,Berg,070-765 43 21,Sverige\n"
                           "Nils,Holm,070-111 22 33,\n")
    phones = {lead.name: lead.phone for lead in Lead.select()}
    assert phones == {"Sven Svensson": "+46 70 123 45 67", "Anna Berg": "+46 70 765 43 21",
                      "Nils Holm": "+46 70 111 22 33"}
