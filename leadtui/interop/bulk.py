"""Many rows in one statement: peewee builds the INSERT, sqlite3's executemany runs it."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from operator import itemgetter

from peewee import CharField, DateField, DateTimeField, TextField

from leadtui.db.connection import database, is_postgres


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a file's rows are built and written.

    An import makes hundreds of thousands of small objects that live to its end and form
    no cycles; the collector would walk all of them again and again (a fifth of the CPU
    time of a 100k-row import). It runs again, as it was, when the import ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class BulkInsert:
    """One model's INSERT for the named columns, every column named (no hidden defaults)."""

    def __init__(self, model, names: list[str], *, ignore_conflicts: bool = False) -> None:
        self.fields = [model._meta.fields[n] for n in names]
        sample = tuple(f.default() if callable(f.default) else f.default for f in self.fields)
        query = model.insert_many([sample], fields=self.fields)
        if ignore_conflicts:
            query = query.on_conflict_ignore()
        self.sql, params = query.sql()
        if len(params) != len(self.fields):  # peewee added defaults we did not name
            raise ValueError(f"{model.__name__}: name every column for a bulk insert")

        # Text fields clean what they store (no control characters); dates go as the text
        # peewee stores (str(datetime)); numbers, booleans, None and ids as they are.
        self.texts = [(i, f.db_value) for i, f in enumerate(self.fields)
                      if isinstance(f, CharField | TextField)]
        at = [i for i, _ in self.texts]
        self._text_values = itemgetter(*at) if len(at) > 1 else lambda row: tuple(row[i] for i in at)
        self.dates = [i for i, f in enumerate(self.fields) if isinstance(f, DateTimeField | DateField)]
        # A row's times repeat (created = last touched; updated = now for a whole batch).
        self._date_texts: dict[datetime, str] = {}

    def row(self, values) -> tuple:
        """Values as sqlite3 takes them, in the order of the names given."""
        if len(values) != len(self.fields):
            raise ValueError(f"{len(values)} values for {len(self.fields)} columns")
        out = list(values)
        try:  # nearly always: all text, all printable, one check for the whole row
            clean = "".join(self._text_values(out)).isprintable()
        except TypeError:  # a None or a number among them
            clean = False
        if not clean:
            for i, convert in self.texts:
                value = out[i]
                # Printable text is stored as it is: the field's cleaning would return it unchanged.
                if value is not None and (type(value) is not str or not value.isprintable()):
                    out[i] = convert(value)
        texts = self._date_texts
        for i in self.dates:
            value = out[i]
            if type(value) is datetime:
                # Equal aware times of two zones would share a key but not a text.
                text = texts.get(value) if value.tzinfo is None else str(value)
                if text is None:
                    if len(texts) > 4096:
                        texts.clear()
                    text = texts[value] = str(value)
                out[i] = text
        return tuple(out)

    def run(self, rows: list[tuple]) -> None:
        if rows:
            database.cursor().executemany(self.sql, rows)


def drop_sqlite_indexes(db, tables) -> list[tuple[str, str]]:
    """Drop the tables' secondary indexes (SQLite's own, for keys, stay); their (name, sql) to build again."""
    indexes = db.execute_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(tables))}) ORDER BY tbl_name, name",
        list(tables)).fetchall()
    for name, _ in indexes:
        db.execute_sql('DROP INDEX "' + name.replace('"', '""') + '"')
    return indexes


_FTS_TRIGGER = "lead_fts_insert"
TRIGGER_INSERT = re.compile(
    r"BEGIN\s+INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*\((.*)\)\s*;\s*END\s*$",
    re.IGNORECASE | re.DOTALL)


