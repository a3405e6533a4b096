"""Team commands: copy a database to or from a server, assign leads to owners."""

from __future__ import annotations

import argparse


def register(sub, common: argparse.ArgumentParser) -> None:
    copy = sub.add_parser("copy", parents=[common],
                          help="copy the whole database to or from another one (SQLite file <-> PostgreSQL)")
    where = copy.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="URL", help="copy this database into URL (an empty database)")
    where.add_argument("--from", dest="source", metavar="URL",
                       help="copy URL into this database (which must hold no leads)")
    copy.set_defaults(handler=cmd_copy, needs_db=False)


def cmd_copy(args: argparse.Namespace, db_path):
    from leadtui.db.url import parse_target
    from leadtui.team.copy import copy_database

    if args.to:
        result = copy_database(db_path, parse_target(args.to))
    else:
        result = copy_database(parse_target(args.source), db_path)

    def show():
        from leadtui.textable import render

        print(render(["table", "rows"], [[name, f"{n:,}"] for name, n in result.counts.items()]))
        print(f"copied {result.source} -> {result.destination}; every table's count checked")

    return result.as_json(), show
