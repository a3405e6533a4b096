"""Team commands: copy a database to or from a server, assign leads to owners, edit with a version check."""

from __future__ import annotations

import argparse
import getpass
import sys

from leadtui.cli.common import parse_id
from leadtui.cli.edit import add_field_options, field_options
from leadtui.config import database_target
from leadtui.errors import InvalidInput
from leadtui.finding import queries
from leadtui.kit.textable import render
from leadtui.leads import writes as leads


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

    _register_members(sub, common)

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
        result = copy_database(db_path, database_target(args.to))
    else:
        result = copy_database(database_target(args.source), db_path)

    def show():
        print(render(["table", "rows"], [[name, f"{n:,}"] for name, n in result.counts.items()]))
        print(f"copied {result.source} -> {result.destination}; every table's count checked")

    return result.as_json(), show


def cmd_assign(ctx, args: argparse.Namespace):
    from leadtui.finding import owners

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


def _register_members(sub, common: argparse.ArgumentParser) -> None:
    team = sub.add_parser("team", parents=[common],
                          help="team roles on PostgreSQL: init, add, remove, list members")
    team.set_defaults(handler=cmd_team_list)
    actions = team.add_subparsers(dest="action", metavar="ACTION")
    init = actions.add_parser("init", parents=[common],
                              help="create the roles and turn on the access rules (run as the database's owner)")
    init.add_argument("--reps-read-all", action="store_true",
                      help="reps may read (not change) every lead, not only their own and unowned ones")
    init.set_defaults(handler=cmd_team_init)
    add = actions.add_parser("add", parents=[common], help="add a member: a login role in the rep or manager group")
    add.add_argument("name", help="the member's login name (also the owner name on their leads)")
    add.add_argument("--role", choices=("rep", "manager"), required=True)
    add.add_argument("--no-password", action="store_true",
                     help="set no password: the server's pg_hba.conf decides (certificate, peer, trust)")
    add.set_defaults(handler=cmd_team_add)
    remove = actions.add_parser("remove", parents=[common], help="remove a member (their leads keep their owner)")
    remove.add_argument("name")
    remove.set_defaults(handler=cmd_team_remove)
    listing = actions.add_parser("list", parents=[common], help="the members and their roles")
    listing.set_defaults(handler=cmd_team_list)


def cmd_team_init(ctx, args: argparse.Namespace):
    from leadtui.team import roles

    done = roles.init_team(reps_read_all=args.reps_read_all)
    reach = "every lead (changing only their own and unowned ones)" if done.reps_read_all \
        else "their own leads and unowned ones"
    return done.as_json(), lambda: print(f"team roles ready on {done.database}: reps read {reach}; "
                                         "add members with `leadtui team add NAME --role rep`")


def _ask_password(name: str) -> str | None:
    """Asked on the terminal, never echoed; None without a terminal (pg_hba.conf decides)."""
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass(f"password for {name} (empty: none): ")
    if first and getpass.getpass("again: ") != first:
        raise InvalidInput("the two passwords differ: nothing was changed")
    return first or None


def cmd_team_add(ctx, args: argparse.Namespace):
    from leadtui.team import roles

    password = None if args.no_password else _ask_password(args.name)
    member = roles.add_member(args.name, args.role, password)
    how = "with a password" if password else "without a password (pg_hba.conf decides how they log in)"
    return member.as_json(), lambda: print(f"{member.name}: {member.role}, {how}")


def cmd_team_remove(ctx, args: argparse.Namespace):
    from leadtui.team import roles

    member = roles.remove_member(args.name)
    return member.as_json(), lambda: print(f"{member.name} removed; their leads keep {member.name} as owner")


def cmd_team_list(ctx, args: argparse.Namespace):
    from leadtui.team import roles

    members = roles.list_members()

    def show():
        if not members:
            print("no members yet: leadtui team add NAME --role rep")
            return
        print(render(["member", "role", "login"], [[m.name, m.role, "yes" if m.can_login else "no"]
                                                      for m in members]))

    return [m.as_json() for m in members], show
