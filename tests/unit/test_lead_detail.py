"""The lead's detail read in pages: the newest activities and changes first."""

from __future__ import annotations

from datetime import timedelta

from leadtui.db.models import Activity, StageChange
from leadtui.finding import queries
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead


def test_a_paged_read_holds_the_newest_and_tells_whether_older_ones_exist(ctx):
    lead = leads.add_lead(ctx, NewLead("Aino", company="Lumo"))
    start = ctx.now() - timedelta(days=30)
    Activity.insert_many([{"lead": lead.id, "kind": "note", "at": start + timedelta(days=i), "body": str(i),
                           "created_at": start}
                          for i in range(12)]).execute()
    StageChange.insert_many([{"lead": lead.id, "field": "stage", "from_value": "new", "to_value": "contact",
                              "at": start + timedelta(days=i)} for i in range(3)]).execute()
    paged = queries.lead_detail(ctx, lead.id, timeline=5)
    assert [a.body for a in paged.activities] == ["11", "10", "9", "8", "7"]
    assert paged.more_activities
    whole = queries.lead_detail(ctx, lead.id)
    assert len(whole.activities) == 12 and not whole.more_activities
    assert not queries.lead_detail(ctx, lead.id, timeline=12).more_activities
    changes = len(whole.changes)
    assert queries.lead_detail(ctx, lead.id, timeline=changes - 1).more_changes
    assert not queries.lead_detail(ctx, lead.id, timeline=changes).more_changes
