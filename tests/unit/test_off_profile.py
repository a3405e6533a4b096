"""Prospects that no longer fit the profile go stale: off Today and the list, found by `fits:no`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sql_trace import plan_of, statements

from leadtui.finding import paging, queries
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.scoring import icp, rescore

SAAS_IN_HELSINKI = icp.Profile(industries=["saas"], locations=["Helsinki"])


def _add(ctx, name, *, industry, kind="prospect", overdue=False, **fields):
    now = ctx.now()
    return leads.add_lead(ctx, NewLead(
        name=name, kind=kind, industry=industry, location="Helsinki", at=now - timedelta(days=60),
        next_at=now - timedelta(days=1) if overdue else None, **fields), force=True).id


@pytest.fixture
def people(ctx):
    """A fitting prospect, one that does not fit, and a lead that does not fit (it showed interest)."""
    ids = {"fits": _add(ctx, "Fia Fits", industry="saas"),
           "off": _add(ctx, "Olle Off", industry="retail", overdue=True),
           "lead": _add(ctx, "Lea Lead", industry="retail", kind="lead")}
    icp.save_profile(SAAS_IN_HELSINKI, ctx)
    rescore.rescore_all(ctx)
    return ids


def _on_today(ctx) -> set[int]:
    view = queries.today(ctx)
    return {item.lead.id for _key, _title, items in view.sections() for item in items}


def _listed(ctx, query: str = "") -> set[int]:
    flt = queries.LeadFilter(query=query, hide_off_profile=True)
    return {row.id for row in paging.iter_leads(ctx, flt)}


def test_the_rule_a_prospect_that_does_not_fit_a_profile_with_criteria():
    assert icp.is_off_profile("prospect", False, SAAS_IN_HELSINKI)
    assert not icp.is_off_profile("prospect", True, SAAS_IN_HELSINKI)
    assert not icp.is_off_profile("lead", False, SAAS_IN_HELSINKI)  # it showed interest: never hidden
    assert not icp.is_off_profile("prospect", False, icp.Profile())  # no criteria: everyone fits
    assert icp.off_profile_condition(icp.Profile()) is None


def test_a_prospect_off_the_profile_leaves_today_and_the_list_and_fits_no_finds_it(ctx, people):
    assert _on_today(ctx) == {people["fits"], people["lead"]}  # both stale (60 days untouched)
    view = queries.today(ctx)
    assert view.off_profile == 1 and sum(view.counts.values()) == 2
    assert _listed(ctx) == {people["fits"], people["lead"]}
    assert _listed(ctx, "fits:no") == {people["off"], people["lead"]}
    assert _listed(ctx, "-fits") == {people["off"], people["lead"]}
    assert _listed(ctx, "olle") == set()  # a search keeps the default: the hint says why
    assert queries.count_shown_and_hidden(ctx, queries.LeadFilter(hide_off_profile=True)) == (2, 1)
    assert queries.count_shown_and_hidden(ctx, queries.LeadFilter(query="olle", hide_off_profile=True)) == (0, 1)
    assert queries.count_shown_and_hidden(ctx, queries.LeadFilter(query="fits:no", hide_off_profile=True)) == (2, 0)
    # Exports and look-ups by name keep every lead
    assert {row.id for row in paging.iter_leads(ctx, queries.LeadFilter())} == set(people.values())
    assert queries.lead_detail(ctx, people["off"]).priority is None
    assert queries.lead_json(ctx, people["off"])["off_profile"] is True
    assert queries.lead_json(ctx, people["lead"])["off_profile"] is False  # showed interest


def test_the_query_the_hints_name_lists_exactly_the_prospects_left_out(ctx, people):
    """`fits:no` lists leads that fail the profile too (never hidden): the hints name the query
    that lists the hidden ones and no others."""
    assert _listed(ctx, icp.OFF_PROFILE_QUERY) == {people["off"]}
    assert queries.count_shown_and_hidden(ctx, queries.LeadFilter(query=icp.OFF_PROFILE_QUERY)) == (1, 0)


def test_it_comes_back_when_its_own_fields_make_it_fit(ctx, people):
    leads.update_lead(ctx, people["off"], industry="saas")
    assert people["off"] in _on_today(ctx) and people["off"] in _listed(ctx)
    item = next(i for i in queries.today(ctx).overdue if i.lead.id == people["off"])
    assert item.what == "" and queries.lead_detail(ctx, people["off"]).priority.section == "overdue"


def test_it_comes_back_when_the_profile_changes(ctx, people):
    icp.save_profile(icp.Profile(industries=["saas", "retail"], locations=["Helsinki"]), ctx)
    rescore.rescore_all(ctx)
    assert _on_today(ctx) == set(people.values()) and queries.today(ctx).off_profile == 0


def test_it_comes_back_at_once_when_the_profile_is_cleared(ctx, people):
    icp.save_profile(icp.Profile(), ctx)  # before any rescore reached it: no criteria, everyone fits
    assert _on_today(ctx) == set(people.values())
    assert _listed(ctx) == set(people.values())


def test_it_comes_back_when_it_shows_interest(ctx, people):
    leads.update_lead(ctx, people["off"], kind="lead")
    assert people["off"] in _on_today(ctx) and people["off"] in _listed(ctx)


def test_a_stricter_share_hides_at_once(ctx, people):
    """Two of two criteria needed; one of two ticked (Helsinki only) falls short."""
    half = _add(ctx, "Hal Half", industry="media")
    assert half not in _on_today(ctx)
    icp.save_profile(icp.Profile(industries=["saas"], locations=["Helsinki"], min_share=0.5), ctx)
    assert half in _on_today(ctx) and people["off"] in _on_today(ctx)


def _plans(ctx) -> list[str]:
    """The plan of each count Today makes (its sections', and the prospects it leaves off)."""
    return [plan_of(sql) for sql in statements(lambda: queries.today(ctx))
            if sql.startswith(("SELECT COUNT", "SELECT SUM"))]


def test_with_a_profile_today_counts_from_indexes_and_the_prospects_left_off_from_theirs(ctx, people):
    plans = _plans(ctx)
    assert len(plans) == 5, plans  # four sections, then the prospects off the profile in all of them
    for plan in plans[:4]:
        assert "COVERING INDEX" in plan, plan
    assert "COVERING INDEX lead_prospect_today" in plans[4], plans[4]


def test_without_a_profile_today_reads_as_it_did(ctx):
    _add(ctx, "Olle Off", industry="retail", overdue=True)
    plans = _plans(ctx)
    assert len(plans) == 4 and all("COVERING INDEX" in plan for plan in plans), plans
