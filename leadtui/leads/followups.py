"""Follow-ups a user manages: list, reschedule, reword, cancel, and snooze a lead onto the agenda.

Completed and cancelled follow-ups stay (closed: `done_at` set; cancelled ones have
`cancelled_at` too): the lead's timeline shows them. Every change is one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import FollowUp, Lead
from leadtui.errors import InvalidInput
from leadtui.kit.clock import to_local, to_utc
from leadtui.kit.fmt import iso_utc
from leadtui.leads import writes as leads
from leadtui.leads.writes import (
    _refresh_next_follow_up,
    check_follow_up_date,
    get_follow_up,
    get_lead,
)
from leadtui.record import undo
from leadtui.record.readmodels import FollowUpItem


@dataclass(frozen=True)
class FollowUpView:
    id: int
    lead_id: int
    lead_name: str
    due_at: datetime
    what: str
    done_at: datetime | None
    cancelled_at: datetime | None

    @property
    def status(self) -> str:
        return "cancelled" if self.cancelled_at else "done" if self.done_at else "open"

    def as_json(self) -> dict:
        return {"id": self.id, "lead_id": self.lead_id, "lead": self.lead_name, "due_at": iso_utc(self.due_at),
                "what": self.what, "status": self.status, "done_at": iso_utc(self.done_at),
                "cancelled_at": iso_utc(self.cancelled_at)}


def morning_in(now: datetime, days: int) -> datetime:
    """09:00 local time `days` days from today (UTC)."""
    return to_utc(datetime.combine(to_local(now).date() + timedelta(days=days), time(9, 0)))


def list_follow_ups(lead_id: int | None = None, *, include_closed: bool = False,
                    limit: int = 200) -> list[FollowUpView]:
    """Open follow-ups by due date (of one lead, or of every lead not archived); closed ones too if asked."""
    query = (FollowUp.select(FollowUp.id, FollowUp.lead, Lead.name, FollowUp.due_at, FollowUp.what,
                             FollowUp.done_at, FollowUp.cancelled_at).join(Lead))
    if lead_id is not None:
        query = query.where(FollowUp.lead == get_lead(lead_id).id)
    else:
        query = query.where(Lead.archived == False)  # noqa: E712
    if not include_closed:
        query = query.where(FollowUp.done_at.is_null())
    query = query.order_by(FollowUp.done_at.is_null(False), FollowUp.due_at, FollowUp.id).limit(limit)
    return [FollowUpView(*row) for row in query.tuples()]


def _open(follow_up_id) -> FollowUp:
    follow_up = get_follow_up(follow_up_id)
    if follow_up.done_at is not None:
        state = "cancelled" if follow_up.cancelled_at else "done"
        raise InvalidInput(f"follow-up [{follow_up.id}] is already {state}")
    return follow_up


def _refresh(lead_id: int) -> None:
    _refresh_next_follow_up(lead_id)


def reschedule(ctx: Context, follow_up_id, due_at: datetime, *, what: str | None = None,
               force: bool = False) -> FollowUpItem:
    """Move an open follow-up to `due_at` (a date in the past or years ahead needs `force`)."""
    check_follow_up_date(ctx, due_at, force)
    with write_transaction():
        follow_up = _open(follow_up_id)
        undo.remember(ctx, follow_up.lead_id, "reschedule")
        follow_up.due_at = due_at
        if what is not None:
            follow_up.what = what.strip()
        follow_up.save()
        _refresh(follow_up.lead_id)
    return FollowUpItem.of(follow_up)


def set_what(ctx: Context, follow_up_id, what: str) -> FollowUpItem:
    with write_transaction():
        follow_up = _open(follow_up_id)
        undo.remember(ctx, follow_up.lead_id, "follow-up text")
        follow_up.what = what.strip()
        follow_up.save()
    return FollowUpItem.of(follow_up)


def cancel(ctx: Context, follow_up_id) -> FollowUpItem:
    """Close an open follow-up without doing it; it stays in the lead's timeline as cancelled."""
    with write_transaction():
        follow_up = _open(follow_up_id)
        undo.remember(ctx, follow_up.lead_id, "cancel follow-up")
        follow_up.done_at = follow_up.cancelled_at = ctx.now()
        follow_up.save()
        _refresh(follow_up.lead_id)
    return FollowUpItem.of(follow_up)


def snooze_lead(ctx: Context, lead_id: int, days: int, what: str = "snoozed") -> FollowUpItem:
    """Put a lead without a follow-up (stale, new inbound) back on the agenda `days` from now, 09:00."""
    now = ctx.now()
    with write_transaction():
        lead = leads.get_lead(lead_id)
        undo.remember(ctx, lead.id, "snooze")
        return FollowUpItem.of(leads._add_follow_up(lead, morning_in(now, days), what, now))
