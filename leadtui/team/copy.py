"""Copy a whole database from one place to another: SQLite file <-> PostgreSQL, every table.

The destination is migrated first and must hold no leads; its seeded rows
(rules, views, templates) are replaced by the source's. Rows are read in id
order and converted per column (booleans, times, cleaned text) to what the
other engine stores, then bulk-loaded (leadtui.team.loading: PostgreSQL COPY,
SQLite executemany, the search index and the indexes built once at the end).
Everything is written in one transaction and checked by counting every table
before it is committed: a copy is whole or not there, and a failed one leaves
the destination as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field

from peewee import (
    BooleanField,
    CharField,
    DatabaseError,
    DateTimeField,
    SqliteDatabase,
    TextField,
    sort_models,
)

from leadtui.db.connection import PRAGMAS, close_db, database, init_db
from leadtui.db.fold import fold
from leadtui.db.models import ALL_MODELS, Lead
from leadtui.db.postgres import TeamDatabase, connect_url
from leadtui.db.url import DatabaseUrl, Target
from leadtui.errors import InvalidInput, LeadtuiError
from leadtui.team.loading import loader_for, quote

FETCH = 5000  # rows a PostgreSQL source sends at a time


class CopyFailed(LeadtuiError):
    exit_code = 2


@dataclass(frozen=True)
class CopyResult:
    source: str
    destination: str
    counts: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"from": self.source, "to": self.destination, "tables": dict(self.counts)}


def _same(a: Target, b: Target) -> bool:
    if isinstance(a, DatabaseUrl) or isinstance(b, DatabaseUrl):
        return a == b
    return a.expanduser().resolve() == b.expanduser().resolve()


def _open_raw(target: Target):
    """A second database object on `target`, next to the one the models use."""
    if isinstance(target, DatabaseUrl):
        return connect_url(target.url)
    # A bigger page cache than everyday use: the indexes are built at the end of the load.
    db = SqliteDatabase(str(target.expanduser()), pragmas={**PRAGMAS, "cache_size": -65536},
                        lock_type="IMMEDIATE")
    db.register_function(fold, "lt_fold", 1, deterministic=True)
    return db


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (DatabaseError, sqlite3.Error)
    try:
        import psycopg
    except ImportError:
        return errors
    return (*errors, psycopg.Error)


def copy_database(source: Target, destination: Target) -> CopyResult:
    """Copy every table of `source` into the empty `destination` (both migrated to this version)."""
    if _same(source, destination):
        raise InvalidInput("the source and the destination are the same database")
    init_db(destination)  # creates and migrates it
    try:
        _refuse_leads(Lead.select().count(), destination)
    finally:
        close_db()
    models = sort_models(ALL_MODELS)
    init_db(source)
    target = _open_raw(destination)
    try:
        with database.atomic(), target.atomic():  # the source's write lock: a still snapshot
            return CopyResult(str(source), str(destination), _copy_all(models, target, destination))
    except _database_errors() as exc:
        reason = " ".join(str(exc).split("\n", 1)[0].split())
        for place in (source, destination):
            if isinstance(place, DatabaseUrl):
                reason = place.scrub(reason)
        raise CopyFailed(f"the copy failed and was undone, {destination} is as it was: {reason}") from None
    finally:
        target.close()
        close_db()


def _refuse_leads(count: int, destination: Target) -> None:
    if count:
        raise InvalidInput(f"{destination} already holds {count} lead{'s' if count != 1 else ''}: "
                           "copy only into an empty database")


def _copy_all(models, target, destination: Target) -> dict[str, int]:
    """Inside both transactions: replace the destination's rows by the source's, then check the counts."""
    with target.bind_ctx([Lead]):
        _refuse_leads(Lead.select().count(), destination)  # again, now that its writers wait
    load = loader_for(target, [m._meta.table_name for m in models])
    load.set_aside()
    for model in reversed(models):
        with target.bind_ctx([model]):
            model.delete().execute()
    counts: dict[str, int] = {}
    to_postgres = isinstance(target, TeamDatabase)
    for model in models:
        columns = [f.column_name for f in model._meta.sorted_fields]
        with closing(_read(model, to_postgres)) as rows:  # a failed write closes the source's cursor now
            counted = _Counted(rows)
            load.write(model._meta.table_name, columns, counted)
        counts[model._meta.table_name] = counted.n
    load.finish()
    _reset_sequences(target, models)
    _keep_lead_ids_past(target, _highest_lead_id(database.obj))
    for model in models:
        with target.bind_ctx([model]):
            copied = model.select().count()
        name = model._meta.table_name
        if copied != counts[name]:
            raise CopyFailed(f"copying {name} gave {copied} rows instead of {counts[name]}; "
                             "nothing was copied")
    return counts


class _Counted:
    """Rows passed through, counted on the way."""

    def __init__(self, rows: Iterator[tuple]) -> None:
        self.rows, self.n = rows, 0

    def __iter__(self) -> Iterator[tuple]:
        for row in self.rows:
            self.n += 1
            yield row


def _read(model, to_postgres: bool) -> Iterator[tuple]:
    """The source's rows of `model` in id order, as the destination's engine stores them."""
    fields = list(model._meta.sorted_fields)
    keys = model._meta.get_primary_keys() or fields[:1]
    sql = (f"SELECT {', '.join(quote(f.column_name) for f in fields)} FROM {quote(model._meta.table_name)} "
           f"ORDER BY {', '.join(quote(k.column_name) for k in keys)}")
    convert = _converters(fields, isinstance(database.obj, TeamDatabase), to_postgres)
    rows = _fetch(sql)
    if not convert:
        yield from rows
        return
    for row in rows:
        values = list(row)
        for i, change in convert:
            values[i] = change(values[i])
        yield tuple(values)


def _fetch(sql: str) -> Iterator[tuple]:
    if not isinstance(database.obj, TeamDatabase):
        yield from database.execute_sql(sql)
        return
    with database.connection().cursor(name="leadtui_copy") as cursor:  # a server-side cursor
        cursor.itersize = FETCH
        cursor.execute(sql)
        yield from cursor


def _converters(fields, from_postgres: bool, to_postgres: bool) -> list[tuple[int, object]]:
    """(column, function) for the columns whose stored form differs between the engines."""
    out = []
    for i, f in enumerate(fields):
        if isinstance(f, CharField | TextField):
            out.append((i, _cleaner(f.python_value)))  # text an older version stored uncleaned
        elif isinstance(f, BooleanField) and to_postgres and not from_postgres:
            out.append((i, _boolean))  # SQLite keeps 0/1
        elif isinstance(f, DateTimeField) and from_postgres and not to_postgres:
            out.append((i, _time_text))  # SQLite keeps the text peewee writes
    return out


def _cleaner(clean):
    def convert(value):
        if value is None or (type(value) is str and value.isprintable()):
            return value
        return clean(value)
    return convert


def _boolean(value):
    return value if value is None else bool(value)


def _time_text(value):
    return value if value is None else str(value)


def _highest_lead_id(db) -> int:
    """The highest lead id `db` ever gave, deleted leads included (ids are never given twice)."""
    if isinstance(db, TeamDatabase):
        return db.execute_sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM lead_id_seq"
                              ).fetchone()[0] or 0
    row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = 'lead'").fetchone()
    return row[0] if row else 0


def _keep_lead_ids_past(target, highest: int) -> None:
    """The destination's next lead id comes after every id the source ever gave."""
    if isinstance(target, TeamDatabase):
        target.execute_sql("SELECT setval('lead_id_seq', greatest(%s, (SELECT coalesce(max(id), 0) FROM lead)), "
                           "true) WHERE greatest(%s, (SELECT coalesce(max(id), 0) FROM lead)) > 0",
                           (highest, highest))
    else:
        target.execute_sql("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'lead'", (highest,))


def _reset_sequences(target, models) -> None:
    """PostgreSQL's id counters continue after the copied ids (SQLite's need nothing)."""
    if not isinstance(target, TeamDatabase):
        return
    for model in models:
        pk = model._meta.primary_key
        if getattr(pk, "field_type", "") != "AUTO":
            continue
        table, column = model._meta.table_name, pk.column_name
        target.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                           f"coalesce(max(\"{column}\"), 0) + 1, false) FROM \"{table}\"")
