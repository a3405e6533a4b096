"""Copy a whole database from one place to another: SQLite file <-> PostgreSQL, every table.

The destination is migrated first and must hold no leads; its seeded rows
(rules, views, templates) are replaced by the source's. Rows go through the
models, so each engine gets its own types (booleans, times). Everything is
written in one transaction and checked by counting every table before it is
committed: a copy is whole or not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import SqliteDatabase, sort_models

from leadtui.db.connection import PRAGMAS, close_db, database, init_db
from leadtui.db.fold import fold
from leadtui.db.models import ALL_MODELS, Lead
from leadtui.db.postgres import TeamDatabase, connect_url
from leadtui.db.url import DatabaseUrl, Target
from leadtui.errors import InvalidInput, LeadtuiError

BATCH = 500


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
    db = SqliteDatabase(str(target.expanduser()), pragmas=PRAGMAS, lock_type="IMMEDIATE")
    db.register_function(fold, "lt_fold", 1, deterministic=True)
    return db


def copy_database(source: Target, destination: Target) -> CopyResult:
    """Copy every table of `source` into the empty `destination` (both migrated to this version)."""
    if _same(source, destination):
        raise InvalidInput("the source and the destination are the same database")
    init_db(destination)  # creates and migrates it
    try:
        waiting = Lead.select().count()
    finally:
        close_db()
    if waiting:
        raise InvalidInput(f"{destination} already holds {waiting} lead{'s' if waiting != 1 else ''}: "
                           "copy only into an empty database")
    models = sort_models(ALL_MODELS)
    init_db(source)
    target = _open_raw(destination)
    counts: dict[str, int] = {}
    try:
        with database.atomic(), target.atomic():  # the source's write lock: a still snapshot
            for model in reversed(models):
                with target.bind_ctx([model]):
                    model.delete().execute()
            for model in models:
                counts[model._meta.table_name] = _copy_table(model, target)
            _reset_sequences(target, models)
            for model in models:
                with target.bind_ctx([model]):
                    copied = model.select().count()
                name = model._meta.table_name
                if copied != counts[name]:
                    raise CopyFailed(f"copying {name} gave {copied} rows instead of {counts[name]}; "
                                     "nothing was copied")
    finally:
        target.close()
        close_db()
    return CopyResult(str(source), str(destination), counts)


def _copy_table(model, target) -> int:
    fields = list(model._meta.sorted_fields)
    order = [f.asc() for f in (model._meta.get_primary_keys() or fields[:1])]
    rows = list(model.select(*fields).order_by(*order).tuples())
    with target.bind_ctx([model]):
        for start in range(0, len(rows), BATCH):
            model.insert_many(rows[start:start + BATCH], fields=fields).execute()
    return len(rows)


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
