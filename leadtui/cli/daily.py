"""The daily loop from the shell: today, follow, done."""

from __future__ import annotations

import argparse

from leadtui.cli.common import off_profile_hint, parse_id, when
from leadtui.context import Context
from leadtui.finding import queries
from leadtui.finding.priority import SECTION_NAMES
from leadtui.kit.fmt import ago, iso_utc, local_iso, until
from leadtui.kit.textable import render
from leadtui.leads import writes as leads


def register(sub, common: argparse.ArgumentParser) -> None:
    today = sub.add_parser("today", help="overdue and due follow-ups, stale leads, new inbound",
                           parents=[common])
    scope = today.add_mutually_exclusive_group()
    scope.add_argument("--mine", dest="mine", action="store_const", const=True,
                       help="only my leads and unowned ones (the default with [team] members set)")
    scope.add_argument("--team", dest="mine", action="store_const", const=False,
                       help="the whole team's agenda")
    today.set_defaults(handler=cmd_today)

    nxt = sub.add_parser("next", help="who next: Today's items highest priority first, each with why",
                         parents=[common])
    nxt.add_argument("count", nargs="?", type=_count, default=10, metavar="N", help="how many (default 10)")
    scope = nxt.add_mutually_exclusive_group()
    scope.add_argument("--mine", dest="mine", action="store_const", const=True,
                       help="only my leads and unowned ones (the default with [team] members set)")
    scope.add_argument("--team", dest="mine", action="store_const", const=False, help="the whole team's")
    nxt.set_defaults(handler=cmd_next)

    follow = sub.add_parser("follow", help="schedule a follow-up", parents=[common])
    follow.add_argument("id")
    follow.add_argument("when", metavar="WHEN")
    follow.add_argument("--what", default="")
    follow.add_argument("--force", action="store_true", help="keep a date in the past or years ahead")
    follow.set_defaults(handler=cmd_follow)

    done = sub.add_parser("done", help="complete a follow-up by its id (see `show`)", parents=[common])
    done.add_argument("follow_up_id")
    done.set_defaults(handler=cmd_done)


def cmd_today(ctx: Context, args: argparse.Namespace):
    view = queries.today(ctx, mine=args.mine)
    now = ctx.now()

    def show():
        for key, title, items in view.sections():
            print(f"{title} ({view.counts[key]})")
            if not items:
                continue
            body = [[str(i.lead.id), i.lead.name, i.lead.company, i.lead.temperature,
                     until(i.due_at, now) if i.due_at else ago(i.lead.last_touched_at, now), i.purpose()]
                    for i in items]
            print(render(["id", "name", "company", "temp", "when", "what"], body))
            print()
        if view.off_profile:
            print(off_profile_hint(view.off_profile))

    data = {key: [dict(i.lead.as_json(), follow_up_id=i.follow_up_id,
                       due_at=i.due_at.isoformat() + "Z" if i.due_at else None, what=i.what,
                       last_activity=i.last_activity,
                       priority=round(i.priority.total, 1), reasons=list(i.priority.reasons))
                  for i in items]
            for key, _, items in view.sections()}
    data["counts"] = view.counts
    data["off_profile"] = view.off_profile
    return data, show


def _count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 1 <= number <= 1000:
        raise argparse.ArgumentTypeError(f"N must be 1 to 1000, got {number}")
    return number


def _item_json(item: queries.AgendaItem) -> dict:
    return {"id": item.lead.id, "name": item.lead.name, "company": item.lead.company,
            "section": item.section, "priority": round(item.priority.total, 1),
            "reasons": list(item.priority.reasons), "follow_up_id": item.follow_up_id,
            "due_at": iso_utc(item.due_at), "what": item.what}


def cmd_next(ctx: Context, args: argparse.Namespace):
    # Each section's best `count` are enough: the merged order is exact down to `count` items.
    view = queries.today(ctx, limit=args.count, mine=args.mine)
    items = view.ranked()[:args.count]

    def show():
        if not items:
            print("Nothing due, nothing stale, no new inbound.")
        else:
            body = [[str(i.lead.id), i.lead.name, i.lead.company, SECTION_NAMES[i.section],
                     f"{i.priority.total:.0f}", i.priority.reason_line()] for i in items]
            print(render(["id", "name", "company", "section", "priority", "why"], body, {5: 64}))
        if view.off_profile:
            print(off_profile_hint(view.off_profile))

    return {"items": [_item_json(i) for i in items], "counts": view.counts, "off_profile": view.off_profile}, show


def cmd_follow(ctx: Context, args: argparse.Namespace):
    follow_up = leads.schedule_follow_up(ctx, args.id, when(ctx, args.when, follow_up=True), args.what,
                                         force=args.force)
    return ({"follow_up_id": follow_up.id, "due_at": follow_up.due_at.isoformat() + "Z"},
            lambda: print(f"follow-up [{follow_up.id}] {local_iso(follow_up.due_at)}"))


def cmd_done(ctx: Context, args: argparse.Namespace):
    follow_up = leads.complete_follow_up(ctx, parse_id(args.follow_up_id, "follow-up id"))
    return {"follow_up_id": follow_up.id, "done": True}, lambda: print(f"done [{follow_up.id}]")
