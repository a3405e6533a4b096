"""The one database handle and the one way to open it.

The database is deferred: nothing touches disk at import time. `init_db(target)`
opens it, sets the pragmas every connection needs and applies the numbered
migrations in `migrations/`, so every process (TUI, CLI, tests) sees the same
schema before its first query.

`target` is a file path (SQLite) or a `DatabaseUrl` (PostgreSQL, team mode):
`database` is a proxy the models are bound to, pointed at the engine on open.
The few engine-specific pieces sit behind functions here (`schema_version`,
`data_version`) and in db/dialect.py; the PostgreSQL side lives in db/postgres.py.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from peewee import DatabaseError, DatabaseProxy, IntegrityError, SqliteDatabase

from leadtui.db.files import not_a_file, private_dir, private_file, symlinked_companion
from leadtui.db.fold import fold
from leadtui.db.url import DatabaseUrl, is_url, parse_target
from leadtui.errors import DatabaseBusy, DatabaseDamaged, DatabaseTrouble, LeadtuiError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# busy_timeout lets the TUI and a CLI command in another shell write the same
# file without "database is locked" errors: a writer waits this long for
# another one to finish (10 s: eight processes writing nonstop on a loaded two-core
# machine kept a waiter out for more than 5 s). It comes first so the journal_mode
# switch waits too.
PRAGMAS = {
    "busy_timeout": 10000,
    "journal_mode": "wal",
    "foreign_keys": 1,
    # FULL: a commit that returned is on disk, through a power cut too; it costs one
    # fsync of the WAL per commit (about 5 ms on `leadtui add`, whose process takes ~100x that).
    "synchronous": "full",
    "cache_size": -4000,
}

# Every transaction takes the write lock when it begins (BEGIN IMMEDIATE): a
# deferred one that later needs it gets SQLITE_BUSY at once instead of waiting.
# (On PostgreSQL, db/postgres.py gives its transactions the same meaning.)
_sqlite = SqliteDatabase(None, lock_type="IMMEDIATE")
_sqlite.register_function(fold, "lt_fold", 1, deterministic=True)
database = DatabaseProxy()
database.initialize(_sqlite)
_shown_name = ""  # the open database as messages may show it (a URL without its password)
_secret: DatabaseUrl | None = None

BUSY_MESSAGE = "the database is busy (another leadtui is writing); try again"
RESTORE_HINT = "restore a backup (`leadtui backup --list`, then `leadtui restore FILE`)"


class DatabaseOpenError(DatabaseTrouble):
    """The database file cannot be created, opened or migrated."""


class DamagedFile(DatabaseOpenError, DatabaseDamaged):
    """The file is not SQLite, or is cut short."""


def describe_error(exc: BaseException) -> DatabaseTrouble | None:
    """The user-facing error for a database failure, or None when `exc` is not one.

    Constraint errors are left alone: they are bugs or bad input, handled where they arise.
    SQLite's messages name tables and columns, never stored values, so none of
    these lines can leak lead data.
    """
    if isinstance(exc, DatabaseTrouble):
        return exc
    if isinstance(exc, IntegrityError | sqlite3.IntegrityError) or not isinstance(
            exc, DatabaseError | sqlite3.Error):
        return None
    exc = _first_failure(exc)
    text = str(exc).lower()
    where = _shown_name or "the database"
    if is_postgres():
        from leadtui.db import postgres

        refused = postgres.refusal(str(exc))
        if refused:
            return DatabaseTrouble(refused)
    if "locked" in text or "busy" in text or "deadlock" in text or "lock timeout" in text:
        return DatabaseBusy(BUSY_MESSAGE)
    if "readonly" in text or "read-only" in text:
        return DatabaseTrouble(f"{where} is read-only: leadtui can show it but not change it")
    if "full" in text or "no space left" in text or ("disk i/o error" in text and _disk_full()):
        return DatabaseTrouble(f"the disk holding {where} is full: this change was not saved and nothing "
                               "saved before was lost; free some space and try again")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return DatabaseDamaged(f"{where} is damaged ({exc}); {RESTORE_HINT}")
    return DatabaseTrouble(f"database error on {where}: {_one_line(_scrub(str(exc)))}")


def _first_failure(exc: BaseException) -> BaseException:
    """The failure behind "cannot rollback - no transaction is active": when a write fails on a
    full disk SQLite rolls back by itself, and the rollback that follows fails in its turn."""
    while "no transaction is active" in str(exc) and isinstance(
            exc.__context__, DatabaseError | sqlite3.Error):
        exc = exc.__context__
    return exc


def _disk_full() -> bool:
    """Is the disk holding the open database file (nearly) full? SQLite says only "disk I/O
    error" when writing its -wal or -shm fails for want of space."""
    if is_postgres() or not _shown_name or _shown_name == ":memory:":
        return False
    try:
        return shutil.disk_usage(Path(_shown_name).parent).free < FULL_BELOW
    except OSError:
        return False


