"""Managing follow-ups from the shell: followups, reschedule, snooze, cancel."""

from __future__ import annotations

import argparse

from leadtui.cli.common import parse_id, when
from leadtui.context import Context
from leadtui.kit.fmt import local_iso
from leadtui.kit.textable import render
from leadtui.leads import followups


def register(sub, common: argparse.ArgumentParser) -> None:
    listing = sub.add_parser("followups", help="open follow-ups (of one lead, or all); --all adds done "
                             "and cancelled ones", parents=[common])
    listing.add_argument("lead", nargs="?", help="a lead id (default: every lead)")
    listing.add_argument("--all", action="store_true", help="include done and cancelled follow-ups")
    listing.set_defaults(handler=cmd_followups)

    for name, helptext in (("reschedule", "move follow-up F to WHEN"),
                           ("snooze", "snooze follow-up F until WHEN")):
        cmd = sub.add_parser(name, help=helptext, parents=[common])
        cmd.add_argument("follow_up_id", metavar="F")
        cmd.add_argument("when", metavar="WHEN")
        cmd.add_argument("--what", default=None, help="new text: what the follow-up is for")
        cmd.add_argument("--force", action="store_true", help="keep a date in the past or years ahead")
        cmd.set_defaults(handler=cmd_reschedule)

    cancel = sub.add_parser("cancel", help="cancel follow-up F (it stays in the lead's timeline)",
                            parents=[common])
    cancel.add_argument("follow_up_id", metavar="F")
    cancel.set_defaults(handler=cmd_cancel)


def cmd_followups(ctx: Context, args: argparse.Namespace):
    lead = parse_id(args.lead, "lead id") if args.lead else None
    items = followups.list_follow_ups(lead, include_closed=args.all)

    def show():
        if not items:
            print("no follow-ups" if args.all else "no open follow-ups")
            return
        print(render(["id", "lead", "due", "what", "status"],
                     [[str(f.id), f"#{f.lead_id} {f.lead_name}", local_iso(f.due_at), f.what, f.status]
                      for f in items]))

    return [f.as_json() for f in items], show


def cmd_reschedule(ctx: Context, args: argparse.Namespace):
    fid = parse_id(args.follow_up_id, "follow-up id")
    follow_up = followups.reschedule(ctx, fid, when(ctx, args.when, follow_up=True), what=args.what,
                                     force=args.force)
    return ({"follow_up_id": follow_up.id, "due_at": follow_up.due_at.isoformat() + "Z", "what": follow_up.what},
            lambda: print(f"follow-up [{follow_up.id}] {local_iso(follow_up.due_at)}"
                          + (f"  {follow_up.what}" if follow_up.what else "")))


def cmd_cancel(ctx: Context, args: argparse.Namespace):
    follow_up = followups.cancel(ctx, parse_id(args.follow_up_id, "follow-up id"))
    return {"follow_up_id": follow_up.id, "cancelled": True}, lambda: print(f"cancelled [{follow_up.id}]")
