"""MQL/SQL are suggested by thresholds and only recorded when the user confirms."""

from leadtui.db.models import StageChange
from leadtui.leads import writes as leads
from leadtui.scoring import score as scoring


def _lead(ctx, **fields):
    lead = leads.add_lead(ctx, leads.NewLead("Ville Vihreä"))
    if fields:
        leads.update_lead(ctx, lead.id, **fields)
    return leads.get_lead(lead.id)


def test_no_suggestion_for_a_new_lead(ctx):
    assert scoring.suggest_qualification(ctx, _lead(ctx)) is None


def test_engagement_suggests_mql(ctx):
    lead = _lead(ctx)
    leads.log_activity(ctx, lead.id, "call")  # +20 reaches mql_engagement = 20
    assert scoring.suggest_qualification(ctx, leads.get_lead(lead.id)) == "mql"


def test_without_a_profile_complete_bant_alone_suggests_sql(ctx):
    lead = _lead(ctx, bant_authority="yes", bant_budget="yes", bant_need="yes", bant_timeline="yes")
    assert lead.fit_score == 100  # BANT is all the fit there is
    assert scoring.suggest_qualification(ctx, lead) == "sql"
    lead = _lead(ctx, bant_authority="yes", bant_budget="yes", bant_need="yes", bant_timeline="no")
    assert lead.fit_score == 75
    assert scoring.suggest_qualification(ctx, lead) is None


def test_with_a_profile_bant_and_fit_together_suggest_sql(ctx):
    from leadtui.scoring import icp

    icp.save_profile(icp.Profile(locations=["Helsinki"]))
    lead = _lead(ctx, bant_authority="yes", bant_budget="yes", bant_need="yes", bant_timeline="yes")
    assert lead.fit_score == 40  # the profile is not ticked
    assert scoring.suggest_qualification(ctx, lead) is None
    leads.update_lead(ctx, lead.id, location="Helsinki")
    lead = leads.get_lead(lead.id)
    assert lead.fit_score == 100
    assert scoring.suggest_qualification(ctx, lead) == "sql"


def test_suggestion_is_not_applied_until_confirmed(ctx):
    lead = _lead(ctx)
    leads.log_activity(ctx, lead.id, "call")
    assert leads.get_lead(lead.id).qualification == "none"
    leads.set_qualification(ctx, lead.id, "mql")
    assert StageChange.select().where(StageChange.field == "qualification").count() == 1
    assert scoring.suggest_qualification(ctx, leads.get_lead(lead.id)) is None  # no downgrade, no repeat
