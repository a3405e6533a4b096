"""Deal values: typed amounts, stored exactly, on add and edit, and in the lead's JSON."""

from __future__ import annotations

import pytest

from leadtui.config import config_from_dict
from leadtui.errors import ConfigError, InvalidInput
from leadtui.finding import queries
from leadtui.kit.money import format_money, parse_money
from leadtui.leads import writes as leads


@pytest.mark.parametrize(("typed", "expected"), [
    ("12000", (1_200_000, "EUR")), ("12 000", (1_200_000, "EUR")), ("12,000.50", (1_200_050, "EUR")),
    ("12,5", (1250, "EUR")), ("12k", (1_200_000, "EUR")), ("1.5m USD", (150_000_000, "USD")),
    ("EUR 900", (90_000, "EUR")), ("€12k", (1_200_000, "EUR")), ("$500", (50_000, "USD")),
    ("300 dkk", (30_000, "DKK")), ("", (None, "")),
])
def test_parse_money(typed, expected):
    assert parse_money(typed, "EUR") == expected


@pytest.mark.parametrize("typed", ["lots", "12 apples", "1.2.3", "EUR"])
def test_bad_amounts_are_refused(typed):
    with pytest.raises(InvalidInput, match="amount"):
        parse_money(typed)


def test_format_money():
    assert format_money(1_200_050, "EUR") == "12 000.50 EUR"
    assert format_money(90_000_000, "") == "900 000"
    assert format_money(None, "EUR") == ""


def test_value_on_add_and_edit(ctx):
    lead_id = leads.add_lead(ctx, leads.NewLead("Aino", value="12k")).id
    assert queries.lead_json(ctx, lead_id)["value"] == {"amount": 12000.0, "currency": "EUR"}
    leads.update_lead(ctx, lead_id, value="800 USD")
    lead = leads.get_lead(lead_id)
    assert (lead.value_cents, lead.value_currency) == (80_000, "USD")
    leads.update_lead(ctx, lead_id, value="")
    assert queries.lead_json(ctx, lead_id)["value"] is None


def test_a_bad_value_stores_nothing(ctx):
    lead_id = leads.add_lead(ctx, leads.NewLead("Aino", value="5k")).id
    with pytest.raises(InvalidInput):
        leads.update_lead(ctx, lead_id, name="Changed", value="a lot")
    lead = leads.get_lead(lead_id)
    assert (lead.name, lead.value_cents) == ("Aino", 500_000)
    with pytest.raises(InvalidInput):
        leads.add_lead(ctx, leads.NewLead("Other", value="much"))
    assert queries.count_leads(ctx) == 1


def test_currency_config():
    assert config_from_dict({"currency": "dkk"}).currency == "DKK"
    with pytest.raises(ConfigError, match="currency"):
        config_from_dict({"currency": "euros"})


def test_cli_add_value_and_show(ctx, db_path, capsys):
    from leadtui.cli import main

    assert main(["--db", str(db_path), "add", "Aino", "--value", "12k EUR", "--format", "json"]) == 0
    lead_id = __import__("json").loads(capsys.readouterr().out)["id"]
    assert main(["--db", str(db_path), "show", str(lead_id)]) == 0
    assert "12 000 EUR" in capsys.readouterr().out
    assert main(["--db", str(db_path), "add", "Eero", "--value", "plenty"]) == 1
    assert "not an amount" in capsys.readouterr().err
