"""`leadtui capture "TEXT"`: one line read field by field, shown, then saved as a lead."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadtui.capture.line import parse_line, save_line
from leadtui.db.models import FollowUp, Lead
from leadtui.errors import DoubtfulDate, DuplicateLead, InvalidInput
from leadtui.kit.clock import FixedClock

NOW = datetime(2026, 11, 23, 12, 0)  # a Monday
CLOCK = FixedClock(NOW)


def parse(text, order="DMY"):
    return parse_line(text, CLOCK, region="FI", order=order)


def test_the_issue_example():
    p = parse("Jane from Acme, jane@acme.com, +358 40 1234567, demo next tue 10")
    assert (p.name, p.company, p.email, p.phone) == ("Jane", "Acme", "jane@acme.com", "+358 40 1234567")
    assert (p.due_at, p.what) == (datetime(2026, 12, 1, 10, 0), "demo")  # as `follow` reads it
    assert p.email_valid and p.phone_valid and p.problems == ()


@pytest.mark.parametrize(("text", "name", "company"), [
    ("Jane at Acme Oy", "Jane", "Acme Oy"),
    ("Jane @ Acme", "Jane", "Acme"),
    ("Jane Smith, Nordic Tools AB", "Jane Smith", "Nordic Tools AB"),
    ("Lars Nielsen, Hansen ApS", "Lars Nielsen", "Hansen ApS"),
    ("Lars Nielsen, Byg A/S", "Lars Nielsen", "Byg A/S"),
    ("Erik, Fjord AS", "Erik", "Fjord AS"),
    ("Klaus, Müller GmbH", "Klaus", "Müller GmbH"),
    ("Tom, Widgets Ltd", "Tom", "Widgets Ltd"),
    ("Amy, Globex Inc.", "Amy", "Globex Inc."),
    ("Sam, Initech LLC", "Sam", "Initech LLC"),
    ("Иван Петров, ООО «Ромашка»", "Иван Петров", "ООО «Ромашка»"),
    ("Пётр, ИП Сидоров", "Пётр", "ИП Сидоров"),
    ("Jane Smith Acme Oy", "Jane Smith", "Acme Oy"),  # free: the word before the form
    ("Jane, Acme", "Jane", "Acme"),  # the second plain part
])
def test_companies(text, name, company):
    p = parse(text)
    assert (p.name, p.company) == (name, company)


def test_free_text_without_commas():
    p = parse("Jane Smith jane@acme.com 040 123 4567 Acme Oy")
    assert (p.name, p.company, p.email, p.phone) == ("Jane Smith", "Acme Oy", "jane@acme.com", "+358 40 1234567")


def test_day_first_dates_and_the_what_before_them():
    p = parse("Anna Berg, CEO, Nordic Tools AB, call 1.2.2027 10:00")
    assert (p.title, p.due_at, p.what) == ("CEO", datetime(2027, 2, 1, 10, 0), "call")
    assert parse("Ole, on friday").due_at == datetime(2026, 11, 27, 9, 0)
    assert parse("Ole, 24.12.").due_at == datetime(2026, 12, 24, 9, 0)
    assert parse("Ole, call 12/1/2027", order="MDY").due_at == datetime(2027, 12, 1, 9, 0)


def test_a_date_in_a_phone_or_a_phone_in_a_date_is_not_confused():
    p = parse("Ole, +358 40 1234567, demo 1.2.2027 10:00")
    assert (p.phone, p.due_at, p.what) == ("+358 40 1234567", datetime(2027, 2, 1, 10, 0), "demo")


def test_contact_data_that_does_not_validate_is_kept_as_typed_and_said():
    p = parse("Olga, olga@romashka, 12345678901234")
    assert (p.email, p.email_valid, p.phone, p.phone_valid) == ("olga@romashka", False, "12345678901234", False)
    assert "kept as typed" in dict(p.fields())["e-mail"]


def test_leftovers_are_a_note_and_no_name_is_a_problem():
    assert parse("Jane, Acme, met at Slush, wants a demo").note == "met at Slush; wants a demo"
    assert parse(" , jane@acme.com").problems


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_crashes(text):
    parsed = parse(text)
    assert isinstance(parsed.fields(), list) and parsed.as_json()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Jane", "from", "Acme", "Oy", "ООО", "@", "jane@acme.com", "+358",
                                 "40", "1234567", "next", "tue", "10", "1.2.2027", "10:00", ",",
                                 "at", "klo", "14.30", "in", "3", "days", "CEO", "/", "A/S"]),
                max_size=14))
def test_never_crashes_on_likely_words(words):
    parse(" ".join(words))


def test_save_adds_the_lead_with_its_follow_up(ctx):
    lead = save_line(ctx, parse_line("Jane from Acme, jane@acme.com, +358 40 1234567, demo next tue 10",
                                     ctx.clock, region="FI"))
    stored = Lead.get_by_id(lead.id)
    assert (stored.name, stored.company, stored.email, stored.phone) == (
        "Jane", "Acme", "jane@acme.com", "+358 40 1234567")
    follow_up = FollowUp.get(FollowUp.lead == lead.id)
    assert (follow_up.due_at, follow_up.what) == (datetime(2026, 12, 1, 10, 0), "demo")


def test_save_refuses_duplicates_past_dates_and_no_name_unless_forced(ctx):
    save_line(ctx, parse_line("Jane, jane@acme.com", ctx.clock))
    with pytest.raises(DuplicateLead):
        save_line(ctx, parse_line("Jane Doe, JANE@acme.com", ctx.clock))
    save_line(ctx, parse_line("Jane Doe, JANE@acme.com", ctx.clock), force=True)
    with pytest.raises(DoubtfulDate):
        save_line(ctx, parse_line("Ole, call yesterday", ctx.clock))
    with pytest.raises(InvalidInput, match="no name"):
        save_line(ctx, parse_line("", ctx.clock))
    assert Lead.select().count() == 2


def test_cli_prints_the_parse_before_saving(cli):
    code, out, err = cli("capture", "Jane from Acme, jane@acme.com, demo 1.2.2030 10:00", "--dry-run")
    assert code == 0 and "name      Jane" in out and "company   Acme" in out and "2030-02-01 10:00  demo" in out
    assert "nothing saved" in out
    code, out, err = cli("capture", "Jane from Acme, jane@acme.com")
    assert code == 0 and out.strip().endswith("added #1 Jane")
    code, out, err = cli("capture", "Janet, jane@acme.com")
    assert code == 1 and "name      Janet" in out and "likely duplicate of #1 Jane" in err
    code, out, err = cli("capture", "Olga, olga@x.ru", "--format", "json")
    assert code == 0 and '"id": 2' in out and '"name": "Olga"' in out
