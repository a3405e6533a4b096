"""Never a silent wrong mapping: what each column goes to is shown, a lead named after its
company is reported, and a file where nothing can name anyone is refused with its header."""

from __future__ import annotations

import json

import pytest

from leadtui.db.models import Lead
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.sniff import BadFile


def _write(tmp_path, text: str, name="in.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_company_only_row_is_named_after_the_company_and_reported(ctx, tmp_path):
    path = _write(tmp_path, "Firma;E-mail;Noter\nAcme Oy;;met at the fair\nBeta AB;info@beta.se;\n")
    prepared = prepare(ctx, path)
    assert prepared.warnings == ["no column holds a person's name: each lead is named after its "
                                 "company, else its e-mail or phone (--map COLUMN=name if one does)"]
    report = run_import(ctx, prepared)
    assert sorted(lead.name for lead in Lead.select()) == ["Acme Oy", "Beta AB"]
    assert [(o.row, o.name, o.reason) for o in report.named] == [
        (2, "Acme Oy", "no name in the row: named after its company"),
        (3, "Beta AB", "no name in the row: named after its company")]
    assert report.counts()["nameless"] == 2
    assert "2 named after their company, e-mail or phone" in report.summary()


def test_a_row_without_a_name_in_a_file_with_names_is_reported(ctx, tmp_path):
    report = run_import(ctx, prepare(ctx, _write(tmp_path, "Name,Company\nAnna,Acme\n,Beta Oy\n")))
    assert [(o.row, o.name) for o in report.named] == [(3, "Beta Oy")]
    assert prepare(ctx, _write(tmp_path, "Name,Company\nAnna,Acme\n")).warnings == []


@pytest.mark.parametrize(("text", "message"), [
    ("foo,bar\n1,2\n", "no column could be matched to a lead field (header: 'foo', 'bar')"),
    ("Notes,Created\nmet at a fair,2024-01-01\n",
     "no column holds a name, company, e-mail or phone (header: 'Notes', 'Created')"),
])
def test_a_file_nothing_identifies_is_refused_with_its_header_and_the_way_out(ctx, tmp_path, text,
                                                                              message):
    with pytest.raises(BadFile) as caught:
        prepare(ctx, _write(tmp_path, text))
    assert message in str(caught.value) and "--map COLUMN=FIELD" in str(caught.value)
    assert Lead.select().count() == 0


def test_each_column_with_its_field_and_two_values(ctx, tmp_path):
    prepared = prepare(ctx, _write(tmp_path, "Förnamn;Efternamn;Mobil;Kundnummer\n"
                                             "Sven;Svensson;;17\nAnna;Berg;070-123 45 67;\n"
                                             "Per;Ek;070-765 43 21;19\n"))
    assert [(c.name, c.field, c.examples) for c in prepared.columns] == [
        ("Förnamn", "first_name", ("Sven", "Anna")), ("Efternamn", "last_name", ("Svensson", "Berg")),
        ("Mobil", "phone", ("070-123 45 67", "070-765 43 21")), ("Kundnummer", "", ("17", "19"))]


def test_the_cli_dry_run_shows_every_column_and_what_is_unexpected(cli, tmp_path):
    path = _write(tmp_path, "Firma;Telefon;Kundnummer\nAcme Oy;040 1234567;17\nBeta Oy;;18\n")
    code, out, _ = cli("import", path, "--dry-run")
    assert code == 0
    assert "columns:\n  Firma → company: 'Acme Oy', 'Beta Oy'\n  Telefon → phone: '040 1234567'\n" \
           "  Kundnummer → ignored: '17', '18'\n" in out
    assert "note: no column holds a person's name" in out
    assert "named after their company, e-mail or phone (no name in the row) (2):" in out
    assert "row 2: Acme Oy — no name in the row: named after its company" in out
    code, out, _ = cli("import", path, "--dry-run", "--format", "json")
    report = json.loads(out)
    assert report["columns"][0] == {"column": "Firma", "field": "company",
                                    "examples": ["Acme Oy", "Beta Oy"]}
    assert report["counts"]["nameless"] == 2 and len(report["warnings"]) == 1


def test_the_cli_refuses_a_file_nothing_identifies_with_one_line(cli, tmp_path):
    code, out, err = cli("import", _write(tmp_path, "Foo;Bar\n1;2\n"))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "header: 'Foo', 'Bar'" in err and "--map COLUMN=FIELD" in err
