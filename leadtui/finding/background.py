"""Reads off the UI thread: each runs on its worker thread's own connection, which it closes.

Peewee keeps one connection per thread and the TUI's workers run on a reused
thread pool, so a read opens its connection on entry and closes it on exit: no
pool thread keeps a handle on a database that has since been re-opened. A newer
request makes the older read pointless; `interrupt()` (safe from any thread)
stops its statement at once (SQLite's interrupt, PostgreSQL's cancel) instead of
letting it compete for the CPU.

Each read's connection lives for that read only, so SQLite's page cache helps only
within it: these connections keep a small one (READ_CACHE_KIB) instead of the 4 MB
every connection starts with. A Today read or a count over 100k leads otherwise fills
all 4 MB, which the process keeps as its peak memory.
"""

from __future__ import annotations

import threading

from leadtui.db.connection import database, is_postgres

READ_CACHE_KIB = 512


class Interrupted(Exception):
    """The read was stopped because a newer one replaced it."""


class BackgroundRead:
    """`with BackgroundRead() as read:` on the worker thread; `read.interrupt()` from any other."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection = None
        self.cancelled = False

    def __enter__(self) -> BackgroundRead:
        with self._lock:
            if self.cancelled:
                raise Interrupted()
            self._connection = database.connection()
            if not is_postgres():
                self._connection.execute(f"PRAGMA cache_size = -{READ_CACHE_KIB:d}")
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        with self._lock:
            self._connection = None
            database.close()
        # The engine reports a stopped statement as its own error (OperationalError, QueryCanceled).
        if exc is not None and self.cancelled and not isinstance(exc, Interrupted):
            raise Interrupted() from exc
        return False

    def check(self) -> None:
        """Between steps of a read: stop here when it has been replaced."""
        if self.cancelled:
            raise Interrupted()

    def interrupt(self) -> None:
        with self._lock:
            self.cancelled = True
            connection = self._connection
            if connection is None:
                return
            stop = getattr(connection, "interrupt", None) or getattr(connection, "cancel", None)
            if stop is not None:
                stop()
