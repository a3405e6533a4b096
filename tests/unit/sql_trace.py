"""What SQL a read runs, and how SQLite plans it: the query-plan tests share these."""

from __future__ import annotations

from collections.abc import Callable

from leadtui.db.connection import database


def statements(run: Callable[[], object]) -> list[str]:
    """Every statement the SQLite connection runs while `run` runs."""
    seen: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(seen.append)
    try:
        run()
    finally:
        connection.set_trace_callback(None)
    return seen


def plan_of(sql: str, params=()) -> str:
    """SQLite's plan of a statement, its steps joined by ' | '."""
    return " | ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
