"""Private files: a lead database holds other people's contact details.

The database, its -wal and -shm companions and every backup are readable by
their owner only (0600), and the folders leadtui creates for them are 0700,
whatever the umask. SQLite gives -wal and -shm the database file's own mode,
so creating the database file 0600 before SQLite opens it covers all three.

Modes are fixed through a file descriptor opened without following a symlink: a
`-journal` that is a link to /etc/passwd is never chmodded, and a device node is never
touched. `not_a_file` names what a path is when it is not a regular file, so a FIFO or
/dev/zero given as a database, a config or a file to import is refused before it is
opened (a FIFO would wait for ever, /dev/zero read until memory runs out).
"""

from __future__ import annotations

import os
import stat
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
    """Take group and other bits off a regular file; a symlink, a device or a FIFO is left alone."""
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return  # missing, a symlink (ELOOP), or someone else's file: reading it is still allowed
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
            os.fchmod(fd, info.st_mode & 0o700)
    except OSError:
        pass
    finally:
        os.close(fd)


KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
         (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def not_a_file(path: Path | str) -> str:
    """What `path` is when it exists and is not a regular file ("a FIFO (named pipe)"), else "".

    A symlink counts as what it points to.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ""  # missing or unreadable: opening it says why
    if stat.S_ISREG(mode):
        return ""
    return next((kind for test, kind in KINDS if test(mode)), "not a regular file")


def symlinked_companion(file: Path) -> Path | None:
    """A -wal, -shm or -journal beside `file` that is a symlink or not a regular file: SQLite
    would write the database's pages through it, into whatever it points to."""
    for suffix in COMPANIONS:
        companion = file.with_name(file.name + suffix)
        if companion.is_symlink() or not_a_file(companion):
            return companion
    return None
