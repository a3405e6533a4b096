"""A lead's phone and e-mail can be kept as written, marked unverified.

An import no longer refuses a row for a phone number no validator accepts or an
address with a reserved domain: the value is stored as the file had it and its
mark set, so `phone:unverified` finds those leads and an edit to a valid value
clears it. Existing leads were all checked: their marks start false.
"""

COLUMNS = ("phone_unverified", "email_unverified")


def up(migrator, db):
    present = {column.name for column in db.get_columns("lead")}
    for name in COLUMNS:
        if name not in present:
            db.execute_sql(f"ALTER TABLE lead ADD COLUMN {name} BOOLEAN NOT NULL DEFAULT FALSE")
