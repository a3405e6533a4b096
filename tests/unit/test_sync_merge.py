"""The three-way merge of one record: who changed which field since the last sync."""

from leadtui.sync.merge import merge_record

BASE = {"name": "Aino", "company": "Lumo", "title": ""}


def test_a_field_changed_on_one_side_takes_that_change():
    merged = merge_record(BASE, {**BASE, "company": "Lumo Oy"}, {**BASE, "title": "CTO"})
    assert merged.to_server == {"company": "Lumo Oy"} and merged.to_laptop == {"title": "CTO"}
    assert merged.result == {"name": "Aino", "company": "Lumo Oy", "title": "CTO"}
    assert merged.conflicts == []


def test_a_field_changed_on_both_sides_keeps_the_servers_and_records_the_laptops():
    merged = merge_record(BASE, {**BASE, "name": "Aino V."}, {**BASE, "name": "Aino Virtanen"})
    assert merged.result["name"] == "Aino Virtanen" and merged.to_server == {}
    assert [(c.field, c.server, c.laptop) for c in merged.conflicts] == [("name", "Aino Virtanen", "Aino V.")]


def test_the_same_change_on_both_sides_is_no_conflict():
    merged = merge_record(BASE, {**BASE, "title": "CEO"}, {**BASE, "title": "CEO"})
    assert merged.conflicts == [] and merged.to_server == {} and merged.to_laptop == {}


def test_new_and_deleted_records():
    assert merge_record(None, BASE, None).action == "push-new"
    assert merge_record(None, None, BASE).action == "pull-new"
    assert merge_record(BASE, None, BASE).action == "delete-server"
    assert merge_record(BASE, BASE, None).action == "delete-laptop"
    # A delete loses to a change the other side made since the last sync.
    assert merge_record(BASE, None, {**BASE, "title": "CTO"}).action == "pull-new"
    revived = merge_record(BASE, {**BASE, "title": "CTO"}, None)
    assert revived.action == "revive" and revived.conflicts[0].field == "deleted"


def test_a_record_both_have_without_a_base_is_merged_against_the_servers():
    """A push that committed on the server while the laptop's own write was lost."""
    merged = merge_record(None, BASE, BASE)
    assert merged.conflicts == [] and merged.to_server == {} and merged.to_laptop == {}
