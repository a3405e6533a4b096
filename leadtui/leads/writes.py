"""Writing leads: create, edit, tag, log activities, move stages, schedule follow-ups.

Every write that changes what staleness depends on recomputes `stale_at` in
the same transaction, and every stage/qualification change writes its event,
so the list, Today and the reports never disagree with the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from leadtui.context import Context
from leadtui.db.connection import team_member_login, write_transaction
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.errors import DoubtfulDate, DuplicateLead, InvalidInput, NotFound
from leadtui.finding.queries import get_lead  # the lead a write changes (also `leads.get_lead`)
from leadtui.kit.clock import local_day_bounds, to_local, to_utc
from leadtui.kit.fmt import local_iso
from leadtui.kit.money import format_money, parse_money
from leadtui.kit.validation import normalise_email, normalise_phone, parse_id
from leadtui.kit.vocab import (
    DIRECTIONS,
    LEAD_KINDS,
    QUALIFICATIONS,
    TEMPERATURES,
    parse_activity_kind,
    parse_choice,
    parse_stage,
)
from leadtui.kit.when import follow_up_doubt
from leadtui.record import fields as leadfields
from leadtui.record import undo
from leadtui.record.dedupe import similar_leads
from leadtui.record.lifecycle import activity_effect, kind_after_stage, record_change, stage_after
from leadtui.record.readmodels import ActivityItem, ChangeItem, FollowUpItem, LeadFields, LeadRef
from leadtui.record.staleness import refresh_stale_at
from leadtui.scoring import score as scoring

# A moment typed as "now" in one process may be a little ahead of another's clock.
CLOCK_SLACK = timedelta(minutes=5)

# Fields a user may set directly (detail form, CLI `set`); the rest are derived.
EDITABLE_TEXT = leadfields.names_where(editable=True, kind="text")
EDITABLE_INT = leadfields.names_where(editable=True, kind="int")
EDITABLE_BOOL = leadfields.names_where(editable=True, kind="bool")


@dataclass
class NewLead:
    name: str
    email: str = ""
    phone: str = ""
    company: str = ""
    title: str = ""
    source: str = ""
    direction: str = "outbound"
    kind: str = "lead"
    interest: str = ""
    owner: str | None = None
    industry: str = ""
    location: str = ""
    tags: list[str] = field(default_factory=list)
    at: datetime | None = None
    next_at: datetime | None = None
    next_what: str = ""  # what the first follow-up is for
    stage: str = "interest"
    value: str = ""  # expected deal value as typed: "12000", "12k EUR", "€1.5m"
    extra: dict = field(default_factory=dict)


def find_duplicates(email: str = "", phone: str = "", exclude_id: int | None = None) -> list[LeadRef]:
    """Leads sharing the e-mail (case-insensitive) or the phone digits."""
    conditions = []
    if email:
        conditions.append(Lead.email == email.lower())
    if phone:
        conditions.append(Lead.phone == phone)
    if not conditions:
        return []
    where = conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]
    # Phones are stored in one international format, so equal numbers compare equal.
    found = Lead.select(Lead.id, Lead.name).where(where).limit(20)
    return [LeadRef(lead.id, lead.name, EXACT_TWIN) for lead in found if lead.id != exclude_id]


def _clean_contact(ctx: Context, email: str, phone: str, force: bool) -> tuple[str, str]:
    email, phone, _ = _checked_contact(ctx, email, phone, force)
    return email, phone


def _checked_contact(ctx: Context, email: str, phone: str, force: bool
                     ) -> tuple[str, str, dict[str, bool]]:
    """The e-mail and phone cleaned, and their unverified marks: `force` keeps a value that
    does not pass as written, marked."""
    marks = {"email_unverified": False, "phone_unverified": False}
    try:
        email = normalise_email(email).lower() if email else ""
    except InvalidInput:
        if not force:
            raise
        email, marks["email_unverified"] = email.strip(), True
    try:
        phone = normalise_phone(phone, ctx.config.default_region) if phone else ""
    except InvalidInput:
        if not force:
            raise
        phone, marks["phone_unverified"] = phone.strip(), True
    return email, phone, marks


def _contact_changes(ctx: Context, lead: Lead, changes: dict, force: bool) -> dict[str, bool]:
    """Clean the e-mail and phone an edit gives; their marks to store. A value kept
    unverified and given back unchanged stays as it is; a valid one clears its mark."""
    given = {}
    for name in ("email", "phone"):
        if name in changes:
            value = str(changes[name] or "").strip()
            if getattr(lead, f"{name}_unverified") and value == getattr(lead, name):
                changes[name] = value
                continue
            given[name] = value
    email, phone, marks = _checked_contact(ctx, given.get("email", ""), given.get("phone", ""), force)
    for name, value in (("email", email), ("phone", phone)):
        if name in given:
            changes[name] = value
    return {mark: value for mark, value in marks.items() if mark.split("_")[0] in given}


EXACT_TWIN = "same e-mail or phone"


def likely_twins(ctx: Context, email: str, phone: str, name: str = "",
                 company: str = "") -> list[LeadRef]:
    """Leads sharing the e-mail or phone being typed (cleaned as `add_lead` will clean them),
    else leads with a similar name at the same company or e-mail domain.

    For the live warning while typing: a half-typed address or number matches nothing.
    """
    email, phone = _clean_contact(ctx, email, phone, force=True)
    exact = find_duplicates(email, phone)
    if exact or not name.strip():
        return exact
    return [LeadRef(m.lead_id, m.name, m.why) for m in similar_leads(name, email, company)]


def describe_twins(twins: list[LeadRef]) -> str:
    """"#3 Jane Doe, #7 Jane D (same e-mail or phone)": at most three, with the first one's reason."""
    return ", ".join(f"#{t.id} {t.name}" for t in twins[:3]) + (f" ({twins[0].why})" if twins else "")