FULL_BELOW = 1024 * 1024  # bytes free under which a failed write is put down to a full disk


@contextmanager
def troubles_as_messages() -> Iterator[None]:
    """A database failure inside leaves as a DatabaseTrouble whose message is safe to show; a
    LeadtuiError as it is; anything else (a bug) untouched."""
    try:
        yield
    except LeadtuiError:
        raise
    except Exception as exc:
        trouble = describe_error(exc)
        if trouble is None:
            raise
        raise trouble from exc


@contextmanager
def write_transaction() -> Iterator[None]:
    """One write transaction: it takes the write lock first, so reads inside see the latest rows.

    Waits up to busy_timeout for another writer; database failures leave as a
    DatabaseTrouble whose message is safe to show (nothing was written).
    """
    try:
        with database.atomic("IMMEDIATE"):
            yield
    except (DatabaseError, sqlite3.Error) as exc:
        trouble = describe_error(exc)
        if trouble is None:
            raise
        raise trouble from exc


SQLITE_MAGIC = b"SQLite format 3\x00"


def refuse_odd_files(file: Path) -> None:
    """A database is a regular file, and so are its companions: a device (`--db /dev/null`) would
    be chmodded and get a -journal beside it, a FIFO would hang, and a -wal symlink would have
    SQLite write the database's pages into whatever it points to."""
    kind = not_a_file(file)
    if kind == "a folder":
        raise DatabaseOpenError(f"{file} is a directory, not a database file")
    if kind:
        raise DatabaseOpenError(f"{file} is {kind}, not a database file: leadtui keeps its data "
                                "in a regular file")
    companion = symlinked_companion(file)
    if companion is not None:
        what = "a symlink" if companion.is_symlink() else not_a_file(companion)
        raise DatabaseOpenError(f"{companion} is {what}: leadtui will not write the database through "
                                "it; remove it (SQLite makes its own)")


