"""PostgreSQL counterparts of the SQLite-only pieces, for team mode.

- The driver: psycopg 3, imported only when a PostgreSQL URL is opened.
- The schema version: a one-row table (SQLite keeps it in PRAGMA user_version).
- "Did anything change?": a one-row counter that a statement trigger on every
  table bumps, once per transaction (SQLite has PRAGMA data_version). Write
  transactions bump it first, which also makes them wait for each other as
  BEGIN IMMEDIATE does.
- The fold function lt_fold and the accent folding of the search index.
"""

from __future__ import annotations

import contextlib

from peewee import InterfaceError, OperationalError, PostgresqlDatabase, Psycopg3Adapter

from leadtui.db.fold import ACCENTED, PLAIN, search_tokens

SCHEMA_TABLE = "leadtui_schema"
CHANGE_TABLE = "leadtui_change"
SQLITE_LOCK_TYPES = ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")
MIGRATION_LOCK = 7_246_883  # pg_advisory_xact_lock key: one migrating process at a time


class DriverMissing(Exception):
    """psycopg is not installed."""


class _LazyPsycopg3(Psycopg3Adapter):
    """peewee's psycopg 3 adapter, importing psycopg when a connection is made, not before."""

    def __init__(self) -> None:
        try:
            import psycopg
            from psycopg.pq import TransactionStatus
            from psycopg.types.json import Json, Jsonb
        except ImportError as exc:
            raise DriverMissing("PostgreSQL needs the psycopg driver: "
                                "pip install 'leadtui[postgres]'") from exc
        self._psycopg, self._status = psycopg, TransactionStatus
        self.txn_idle = TransactionStatus.IDLE
        self.txn_inerror = TransactionStatus.INERROR
        self.txn_unknown = TransactionStatus.UNKNOWN
        super().__init__()
        self.json_type, self.jsonb_type = Json, Jsonb

    def check_driver(self) -> None:
        pass

    def get_binary_type(self):
        return self._psycopg.Binary

    def connect(self, db, **params):
        params.setdefault("conninfo", db.database)
        params.setdefault("connect_timeout", 5)
        params.setdefault("application_name", "leadtui")
        return self._psycopg.connect(**params)

    def server_side_cursor(self, conn):
        in_txn = self.txn_status(conn) == self._status.INTRANS
        return conn.cursor(name=f"leadtui_{id(conn)}", withhold=not in_txn)


class TeamDatabase(PostgresqlDatabase):
    """PostgresqlDatabase that speaks the SQLite transaction vocabulary the services use."""

    def init(self, database, **kwargs):
        super().init(database, **kwargs)
        self._adapter = _LazyPsycopg3()

    def begin(self, lock_type=None):
        """BEGIN, then take the write lock, as SQLite's BEGIN IMMEDIATE (leadtui's default) does.

        Only "DEFERRED" skips the lock. Reads outside transactions never take it. A connection
        the server dropped (a restart) is opened again here, before anything is written.
        """
        kind = lock_type.upper() if isinstance(lock_type, str) else None
        isolation = None if kind in SQLITE_LOCK_TYPES else lock_type
        try:
            super().begin(isolation)
        except (OperationalError, InterfaceError):
            if not self._lost():
                raise
            self._reconnect()
            super().begin(isolation)
        if kind != "DEFERRED":
            self.execute_sql(f"UPDATE {CHANGE_TABLE} SET n = n + 1")

    def execute_sql(self, sql, params=None):
        """A read outside a transaction on a connection the server dropped is run once more
        on a new one (a statement inside a transaction is not: the transaction is gone)."""
        try:
            return super().execute_sql(sql, params)
        except (OperationalError, InterfaceError):
            if self.in_transaction() or not self._lost():
                raise
            self._reconnect()
            return super().execute_sql(sql, params)

    def _lost(self) -> bool:
        """Is the connection dead (the server restarted, closed it, or the network went)?"""
        conn = self._state.conn
        return conn is None or bool(conn.closed) or bool(getattr(conn, "broken", False))

    def _reconnect(self) -> None:
        with contextlib.suppress(Exception):
            self._close(self._state.conn)
        self._state.reset()
        self.connect()


