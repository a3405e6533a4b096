"""SQL pieces that differ between SQLite and PostgreSQL, as peewee expressions.

Services build their queries from these, so one query works on both engines:
substring tests, wildcard matches, case-blind name order and full-text search.
Call them while building a query (after `init_db`): they look at the open engine.
"""

from __future__ import annotations

from peewee import SQL, Expression, fn

from leadtui.db.connection import database, is_postgres
from leadtui.db.fold import spellings


def contains(expr, needle: str):
    """`needle` occurs in `expr` (no wildcards, no escaping needed)."""
    if is_postgres():
        return fn.strpos(expr, needle) > 0
    return fn.instr(expr, needle) > 0


def wildcard(expr, pattern: str):
    """`expr` matches `pattern`, where only * is special (any run of characters)."""
    if is_postgres():
        like = "".join("\\" + ch if ch in "%_\\" else ch for ch in pattern).replace("*", "%")
        return Expression(expr, "LIKE", like)
    return Expression(expr, "GLOB", "".join(f"[{ch}]" if ch in "?[" else ch for ch in pattern))


def nocase(expr):
    """`expr` for a case-blind order (each engine's index on it exists: migration 0003)."""
    return fn.lower(expr) if is_postgres() else expr.collate("NOCASE")


def search(id_column, words: list[str]):
    """Rows of lead whose name, company, e-mail, phone, location, interest or notes hold every word (as a prefix)."""
    if is_postgres():
        from leadtui.db.postgres import tsquery  # the PostgreSQL engine's module: off SQLite's path

        query = tsquery(words)
        return id_column.in_(SQL("(SELECT lead_id FROM lead_search WHERE doc @@ "
                                 f"to_tsquery('simple', {database.param}))", [query]))
    # One letter as a prefix matches most of the table; as a whole word it stays selective.
    # FTS5 keeps ß in its tokens, so a word is looked up in each of its spellings (ss or ß).
    def term(word: str) -> str:
        return '"' + word.replace('"', '""') + '"' + ("*" if len(word) > 1 else "")

    def group(word: str) -> str:
        forms = spellings(word)
        return term(forms[0]) if len(forms) == 1 else "(" + " OR ".join(term(f) for f in forms) + ")"

    match = " AND ".join(group(w) for w in words)
    return id_column.in_(SQL(f"(SELECT rowid FROM lead_fts WHERE lead_fts MATCH {database.param})",
                             [match]))


def refresh_search_notes(lead_id: int) -> None:
    """Rebuild the notes the search index holds for a lead from its activities (after a merge)."""
    if is_postgres():
        database.execute_sql(
            "UPDATE lead_search s SET notes = n.notes, doc = lead_search_doc(l, n.notes) "
            "FROM lead l, (SELECT coalesce(string_agg(body, ' ' ORDER BY id), '') AS notes FROM activity "
            "WHERE lead_id = %s AND body <> '') n WHERE s.lead_id = %s AND l.id = %s",
            (lead_id, lead_id, lead_id))
        return
    database.execute_sql(
        "UPDATE lead_fts SET notes = coalesce((SELECT group_concat(body, ' ') FROM activity "
        "WHERE lead_id = ? AND body <> ''), '') WHERE rowid = ?", (lead_id, lead_id))


def epoch_hours(expr):
    """A timestamp column as hours since 1970-01-01 (naive UTC), a number both engines compare."""
    if is_postgres():
        return fn.date_part("epoch", expr) / 3600.0
    return (fn.julianday(expr) - 2440587.5) * 24.0


def clamp(expr, low: float | None, high: float):
    """`expr` kept within [low, high] (no lower bound for None), computed once (SQLite's
    two-argument max/min)."""
    if is_postgres():
        top = fn.LEAST(high, expr)
        return top if low is None else fn.GREATEST(low, top)
    top = fn.min(high, expr)
    return top if low is None else fn.max(low, top)