def normalise_tags(tags) -> list[str]:
    seen: dict[str, None] = {}  # ordered, and linear: a cell may hold tens of thousands of tags
    for raw in tags:
        for tag in str(raw).split(","):
            tag = tag.strip().lower().lstrip("#")
            if tag:
                seen.setdefault(tag)
    return list(seen)


def add_lead(ctx: Context, new: NewLead, *, force: bool = False, allow_duplicate: bool = False,
             date_confirmed: bool = False) -> LeadFields:
    """Create a lead. Raises InvalidInput for bad contact data, DuplicateLead for a likely twin
    (the same e-mail or phone, or a similar name at the same company or e-mail domain).

    `force` accepts everything doubtful; `date_confirmed` only a doubtful follow-up date.
    """
    name = " ".join(new.name.split())
    if not name:
        raise InvalidInput("a lead needs a name")
    direction = parse_choice(new.direction, DIRECTIONS, "direction")
    kind = parse_choice(new.kind, LEAD_KINDS, "kind")
    stage = parse_stage(new.stage)
    value_cents, value_currency = parse_money(new.value, ctx.config.currency)
    email, phone, marks = _checked_contact(ctx, new.email, new.phone, force)
    now = ctx.now()
    at = new.at or now
    if at > now + CLOCK_SLACK:
        raise InvalidInput(f"the first meeting {local_iso(at)} is in the future")
    if new.next_at:
        check_follow_up_date(ctx, new.next_at, force or date_confirmed)
    with write_transaction():  # the twin check and the insert see the same rows
        if not allow_duplicate:
            twins = find_duplicates(email, phone)
            if not twins:  # the import's rule: a similar name at the same company or domain
                twins = [LeadRef(m.lead_id, m.name, m.why)
                         for m in similar_leads(name, email, new.company.strip())]
            if twins:
                raise DuplicateLead(f"likely duplicate of {describe_twins(twins)}", twins)
        lead = Lead(
            name=name, email=email, phone=phone, company=new.company.strip(),
            title=new.title.strip(), source=new.source.strip().lower(), direction=direction,
            kind=kind, stage=stage, interest=new.interest.strip(),
            industry=new.industry.strip().lower(), location=new.location.strip(),
            owner=_new_owner(ctx, new, direction),
            created_at=at, updated_at=now, last_touched_at=at, value_cents=value_cents,
            value_currency=value_currency, **marks, **new.extra,
        )
        refresh_stale_at(lead, ctx.config)
        lead.save()
        undo.remember_added(ctx, lead.id, name)
        set_tags(lead, new.tags)
        StageChange.create(lead=lead, field="stage", from_value="", to_value=stage, at=at)
        if new.next_at:
            _add_follow_up(lead, new.next_at, new.next_what, now)
        scoring.rescore_lead(ctx, lead)
        if not lead.owner:
            from leadtui.finding.owners import assign_new_leads

            if assign_new_leads(ctx, [lead.id]):
                lead.owner = Lead.get_by_id(lead.id).owner
    return LeadFields.of(lead)


