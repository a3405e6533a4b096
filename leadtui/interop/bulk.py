"""Many rows in one statement: peewee builds the INSERT, sqlite3's executemany runs it."""

from __future__ import annotations

from datetime import datetime

from leadtui.db.connection import database


class BulkInsert:
    def __init__(self, model, names: list[str], *, ignore_conflicts: bool = False) -> None:
        self.fields = [model._meta.fields[n] for n in names]
        sample = tuple(f.default() if callable(f.default) else f.default for f in self.fields)
        query = model.insert_many([sample], fields=self.fields)
        if ignore_conflicts:
            query = query.on_conflict_ignore()
        self.sql, params = query.sql()
        if len(params) != len(self.fields):  # peewee added defaults we did not name
            raise ValueError(f"{model.__name__}: name every column for a bulk insert")
        self.convert = [f.db_value for f in self.fields]

    def row(self, values) -> tuple:
        out = []
        for convert, value in zip(self.convert, values, strict=True):
            value = convert(value)
            out.append(value.isoformat(" ") if isinstance(value, datetime) else value)
        return tuple(out)

    def run(self, rows: list[tuple]) -> None:
        if rows:
            database.cursor().executemany(self.sql, rows)
