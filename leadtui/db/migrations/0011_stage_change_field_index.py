"""The funnel and sources reports read the events of one field through one covering index.

stage_change holds every tracked change (stage, kind, qualification, temperature and the
field history), so the reports' "first event into each stage per lead", "first won" and
"ever SQL" read only the index rows of their field, in lead order, and never the table.
"""


def up(migrator, db):
    db.execute_sql("CREATE INDEX IF NOT EXISTS stage_change_field_lead "
                   "ON stage_change (field, lead_id, to_value, at)")