def connect_url(url: str) -> TeamDatabase:
    """A database for `url` (postgresql://...); raises DriverMissing without psycopg."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return TeamDatabase(url, autoconnect=True)


# ---- infrastructure created before the numbered migrations --------------------------

# Once per transaction (and once more in TeamDatabase.begin): the first write takes the
# counter's row lock, and each further bump would only add a row version that every later
# one has to step over, so a transaction of n statements would cost n² (a 100,000-lead copy
# or import bumped it once per lead and once per search-index row). A savepoint rolled
# back undoes the flag with the bump, so the next statement bumps again.
BUMP_SQL = f"""CREATE OR REPLACE FUNCTION leadtui_bump() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('leadtui.bumped', true) IS DISTINCT FROM '1' THEN
            UPDATE {CHANGE_TABLE} SET n = n + 1;
            PERFORM set_config('leadtui.bumped', '1', true);
        END IF;
        RETURN NULL;
    END $$"""

_FOLD_ACCENTS = "translate(replace(lower($1), 'ß', 'ss'), '{}', '{}')".format(
    ACCENTED.replace("'", "''"), PLAIN)

SETUP_SQL = [
    f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (version integer NOT NULL)",
    f"INSERT INTO {SCHEMA_TABLE} (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM {SCHEMA_TABLE})",
    f"CREATE TABLE IF NOT EXISTS {CHANGE_TABLE} (n bigint NOT NULL)",
    f"INSERT INTO {CHANGE_TABLE} (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM {CHANGE_TABLE})",
    BUMP_SQL,
    # Unicode-aware lower case (the SQLite side registers a Python function of the same name).
    "CREATE OR REPLACE FUNCTION lt_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    "AS $$ SELECT replace(lower($1), 'ß', 'ss') $$",
    # What the search index holds: folded, accents dropped, words split on anything else.
    "CREATE OR REPLACE FUNCTION lt_search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE "
    f"PARALLEL SAFE AS $$ SELECT regexp_replace({_FOLD_ACCENTS}, '[^[:alnum:]]+', ' ', 'g') $$",
]


def is_set_up(db) -> bool:
    return db.execute_sql(f"SELECT to_regclass('{SCHEMA_TABLE}') IS NOT NULL").fetchone()[0]


def set_up(db) -> None:
    for statement in SETUP_SQL:
        db.execute_sql(statement)


def lock_for_migration(db) -> None:
    db.execute_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def schema_version(db) -> int:
    if not is_set_up(db):
        return 0
    return db.execute_sql(f"SELECT version FROM {SCHEMA_TABLE}").fetchone()[0]


def set_schema_version(db, version: int) -> None:
    db.execute_sql(f"UPDATE {SCHEMA_TABLE} SET version = %s", (version,))


def change_counter(db) -> int:
    return db.execute_sql(f"SELECT n FROM {CHANGE_TABLE}").fetchone()[0]


def watch_every_table(db) -> None:
    """A statement trigger on every table bumps the change counter (tables added later too).

    BEFORE, so a writer takes the counter's row lock before any other row lock:
    writers queue on it in one order and cannot deadlock on it.
    """
    for table in db.get_tables():
        if table in (CHANGE_TABLE, SCHEMA_TABLE):
            continue
        db.execute_sql(f'CREATE OR REPLACE TRIGGER leadtui_changed BEFORE INSERT OR UPDATE OR DELETE '
                       f'OR TRUNCATE ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION leadtui_bump()')


# ---- full-text search: a tsvector per lead, kept in step by triggers -------------------

SEARCH_SQL = [
    """CREATE TABLE IF NOT EXISTS lead_search (
        lead_id integer PRIMARY KEY REFERENCES lead (id) ON DELETE CASCADE,
        notes text NOT NULL DEFAULT '',
        doc tsvector NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS lead_search_doc ON lead_search USING gin (doc)",
    """CREATE OR REPLACE FUNCTION lead_search_doc(l lead, notes text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE AS $$
        SELECT to_tsvector('simple', lt_search_fold(concat_ws(' ', l.name, l.company, l.email,
                                                                l.interest, notes))) $$""",
    """CREATE OR REPLACE FUNCTION lead_search_lead() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO lead_search (lead_id, notes, doc) VALUES (new.id, '', lead_search_doc(new, ''))
            ON CONFLICT (lead_id) DO UPDATE SET doc = lead_search_doc(new, lead_search.notes);
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER lead_search_lead AFTER INSERT OR UPDATE OF name, company, email, interest
        ON lead FOR EACH ROW EXECUTE FUNCTION lead_search_lead()""",
    """CREATE OR REPLACE FUNCTION lead_search_activity() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE lead_search s SET notes = s.notes || ' ' || new.body,
                doc = lead_search_doc(l, s.notes || ' ' || new.body)
            FROM lead l WHERE s.lead_id = new.lead_id AND l.id = new.lead_id;
            RETURN NULL;
        END $$""",
    """CREATE OR REPLACE TRIGGER lead_search_activity AFTER INSERT ON activity
        FOR EACH ROW WHEN (new.body <> '') EXECUTE FUNCTION lead_search_activity()""",
]


