"""Views and templates are found by name whatever the case, in any script."""

from __future__ import annotations

import pytest

from leadtui.db.models import SavedView, Template
from leadtui.errors import InvalidInput
from leadtui.finding import views
from leadtui.kit.names import name_key
from leadtui.leads import templates


def test_a_view_saved_in_cyrillic_is_found_in_any_case(ctx):
    views.save_view("Ольга", "temp:hot", ctx)
    assert views.get_view("ольга").name == "Ольга"
    assert views.get_view("  ОЛЬГА ").query == "temp:hot"


def test_saving_the_same_name_in_another_case_replaces_the_view(ctx):
    before = SavedView.select().count()
    views.save_view("Ольга", "temp:hot", ctx)
    views.save_view("ольга", "temp:warm", ctx, replace=True)  # the same view: replacing is asked for
    mine = [(v.name, v.query) for v in views.list_views() if v.name.casefold() == "ольга"]
    assert mine == [("ольга", "temp:warm")]
    assert SavedView.select().count() == before + 1
    views.delete_view("ОЛЬГА")
    assert SavedView.select().count() == before


def test_templates_by_name_in_any_case(ctx):
    before = Template.select().count()
    templates.add_template("Ärzte Willkommen", "Hallo {first_name}")
    assert templates.get_template("ärzte willkommen").name == "Ärzte Willkommen"
    with pytest.raises(InvalidInput, match="already exists"):
        templates.add_template("ÄRZTE WILLKOMMEN", "Hallo")
    other = templates.add_template("Straße", "Hi")
    with pytest.raises(InvalidInput, match="already exists"):
        templates.update_template(other.id, name="ärzte   willkommen")
    assert Template.select().count() == before + 2


def test_name_key_ignores_case_and_spacing():
    assert name_key(" Hot  Leads ") == name_key("hot leads")
    assert name_key("Straße") == name_key("STRASSE")
