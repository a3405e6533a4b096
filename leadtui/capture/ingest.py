"""Mail and calendar files become activities, follow-ups and cancellations, once per lead.

A message from a lead is a `reply`; one from you (`owner_email`, `[mail] me`) to a lead an
`email`. A calendar event with a lead among its organizer and attendees is a `meeting` once it
has happened (each occurrence of a series), a follow-up while it is ahead; a cancelled one logs
nothing and cancels the follow-up it made. Each message and event is remembered per lead
(`Ingested`), so any file, folder or archive read again adds nothing; each file's size, mtime
and the leads' addresses are remembered too (`IngestFile`), so an unchanged file is not read
again until an event in it comes due. Writes go in IMMEDIATE batches of leads, each activity a
touch (`leads.touch`) and each lead rescored, as a typed log does.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from leadtui.capture.calendar import CalendarRead, CalendarUnreadable, Occurrence, read_calendar
from leadtui.capture.mail import (
    CALENDAR_HINT,
    envelope,
    mentioned,
    read_headers,
    read_message,
    sender_name,
)
from leadtui.capture.sources import SourceFile, find_sources, maildir_messages, mbox_messages
from leadtui.context import Context
from leadtui.db.clean import clean_line, clean_note
from leadtui.db.connection import database, is_postgres, write_transaction
from leadtui.db.models import Activity, FollowUp, Ingested, IngestFile, Lead
from leadtui.errors import DuplicateLead, InvalidInput
from leadtui.interop.bulk import ActivityNotesLoad, without_cycle_collection
from leadtui.kit.fmt import iso_utc
from leadtui.leads import writes as leads
from leadtui.record.lifecycle import changes_written_together
from leadtui.record.readmodels import LeadRef
from leadtui.scoring import icp
from leadtui.scoring import score as scoring
from leadtui.scoring.rescore import SCORE_FIELDS

BATCH_LEADS = 500  # leads per IMMEDIATE transaction: ~0.15 s of a first ingest's lock (an import holds it 1-2 s)
STATE_BATCH = 500
# Senders that are machines, never prospects.
MACHINE_SENDERS = ("noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon",
                   "postmaster", "notifications", "notification", "bounce")


@dataclass(frozen=True)
class Entry:
    """One line of the report: what was (or would be) logged for a lead."""

    lead_id: int
    lead_name: str
    kind: str  # email, reply, meeting, follow-up, cancelled
    at: datetime
    text: str

    def as_json(self) -> dict:
        return {"lead_id": self.lead_id, "lead": self.lead_name, "kind": self.kind,
                "at": iso_utc(self.at), "text": self.text}


@dataclass(frozen=True)
class Sender:
    """Someone unknown who wrote to you."""

    address: str
    name: str
    messages: int

    def as_json(self) -> dict:
        return {"address": self.address, "name": self.name, "messages": self.messages}


@dataclass(frozen=True)
class IngestReport:
    entries: list[Entry]
    unknown: list[Sender]
    created: list[LeadRef]
    files_read: int
    files_unchanged: int
    messages: int
    warnings: list[str]
    dry_run: bool
    folders_unchanged: int = 0  # Maildir cur/ and new/ folders not even listed

    def as_json(self) -> dict:
        return {"dry_run": self.dry_run, "files_read": self.files_read,
                "files_unchanged": self.files_unchanged,
                "maildir_folders_unchanged": self.folders_unchanged, "messages": self.messages,
                "logged": [e.as_json() for e in self.entries],
                "new_senders": [s.as_json() for s in self.unknown],
                "created": [{"id": r.id, "name": r.name} for r in self.created],
                "warnings": self.warnings}


@dataclass
class _Item:
    kind: str  # an activity kind, "follow-up" or "cancelled"
    at: datetime
    text: str
    key: str


@dataclass
class _Plan:
    """What the files say, before it is checked against what is stored."""

    now: datetime
    per_lead: dict[int, dict[str, _Item]] = field(default_factory=dict)
    events: dict[str, Occurrence] = field(default_factory=dict)
    senders: dict[str, list] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    messages: int = 0
    not_mine: int = 0
    folders_unchanged: int = 0

    def add(self, lead_id: int, item: _Item) -> None:
        self.per_lead.setdefault(lead_id, {}).setdefault(item.key, item)

    def event(self, occurrence: Occurrence) -> None:
        """The latest version of an event wins (SEQUENCE); at a tie a cancellation does."""
        old = self.events.get(occurrence.key)
        if old is None or (occurrence.sequence, occurrence.cancelled) > (old.sequence, old.cancelled):
            self.events[occurrence.key] = occurrence


@dataclass(frozen=True)
class _Book:
    """Leads by address, and who you are."""

    leads: dict[str, tuple[int, ...]]
    names: dict[int, str]
    me: frozenset[str]
    signature: str


def address_book(ctx: Context) -> _Book:
    by_address: dict[str, tuple[int, ...]] = {}
    names: dict[int, str] = {}
    rows = Lead.select(Lead.id, Lead.name, Lead.email).where(Lead.email != "").tuples()
    for lead_id, name, address in rows:
        address = address.strip().lower()
        by_address[address] = by_address.get(address, ()) + (lead_id,)
        names[lead_id] = name
    me = ctx.config.my_addresses()
    digest = hashlib.sha1()
    for address in sorted(by_address):
        digest.update(f"{address}={by_address[address]}\n".encode())
    digest.update(("me=" + ",".join(sorted(me))).encode())
    return _Book(by_address, names, me, digest.hexdigest()[:24])


def ingest(ctx: Context, paths: Iterable[str | Path], *, dry_run: bool = False,
           new_leads: bool = False, create: bool = False,
           progress: Callable[[int, int], None] | None = None) -> IngestReport:
    """Read `paths` and log what is new; `dry_run` writes nothing (not even the files' state)."""
    found = find_sources(list(paths))  # a bad path stops here, before anything is written
    report = ingest_sources(ctx, found.files, dry_run=dry_run, new_leads=new_leads,
                            create=create and not dry_run, progress=progress, left_out=found.left_out)
    if report.created:  # the new prospects' own mail, now that they are leads
        again = ingest(ctx, paths, progress=progress)
        return IngestReport(again.entries, [], report.created, report.files_read,
                            report.files_unchanged, report.messages, report.warnings + again.warnings,
                            False, report.folders_unchanged)
    return report


def ingest_sources(ctx: Context, files: list[SourceFile], *, dry_run: bool = False,
                   new_leads: bool = False, create: bool = False, progress=None,
                   left_out: int = 0) -> IngestReport:
    """`ingest` of files already found (the TUI's watched folders hand over what is new)."""
    with without_cycle_collection():  # a mailbox makes objects by the hundred thousand, no cycles
        return _ingest_sources(ctx, files, dry_run=dry_run, new_leads=new_leads, create=create,
                               progress=progress, left_out=left_out)


def _ingest_sources(ctx: Context, files: list[SourceFile], *, dry_run: bool, new_leads: bool,
                    create: bool, progress, left_out: int) -> IngestReport:
    book = address_book(ctx)
    plan = _Plan(ctx.now())
    files, folders = _open_folders(files, book, plan, {} if new_leads else _states(
        [_folder_key(f.path) for f in files if f.kind == "maildir"]))
    states = {} if new_leads else _states([str(f.path) for f in files])
    read, unchanged, visited = _read_all(files, book, plan, states, new_leads, progress)
    visited += _folder_visits(folders, visited, states)
    if left_out:
        plan.warnings.append(f"{left_out} file(s) in the folders are not mail or calendar; left out")
    if plan.not_mine:
        plan.warnings.append(f"{plan.not_mine} message(s) to leads from an address that is not yours "
                             "were left out: set owner_email or [mail] me")
    _place_events(plan, book)
    unknown = _unknown_senders(plan, book)
    if create and unknown:
        created = _create_prospects(ctx, plan, unknown)
        if created:
            return IngestReport([], [], created, read, unchanged, plan.messages, plan.warnings, False,
                                plan.folders_unchanged)
    entries = _preview(plan, book) if dry_run else _write(ctx, plan, book)
    if not dry_run:
        _save_states(visited, book.signature)
    return IngestReport(entries, unknown if new_leads else [], [], read, unchanged, plan.messages,
                        plan.warnings, dry_run, plan.folders_unchanged)


# Reading --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Visited:
    path: str
    mtime_ns: int
    size: int
    revisit_at: datetime | None


def _states(paths: list[str]) -> dict[str, tuple]:
    """What is remembered of these files: a few by key, many by reading the whole table."""
    rows = IngestFile.select(IngestFile.path, IngestFile.mtime_ns, IngestFile.size,
                             IngestFile.signature, IngestFile.revisit_at).tuples()
    if len(paths) <= STATE_BATCH:
        rows = rows.where(IngestFile.path.in_(paths))
    return {path: (mtime, size, signature, revisit) for path, mtime, size, signature, revisit in rows}


def _folder_key(path: Path) -> str:
    return str(path) + os.sep  # a Maildir's cur/ or new/, told apart from its files


def _open_folders(files: list[SourceFile], book: _Book, plan: _Plan,
                  states: dict) -> tuple[list[SourceFile], list[_Visited]]:
    """Maildir folders listed into their messages, except those unchanged since the last read.

    A Maildir's messages never change in place (a flag is a rename): a cur/ or new/ whose own
    time is the same, read for the same leads, holds the same files, and is not even listed.
    """
    listed: list[SourceFile] = []
    folders: list[_Visited] = []
    for source in files:
        if source.kind != "maildir":
            listed.append(source)
            continue
        try:
            mtime = os.stat(source.path).st_mtime_ns
        except OSError as exc:
            plan.warnings.append(f"{source.path}: {exc.strerror or exc}")
            continue
        key = _folder_key(source.path)
        state = states.get(key)
        if (state is not None and state[:3] == (mtime, 0, book.signature)
                and (state[3] is None or state[3] > plan.now)):
            plan.folders_unchanged += 1
            continue
        listed += sorted(maildir_messages(source.path), key=lambda f: f.path.name)
        folders.append(_Visited(key, mtime, 0, None))
    return listed, folders


def _folder_visits(folders: list[_Visited], visited: list[_Visited], states: dict) -> list[_Visited]:
    """Each listed folder's state, due again when the first event in one of its messages is."""
    moments = {path: state[3] for path, state in states.items() if not path.endswith(os.sep)}
    moments.update((v.path, v.revisit_at) for v in visited)  # what was read now replaces it
    revisits: dict[str, datetime] = {}
    for path, revisit in moments.items():
        if revisit is not None:
            folder = os.path.dirname(path) + os.sep
            revisits[folder] = min(revisit, revisits.get(folder, revisit))
    return [_Visited(f.path, f.mtime_ns, 0, revisits.get(f.path)) for f in folders]


def _read_all(files: list[SourceFile], book: _Book, plan: _Plan, states: dict, new_leads: bool,
              progress) -> tuple[int, int, list[_Visited]]:
    read = unchanged = 0
    visited: list[_Visited] = []
    for number, source in enumerate(files, 1):
        path = str(source.path)
        state = states.get(path)
        read_now = state is None and source.kind == "eml"  # never read: opened once, no stat first
        try:
            stat, raw = _stat_and_read(path) if read_now else (os.stat(path), None)
        except OSError as exc:
            if read_now and not isinstance(exc, FileNotFoundError):
                raise InvalidInput(f"cannot read {source.path}: {exc.strerror or exc}") from None
            plan.warnings.append(f"{source.path}: {exc.strerror or exc}")  # gone since it was found
            continue
        if (state is not None and state[:3] == (stat.st_mtime_ns, stat.st_size, book.signature)
                and (state[3] is None or state[3] > plan.now)):
            unchanged += 1
            continue
        revisit = _read_file(source, book, plan, new_leads, raw)
        read += 1
        visited.append(_Visited(path, stat.st_mtime_ns, stat.st_size, revisit))
        if progress is not None:
            progress(number, len(files))
    return read, unchanged, visited


def _stat_and_read(path: str) -> tuple[os.stat_result, bytes]:
    """A file's state and its bytes with one open (a stat and a `read_bytes` cost twice as much,
    paid for each message of a Maildir)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        stat = os.fstat(fd)
        chunks, size = [], stat.st_size + 1
        while chunk := os.read(fd, size):
            chunks.append(chunk)
            size = 1 << 16
        return stat, b"".join(chunks)
    finally:
        os.close(fd)


def _read_file(source: SourceFile, book: _Book, plan: _Plan, new_leads: bool,
               raw: bytes | None = None) -> datetime | None:
    """Everything in one file (`raw` when already read) into the plan; returns when its next
    event comes due, if any."""
    if raw is not None:
        return _message(raw, None, book, plan, new_leads, source.path)
    try:
        if source.kind == "ics":
            text = source.path.read_bytes().decode("utf-8", "replace")
            return _calendar(text, plan, str(source.path))
        if source.kind == "mbox":
            revisits = [_message(raw, when, book, plan, new_leads, source.path)
                        for raw, when in mbox_messages(source.path)]
            return min((r for r in revisits if r is not None), default=None)
        return _message(source.path.read_bytes(), None, book, plan, new_leads, source.path)
    except OSError as exc:
        raise InvalidInput(f"cannot read {source.path}: {exc.strerror or exc}") from None


def _message(raw: bytes, envelope_line: bytes | None, book: _Book, plan: _Plan, new_leads: bool,
             where: Path) -> datetime | None:
    plan.messages += 1
    has_calendar = _has_calendar(raw)
    headers = read_headers(raw)
    if not (new_leads or has_calendar or any(a in book.leads for a in mentioned(headers))):
        return None  # names no lead: most mail, left here before its addresses are read
    head = envelope(headers)
    sender_leads = book.leads.get(head.sender, ())
    from_me = head.sender in book.me
    to_leads = [i for a in head.recipients if a not in book.me for i in book.leads.get(a, ())]
    if new_leads and head.sender and not sender_leads and not from_me:
        counted = plan.senders.setdefault(head.sender, [sender_name(headers), 0])
        counted[1] += 1
    if not (sender_leads or (to_leads and from_me) or has_calendar):
        if to_leads and not book.me:
            plan.not_mine += 1
        return None
    message = read_message(raw, head, envelope_line)
    if message.at is None:
        plan.warnings.append(f"{where}: a message without a date ({message.subject or message.key}) left out")
    elif message.at > plan.now + leads.CLOCK_SLACK:
        plan.warnings.append(f"{where}: a message dated in the future ({message.subject}) left out")
    elif not message.calendars:  # an invitation is logged by its event, not as mail
        excerpt = " ".join(message.excerpt.splitlines())
        text = " — ".join(part for part in (message.subject, excerpt) if part)
        if sender_leads:
            for lead_id in sender_leads:
                plan.add(lead_id, _Item("reply", message.at, text, message.key))
        elif from_me:
            for lead_id in to_leads:
                plan.add(lead_id, _Item("email", message.at, text, message.key))
    revisits = [_calendar(text, plan, f"{where} ({message.subject})") for text in message.calendars]
    return min((r for r in revisits if r is not None), default=None)


def _has_calendar(raw: bytes) -> bool:
    """A calendar part or .ics attachment may be in it (plain byte searches first: fast)."""
    if b"calendar" in raw or b"ics" in raw or b"CALENDAR" in raw or b"ICS" in raw:
        return CALENDAR_HINT.search(raw) is not None
    return False


def _calendar(text: str, plan: _Plan, where: str) -> datetime | None:
    try:
        found: CalendarRead = read_calendar(text, plan.now)
    except CalendarUnreadable as exc:
        plan.warnings.append(f"{where}: not a readable calendar ({exc}); left out")
        return None
    plan.warnings += [f"{where}: {w}" for w in found.warnings]
    for occurrence in [*found.past, *found.upcoming, *found.cancelled]:
        plan.event(occurrence)
    return min((o.start for o in found.upcoming), default=None)


def _place_events(plan: _Plan, book: _Book) -> None:
    for occurrence in plan.events.values():
        lead_ids = {i for a in occurrence.people if a not in book.me for i in book.leads.get(a, ())}
        summary = occurrence.summary or "meeting"
        for lead_id in lead_ids:
            if occurrence.cancelled:
                plan.add(lead_id, _Item("cancelled", occurrence.start, summary, occurrence.key))
            elif occurrence.start <= plan.now:
                plan.add(lead_id, _Item("meeting", occurrence.start, summary, "meet:" + occurrence.key))
            else:
                plan.add(lead_id, _Item("follow-up", occurrence.start, summary, "next:" + occurrence.key))


def _unknown_senders(plan: _Plan, book: _Book) -> list[Sender]:
    found = [Sender(address, name, count) for address, (name, count) in plan.senders.items()
             if address not in book.leads and not address.split("@")[0].startswith(MACHINE_SENDERS)]
    return sorted(found, key=lambda s: (-s.messages, s.address))


def _create_prospects(ctx: Context, plan: _Plan, senders: list[Sender]) -> list[LeadRef]:
    created = []
    for sender in senders:
        new = leads.NewLead(name=sender.name or sender.address.split("@")[0], email=sender.address,
                            kind="prospect", source="mail", direction="inbound")
        try:
            lead = leads.add_lead(ctx, new)
        except DuplicateLead as exc:
            plan.warnings.append(f"{sender.address} not added: {exc}")
            continue
        except InvalidInput as exc:
            plan.warnings.append(f"{sender.address} not added: {exc}")
            continue
        created.append(LeadRef(lead.id, lead.name, "mail"))
    return created


# Writing --------------------------------------------------------------------------------------

def _stored(lead_ids: list[int]) -> dict[tuple[int, str], int | None]:
    """(lead, key) -> the follow-up it made, for what is already logged."""
    rows = (Ingested.select(Ingested.lead, Ingested.key, Ingested.follow_up_id)
            .where(Ingested.lead.in_(lead_ids)).tuples())
    return {(lead_id, key): follow_up for lead_id, key, follow_up in rows}


def _new_items(lead_id: int, items: dict[str, _Item], stored: dict) -> list[_Item]:
    fresh = []
    for item in items.values():
        if item.kind == "cancelled":
            follow_up = stored.get((lead_id, "next:" + item.key), False)
            if (lead_id, "meet:" + item.key) not in stored and follow_up is not None:
                fresh.append(item)  # not yet blocked, or its follow-up still to cancel
        elif (lead_id, item.key) not in stored:
            fresh.append(item)
    return sorted(fresh, key=lambda i: i.at)


def _reported(lead_id: int, item: _Item, stored: dict) -> bool:
    """A cancellation is news only when it cancels a follow-up ingest made."""
    return item.kind != "cancelled" or bool(stored.get((lead_id, "next:" + item.key)))


def _preview(plan: _Plan, book: _Book) -> list[Entry]:
    entries = []
    lead_ids = sorted(plan.per_lead)
    for start in range(0, len(lead_ids), STATE_BATCH):
        batch = lead_ids[start:start + STATE_BATCH]
        stored = _stored(batch)
        for lead_id in batch:
            entries += [Entry(lead_id, book.names.get(lead_id, ""), i.kind, i.at, i.text)
                        for i in _new_items(lead_id, plan.per_lead[lead_id], stored)
                        if _reported(lead_id, i, stored)]
    return entries


def _write(ctx: Context, plan: _Plan, book: _Book) -> list[Entry]:
    entries: list[Entry] = []
    lead_ids = sorted(plan.per_lead)
    for start in range(0, len(lead_ids), BATCH_LEADS):
        batch = lead_ids[start:start + BATCH_LEADS]
        with write_transaction():  # reads what it changes inside itself
            entries += _write_batch(ctx, plan, batch)
    return entries


@dataclass
class _Rows:
    """One batch's inserts, sent with one statement each."""

    activities: list[tuple] = field(default_factory=list)
    marks: list[tuple] = field(default_factory=list)


def _write_batch(ctx: Context, plan: _Plan, batch: list[int]) -> list[Entry]:
    """Inside the batch's transaction: its leads' new activities, follow-ups and cancellations,
    then each changed lead touched, saved and rescored (rules and profile read once)."""
    stored = _stored(batch)
    rows, changed, entries = _Rows(), [], []
    loaded: dict[int, tuple] = {}
    with changes_written_together():  # a kind or temperature changed: one insert for the batch
        for lead in Lead.select().where(Lead.id.in_(batch)):
            fresh = _new_items(lead.id, plan.per_lead[lead.id], stored)
            if fresh:
                loaded[lead.id] = _saved_values(lead)
                _apply(ctx, lead, fresh, stored, rows)
                changed.append(lead)
                entries += [Entry(lead.id, lead.name, i.kind, i.at, i.text) for i in fresh
                            if _reported(lead.id, i, stored)]
        if rows.activities:
            last = database.execute_sql("SELECT coalesce(max(id), 0) FROM activity").fetchone()[0]
            with ActivityNotesLoad() as notes:  # each lead's search notes grow once, not per activity
                _insert(Activity, ("lead_id", "kind", "at", "body", "outcome", "created_at"), rows.activities)
                notes.fill(last)
        _insert(Ingested, ("lead_id", "key", "follow_up_id"), rows.marks)
        _rescore(ctx, changed, loaded)
    return entries


def _apply(ctx: Context, lead: Lead, items: list[_Item], stored: dict, rows: _Rows) -> None:
    """One lead's new items into `rows`, its follow-ups written, the lead touched (not saved)."""
    now = ctx.now()
    follow_ups_changed = False
    for item in items:
        if item.kind == "follow-up":
            follow_up = leads._add_follow_up(lead, item.at, item.text, now)
            rows.marks.append((lead.id, item.key, follow_up.id))
        elif item.kind == "cancelled":
            follow_ups_changed |= _close(stored.get((lead.id, "next:" + item.key)), now, cancelled=True)
            (Ingested.update(follow_up_id=None)  # cancelled once: a later read has nothing to do
             .where(Ingested.lead == lead.id, Ingested.key == "next:" + item.key).execute())
            rows.marks += _blockers(lead.id, item.key, stored)
        else:
            rows.activities.append((lead.id, item.kind, item.at, item.text, "", now))
            rows.marks.append((lead.id, item.key, None))
            leads.touch(lead, item.kind, item.at)
            if item.kind == "meeting":  # the follow-up it made while ahead is done
                follow_ups_changed |= _close(stored.get((lead.id, "next:" + item.key.removeprefix("meet:"))), now)
    if follow_ups_changed:
        lead.next_follow_up_at = leads._next_open_due(lead.id)
    lead.updated_at = now


SAVED_FIELDS = (Lead.last_touched_at, Lead.first_contacted_at, Lead.kind, Lead.updated_at,
                Lead.next_follow_up_at, *SCORE_FIELDS)


def _saved_values(lead: Lead) -> tuple:
    return tuple(getattr(lead, f.name) for f in SAVED_FIELDS)


def _rescore(ctx: Context, changed: list[Lead], loaded: dict[int, tuple]) -> None:
    """Score the batch's changed leads as `rescore` does: one read of their activities."""
    if not changed:
        return
    rules, profile = scoring.active_rules(), icp.load_profile()
    activities: dict[int, list] = {lead.id: [] for lead in changed}
    for lead_id, kind, at in (Activity.select(Activity.lead, Activity.kind, Activity.at)
                              .where(Activity.lead.in_(list(activities))).tuples()):
        activities[lead_id].append((kind, at))
    for lead in changed:
        result = scoring.breakdown(ctx, lead, rules, profile=profile, activities=activities[lead.id])
        scoring.apply_scores(ctx, lead, result)  # and the stale deadline
    _update(changed, loaded)


def _update(changed: list[Lead], loaded: dict[int, tuple]) -> None:
    """The changed leads' SAVED_FIELDS that changed: one statement per set of columns, run per
    lead by the driver. A column left out leaves its indexes (and the version trigger) alone."""
    postgres = is_postgres()
    groups: dict[tuple[int, ...], list[tuple]] = {}
    for lead in changed:
        values = _saved_values(lead)
        columns = tuple(i for i, (old, new) in enumerate(zip(loaded[lead.id], values, strict=True))
                        if old != new)
        if columns:
            groups.setdefault(columns, []).append(
                tuple(_db_value(values[i], clean_line, postgres) for i in columns) + (lead.id,))
    for columns, rows in groups.items():
        sets = ", ".join(f"{SAVED_FIELDS[i].column_name} = {database.param}" for i in columns)
        database.cursor().executemany(
            f"UPDATE {Lead._meta.table_name} SET {sets} WHERE id = {database.param}", rows)


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Many rows in one statement run per row by the driver (peewee would build SQL per value)."""
    if not rows:
        return
    postgres = is_postgres()
    cleaners = [clean_note if column == "body" else clean_line for column in columns]
    values = [tuple(_db_value(v, clean, postgres) for clean, v in zip(cleaners, row, strict=True))
              for row in rows]
    marks = ", ".join([database.param] * len(columns))
    database.cursor().executemany(
        f"INSERT INTO {model._meta.table_name} ({', '.join(columns)}) VALUES ({marks}) "
        "ON CONFLICT DO NOTHING", values)


def _db_value(value, clean, postgres: bool):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, datetime) and not postgres:
        return value.isoformat(" ")  # what peewee's sqlite3 adapter stores
    return value


def _close(follow_up_id: int | None, now: datetime, *, cancelled: bool = False) -> bool:
    if not follow_up_id:
        return False
    changes = {"done_at": now, "cancelled_at": now} if cancelled else {"done_at": now}
    return bool(FollowUp.update(**changes)
                .where(FollowUp.id == follow_up_id, FollowUp.done_at.is_null()).execute())


def _blockers(lead_id: int, key: str, stored: dict) -> list[tuple]:
    """A cancelled event is remembered, so an older invitation read later logs nothing."""
    return [(lead_id, k, None) for k in ("meet:" + key, "next:" + key) if (lead_id, k) not in stored]


def _save_states(visited: list[_Visited], signature: str) -> None:
    """Each file's (and Maildir folder's) state as read, in batches, one statement each."""
    postgres = is_postgres()
    rows = [(v.path, v.mtime_ns, v.size, signature, _db_value(v.revisit_at, clean_line, postgres))
            for v in visited]
    marks = ", ".join([database.param] * 5)
    sql = (f"INSERT INTO {IngestFile._meta.table_name} (path, mtime_ns, size, signature, revisit_at) "
           f"VALUES ({marks}) ON CONFLICT (path) DO UPDATE SET mtime_ns = excluded.mtime_ns, "
           "size = excluded.size, signature = excluded.signature, revisit_at = excluded.revisit_at")
    for start in range(0, len(rows), STATE_BATCH * 10):
        with write_transaction():
            database.cursor().executemany(sql, rows[start:start + STATE_BATCH * 10])
