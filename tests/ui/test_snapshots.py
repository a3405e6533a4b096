"""Snapshots of the main screens at 120×40 on fixed data and a fixed clock.

Regenerate after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from leadtui import leads

SIZE = (120, 40)


def test_today_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE)


def test_leads_screen(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, press=["2"])


def test_lead_detail_screen(snap_compare, app, world, ctx):
    leads.log_activity(ctx, world["overdue"], "call", "asked about pricing for 40 seats")
    leads.log_activity(ctx, world["overdue"], "download", "pricing guide")
    assert snap_compare(app, terminal_size=SIZE, press=["enter"])