class SearchIndexLoad:
    """Fill the full-text index for a batch of new leads with one INSERT … SELECT.

    The index is kept by an AFTER INSERT trigger; fired row by row it costs several
    times the insert itself. Inside the batch's transaction the trigger is set aside,
    the same statement runs once over the new rows, and the trigger is put back as
    it was, so a rollback restores everything and other writers never miss a row.
    The statement is derived from the trigger's own text; if that text has another
    shape, the trigger simply stays in place.
    """

    def __init__(self) -> None:
        self.trigger_sql: str | None = None
        self.bulk_sql: str | None = None
        row = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (_FTS_TRIGGER,)).fetchone() if not is_postgres() else None
        match = TRIGGER_INSERT.search(row[0]) if row and row[0] else None
        if match:
            table, columns, values = match.groups()
            select = re.sub(r"\bnew\.", "", values)
            self.trigger_sql = row[0]
            self.bulk_sql = (f"INSERT INTO {table}({columns}) SELECT {select} FROM lead "
                             f"WHERE id > ? ORDER BY id")

    def __enter__(self):
        if self.bulk_sql:
            database.execute_sql(f"DROP TRIGGER IF EXISTS {_FTS_TRIGGER}")
        return self

    def fill(self, after_id: int) -> None:
        if self.bulk_sql:
            database.execute_sql(self.bulk_sql, (after_id,))

    def __exit__(self, *exc) -> None:
        if self.bulk_sql and exc[0] is None:
            database.execute_sql(self.trigger_sql)


_NOTES_TRIGGER = "lead_fts_activity"
NOTES_APPEND = re.compile(
    r"WHEN\s+new\.body\s*<>\s*''\s+BEGIN\s+UPDATE\s+lead_fts\s+SET\s+notes\s*=\s*notes\s*\|\|\s*' '\s*"
    r"\|\|\s*new\.body\s+WHERE\s+rowid\s*=\s*new\.lead_id\s*;\s*END\s*$", re.IGNORECASE)
NOTES_FILL = """UPDATE lead_fts SET notes = notes || (
        SELECT group_concat(' ' || body, '') FROM (
            SELECT body FROM activity WHERE lead_id = lead_fts.rowid AND id > ? AND body <> '' ORDER BY id))
    WHERE rowid IN (SELECT lead_id FROM activity WHERE id > ? AND body <> '')"""


NOTES_FILL_POSTGRES = """UPDATE lead_search s SET notes = s.notes || added.notes,
        doc = lead_search_doc(l, s.notes || added.notes)
    FROM lead l, (SELECT lead_id, string_agg(' ' || body, '' ORDER BY id) AS notes FROM activity
                  WHERE id > %s AND body <> '' GROUP BY lead_id) added
    WHERE s.lead_id = added.lead_id AND l.id = added.lead_id"""


class ActivityNotesLoad:
    """Add a batch's new activity notes to their leads' search index with one UPDATE.

    An AFTER INSERT trigger appends each note to its lead's indexed notes, and the index
    writes the lead's whole notes again each time: a lead with thousands of activities took
    minutes (the time grew with the square of their number). As with SearchIndexLoad, the
    trigger is set aside inside the batch's transaction, each lead's notes are appended once,
    in the order the trigger would have, and the trigger is put back; a trigger of another
    shape stays in place. On PostgreSQL the trigger's function steps aside while a setting
    local to the transaction says so.
    """

    def __init__(self) -> None:
        self.postgres = is_postgres()
        row = database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (_NOTES_TRIGGER,)).fetchone() if not self.postgres else None
        self.trigger_sql = row[0] if row and row[0] and NOTES_APPEND.search(row[0]) else None

    def __enter__(self):
        if self.postgres:  # the trigger function steps aside while this is set (migration 0021)
            database.execute_sql("SELECT set_config('leadtui.bulk_notes', '1', true)")
        elif self.trigger_sql:
            database.execute_sql(f"DROP TRIGGER IF EXISTS {_NOTES_TRIGGER}")
        return self

    def fill(self, after_id: int) -> None:
        if self.postgres:
            database.execute_sql(NOTES_FILL_POSTGRES, (after_id,))
        elif self.trigger_sql:
            database.execute_sql(NOTES_FILL, (after_id, after_id))

    def __exit__(self, *exc) -> None:
        if self.postgres and exc[0] is None:  # a failed batch's rollback undoes the setting
            database.execute_sql("SELECT set_config('leadtui.bulk_notes', '0', true)")
        elif not self.postgres and self.trigger_sql and exc[0] is None:
            database.execute_sql(self.trigger_sql)
