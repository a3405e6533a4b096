"""On PostgreSQL, Today ranks its sections from an index alone, as it does on SQLite.

Today orders each section by a priority computed from the lead's own columns (migration 0015).
SQLite's `lead_today_priority` holds them all, and every SQLite index holds the rowid, so the
ranking never reads the table. A PostgreSQL index holds only the columns it names: without
`id` no ranking could be answered from the index, and PostgreSQL read the stale half of the
table, about 54,000 rows at 100k leads (55 of Today's 130 ms), and every lead for New inbound
(40 ms). These two indexes name `id` and every column a ranking, the scope (`owner`) and the
profile's fit read; New inbound gets a partial one of its own, as its count has on SQLite
(`lead_inbound_waiting`). SQLite is left as it is.
"""

from leadtui.db.connection import is_postgres

COVERED = ("id, archived, temperature, stage, fit_score, engagement_score, value_cents, "
           "last_touched_at, created_at, owner, kind, icp_ticks, icp_total")


def up(migrator, db):
    if not is_postgres():
        return
    db.execute_sql("CREATE INDEX IF NOT EXISTS lead_today_rank ON lead (next_follow_up_at, stale_at) "
                   f"INCLUDE ({COVERED}, direction, first_contacted_at)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS lead_inbound_rank ON lead (stale_at) "
                   f"INCLUDE ({COVERED}) WHERE direction = 'inbound' AND first_contacted_at IS NULL "
                   "AND NOT archived AND next_follow_up_at IS NULL")