def create_search_index(db) -> None:
    for statement in SEARCH_SQL:
        db.execute_sql(statement)


def tsquery(words: list[str]) -> str:
    """Every word as a prefix (one letter: a whole word), as SQLite's FTS5 query does."""
    parts = []
    for word in words:
        tokens = search_tokens(word)
        if not tokens:
            continue
        last = tokens[-1] + (":*" if len(tokens[-1]) > 1 else "")
        parts.append(" <-> ".join([*tokens[:-1], last]))
    return " & ".join(f"({p})" for p in parts)


# ---- team roles: a refusal by the access rules, as the user reads it ---------------------

_TABLE_RULES = {
    "lead": "a rep adds and changes only their own leads and unowned ones",
    "activity": "a rep logs only on their own leads and unowned ones",
    "follow_up": "a rep schedules only on their own leads and unowned ones",
    "stage_change": "a rep changes only their own leads and unowned ones",
    "lead_tag": "a rep tags only their own leads and unowned ones",
    "setting": "only a manager changes the ideal customer profile and the team's settings",
    "scoring_rule": "only a manager changes the scoring rules",
    "template": "only a manager changes the templates",
}


def refusal(message: str) -> str | None:
    """The rule behind a refusal by team roles (row-level security, a grant, a guard trigger)."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    for mark in ("belongs to", "only a manager", "is not yours"):
        if mark in first:
            return f"refused: {first}; nothing was saved"
    for mark in ("row-level security policy for table", "permission denied for table"):
        if mark in first:
            table = first.rsplit(" ", 1)[-1].strip('"')
            rule = _TABLE_RULES.get(table, f"your role may not change {table}")
            return f"refused: {rule}; nothing was saved"
    return None


def connected_role(db) -> tuple[str, str, bool]:
    """Who this connection is, read once when it opens: the login role; its name again when
    `team add` made it a member (rep or manager), else ''; and whether it may change the rules,
    profile and templates and assign leads (a manager, the tables' owner, a superuser, or anyone
    where `team init` never ran)."""
    return tuple(db.execute_sql(
        "SELECT current_user, coalesce((SELECT current_user::text FROM pg_auth_members m "
        "  JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
        "  WHERE u.rolname = current_user AND g.rolname IN ('leadtui_rep', 'leadtui_manager') "
        "  LIMIT 1), ''), "
        "CASE WHEN NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadtui_rep') THEN true "
        "ELSE pg_has_role(current_user, 'leadtui_manager', 'MEMBER') "
        "  OR pg_has_role(current_user, 'leadtui_owner', 'MEMBER') "
        "  OR NOT pg_has_role(current_user, 'leadtui_rep', 'MEMBER') END").fetchone())
