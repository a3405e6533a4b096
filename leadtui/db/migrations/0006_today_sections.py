"""Today shows each lead once: New inbound leaves out leads with a follow-up or gone stale.

The index that answers "new inbound awaiting first contact" gains those two columns, so its
count still reads no table rows.
"""


def up(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS lead_inbound_waiting")
    db.execute_sql("CREATE INDEX IF NOT EXISTS lead_inbound_waiting ON lead "
                   "(direction, first_contacted_at, archived, stage, next_follow_up_at, stale_at, created_at)")
