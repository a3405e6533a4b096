"""The command line: quick entry after a meeting, scripts, and the door to the TUI.

Kept light on purpose: textual is imported only when the TUI opens, and each
parser (dates, phones, e-mail) only on the path that needs it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from leadtui import __version__
from leadtui.errors import ConfigError, DuplicateLead, LeadtuiError

EPILOG = """\
WHEN accepts natural language or ISO: "tomorrow 9am", "in 3 days", "next tue",
"2026-12-01 14:00", "40 days ago".  Run `leadtui` alone to open the TUI.
Data: --db PATH, else $LEADTUI_DB, else `database` in config.toml, else the
platform's user data dir (see `leadtui where`)."""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="database file (default: see `leadtui where`)",
                        default=argparse.SUPPRESS)
    parser.add_argument("--format", choices=("table", "json"), default=argparse.SUPPRESS,
                        help="output: human table (default) or JSON for scripts")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leadtui", description="A keyboard-driven, offline lead tracker for the terminal.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"leadtui {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="open the TUI on a generated demo database in a temporary directory")
    parser.add_argument("--config", metavar="PATH", help="config.toml to use")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    add = sub.add_parser("add", help="add a lead in one line", epilog=EPILOG,
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
    add.add_argument("--next", metavar="WHEN", help="schedule the first follow-up")
    add.add_argument("--at", metavar="WHEN", help="when you met them (default: now)")
    add.add_argument("--force", action="store_true", help="accept an invalid e-mail/phone or a duplicate")
    _common(add)

    log = sub.add_parser("log", help="record an activity (call, email, reply, meeting, note, …)")
    log.add_argument("id")
    log.add_argument("kind", help="call, email, reply, meeting, note, download, form, social, event")
    log.add_argument("--note", default="")
    log.add_argument("--next", metavar="WHEN", help="schedule the next follow-up")
    log.add_argument("--at", metavar="WHEN", help="when it happened (default: now)")
    _common(log)

    stage = sub.add_parser("stage", help="move a lead to a stage (1-5, won, lost, disqualified)")
    stage.add_argument("id")
    stage.add_argument("stage")
    _common(stage)

    show = sub.add_parser("show", help="one lead with its timeline")
    show.add_argument("id")
    _common(show)

    lst = sub.add_parser("list", help="list leads, optionally filtered by a query")
    lst.add_argument("query", nargs="?", default="", help="e.g. 'temp:hot score>40 source:webinar'")
    lst.add_argument("--stale", action="store_true", help="only leads untouched past their threshold")
    lst.add_argument("--prospects", dest="kind", action="store_const", const="prospect")
    lst.add_argument("--leads", dest="kind", action="store_const", const="lead")
    lst.add_argument("--sort", default="touched", help="touched, recent, name, score, next, created")
    lst.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")
    lst.add_argument("--view", metavar="NAME", help="a saved view (see `leadtui views`)")
    _common(lst)

    today = sub.add_parser("today", help="overdue and due follow-ups, stale leads, new inbound")
    _common(today)

    follow = sub.add_parser("follow", help="schedule a follow-up")
    follow.add_argument("id")
    follow.add_argument("when", metavar="WHEN")
    follow.add_argument("--what", default="")
    _common(follow)

    done = sub.add_parser("done", help="complete a follow-up by its id (see `show`)")
    done.add_argument("follow_up_id")
    _common(done)

    score = sub.add_parser("score", help="a lead's score, line by line")
    score.add_argument("id")
    _common(score)

    _qualification_parsers(sub)

    where = sub.add_parser("where", help="print where the database and config live")
    _common(where)
    return parser


def _qualification_parsers(sub) -> None:
    """profile, rules, views, templates, template, qualify, pin."""
    profile = sub.add_parser("profile", help="show or set the ideal customer profile")
    _common(profile)
    profile_sub = profile.add_subparsers(dest="action", metavar="ACTION")
    pset = profile_sub.add_parser("set", help="change criteria (an empty value clears one), then rescore")
    pset.add_argument("--age", metavar="RANGE", help="e.g. 30-40")
    pset.add_argument("--income", metavar="RANGE", help="e.g. 40000-60000 or 40k-60k")
    pset.add_argument("--locations", metavar="LIST", help='e.g. "Helsinki,Stockholm"')
    pset.add_argument("--industries", metavar="LIST", help='e.g. "saas,fintech"')
    pset.add_argument("--budget-min", metavar="N")
    pset.add_argument("--revenue", metavar="RANGE", help="e.g. 1000000-50000000 or 1000000+")
    pset.add_argument("--employees", metavar="RANGE", help="e.g. 10-250")
    pset.add_argument("--min-share", type=float, metavar="SHARE",
                      help="share of criteria a lead must tick to fit (default 0.75)")
    _common(pset)

    rules = sub.add_parser("rules", help="the scoring rules table; add or remove rules")
    _common(rules)
    rules_sub = rules.add_subparsers(dest="action", metavar="ACTION")
    radd = rules_sub.add_parser("add", help="add a rule, then rescore every lead")
    radd.add_argument("kind", help="an activity kind (call, reply, download, …) or silence")
    radd.add_argument("points", help="points, e.g. 10 or -10")
    radd.add_argument("--days", type=int, default=30, help="for silence: days in one silent stretch")
    radd.add_argument("--field", default="", help="limit to leads whose FIELD (source, industry, …) …")
    radd.add_argument("--value", default="", help="… has this value")
    _common(radd)
    rrm = rules_sub.add_parser("rm", help="remove a rule by id, then rescore every lead")
    rrm.add_argument("rule_id", metavar="ID")
    _common(rrm)

    views = sub.add_parser("views", help="saved views (named queries)")
    _common(views)
    views_sub = views.add_subparsers(dest="action", metavar="ACTION")
    vsave = views_sub.add_parser("save", help="save or replace a view")
    vsave.add_argument("name")
    vsave.add_argument("query")
    _common(vsave)
    vrm = views_sub.add_parser("rm", help="delete a view")
    vrm.add_argument("name")
    _common(vrm)

    templates = sub.add_parser("templates", help="list outreach templates")
    _common(templates)
    template = sub.add_parser("template", help="a template filled in for a lead")
    template.add_argument("name", help="template name or id")
    template.add_argument("id", metavar="LEAD_ID")
    template.add_argument("--use", action="store_true", help="also log it (e-mail or call) on the lead")
    _common(template)

    qualify = sub.add_parser("qualify", help="mark a lead MQL, SQL or none")
    qualify.add_argument("id")
    qualify.add_argument("value", metavar="mql|sql|none")
    _common(qualify)

    pin = sub.add_parser("pin", help="pin a lead's temperature, or `none` to follow the score again")
    pin.add_argument("id")
    pin.add_argument("temperature", metavar="hot|warm|cold|none")
    _common(pin)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(parser, args)
    except ConfigError as exc:
        print(f"leadtui: {exc}", file=sys.stderr)
        return 2
    except DuplicateLead as exc:
        print(f"leadtui: {exc}; use --force to add anyway", file=sys.stderr)
        return 1
    except LeadtuiError as exc:
        print(f"leadtui: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from leadtui import commands
    from leadtui.config import load_config, resolve_db_path

    config = load_config(Path(args.config).expanduser() if args.config else None)
    if args.demo:
        from leadtui.demo import run_demo

        return run_demo(config)
    db_path = resolve_db_path(getattr(args, "db", None), config)
    if args.command == "where":
        return commands.where(db_path)
    from leadtui.db.connection import DatabaseOpenError

    try:
        ctx = commands.open_context(db_path, config)
    except DatabaseOpenError as exc:
        print(f"leadtui: {exc}", file=sys.stderr)
        return 2
    if args.command is None:
        from leadtui.app import run_tui

        return run_tui(db_path, ctx)
    out = commands.COMMANDS[args.command](ctx, args)
    _emit(out, getattr(args, "format", "table"))
    return 0


def _emit(out, fmt: str) -> None:
    if out is None:
        return
    data, render = out
    if fmt == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        render()


if __name__ == "__main__":
    sys.exit(main())
