"""The command line: quick entry after a meeting, scripts, and the door to the TUI.

Kept light on purpose: textual is imported only when the TUI opens, and each
parser (dates, phones, e-mail) only on the path that needs it. `parser.py`
builds the parser from one module per command group; each command's handler
takes (context, args) and returns (JSON-able data, a function that prints it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import sys
import tempfile
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

from leadtui.cli.common import rescore
from leadtui.cli.parser import build_parser
from leadtui.config import load_config, resolve_db_path, user_path
from leadtui.context import Context, open_context
from leadtui.db.clean import printable
from leadtui.db.connection import DatabaseOpenError, close_db, describe_error
from leadtui.db.url import DatabaseUrl
from leadtui.demo import place as demo_place
from leadtui.demo.place import running_demo_database
from leadtui.errors import (
    ConfigError,
    DatabaseDamaged,
    DatabaseTrouble,
    DoubtfulDate,
    DuplicateLead,
    InvalidInput,
    LeadtuiError,
)
from leadtui.kit.clock import Clock, to_local
from leadtui.record.progress import pending
from leadtui.record.staleness import ensure_thresholds_current
from leadtui.safety.backup import daily_backup
from leadtui.scoring.rescore import rescore_due
from leadtui.tui import collector


def main(argv: list[str] | None = None, clock: Clock | None = None) -> int:
    """The command line; `clock` (tests) is the time every command sees, else the system's."""
    parser = build_parser()
    args = parser.parse_args(_query_as_one(parser, _decoded(sys.argv[1:] if argv is None else argv)))
    try:
        return _dispatch(args, clock)
    except ConfigError as exc:
        _say(str(exc))
        return 2
    except DuplicateLead as exc:
        _say(f"{exc}; use --force to add anyway")
        return 1
    except DoubtfulDate as exc:
        _say(f"{exc}; use --force to keep it")
        return 1
    except LeadtuiError as exc:
        _say(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a file named on the command line: missing, unreadable, name too long
        name = str(exc.filename or "")
        name = name if len(name) <= 80 else name[:77] + "…"
        _say(f"{exc.strerror or exc}" + (f": {name}" if name else ""))
        return 1
    except Exception as exc:
        if type(exc).__name__ == "IntegrityError":  # a constraint caught what no check did
            _say(f"not saved: it conflicts with what is stored ({exc})")
            return 1
        trouble = _database_trouble(exc)
        if trouble is None:
            raise
        _say(str(trouble))
        return 2


def _say(message: str) -> None:
    """One line on stderr; text that came from the user or the database cannot drive the terminal."""
    print(f"leadtui: {printable(message)}", file=sys.stderr)


def _decoded(argv: list[str]) -> list[str]:
    """Arguments that are not UTF-8 (a Latin-1 shell) are read as Latin-1 instead of failing later."""
    out = []
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:
                raw = arg.encode("utf-8", "surrogateescape")
                try:
                    arg = raw.decode("utf-8")
                except UnicodeDecodeError:
                    arg = raw.decode("latin-1")
            except UnicodeEncodeError:  # lone surrogates that no byte string made
                arg = arg.encode("utf-8", "replace").decode("utf-8")
        out.append(arg)
    return out


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0].choices) if found else {}


def _command_parser(parser: argparse.ArgumentParser, argv: list[str]):
    """The innermost (sub)command `argv` names and the index after its name (None when none)."""
    command, at, i = None, 0, 0
    while i < len(argv):
        choices = _subcommands(command or parser)
        if argv[i] in choices:
            command, at = choices[argv[i]], i + 1
            i += 1
            continue
        if argv[i].startswith("-"):
            takes = {s for a in (command or parser)._actions for s in a.option_strings if a.nargs != 0}
            i += 2 if argv[i] in takes else 1
            continue
        break  # a positional word: the command is the one named so far
    return command, at


