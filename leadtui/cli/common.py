"""Helpers the command groups share: parsing WHEN, the lead table, saved views, rescoring."""

from __future__ import annotations

import argparse
import sys

from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.finding import queries, views
from leadtui.kit.fmt import ago, until
from leadtui.kit.textable import render
from leadtui.kit.vocab import stage_label
from leadtui.kit.when import parse_follow_up, parse_when
from leadtui.scoring.icp import OFF_PROFILE_QUERY
from leadtui.scoring.rescore import rescore_all

EPILOG = """\
WHEN accepts natural language or ISO: "tomorrow 9am", "tue 10", "in 3 days",
"next tue", "24.12.2026 14:00" (dotted: day.month.year), "12/24/2026" (slash dates
follow `date_order` in config.toml), "2026-12-01 14:00", "40 days ago".
A follow-up in the past or years ahead needs --force. Run `leadtui` alone to open the TUI.
Data: --db PATH, else $LEADTUI_DB, else `database` in config.toml, else the
platform's user data dir (see `leadtui where`)."""


def add_demo_option(parser: argparse.ArgumentParser) -> None:
    """--demo: alone, the TUI on a fresh demo database; with a command, the running demo's."""
    parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                        help="alone: open the TUI on a generated demo database in a temporary "
                        "directory; with a command: work on the database of the demo running "
                        "in another shell")


def when(ctx: Context, text: str | None, *, follow_up: bool = False):
    """A typed WHEN as a UTC datetime; None when not given (parsedatetime loads on first use).

    Given but empty (`follow 1 ""`) is an error, not "no date".
    """
    if text is None:
        return None
    order = ctx.config.date_order
    if follow_up:
        return parse_follow_up(text, ctx.clock, order)
    return parse_when(text, ctx.clock, order=order, past=True)  # when something happened


def lead_table(ctx: Context, rows: list[queries.LeadRow]) -> str:
    now = ctx.now()
    body = [
        [str(r.id), r.name, r.company, stage_label(r.stage), r.temperature, str(r.score), r.source,
         ago(r.last_touched_at, now), until(r.next_follow_up_at, now), "STALE" if r.stale else ""]
        for r in rows
    ]
    return render(["id", "name", "company", "stage", "temp", "score", "source", "touched", "next", ""], body)


def off_profile_hint(hidden: int) -> str:
    """The line saying prospects off the profile were left out, and how to see them."""
    who = "prospect no longer fitting" if hidden == 1 else "prospects no longer fitting"
    return f"{hidden:,} {who} the profile left out: `leadtui list '{OFF_PROFILE_QUERY}'` lists them"


def lead_result(ctx: Context, lead_id, say):
    """A command's answer about one lead: its row as JSON, and `#12 Jane Doe: <say(row)>` to print."""
    row = queries.lead_row(ctx, parse_id(str(lead_id), "lead id"))
    message = f"#{row.id} {row.name}: {say(row)}"
    return row.as_json(), lambda: print(message)


def parse_id(text: str, what: str = "id") -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{what} must be a number, got {text!r}") from None


def list_query(args: argparse.Namespace) -> str:
    """The list's query: a saved view's query ANDed with the one typed, if any."""
    query = args.query or ""
    name = getattr(args, "view", None)
    if not name:
        return query
    view_query = views.get_view(name).query
    return f"({view_query}) {query}".strip() if query.strip() else view_query


def rescore(ctx: Context) -> int:
    """Rescore every lead a pending run has not reached; Ctrl-C says how far it got."""
    reached = [0, 0]

    def seen(done: int, total: int) -> None:
        reached[:] = [done, total]

    try:
        return rescore_all(ctx, seen)
    except KeyboardInterrupt:
        done, total = reached
        print(f"leadtui: rescore interrupted after {done:,} of {total:,} leads; `leadtui rescore` "
              "(or the next start) finishes it", file=sys.stderr)
        raise
