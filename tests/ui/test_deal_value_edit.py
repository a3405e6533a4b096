"""The deal value is edited in the lead's form and shown in its detail."""

from __future__ import annotations

from leadtui.db.models import Lead
from leadtui.screens.detail import LeadDetailScreen

SIZE = (120, 40)


async def test_edit_form_sets_the_deal_value_and_detail_shows_it(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_lead(world["due"])
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#f-value").value = "a lot"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "not an amount" in text_of(app.screen.query_one("#error"))
        app.screen.query_one("#f-value").value = "15k DKK"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert "15 000 DKK" in text_of(app.screen.query_one("#detail-fields"))
    lead = Lead.get_by_id(world["due"])
    assert (lead.value_cents, lead.value_currency) == (1_500_000, "DKK")
