"""What happens to a lead's tracked fields, in one place.

Stage, kind, qualification and temperature changes are events: `record_change`
sets the field and writes the StageChange row the funnel figures are built
from. `stage_after` is the stage one step forward or back. `activity_effect` and `kind_after_stage` say what an activity or a stage
move does to a lead; the services and the demo generator both ask them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from peewee import chunked

from leadtui.db.models import Lead, StageChange
from leadtui.kit.vocab import INTEREST_KINDS, OUTREACH_KINDS, TOUCH_KINDS

# Reaching one of these stages means they are buying: a prospect is a lead from then on.
LEAD_STAGES = ("offer", "decision", "won")
# One step forward at a time ends at won; lost and disqualified are chosen, not stepped into.
STEPPED_STAGES = ("interest", "contact", "nurture", "offer", "decision", "won")


def stage_after(stage: str, step: int) -> str | None:
    """The stage one step forward (+1) or back (-1) from `stage`; None past either end.

    Lost steps back to decision; a disqualified lead steps nowhere (it is brought back by
    choosing a stage).
    """
    if stage == "lost":
        return "decision" if step < 0 else None
    if stage not in STEPPED_STAGES:
        return None
    index = STEPPED_STAGES.index(stage) + step
    return STEPPED_STAGES[index] if 0 <= index < len(STEPPED_STAGES) else None


# The events of `changes_written_together`, while one is open.
_held: ContextVar[list[StageChange] | None] = ContextVar("held_stage_changes", default=None)
EVENTS_PER_INSERT = 100


def record_change(lead: Lead, field_name: str, value: str, at: datetime) -> StageChange | None:
    """Set `field_name` to `value` and record the event; None when it was already `value`."""
    old = getattr(lead, field_name)
    if old == value:
        return None
    setattr(lead, field_name, value)
    event = StageChange(lead=lead, field=field_name, from_value=old, to_value=value, at=at)
    held = _held.get()
    if held is None:
        event.save(force_insert=True)
    else:
        held.append(event)
    return event


@contextmanager
def changes_written_together() -> Iterator[None]:
    """Inside the caller's write transaction: the events `record_change` records in it are
    written at its end, a hundred per statement (a batch of many leads writes thousands)."""
    held: list[StageChange] = []
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
    for rows in chunked([event.__data__ for event in held], EVENTS_PER_INSERT):
        StageChange.insert_many(rows).execute()


@dataclass(frozen=True)
class ActivityEffect:
    last_touched_at: datetime
    first_contacted_at: datetime | None
    kind: str  # the lead's kind afterwards


def activity_effect(activity_kind: str, at: datetime, *, lead_kind: str, last_touched_at: datetime,
                    first_contacted_at: datetime | None) -> ActivityEffect:
    """A touch moves the last touch, outreach may be the first contact, interest makes a lead."""
    if activity_kind in TOUCH_KINDS and at > last_touched_at:
        last_touched_at = at
    if activity_kind in OUTREACH_KINDS and (first_contacted_at is None or at < first_contacted_at):
        first_contacted_at = at
    if activity_kind in INTEREST_KINDS and lead_kind == "prospect":
        lead_kind = "lead"  # they showed interest
    return ActivityEffect(last_touched_at, first_contacted_at, lead_kind)


def kind_after_stage(stage: str, lead_kind: str) -> str:
    return "lead" if stage in LEAD_STAGES else lead_kind
