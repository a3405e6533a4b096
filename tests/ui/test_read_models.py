"""The detail screen and `show --format json` render one plain read model, built once."""

from __future__ import annotations

import argparse
import dataclasses
import json

from peewee import Model

from leadtui.cli.leads import cmd_show
from leadtui.leads import writes as leads
from leadtui.record.readmodels import LeadDetail
from leadtui.scoring import icp
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.edit import EditLeadDialog


def _plain(value) -> bool:
    """No Peewee object anywhere inside a read model."""
    if isinstance(value, Model):
        return False
    if dataclasses.is_dataclass(value):
        return all(_plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    return True


def _json(data) -> dict:
    return json.loads(json.dumps(data, default=str))


async def test_detail_screen_and_show_json_render_the_same_object(app, world, ctx, text_of):
    lead_id = world["overdue"]
    icp.save_profile(icp.Profile(locations=["Helsinki"], industries=["saas"]))
    leads.update_lead(ctx, lead_id, location="Helsinki", bant_need="yes")
    leads.log_activity(ctx, lead_id, "call", "asked about pricing")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_lead(lead_id)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LeadDetailScreen)
        detail = screen.detail
        assert isinstance(detail, LeadDetail) and _plain(detail)
        shown, _ = cmd_show(ctx, argparse.Namespace(id=str(lead_id)))
        assert _json(shown) == _json(detail.as_json())
        # What the screen draws comes from that object: fit, breakdown, suggestion, follow-ups.
        fields = text_of(screen.query_one("#detail-fields"))
        assert f"{detail.fit.label()}  failed: industry" in fields
        assert shown["icp"] == {"ticks": 1, "total": 2, "fits": False, "failed": ["industry"]}
        score = text_of(screen.query_one("#detail-score"))
        assert f"Score {detail.score.score} = fit {detail.score.fit}" in score
        assert all(line.reason in score for line in detail.score.lines)
        assert "BANT need" in score and "+20  call" in score
        follow_ups = text_of(screen.query_one("#detail-follow-ups"))
        assert len(detail.open_follow_ups) == 1 and "none scheduled" not in follow_ups


async def test_edit_dialog_fills_in_from_the_read_model(app, world, ctx):
    leads.update_lead(ctx, world["due"], tags=["vip", "q1"], title="CTO")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_lead(world["due"])
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditLeadDialog) and dialog.detail is not None
        assert dialog.query_one("#f-title").value == "CTO"
        assert dialog.query_one("#f-tags").value == "q1, vip"
