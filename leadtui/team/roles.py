"""Who may do what in team mode, enforced by PostgreSQL itself (roles, grants, row-level security).

- `leadtui_owner` (no login) owns the tables; whoever ran `team init` is made a member, so it
  can upgrade the schema and sees everything (table owners pass row-level security).
- `leadtui_rep`: reads and writes their own leads and the unowned ones (with `reps_read_all`,
  reads everyone's but still writes only those); reads the rules, the profile and templates.
- `leadtui_manager` (a member of `leadtui_rep`): everything; assigns and reassigns leads,
  changes the scoring rules, the profile and the templates.

A lead is "mine" when its owner is my login role's name (any case) or empty. Checks a policy
cannot make (an update or delete of a row the rep may read but not change, giving a lead away)
are a trigger that raises, so a refused change is an error, never a silent no-op. Scores,
temperatures and staleness deadlines are derived: any member's process may refresh them.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.db.connection import database, is_postgres, write_transaction
from leadtui.errors import InvalidInput

OWNER, REP, MANAGER = "leadtui_owner", "leadtui_rep", "leadtui_manager"
ROLES = {"rep": REP, "manager": MANAGER}
READ_ALL_KEY = "team.reps_read_all"
PROFILE_KEY = "icp_profile"  # leadtui.scoring.icp's setting: managers only
MANAGER_KEYS = (PROFILE_KEY, READ_ALL_KEY)

# Tables hanging off a lead: their rows follow the lead's rule.
LEAD_CHILDREN = ("activity", "follow_up", "stage_change", "lead_tag")
MANAGER_TABLES = ("scoring_rule", "template")  # reps read them
# Columns any member's process may refresh on any lead it can read (they follow from the rest).
DERIVED = ("score", "fit_score", "engagement_score", "temperature", "stale_at", "score_changes_at",
           "icp_ticks", "icp_total", "updated_at", "version")


def _roles_sql() -> list[str]:
    create = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{0}') THEN " \
             "CREATE ROLE {0} NOLOGIN; END IF; END $$"
    return [create.format(OWNER), create.format(REP), create.format(MANAGER),
            f"GRANT {REP} TO {MANAGER}", f"GRANT {OWNER} TO CURRENT_USER"]


FUNCTIONS_SQL = [
    # Whether the connected role is a manager (members of leadtui_owner count as one).
    f"""CREATE OR REPLACE FUNCTION leadtui_is_manager() RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT pg_has_role(current_user, '{MANAGER}', 'MEMBER')
            OR pg_has_role(current_user, '{OWNER}', 'MEMBER') $$""",
    """CREATE OR REPLACE FUNCTION leadtui_mine(owner text) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT lower(owner) IN (lower(current_user::text), '') $$""",
    # A lead this role may change: a subquery on lead, so lead's own read rule applies first.
    """CREATE OR REPLACE FUNCTION leadtui_may_write(id integer) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT leadtui_is_manager() OR EXISTS (SELECT 1 FROM lead l WHERE l.id = $1 AND leadtui_mine(l.owner)) $$""",
    f"""CREATE OR REPLACE FUNCTION leadtui_guard_lead() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF leadtui_is_manager() OR NOT pg_has_role(current_user, '{REP}', 'MEMBER') THEN
                RETURN coalesce(new, old);
            END IF;
            IF tg_op = 'DELETE' THEN
                IF NOT leadtui_mine(old.owner) THEN
                    RAISE EXCEPTION 'lead #% belongs to %: a rep deletes only their own leads and unowned ones',
                        old.id, old.owner USING ERRCODE = 'insufficient_privilege';
                END IF;
                RETURN old;
            END IF;
            IF NOT leadtui_mine(old.owner) THEN
                IF (to_jsonb(new) - ARRAY{list(DERIVED)!r}) IS DISTINCT FROM
                   (to_jsonb(old) - ARRAY{list(DERIVED)!r}) THEN
                    RAISE EXCEPTION 'lead #% belongs to %: a rep changes only their own leads and unowned ones',
                        old.id, old.owner USING ERRCODE = 'insufficient_privilege';
                END IF;
            ELSIF NOT leadtui_mine(new.owner) THEN
                RAISE EXCEPTION 'only a manager assigns a lead to someone else (lead #% to %)',
                    old.id, new.owner USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN new;
        END $$""",
    f"""CREATE OR REPLACE FUNCTION leadtui_guard_child() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_has_role(current_user, '{REP}', 'MEMBER') AND NOT leadtui_may_write(old.lead_id) THEN
                RAISE EXCEPTION 'lead #% is not yours: a rep changes only their own leads and unowned ones',
                    old.lead_id USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN coalesce(new, old);
        END $$""",
]


# Written out in the policies rather than called as functions: the planner then runs the setting's
# look-up once per statement (an InitPlan) and a child's lead check as a join, not once per row.
READ_ALL = f"EXISTS (SELECT 1 FROM setting WHERE key = '{READ_ALL_KEY}' AND value = 'yes')"
LEAD_VISIBLE = "EXISTS (SELECT 1 FROM lead l WHERE l.id = lead_id)"


# The search index's rows carry their lead's owner, so its read rule is the lead's own (an index
# lookup per matching row would cost a search on a common word several times its time).
SEARCH_OWNER_SQL = [
    "ALTER TABLE lead_search ADD COLUMN IF NOT EXISTS owner text NOT NULL DEFAULT ''",
    "UPDATE lead_search s SET owner = l.owner FROM lead l WHERE l.id = s.lead_id AND s.owner <> l.owner",
    """CREATE OR REPLACE FUNCTION leadtui_search_owner() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE lead_search SET owner = new.owner WHERE lead_id = new.id AND owner <> new.owner;
            RETURN NULL;
        END $$""",
    # AFTER, and named after lead_search_lead, which makes the row on insert.
    "CREATE OR REPLACE TRIGGER leadtui_search_owner AFTER INSERT OR UPDATE OF owner ON lead "
    "FOR EACH ROW EXECUTE FUNCTION leadtui_search_owner()",
]


def _policies_sql() -> list[str]:
    out = ["ALTER TABLE lead ENABLE ROW LEVEL SECURITY",
           f"CREATE POLICY leadtui_manager ON lead TO {MANAGER} USING (true) WITH CHECK (true)",
           f"CREATE POLICY leadtui_rep_read ON lead FOR SELECT TO {REP} "
           f"USING (leadtui_mine(owner) OR {READ_ALL})",
           f"CREATE POLICY leadtui_rep_insert ON lead FOR INSERT TO {REP} WITH CHECK (leadtui_mine(owner))",
           # The guard trigger decides what may change on a row the rep can read.
           f"CREATE POLICY leadtui_rep_update ON lead FOR UPDATE TO {REP} "
           f"USING (leadtui_mine(owner) OR {READ_ALL}) WITH CHECK (true)",
           f"CREATE POLICY leadtui_rep_delete ON lead FOR DELETE TO {REP} "
           f"USING (leadtui_mine(owner) OR {READ_ALL})",
           "CREATE OR REPLACE TRIGGER leadtui_guard BEFORE UPDATE OR DELETE ON lead "
           "FOR EACH ROW EXECUTE FUNCTION leadtui_guard_lead()"]
    for table in LEAD_CHILDREN:
        # A rescore records temperature changes on any lead it may read.
        derived = f" OR (field = 'temperature' AND {LEAD_VISIBLE})" \
            if table == "stage_change" else ""
        out += [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                f"CREATE POLICY leadtui_manager ON {table} TO {MANAGER} USING (true) WITH CHECK (true)",
                f"CREATE POLICY leadtui_rep_read ON {table} FOR SELECT TO {REP} USING ({LEAD_VISIBLE})",
                f"CREATE POLICY leadtui_rep_insert ON {table} FOR INSERT TO {REP} "
                f"WITH CHECK (leadtui_may_write(lead_id){derived})",
                f"CREATE POLICY leadtui_rep_update ON {table} FOR UPDATE TO {REP} "
                f"USING ({LEAD_VISIBLE}) WITH CHECK (true)",
                f"CREATE POLICY leadtui_rep_delete ON {table} FOR DELETE TO {REP} USING ({LEAD_VISIBLE})",
                f"CREATE OR REPLACE TRIGGER leadtui_guard BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION leadtui_guard_child()"]
    out += ["ALTER TABLE lead_search ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY leadtui_manager ON lead_search TO {MANAGER} USING (true) WITH CHECK (true)",
            f"CREATE POLICY leadtui_rep_read ON lead_search FOR SELECT TO {REP} "
            f"USING (leadtui_mine(owner) OR {READ_ALL})",
            f"CREATE POLICY leadtui_rep_write ON lead_search FOR INSERT TO {REP} "
            "WITH CHECK (leadtui_may_write(lead_id))",
            f"CREATE POLICY leadtui_rep_update ON lead_search FOR UPDATE TO {REP} "
            f"USING ({LEAD_VISIBLE}) WITH CHECK (true)",
            f"CREATE POLICY leadtui_rep_delete ON lead_search FOR DELETE TO {REP} USING ({LEAD_VISIBLE})",
            "CREATE OR REPLACE TRIGGER leadtui_guard BEFORE UPDATE OR DELETE ON lead_search "
            "FOR EACH ROW EXECUTE FUNCTION leadtui_guard_child()"]
    # Undo steps hold copies of leads: a rep sees and takes back only their own.
    out += ["ALTER TABLE undo_step ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY leadtui_manager ON undo_step TO {MANAGER} USING (true) "
            "WITH CHECK (author = current_user::text)",
            f"CREATE POLICY leadtui_rep_own ON undo_step TO {REP} USING (author = current_user::text) "
            "WITH CHECK (author = current_user::text)"]
    keys = ", ".join(f"'{k}'" for k in MANAGER_KEYS)
    out += ["ALTER TABLE setting ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY leadtui_manager ON setting TO {MANAGER} USING (true) WITH CHECK (true)",
            f"CREATE POLICY leadtui_rep_read ON setting FOR SELECT TO {REP} USING (true)",
            f"CREATE POLICY leadtui_rep_write ON setting FOR INSERT TO {REP} WITH CHECK (key NOT IN ({keys}))",
            f"CREATE POLICY leadtui_rep_update ON setting FOR UPDATE TO {REP} "
            f"USING (key NOT IN ({keys})) WITH CHECK (key NOT IN ({keys}))",
            f"CREATE POLICY leadtui_rep_delete ON setting FOR DELETE TO {REP} USING (key NOT IN ({keys}))"]
    return out


# Bookkeeping every process reads; the change counter every writer bumps.
READ_ONLY_TABLES = ("leadtui_schema", "migratehistory")
COUNTER_TABLE = "leadtui_change"


def _grants_sql(tables: list[str]) -> list[str]:
    rows = [t for t in tables if t not in (*MANAGER_TABLES, *READ_ONLY_TABLES, COUNTER_TABLE)]
    read_only = [t for t in READ_ONLY_TABLES if t in tables]
    out = [f"GRANT SELECT ON {', '.join(read_only)} TO {REP}",
           f"GRANT SELECT, UPDATE ON {COUNTER_TABLE} TO {REP}",
           f"GRANT USAGE ON SCHEMA public TO {REP}",
           f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(rows)} TO {REP}",
           f"GRANT SELECT ON {', '.join(MANAGER_TABLES)} TO {REP}",
           f"GRANT INSERT, UPDATE, DELETE ON {', '.join(MANAGER_TABLES)} TO {MANAGER}",
           f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {REP}"]
    return out


def _drop_policies_sql() -> list[str]:
    """`team init` again replaces what an earlier one made (a newer leadtui's rules win)."""
    return ["""DO $$ DECLARE p record; BEGIN
        FOR p IN SELECT policyname, tablename FROM pg_policies
                 WHERE schemaname = 'public' AND policyname LIKE 'leadtui_%' LOOP
            EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
        END LOOP; END $$"""]


@dataclass(frozen=True)
class TeamSetUp:
    database: str
    reps_read_all: bool

    def as_json(self) -> dict:
        return {"database": self.database, "roles": [OWNER, REP, MANAGER], "reps_read_all": self.reps_read_all}


def _require_postgres() -> None:
    if not is_postgres():
        raise InvalidInput("team roles live on a PostgreSQL server: run it with --db postgresql://...")


def init_team(reps_read_all: bool = False) -> TeamSetUp:
    """Create the roles, hand the tables to the owner role, grant the groups, turn on the rules.

    Run again, it brings the rules up to date (and sets `reps_read_all`)."""
    _require_postgres()
    with write_transaction():
        tables = database.get_tables()
        conn = database.connection()  # psycopg's own: DDL with '%' in it, no parameters
        for statement in [*_roles_sql(), *FUNCTIONS_SQL, *SEARCH_OWNER_SQL, *_drop_policies_sql(), *_policies_sql(),
                          *_grants_sql(tables)]:
            conn.execute(statement)
        for table in tables:
            conn.execute(f'ALTER TABLE "{table}" OWNER TO {OWNER}')
        database.execute_sql("INSERT INTO setting (key, value) VALUES (%s, %s) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value",
                             (READ_ALL_KEY, "yes" if reps_read_all else "no"))
        name = database.execute_sql("SELECT current_database()").fetchone()[0]
    return TeamSetUp(name, reps_read_all)


@dataclass(frozen=True)
class Member:
    name: str
    role: str  # rep or manager
    can_login: bool

    def as_json(self) -> dict:
        return {"name": self.name, "role": self.role, "can_login": self.can_login}


def _check_set_up() -> None:
    found = database.execute_sql("SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s)",
                                 (REP, MANAGER)).fetchone()[0]
    if found < 2:
        raise InvalidInput("this database has no team roles yet: run `leadtui --db URL team init` first")


def _check_name(name: str) -> str:
    if not name or not name.replace("_", "").replace("-", "").replace(".", "").isalnum() or len(name) > 63:
        raise InvalidInput(f"a member's name is a login name: letters, digits, '_', '-' or '.' "
                           f"(at most 63), got {name!r}")
    if name.lower().startswith(("leadtui_", "pg_")):
        raise InvalidInput(f"{name!r} is reserved: choose another login name")
    return name.lower()


def add_member(name: str, role: str, password: str | None = None) -> Member:
    """A login role for `name` in the rep or manager group (an existing role just joins it)."""
    from psycopg import sql

    _require_postgres()
    if role not in ROLES:
        raise InvalidInput(f"a role is rep or manager, got {role!r}")
    name = _check_name(name)
    with write_transaction():
        _check_set_up()
        exists = database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        conn = database.connection()
        login = sql.SQL("LOGIN PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL("LOGIN")
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL(f"{verb} ROLE {{}} {{}}").format(sql.Identifier(name), login))
        for group in (REP, MANAGER):
            if group == ROLES[role] or (role == "manager" and group == REP):
                continue
            conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(name)))
        conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), sql.Identifier(name)))
    return Member(name, role, True)


def remove_member(name: str) -> Member:
    """Take `name` out of the team and drop its login role; its leads keep their owner label."""
    from psycopg import sql

    _require_postgres()
    name = _check_name(name)
    with write_transaction():
        _check_set_up()
        found = {m.name: m for m in _members()}
        if name not in found:
            raise InvalidInput(f"{name!r} is not a member of this team (see `leadtui team list`)")
        database.connection().execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
    return found[name]


def _members() -> list[Member]:
    rows = database.execute_sql(
        """SELECT r.rolname, bool_or(g.rolname = %s), r.rolcanlogin FROM pg_roles r
           JOIN pg_auth_members m ON m.member = r.oid JOIN pg_roles g ON g.oid = m.roleid
           WHERE g.rolname IN (%s, %s) AND r.rolname NOT IN (%s, %s, %s)
           GROUP BY r.rolname, r.rolcanlogin ORDER BY r.rolname""",
        (MANAGER, REP, MANAGER, OWNER, REP, MANAGER)).fetchall()
    return [Member(name, "manager" if manager else "rep", login) for name, manager, login in rows]


def list_members() -> list[Member]:
    _require_postgres()
    _check_set_up()
    return _members()
