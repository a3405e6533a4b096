"""Commands that look after the database file itself: backup and restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from leadtui.cli.common import rescore
from leadtui.config import load_config, user_path
from leadtui.db.connection import init_db
from leadtui.db.url import DatabaseUrl
from leadtui.errors import InvalidInput
from leadtui.kit.clock import Clock, to_local
from leadtui.kit.textable import UNCUT, render
from leadtui.safety import backup


def register(sub, common: argparse.ArgumentParser) -> None:
    backup = sub.add_parser("backup", parents=[common],
                            help="copy the database safely (others may keep writing), or --list backups")
    backup.add_argument("dest", nargs="?", metavar="DEST",
                        help="file or folder for the copy (default: backups/ beside the database)")
    backup.add_argument("--list", action="store_true", help="list the backups in the backup folder")
    backup.set_defaults(handler=cmd_backup, needs_db=False)

    restore = sub.add_parser("restore", parents=[common],
                             help="replace the database with a backup (the current one is kept aside)")
    restore.add_argument("file", metavar="FILE", help="a backup file (see `leadtui backup --list`)")
    restore.set_defaults(handler=cmd_restore, needs_db=False)

    rescore = sub.add_parser("rescore", parents=[common],
                             help="recompute every lead's score (finishes an interrupted rescore)")
    rescore.set_defaults(handler=cmd_rescore)


def _file_only(db_path) -> None:
    if isinstance(db_path, DatabaseUrl):
        raise InvalidInput(f"{db_path} is a PostgreSQL database: back it up on the server "
                           "(pg_dump), or copy it to a file with `leadtui copy --from URL --to FILE`")


def _config(args: argparse.Namespace):
    return load_config(user_path(args.config) if args.config else None)


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"


def cmd_backup(args: argparse.Namespace, db_path: Path):
    """Runs before the usual open: listing must work even when the database cannot be opened."""
    _file_only(db_path)
    config = _config(args)
    if args.list:
        items = backup.list_backups(db_path, config)
        folder = backup.backup_folder(db_path, config)

        def show():
            if not items:
                print(f"no backups in {folder}")
                return

            # The file column is never cut: it is what `restore` is given.
            print(render(["modified", "size", "kind", "file"],
                         [[b.modified.strftime("%Y-%m-%d %H:%M"), _size(b.size),
                           "daily" if b.daily else "by hand", str(b.path)] for b in items],
                         max_widths={3: UNCUT}))

        return [b.as_json() for b in items], show

    init_db(db_path)
    if args.dest:
        dest = user_path(args.dest)
        if dest.is_dir():
            dest = dest / f"{db_path.stem}-{to_local(Clock().now()):%Y-%m-%d-%H%M%S}.db"
        made = backup.make_backup(dest)
    else:  # into the backup folder, made if there is none yet (never a file named after it)
        made = backup.backup_now(db_path, config, Clock().now())
    return made.as_json(), lambda: print(f"backed up to {made.path} ({_size(made.size)})")


def cmd_restore(args: argparse.Namespace, db_path: Path):
    _file_only(db_path)
    done = backup.restore(db_path, Path(args.file), _config(args), to_local(Clock().now()))
    data = {"restored": str(done.source), "kept": str(done.kept), "leads": done.leads}
    leads = f"{done.leads} lead{'' if done.leads == 1 else 's'}"
    return data, lambda: print(f"restored {leads} from {done.source}\n"
                               f"the database it replaced is kept as {done.kept}")


def cmd_rescore(ctx, args: argparse.Namespace):
    count = rescore(ctx)
    return {"rescored": count}, lambda: print(f"rescored {count:,} lead{'' if count == 1 else 's'}")
