"""What needs attention now, for when the TUI is closed: `leadtui remind [--notify]`.

Follow-ups due or overdue, hot and warm leads that went stale, inbound leads past the response
target. `announce` sends one desktop notification (notify-send, where there is one) naming the
leads, and remembers what it announced (a setting), so a cron job every 15 minutes says each
thing once; what is no longer due is forgotten, so it is announced again if it comes back.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import FollowUp, Lead, Setting
from leadtui.kit.fmt import iso_utc
from leadtui.kit.vocab import CLOSED_STAGES

SHOWN = 50  # items per kind listed (the counts are whole)
ANNOUNCED = "remind.announced"
NAMED = 4  # leads named in one notification
KINDS = {"follow-up": "follow-up due", "stale": "hot or warm lead gone stale",
         "inbound": "inbound lead past the response target"}
TITLES = {"follow-up": "Follow-ups due", "stale": "Hot and warm leads gone stale",
          "inbound": "Inbound leads past the response target"}


@dataclass(frozen=True)
class Reminder:
    kind: str  # follow-up, stale, inbound
    lead_id: int
    name: str
    company: str
    temperature: str
    since: datetime  # when it came due, went stale, or passed the target
    what: str = ""
    follow_up_id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.follow_up_id or self.lead_id}:{iso_utc(self.since)}"

    def as_json(self) -> dict:
        return {"kind": self.kind, "lead_id": self.lead_id, "name": self.name, "company": self.company,
                "temperature": self.temperature, "since": iso_utc(self.since), "what": self.what,
                "follow_up_id": self.follow_up_id}


@dataclass(frozen=True)
class Reminders:
    items: list[Reminder]
    counts: dict[str, int]

    def as_json(self) -> dict:
        return {"counts": self.counts, "items": [r.as_json() for r in self.items]}


def _open_leads():
    return (Lead.archived == False) & Lead.stage.not_in(CLOSED_STAGES)  # noqa: E712


def reminders(ctx: Context, limit: int = SHOWN) -> Reminders:
    now = ctx.now()
    due = (FollowUp.select(FollowUp.id, FollowUp.due_at, FollowUp.what, Lead.id, Lead.name,
                           Lead.company, Lead.temperature)
           .join(Lead).where(FollowUp.done_at.is_null(), FollowUp.due_at <= now, _open_leads())
           .order_by(FollowUp.due_at))
    stale = (Lead.select(Lead.id, Lead.name, Lead.company, Lead.temperature, Lead.stale_at)
             .where(Lead.stale_at <= now, Lead.temperature.in_(("hot", "warm")), _open_leads())
             .order_by(Lead.temperature, Lead.stale_at))  # hot before warm
    deadline = now - timedelta(hours=ctx.config.response_target_hours)
    inbound = (Lead.select(Lead.id, Lead.name, Lead.company, Lead.temperature, Lead.created_at)
               .where(Lead.direction == "inbound", Lead.first_contacted_at.is_null(),
                      Lead.created_at <= deadline, _open_leads())
               .order_by(Lead.created_at))
    items = [Reminder("follow-up", f.lead.id, f.lead.name, f.lead.company, f.lead.temperature,
                      f.due_at, f.what, f.id) for f in due.limit(limit)]
    items += [Reminder("stale", r.id, r.name, r.company, r.temperature, r.stale_at)
              for r in stale.limit(limit)]
    target = timedelta(hours=ctx.config.response_target_hours)
    items += [Reminder("inbound", r.id, r.name, r.company, r.temperature, r.created_at + target)
              for r in inbound.limit(limit)]
    return Reminders(items, {"follow-up": due.count(), "stale": stale.count(), "inbound": inbound.count()})


@dataclass(frozen=True)
class Announcement:
    sent: bool
    new: list[Reminder]
    why: str = ""  # why nothing was sent

    def as_json(self) -> dict:
        return {"sent": self.sent, "announced": [r.as_json() for r in self.new], "why": self.why}


def summary(items: list[Reminder]) -> tuple[str, str]:
    """A notification's title and body: counts by kind, then the leads named."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    title = "leadtui: " + ", ".join(f"{n} {_plural(KINDS[k], n)}" for k, n in counts.items())
    named = []
    for item in items[:NAMED]:
        detail = f" ({item.what})" if item.what else (f", {item.company}" if item.company else "")
        named.append(f"{item.name}{detail}")
    more = len(items) - len(named)
    return title, "; ".join(named) + (f" and {more} more" if more > 0 else "")


def _plural(label: str, n: int) -> str:
    """"follow-up due" -> "follow-ups due": the first word takes the s."""
    first, _, rest = label.partition(" ")
    return label if n == 1 else f"{first}s {rest}".strip()


def announce(ctx: Context, found: Reminders) -> Announcement:
    """One desktop notification of what was not announced before; nothing when nothing is new."""
    current = {item.key: item for item in found.items}
    new = [item for key, item in current.items() if key not in _announced()]
    sent, why = _notify_send(*summary(new)) if new else (False, "nothing new since the last announcement")
    with write_transaction():  # the lock is not held while notify-send runs
        kept = (_announced() & current.keys()) | ({item.key for item in new} if sent else set())
        Setting.put(ANNOUNCED, json.dumps(sorted(kept)))
    return Announcement(sent, new if sent else [], why)


def _announced() -> set[str]:
    row = Setting.get_or_none(Setting.key == ANNOUNCED)
    try:
        return set(json.loads(row.value)) if row else set()
    except ValueError:
        return set()


def _notify_send(title: str, body: str) -> tuple[bool, str]:
    program = shutil.which("notify-send")
    if program is None:
        return False, "notify-send is not installed"
    try:
        done = subprocess.run([program, "--app-name=leadtui", title, body], timeout=10,
                              capture_output=True, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"notify-send failed: {exc}"
    return done.returncode == 0, "" if done.returncode == 0 else "notify-send failed"
