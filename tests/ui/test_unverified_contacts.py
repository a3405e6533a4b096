"""A phone or e-mail an import kept unverified: the detail marks it, the edit form clears it."""

from __future__ import annotations

import pytest

from leadtui.db.models import Lead
from leadtui.leads import writes as leads
from leadtui.screens.detail import LeadDetailScreen


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_detail_marks_an_unverified_phone_and_a_valid_edit_clears_it(app, ctx, size, text_of):
    lead_id = leads.add_lead(ctx, leads.NewLead("Kept Phone", phone="12-34 ask Eero"), force=True).id
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_lead(lead_id)
        await pilot.pause()
        fields = text_of(app.screen.query_one("#detail-fields"))
        assert "12-34 ask Eero" in fields and "⚠ unverified" in fields
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")  # saved as it is: the unverified phone is no error
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert "⚠ unverified" in text_of(app.screen.query_one("#detail-fields"))
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#f-phone").value = "040 1234567"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        fields = text_of(app.screen.query_one("#detail-fields"))
        assert "+358 40 1234567" in fields and "unverified" not in fields
    lead = Lead.get_by_id(lead_id)
    assert (lead.phone, lead.phone_unverified) == ("+358 40 1234567", False)