def my_owner_name(ctx: Context) -> str:
    """Who "me" is as an owner: config's `owner`; on a team server, while config names nobody but
    the login name, the member's login role (the name the team's rules know them by)."""
    if team_member_login() and (ctx.config.owner_is_login or not ctx.config.owner):
        return team_member_login()
    return ctx.config.owner


def resolve_owner(ctx: Context, name: str) -> str:
    """An owner as typed: "me" is you (see my_owner_name), "none" nobody; any other name as it is."""
    name = " ".join(str(name).split())
    if name.casefold() == "me":
        return my_owner_name(ctx)
    return "" if name.casefold() == "none" else name


def _new_owner(ctx: Context, new: NewLead, direction: str) -> str:
    """Whoever adds a lead owns it, unless named; an inbound one goes to the team's rule if set."""
    if new.owner is not None:
        return resolve_owner(ctx, new.owner)
    if direction == "inbound" and ctx.config.team_rule:
        return ""
    return my_owner_name(ctx)


def set_tags(lead: Lead, tags) -> list[str]:
    clean = normalise_tags(tags)
    with write_transaction():
        LeadTag.delete().where(LeadTag.lead == lead).execute()
        if clean:
            LeadTag.insert_many([{"lead": lead.id, "tag": t} for t in clean]).execute()
    return clean


def tags_of(lead_id: int) -> list[str]:
    return [row.tag for row in LeadTag.select(LeadTag.tag).where(LeadTag.lead == lead_id).order_by(LeadTag.tag)]


def update_lead(ctx: Context, lead_id: int, *, force: bool = False, base: dict | None = None,
                **changes) -> LeadFields:
    """Edit plain fields. Contact data is validated as on add; unknown fields are refused.

    `base` is what the editor loaded (leadtui.record.versions.base_of, or {"version": n}):
    when someone else changed the lead since, EditConflict says what and nothing is saved.
    """
    unknown = sorted(set(changes) - {f.name for f in leadfields.editable()})
    if unknown:
        raise InvalidInput(f"cannot edit {', '.join(unknown)}")
    if "name" in changes and not str(changes["name"]).strip():
        raise InvalidInput("a lead needs a name")
    with write_transaction():
        lead = get_lead(lead_id)  # read under the write lock: no one else's change is written over
        if base is not None:
            from leadtui.record.versions import check_base

            check_base(lead, tuple(tags_of(lead.id)), base, shown=list(changes))
        undo.remember(ctx, lead.id, "edit")
        marks = _contact_changes(ctx, lead, changes, force)
        before = field_values(lead)
        for mark, value in marks.items():
            setattr(lead, mark, value)
        for name, value in changes.items():
            if name == "tags":
                set_tags(lead, value if isinstance(value, list | tuple) else [value])
            elif name == "kind":
                record_change(lead, "kind", parse_choice(value, LEAD_KINDS, "kind"), ctx.now())
            elif name == "direction":
                lead.direction = parse_choice(value, DIRECTIONS, "direction")
            elif name == "value":
                lead.value_cents, lead.value_currency = parse_money(str(value or ""), ctx.config.currency)
            elif name == "owner":
                lead.owner = resolve_owner(ctx, value or "")
            else:
                setattr(lead, name, leadfields.field(name).read(value))
        record_edits(lead, before, ctx.now())
        lead.updated_at = ctx.now()
        lead.version += 1
        lead.save()
        scoring.rescore_lead(ctx, lead)
    return LeadFields.of(lead)


HISTORY_FIELDS = tuple(f.name for f in leadfields.editable()
                       if f.history and f.kind not in ("tags", "money"))


