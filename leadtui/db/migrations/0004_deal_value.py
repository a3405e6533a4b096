"""A lead's expected deal value: whole cents and an ISO currency code."""

COLUMNS = {"value_cents": "INTEGER", "value_currency": "VARCHAR(3) NOT NULL DEFAULT ''"}


def up(migrator, db):
    present = {column.name for column in db.get_columns("lead")}
    for name, kind in COLUMNS.items():
        if name not in present:
            db.execute_sql(f"ALTER TABLE lead ADD COLUMN {name} {kind}")
