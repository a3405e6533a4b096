"""Outreach templates: filling in, missing values, mailto links, use, and CRUD."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import pytest

from leadtui.db.models import Activity
from leadtui.errors import InvalidInput, NotFound
from leadtui.leads import templates
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead


@pytest.fixture
def jane(ctx):
    lead = leads.add_lead(ctx, NewLead(name="Jane Q Doe", email="jane@example.com", company="Acme",
                                       interest="the 40-seat plan", source="webinar",
                                       at=ctx.now() - timedelta(days=60)))
    return lead.id


def test_seeded_templates_exist(ctx):
    names = [t.name for t in templates.list_templates()]
    assert names == ["First contact", "Follow-up after silence", "Discovery call"]


def test_render_fills_placeholders(ctx, jane):
    out = templates.render_template(ctx, "first contact", jane)
    assert out.subject == "Acme and us"
    assert out.body.startswith("Hi Jane,\n\nThanks for your interest in the 40-seat plan.")
    assert out.body.endswith("Best regards,\nme")
    assert out.missing == []
    assert out.mailto.startswith("mailto:jane@example.com?subject=Acme%20and%20us&body=Hi%20Jane%2C")
    assert unquote(out.mailto.split("&body=")[1]) == out.body


def test_missing_values_are_marked_never_left_as_braces(ctx):
    lead = leads.add_lead(ctx, NewLead(name="Bob"))
    out = templates.render_template(ctx, "Follow-up after silence", lead.id)
    assert "{" not in out.body + out.subject
    assert "[interest?]" in out.subject and "[company?]" in out.body and "[last_activity?]" in out.body
    assert out.missing == ["interest", "last_activity", "company"]
    assert out.mailto == ""  # no e-mail address


def test_last_activity_and_call_script(ctx, jane, clock):
    leads.log_activity(ctx, jane, "call", at=clock.now() - timedelta(days=20))
    leads.log_activity(ctx, jane, "note", "internal")
    out = templates.render_template(ctx, "Follow-up after silence", jane)
    assert "(call on 3 Nov)" in out.body
    script = templates.render_template(ctx, "Discovery call", jane)
    assert script.channel == "call" and script.mailto == ""
    assert script.missing == ["phone"] and "([phone?])" in script.body


def test_use_template_logs_activity(ctx, jane):
    act = templates.use_template(ctx, "First contact", jane)
    assert (act.kind, act.body) == ("email", "First contact")
    call = templates.use_template(ctx, "Discovery call", jane)
    assert call.kind == "call"
    assert Activity.select().where(Activity.lead == jane).count() == 2
    assert leads.get_lead(jane).first_contacted_at is not None


def test_crud_and_validation(ctx, jane):
    info = templates.add_template("Offer", "Dear {name}, {{literal}} for {company}", subject="Offer: {interest}")
    assert templates.get_template(info.id).name == "Offer"
    out = templates.render_template(ctx, "offer", jane)
    assert out.body == "Dear Jane Q Doe, {literal} for Acme"
    with pytest.raises(InvalidInput, match=r"unknown placeholder \{firstname\} \(known: \{first_name\}"):
        templates.add_template("Bad", "Hi {firstname}")
    with pytest.raises(InvalidInput, match="already exists"):
        templates.add_template("offer", "x")
    with pytest.raises(InvalidInput, match="channel"):
        templates.add_template("Fax", "x", channel="fax")
    updated = templates.update_template("Offer", body="Hello {first_name}", channel="call")
    assert updated.channel == "call" and updated.body == "Hello {first_name}"
    with pytest.raises(InvalidInput, match="unknown placeholder"):
        templates.update_template("Offer", subject="{nope}")
    templates.delete_template("Offer")
    with pytest.raises(NotFound, match="no template 'Offer'"):
        templates.get_template("Offer")


def test_unknown_lead_or_template(ctx, jane):
    with pytest.raises(NotFound):
        templates.render_template(ctx, "First contact", 999)
    with pytest.raises(NotFound, match="templates: First contact"):
        templates.render_template(ctx, "Nope", jane)


def test_a_login_name_never_signs_a_message(ctx, monkeypatch):
    from leadtui.config import Config

    monkeypatch.setattr("leadtui.config.getpass.getuser", lambda: "root")
    ctx.config = Config()  # no config.toml: the owner is only the login name
    lead = leads.add_lead(ctx, NewLead(name="Jane Doe", company="Acme", interest="a quote")).id
    out = templates.render_template(ctx, "First contact", lead)  # the seeded template signs {owner}
    assert out.body.endswith("Best regards,\nThe sales team") and "root" not in out.body
    templates.add_template("Signed", "Thanks!\n{sender}", ctx=ctx)
    assert templates.render_template(ctx, "Signed", lead).body == "Thanks!\nThe sales team"
    ctx.config = Config(owner="Anna")
    assert templates.render_template(ctx, "Signed", lead).body == "Thanks!\nAnna"
