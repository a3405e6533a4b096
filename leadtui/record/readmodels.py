"""Plain, frozen read models: what the services hand to the screens and the CLI.

No Peewee object leaves the services: a screen or a worker's message holds
these instead, so they can cross threads and do not care which database engine
filled them. `queries.lead_detail` is the one builder of `LeadDetail`; the
detail screen draws it and `show --format json` prints its `as_json()`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from leadtui.kit.fmt import iso_utc
from leadtui.record.fields import LEAD_FIELDS


@dataclass(frozen=True)
class LeadFields:
    """Every stored field of one lead, by the model's names."""

    id: int
    name: str
    company: str
    title: str
    email: str
    phone: str
    website: str
    location: str
    industry: str
    employees: int | None
    revenue: int | None
    budget: int | None
    age: int | None
    income: int | None
    source: str
    direction: str
    kind: str
    stage: str
    qualification: str
    temperature: str
    temperature_pinned: bool
    bant_authority: bool | None
    bant_budget: bool | None
    bant_need: bool | None
    bant_timeline: bool | None
    interest: str
    owner: str
    created_at: datetime
    first_contacted_at: datetime | None
    last_touched_at: datetime
    next_follow_up_at: datetime | None
    fit_score: int
    engagement_score: int
    score: int
    archived: bool
    value_cents: int | None
    value_currency: str
    version: int = 0  # what a save based on this copy must still find (leadtui.record.versions)
    phone_unverified: bool = False  # kept as written: no valid number could be read from it
    email_unverified: bool = False

    # Fields defined in leadtui.record.fields that have no attribute above, as (column, value):
    # a new field shows in the form and on the lead page before anyone adds it here.
    more: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, record) -> LeadFields:
        """Copy the fields out of a stored lead (any object with these attributes)."""
        declared = {f.name for f in fields(cls)}
        values = {name: getattr(record, name) for name in declared if name != "more"}
        more = tuple((column, getattr(record, column)) for f in LEAD_FIELDS for column in f.stored_in
                     if column not in declared)
        return cls(**values, more=more)

    def __getattr__(self, name: str):
        # Only called for names that are no attribute: those of `more`.
        for column, value in self.__dict__.get("more", ()):
            if column == name:
                return value
        raise AttributeError(name)


@dataclass(frozen=True)
class LeadRef:
    """A lead named in a message (a likely duplicate, say)."""

    id: int
    name: str
    why: str = ""  # what makes it one: "same e-mail or phone", "similar name (92%) at …"


@dataclass(frozen=True)
class Fit:
    """The lead against the ideal customer profile."""

    ticks: int
    total: int
    fits: bool
    failed: tuple[str, ...]

    def label(self) -> str:
        if not self.total:
            return "no profile"
        return f"{self.ticks}/{self.total} {'✓' if self.fits else '✗'}"


@dataclass(frozen=True)
class ScoreLine:
    points: int
    reason: str
    at: datetime | None = None


@dataclass(frozen=True)
class Score:
    fit: int
    engagement: int
    lines: tuple[ScoreLine, ...]

    @property
    def score(self) -> int:
        return self.fit + self.engagement


@dataclass(frozen=True)
class FollowUpItem:
    id: int
    lead_id: int
    due_at: datetime
    what: str
    done_at: datetime | None
    cancelled_at: datetime | None = None  # closed without being done

    @classmethod
    def of(cls, record) -> FollowUpItem:
        return cls(record.id, record.lead_id, record.due_at, record.what, record.done_at, record.cancelled_at)


@dataclass(frozen=True)
class ActivityItem:
    id: int
    lead_id: int
    kind: str
    at: datetime
    body: str
    outcome: str
    author: str = ""  # who logged it ('' before authors were kept, or nobody configured)

    @classmethod
    def of(cls, record) -> ActivityItem:
        return cls(record.id, record.lead_id, record.kind, record.at, record.body, record.outcome,
                   record.author)


@dataclass(frozen=True)
class ChangeItem:
    field: str
    from_value: str
    to_value: str
    at: datetime
    author: str = ""  # who changed it

    @classmethod
    def of(cls, record) -> ChangeItem:
        return cls(record.field, record.from_value, record.to_value, record.at, record.author)


@dataclass(frozen=True)
class LeadDetail:
    """One lead with everything the detail screen and `show` display."""

    lead: LeadFields
    row: object  # queries.LeadRow: the list's view of the same lead (stale, fits)
    tags: tuple[str, ...]
    fit: Fit
    score: Score
    suggested_qualification: str | None
    follow_ups: tuple[FollowUpItem, ...]  # open ones first, by due date
    activities: tuple[ActivityItem, ...]  # newest first
    changes: tuple[ChangeItem, ...]  # newest first
    more_activities: bool = False  # older activities than these exist (a paged read)
    more_changes: bool = False
    priority: object = None  # priority.Priority on Today, part by part; None: not on Today

    @property
    def open_follow_ups(self) -> tuple[FollowUpItem, ...]:
        return tuple(f for f in self.follow_ups if f.done_at is None)

    @property
    def off_profile(self) -> bool:
        """A prospect failing a profile that has criteria: off Today and the list (the rule of
        leadtui.scoring.icp.is_off_profile, on the fit as the page reads it)."""
        return self.lead.kind == "prospect" and self.fit.total > 0 and not self.fit.fits

    def as_json(self) -> dict:
        lead = self.lead
        data = self.row.as_json()
        for f in LEAD_FIELDS:  # every field the list's row leaves out (value and tags: below)
            if f.name not in data and f.kind not in ("money", "tags"):
                data[f.name] = getattr(lead, f.name)
        data["phone_unverified"], data["email_unverified"] = lead.phone_unverified, lead.email_unverified
        data["icp"] = {"ticks": self.fit.ticks, "total": self.fit.total, "fits": self.fit.fits,
                       "failed": list(self.fit.failed)}
        data["off_profile"] = self.off_profile  # a prospect off the profile: off Today, the list and the board
        data["score_breakdown"] = [{"points": line.points, "reason": line.reason, "at": iso_utc(line.at)}
                                   for line in self.score.lines]
        data["suggested_qualification"] = self.suggested_qualification
        data["value"] = (None if lead.value_cents is None else
                         {"amount": lead.value_cents / 100, "currency": lead.value_currency})
        data["tags"] = list(self.tags)
        data["activities"] = [{"id": a.id, "kind": a.kind, "at": iso_utc(a.at), "body": a.body,
                               "by": a.author} for a in self.activities]
        data["follow_ups"] = [{"id": f.id, "due_at": iso_utc(f.due_at), "what": f.what,
                               "done_at": iso_utc(f.done_at), "cancelled_at": iso_utc(f.cancelled_at)}
                              for f in self.follow_ups]
        data["changes"] = [{"field": c.field, "from": c.from_value, "to": c.to_value, "at": iso_utc(c.at),
                            "by": c.author} for c in self.changes]
        data["priority"] = None if self.priority is None else self.priority.as_json()
        return data
