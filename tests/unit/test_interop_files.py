"""Reading files: encodings, delimiters, guessed mappings, and bad files refused whole."""

from __future__ import annotations

import codecs

import pytest

from leadtui.db.models import Lead
from leadtui.interop.fields import guess_mapping, load_mapping, save_mapping, saved_mappings
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.sniff import BadFile


def _write(tmp_path, data: bytes | str, name="in.csv"):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


@pytest.mark.parametrize(("data", "message"), [
    (b"", "is empty"),
    (b"\n\r\n  \n", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" * 20, "binary file"),
    (b"PK\x03\x04\x14\x00\x06\x00", "save it as CSV"),
    (b"name,email\nJ\x81\x98rgen \xc3\x28,j@x.com\n", "unknown text encoding"),
    (b"name,email,phone\nA,a@x.com,,x\nB,b@x.com,,extra,more\n",
     "row 2 has 4 values but the header has 3 columns, as do 1 more rows"),
    (b"name,email\n", "header row but no data rows"),
    (b"x" * (2 * 1024 * 1024), "line 1 is 2,097,152 characters long"),
    (b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "calendar"),
    (b"<html><body>hi</body></html>", "HTML"),
])
def test_bad_files_are_refused_and_nothing_is_written(ctx, tmp_path, data, message):
    with pytest.raises(BadFile, match=message):
        prepare(ctx, _write(tmp_path, data))
    assert Lead.select().count() == 0


def test_missing_file(ctx, tmp_path):
    with pytest.raises(BadFile, match="cannot read"):
        prepare(ctx, str(tmp_path / "nope.csv"))


def test_no_column_matches(ctx, tmp_path):
    with pytest.raises(BadFile, match="no column could be matched"):
        prepare(ctx, _write(tmp_path, "foo,bar\n1,2\n"))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(ctx, tmp_path, encoding, delimiter):
    text = delimiter.join(["Name", "E-mail", "Company"]) + "\r\n" + delimiter.join(
        ["Jörg Müller", "jorg@muller.de", "Müller, Söhne & Co" if delimiter != "," else "Müller"]) + "\r\n"
    prepared = prepare(ctx, _write(tmp_path, text.encode(encoding)))
    (cand,) = prepared.items()
    assert cand.fields["name"] == "Jörg Müller" and cand.fields["email"] == "jorg@muller.de"
    assert cand.fields["company"].startswith("Müller")


def test_utf16_without_bom(ctx, tmp_path):
    data = "Name\tEmail\nÅsa\tasa@x.se\n".encode("utf-16-le")
    assert next(prepare(ctx, _write(tmp_path, data)).items()).fields["name"] == "Åsa"


def test_guess_mapping_from_header_names():
    assert guess_mapping(["Full Name", "Work Email", "Mobile", "Organisation", "Job Title",
                          "Lead Source", "Status", "E-mail 1 - Label", "Notes", "Zip", "Whatever",
                          "Email 2"]) == {
        "Full Name": "name", "Work Email": "email", "Mobile": "phone", "Organisation": "company",
        "Job Title": "title", "Lead Source": "source", "Status": "status",
        "E-mail 1 - Label": "", "Notes": "note", "Zip": "postal_code", "Whatever": "",
        "Email 2": "email"}


def test_saved_mapping_by_name(ctx, tmp_path):
    save_mapping("fair", {"Who": "name", "Reach": "phone", "Firm": "company", "Junk": ""})
    assert saved_mappings() == ["fair"]
    assert load_mapping("fair")["Reach"] == "phone"
    path = _write(tmp_path, "Who,Reach,Firm,Junk\nAnna Fair,+358401234567,Fair Oy,x\n")
    prepared = prepare(ctx, path, mapping_name="fair")
    assert next(prepared.items()).fields["phone"] == "+358 40 1234567"
    assert next(prepared.items()).fields["company"] == "Fair Oy"


def test_a_row_is_lost_only_when_nothing_in_it_names_anyone(ctx, tmp_path):
    path = _write(tmp_path, "Name,Email,Phone,Created,Employees\n"
                            "Ok Person,ok@x.com,,2024-01-01,5\n"
                            "Bad Mail,nope,,,\n"
                            "Bad Phone,,12,,\n"
                            "Bad Date,,,yesterday-ish,\n"
                            "Bad Count,,,,lots\n"
                            ",,,,\n"
                            ",,,2024-01-01,\n")
    report = run_import(ctx, prepare(ctx, path))
    assert [(e.row, e.column, e.value) for e in report.failed] == [(8, "", "")]
    assert "no name, company, e-mail or phone" in report.failed[0].reason
    assert [(u.row, u.column, u.value) for u in report.unverified] == [
        (3, "Email", "nope"), (4, "Phone", "12"), (5, "Created", "yesterday-ish"),
        (6, "Employees", "lots")]
    assert all(u.reason for u in report.unverified)
    assert report.counts()["created"] == 5 and Lead.select().count() == 5
    kept = {lead.name: (lead.phone, lead.phone_unverified, lead.interest) for lead in Lead.select()}
    assert kept["Bad Mail"] == ("", False, "Email: nope")
    assert kept["Bad Phone"] == ("12", True, "")
    assert kept["Bad Date"] == ("", False, "Created: yesterday-ish")
    assert kept["Bad Count"] == ("", False, "Employees: lots")


def test_bom_and_ragged_short_rows_are_padded(ctx, tmp_path):
    data = codecs.BOM_UTF8 + b"Name,Email,Company\nA Person,a@x.com\n"
    (cand,) = prepare(ctx, _write(tmp_path, data)).items()
    assert cand.fields["email"] == "a@x.com" and cand.fields.get("company", "") == ""


def test_control_characters_never_reach_the_database(ctx, tmp_path):
    from leadtui.interop.importer import run_import

    path = _write(tmp_path, "Name,Company,Notes\nEvil\x1b[2J Name,Acme\x07 Oy,line one\x1b]0;x\x07\n")
    run_import(ctx, prepare(ctx, path))
    from leadtui.db.connection import database

    name, company, interest = database.execute_sql(
        "SELECT name, company, interest FROM lead").fetchone()
    assert (name, company, interest) == ("Evil[2J Name", "Acme Oy", "line one]0;x")
