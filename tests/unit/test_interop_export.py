"""Exports: JSON round-trips into an empty database, .ics parses back, CSV and vCard re-import."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Lead
from leadtui.interop.export import export_leads
from leadtui.interop.importer import prepare, run_import
from leadtui.leads.writes import (
    NewLead,
    add_lead,
    change_stage,
    complete_follow_up,
    log_activity,
    pin_temperature,
    schedule_follow_up,
    set_archived,
)


def _world(ctx):
    jane = add_lead(ctx, NewLead("Jane Doe", email="jane@acme.com", phone="+358401234567",
                                 company="Acme Oy", title="CEO", source="webinar", tags=["vip", "eu"],
                                 interest="pricing, SSO", industry="saas", location="Helsinki"))
    ctx.clock.advance(hours=1)
    log_activity(ctx, jane.id, "call", "talked about pricing")
    log_activity(ctx, jane.id, "reply", "sent the deck")
    change_stage(ctx, jane.id, "offer")
    first = schedule_follow_up(ctx, jane.id, ctx.now() + timedelta(days=1), "send offer")
    done = schedule_follow_up(ctx, jane.id, ctx.now() + timedelta(days=2), "old one")
    complete_follow_up(ctx, done.id)
    bob = add_lead(ctx, NewLead("Bob Phone", phone="+46701234567", kind="prospect"))
    pin_temperature(ctx, bob.id, "hot")
    gone = add_lead(ctx, NewLead("Archived Person", email="old@x.com"))
    set_archived(ctx, gone.id)
    return jane, bob, gone, first


def _without_ids(doc: dict) -> list[dict]:
    return [{k: v for k, v in lead.items() if k != "id"} for lead in doc["leads"]]


def test_json_round_trips_into_an_empty_database(ctx, tmp_path):
    _world(ctx)
    first = export_leads(ctx, "json")
    everything = json.loads(first.text)
    assert {lead["name"] for lead in everything["leads"]} == {"Jane Doe", "Bob Phone"}
    jane = next(lead for lead in everything["leads"] if lead["name"] == "Jane Doe")
    assert jane["tags"] == ["eu", "vip"]
    assert [a["kind"] for a in jane["activities"]] == ["call", "reply"]
    assert len(jane["follow_ups"]) == 2 and {c["to"] for c in jane["changes"]} >= {"interest", "offer"}
    path = tmp_path / "export.json"
    path.write_text(first.text)
    close_db()
    init_db(tmp_path / "empty.db")
    report = run_import(ctx, prepare(ctx, str(path)))
    assert report.counts()["created"] == 2 and not report.failed
    again = json.loads(export_leads(ctx, "json").text)
    assert _without_ids(again) == _without_ids(everything)


def test_json_export_of_a_query_and_of_archived(ctx):
    _world(ctx)
    assert [x["name"] for x in json.loads(export_leads(ctx, "json", "kind:prospect").text)["leads"]] == ["Bob Phone"]
    names = [x["name"] for x in json.loads(export_leads(ctx, "json", "archived").text)["leads"]]
    assert "Archived Person" in names


def test_ics_has_open_follow_ups_as_timed_utc_events_with_alarms(ctx):
    from icalendar import Calendar

    _, _, _, first = _world(ctx)
    out = export_leads(ctx, "ics")
    assert out.events == 1
    calendar = Calendar.from_ical(out.text)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == first.due_at.replace(tzinfo=UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert str(event["summary"]) == "Follow up: Jane Doe — send offer"
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(minutes=15)
    # Stable UIDs: a later export names the same event the same way.
    ctx.clock.advance(days=1)
    (later,) = Calendar.from_ical(export_leads(ctx, "ics").text).walk("VEVENT")
    assert later["uid"] == event["uid"] and str(event["uid"]).startswith(f"follow-up-{first.id}@")


def test_csv_opens_as_a_table_and_imports_back(ctx, tmp_path):
    _world(ctx)
    text = export_leads(ctx, "csv").text
    rows = list(csv.DictReader(io.StringIO(text)))
    jane = next(r for r in rows if r["name"] == "Jane Doe")
    assert (jane["email"], jane["tags"], jane["stage"], jane["company"]) == (
        "jane@acme.com", "eu, vip", "offer", "Acme Oy")
    path = tmp_path / "leads.csv"
    path.write_text(text, encoding="utf-8")
    close_db()
    init_db(tmp_path / "again.db")
    prepared = prepare(ctx, str(path))
    assert prepared.format.startswith("leadtui CSV export")
    run_import(ctx, prepared)
    back = Lead.get(Lead.email == "jane@acme.com")
    assert (back.name, back.phone, back.stage, back.source, back.industry) == (
        "Jane Doe", "+358 40 1234567", "offer", "webinar", "saas")
    assert back.created_at == datetime(2026, 11, 23, 12)
    assert Lead.get(Lead.name == "Bob Phone").kind == "prospect"


def test_vcard_3_0_export_reads_back(ctx, tmp_path):
    import vobject

    _world(ctx)
    text = export_leads(ctx, "vcard").text
    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == ["Jane Doe", "Bob Phone"]
    assert cards[0].version.value == "3.0" and cards[0].email.value == "jane@acme.com"
    assert cards[0].org.value == ["Acme Oy"] and cards[0].categories.value == ["eu", "vip"]
    path = tmp_path / "out.vcf"
    path.write_text(text)
    close_db()
    init_db(tmp_path / "again.db")
    run_import(ctx, prepare(ctx, str(path)))
    back = Lead.get(Lead.email == "jane@acme.com")
    assert (back.company, back.title, back.phone) == ("Acme Oy", "CEO", "+358 40 1234567")


def _settings_world(ctx):
    from leadtui.db.models import SavedView, ScoringRule, Template
    from leadtui.finding import views
    from leadtui.leads import templates
    from leadtui.scoring import icp, rules

    for model in (ScoringRule, Template, SavedView):
        model.delete().execute()  # the user's own tables, not the defaults a new database has
    rules.add_rule("meeting", 15)
    rules.add_rule("download", 5, field="source", value="webinar")
    rules.add_rule("silence", -5, days=14)
    templates.add_template("Thanks", "Thanks {first_name}!", "Thank you")
    views.save_view("Hot webinar", "temp:hot source:webinar")
    profile = icp.Profile(industries=["saas"], locations=["Helsinki"], revenue=(1_000_000, None))
    icp.save_profile(profile, ctx)


def _settings_now():
    from leadtui.finding import views
    from leadtui.leads import templates
    from leadtui.scoring import icp, rules

    return (icp.load_profile(), [(r.kind, r.points, r.days, r.field, r.value) for r in rules.load_rules()],
            [(t.name, t.channel, t.subject, t.body) for t in templates.list_templates()],
            [(v.name, v.query) for v in views.list_views()])


def test_json_export_carries_the_settings_and_an_empty_database_gets_them_back(ctx, tmp_path):
    _settings_world(ctx)
    jane, *_ = _world(ctx)
    before = _settings_now()
    fit = Lead.get_by_id(jane.id).fit_score
    text = export_leads(ctx, "json").text
    settings = json.loads(text)["settings"]
    assert settings["profile"]["industries"] == ["saas"]
    assert {r["kind"] for r in settings["rules"]} == {"meeting", "download", "silence"}
    assert [t["name"] for t in settings["templates"]] == ["Thanks"]
    assert [v["name"] for v in settings["views"]] == ["Hot webinar"]
    path = tmp_path / "export.json"
    path.write_text(text)
    close_db()
    init_db(tmp_path / "empty.db")
    assert "would restore profile, 3 scoring rules" in run_import(ctx, prepare(ctx, str(path)), dry_run=True).summary()
    report = run_import(ctx, prepare(ctx, str(path)))
    assert report.restored == ("profile", "3 scoring rules", "1 templates", "1 saved views")
    assert _settings_now() == before
    assert Lead.get(Lead.name == "Jane Doe").fit_score == fit  # scored against the restored profile
    assert json.loads(export_leads(ctx, "json").text)["settings"] == settings


def test_importing_an_export_into_a_database_with_leads_keeps_its_own_settings(ctx, tmp_path):
    _settings_world(ctx)
    _world(ctx)
    path = tmp_path / "export.json"
    path.write_text(export_leads(ctx, "json").text)
    close_db()
    init_db(tmp_path / "other.db")
    add_lead(ctx, NewLead("Already Here"))
    before = _settings_now()
    report = run_import(ctx, prepare(ctx, str(path)))
    assert report.restored == () and report.counts()["created"] == 2
    assert _settings_now() == before
