"""One function per CLI command: each returns (json-able data, a function that prints a table)."""

from __future__ import annotations

import argparse
from pathlib import Path

from leadtui import leads, queries
from leadtui.config import Config, user_config_path
from leadtui.context import Context
from leadtui.fmt import ago, local_iso, until
from leadtui.textable import render
from leadtui.vocab import QUALIFICATIONS, stage_label


def open_context(db_path: Path, config: Config, clock=None) -> Context:
    from leadtui.clock import Clock
    from leadtui.db.connection import init_db
    from leadtui.staleness import ensure_thresholds_current

    init_db(db_path)
    ensure_thresholds_current(config)
    return Context(clock=clock or Clock(), config=config)


def where(db_path: Path) -> int:
    print(f"database: {db_path}")
    print(f"config:   {user_config_path()}")
    return 0


def _when(ctx: Context, text: str | None, *, follow_up: bool = False):
    if not text:
        return None
    from leadtui.when import parse_follow_up, parse_when

    return parse_follow_up(text, ctx.clock) if follow_up else parse_when(text, ctx.clock)


def _lead_table(ctx: Context, rows: list[queries.LeadRow]) -> str:
    now = ctx.now()
    body = [
        [str(r.id), r.name, r.company, stage_label(r.stage), r.temperature, str(r.score), r.source,
         ago(r.last_touched_at, now), until(r.next_follow_up_at, now), "STALE" if r.stale else ""]
        for r in rows
    ]
    return render(["id", "name", "company", "stage", "temp", "score", "source", "touched", "next", ""], body)


def cmd_add(ctx: Context, args: argparse.Namespace):
    new = leads.NewLead(
        name=args.name, email=args.email, phone=args.phone, company=args.company, title=args.title,
        source=args.source, direction=args.direction or "outbound",
        kind="prospect" if args.prospect else "lead", interest=args.note, tags=args.tag,
        industry=args.industry, location=args.location,
        at=_when(ctx, args.at), next_at=_when(ctx, args.next, follow_up=True),
    )
    lead = leads.add_lead(ctx, new, force=args.force, allow_duplicate=args.force)
    return {"id": lead.id}, lambda: print(lead.id)


def cmd_log(ctx: Context, args: argparse.Namespace):
    activity = leads.log_activity(ctx, args.id, args.kind, args.note, at=_when(ctx, args.at),
                                  next_at=_when(ctx, args.next, follow_up=True))
    row = queries.lead_row(ctx, activity.lead_id)

    def show():
        nxt = f"; next follow-up {local_iso(row.next_follow_up_at)}" if row.next_follow_up_at else ""
        print(f"logged {activity.kind} for #{row.id} {row.name}{nxt}")

    return {"activity_id": activity.id, "lead": row.as_json()}, show


def cmd_stage(ctx: Context, args: argparse.Namespace):
    event = leads.change_stage(ctx, args.id, args.stage)
    row = queries.lead_row(ctx, int(args.id))
    msg = f"#{row.id} {row.name}: {stage_label(row.stage)}" + ("" if event else " (unchanged)")
    return row.as_json(), lambda: print(msg)


def cmd_show(ctx: Context, args: argparse.Namespace):
    data = queries.lead_json(ctx, leads.get_lead(args.id).id)
    return data, lambda: print(_show_text(ctx, data))


def _show_text(ctx: Context, d: dict) -> str:
    from leadtui.fmt import local_iso as fmt

    detail = queries.lead_detail(ctx, d["id"])
    lead = detail.lead
    lines = [f"#{d['id']} {d['name']}" + (f" — {d['title']}" if d["title"] else "")
             + (f", {d['company']}" if d["company"] else "")]
    pairs = [("e-mail", d["email"]), ("phone", d["phone"]), ("kind", d["kind"]),
             ("stage", stage_label(d["stage"])), ("qualified", QUALIFICATIONS[d["qualification"]]),
             ("temperature", d["temperature"] + (" (pinned)" if d["temperature_pinned"] else "")),
             ("score", f"{d['score']} (fit {d['fit']}, engagement {d['engagement']})"),
             ("profile", f"{d['icp']['ticks']}/{d['icp']['total']}" if d["icp"]["total"] else "no profile set"),
             ("source", f"{d['source']} ({d['direction']})"), ("owner", d["owner"]),
             ("tags", ", ".join(d["tags"])), ("interest", d["interest"]),
             ("last touched", ago(lead.last_touched_at, ctx.now()) + (" — STALE" if d["stale"] else "")),
             ("next follow-up", fmt(lead.next_follow_up_at))]
    lines += [f"  {k:<15}{v}" for k, v in pairs if v not in ("", None)]
    open_fu = [f for f in detail.follow_ups if f.done_at is None]
    if open_fu:
        lines.append("Follow-ups:")
        lines += [f"  [{f.id}] {fmt(f.due_at)} {f.what}".rstrip() for f in open_fu]
    if detail.activities:
        lines.append("Timeline:")
        lines += [f"  {fmt(a.at)}  {a.kind:<9} {a.body}".rstrip() for a in detail.activities[:20]]
    return "\n".join(lines)


