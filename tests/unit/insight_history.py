"""A small hand-built history with known answers, shared by the report tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from leadtui.leads import writes as leads

START_OF_HISTORY = datetime(2026, 9, 1, 9, 0)


def at_day(ctx, start, day: float, hours: float = 0):
    ctx.clock.set(start + timedelta(days=day, hours=hours))


def new(ctx, start, name: str, day: float, **fields) -> int:
    at_day(ctx, start, day)
    return leads.add_lead(ctx, leads.NewLead(name, **fields), allow_duplicate=True).id


def move(ctx, start, lead_id: int, day: float, stage: str) -> None:
    at_day(ctx, start, day)
    leads.change_stage(ctx, lead_id, stage)


def build_funnel_history(ctx, start) -> dict[str, int]:
    """A walks every stage to won; B skips stage 3 and is lost; C stays; D was a prospect.

    Days in stage: A 2/3/4/1/2, B 4/2 then (skipped 3) offer until lost.
    """
    ids = {}
    ids["a"] = new(ctx, start, "Aino", 0, source="webinar", direction="inbound", value="12 000 EUR")
    ids["b"] = new(ctx, start, "Lars", 0, source="cold-call")
    ids["c"] = new(ctx, start, "Olga", 1, source="webinar", direction="inbound")
    ids["d"] = new(ctx, start, "Mia", 1, source="fair", kind="prospect")
    for day, stage in ((2, "contact"), (5, "nurture"), (9, "offer"), (10, "decision"), (12, "won")):
        move(ctx, start, ids["a"], day, stage)
    for day, stage in ((4, "contact"), (6, "offer"), (8, "lost")):
        move(ctx, start, ids["b"], day, stage)
    at_day(ctx, start, 3)
    leads.log_activity(ctx, ids["d"], "reply", "interested")  # a prospect showing interest
    leads.set_qualification(ctx, ids["c"], "sql")
    at_day(ctx, start, 4)
    leads.set_qualification(ctx, ids["c"], "mql")  # was SQL once: still counts as reaching it
    at_day(ctx, start, 8)
    leads.set_qualification(ctx, ids["a"], "sql")
    at_day(ctx, start, 20)
    return ids
