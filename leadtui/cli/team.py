"""Team commands: copy a database to or from a server, assign leads to owners, edit with a version check."""

from __future__ import annotations

import argparse

from leadtui import leads, queries
from leadtui.cli.common import parse_id
from leadtui.cli.edit import add_field_options, field_options
from leadtui.db.url import parse_target
from leadtui.errors import InvalidInput
from leadtui.textable import render


def register(sub, common: argparse.ArgumentParser) -> None:
    copy = sub.add_parser("copy", parents=[common],
                          help="copy the whole database to or from another one (SQLite file <-> PostgreSQL)")
    where = copy.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="URL", help="copy this database into URL (an empty database)")
    where.add_argument("--from", dest="source", metavar="URL",
                       help="copy URL into this database (which must hold no leads)")
    copy.set_defaults(handler=cmd_copy, needs_db=False)

    assign = sub.add_parser("assign", parents=[common],
                            help="give unowned leads (matching QUERY) to owners: round-robin, fewest-open, segment")
    assign.add_argument("query", nargs="?", default="", help="which leads, as in `list` (default: all)")
    assign.add_argument("--owners", help="comma-separated names (default: [team] members)")
    assign.add_argument("--rule", help="round-robin, fewest-open or segment (default: [team] rule)")
    assign.add_argument("--segments", metavar="MAP",
                        help="for --rule segment: saas=ann,helsinki=bob (default: [team.segments])")
    assign.add_argument("--reassign", action="store_true", help="owned leads too, not only unowned ones")
    assign.set_defaults(handler=cmd_assign)

    edit = sub.add_parser("edit", parents=[common], help="change a lead's fields: edit 12 company='Acme Oy' "
                          "or edit 12 --company 'Acme Oy' --bant-need yes")
    edit.add_argument("id")
    edit.add_argument("pairs", nargs="*", metavar="FIELD=VALUE")

    add_field_options(edit)
    edit.add_argument("--version", type=int, metavar="N",
                      help="refuse if the lead is no longer at version N (from `show --format json`)")
    edit.add_argument("--force", action="store_true", help="accept an invalid e-mail or phone")
    edit.set_defaults(handler=cmd_edit)


def cmd_copy(args: argparse.Namespace, db_path):
    from leadtui.team.copy import copy_database

    if args.to:
        result = copy_database(db_path, parse_target(args.to))
    else:
        result = copy_database(parse_target(args.source), db_path)

    def show():
        print(render(["table", "rows"], [[name, f"{n:,}"] for name, n in result.counts.items()]))
        print(f"copied {result.source} -> {result.destination}; every table's count checked")

    return result.as_json(), show


def cmd_assign(ctx, args: argparse.Namespace):
    from leadtui.team import owners

    result = owners.assign(
        ctx, args.query or "", owners=owners.parse_owners(args.owners) if args.owners else None,
        rule=args.rule, reassign=args.reassign,
        segments=owners.parse_segments(args.segments) if args.segments else None)

    def show():
        for owner, ids in result.assigned.items():
            print(f"{owner}: {len(ids)}")
        if result.unmatched:
            print(f"no segment for {len(result.unmatched)} lead(s): left unowned")
        print(f"assigned {result.total} lead{'s' if result.total != 1 else ''} ({result.rule})")

    return result.as_json(), show


def cmd_edit(ctx, args: argparse.Namespace):
    changes = {}
    for pair in args.pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"expected FIELD=VALUE, got {pair!r}")
        changes[name.strip()] = value

    changes.update(field_options(args))
    if not changes:
        raise InvalidInput("say what to change, e.g. --title CTO or title=CTO (see leadtui edit --help)")
    if "tags" in changes:
        changes["tags"] = [t for t in changes["tags"].split(",") if t.strip()]
    base = {"version": args.version} if args.version is not None else None
    lead = leads.update_lead(ctx, parse_id(args.id), force=args.force, base=base, **changes)
    row = queries.lead_row(ctx, lead.id)
    data = dict(row.as_json(), version=lead.version)
    return data, lambda: print(f"#{lead.id} {lead.name}: saved (version {lead.version})")