def cmd_list(ctx: Context, args: argparse.Namespace):
    if args.sort not in queries.SORTS:
        from leadtui.errors import InvalidInput

        raise InvalidInput(f"unknown sort {args.sort!r} (one of: {', '.join(queries.SORTS)})")
    flt = queries.LeadFilter(kind=args.kind, stale=args.stale, query=args.query)
    rows: list[queries.LeadRow] = []
    page = 1000
    while True:  # stream in pages; never one giant query result
        want = page if not args.limit else min(page, args.limit - len(rows))
        chunk = queries.list_leads(ctx, flt, sort=args.sort, offset=len(rows), limit=want)
        rows += chunk
        if len(chunk) < want or (args.limit and len(rows) >= args.limit):
            break
    return [r.as_json() for r in rows], lambda: print(_lead_table(ctx, rows) if rows else "no leads match")


def cmd_today(ctx: Context, args: argparse.Namespace):
    view = queries.today(ctx)
    now = ctx.now()

    def show():
        for key, title, items in view.sections():
            print(f"{title} ({view.counts[key]})")
            if not items:
                continue
            body = [[str(i.lead.id), i.lead.name, i.lead.company, i.lead.temperature,
                     until(i.due_at, now) if i.due_at else ago(i.lead.last_touched_at, now), i.what]
                    for i in items]
            print(render(["id", "name", "company", "temp", "when", "what"], body))
            print()

    data = {key: [dict(i.lead.as_json(), follow_up_id=i.follow_up_id,
                       due_at=i.due_at.isoformat() + "Z" if i.due_at else None, what=i.what)
                  for i in items]
            for key, _, items in view.sections()}
    data["counts"] = view.counts
    return data, show


def cmd_follow(ctx: Context, args: argparse.Namespace):
    follow_up = leads.schedule_follow_up(ctx, args.id, _when(ctx, args.when, follow_up=True), args.what)
    return ({"follow_up_id": follow_up.id, "due_at": follow_up.due_at.isoformat() + "Z"},
            lambda: print(f"follow-up [{follow_up.id}] {local_iso(follow_up.due_at)}"))


def cmd_done(ctx: Context, args: argparse.Namespace):
    try:
        fid = int(args.follow_up_id)
    except ValueError:
        from leadtui.errors import InvalidInput

        raise InvalidInput(f"follow-up id must be a number, got {args.follow_up_id!r}") from None
    follow_up = leads.complete_follow_up(ctx, fid)
    return {"follow_up_id": follow_up.id, "done": True}, lambda: print(f"done [{follow_up.id}]")


def cmd_score(ctx: Context, args: argparse.Namespace):
    from leadtui import scoring
    from leadtui.fmt import iso_utc

    lead = leads.get_lead(args.id)
    result = scoring.breakdown(ctx, lead)
    data = {"id": lead.id, "fit": result.fit, "engagement": result.engagement, "score": result.score,
            "lines": [{"points": x.points, "reason": x.reason, "at": iso_utc(x.at)} for x in result.lines]}

    def show():
        print(f"#{lead.id} {lead.name}: score {result.score} = fit {result.fit} + engagement {result.engagement}")
        for line in result.lines:
            when = f"  {local_iso(line.at)[:10]}" if line.at else ""
            print(f"  {line.points:+4d}  {line.reason}{when}")

    return data, show


COMMANDS = {
    "add": cmd_add, "log": cmd_log, "stage": cmd_stage, "show": cmd_show, "list": cmd_list,
    "today": cmd_today, "follow": cmd_follow, "done": cmd_done, "score": cmd_score,
}
