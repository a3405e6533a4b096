"""The offline laptop: sync with the team's server, list and resolve conflicts."""

from __future__ import annotations

import argparse

from leadtui.cli.common import parse_id
from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.kit.fmt import local_iso
from leadtui.kit.textable import render


def register(sub, common: argparse.ArgumentParser) -> None:
    sync = sub.add_parser("sync", parents=[common],
                          help="exchange changes with the team's server (work offline on a file between syncs)")
    sync.add_argument("--init", metavar="URL",
                      help="make this file the laptop copy of the team database at URL, then sync")
    sync.add_argument("--conflicts", action="store_true",
                      help="list the fields both sides changed (the server's value stands)")
    sync.add_argument("--resolve", metavar="N", help="resolve conflict N (with --keep)")
    sync.add_argument("--keep", choices=("laptop", "server"), help="which value conflict N keeps")
    sync.set_defaults(handler=cmd_sync)


def cmd_sync(ctx: Context, args: argparse.Namespace):
    from leadtui.sync import conflicts, run

    if args.conflicts:
        return _show_conflicts(conflicts.list_conflicts())
    if args.resolve is not None:
        if args.keep is None:
            raise InvalidInput("--resolve N needs --keep laptop or --keep server")
        done = conflicts.resolve_conflict(ctx, parse_id(args.resolve, "conflict"), args.keep)
        return done.as_json(), lambda: print(f"conflict {done.id} ({done.lead_name}, {done.label}): "
                                             f"kept the {args.keep}'s value")
    result = run.init_sync(ctx, args.init) if args.init else run.sync_now(ctx)

    def show():
        print(f"synced with {result.server}: {_counts('sent', result.pushed)}; {_counts('received', result.pulled)}")
        if result.likely_duplicates:
            print(f"{result.likely_duplicates} of your leads look like ones the team has: "
                  "`leadtui duplicates` lists them for merging (nothing was merged)")
        if result.conflicts:
            print(f"{result.conflicts} new conflict(s): the server's value stands, yours is kept — "
                  "leadtui sync --conflicts")

    return result.as_json(), show


ORDER = ("new lead", "changed lead", "deleted lead", "activity", "follow-up", "history entry")
PLURALS = {"activity": "activities", "history entry": "history entries"}


def _counts(verb: str, counts: dict[str, int]) -> str:
    if not counts:
        return f"nothing {verb}"
    said = [f"{counts[what]} {what if counts[what] == 1 else PLURALS.get(what, what + 's')}"
            for what in ORDER if counts.get(what)]
    return f"{verb} " + ", ".join(said)


def _show_conflicts(found):
    def show():
        if not found:
            print("no conflicts")
            return
        print(render(["#", "lead", "field", "server (stands)", "laptop (kept)", "found"],
                     [[c.id, f"#{c.lead_id} {c.lead_name}" if c.lead_id else c.lead_name, c.label,
                       c.shown(c.server_value), c.shown(c.laptop_value), local_iso(c.at)] for c in found]))
        print("keep one: leadtui sync --resolve N --keep laptop|server")

    return [c.as_json() for c in found], show
