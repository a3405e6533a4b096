"""The one database handle and the one way to open it.

The database is deferred: nothing touches disk at import time. `init_db(path)`
opens it, sets the pragmas every connection needs and applies the numbered
migrations in `migrations/`, so every process (TUI, CLI, tests) sees the same
schema before its first query.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from peewee import DatabaseError, SqliteDatabase

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# busy_timeout lets the TUI and a CLI command in another shell write the same
# file without "database is locked" errors.
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -4000,
}

database = SqliteDatabase(None)


class DatabaseOpenError(Exception):
    """The database file cannot be created, opened or migrated."""


def init_db(path: str | Path, *, migrate: bool = True) -> SqliteDatabase:
    """Open the database at `path` (":memory:" allowed) and bring its schema up to date."""
    target = str(path)
    if target != ":memory:":
        file = Path(target).expanduser()
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create {file.parent}: {exc.strerror or exc}") from exc
        if file.is_dir():
            raise DatabaseOpenError(f"{file} is a directory, not a database file")
        target = str(file)
    if not database.is_closed():
        database.close()
    database.init(target, pragmas=PRAGMAS, check_same_thread=False)
    try:
        database.connect()
        if migrate:
            apply_migrations()
    # peewee re-raises sqlite3 errors as its own DatabaseError ("file is not a database").
    except (sqlite3.DatabaseError, DatabaseError, OSError) as exc:
        database.close()
        raise DatabaseOpenError(f"cannot open database {target}: {exc}") from exc
    except DatabaseOpenError:
        database.close()
        raise
    return database


def latest_migration() -> int:
    return max(int(p.name[:4]) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def apply_migrations() -> list[str]:
    """Apply pending migrations in number order; returns the names applied.

    PRAGMA user_version remembers the last number applied, so a database that is
    up to date (the common case for every CLI command) skips loading the runner.
    """
    latest = latest_migration()
    if database.execute_sql("PRAGMA user_version").fetchone()[0] >= latest:
        return []
    from playhouse.migrations import MigrationError, Runner

    logging.getLogger("peewee.migrations").setLevel(logging.WARNING)
    try:
        applied = Runner(database, str(MIGRATIONS_DIR)).up()
    except MigrationError as exc:
        raise DatabaseOpenError(f"cannot migrate the database: {exc}") from exc
    database.execute_sql(f"PRAGMA user_version = {latest:d}")
    return applied


def pending_migrations() -> list[str]:
    from playhouse.migrations import Runner

    runner = Runner(database, str(MIGRATIONS_DIR))
    return [m.name for m in runner.status() if not m.applied]


def close_db() -> None:
    if not database.is_closed():
        database.close()


def data_version() -> int:
    """SQLite's per-connection change counter: moves when another connection commits."""
    return database.execute_sql("PRAGMA data_version").fetchone()[0]
