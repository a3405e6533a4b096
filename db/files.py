"""Private files: a lead database holds other people's contact details.

The database, its -wal and -shm companions and every backup are readable by
their owner only (0600), and the folders leadtui creates for them are 0700,
whatever the umask. SQLite gives -wal and -shm the database file's own mode,
so creating the database file 0600 before SQLite opens it covers all three.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
COMPANIONS = ("-wal", "-shm", "-journal")


def private_dir(folder: Path) -> None:
    """Create `folder` (and missing parents) 0700; an existing folder is left as it is."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.exists():
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, DIR_MODE)


def private_file(file: Path) -> None:
    """Create `file` empty and 0600 if it is missing; take group and other bits off an existing one.

    Only permission bits change, never content, and never in the writable direction:
    a read-only 0444 file becomes 0400.
    """
    try:
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        tighten(file)
        for suffix in COMPANIONS:
            tighten(file.with_name(file.name + suffix))
        return
    try:
        os.fchmod(fd, FILE_MODE)  # the umask may have taken bits off; 0600 exactly
    finally:
        os.close(fd)


def tighten(file: Path) -> None:
    try:
        mode = file.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(file, mode & 0o700)
    except OSError:
        pass  # missing, or someone else's file: reading it is still allowed
