"""Commands on one lead or the list: add, log, stage, show, list, score."""

from __future__ import annotations

import argparse
from itertools import islice

from leadtui.cli.common import EPILOG, lead_result, lead_table, list_query, off_profile_hint, when
from leadtui.cli.edit import add_field_options, field_options
from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.finding import paging, queries
from leadtui.kit.fmt import ago, grouped, iso_utc, local_iso
from leadtui.kit.money import format_money
from leadtui.kit.vocab import QUALIFICATIONS, stage_label
from leadtui.leads import writes as leads
from leadtui.record import fields as leadfields
from leadtui.record.fields import LEAD_FIELDS
from leadtui.record.readmodels import LeadDetail


def register(sub, common: argparse.ArgumentParser) -> None:
    add = sub.add_parser("add", help="add a lead in one line", epilog=EPILOG, parents=[common],
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("name")
    add.add_argument("--email", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--company", default="")
    add.add_argument("--title", default="")
    add.add_argument("--source", default="", help="channel: webinar, referral, cold-call, …")
    direction = add.add_mutually_exclusive_group()
    direction.add_argument("--inbound", dest="direction", action="store_const", const="inbound")
    direction.add_argument("--outbound", dest="direction", action="store_const", const="outbound")
    add.add_argument("--prospect", action="store_true", help="not yet shown interest (default: lead)")
    add.add_argument("--note", default="", help="how interested they are right now")
    add.add_argument("--tag", action="append", default=[], help="repeatable")
    add.add_argument("--industry", default="")
    add.add_argument("--location", default="")
    add.add_argument("--value", default="", metavar="AMOUNT",
                     help="expected deal value: 12000, 12k EUR, €1.5m (currency from config)")
    add.add_argument("--owner", metavar="NAME",
                     help="who owns it: a name, me or none (default: you; see [team] for inbound leads)")
    add.add_argument("--next", metavar="WHEN", help="schedule the first follow-up")
    add.add_argument("--at", metavar="WHEN", help="when you met them (default: now)")
    add.add_argument("--force", action="store_true",
                     help="accept an invalid e-mail/phone, a duplicate or a --next in the past")
    add_field_options(add, skip=ADD_OWN_OPTIONS)  # the edit form's other fields: --budget, --bant-need …
    add.set_defaults(handler=cmd_add)

    log = sub.add_parser("log", help="record an activity (call, email, reply, meeting, note, …)",
                         parents=[common])
    log.add_argument("id")
    log.add_argument("kind", help="call, email, reply, meeting, note, download, form, social, event")
    log.add_argument("--note", default="")
    log.add_argument("--next", metavar="WHEN", help="schedule the next follow-up")
    log.add_argument("--at", metavar="WHEN", help="when it happened (default: now)")
    log.add_argument("--force", action="store_true", help="keep a --next in the past or years ahead")
    log.set_defaults(handler=cmd_log)

    stage = sub.add_parser("stage", help="move a lead to a stage (1-5, won, lost, disqualified)",
                           parents=[common])
    stage.add_argument("id")
    stage.add_argument("stage")
    stage.set_defaults(handler=cmd_stage)

    show = sub.add_parser("show", help="one lead with its timeline", parents=[common])
    show.add_argument("id")
    show.set_defaults(handler=cmd_show)

    lst = sub.add_parser("list", help="list leads, optionally filtered by a query", parents=[common])
    lst.add_argument("query", nargs="?", default="", help="e.g. 'temp:hot score>40 source:webinar'")
    lst.add_argument("--stale", action="store_true", help="only leads untouched past their threshold")
    lst.add_argument("--prospects", dest="kind", action="store_const", const="prospect")
    lst.add_argument("--leads", dest="kind", action="store_const", const="lead")
    lst.add_argument("--sort", default="touched", help="touched, recent, name, score, next, created")
    lst.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")
    lst.add_argument("--view", metavar="NAME", help="a saved view (see `leadtui views`)")
    lst.set_defaults(handler=cmd_list)

    score = sub.add_parser("score", help="a lead's score, line by line", parents=[common])
    score.add_argument("id")
    score.set_defaults(handler=cmd_score)


# The fields `add` reads through options of its own above (--note is the interest, --tag the tags,
# --inbound and --prospect the direction and kind).
ADD_OWN_OPTIONS = frozenset({"name", "email", "phone", "company", "title", "source", "direction",
                             "kind", "interest", "tags", "industry", "location", "value", "owner"})


def cmd_add(ctx: Context, args: argparse.Namespace):
    more = {name: leadfields.field(name).read(value) for name, value in field_options(args).items()}
    new = leads.NewLead(
        name=args.name, email=args.email, phone=args.phone, company=args.company, title=args.title,
        source=args.source, direction=args.direction or "outbound",
        kind="prospect" if args.prospect else "lead", interest=args.note, tags=args.tag,
        industry=args.industry, location=args.location, value=args.value, owner=args.owner,
        at=when(ctx, args.at), next_at=when(ctx, args.next, follow_up=True), extra=more,
    )
    lead = leads.add_lead(ctx, new, force=args.force, allow_duplicate=args.force)
    return {"id": lead.id}, lambda: print(lead.id)


def cmd_log(ctx: Context, args: argparse.Namespace):
    logged = leads.record_activity(ctx, args.id, args.kind, args.note, at=when(ctx, args.at),
                                   next_at=when(ctx, args.next, follow_up=True), force=args.force)
    activity, done, scheduled = logged.activity, logged.completed, logged.scheduled
    row = queries.lead_row(ctx, activity.lead_id)

    def show():
        closed = f"; done [{done.id}] {local_iso(done.due_at)}" if done else ""
        nxt = f"; next follow-up [{scheduled.id}] {local_iso(scheduled.due_at)}" if scheduled else ""
        print(f"logged {activity.kind} for #{row.id} {row.name}{closed}{nxt}")

    data = {"activity_id": activity.id, "lead": row.as_json(),
            "completed_follow_up_id": done.id if done else None,
            "follow_up_id": scheduled.id if scheduled else None}
    return data, show


def cmd_stage(ctx: Context, args: argparse.Namespace):
    event = leads.change_stage(ctx, args.id, args.stage)
    return lead_result(ctx, args.id, lambda row: stage_label(row.stage) + ("" if event else " (unchanged)"))


def cmd_show(ctx: Context, args: argparse.Namespace):
    detail = queries.lead_detail(ctx, args.id)
    data = detail.as_json()
    return data, lambda: print(_show_text(ctx, data, detail))


def _show_text(ctx: Context, d: dict, detail: LeadDetail) -> str:
    lead = detail.lead
    lines = [f"#{d['id']} {d['name']}" + (f" — {d['title']}" if d["title"] else "")
             + (f", {d['company']}" if d["company"] else "")]
    pairs = [("e-mail", d["email"] + (" (unverified)" if d["email"] and lead.email_unverified else "")),
             ("phone", d["phone"] + (" (unverified)" if d["phone"] and lead.phone_unverified else "")),
             ("kind", d["kind"]),
             ("stage", stage_label(d["stage"])),
             ("deal value", format_money(lead.value_cents, lead.value_currency)),
             ("qualified", QUALIFICATIONS[d["qualification"]]),
             ("temperature", d["temperature"] + (" (pinned)" if d["temperature_pinned"] else "")),
             ("score", f"{d['score']} (fit {d['fit']}, engagement {d['engagement']})"),
             ("profile", f"{d['icp']['ticks']}/{d['icp']['total']}" if d["icp"]["total"] else "no profile set"),
             ("source", f"{d['source']} ({d['direction']})".lstrip()), *_plain_rows(lead),
             ("tags", ", ".join(d["tags"])), ("interest", d["interest"]),
             ("last touched", ago(lead.last_touched_at, ctx.now()) + (" — STALE" if d["stale"] else "")),
             ("next follow-up", local_iso(lead.next_follow_up_at))]
    # A value of several lines (a note) goes on under itself, not at the left edge.
    lines += [f"  {k:<15}" + str(v).replace("\n", "\n" + " " * 17) for k, v in pairs if v not in ("", None)]
    open_fu = detail.open_follow_ups
    if open_fu:
        lines.append("Follow-ups:")
        lines += [f"  [{f.id}] {local_iso(f.due_at)} {f.what}".rstrip() for f in open_fu]
    if detail.activities:
        lines.append("Timeline:")
        lines += [f"  {local_iso(a.at)}  {a.kind:<9} {a.body}{_by(a.author)}".rstrip()
                  for a in detail.activities[:20]]
    if detail.changes:
        lines.append("History:")
        lines += [f"  {local_iso(c.at)}  {c.field}: {_change(c)}{_by(c.author)}" for c in detail.changes[:20]]
    return "\n".join(lines)


def _plain_rows(lead) -> list[tuple[str, str]]:
    """The lead page's plain rows of fields (leadtui.record.fields) after the source shown above:
    industry, location, the numbers, the owner and any field added since."""
    return [(f.label.lower(), grouped(value) if f.kind == "int" else value)
            for f in LEAD_FIELDS if f.detail_row and f.name != "source"
            for value in [getattr(lead, f.name)]]


def _by(author: str) -> str:
    return f"  (by {author})" if author else ""


def _change(change) -> str:
    old, new = change.from_value, change.to_value
    if change.field == "stage":
        old, new = stage_label(old) if old else old, stage_label(new)
    return f"{old} → {new}" if old else new


def cmd_list(ctx: Context, args: argparse.Namespace):
    if args.sort not in queries.SORTS:
        raise InvalidInput(f"unknown sort {args.sort!r} (one of: {', '.join(queries.SORTS)})")
    # Like the TUI's list: prospects off the profile stay out unless the query asks about `fits`.
    flt = queries.LeadFilter(kind=args.kind, stale=args.stale, query=list_query(args), hide_off_profile=True)
    if args.limit < 0:
        raise InvalidInput(f"--limit takes 0 (all) or more, not {args.limit}")
    # Read in keyset pages (never one giant query result, never OFFSET past skipped rows).
    batch = min(1000, args.limit) if args.limit else 1000
    rows = list(islice(paging.iter_leads(ctx, flt, args.sort, batch=batch), args.limit or None))
    hidden = queries.count_hidden(ctx, flt)

    def show():
        print(lead_table(ctx, rows) if rows else "no leads match")
        if hidden:
            print(off_profile_hint(hidden))

    return [r.as_json() for r in rows], show


def cmd_score(ctx: Context, args: argparse.Namespace):
    detail = queries.lead_detail(ctx, args.id)
    lead, result = detail.lead, detail.score
    data = {"id": lead.id, "fit": result.fit, "engagement": result.engagement, "score": result.score,
            "lines": [{"points": x.points, "reason": x.reason, "at": iso_utc(x.at)} for x in result.lines]}

    def show():
        print(f"#{lead.id} {lead.name}: score {result.score} = fit {result.fit} + engagement {result.engagement}")
        for line in result.lines:
            at = f"  {local_iso(line.at)[:10]}" if line.at else ""
            print(f"  {line.points:+4d}  {line.reason}{at}")

    return data, show
