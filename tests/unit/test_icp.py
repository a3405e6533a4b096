"""The ideal customer profile: the worked example, B2B criteria, the cached fit and `fits:no`."""

from __future__ import annotations

import pytest

from leadtui.db.models import Lead
from leadtui.errors import InvalidInput
from leadtui.finding import paging, queries
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.scoring import icp, rescore

BIG_CITIES = ["Helsinki", "Stockholm", "Copenhagen", "Oslo"]


def b2c_profile() -> icp.Profile:
    """Age 30–40, income about €50,000, lives in a big city."""
    return icp.Profile(age=icp.parse_range("30-40"), income=icp.parse_range("40000-60000"),
                       locations=icp.parse_list(",".join(BIG_CITIES)))


def person(ctx, name, *, age, income, location, kind="prospect") -> Lead:
    lead = leads.add_lead(ctx, NewLead(name=name, location=location, kind=kind), allow_duplicate=True)
    return leads.update_lead(ctx, lead.id, age=age, income=income)


def matching(ctx, text: str) -> set[int]:
    return {r.id for r in list(paging.iter_leads(ctx, queries.LeadFilter(query=text)))}


def test_worked_example_from_the_source_documents(ctx):
    icp.save_profile(b2c_profile())
    one = person(ctx, "Candidate One", age=36, income=45_000, location="Helsinki")
    two = person(ctx, "Candidate Two", age=25, income=35_000, location="Stockholm")
    profile = icp.load_profile()

    first = icp.evaluate(one, profile)
    assert (first.ticks, first.total, first.fits, first.failed) == (3, 3, True, [])
    assert first.label() == "3/3 ✓"

    second = icp.evaluate(two, profile)
    assert (second.ticks, second.total, second.fits) == (1, 3, False)
    assert sorted(second.failed) == ["age", "income"]

    # The fit is cached on the lead when it is scored, and the query language reads it.
    assert (Lead.get_by_id(one.id).icp_ticks, Lead.get_by_id(one.id).icp_total) == (3, 3)
    assert (Lead.get_by_id(two.id).icp_ticks, Lead.get_by_id(two.id).icp_total) == (1, 3)
    assert matching(ctx, "fits:yes") == {one.id}
    assert matching(ctx, "fits:no") == {two.id}
    assert Lead.get_by_id(one.id).fit_score > Lead.get_by_id(two.id).fit_score


def test_profile_round_trip_and_ranges():
    assert icp.parse_range("30-40") == (30, 40)
    assert icp.parse_range("40k..60k") == (40_000, 60_000)
    assert icp.parse_range("1M-10M") == (1_000_000, 10_000_000)  # the profile screen's own example
    assert icp.parse_range("1.5m+") == (1_500_000, None)
    assert icp.parse_range("50+") == (50, None)
    assert icp.parse_range("-100") == (None, 100)
    assert icp.parse_range("") == (None, None)
    with pytest.raises(InvalidInput):
        icp.parse_range("lots")


def test_profile_saved_and_loaded(ctx):
    profile = b2c_profile()
    profile.min_share = 0.5
    icp.save_profile(profile)
    loaded = icp.load_profile()
    assert loaded == profile
    assert loaded.criteria() == ["age", "income", "location"]
    with pytest.raises(InvalidInput, match="above the high end"):
        icp.save_profile(icp.Profile(age=(40, 30)))
    with pytest.raises(InvalidInput, match="min_share"):
        icp.save_profile(icp.Profile(min_share=1.5))


def test_b2b_criteria(ctx):
    profile = icp.Profile(industries=["saas", "fintech"], budget_min=10_000, revenue=(1_000_000, None),
                          employees=(20, 500), locations=["Helsinki"])
    icp.save_profile(profile)
    good = leads.add_lead(ctx, NewLead(name="Good Co", industry="SaaS", location="Helsinki"))
    good = leads.update_lead(ctx, good.id, budget=25_000, revenue=5_000_000, employees=120)
    result = icp.evaluate(good, profile)
    assert (result.ticks, result.total, result.fits) == (5, 5, True)

    weak = leads.add_lead(ctx, NewLead(name="Weak Co", industry="retail", location="Turku"))
    weak = leads.update_lead(ctx, weak.id, budget=5_000, revenue=5_000_000, employees=120)
    result = icp.evaluate(weak, profile)
    assert (result.ticks, result.total, result.fits) == (2, 5, False)
    assert sorted(result.failed) == ["budget", "industry", "location"]

    # 4 of 5 is 80%: enough with the default 75%.
    almost = leads.update_lead(ctx, weak.id, industry="fintech", location="Helsinki")
    assert icp.evaluate(almost, profile).fits
    assert matching(ctx, "fits:no") == set()


def test_no_profile_means_everyone_fits(ctx):
    lead = leads.add_lead(ctx, NewLead(name="Anyone"))
    assert icp.evaluate(lead, icp.load_profile()).label() == "no profile"
    assert matching(ctx, "fits:yes") == {lead.id}
    assert matching(ctx, "fits:no") == set()


def test_prospect_that_changed_no_longer_fits(ctx):
    icp.save_profile(b2c_profile())
    lead = person(ctx, "Mover", age=35, income=50_000, location="Copenhagen")
    assert matching(ctx, "kind:prospect fits:no") == set()
    leads.update_lead(ctx, lead.id, location="Tiny Village", income=20_000)  # moved, new job
    assert matching(ctx, "kind:prospect fits:no") == {lead.id}


def test_profile_change_then_rescore_flags_prospects(ctx):
    icp.save_profile(b2c_profile())
    young = person(ctx, "Young", age=28, income=50_000, location="Oslo")
    older = person(ctx, "Older", age=38, income=50_000, location="Oslo")
    assert matching(ctx, "fits:no") == {young.id}  # 2/3 < 75%

    icp.save_profile(icp.Profile(age=(25, 32), income=(40_000, 60_000), locations=BIG_CITIES))
    assert matching(ctx, "fits:no") == {young.id}  # cached until rescored
    seen = []
    assert rescore.rescore_all(ctx, progress=lambda done, total: seen.append((done, total)), batch=1) == 2
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert matching(ctx, "fits:no") == {older.id}
    assert matching(ctx, "fits:yes") == {young.id}


def test_min_share_is_used_by_the_query(ctx):
    profile = b2c_profile()
    profile.min_share = 0.6  # 2 of 3 is enough
    icp.save_profile(profile)
    lead = person(ctx, "Two of three", age=28, income=50_000, location="Oslo")
    assert matching(ctx, "fits:yes") == {lead.id}


def test_the_fit_reads_exactly_the_fields_defined_as_fit():
    """An import scores leads alike in these once: a field the fit reads but that is not
    marked fit would give two different leads one score."""
    from leadtui.scoring.score import FIT_FIELDS, fit_result

    class Recording:
        read: set[str] = set()

        def __getattr__(self, name):
            self.read.add(name)
            return None

    every_criterion = icp.Profile(age=(20, 60), income=(1, 2), revenue=(1, 2), employees=(1, 2),
                                  budget_min=1, locations=["Oulu"], industries=["retail"])
    fit_result(Recording(), every_criterion)
    assert Recording.read == set(FIT_FIELDS)
    assert {"age", "location", "bant_need"} <= set(FIT_FIELDS)
