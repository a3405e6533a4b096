"""A lead field is defined once (leadtui.record.fields): one added there shows up everywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from leadtui.db.models import Lead
from leadtui.record import fields as leadfields

SCRIPT = Path(__file__).with_name("new_field_script.py")


def test_a_field_added_in_one_place_is_in_the_form_the_page_export_import_queries_versions_sync_rules_templates(tmp_path):
    run = subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "leads.db")],
                         capture_output=True, text=True, timeout=300,
                         env={"LEADTUI_CONFIG": str(tmp_path / "none.toml"), "TZ": "UTC",
                              "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen["form"] == "Enterprise"  # the edit form
    assert "Segment" in seen["detail"] and "Enterprise" in seen["detail"]  # the lead page
    assert seen["found"] == [seen["aino"]]  # the query language: segment:enter
    header = seen["csv_header"].split(",")
    assert "segment" in header  # the export
    assert any("Enterprise" in row for row in seen["csv"])
    assert seen["bumped"] == 1  # the version trigger, whoever writes
    assert "segment" in seen["merge"]  # a merge offers it
    assert "segment" in seen["history"]  # an edit of it is in the lead's history
    assert seen["show"] == "Enterprise"  # leadtui show --format json
    assert seen["added"] == "Retail"  # leadtui add --segment
    assert "segment        Enterprise" in seen["show_text"]  # and as text
    assert "meeting when segment=enterprise" in seen["scored"][0]  # a scoring rule limited by it
    assert "segment" not in seen["scored"][1]
    assert seen["template"] == "Hello Aino in Enterprise"  # a template's {segment}
    assert seen["guessed"] == "segment"  # an import maps a column named after it
    assert seen["created"] == ["Retail"] and seen["updated"] == ["Public sector"]  # and writes it
    assert seen["preset"] == "segment"  # leadtui's own CSV export reads back
    assert seen["read_back"] == ["Enterprise", "Startup"]
    assert seen["sync_read"] == "Enterprise" and seen["sync_wrote"] == "Nonprofit"  # leadtui sync


def test_every_defined_field_is_stored_in_a_lead_column():
    columns = set(Lead._meta.fields)
    for field in leadfields.LEAD_FIELDS:
        assert set(field.stored_in) <= columns, field.name
        assert field.kind in leadfields.KINDS


# The Lead columns that are no field people set: worked out (scores, deadlines, touches),
# bookkeeping (ids, versions, times) and the marks of a phone or e-mail kept unverified.
NOT_FIELDS = {"id", "version", "created_at", "updated_at", "first_contacted_at", "last_touched_at",
              "next_follow_up_at", "stale_at", "score_changes_at", "fit_score", "engagement_score",
              "score", "icp_ticks", "icp_total", "phone_unverified", "email_unverified"}


def test_every_lead_column_is_a_defined_field_or_worked_out():
    """A column added to the model without its LeadField would be missed by the form, the
    export, the import, sync and everything else built from the definition."""
    columns = {column for f in leadfields.LEAD_FIELDS for column in f.stored_in}
    assert set(Lead._meta.fields) - NOT_FIELDS == columns


def test_no_import_part_is_named_as_a_lead_field():
    """A field named "region" would be hidden behind the address part of that name."""
    from leadtui.interop.fields import PART_TARGETS, TARGETS

    assert not set(PART_TARGETS) & {f.name for f in leadfields.LEAD_FIELDS}
    assert set(TARGETS) == set(PART_TARGETS) | {f.name for f in leadfields.imported()}


def test_the_version_trigger_watches_the_versioned_columns(ctx):
    from leadtui.db.version_trigger import ensure_version_trigger, watched_columns

    assert watched_columns() == set(leadfields.versioned_columns())  # as migration 0005 made it
    assert not ensure_version_trigger(leadfields.versioned_columns())
    assert ensure_version_trigger(("name",)) and watched_columns() == {"name"}
    assert ensure_version_trigger(leadfields.versioned_columns())
    assert watched_columns() == set(leadfields.versioned_columns())


def test_the_version_trigger_runs_only_for_updates_naming_a_versioned_column(ctx):
    """Migration 0005's trigger ran for every update of a lead; a database from before gets
    the one that runs only when an update names a versioned column, when it is opened."""
    import re

    from leadtui.db.connection import database, is_postgres
    from leadtui.db.version_trigger import ensure_version_trigger
    from leadtui.leads import writes as leads

    if not is_postgres():
        old = database.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'lead_version'").fetchone()[0]
        assert "AFTER UPDATE OF name, company" in old
        database.execute_sql("DROP TRIGGER lead_version")
        database.execute_sql(re.sub(r"AFTER UPDATE OF .*? ON lead", "AFTER UPDATE ON lead", old, count=1))
        assert ensure_version_trigger(leadfields.versioned_columns())
        assert not ensure_version_trigger(leadfields.versioned_columns())
    lead_id = leads.add_lead(ctx, leads.NewLead(name="Aino")).id
    Lead.update(score=40, engagement_score=20).where(Lead.id == lead_id).execute()
    assert Lead.get_by_id(lead_id).version == 0
    Lead.update(company="Acme", score=41).where(Lead.id == lead_id).execute()
    assert Lead.get_by_id(lead_id).version == 1
