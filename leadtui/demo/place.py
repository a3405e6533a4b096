"""Where a running `leadtui --demo` keeps its database, so that a second shell can drive it.

The demo lives in a private temporary folder named leadtui-demo-…, removed when the demo ends.
It writes its process id there; `leadtui --demo COMMAND` runs the command on the database of
the newest such folder whose demo still runs, and says so plainly when none does.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from leadtui.errors import InvalidInput

PREFIX = "leadtui-demo-"
DATABASE = "demo.db"
PID_FILE = "demo.pid"


def announce(folder: Path) -> None:
    """Mark `folder` as the running demo's (this process)."""
    (folder / PID_FILE).write_text(str(os.getpid()), encoding="ascii")


def how_to_drive(db_path: Path) -> str:
    """The line the demo prints: where its database is and how another shell reaches it."""
    return (f"demo database: {db_path} (removed when the demo ends); from another shell: "
            f"leadtui --demo add \"Jane Doe\" (or --db {db_path})")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _running(folder: Path) -> bool:
    try:
        if folder.stat().st_uid != os.getuid() or not (folder / DATABASE).is_file():
            return False
        return _alive(int((folder / PID_FILE).read_text(encoding="ascii").strip()))
    except (OSError, ValueError):
        return False


def running_demo_database() -> Path:
    """The database of the newest demo still running for this user; InvalidInput when none is."""
    folders = [f for f in Path(tempfile.gettempdir()).glob(PREFIX + "*") if _running(f)]
    if not folders:
        raise InvalidInput("no demo is running: start one with `leadtui --demo` in another shell "
                           "(a command with --demo works on its database)")
    return max(folders, key=lambda f: f.stat().st_mtime) / DATABASE