def _query_as_one(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`leadtui list -tag:partner temp:hot`, `export -stage:won`, `assign -name:Pg`, `views save
    open -stage:won`: the words of a command's query are one argument, so a negated term needs no
    `--` (argparse would take it for an option). Options keep their place before or after."""
    command, at = _command_parser(parser, argv)
    if command is None:
        return argv
    positionals = [a.dest for a in command._actions
                   if not a.option_strings and not isinstance(a, argparse._SubParsersAction)]
    if "query" not in positionals:
        return argv
    leading = positionals.index("query")  # positionals before the query take one word each
    takes_value = {s for a in command._actions for s in a.option_strings if a.nargs != 0}
    options = {s for a in command._actions for s in a.option_strings}
    kept, firsts, words, rest = argv[:at], [], [], argv[at:]
    j = 0
    while j < len(rest):
        token = rest[j]
        if token == "--":
            words += rest[j + 1 :]
            break
        name = token.split("=", 1)[0]
        if (name in options and token.startswith("-")) or token.startswith("--"):
            kept.append(token)
            if name in takes_value and "=" not in token and j + 1 < len(rest):
                kept.append(rest[j + 1])
                j += 1
        elif len(firsts) < leading:
            firsts.append(token)
        else:
            words.append(token)
        j += 1
    return kept + (["--", *firsts, " ".join(words)] if words else ["--", *firsts] if firsts else [])


def _database_trouble(exc: Exception):
    """A database failure outside a write (a read of a damaged file, say) as one line."""
    if "sqlite3" not in sys.modules:
        return None
    return describe_error(exc)


def _dispatch(args: argparse.Namespace, clock: Clock | None = None) -> int:
    config = load_config(user_path(args.config) if args.config else None)
    handler = getattr(args, "handler", None)
    if args.open:
        if handler is not None:
            raise InvalidInput(f"--open is for the TUI: run `leadtui --open {args.open}` without "
                               f"`{args.command}`")
        config.start_screen = args.open  # beats start_screen in config.toml
    demo = getattr(args, "demo", False)
    if demo and handler is None:
        return _run_demo(config)
    if demo and getattr(args, "db", None):
        raise InvalidInput("--demo works on the running demo's database: leave out --db")
    # With --demo, a command works on the database of the demo running in another shell.
    db_path = running_demo_database() if demo else resolve_db_path(getattr(args, "db", None), config)
    fmt = getattr(args, "format", "table")
    if handler is not None and not getattr(args, "needs_db", True):
        _emit(handler(args, db_path), fmt)
        return 0
    try:
        ctx = _open(db_path, config, clock)
    except DatabaseOpenError as exc:
        _say(str(exc))
        return 2
    if not demo:
        _daily_backup(db_path, ctx)
    if handler is None:  # the TUI finishes an interrupted rescore in the background itself
        return _open_tui(db_path, ctx)
    if args.command != "rescore":
        _finish_interrupted_rescore(ctx)
        _catch_up_scores(ctx)
    _emit(handler(ctx, args), fmt)
    return 0


def _finish_interrupted_rescore(ctx) -> None:
    """A rescore stopped half-way (Ctrl-C, a kill) is finished before anything else."""
    if pending() is None:
        return
    print("leadtui: finishing a rescore of every lead that was interrupted", file=sys.stderr)
    try:
        rescore(ctx)
    except DatabaseDamaged:
        raise
    except DatabaseTrouble as exc:  # read-only or busy: the command itself may still work
        _say(f"the rescore cannot finish now: {exc}")


def _daily_backup(db_path: Path, ctx) -> None:
    """The first command of the day copies the database; a damaged one stops here, before any write."""
    if isinstance(db_path, DatabaseUrl):
        return  # a server's database is backed up on the server
    try:
        daily_backup(db_path, ctx.config, to_local(ctx.now()))
    except DatabaseDamaged:
        raise
    except DatabaseTrouble as exc:
        _say(f"no automatic backup today: {exc}")


# Leads rescored at one CLI start at most (scores that changed with time); more wait.
CLI_RESCORE_LIMIT = 200


def _catch_up_scores(ctx) -> None:
    """Stored scores and temperatures true before the command reads them: one indexed query."""
    try:
        rescore_due(ctx, limit=CLI_RESCORE_LIMIT)
    except DatabaseDamaged:
        raise
    except DatabaseTrouble:
        pass  # read-only or busy: the command still runs on the stored figures


def _open_tui(db_path, ctx, notice: str = "") -> int:
    """The TUI, started with the cycle collector paused (see leadtui/tui/collector.py); `notice` is
    shown once it is up."""
    hide_password_from_ps(db_path)
    collector.pause_for_start()
    try:
        from leadtui.tui.app import run_tui  # textual: only when the TUI opens

        return run_tui(db_path, ctx, notice)
    finally:
        collector.end_pause()


def hide_password_from_ps(db_path) -> None:
    """A password given in `--db postgresql://ann:secret@…` is in the process's command line,
    which every local user reads with `ps` for as long as the TUI runs: the command line is
    rewritten with the password masked (setproctitle, installed with the postgres extra)."""
    if not isinstance(db_path, DatabaseUrl) or not db_path.password:
        return
    try:
        import setproctitle  # only for a URL with a password in it
    except ImportError:
        _say("the password in the database URL shows in `ps` while the TUI runs: pip install "
             "setproctitle, or leave it out of the URL and use PGPASSWORD or ~/.pgpass")
        return
    title = setproctitle.getproctitle()
    if db_path.scrub(title) != title:
        setproctitle.setproctitle(db_path.scrub(title))


def _open(db_path, config, clock: Clock | None = None) -> Context:
    """The context every command and the TUI take; stored stale deadlines are recomputed
    first when config.toml's thresholds changed since the last start."""
    ctx = open_context(db_path, config, clock)
    ensure_thresholds_current(config)
    return ctx


def _run_demo(config) -> int:
    """The TUI on a fresh demo database in a temporary directory, removed on exit."""
    # phonenumbers and the demo data: only for --demo
    from leadtui.demo.dataset import generate_demo

    with tempfile.TemporaryDirectory(prefix=demo_place.PREFIX) as folder, _exit_on_hangup():
        db_path = Path(folder) / demo_place.DATABASE
        ctx = _open(db_path, config)
        generate_demo(ctx)
        demo_place.announce(Path(folder))
        notice = demo_place.how_to_drive(db_path)
        print(f"leadtui: {notice}", file=sys.stderr)  # stays on the terminal when the TUI ends
        try:
            return _open_tui(db_path, ctx, notice)
        finally:
            close_db()


@contextmanager
def _exit_on_hangup():
    """SIGTERM and SIGHUP (the terminal closed) end the demo like Ctrl+Q: its folder is removed.

    Python's default for both is to die on the spot, skipping every cleanup.
    """
    received: list[int] = []

    def leave(signum, frame):
        received.append(signum)
        tui = sys.modules.get("leadtui.tui.app")
        if tui is not None and tui.ask_to_exit():
            return  # raising inside the app's loop could leave it half-stopped
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, leave) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if received:
        raise SystemExit(128 + received[0])


def _emit(out, fmt: str) -> None:
    """Print a command's result; a closed pipe or a full device ends quietly (the change is saved)."""
    if out is None:
        return
    data, render = out
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        if fmt == "json":
            print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        else:
            render()
    try:
        sys.stdout.write(printable(buffer.getvalue()))
        sys.stdout.flush()
    except BrokenPipeError:  # `leadtui list | head -1`
        _drop_stdout()
    except OSError as exc:  # /dev/full, a vanished disk
        _drop_stdout()
        _say(f"cannot write the output ({exc.strerror or exc}); what the command changed is saved")


def _drop_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's own flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass
