"""The command line: quick entry after a meeting, scripts, and the door to the TUI.

Kept light on purpose: textual is imported only when the TUI opens, and each
parser (dates, phones, e-mail) only on the path that needs it. `parser.py`
builds the parser from one module per command group; each command's handler
takes (context, args) and returns (JSON-able data, a function that prints it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from leadtui.cli.parser import build_parser
from leadtui.config import load_config, resolve_db_path
from leadtui.context import open_context
from leadtui.db.connection import DatabaseOpenError, close_db
from leadtui.errors import ConfigError, DoubtfulDate, DuplicateLead, LeadtuiError


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except ConfigError as exc:
        print(f"leadtui: {exc}", file=sys.stderr)
        return 2
    except DuplicateLead as exc:
        print(f"leadtui: {exc}; use --force to add anyway", file=sys.stderr)
        return 1
    except DoubtfulDate as exc:
        print(f"leadtui: {exc}; use --force to keep it", file=sys.stderr)
        return 1
    except LeadtuiError as exc:
        print(f"leadtui: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        trouble = _database_trouble(exc)
        if trouble is None:
            raise
        print(f"leadtui: {trouble}", file=sys.stderr)
        return 2


def _database_trouble(exc: Exception):
    """A database failure outside a write (a read of a damaged file, say) as one line."""
    if "sqlite3" not in sys.modules:
        return None
    from leadtui.db.connection import describe_error

    return describe_error(exc)


def _dispatch(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config).expanduser() if args.config else None)
    if args.demo:
        return _run_demo(config)
    db_path = resolve_db_path(getattr(args, "db", None), config)
    handler = getattr(args, "handler", None)
    fmt = getattr(args, "format", "table")
    if handler is not None and not getattr(args, "needs_db", True):
        _emit(handler(args, db_path), fmt)
        return 0
    try:
        ctx = open_context(db_path, config)
    except DatabaseOpenError as exc:
        print(f"leadtui: {exc}", file=sys.stderr)
        return 2
    _daily_backup(db_path, ctx)
    if handler is None:  # the TUI finishes an interrupted rescore in the background itself
        from leadtui.app import run_tui  # textual: only when the TUI opens

        return run_tui(db_path, ctx)
    if args.command != "rescore":
        _finish_interrupted_rescore(ctx)
        _catch_up_scores(ctx)
    _emit(handler(ctx, args), fmt)
    return 0


def _finish_interrupted_rescore(ctx) -> None:
    """A rescore stopped half-way (Ctrl-C, a kill) is finished before anything else."""
    from leadtui.errors import DatabaseDamaged, DatabaseTrouble
    from leadtui.safety.progress import pending

    if pending() is None:
        return
    from leadtui.cli.common import rescore

    print("leadtui: finishing a rescore of every lead that was interrupted", file=sys.stderr)
    try:
        rescore(ctx)
    except DatabaseDamaged:
        raise
    except DatabaseTrouble as exc:  # read-only or busy: the command itself may still work
        print(f"leadtui: the rescore cannot finish now: {exc}", file=sys.stderr)


def _daily_backup(db_path: Path, ctx) -> None:
    """The first command of the day copies the database; a damaged one stops here, before any write."""
    from leadtui.clock import to_local
    from leadtui.db.url import DatabaseUrl
    from leadtui.errors import DatabaseDamaged, DatabaseTrouble
    from leadtui.safety.backup import daily_backup

    if isinstance(db_path, DatabaseUrl):
        return  # a server's database is backed up on the server
    try:
        daily_backup(db_path, ctx.config, to_local(ctx.now()))
    except DatabaseDamaged:
        raise
    except DatabaseTrouble as exc:
        print(f"leadtui: no automatic backup today: {exc}", file=sys.stderr)


# Leads rescored at one CLI start at most (scores that changed with time); more wait.
CLI_RESCORE_LIMIT = 200


def _catch_up_scores(ctx) -> None:
    """Stored scores and temperatures true before the command reads them: one indexed query."""
    from leadtui.errors import DatabaseDamaged, DatabaseTrouble
    from leadtui.rescore import rescore_due

    try:
        rescore_due(ctx, limit=CLI_RESCORE_LIMIT)
    except DatabaseDamaged:
        raise
    except DatabaseTrouble:
        pass  # read-only or busy: the command still runs on the stored figures


def _run_demo(config) -> int:
    """The TUI on a fresh demo database in a temporary directory, removed on exit."""
    from leadtui.app import run_tui  # textual: only when the TUI opens
    from leadtui.demo import generate_demo  # phonenumbers and the demo data: only for --demo

    with tempfile.TemporaryDirectory(prefix="leadtui-demo-") as folder:
        db_path = Path(folder) / "demo.db"
        ctx = open_context(db_path, config)
        generate_demo(ctx)
        try:
            return run_tui(db_path, ctx)
        finally:
            close_db()


def _emit(out, fmt: str) -> None:
    if out is None:
        return
    data, render = out
    if fmt == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        render()
