"""The scoring table from the source documents, editable rules, and rescoring everyone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from leadtui.db.models import Lead
from leadtui.errors import InvalidInput, NotFound
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.scoring import rescore, rules
from leadtui.scoring import score as scoring


def new(ctx, name="Jane", **kw) -> int:
    return leads.add_lead(ctx, NewLead(name=name, **kw), allow_duplicate=True).id


def test_seeded_rules_are_the_example_table(ctx):
    table = [(r.kind, r.points, r.days) for r in rules.load_rules()]
    assert table == [("download", 10, 30), ("reply", 5, 30), ("call", 20, 30), ("silence", -10, 30)]


def test_example_points(ctx, clock):
    lead_id = new(ctx)
    leads.log_activity(ctx, lead_id, "download")
    leads.log_activity(ctx, lead_id, "reply")
    leads.log_activity(ctx, lead_id, "call")
    lead = Lead.get_by_id(lead_id)
    assert lead.engagement_score == 35 and lead.score == 35


def test_silence_costs_ten_per_thirty_days(ctx, clock):
    lead_id = new(ctx)
    leads.log_activity(ctx, lead_id, "call")
    clock.advance(days=61)
    result = scoring.rescore_lead(ctx, Lead.get_by_id(lead_id))
    assert result.engagement == 20 - 20
    assert any("no reaction for 30 days ×2" in line.reason for line in result.lines)


def test_rule_crud_and_validation(ctx):
    rule = rules.add_rule("meeting", 15)
    assert rule.label() == "meeting"
    limited = rules.add_rule("download", 5, field="source", value="Webinar")
    assert limited.value == "webinar" and limited.label() == "download when source=webinar"
    updated = rules.update_rule(rule.id, "meeting", 25)
    assert updated.points == 25
    rules.delete_rule(rule.id)
    with pytest.raises(NotFound):
        rules.delete_rule(rule.id)
    with pytest.raises(InvalidInput, match="unknown activity kind"):
        rules.add_rule("smoke signal", 5)
    with pytest.raises(InvalidInput, match="whole numbers"):
        rules.add_rule("call", "many")
    with pytest.raises(InvalidInput, match="limited by"):
        rules.add_rule("call", 5, field="colour", value="red")
    with pytest.raises(InvalidInput, match="at least 1"):
        rules.add_rule("silence", -5, days=0)


def test_rule_change_then_rescore_all(ctx, clock):
    webinar = new(ctx, "Webinar Lead", source="webinar")
    fair = new(ctx, "Fair Lead", source="fair")
    archived = new(ctx, "Gone")
    for lead_id in (webinar, fair, archived):
        leads.log_activity(ctx, lead_id, "download")
    leads.set_archived(ctx, archived)
    assert Lead.get_by_id(webinar).score == 10

    rules.add_rule("download", 15, field="source", value="webinar")
    assert Lead.get_by_id(webinar).score == 10  # stored scores change only on rescoring
    assert rescore.rescore_all(ctx) == 2
    assert Lead.get_by_id(webinar).score == 25
    assert Lead.get_by_id(fair).score == 10
    assert Lead.get_by_id(archived).score == 10  # archived leads are left alone


def test_rescore_all_moves_temperature_and_records_it(ctx):
    lead_id = new(ctx)
    for _ in range(3):
        leads.log_activity(ctx, lead_id, "call")
    assert Lead.get_by_id(lead_id).temperature == "hot"  # 60 ≥ 50
    call_rule = next(r for r in rules.load_rules() if r.kind == "call")
    rules.update_rule(call_rule.id, "call", 5)
    rescore.rescore_all(ctx, batch=1)
    lead = Lead.get_by_id(lead_id)
    assert (lead.engagement_score, lead.temperature) == (15, "cold")
    from leadtui.db.models import StageChange

    assert StageChange.select().where(StageChange.lead == lead_id, StageChange.field == "temperature",
                                      StageChange.to_value == "cold").count() == 1


def test_pinned_temperature_survives_rescoring(ctx):
    lead_id = new(ctx)
    leads.pin_temperature(ctx, lead_id, "hot")
    rescore.rescore_all(ctx)
    assert Lead.get_by_id(lead_id).temperature == "hot"


def test_rescore_all_matches_single_lead_scoring(ctx, clock):
    ids = [new(ctx, f"Lead {i}", at=clock.now() - timedelta(days=60)) for i in range(7)]
    for i, lead_id in enumerate(ids):
        for kind in ("call", "reply", "download", "email")[: i % 4 + 1]:
            leads.log_activity(ctx, lead_id, kind, at=clock.now() - timedelta(days=i * 9))
    clock.advance(days=45)
    rescore.rescore_all(ctx, batch=3)
    for lead_id in ids:
        lead = Lead.get_by_id(lead_id)
        assert lead.score == scoring.breakdown(ctx, lead).score
