"""The write services in leadtui.leads.writes: validation, duplicates, touches, stages, follow-ups."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.errors import DuplicateLead, InvalidInput, NotFound
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead


def _add(ctx, name="Aino Virtanen", **kw):
    return leads.add_lead(ctx, NewLead(name, **kw))


def _fresh(lead_id) -> Lead:
    return Lead.get_by_id(lead_id)


# ---- add -------------------------------------------------------------------------------

def test_add_stores_normalised_contact_data(ctx):
    lead = _add(ctx, "  Jane   Doe ", email="Jane@Example.COM", phone="040 123 4567",
                company=" Acme ", source="Webinar", tags=["#VIP", "q1, vip"], industry="SaaS")
    row = _fresh(lead.id)
    assert row.name == "Jane Doe"
    assert row.email == "jane@example.com"
    assert row.phone == "+358 40 1234567"
    assert (row.company, row.source, row.industry) == ("Acme", "webinar", "saas")
    assert leads.tags_of(lead.id) == ["q1", "vip"]
    assert row.owner == "me"
    assert row.created_at == row.last_touched_at == ctx.now()
    assert row.stale_at == ctx.now() + timedelta(days=30)  # a new lead is cold
    first = StageChange.get(StageChange.lead == lead.id)
    assert (first.field, first.from_value, first.to_value) == ("stage", "", "interest")


def test_add_in_the_past_counts_from_then(ctx):
    at = ctx.now() - timedelta(days=40)
    lead = _add(ctx, at=at)
    row = _fresh(lead.id)
    assert row.created_at == row.last_touched_at == at
    assert row.stale_at == at + timedelta(days=30)


def test_add_with_next_schedules_a_follow_up(ctx):
    due = ctx.now() + timedelta(days=1)
    lead = _add(ctx, next_at=due)
    assert _fresh(lead.id).next_follow_up_at == due
    assert FollowUp.select().where(FollowUp.lead == lead.id).count() == 1


@pytest.mark.parametrize("email", ["jane@", "not an email", "jane@@example.com", "jane@exa mple.com"])
def test_bad_email_is_refused_and_nothing_written(ctx, email):
    with pytest.raises(InvalidInput, match="invalid e-mail") as err:
        _add(ctx, email=email)
    assert repr(email.strip()) in str(err.value)
    assert Lead.select().count() == 0
    assert StageChange.select().count() == 0


@pytest.mark.parametrize("phone", ["12", "+358 1", "call me maybe", "040 12"])
def test_bad_phone_is_refused_and_nothing_written(ctx, phone):
    with pytest.raises(InvalidInput, match="invalid phone") as err:
        _add(ctx, phone=phone)
    assert phone in str(err.value)
    assert Lead.select().count() == 0


def test_force_keeps_invalid_contact_data_as_typed(ctx):
    lead = leads.add_lead(ctx, NewLead("Olga Ivanova", email=" olga@ ", phone=" 12 "), force=True)
    row = _fresh(lead.id)
    assert (row.email, row.phone) == ("olga@", "12")


def test_a_lead_needs_a_name(ctx):
    with pytest.raises(InvalidInput, match="name"):
        _add(ctx, "   ")


def test_unknown_kind_stage_and_direction_are_refused(ctx):
    with pytest.raises(InvalidInput, match="unknown kind 'customer'"):
        _add(ctx, kind="customer")
    with pytest.raises(InvalidInput, match="unknown stage 'maybe'"):
        _add(ctx, stage="maybe")
    with pytest.raises(InvalidInput, match="unknown direction 'sideways'"):
        _add(ctx, direction="sideways")
    assert Lead.select().count() == 0


def test_same_email_in_another_case_is_a_duplicate(ctx):
    first = _add(ctx, "Jane Doe", email="jane@example.com")
    with pytest.raises(DuplicateLead) as err:
        _add(ctx, "J. Doe", email="JANE@Example.com")
    assert [m.id for m in err.value.matches] == [first.id]
    assert f"#{first.id} Jane Doe" in str(err.value)
    assert Lead.select().count() == 1


def test_same_phone_written_differently_is_a_duplicate(ctx):
    first = _add(ctx, "Lars Nielsen", phone="+358 40 123 4567")
    with pytest.raises(DuplicateLead) as err:
        _add(ctx, "Lars N", phone="0401234567")
    assert [m.id for m in err.value.matches] == [first.id]


def test_allow_duplicate_adds_the_twin(ctx):
    _add(ctx, email="a@example.com")
    leads.add_lead(ctx, NewLead("Twin", email="A@example.com"), allow_duplicate=True)
    assert Lead.select().count() == 2


def test_similar_name_at_the_same_company_or_domain_is_a_likely_duplicate(ctx):
    jon = _add(ctx, "Jonathan Smith", company="Acme Oy", email="jon@acme.com")
    with pytest.raises(DuplicateLead) as err:
        _add(ctx, "Jonathon Smith", company="ACME")  # suffix and case aside, the same company
    assert [m.id for m in err.value.matches] == [jon.id]
    assert f"#{jon.id} Jonathan Smith" in str(err.value)
    assert "similar name" in str(err.value) and "same company" in str(err.value)
    with pytest.raises(DuplicateLead, match="same e-mail domain"):
        _add(ctx, "Smith Jonathan", email="j.smith@acme.com")
    assert Lead.select().count() == 1
    leads.add_lead(ctx, NewLead("Jonathon Smith", company="Acme"), allow_duplicate=True)
    assert Lead.select().count() == 2


def test_similar_names_elsewhere_or_other_names_are_no_duplicates(ctx):
    _add(ctx, "Jonathan Smith", company="Acme Oy", email="jon@acme.com")
    _add(ctx, "Jane Smith", company="Acme Oy")  # another name at the same company
    _add(ctx, "Jonathan Smith", company="Other Co")  # the same name at another company
    _add(ctx, "John Doe", email="john.doe@gmail.com")
    _add(ctx, "John Doe", email="jd77@gmail.com")  # a shared free-mail domain is no evidence
    assert Lead.select().count() == 5


def test_likely_twins_say_why(ctx):
    aino = _add(ctx, "Aino Virtanen", company="Lumo Oy", email="aino@lumo.fi")
    (exact,) = leads.likely_twins(ctx, "AINO@lumo.fi", "", "Someone Else", "")
    assert (exact.id, exact.why) == (aino.id, "same e-mail or phone")
    (similar,) = leads.likely_twins(ctx, "", "", "Aino Virtane", "Lumo")
    assert similar.id == aino.id and similar.why.startswith("similar name (96%)")
    assert leads.likely_twins(ctx, "", "", "Aino Virtane", "") == []
    assert leads.likely_twins(ctx, "", "", "", "Lumo") == []


def test_different_contacts_are_not_duplicates(ctx):
    _add(ctx, email="a@example.com", phone="+358 40 1234567")
    _add(ctx, "Other", email="b@example.com", phone="+358 40 7654321")
    assert Lead.select().count() == 2


# ---- lookups ---------------------------------------------------------------------------

def test_get_lead_errors(ctx):
    with pytest.raises(InvalidInput, match="must be a number"):
        leads.get_lead("abc")
    with pytest.raises(NotFound, match="no lead with id 999"):
        leads.get_lead(999)


# ---- activities ------------------------------------------------------------------------

def test_a_touch_moves_last_touched_and_stale_at(ctx, clock):
    lead = _add(ctx, at=ctx.now() - timedelta(days=20))
    clock.advance(hours=1)
    leads.log_activity(ctx, lead.id, "email", "sent the intro")
    row = _fresh(lead.id)
    assert row.last_touched_at == clock.now()
    assert row.stale_at == clock.now() + timedelta(days=30)
    assert row.updated_at == clock.now()


def test_touch_and_deadline_are_written_in_one_transaction(ctx, monkeypatch):
    lead = _add(ctx, at=ctx.now() - timedelta(days=20))
    before = _fresh(lead.id)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(leads, "refresh_stale_at", boom)
    with pytest.raises(RuntimeError):
        leads.log_activity(ctx, lead.id, "call")
    after = _fresh(lead.id)
    assert Activity.select().count() == 0  # the activity was rolled back with the lead
    assert (after.last_touched_at, after.stale_at) == (before.last_touched_at, before.stale_at)


def test_a_note_is_not_a_touch(ctx, clock):
    lead = _add(ctx, at=ctx.now() - timedelta(days=20))
    before = _fresh(lead.id)
    clock.advance(hours=1)
    leads.log_activity(ctx, lead.id, "note", "prefers e-mail")
    after = _fresh(lead.id)
    assert after.last_touched_at == before.last_touched_at
    assert after.stale_at == before.stale_at
    assert after.first_contacted_at is None
    assert Activity.get(Activity.lead == lead.id).body == "prefers e-mail"


def test_an_older_activity_does_not_move_the_touch_back(ctx):
    lead = _add(ctx, at=ctx.now() - timedelta(days=10))
    leads.log_activity(ctx, lead.id, "call")
    leads.log_activity(ctx, lead.id, "call", at=ctx.now() - timedelta(days=5))
    assert _fresh(lead.id).last_touched_at == ctx.now()


def test_outreach_sets_first_contacted_and_an_earlier_one_wins(ctx):
    lead = _add(ctx, at=ctx.now() - timedelta(days=10))
    leads.log_activity(ctx, lead.id, "reply", at=ctx.now() - timedelta(days=8))
    assert _fresh(lead.id).first_contacted_at is None  # their reply is not our contact
    leads.log_activity(ctx, lead.id, "email", at=ctx.now() - timedelta(days=3))
    assert _fresh(lead.id).first_contacted_at == ctx.now() - timedelta(days=3)
    leads.log_activity(ctx, lead.id, "call", at=ctx.now() - timedelta(days=6))
    assert _fresh(lead.id).first_contacted_at == ctx.now() - timedelta(days=6)
    leads.log_activity(ctx, lead.id, "meeting")
    assert _fresh(lead.id).first_contacted_at == ctx.now() - timedelta(days=6)


@pytest.mark.parametrize("kind", ["reply", "form", "download", "replied", "web_form"])
def test_a_prospect_showing_interest_becomes_a_lead(ctx, kind):
    lead = _add(ctx, kind="prospect")
    leads.log_activity(ctx, lead.id, kind)
    assert _fresh(lead.id).kind == "lead"
    event = StageChange.get(StageChange.lead == lead.id, StageChange.field == "kind")
    assert (event.from_value, event.to_value) == ("prospect", "lead")


@pytest.mark.parametrize("kind", ["call", "email", "note", "social"])
def test_our_own_outreach_leaves_a_prospect_a_prospect(ctx, kind):
    lead = _add(ctx, kind="prospect")
    leads.log_activity(ctx, lead.id, kind)
    assert _fresh(lead.id).kind == "prospect"


def test_unknown_activity_kind_is_refused(ctx):
    lead = _add(ctx)
    with pytest.raises(InvalidInput, match="unknown activity kind 'lunch'"):
        leads.log_activity(ctx, lead.id, "lunch")
    assert Activity.select().count() == 0


def test_log_on_a_missing_lead_is_not_found(ctx):
    with pytest.raises(NotFound):
        leads.log_activity(ctx, 42, "call")


def test_log_with_next_schedules_a_follow_up(ctx):
    lead = _add(ctx)
    due = ctx.now() + timedelta(days=2)
    leads.log_activity(ctx, lead.id, "call", next_at=due)
    assert _fresh(lead.id).next_follow_up_at == due


# ---- stages ----------------------------------------------------------------------------

def test_change_stage_writes_an_event(ctx, clock):
    lead = _add(ctx)
    clock.advance(days=1)
    event = leads.change_stage(ctx, lead.id, "4")
    assert (event.field, event.from_value, event.to_value, event.at) == ("stage", "interest", "offer", clock.now())
    assert _fresh(lead.id).stage == "offer"
    stored = StageChange.select().where(StageChange.lead == lead.id, StageChange.field == "stage").count()
    assert stored == 2  # creation + this move


def test_same_stage_writes_no_event(ctx):
    lead = _add(ctx, stage="contact")
    assert leads.change_stage(ctx, lead.id, "contact") is None
    assert StageChange.select().where(StageChange.lead == lead.id).count() == 1


def test_stage_by_name_prefix_and_unknown_stage(ctx):
    lead = _add(ctx)
    leads.change_stage(ctx, lead.id, "Comm")  # a prefix of the label "3 Communication"
    assert _fresh(lead.id).stage == "nurture"
    with pytest.raises(InvalidInput, match="unknown stage 'bogus'"):
        leads.change_stage(ctx, lead.id, "bogus")
    assert _fresh(lead.id).stage == "nurture"


def test_requesting_an_offer_makes_a_prospect_a_lead(ctx):
    lead = _add(ctx, kind="prospect")
    leads.change_stage(ctx, lead.id, "offer")
    assert _fresh(lead.id).kind == "lead"


@pytest.mark.parametrize("stage", ["won", "lost", "disqualified"])
def test_closed_leads_never_go_stale(ctx, stage):
    lead = _add(ctx, at=ctx.now() - timedelta(days=90))
    assert _fresh(lead.id).stale_at is not None
    leads.change_stage(ctx, lead.id, stage)
    assert _fresh(lead.id).stale_at is None


# ---- follow-ups ------------------------------------------------------------------------

def test_follow_ups_keep_next_follow_up_at_right(ctx):
    lead = _add(ctx)
    later = leads.schedule_follow_up(ctx, lead.id, ctx.now() + timedelta(days=5), "send offer")
    sooner = leads.schedule_follow_up(ctx, lead.id, ctx.now() + timedelta(days=1), "call back")
    assert _fresh(lead.id).next_follow_up_at == sooner.due_at
    leads.complete_follow_up(ctx, sooner.id)
    assert FollowUp.get_by_id(sooner.id).done_at == ctx.now()
    assert _fresh(lead.id).next_follow_up_at == later.due_at
    leads.complete_follow_up(ctx, later.id)
    assert _fresh(lead.id).next_follow_up_at is None


def test_a_later_follow_up_does_not_replace_the_sooner_one(ctx):
    lead = _add(ctx)
    soon = ctx.now() + timedelta(hours=2)
    leads.schedule_follow_up(ctx, lead.id, soon)
    leads.schedule_follow_up(ctx, lead.id, soon + timedelta(days=3))
    assert _fresh(lead.id).next_follow_up_at == soon


def test_snooze_counts_from_now_when_overdue_and_from_due_otherwise(ctx):
    lead = _add(ctx)
    overdue = leads.schedule_follow_up(ctx, lead.id, ctx.now() - timedelta(days=3), force=True)
    future = leads.schedule_follow_up(ctx, lead.id, ctx.now() + timedelta(days=2))
    moved = leads.snooze_follow_up(ctx, overdue.id, timedelta(days=1))
    assert moved.due_at == ctx.now() + timedelta(days=1)
    assert _fresh(lead.id).next_follow_up_at == ctx.now() + timedelta(days=1)
    leads.snooze_follow_up(ctx, overdue.id, timedelta(days=5))
    assert _fresh(lead.id).next_follow_up_at == future.due_at
    moved = leads.snooze_follow_up(ctx, future.id, timedelta(days=1))
    assert moved.due_at == ctx.now() + timedelta(days=3)


def test_complete_open_follow_ups_clears_next(ctx):
    lead = _add(ctx)
    leads.schedule_follow_up(ctx, lead.id, ctx.now() + timedelta(days=1))
    leads.schedule_follow_up(ctx, lead.id, ctx.now() + timedelta(days=2))
    assert leads.complete_open_follow_ups(ctx, lead.id) == 2
    assert _fresh(lead.id).next_follow_up_at is None


def test_unknown_follow_up_is_not_found(ctx):
    with pytest.raises(NotFound, match="no follow-up with id 7"):
        leads.complete_follow_up(ctx, 7)
    with pytest.raises(NotFound):
        leads.snooze_follow_up(ctx, 7, timedelta(days=1))


def test_schedule_on_a_missing_lead_is_not_found(ctx):
    with pytest.raises(NotFound):
        leads.schedule_follow_up(ctx, 3, ctx.now())
    assert FollowUp.select().count() == 0


# ---- archive, edit, delete --------------------------------------------------------------

def test_archive_removes_staleness_and_unarchive_restores_it(ctx):
    lead = _add(ctx, at=ctx.now() - timedelta(days=40))
    assert _fresh(lead.id).stale_at == ctx.now() - timedelta(days=10)
    leads.set_archived(ctx, lead.id, True)
    row = _fresh(lead.id)
    assert row.archived and row.stale_at is None
    leads.set_archived(ctx, lead.id, False)
    assert _fresh(lead.id).stale_at == ctx.now() - timedelta(days=10)


def test_update_coerces_numbers_and_yes_no(ctx):
    lead = _add(ctx)
    leads.update_lead(ctx, lead.id, employees="1 200", revenue="2,500,000", age="", bant_need="yes",
                      bant_budget="n", company="  Lumo Oy ")
    row = _fresh(lead.id)
    assert (row.employees, row.revenue, row.age) == (1200, 2_500_000, None)
    assert (row.bant_need, row.bant_budget, row.bant_timeline) == (True, False, None)
    assert row.company == "Lumo Oy"


@pytest.mark.parametrize(("changes", "message"), [
    ({"employees": "many"}, "employees must be a whole number, got 'many'"),
    ({"employees": "-5"}, "employees cannot be negative, got '-5'"),
    ({"revenue": "-2,000"}, "revenue cannot be negative"),
    ({"bant_need": "maybe"}, "BANT need must be yes, no or empty"),
    ({"score": 100}, "cannot edit score"),
    ({"name": "  "}, "a lead needs a name"),
    ({"email": "broken@"}, "invalid e-mail 'broken@'"),
    ({"phone": "123"}, "invalid phone '123'"),
    ({"kind": "customer"}, "unknown kind 'customer'"),
])
def test_update_errors_change_nothing(ctx, changes, message):
    lead = _add(ctx, email="aino@lumo.fi")
    before = _fresh(lead.id).__data__.copy()
    with pytest.raises(InvalidInput) as err:
        leads.update_lead(ctx, lead.id, **changes)
    assert message in str(err.value)
    assert _fresh(lead.id).__data__ == before


def test_update_validates_contact_data_unless_forced(ctx):
    lead = _add(ctx)
    leads.update_lead(ctx, lead.id, email="AINO@Lumo.fi", phone="050 765 4321")
    row = _fresh(lead.id)
    assert (row.email, row.phone) == ("aino@lumo.fi", "+358 50 7654321")
    leads.update_lead(ctx, lead.id, force=True, phone="ext. 12")
    assert _fresh(lead.id).phone == "ext. 12"


def test_update_kind_records_an_event_and_tags_replace(ctx):
    lead = _add(ctx, kind="prospect", tags=["old"])
    leads.update_lead(ctx, lead.id, kind="lead", tags=["new, VIP"])
    assert _fresh(lead.id).kind == "lead"
    assert StageChange.select().where(StageChange.field == "kind").count() == 1
    assert leads.tags_of(lead.id) == ["new", "vip"]


def test_delete_removes_the_lead_and_its_rows(ctx):
    lead = _add(ctx, tags=["x"])
    leads.log_activity(ctx, lead.id, "call")
    leads.schedule_follow_up(ctx, lead.id, ctx.now())
    leads.delete_lead(lead.id)
    for model in (Lead, Activity, FollowUp, StageChange, LeadTag):
        assert model.select().count() == 0, model.__name__


def test_snoozing_an_overdue_follow_up_keeps_its_time_of_day(ctx):
    lead = _add(ctx)  # the clock says Monday 12:00
    overdue = leads.schedule_follow_up(ctx, lead.id, datetime(2026, 11, 13, 9, 0), force=True)
    assert leads.snooze_follow_up(ctx, overdue.id, timedelta(days=1)).due_at == datetime(2026, 11, 24, 9, 0)
    assert leads.snooze_follow_up(ctx, overdue.id, timedelta(days=7)).due_at == datetime(2026, 12, 1, 9, 0)


def test_messages_speak_the_users_words(ctx):
    from leadtui.kit.validation import normalise_phone

    with pytest.raises(InvalidInput) as err:
        normalise_phone("hello", "FI")
    assert "(1)" not in str(err.value) and "did not seem" not in str(err.value)


def test_copy_text_reports_whether_a_tool_took_it(tmp_path):
    from leadtui.kit.clipboard import copy_text

    assert copy_text("x", commands=(("no-such-clipboard-tool",),)) is False
    assert copy_text("x", commands=(("false",),)) is False
    assert copy_text("x", commands=(("true",),)) is True


def test_plain_words_find_phone_and_location(ctx):
    from leadtui.finding.paging import iter_leads
    from leadtui.finding.queries import LeadFilter

    lead = leads.add_lead(ctx, leads.NewLead("Aino Virtanen", phone="+358 40 1234567", location="Helsinki"))
    leads.add_lead(ctx, leads.NewLead("Other Person", location="Oslo"))
    for words in ("helsinki", "1234567", "35840123", "virtanen helsinki"):
        assert [r.id for r in list(iter_leads(ctx, LeadFilter(text=words)))] == [lead.id], words
    leads.update_lead(ctx, lead.id, location="Tampere")
    assert [r.id for r in list(iter_leads(ctx, LeadFilter(text="tampere")))] == [lead.id]
    assert list(iter_leads(ctx, LeadFilter(text="helsinki"))) == []
