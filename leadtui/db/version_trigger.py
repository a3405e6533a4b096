"""The trigger that moves a lead's version when a person-edited field changes, kept in step with
leadtui.record.fields.

Migration 0005 created it for the fields of its day; `ensure_version_trigger`, run as a
database is opened, replaces it whenever the versioned columns differ from the ones it
watches, so a field added later bumps the version without a migration of its own. On SQLite
it fires only for an UPDATE naming one of those columns (`AFTER UPDATE OF`): an update of
scores, touches and deadlines alone, which ingest and rescoring make by the thousand, does
not run it (it read every column of the row twice, most of such an update's cost).
"""

from __future__ import annotations

import re

from leadtui.db.connection import database, is_postgres, write_transaction

_WATCHED = re.compile(r"new\.(\w+) IS (?:NOT|DISTINCT FROM) old\.")


def sqlite_trigger(columns: tuple[str, ...]) -> str:
    changed = " OR ".join(f"new.{c} IS NOT old.{c}" for c in columns)
    return f"""CREATE TRIGGER IF NOT EXISTS lead_version AFTER UPDATE OF {", ".join(columns)} ON lead
        WHEN new.version = old.version AND ({changed}) BEGIN
            UPDATE lead SET version = old.version + 1 WHERE id = new.id;
        END"""


def postgres_function(columns: tuple[str, ...]) -> str:
    changed = " OR ".join(f"new.{c} IS DISTINCT FROM old.{c}" for c in columns)
    return f"""CREATE OR REPLACE FUNCTION lead_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF new.version = old.version AND ({changed}) THEN new.version := old.version + 1; END IF;
                RETURN new;
            END $$"""


POSTGRES_TRIGGER = ("CREATE OR REPLACE TRIGGER lead_version BEFORE UPDATE ON lead "
                    "FOR EACH ROW EXECUTE FUNCTION lead_version()")


def _installed() -> str:
    if is_postgres():
        sql = "SELECT prosrc FROM pg_proc WHERE proname = 'lead_version'"
    else:
        sql = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'lead_version'"
    row = database.execute_sql(sql).fetchone()
    return row[0] if row and row[0] else ""


def watched_columns() -> set[str]:
    """The columns the installed trigger watches (empty when there is none)."""
    return set(_WATCHED.findall(_installed()))


def _up_to_date(wanted: tuple[str, ...]) -> bool:
    installed = _installed()
    if set(_WATCHED.findall(installed)) != set(wanted):
        return False
    return is_postgres() or _FIRES_ON_NAMED.search(installed) is not None  # 0005's fired on all


_FIRES_ON_NAMED = re.compile(r"AFTER\s+UPDATE\s+OF\s", re.I)


def ensure_version_trigger(columns: tuple[str, ...]) -> bool:
    """Make the trigger watch exactly `columns` (those the lead table has); True when it changed."""
    present = {column.name for column in database.get_columns("lead")}
    wanted = tuple(c for c in columns if c in present)
    if _up_to_date(wanted):
        return False
    with write_transaction():
        if _up_to_date(wanted):
            return False  # another process did it meanwhile
        if is_postgres():
            database.execute_sql(postgres_function(wanted))
            database.execute_sql(POSTGRES_TRIGGER)
        else:
            database.execute_sql("DROP TRIGGER IF EXISTS lead_version")
            database.execute_sql(sqlite_trigger(wanted))
    return True
