"""MQL -> SQL: marketing hands a lead to sales (the source documents' last qualification step).

Confirming SQL gives the lead a sales owner (the one asked for, else the team's rule, else it
keeps its owner), schedules that owner's first contact within the response target, and
writes the hand-off into the lead's history (the qualification and owner events, and a note
in its timeline). The funnel report counts MQL -> SQL from the qualification events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import Activity, Lead
from leadtui.finding import owners
from leadtui.finding.queries import get_lead
from leadtui.kit.fmt import local_short
from leadtui.leads.writes import _add_follow_up
from leadtui.record import undo
from leadtui.record.lifecycle import record_change
from leadtui.record.readmodels import FollowUpItem

FIRST_CONTACT = "first contact after the hand-off"


@dataclass(frozen=True)
class HandOff:
    lead_id: int
    owner: str  # the sales owner now ("" when nobody)
    previous_owner: str
    follow_up: FollowUpItem  # the owner's first contact, within the response target

    def as_json(self) -> dict:
        return {"id": self.lead_id, "owner": self.owner, "previous_owner": self.previous_owner,
                "follow_up_id": self.follow_up.id, "due_at": self.follow_up.due_at.isoformat() + "Z"}


def hand_off(ctx: Context, lead_id: int | str, owner: str | None = None) -> HandOff:
    """Mark the lead SQL and hand it to sales, as one undo step."""
    now = ctx.now()
    with write_transaction():
        lead = get_lead(lead_id)
        undo.remember(ctx, lead.id, "hand-off to sales")
        previous = lead.owner
        record_change(lead, "qualification", "sql", now)
        if owner is not None and owner.strip() and record_change(lead, "owner", owner.strip(), now):
            lead.version += 1
        lead.updated_at = now
        lead.save()
        if not (owner and owner.strip()) and ctx.config.team_rule:
            owners.assign_by_rule(ctx, lead.id)
        new_owner = Lead.get_by_id(lead.id).owner
        due = now + timedelta(hours=ctx.config.response_target_hours)
        follow_up = _add_follow_up(lead, due, FIRST_CONTACT, now)
        Activity.create(lead=lead, kind="note", at=now, outcome="hand-off", created_at=now,
                        body=f"Handed off to sales: {new_owner or 'no owner'}"
                             f"{f' (from {previous})' if previous and previous != new_owner else ''}; "
                             f"first contact by {local_short(due, now)}")
    return HandOff(lead.id, new_owner, previous, FollowUpItem.of(follow_up))