def _history_text(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "yes" if value else "no"
    return str(value)


def field_values(lead: Lead) -> dict[str, str]:
    values = {name: _history_text(getattr(lead, name, None)) for name in HISTORY_FIELDS}
    values["value"] = format_money(lead.value_cents, lead.value_currency) if lead.value_cents is not None else ""
    values["tags"] = ", ".join(tags_of(lead.id))
    return values


def record_edits(lead: Lead, before: dict[str, str], at: datetime) -> None:
    """Field history: one event per edited field, old → new (kind has its own, for the funnel).

    `before` is `field_values(lead)` read inside the same write transaction.
    """
    after = field_values(lead)
    rows = [{"lead": lead.id, "field": name, "from_value": before[name], "to_value": after[name], "at": at}
            for name in after if after[name] != before[name]]
    if rows:
        StageChange.insert_many(rows).execute()


def check_follow_up_date(ctx: Context, due_at: datetime, force: bool = False) -> None:
    """A follow-up in the past or years ahead is kept only when confirmed (`force`)."""
    doubt = follow_up_doubt(due_at, ctx.now())
    if doubt and not force:
        raise DoubtfulDate(f"the follow-up date {local_iso(due_at)} {doubt}")


def check_activity_date(ctx: Context, at: datetime, created_at: datetime) -> None:
    """Something that happened cannot be in the future, nor before the lead was created."""
    if at > ctx.now() + CLOCK_SLACK:
        raise InvalidInput(f"the activity date {local_iso(at)} is in the future (now {local_iso(ctx.now())})")
    if at < created_at:
        raise InvalidInput(f"the activity date {local_iso(at)} is before the lead was created "
                           f"({local_iso(created_at)})")


@dataclass(frozen=True)
class Logged:
    """What logging did: the activity, the follow-up it answered, the one it scheduled."""

    activity: ActivityItem
    completed: FollowUpItem | None = None
    scheduled: FollowUpItem | None = None


def log_activity(ctx: Context, lead_id: int, kind: str, body: str = "", *, at: datetime | None = None,
                 next_at: datetime | None = None, outcome: str = "", force: bool = False,
                 answers: int | None = None, next_what: str = "") -> ActivityItem:
    """Record what happened (see `record_activity`); returns the activity."""
    return record_activity(ctx, lead_id, kind, body, at=at, next_at=next_at, outcome=outcome,
                           force=force, answers=answers, next_what=next_what).activity


def _answered_follow_up(lead_id: int, now: datetime, answers: int | None) -> FollowUp | None:
    """The open follow-up a logged contact answers: the one named, else the earliest due by tonight."""
    open_ones = FollowUp.select().where(FollowUp.lead == lead_id, FollowUp.done_at.is_null())
    if answers is not None:
        return open_ones.where(FollowUp.id == parse_id(answers, "follow-up")).first()
    return open_ones.where(FollowUp.due_at < local_day_bounds(now)[1]).order_by(FollowUp.due_at).first()


def touch(lead: Lead, kind: str, at: datetime) -> None:
    """Inside the caller's write transaction: what an activity of `kind` at `at` does to its lead
    (the last touch, the first contact, a prospect showing interest becomes a lead). The caller
    then saves the lead with `refresh_stale_at` and rescores it, as `record_activity` does."""
    effect = activity_effect(kind, at, lead_kind=lead.kind, last_touched_at=lead.last_touched_at,
                             first_contacted_at=lead.first_contacted_at)
    lead.last_touched_at, lead.first_contacted_at = effect.last_touched_at, effect.first_contacted_at
    record_change(lead, "kind", effect.kind, at)  # an event, so the funnel sees it


def record_activity(ctx: Context, lead_id: int, kind: str, body: str = "", *,
                    at: datetime | None = None, next_at: datetime | None = None, outcome: str = "",
                    force: bool = False, answers: int | None = None, next_what: str = "") -> Logged:
    """Record what happened; a touch resets the staleness clock in the same transaction.

    Logging with a next date completes the open follow-up it answers (`answers`, else the
    earliest one due by the end of today) and schedules the next; the TUI and the CLI both
    come here. `force` keeps a doubtful `next_at` (in the past, or years ahead); `next_what`
    says what the next follow-up is for. One undo step takes all of it back.
    """
    kind = parse_activity_kind(kind)
    now = ctx.now()
    at = at or now
    if next_at:
        check_follow_up_date(ctx, next_at, force)
    with write_transaction():
        lead = get_lead(lead_id)
        check_activity_date(ctx, at, lead.created_at)
        undo.remember(ctx, lead.id, f"log {kind}")
        activity = Activity.create(lead=lead, kind=kind, at=at, body=body.strip(), outcome=outcome,
                                   created_at=now)
        touch(lead, kind, at)
        completed = scheduled = None
        if next_at or answers is not None:
            completed = _answered_follow_up(lead.id, now, answers)
            if completed is not None:
                completed.done_at = now
                completed.save()
        if next_at:
            scheduled = _add_follow_up(lead, next_at, next_what, now)
        if completed is not None:
            lead.next_follow_up_at = _next_open_due(lead.id)
        lead.updated_at = now
        refresh_stale_at(lead, ctx.config)
        lead.save()
        scoring.rescore_lead(ctx, lead)  # same transaction: score and touch land together
    return Logged(ActivityItem.of(activity), completed and FollowUpItem.of(completed),
                  scheduled and FollowUpItem.of(scheduled))


def change_stage(ctx: Context, lead_id: int, stage: str) -> ChangeItem | None:
    stage = parse_stage(stage)
    with write_transaction():
        lead = get_lead(lead_id)
        undo.remember(ctx, lead.id, f"stage → {stage}")
        event = _move_to_stage(ctx, lead, stage)
    return event and ChangeItem.of(event)


@dataclass(frozen=True)
class StageStep:
    """What stepping a lead's stage did: the stage it was in when the step was written, and the
    one it went to (None when it was already at that end and nothing changed)."""

    lead_id: int
    before: str
    after: str | None


def step_stage(ctx: Context, lead_id: int, step: int) -> StageStep:
    """Move a lead one stage forward (+1) or back (-1), as one undo step.

    The step starts from the stage stored when the write lock is taken, not from one read
    earlier: a lead someone else moved meanwhile goes on from where they left it.
    """
    with write_transaction():
        lead = get_lead(lead_id)
        before = lead.stage
        target = stage_after(before, step)
        if target is not None:
            undo.remember(ctx, lead.id, f"stage → {target}")
            _move_to_stage(ctx, lead, target)
    return StageStep(lead.id, before, target)


def _move_to_stage(ctx: Context, lead: Lead, stage: str) -> StageChange | None:
    """Inside the caller's write transaction, on the lead read in it."""
    now = ctx.now()
    event = record_change(lead, "stage", stage, now)
    if event:
        record_change(lead, "kind", kind_after_stage(stage, lead.kind), now)  # an event too
        lead.updated_at = now
        refresh_stale_at(lead, ctx.config)
        lead.save()
    return event


def set_qualification(ctx: Context, lead_id: int, value: str) -> ChangeItem | None:
    value = parse_choice(value, QUALIFICATIONS, "qualification")
    with write_transaction():
        lead = get_lead(lead_id)
        undo.remember(ctx, lead.id, f"qualification → {value}")
        event = record_change(lead, "qualification", value, ctx.now())
        if event:
            lead.updated_at = ctx.now()
            lead.save()
    return event and ChangeItem.of(event)


def pin_temperature(ctx: Context, lead_id: int, temperature: str | None) -> LeadFields:
    """Pin a temperature (it then ignores the score), or unpin with None."""
    if temperature is not None:
        temperature = parse_choice(temperature, TEMPERATURES, "temperature")
    with write_transaction():
        lead = get_lead(lead_id)
        undo.remember(ctx, lead.id, f"pin {temperature}" if temperature else "unpin")
        if temperature is None:
            lead.temperature_pinned = False
        else:
            record_change(lead, "temperature", temperature, ctx.now())
            lead.temperature_pinned = True
        lead.updated_at = ctx.now()
        refresh_stale_at(lead, ctx.config, ctx.now())  # stale at once: the next tick announces it
        lead.save()
        if temperature is None:
            scoring.rescore_lead(ctx, lead)
    return LeadFields.of(lead)


def set_archived(ctx: Context, lead_id: int, archived: bool = True) -> LeadFields:
    with write_transaction():
        lead = get_lead(lead_id)
        undo.remember(ctx, lead.id, "archive" if archived else "restore")
        if bool(lead.archived) != archived:  # in the lead's history
            StageChange.create(lead=lead, field="archived", from_value="yes" if lead.archived else "no",
                               to_value="yes" if archived else "no", at=ctx.now())
        lead.archived = archived
        lead.updated_at = ctx.now()
        refresh_stale_at(lead, ctx.config, ctx.now())
        lead.save()
        scoring.rescore_lead(ctx, lead)  # an archived lead waits for no score moment
    return LeadFields.of(lead)


def _add_follow_up(lead: Lead, due_at: datetime, what: str, now: datetime) -> FollowUp:
    follow_up = FollowUp.create(lead=lead, due_at=due_at, what=what.strip(), created_at=now)
    if lead.next_follow_up_at is None or due_at < lead.next_follow_up_at:
        lead.next_follow_up_at = due_at
        Lead.update(next_follow_up_at=due_at).where(Lead.id == lead.id).execute()
    return follow_up


def _next_open_due(lead_id: int) -> datetime | None:
    nxt = (FollowUp.select(FollowUp.due_at)
           .where(FollowUp.lead == lead_id, FollowUp.done_at.is_null())
           .order_by(FollowUp.due_at).first())
    return nxt.due_at if nxt else None


def _refresh_next_follow_up(lead_id: int) -> None:
    Lead.update(next_follow_up_at=_next_open_due(lead_id)).where(Lead.id == lead_id).execute()


def schedule_follow_up(ctx: Context, lead_id: int, due_at: datetime, what: str = "", *,
                       force: bool = False) -> FollowUpItem:
    if due_at is None:
        raise InvalidInput("a follow-up needs a date, e.g. \"tomorrow 9am\"")
    check_follow_up_date(ctx, due_at, force)
    with write_transaction():
        lead = get_lead(lead_id)
        undo.remember(ctx, lead.id, "follow-up")
        return FollowUpItem.of(_add_follow_up(lead, due_at, what, ctx.now()))


def get_follow_up(follow_up_id: int) -> FollowUp:
    follow_up_id = parse_id(follow_up_id, "follow-up")
    follow_up = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    if follow_up is None:
        raise NotFound(f"no follow-up with id {follow_up_id}")
    return follow_up


def complete_follow_up(ctx: Context, follow_up_id: int) -> FollowUpItem:
    with write_transaction():
        follow_up = get_follow_up(follow_up_id)
        undo.remember(ctx, follow_up.lead_id, "follow-up done")
        follow_up.done_at = ctx.now()
        follow_up.save()
        _refresh_next_follow_up(follow_up.lead_id)
    return FollowUpItem.of(follow_up)


def complete_open_follow_ups(ctx: Context, lead_id: int) -> int:
    """Close every open follow-up of a lead (done when it was handled)."""
    with write_transaction():
        undo.remember(ctx, lead_id, "follow-ups done")
        count = (FollowUp.update(done_at=ctx.now())
                 .where(FollowUp.lead == lead_id, FollowUp.done_at.is_null()).execute())
        _refresh_next_follow_up(lead_id)
    return count


def snoozed_due(due_at: datetime, now: datetime, delta: timedelta) -> datetime:
    """`delta` later; an overdue one moves to today's date plus `delta`, keeping its local time of day."""
    if due_at >= now:
        return due_at + delta
    local_due = to_local(due_at)
    today = datetime.combine(to_local(now).date(), local_due.time())
    moved = to_utc(today + delta)
    return moved if moved > now else now + delta


def snooze_follow_up(ctx: Context, follow_up_id: int, delta: timedelta) -> FollowUpItem:
    """Move a follow-up later by `delta` (see snoozed_due for overdue ones)."""
    now = ctx.now()
    with write_transaction():
        follow_up = get_follow_up(follow_up_id)
        undo.remember(ctx, follow_up.lead_id, "snooze")
        follow_up.due_at = snoozed_due(follow_up.due_at, now, delta)
        follow_up.save()
        _refresh_next_follow_up(follow_up.lead_id)
    return FollowUpItem.of(follow_up)


def delete_lead(lead_id: int, ctx: Context | None = None) -> None:
    """Delete a lead and its history (undoable: `undo` brings it all back)."""
    with write_transaction():
        lead = get_lead(lead_id)
        undo.remember(ctx or Context(), lead.id, "delete")
        lead.delete_instance(recursive=True)
