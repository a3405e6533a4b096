"""What the TUI can change, the shell can too: edit any field, archive, templates, views."""

from __future__ import annotations

import json

from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Lead, SavedView, StageChange, Template


def _lead(db) -> Lead:
    init_db(db)
    try:
        return Lead.get_by_id(1)
    finally:
        close_db()


def test_edit_every_kind_of_field(cli):
    assert cli("add", "Jane Doe")[0] == 0
    code, out, err = cli("edit", "1", "--title", "CTO", "--budget", "40 000", "--bant-need", "yes",
                         "--employees", "120", "--owner", "anna", "--tags", "vip,partner", "--kind", "prospect",
                         "--value", "12000")
    assert code == 0, err
    lead = _lead(cli.db)
    assert (lead.title, lead.budget, lead.bant_need, lead.employees, lead.owner, lead.kind, lead.value_cents) == (
        "CTO", 40000, True, 120, "anna", "prospect", 1_200_000)
    init_db(cli.db)
    assert {c.field for c in StageChange.select()} >= {"title", "budget", "bant_need", "tags"}
    close_db()
    code, _, err = cli("edit", "1", "--bant-need", "maybe")
    assert code == 1 and "BANT need must be yes, no or empty" in err
    code, _, err = cli("edit", "1")
    assert code == 1 and "say what to change" in err
    assert cli("edit", "99", "--title", "x")[0] == 1


def test_archive_unarchive_and_undo(cli):
    cli("add", "Jane Doe")
    assert cli("archive", "1")[0] == 0 and _lead(cli.db).archived
    assert cli("unarchive", "1")[0] == 0 and not _lead(cli.db).archived
    assert cli("undo")[0] == 0 and _lead(cli.db).archived


def test_templates_add_edit_rm(cli):
    code, out, err = cli("templates", "add", "Thanks", "--body", "Thanks {first_name}!", "--channel", "email")
    assert code == 0, err
    assert cli("templates", "edit", "Thanks", "--subject", "Thank you")[0] == 0
    init_db(cli.db)
    assert Template.get(Template.name == "Thanks").subject == "Thank you"
    close_db()
    assert cli("templates", "rm", "Thanks")[0] == 0
    code, out, _ = cli("templates", "--format", "json")
    assert "Thanks" not in [t["name"] for t in json.loads(out)]
    assert cli("templates", "rm", "Thanks")[0] == 1


def test_saving_a_view_over_an_existing_name_needs_force(cli):
    assert cli("views", "save", "Hot", "temp:hot")[0] == 0
    code, _, err = cli("views", "save", "Hot", "temp:warm")
    assert code == 1 and "--force" in err
    assert cli("views", "save", "Hot", "temp:warm", "--force")[0] == 0
    assert cli("views", "rename", "Hot", "Warm")[0] == 0
    init_db(cli.db)
    assert SavedView.get(SavedView.name == "Warm").query == "temp:warm"
    close_db()


def test_edit_value_sets_changes_and_clears_the_deal_value(cli):
    assert cli("add", "Val Test")[0] == 0
    assert cli("edit", "1", "--value", "12k EUR")[0] == 0
    code, out, _ = cli("show", "1", "--format", "json")
    assert json.loads(out)["value"] == {"amount": 12000.0, "currency": "EUR"}
    assert cli("edit", "1", "value=€1.5m")[0] == 0
    assert (_lead(cli.db).value_cents, _lead(cli.db).value_currency) == (150_000_000, "EUR")
    code, _, err = cli("edit", "1", "--value", "lots")
    assert code == 1 and err.startswith("leadtui: not an amount") and err.count("\n") == 1
    assert cli("edit", "1", "--value", "")[0] == 0
    assert _lead(cli.db).value_cents is None
    init_db(cli.db)
    history = [(c.from_value, c.to_value) for c in StageChange.select().where(StageChange.field == "value")
               .order_by(StageChange.id)]
    close_db()
    assert history == [("", "12 000 EUR"), ("12 000 EUR", "1 500 000 EUR"), ("1 500 000 EUR", "")]
