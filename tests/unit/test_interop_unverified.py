"""Nothing dropped at the door: what cannot be checked is kept as written and marked.

A phone no validator accepts and an address with a reserved domain are stored as the
file wrote them, marked unverified; only a row that names no one fails. The marks are
found with `phone:unverified` / `email:unverified`, cleared by an edit to a valid value,
and unverified phones count as duplicates by their digits.
"""

from __future__ import annotations

import pytest

from leadtui.db.models import Lead
from leadtui.errors import InvalidInput
from leadtui.finding.queries import lead_detail
from leadtui.finding.querylang import compile_query
from leadtui.interop.importer import prepare, run_import
from leadtui.leads import writes as leads
from leadtui.record.dedupe import duplicate_pairs, phone_key


def _write(tmp_path, text: str, name="in.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _import(ctx, tmp_path, text: str, **kw):
    return run_import(ctx, prepare(ctx, _write(tmp_path, text)), **kw)


def _found(ctx, query: str) -> list[str]:
    where = compile_query(query, ctx).where
    return sorted(lead.name for lead in Lead.select().where(where))


def test_a_phone_that_does_not_validate_is_kept_as_written_and_marked(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,Phone\nEero Ext,+358 40 123 4567 ext. 12 (ask for Eero)\n"
                                    "Valid Veli,040 7654321\n")
    assert report.counts()["created"] == 2 and report.counts()["failed"] == 0
    eero = Lead.get(Lead.name == "Eero Ext")
    assert (eero.phone, eero.phone_unverified) == ("+358 40 123 4567 ext. 12 (ask for Eero)", True)
    veli = Lead.get(Lead.name == "Valid Veli")
    assert (veli.phone, veli.phone_unverified) == ("+358 40 7654321", False)
    (kept,) = report.unverified
    assert (kept.row, kept.column) == (2, "Phone") and "kept unverified" in kept.reason
    assert report.counts()["unverified"] == 1


def test_an_address_with_a_reserved_domain_is_kept_and_marked(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,E-mail\nJohn Doe,John@Doe.invalid\nJane Roe,jane@roe.fi\n")
    john = Lead.get(Lead.name == "John Doe")
    assert (john.email, john.email_unverified) == ("john@doe.invalid", True)
    assert not Lead.get(Lead.name == "Jane Roe").email_unverified
    assert [(u.row, u.column, u.value) for u in report.unverified] == [(2, "E-mail", "John@Doe.invalid")]


def test_a_checked_value_is_preferred_and_the_unverified_one_goes_to_the_notes(ctx, tmp_path):
    _import(ctx, tmp_path, "Name,Phone,Mobile\nAnna Two,12-34,+358 50 1112223\n")
    anna = Lead.get(Lead.name == "Anna Two")
    assert (anna.phone, anna.phone_unverified) == ("+358 50 1112223", False)
    assert anna.interest == "Also: 12-34"


def test_a_row_with_only_a_bad_phone_is_named_after_it(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,Phone,Company\n,555-CALL-NOW,\n")
    (lead,) = Lead.select()
    assert (lead.name, lead.phone, lead.phone_unverified) == ("555-CALL-NOW", "555-CALL-NOW", True)
    assert report.counts()["created"] == 1


def test_a_row_naming_no_one_is_the_only_failure(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,Phone,Company,Notes\n,n/a,,met at a fair\nOk,,,\n")
    (failure,) = report.failed
    assert failure.row == 2 and failure.reason == "no name, company, e-mail or phone"
    assert [lead.name for lead in Lead.select()] == ["Ok"]


def test_a_file_of_placeholder_phones_imports_every_row(ctx, tmp_path):
    rows = ["Name,Phone"] + [f"Person {i},{phone}" for i, phone in enumerate(
        ["000-000-0000", "0000000000", "123-456-7890", "555-5555", "1", "+1 (555) 555-5555",
         "xxx-xxx-xxxx", "TBD", "0"])]
    report = _import(ctx, tmp_path, "\n".join(rows) + "\n")
    assert report.counts()["created"] == 9 and report.counts()["skipped"] == 0
    assert report.counts()["failed"] == 0 and Lead.select().count() == 9


@pytest.mark.both_engines
def test_the_query_language_finds_unverified_values(ctx, tmp_path):
    _import(ctx, tmp_path, "Name,Phone,Email\nBad Phone,12-34,\nOdd Mail,,odd@x.invalid\n"
                           "Good,+358 40 1234567,good@x.fi\n")
    assert _found(ctx, "phone:unverified") == ["Bad Phone"]
    assert _found(ctx, "email:unverified") == ["Odd Mail"]
    assert _found(ctx, "phone:verified") == ["Good"]
    assert _found(ctx, "-phone:unverified -email:unverified") == ["Good"]


def test_the_detail_carries_the_mark(ctx, tmp_path):
    _import(ctx, tmp_path, "Name,Phone\nBad Phone,12-34\n")
    detail = lead_detail(ctx, Lead.get().id)
    assert detail.lead.phone_unverified and not detail.lead.email_unverified
    assert detail.as_json()["phone_unverified"] is True


@pytest.mark.both_engines
def test_an_edit_keeps_an_unchanged_unverified_value_and_a_valid_one_clears_the_mark(ctx, tmp_path):
    _import(ctx, tmp_path, "Name,Phone,Email\nBad Phone,12-34,bad@x.invalid\n")
    lead_id = Lead.get().id
    # The edit form gives every field back: the unverified ones as they were are no error.
    leads.update_lead(ctx, lead_id, name="Better Name", phone="12-34", email="bad@x.invalid")
    lead = Lead.get_by_id(lead_id)
    assert (lead.name, lead.phone, lead.phone_unverified, lead.email_unverified) == (
        "Better Name", "12-34", True, True)
    with pytest.raises(InvalidInput):
        leads.update_lead(ctx, lead_id, phone="12-345")  # a new value is checked as ever
    leads.update_lead(ctx, lead_id, phone="040 1234567", email="bad@x.fi")
    lead = Lead.get_by_id(lead_id)
    assert (lead.phone, lead.phone_unverified) == ("+358 40 1234567", False)
    assert (lead.email, lead.email_unverified) == ("bad@x.fi", False)


def test_forcing_an_invalid_phone_keeps_it_marked(ctx):
    added = leads.add_lead(ctx, leads.NewLead("Forced", phone="12-34"), force=True)
    assert (added.phone, added.phone_unverified) == ("12-34", True)


@pytest.mark.both_engines
def test_unverified_phones_are_duplicates_by_their_digits(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,Phone\nAnna A,070-123 45 67 ext\nAnna B,(070) 1234567 ext\n")
    assert report.counts()["created"] == 1 and report.counts()["skipped"] == 1
    assert "same phone" in report.skipped[0].reason
    leads.add_lead(ctx, leads.NewLead("Other", phone="070 1234567 ext"), force=True,
                   allow_duplicate=True)
    (pair,) = duplicate_pairs()
    assert pair.why == "same phone"


@pytest.mark.parametrize(("phone", "unverified", "key"), [
    ("+358 40 1234567", False, "+358 40 1234567"), ("070-123 45 67", True, "#0701234567"),
    ("000-000-0000", True, ""), ("1234567890", True, ""), ("555-5555", True, ""), ("12", True, ""),
    ("", True, "")])
def test_phone_keys(phone, unverified, key):
    assert phone_key(phone, unverified) == key


def test_cli_lists_and_shows_unverified_values(cli, tmp_path):
    path = _write(tmp_path, "Name,Phone,Email\nBad Phone,12-34,\nOdd Mail,,odd@x.invalid\n"
                            "Good,+358 40 1234567,good@x.fi\n")
    code, out, _ = cli("import", path, "--format", "json")
    import json

    report = json.loads(out)
    assert code == 0 and report["counts"]["unverified"] == 2
    assert [(u["row"], u["column"]) for u in report["unverified"]] == [(2, "Phone"), (3, "Email")]
    code, out, _ = cli("list", "phone:unverified")
    assert code == 0 and "Bad Phone" in out and "Good" not in out and "Odd Mail" not in out
    code, out, _ = cli("list", "email:unverified", "--format", "json")
    assert [row["name"] for row in json.loads(out)] == ["Odd Mail"]
    code, out, _ = cli("show", "1")
    assert "12-34 (unverified)" in out


def test_cli_imports_a_file_where_every_phone_is_a_placeholder(cli, tmp_path):
    rows = ["First Name,Last Name,Phone,Email"] + [
        f"Person,{i},{phone},p{i}@example.com" for i, phone in enumerate(
            ["000-000-0000", "(555) 555-5555", "123-456-7890", "0", "n/a", "TBD", "+1 (000) 000-0000",
             "999999999999999999", "1234"])]
    code, out, err = cli("import", _write(tmp_path, "\n".join(rows) + "\n"))
    assert code == 0 and err == ""
    assert "9 rows: 9 were created, 0 updated, 0 skipped as duplicates" in out


def test_a_vcard_whose_numbers_do_not_validate_imports_every_card(ctx, tmp_path):
    """Google-style cards with German numbers no validator accepts: kept, not dropped."""
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kontakt {i}\r\nTEL;TYPE=CELL:0123-4567{i}\r\n"
                    "ADR;TYPE=HOME:;;Weg 1;Berlin;;10115;Deutschland\r\nEND:VCARD\r\n" for i in range(2))
    path = tmp_path / "contacts.vcf"
    path.write_text(cards, encoding="utf-8")
    report = run_import(ctx, prepare(ctx, str(path)))
    assert report.counts()["created"] == 2 and report.counts()["unverified"] == 2
    assert sorted((lead.phone, lead.phone_unverified) for lead in Lead.select()) == [
        ("0123-45670", True), ("0123-45671", True)]


def test_a_merge_takes_the_mark_with_the_value(ctx):
    from leadtui.interop.merge import merge_leads

    keep = leads.add_lead(ctx, leads.NewLead("Anna Keep", email="anna@keep.fi")).id
    other = leads.add_lead(ctx, leads.NewLead("Anna Other", phone="12-34 ask"), force=True,
                           allow_duplicate=True).id
    merge_leads(ctx, keep, other)
    lead = Lead.get_by_id(keep)
    assert (lead.phone, lead.phone_unverified, lead.email_unverified) == ("12-34 ask", True, False)


def test_the_reason_names_a_region_only_for_a_number_read_with_one(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,Phone\nA,+358 40 123 4567 ext. 12 (ask)\nB,12-34\n")
    assert [u.reason for u in report.unverified] == [
        "kept unverified: not a valid number", "kept unverified: not a valid number for region FI"]
    assert report.summary().startswith("2 rows: 2 were created")
    one = _import(ctx, tmp_path, "Name\nC\n")
    assert one.summary().startswith("1 row: 1 was created")


def test_several_numbers_in_one_cell_are_each_read(ctx, tmp_path):
    report = _import(ctx, tmp_path, "Name,Phone\nAnna,040 1234567 / 050 7654321\n"
                                    "Ivan,040 7654321 или 050 1234567\nBad,040 1234567 / 12\n")
    leads_ = {lead.name: (lead.phone, lead.phone_unverified, lead.interest) for lead in Lead.select()}
    assert leads_["Anna"] == ("+358 40 1234567", False, "Also: +358 50 7654321")
    assert leads_["Ivan"] == ("+358 40 7654321", False, "Also: +358 50 1234567")
    assert leads_["Bad"] == ("040 1234567 / 12", True, "")  # not all valid: kept as written
    assert [u.row for u in report.unverified] == [4]
