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
    detail = queries.lead_detail(ctx, leads.get_lead(args.id).id)
    data = queries.lead_json(ctx, detail.lead.id, detail)
    return data, lambda: print(_show_text(ctx, data, detail))


def _show_text(ctx: Context, d: dict, detail: queries.LeadDetail) -> str:
    from leadtui.fmt import local_iso as fmt

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
    flt = queries.LeadFilter(kind=args.kind, stale=args.stale, query=_list_query(args))
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


# ---- qualification and outreach ---------------------------------------------------


def _list_query(args: argparse.Namespace) -> str:
    """The list's query: a saved view's query ANDed with the one typed, if any."""
    query = args.query or ""
    name = getattr(args, "view", None)
    if not name:
        return query
    from leadtui import views

    view_query = views.get_view(name).query
    return f"({view_query}) {query}".strip() if query.strip() else view_query


def _rescore(ctx: Context) -> int:
    from leadtui.rescore import rescore_all

    return rescore_all(ctx)


def _profile_json(profile) -> dict:
    from dataclasses import asdict

    data = asdict(profile)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = list(value)
    data["criteria"] = profile.criteria()
    return data


def cmd_profile(ctx: Context, args: argparse.Namespace):
    from leadtui import icp

    profile = icp.load_profile()
    rescored = None
    if getattr(args, "action", None) == "set":
        for name in ("age", "income", "revenue", "employees"):
            text = getattr(args, name)
            if text is not None:
                setattr(profile, name, icp.parse_range(text))
        if args.locations is not None:
            profile.locations = icp.parse_list(args.locations)
        if args.industries is not None:
            profile.industries = [x.lower() for x in icp.parse_list(args.industries)]
        if args.budget_min is not None:
            profile.budget_min = icp.parse_range(args.budget_min)[0] if args.budget_min.strip() else None
        if args.min_share is not None:
            profile.min_share = args.min_share
        icp.save_profile(profile)
        rescored = _rescore(ctx)
    data = _profile_json(profile)
    if rescored is not None:
        data["rescored"] = rescored

    def show():
        lines = profile.describe()
        if not lines:
            print("no ideal customer profile set (see `leadtui profile set --help`)")
        else:
            print("Ideal customer profile:")
            for line in lines:
                print(f"  {line}")
            print(f"  a lead fits with at least {profile.min_share:.0%} of these")
        if rescored is not None:
            print(f"rescored {rescored} leads")

    return data, show


def cmd_rules(ctx: Context, args: argparse.Namespace):
    from leadtui import rules

    action = getattr(args, "action", None)
    rescored = None
    message = ""
    if action == "add":
        rule = rules.add_rule(args.kind, args.points, args.days, args.field or "", args.value or "")
        message = f"added rule [{rule.id}] {rule.label()} {rule.points:+d}"
    elif action == "rm":
        try:
            rule_id = int(args.rule_id)
        except ValueError:
            from leadtui.errors import InvalidInput

            raise InvalidInput(f"rule id must be a number, got {args.rule_id!r}") from None
        rules.delete_rule(rule_id)
        message = f"removed rule [{rule_id}]"
    if action in ("add", "rm"):
        rescored = _rescore(ctx)
        message += f"; rescored {rescored} leads"
    table = rules.load_rules()
    data = {"rules": [{"id": r.id, "kind": r.kind, "points": r.points, "days": r.days, "field": r.field,
                       "value": r.value, "label": r.label()} for r in table]}
    if rescored is not None:
        data["rescored"] = rescored

    def show():
        if message:
            print(message)
        else:
            print(render(["id", "rule", "points"], [[str(r.id), r.label(), f"{r.points:+d}"] for r in table]))

    return data, show


def cmd_views(ctx: Context, args: argparse.Namespace):
    from leadtui import views

    action = getattr(args, "action", None)
    if action == "save":
        view = views.save_view(args.name, args.query, ctx)
        return view.as_json(), lambda: print(f"saved view {view.name!r}: {view.query}")
    if action == "rm":
        views.delete_view(args.name)
        return {"deleted": args.name}, lambda: print(f"deleted view {args.name!r}")
    items = views.list_views()
    return ([v.as_json() for v in items],
            lambda: print(render(["name", "query"], [[v.name, v.query] for v in items])))


def cmd_templates(ctx: Context, args: argparse.Namespace):
    from leadtui import templates

    items = templates.list_templates()
    return ([t.as_json() for t in items],
            lambda: print(render(["id", "name", "channel", "subject"],
                                 [[str(t.id), t.name, t.channel, t.subject] for t in items])))


def cmd_template(ctx: Context, args: argparse.Namespace):
    from leadtui import templates

    rendered = templates.render_template(ctx, args.name, args.id)
    data = rendered.as_json()
    if args.use:
        activity = templates.use_template(ctx, args.name, args.id)
        data["activity_id"] = activity.id

    def show():
        if rendered.subject:
            print(f"Subject: {rendered.subject}\n")
        print(rendered.body)
        if rendered.missing:
            print(f"\n(missing: {', '.join(rendered.missing)})")
        if args.use:
            print(f"logged {activity.kind} for #{activity.lead_id}")

    return data, show


def cmd_qualify(ctx: Context, args: argparse.Namespace):
    event = leads.set_qualification(ctx, args.id, args.value)
    row = queries.lead_row(ctx, int(args.id))
    msg = f"#{row.id} {row.name}: {QUALIFICATIONS[row.qualification]}" + ("" if event else " (unchanged)")
    return row.as_json(), lambda: print(msg)


def cmd_pin(ctx: Context, args: argparse.Namespace):
    value = args.temperature.strip().lower()
    leads.pin_temperature(ctx, args.id, None if value in ("none", "unpin", "auto") else value)
    row = queries.lead_row(ctx, int(args.id))
    how = "pinned" if row.temperature_pinned else "follows the score"
    return row.as_json(), lambda: print(f"#{row.id} {row.name}: {row.temperature} ({how})")


COMMANDS.update({
    "profile": cmd_profile, "rules": cmd_rules, "views": cmd_views, "templates": cmd_templates,
    "template": cmd_template, "qualify": cmd_qualify, "pin": cmd_pin,
})
