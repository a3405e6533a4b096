"""Helpers the command groups share: parsing WHEN, the lead table, saved views, rescoring."""

from __future__ import annotations

import argparse

from leadtui import queries
from leadtui.context import Context
from leadtui.fmt import ago, until
from leadtui.textable import render
from leadtui.vocab import stage_label

EPILOG = """\
WHEN accepts natural language or ISO: "tomorrow 9am", "in 3 days", "next tue",
"2026-12-01 14:00", "40 days ago".  Run `leadtui` alone to open the TUI.
Data: --db PATH, else $LEADTUI_DB, else `database` in config.toml, else the
platform's user data dir (see `leadtui where`)."""


def when(ctx: Context, text: str | None, *, follow_up: bool = False):
    """A typed WHEN as a UTC datetime; None when not given. parsedatetime loads only here."""
    if not text:
        return None
    from leadtui.when import parse_follow_up, parse_when

    return parse_follow_up(text, ctx.clock) if follow_up else parse_when(text, ctx.clock)


def lead_table(ctx: Context, rows: list[queries.LeadRow]) -> str:
    now = ctx.now()
    body = [
        [str(r.id), r.name, r.company, stage_label(r.stage), r.temperature, str(r.score), r.source,
         ago(r.last_touched_at, now), until(r.next_follow_up_at, now), "STALE" if r.stale else ""]
        for r in rows
    ]
    return render(["id", "name", "company", "stage", "temp", "score", "source", "touched", "next", ""], body)


def parse_id(text: str, what: str = "id") -> int:
    from leadtui.errors import InvalidInput

    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{what} must be a number, got {text!r}") from None


def list_query(args: argparse.Namespace) -> str:
    """The list's query: a saved view's query ANDed with the one typed, if any."""
    from leadtui import views

    query = args.query or ""
    name = getattr(args, "view", None)
    if not name:
        return query
    view_query = views.get_view(name).query
    return f"({view_query}) {query}".strip() if query.strip() else view_query


def rescore(ctx: Context) -> int:
    from leadtui.rescore import rescore_all

    return rescore_all(ctx)
