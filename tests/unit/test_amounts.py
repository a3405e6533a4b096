"""One amount parser everywhere: income, budget, revenue, a profile's ranges and an imported cell
read "€35,000" as a deal value does."""

from __future__ import annotations

import json

import pytest

from leadtui.errors import InvalidInput
from leadtui.interop.values import BadValue, parse_number
from leadtui.kit.money import parse_amount, parse_money
from leadtui.leads import writes as leads
from leadtui.scoring import icp


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("35000", 35000, ""), ("35 000", 35000, ""), ("35\u00a0000", 35000, ""), ("€35,000", 35000, "EUR"),
    ("35.000,50 €", 35000.5, "EUR"), ("1,234.50", 1234.5, ""), ("1.234.567", 1234567, ""),
    ("12,5", 12.5, ""), ("12.000", 12000, ""), ("1.250m", 1_250_000, ""), ("40k", 40000, ""), ("€1.5m", 1_500_000, "EUR"), ("EUR 12000", 12000, "EUR"),
    ("12000 sek", 12000, "SEK"), ("$2bn", 2_000_000_000, "USD"), ("1'000", 1000, ""),
])
def test_amounts_as_people_type_them(text, value, currency):
    assert parse_amount(text) == (value, currency)


@pytest.mark.parametrize("text", ["lots", "1.2.3", "12,34,5", "k", "€"])
def test_what_is_no_amount_is_refused(text):
    with pytest.raises(InvalidInput):
        parse_amount(text)


def test_a_european_deal_value_keeps_its_cents():
    assert parse_money("1.234,50 €") == (123450, "EUR")


@pytest.mark.parametrize("field", ["income", "budget", "revenue"])
def test_lead_amount_fields_take_what_deal_values_take(ctx, field):
    lead = leads.add_lead(ctx, leads.NewLead("Aino Virtanen"))
    assert getattr(leads.update_lead(ctx, lead.id, **{field: "€35,000"}), field) == 35000
    assert getattr(leads.update_lead(ctx, lead.id, **{field: "1.5m"}), field) == 1_500_000


def test_income_from_the_command_line(cli):
    assert cli("add", "Aino Virtanen")[0] == 0
    code, _, err = cli("edit", "1", "--income", "€35,000")
    assert code == 0, err
    code, out, _ = cli("show", "1", "--format", "json")
    assert json.loads(out)["income"] == 35000


def test_profile_ranges_and_imported_cells_read_amounts_the_same_way():
    assert icp.parse_range("€40,000-€60,000") == (40000, 60000)
    assert icp.parse_range("40k-60k") == (40000, 60000)
    assert parse_number("€35,000") == parse_number("35.000 EUR") == 35000


def test_the_query_language_reads_amounts_the_same_way(cli):
    for name, income in (("Aino", "€35,000"), ("Ola", "20 000")):
        assert cli("add", name)[0] == 0
        assert cli("edit", "1" if name == "Aino" else "2", "--income", income)[0] == 0
    for query in ("income>=€35,000", "income>=35k", "income:30.000..40.000"):
        code, out, err = cli("list", query, "--format", "json")
        assert code == 0, err
        assert [row["name"] for row in json.loads(out)] == ["Aino"], query


def test_a_negative_count_or_amount_is_refused_and_changes_nothing(cli):
    assert cli("add", "Aino Virtanen", "--employees", "12")[0] == 0
    code, _, err = cli("edit", "1", "--employees", "-5")
    assert code != 0 and "employees cannot be negative, got '-5'" in err
    assert json.loads(cli("show", "1", "--format", "json")[1])["employees"] == 12
    code, _, err = cli("add", "Ola", "--budget=-40k")
    assert code != 0 and "budget cannot be negative" in err


def test_an_imported_negative_number_is_kept_as_a_problem_not_stored():
    with pytest.raises(BadValue, match="negative"):
        parse_number("-1,200")
    assert parse_number("-") is None  # a dash alone is an empty cell
