"""Loading a whole database's rows fast, inside the copy's one transaction.

Row by row, every insert would fire the search-index triggers (on PostgreSQL
also the change counter's, nested once per search-index row) and update every
index. A load sets them aside instead: the destination's own index and trigger
definitions are read from its catalogue, the indexes are dropped and the
triggers switched off, the rows go in (PostgreSQL: COPY; SQLite: executemany),
then the search index is filled with one statement, the indexes are built once
and the triggers put back exactly as they were. All of it is DDL inside the
same transaction on both engines, so a rollback restores everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from leadtui.db.postgres import TeamDatabase
from leadtui.interop.bulk import TRIGGER_INSERT, drop_sqlite_indexes

# The full-text index's rows, rebuilt after a load from the leads and their notes
# (the same words, in the same order, that the triggers would have indexed).
PG_SEARCH_FILL = """
    INSERT INTO lead_search (lead_id, notes, doc)
    SELECT l.id, coalesce(n.notes, ''), lead_search_doc(l, coalesce(n.notes, ''))
    FROM lead l LEFT JOIN (
        SELECT lead_id, string_agg(body, ' ' ORDER BY id) AS notes
        FROM activity WHERE body <> '' GROUP BY lead_id) n ON n.lead_id = l.id"""

SQLITE_SEARCH_TRIGGERS = ("lead_fts_insert", "lead_fts_activity")


def loader_for(target, tables: Sequence[str]):
    return PostgresLoad(target, tables) if isinstance(target, TeamDatabase) else SqliteLoad(target, tables)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresLoad:
    """COPY into tables whose triggers and secondary indexes are set aside until `finish`."""

    def __init__(self, db: TeamDatabase, tables: Sequence[str]) -> None:
        self.db, self.tables = db, [*tables, "lead_search"]
        self.indexes: list[tuple[str, str]] = []
        self.triggers: list[tuple[str, str]] = []

    def set_aside(self) -> None:
        # Indexes no constraint depends on (primary keys stay: foreign keys need them).
        self.indexes = self.db.execute_sql(
            "SELECT format('%%I.%%I', n.nspname, c.relname), pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = current_schema() AND t.relname = ANY(%s) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
            "ORDER BY 1", (self.tables,)).fetchall()
        self.triggers = self.db.execute_sql(
            "SELECT format('%%I.%%I', n.nspname, t.relname), quote_ident(g.tgname) "
            "FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid "
            "JOIN pg_namespace n ON n.oid = t.relnamespace "
            "WHERE n.nspname = current_schema() AND t.relname = ANY(%s) "
            "AND NOT g.tgisinternal AND g.tgenabled <> 'D' ORDER BY 1, 2", (self.tables,)).fetchall()
        for table, trigger in self.triggers:
            self.db.execute_sql(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        for name, _ in self.indexes:
            self.db.execute_sql(f"DROP INDEX {name}")

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        names = ", ".join(quote(c) for c in columns)
        with self.db.cursor() as cursor, cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        self.db.execute_sql(PG_SEARCH_FILL)
        for _, definition in self.indexes:  # after the search rows: the GIN index is built once
            self.db.execute_sql(definition)
        for table, trigger in self.triggers:
            self.db.execute_sql(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        for table in self.tables:  # fresh statistics: the first queries get good plans
            self.db.execute_sql(f"ANALYZE {quote(table)}")


class SqliteLoad:
    """executemany into tables whose search triggers and secondary indexes are set aside until `finish`."""

    def __init__(self, db, tables: Sequence[str]) -> None:
        self.db, self.tables = db, list(tables)
        self.indexes: list[tuple[str, str]] = []
        self.triggers: list[tuple[str, str]] = []
        self.search_fill: str | None = None

    def set_aside(self) -> None:
        triggers = dict(self.db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)",
            SQLITE_SEARCH_TRIGGERS).fetchall())
        fill = self._search_fill(triggers.get(SQLITE_SEARCH_TRIGGERS[0]))
        if fill and len(triggers) == len(SQLITE_SEARCH_TRIGGERS):  # a shape we know: set them aside
            self.search_fill, self.triggers = fill, sorted(triggers.items())
        for name, _ in self.triggers:
            self.db.execute_sql(f"DROP TRIGGER {quote(name)}")
        self.indexes = drop_sqlite_indexes(self.db, self.tables)

    @staticmethod
    def _search_fill(trigger_sql: str | None) -> str | None:
        """The lead trigger's INSERT run over every lead at once, its notes made of the lead's activities."""
        match = TRIGGER_INSERT.search(trigger_sql or "")
        if not match:
            return None
        table, columns, values = match.groups()
        names = [c.strip() for c in columns.split(",")]
        parts = _split_values(values)
        if "notes" not in names or len(parts) != len(names):
            return None
        parts = [re.sub(r"\bnew\.", "l.", p) for p in parts]
        parts[names.index("notes")] = ("coalesce((SELECT group_concat(a.body, ' ') FROM "
                                       "(SELECT body FROM activity WHERE lead_id = l.id AND body <> '' "
                                       "ORDER BY id) a), '')")
        return f"INSERT INTO {table}({columns}) SELECT {', '.join(parts)} FROM lead l ORDER BY l.id"

    def write(self, table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        names = ", ".join(quote(c) for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.db.cursor().executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)

    def finish(self) -> None:
        for _, definition in self.indexes:  # first: the notes' lookups below use them
            self.db.execute_sql(definition)
        if self.search_fill:
            self.db.execute_sql(self.search_fill)
        for _, definition in self.triggers:
            self.db.execute_sql(definition)


def _split_values(text: str) -> list[str]:
    """A VALUES list split on its top-level commas (not those inside parentheses or quotes)."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == "'":
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
        elif not quoted and ch == ")":
            depth -= 1
        elif not quoted and depth == 0 and ch == ",":
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts
