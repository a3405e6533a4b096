"""`leadtui sync`: the laptop's file and the team's server meet, and both come out holding the same.

One sync: read both sides whole (a few statements each), merge each lead and follow-up three
ways against what the server held at the last sync, take activities and history as the union;
then write the server's part in one transaction and, once it committed, the laptop's part and
the new base in one local transaction. Interrupted anywhere, the next sync redoes what is left:
a push is idempotent (records carry global ids; a record both sides already hold is no change).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from leadtui.context import Context
from leadtui.db import postgres
from leadtui.db.connection import (
    database,
    is_postgres,
    latest_migration,
    troubles_as_messages,
    write_transaction,
)
from leadtui.db.models import Setting
from leadtui.db.postgres import TeamDatabase, connect_url
from leadtui.db.url import DatabaseUrl, parse_target
from leadtui.errors import InvalidInput, LeadtuiError
from leadtui.record.dedupe import duplicate_pairs
from leadtui.scoring.rescore import rescore_due
from leadtui.sync import records
from leadtui.sync.conflicts import FOLLOW_UP_MARK
from leadtui.sync.merge import Conflict, merge_record
from leadtui.sync.status import LAST_KEY, OFFLINE_KEY, SERVER_KEY, SyncStatus, read_status

# Every so often while online; while offline, every tick tries (a connection attempt is cheap).
BACKGROUND_EVERY_SECONDS = 300


class ServerUnreachable(LeadtuiError):
    exit_code = 3


@dataclass
class SyncResult:
    server: str
    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    # A file that held leads and joined the team: pairs of its leads and the team's that look
    # like the same person (leadtui duplicates lists them for merging; never merged blindly).
    likely_duplicates: int = 0

    def as_json(self) -> dict:
        return {"server": self.server, "pushed": self.pushed, "pulled": self.pulled,
                "new_conflicts": self.conflicts, "likely_duplicates": self.likely_duplicates}


def server_of() -> DatabaseUrl:
    row = Setting.get_or_none(Setting.key == SERVER_KEY)
    if row is None:
        raise InvalidInput("this database syncs with no server yet: leadtui sync --init URL")
    return parse_target(row.value)


def init_sync(ctx: Context, url: str) -> SyncResult:
    """Make this file the laptop copy of the team database at `url`, and sync it once."""
    if is_postgres():
        raise InvalidInput("sync keeps a laptop's file in step with a server: run it on a file "
                           "(--db laptop.db), not on the server")
    target = parse_target(url)
    if not isinstance(target, DatabaseUrl):
        raise InvalidInput(f"sync --init takes the team's server URL (postgresql://…), got {url!r}")
    with write_transaction():
        Setting.put(SERVER_KEY, without_password(target))
        own = records.every_lead_id()  # sent as new leads: the team never had them
    result = sync_now(ctx, target)
    if own:
        result.likely_duplicates = sum((p.first_id in own) != (p.second_id in own)
                                       for p in duplicate_pairs(limit=10_000))
    return result


def without_password(target: DatabaseUrl) -> str:
    """The URL as kept in the laptop's file: never a password (libpq's ~/.pgpass or PGPASSWORD
    gives it at each sync)."""
    parts = urlsplit(target.url)
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].partition(":")[0]
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "password"]
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[2]}" if user else netloc[2],
                                     query=urlencode(query)))


def _open_server(target: DatabaseUrl) -> TeamDatabase:
    server = connect_url(target.url)
    try:
        server.connect()
    except Exception as exc:  # noqa: BLE001 — any failure to connect means offline here
        raise ServerUnreachable(f"cannot reach {target}: {str(exc).splitlines()[0] if str(exc) else exc}; "
                                "the laptop keeps working and its changes wait for the next sync") from None
    _check_same_schema(server, target)
    return server


def _check_same_schema(server: TeamDatabase, target: DatabaseUrl) -> None:
    """Both sides must be at this leadtui's schema: a sync never migrates the team's server."""
    theirs, ours = postgres.schema_version(server), latest_migration()
    if theirs == ours:
        return
    server.close()
    if theirs > ours:
        raise InvalidInput(f"{target} was upgraded by a newer leadtui (schema {theirs}, this one {ours}): "
                           "upgrade leadtui on this laptop, then sync")
    raise InvalidInput(f"{target} is at an older schema ({theirs}, this leadtui {ours}): whoever looks "
                       f"after it runs `leadtui --db {target} team init` (it upgrades it), then sync")


def _read_all() -> dict:
    return {"leads": records.read_leads(), "follow_ups": records.read_follow_ups(),
            **{kind: records.read_children(kind) for kind in records.CHILDREN}}


def _bases() -> dict[str, dict]:
    rows = database.execute_sql("SELECT uid, data FROM sync_base").fetchall()
    return {uid: json.loads(data) for uid, data in rows}


def sync_now(ctx: Context, target: DatabaseUrl | None = None) -> SyncResult:
    target = target or server_of()
    with write_transaction():
        records.give_ids()
    server = _open_server(target)
    try:
        with troubles_as_messages():
            with server.bind_ctx(records.MODELS):
                with server.atomic("IMMEDIATE"):
                    theirs = _read_all()
            laptop = _read_all()
            bases = _bases()
            plan = _plan(bases, laptop, theirs)
            with server.bind_ctx(records.MODELS):
                with server.atomic("IMMEDIATE"):
                    _apply(plan, "server", ctx.now())
    finally:
        server.close()
    with write_transaction():
        _apply(plan, "laptop", ctx.now())
        _record(plan, ctx.now(), bases)
        Setting.put(LAST_KEY, ctx.now().isoformat(sep=" "))
        Setting.delete().where(Setting.key == OFFLINE_KEY).execute()
    _rescore_changed(ctx, plan)
    return SyncResult(str(target), plan.counts["server"], plan.counts["laptop"], len(plan.conflicts))


@dataclass
class Plan:
    """Everything one sync writes, per side, and the new base."""

    leads: list[tuple[str, object]] = field(default_factory=list)  # (uid, Merged)
    follow_ups: list[tuple[str, str, object, dict]] = field(default_factory=list)  # uid, lead uid, Merged, made
    children: list[tuple[str, str, str, str, dict]] = field(default_factory=list)  # side, kind, uid, lead uid, row
    touched: dict[str, dict] = field(default_factory=dict)  # lead uid -> merged touch times
    touched_before: dict[str, dict[str, dict]] = field(default_factory=lambda: {"server": {}, "laptop": {}})
    deleted_children: list[tuple[str, str, str]] = field(default_factory=list)  # side, kind, uid
    conflicts: list[tuple[str, str, Conflict]] = field(default_factory=list)  # lead uid, name, conflict
    bases: dict[str, tuple[str, dict | None]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: {"server": {}, "laptop": {}})


def _later(a, b):
    return max((x for x in (a, b) if x is not None), default=None)


def _earlier(a, b):
    return min((x for x in (a, b) if x is not None), default=None)


def _plan(bases: dict, laptop: dict, server: dict) -> Plan:
    plan = Plan()
    mine, theirs = laptop["leads"], server["leads"]
    for uid in mine.keys() | theirs.keys():
        here, there = mine.get(uid), theirs.get(uid)
        merged = merge_record(bases.get(uid), here and here[1], there and there[1])
        plan.leads.append((uid, merged))
        if merged.result is not None:
            a, b = here[2] if here else {}, there[2] if there else {}
            plan.touched[uid] = {"last_touched_at": _later(a.get("last_touched_at"), b.get("last_touched_at")),
                                 "first_contacted_at": _earlier(a.get("first_contacted_at"),
                                                                b.get("first_contacted_at"))}
            plan.touched_before["laptop"][uid], plan.touched_before["server"][uid] = a, b
        plan.bases[uid] = ("lead", merged.result)
        name = (merged.result or (here or there)[1]).get("name", "")
        plan.conflicts += [(uid, name, c) for c in merged.conflicts]
    alive = {uid for uid, m in plan.leads if m.result is not None}
    names = {uid: (m.result or {}).get("name", "") for uid, m in plan.leads}
    for uid in laptop["follow_ups"].keys() | server["follow_ups"].keys():
        here, there = laptop["follow_ups"].get(uid), server["follow_ups"].get(uid)
        lead_uid = (here or there)[0]
        if lead_uid not in alive:
            plan.bases[uid] = ("follow_up", None)
            continue
        merged = merge_record(bases.get(uid), here and here[1], there and there[1])
        # A follow-up both sides changed (rescheduled, reworded): listed like a lead's field, as
        # "follow-up <its uid>: due_at", so keeping the laptop's value can find it again.
        name = names.get(lead_uid, "")
        plan.conflicts += [(lead_uid, name, Conflict(f"{FOLLOW_UP_MARK}{uid}: {c.field}", c.server, c.laptop))
                           for c in merged.conflicts if c.field != "deleted"]
        plan.follow_ups.append((uid, lead_uid, merged, (here or there)[2]))
        plan.bases[uid] = ("follow_up", merged.result)
    for kind in records.CHILDREN:
        for uid in laptop[kind].keys() | server[kind].keys():
            here, there = laptop[kind].get(uid), server[kind].get(uid)
            lead_uid, row = here or there
            if lead_uid not in alive:
                plan.bases[uid] = (kind, None)
                continue
            known = uid in bases
            if here and there:
                plan.bases[uid] = (kind, {})
            elif known:  # gone on one side since the last sync (an undo took it back): gone on both
                plan.deleted_children.append(("server" if here is None else "laptop", kind, uid))
                plan.bases[uid] = (kind, None)
            else:
                side = "server" if there is None else "laptop"
                plan.children.append((side, kind, uid, lead_uid, row))
                plan.bases[uid] = (kind, {})
    return plan


def _apply(plan: Plan, side: str, now: datetime) -> None:
    """Write one side's part of the plan (inside that side's transaction), a statement per kind
    of change rather than per record."""
    ids = records.lead_ids()
    gone = [uid for uid, m in plan.leads if m.action == f"delete-{side}"]
    new = [(uid, m.result, plan.touched[uid]) for uid, m in plan.leads
           if m.result is not None and uid not in ids]
    changed = {ids[uid]: getattr(m, f"to_{side}") for uid, m in plan.leads
               if m.result is not None and uid in ids and getattr(m, f"to_{side}")}
    records.delete_by_uids("lead", gone)
    for uid in gone:
        ids.pop(uid, None)
    ids = records.insert_leads(new, now) or ids
    records.write_leads(changed)
    _tally(plan, side, {"deleted lead": len(gone), "new lead": len(new), "changed lead": len(changed)})
    hidden = {uid for uid, _, _ in new} - ids.keys()
    if hidden:
        _hold_back(plan, hidden)
    before = plan.touched_before[side]
    records.set_touched({ids[uid]: times for uid, times in plan.touched.items()
                         if uid in ids and before.get(uid) != times})
    _apply_follow_ups(plan, side, ids)
    for kind in records.CHILDREN:
        rows = [(uid, ids[lead_uid], row) for where, k, uid, lead_uid, row in plan.children
                if where == side and k == kind and lead_uid in ids]
        records.insert_children(kind, rows)
        records.delete_by_uids(kind, [uid for where, k, uid in plan.deleted_children
                                      if where == side and k == kind])
        _tally(plan, side, {"activity" if kind == "activity" else "history entry": len(rows)})


def _apply_follow_ups(plan: Plan, side: str, ids: dict[str, int]) -> None:
    gone, new, changed = [], [], {}
    for uid, lead_uid, merged, made in plan.follow_ups:
        changes = getattr(merged, f"to_{side}")
        if lead_uid not in ids:
            continue  # its lead was held back
        if merged.action == f"delete-{side}":
            gone.append(uid)
        elif changes and merged.action in ("push-new", "pull-new", "revive"):
            new.append((uid, ids[lead_uid], merged.result, made))
        elif changes:
            changed[uid] = changes
    records.delete_by_uids("follow_up", gone)
    records.insert_follow_ups(new)
    records.update_follow_ups(changed)
    _tally(plan, side, {"follow-up": len(gone) + len(new) + len(changed)})
    touched_leads = {ids[lead_uid] for uid, lead_uid, m, _ in plan.follow_ups
                     if lead_uid in ids and (getattr(m, f"to_{side}") or m.action == f"delete-{side}")}
    records.refresh_next_follow_ups(sorted(touched_leads))


def _hold_back(plan: Plan, hidden: set[str]) -> None:
    """Leads the laptop made or kept that the server has under the same id but does not show this
    member (reassigned to someone else, say): they stay on the laptop, unsent, and are listed."""
    plan.conflicts = [c for c in plan.conflicts if c[0] not in hidden]  # not "deleted": hidden
    for uid, merged in plan.leads:
        if uid in hidden:
            plan.bases[uid] = ("lead", None)
            plan.conflicts.append((uid, (merged.result or {}).get("name", ""),
                                   Conflict("not on the server", "not shown to you (reassigned or deleted)",
                                            "kept on the laptop, not sent")))
    for uid, lead_uid, _, _ in plan.follow_ups:
        if lead_uid in hidden:
            plan.bases[uid] = ("follow_up", None)
    for _, kind, uid, lead_uid, _ in plan.children:
        if lead_uid in hidden:
            plan.bases[uid] = (kind, None)


def _tally(plan: Plan, side: str, counts: dict[str, int]) -> None:
    for what, n in counts.items():
        if n:
            plan.counts[side][what] = plan.counts[side].get(what, 0) + n


def _record(plan: Plan, now: datetime, bases: dict[str, dict]) -> None:
    """The new base (what both sides hold now) and the conflicts found, on the laptop: only the
    bases that moved are written (a sync with nothing to do writes nothing)."""
    gone = [(uid,) for uid, (_, data) in plan.bases.items() if data is None and uid in bases]
    moved = [(uid, kind, json.dumps(data, sort_keys=True)) for uid, (kind, data) in plan.bases.items()
             if data is not None and bases.get(uid) != data]
    cursor = database.cursor()
    cursor.executemany("DELETE FROM sync_base WHERE uid = ?", gone)
    cursor.executemany("INSERT INTO sync_base (uid, kind, data) VALUES (?, ?, ?) ON CONFLICT (uid) "
                       "DO UPDATE SET kind = excluded.kind, data = excluded.data", moved)
    open_ones = set(database.execute_sql(
        "SELECT lead_uid, field FROM sync_conflict WHERE resolved_at IS NULL").fetchall())
    for lead_uid, name, conflict in plan.conflicts:
        values = (json.dumps(conflict.server), json.dumps(conflict.laptop), now)
        if (lead_uid, conflict.field) in open_ones:  # listed already: it shows the newest values
            database.execute_sql("UPDATE sync_conflict SET server_value = ?, laptop_value = ?, at = ? "
                                 "WHERE lead_uid = ? AND field = ? AND resolved_at IS NULL",
                                 (*values, lead_uid, conflict.field))
            continue
        database.execute_sql(
            "INSERT INTO sync_conflict (lead_uid, lead_name, field, server_value, laptop_value, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (lead_uid, name, conflict.field, json.dumps(conflict.server), json.dumps(conflict.laptop), now))


def _rescore_changed(ctx: Context, plan: Plan) -> None:
    """Scores, temperatures and deadlines follow the pulled fields and activities."""
    ids = records.lead_ids()
    changed = [ids[uid] for uid, m in plan.leads if m.to_laptop and uid in ids]
    changed += [ids[lead_uid] for side, _, _, lead_uid, _ in plan.children if side == "laptop" and lead_uid in ids]
    if not changed:
        return
    with write_transaction():
        records.mark_for_rescore(sorted(set(changed)), ctx.now())
    rescore_due(ctx)


@dataclass(frozen=True)
class BackgroundSync:
    """What a sync on the TUI's timer did, and where the laptop stands after it."""

    status: SyncStatus
    received: dict[str, int]
    new_conflicts: int


def background_sync(ctx: Context) -> BackgroundSync | None:
    """The timer's sync: None for a file that syncs with no server; offline is no error here."""
    if read_status() is None:
        return None
    try:
        result = sync_now(ctx)
    except ServerUnreachable:
        with write_transaction():
            if Setting.get_or_none(Setting.key == OFFLINE_KEY) is None:
                Setting.put(OFFLINE_KEY, ctx.now().isoformat(sep=" "))
        return BackgroundSync(read_status(), {}, 0)
    return BackgroundSync(read_status(), result.pulled, result.conflicts)
