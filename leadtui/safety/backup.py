"""Backups of the live database, the daily rolling set, and restore.

A backup is written as `NAME.partial`, checked (`PRAGMA quick_check`), flushed
to disk and only then renamed: a backup folder never holds half a copy. Daily
backups are named `STEM-YYYY-MM-DD.db`; the rolling set prunes only those, so
copies made by hand are never deleted.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from leadtui.config import Config
from leadtui.db.connection import (
    check_file,
    close_db,
    database,
    describe_error,
    init_db,
    latest_migration,
    refuse_odd_files,
    troubles_as_messages,
)
from leadtui.db.files import private_dir, private_file
from leadtui.errors import DatabaseDamaged, DatabaseTrouble, InvalidInput, LeadtuiError, NotFound
from leadtui.kit.clock import to_local


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    modified: datetime  # local time of the file's last change
    size: int
    daily: bool

    def as_json(self) -> dict:
        return {"path": str(self.path), "modified": self.modified.isoformat(timespec="seconds"),
                "size": self.size, "daily": self.daily}


@dataclass(frozen=True)
class BackupCheck:
    """What a backup file holds, found by opening it read-only."""

    schema: int
    leads: int


@dataclass(frozen=True)
class Restored:
    source: Path
    kept: Path  # where the database that was replaced now lives
    leads: int


def backup_folder(db_path: Path, config: Config) -> Path:
    return config.backup_folder or Path(db_path).parent / "backups"


def _daily_pattern(db_path: Path) -> re.Pattern:
    return re.compile(re.escape(Path(db_path).stem) + r"-\d{4}-\d{2}-\d{2}\.db")


# Daily (`STEM-YYYY-MM-DD.db`), hand-made and kept-before-restore copies
# (`STEM[-before-restore]-YYYY-MM-DD-HHMMSS.db`): a folder shared by several databases
# holds the others' too, which are not this one's backups.
_DATED_NAME = re.compile(r"(?P<stem>.+)-\d{4}-\d{2}-\d{2}(?:-\d{6})?\.db")


def _belongs_to(name: str, db_path: Path) -> bool:
    dated = _DATED_NAME.fullmatch(name)
    stem = Path(db_path).stem
    return dated is None or dated["stem"] in (stem, f"{stem}-before-restore")


def _info(path: Path, daily: bool) -> BackupInfo:
    stat = path.stat()
    return BackupInfo(path, datetime.fromtimestamp(stat.st_mtime), stat.st_size, daily)


def list_backups(db_path: Path, config: Config) -> list[BackupInfo]:
    """The database's backups in the folder, oldest first (daily ones and those made by hand).

    Dated copies named after another database sharing the folder are left out."""
    folder = backup_folder(db_path, config)
    if not folder.is_dir():
        return []
    daily = _daily_pattern(db_path)
    found = [_info(p, bool(daily.fullmatch(p.name))) for p in folder.iterdir()
             if p.suffix == ".db" and p.is_file() and _belongs_to(p.name, db_path)]
    return sorted(found, key=lambda b: (b.modified, b.path.name))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_backup(path: Path) -> BackupCheck:
    """Open a copy read-only: it must be a whole, undamaged leadtui database this version can use."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise NotFound(f"no backup file {path}")
    check_file(path)
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseTrouble(f"cannot read {path}: {exc}") from exc
    try:
        problems = [row[0] for row in con.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise DatabaseDamaged(f"{path} is damaged ({problems[0]}); choose another backup")
        schema = con.execute("PRAGMA user_version").fetchone()[0]
        if schema > latest_migration():
            raise DatabaseTrouble(f"{path} was made by a newer leadtui (schema {schema}); upgrade leadtui")
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lead'").fetchone():
            raise DatabaseTrouble(f"{path} is not a leadtui database (it has no leads table)")
        leads = con.execute("SELECT count(*) FROM lead").fetchone()[0]
    except sqlite3.Error as exc:
        raise DatabaseDamaged(f"{path} is damaged ({exc}); choose another backup") from exc
    finally:
        con.close()
    return BackupCheck(schema, leads)


def make_backup(dest: Path, *, exist_ok: bool = False) -> BackupInfo:
    """Copy the open database to `dest` (a new file) while other processes go on writing.

    VACUUM INTO reads one snapshot, committed WAL frames included, and never
    blocks writers. The copy is checked before it takes its final name, which
    is linked, never renamed over: a file already there (another process's
    copy of the same day, say) is never replaced.
    """
    dest = Path(dest).expanduser()
    if dest.is_dir():
        raise InvalidInput(f"{dest} is a folder; give a file name for the backup")
    if dest.exists() and not exist_ok:
        raise InvalidInput(f"{dest} already exists; choose another name")
    _check_folder(dest.parent)
    partial = dest.with_name(f"{dest.name}.{os.getpid()}.partial")
    try:
        with troubles_as_messages():
            private_dir(dest.parent)
            _remove_abandoned(dest.parent)
            partial.unlink(missing_ok=True)
            private_file(partial)
            database.execute_sql("VACUUM INTO ?", (str(partial),))
            _fsync(partial)
            check_backup(partial)
            _publish(partial, dest, exist_ok)
            _fsync(dest.parent)
    except OSError as exc:
        raise DatabaseTrouble(f"cannot write the backup {dest}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return _info(dest, False)


def _check_folder(folder: Path) -> None:
    """The backups folder must be a folder (or missing, to be made): say plainly what it is else."""
    if folder.is_symlink() and not folder.exists():
        raise DatabaseTrouble(f"the backups folder {folder} is a symlink to {os.readlink(folder)}, "
                              "which does not exist")
    if folder.exists() and not folder.is_dir():
        raise DatabaseTrouble(f"the backups folder {folder} is a file, not a folder; move it away "
                              "or set [backups] folder in config.toml")


PARTIAL = re.compile(r".+\.(\d+)\.partial")


def _remove_abandoned(folder: Path) -> None:
    """Remove the half-written copies of backups that were killed mid-copy: a `.partial` named
    after a process that no longer runs (one still running may be copying right now)."""
    for path in folder.glob("*.partial"):
        match = PARTIAL.fullmatch(path.name)
        if match and not _running(int(match.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or a name that is no pid: leave it
    return True


def _publish(partial: Path, dest: Path, exist_ok: bool) -> None:
    try:
        os.link(partial, dest)
    except FileExistsError:
        if not exist_ok:
            raise InvalidInput(f"{dest} already exists; choose another name") from None
    except OSError:  # no hard links there (a FAT memory stick): rename, checking first
        if dest.exists():
            if exist_ok:
                return
            raise InvalidInput(f"{dest} already exists; choose another name") from None
        os.replace(partial, dest)


def backup_now(db_path: Path, config: Config, now: datetime) -> BackupInfo:
    """A backup made by hand, into the backup folder, named after the database and the moment."""
    return make_backup(backup_folder(db_path, config) / f"{db_path.stem}-{to_local(now):%Y-%m-%d-%H%M%S}.db")


def daily_backup(db_path: Path, config: Config, today: datetime) -> BackupInfo | None:
    """Today's automatic backup, made once a day; older daily ones beyond `keep` are removed.

    Returns the new backup, or None when switched off or already made today.
    A damaged database raises DatabaseTrouble: it is found here, once a day,
    rather than by every command.
    """
    if config.backup_keep <= 0 or str(db_path) == ":memory:":
        return None
    folder = backup_folder(db_path, config)
    name = f"{Path(db_path).stem}-{today:%Y-%m-%d}.db"
    if (folder / name).exists():
        return None
    made = make_backup(folder / name, exist_ok=True)  # another process may make it at the same time
    daily = [b for b in list_backups(db_path, config) if b.daily]
    for old in sorted(daily, key=lambda b: b.path.name)[: max(0, len(daily) - config.backup_keep)]:
        old.path.unlink(missing_ok=True)
    return BackupInfo(made.path, made.modified, made.size, True)


def restore(db_path: Path, source: Path, config: Config, now: datetime) -> Restored:
    """Replace the database's content with a checked backup; the current one is kept aside first.

    A healthy live database is overwritten through SQLite's backup API under
    its own locks, so a TUI open on it sees the restored leads on its next
    refresh. One that cannot be opened (damaged, truncated) is moved aside whole.
    """
    db_path, source = Path(db_path).expanduser(), Path(source).expanduser()
    refuse_odd_files(db_path)  # a device or a FIFO: nothing beside it is made or moved
    checked = check_backup(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise InvalidInput(f"{source} is the database itself; choose a backup")
    check_schema(source, db_path.parent)
    kept = _unused(backup_folder(db_path, config) / f"{db_path.stem}-before-restore-{now:%Y-%m-%d-%H%M%S}.db")
    healthy = _open_healthy(db_path)
    if healthy:
        try:
            make_backup(kept)
        except DatabaseDamaged:  # damage in pages the first look did not reach
            healthy = False
            close_db()
    if healthy:
        _copy_into_open_database(source)
    else:
        _replace_file(db_path, source, kept)
    init_db(db_path)  # an older backup is migrated here
    return Restored(source, kept, checked.leads)


def _unused(path: Path) -> Path:
    """`path`, or the first of `NAME-2.db`, `NAME-3.db`… not taken (two restores in one second)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


@dataclass(frozen=True)
class Schema:
    tables: dict[str, tuple]  # table -> its columns as PRAGMA table_info gives them
    triggers: dict[str, str]  # name -> its SQL, whitespace folded
    views: dict[str, str]


def check_schema(source: Path, scratch_near: Path) -> None:
    """Refuse a backup whose schema is not ours, before anything is replaced.

    A copy of it is brought up to this version (as the restore itself would) in a scratch
    folder beside the database, then compared with a new database's schema: the same tables
    with the same columns, and no trigger or view of its own (a trigger that deletes leads on
    the next add, say).
    """
    with tempfile.TemporaryDirectory(prefix=".leadtui-restore-", dir=scratch_near) as scratch:
        copy = Path(scratch) / "check.db"
        try:
            shutil.copyfile(source, copy)
            init_db(copy)
            found = _read_schema()
        except LeadtuiError as exc:
            raise DatabaseTrouble(f"cannot restore {source}: {exc}; nothing was changed") from None
        except Exception as exc:
            trouble = describe_error(exc)
            if trouble is None and not isinstance(exc, OSError):
                raise
            raise DatabaseTrouble(f"cannot restore {source}: {trouble or exc}; nothing was changed") from None
        finally:
            close_db()
    problem = _difference(found, reference_schema())
    if problem:
        raise DatabaseTrouble(f"cannot restore {source}: it is not a leadtui database as this version "
                              f"makes them ({problem}); nothing was changed")


@functools.cache
def reference_schema() -> Schema:
    """The schema of a new database of this version (made once per process)."""
    with tempfile.TemporaryDirectory(prefix=".leadtui-schema-") as scratch:
        try:
            init_db(Path(scratch) / "reference.db")
            return _read_schema()
        finally:
            close_db()


def _folded(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _read_schema() -> Schema:
    rows = database.execute_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall()
    tables = {name: tuple(database.execute_sql(_table_info(name)).fetchall())
              for kind, name, _ in rows if kind == "table"}
    return Schema(tables, {name: _folded(sql) for kind, name, sql in rows if kind == "trigger"},
                  {name: _folded(sql) for kind, name, sql in rows if kind == "view"})


def _table_info(name: str) -> str:
    quoted = name.replace('"', '""')
    return f'PRAGMA table_info("{quoted}")'


def _difference(found: Schema, ours: Schema) -> str:
    """The first way `found` differs from `ours`, said in a few words, or ""."""
    for name in sorted(set(ours.tables) - set(found.tables)):
        return f"the table {name} is missing"
    for name in sorted(set(found.tables) - set(ours.tables)):
        return f"it has a table {name} of its own"
    for name in sorted(ours.tables):
        if found.tables[name] != ours.tables[name]:
            return f"the table {name} has other columns"
    for what, theirs, mine in (("trigger", found.triggers, ours.triggers), ("view", found.views, ours.views)):
        for name in sorted(theirs):
            if mine.get(name) != theirs[name]:
                return f"it has a {what} {name} of its own"
        for name in sorted(set(mine) - set(theirs)):
            return f"the {what} {name} is missing"
    return ""


def _open_healthy(db_path: Path) -> bool:
    if not db_path.exists():
        return False
    try:
        init_db(db_path, migrate=False)
        database.execute_sql("SELECT count(*) FROM lead").fetchone()
        return True
    except DatabaseDamaged:
        close_db()
        return False
    except DatabaseTrouble:
        raise
    except Exception as exc:
        trouble = describe_error(exc)
        if trouble is None:
            raise
        close_db()
        if isinstance(trouble, DatabaseDamaged):
            return False
        raise trouble from exc


def _copy_into_open_database(source: Path) -> None:
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        src.backup(database.connection())
    except sqlite3.Error as exc:
        raise describe_error(exc) or DatabaseTrouble(str(exc)) from exc
    finally:
        src.close()


def _replace_file(db_path: Path, source: Path, kept: Path) -> None:
    """Move an unusable database (and its -wal) aside, then put a copy of the backup in its place."""
    private_dir(kept.parent)
    if db_path.exists():
        os.replace(db_path, kept)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = db_path.with_name(db_path.name + suffix)
        if companion.exists():
            if suffix == "-wal":
                os.replace(companion, kept.with_name(kept.name + suffix))
            else:
                companion.unlink()
    partial = db_path.with_name(db_path.name + ".partial")
    partial.unlink(missing_ok=True)
    private_file(partial)
    with source.open("rb") as src, partial.open("r+b") as dst:
        shutil.copyfileobj(src, dst)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(partial, db_path)