def check_file(file: Path) -> None:
    """Cheap checks before SQLite touches the file: is it SQLite, and is it whole?

    Reads only the 100-byte header: a file cut short (a failed copy, a full
    disk) is refused before anything is written to it.
    """
    try:
        with file.open("rb") as handle:
            header = handle.read(100)
        size = file.stat().st_size
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseOpenError(f"cannot read {file}: {exc.strerror or exc}") from exc
    if not header:
        return  # an empty file becomes a new database
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DamagedFile(f"cannot open database {file}: it is not a leadtui database "
                                "(not an SQLite file)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is valid only when the "valid-for" number matches the change counter.
    # With a -wal beside it another process may be checkpointing: page 1 can be written
    # before the pages that extend the file, so a short file is no proof of damage then.
    live = Path(f"{file}-wal").exists()
    if header[92:96] == header[24:28] and size < pages * page_size and not live:
        raise DamagedFile(f"cannot open database {file}: it is truncated ({size} of "
                                f"{pages * page_size} bytes); {RESTORE_HINT}")


def is_postgres() -> bool:
    return database.obj is not _sqlite


def init_db(path: str | Path | DatabaseUrl, *, migrate: bool = True) -> DatabaseProxy:
    """Open the database at `path` (":memory:" allowed, or a URL) and bring its schema up to date."""
    global _secret, _shown_name
    if not database.is_closed():
        database.close()
    if isinstance(path, str) and is_url(path):
        path = parse_target(path)
    if isinstance(path, DatabaseUrl):
        return _init_postgres(path, migrate=migrate)
    database.initialize(_sqlite)
    _secret = None
    set_author("")
    global _member, _may_manage
    _member, _may_manage = "", True
    target = str(path)
    if target != ":memory:":
        file = Path(target).expanduser()
        try:
            private_dir(file.parent)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create {file.parent}: {exc.strerror or exc}") from exc
        refuse_odd_files(file)
        check_file(file)
        try:
            private_file(file)
        except PermissionError:
            pass  # a read-only folder: SQLite opens an existing file read-only, or says why not
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create {file}: {exc.strerror or exc}") from exc
        target = str(file)
    _shown_name = target
    database.init(target, pragmas=PRAGMAS, check_same_thread=False)
    try:
        _connect(migrate)
    # peewee re-raises sqlite3 errors as its own DatabaseError ("file is not a database").
    except (sqlite3.DatabaseError, DatabaseError, OSError) as exc:
        database.close()
        trouble = describe_error(exc)
        if isinstance(trouble, DatabaseBusy):
            raise trouble from exc
        folder = Path(target).parent
        if "unable to open" in str(exc) and not os.access(folder, os.W_OK):
            raise DatabaseOpenError(f"cannot open database {target}: its folder is read-only "
                                    "(SQLite keeps its -wal and -shm files beside it)") from exc
        raise DatabaseOpenError(f"cannot open database {target}: {exc}") from exc
    except DatabaseTrouble:
        database.close()
        raise
    return database


def _connect(migrate: bool) -> None:
    """Connect; migrate, or (read-only uses) only refuse a database made by a newer leadtui."""
    database.connect()
    if migrate:
        apply_migrations()
    else:
        _check_not_newer(schema_version(), latest_migration())


# Who the changes made through this connection are by: the login role on PostgreSQL (set when
# the connection opens), else what the caller says (config's `owner` for a file).
_author = ""


def current_author() -> str:
    return _author


# The login role's name when it is a member of the team (`team add`): the owner name the
# team's rules know it by. '' on a file and for anyone else.
_member = ""
_may_manage = True  # see may_manage()


def team_member_login() -> str:
    return _member


def set_author(name: str) -> None:
    global _author
    _author = name


def may_manage() -> bool:
    """A file's user may do everything; on a server, what the login role's team group allows."""
    return _may_manage


def _init_postgres(url: DatabaseUrl, *, migrate: bool):
    from leadtui.db import postgres

    global _shown_name, _secret
    _shown_name, _secret = str(url), url
    try:
        database.initialize(postgres.connect_url(url.url))
    except postgres.DriverMissing as exc:
        database.initialize(_sqlite)
        raise DatabaseOpenError(str(exc)) from None
    try:
        _connect(migrate)
    except (DatabaseError, OSError) as exc:
        database.close()
        trouble = describe_error(exc)
        if isinstance(trouble, DatabaseBusy):
            raise trouble from None
        raise DatabaseOpenError(f"cannot open database {url}: {_one_line(_scrub(str(exc)))}") from None
    except DatabaseTrouble:
        database.close()
        raise
    global _member, _may_manage
    login, _member, _may_manage = postgres.connected_role(database)
    set_author(login)
    return database


def _scrub(text: str) -> str:
    """An error message without the URL's password."""
    return _secret.scrub(text) if _secret is not None else text


def _one_line(message: str) -> str:
    return " ".join(part.strip() for part in message.strip().splitlines() if part.strip())


def latest_migration() -> int:
    return max(int(p.name[:4]) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def _check_not_newer(current: int, latest: int) -> None:
    if current > latest:
        raise DatabaseOpenError(f"{_shown_name} was made by a newer leadtui (schema {current}); "
                                "upgrade leadtui")


def apply_migrations() -> list[str]:
    """Apply pending migrations in number order; returns the names applied.

    PRAGMA user_version remembers the last number applied, so a database that is
    up to date (the common case for every CLI command) skips loading the runner.
    Several processes may open a new file at once: migrating happens in one
    IMMEDIATE transaction that re-reads the version, so the first one migrates
    and the others wait for it, then find nothing left to do.
    """
    latest = latest_migration()
    current = schema_version()
    _check_not_newer(current, latest)
    if current == latest:
        return []

    logging.getLogger("peewee.migrations").setLevel(logging.WARNING)
    if is_postgres():
        return _migrate_postgres(latest)
    with write_transaction():
        applied = _run_pending(latest)
        if applied is not None:
            _set_schema_version(latest)
    return applied or []


def _run_pending(latest: int) -> list[str] | None:
    """Inside the caller's transaction: apply what is pending; None when another process did."""
    from playhouse.migrations import MigrationError, Runner

    current = schema_version()
    _check_not_newer(current, latest)
    if current == latest:
        return None
    try:
        return Runner(database.obj, str(MIGRATIONS_DIR)).up()
    except MigrationError as exc:
        raise DatabaseOpenError(f"cannot migrate the database: {exc}") from exc


def _migrate_postgres(latest: int) -> list[str]:
    """Migrations run in one transaction (PostgreSQL's DDL is transactional), one process at a time."""
    from leadtui.db import postgres

    # DEFERRED: the change counter the write lock uses may not exist yet.
    with database.atomic("DEFERRED"):
        postgres.lock_for_migration(database)
        postgres.set_up(database)
        applied = _run_pending(latest)
        if applied is None:
            return []
        postgres.watch_every_table(database)
        _set_schema_version(latest)
    return applied


def schema_version() -> int:
    """The number of the last migration applied (0 for a new database)."""
    if is_postgres():
        from leadtui.db import postgres

        return postgres.schema_version(database)
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def _set_schema_version(version: int) -> None:
    if is_postgres():
        from leadtui.db import postgres

        postgres.set_schema_version(database, version)
    else:
        database.execute_sql(f"PRAGMA user_version = {version:d}")


def pending_migrations() -> list[str]:
    from playhouse.migrations import Runner

    runner = Runner(database.obj, str(MIGRATIONS_DIR))
    return [m.name for m in runner.status() if not m.applied]


def close_db() -> None:
    if not database.is_closed():
        database.close()


def data_version() -> int:
    """A number that moves when another connection commits a change.

    SQLite: PRAGMA data_version. PostgreSQL: the change counter its triggers bump
    (it moves for this connection's own commits too: one extra redraw).
    """
    if is_postgres():
        from leadtui.db import postgres

        return postgres.change_counter(database)
    return database.execute_sql("PRAGMA data_version").fetchone()[0]
