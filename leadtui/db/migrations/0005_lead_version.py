"""A version number on each lead, so a save based on an older copy of it can be refused.

A trigger moves it whenever one of the fields a person edits changes, whoever
writes (the edit form, an import, a merge, another tool), unless the writer
moved it already.
"""

from peewee import PostgresqlDatabase

FIELDS = ("name", "company", "title", "email", "phone", "website", "location", "industry",
          "employees", "revenue", "budget", "age", "income", "source", "direction", "kind",
          "interest", "owner", "bant_authority", "bant_budget", "bant_need", "bant_timeline",
          "value_cents", "value_currency")


def up(migrator, db):
    present = {column.name for column in db.get_columns("lead")}
    if "version" not in present:
        db.execute_sql("ALTER TABLE lead ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
    fields = [f for f in FIELDS if f in present]
    if isinstance(db, PostgresqlDatabase):
        changed = " OR ".join(f"new.{f} IS DISTINCT FROM old.{f}" for f in fields)
        db.execute_sql(f"""CREATE OR REPLACE FUNCTION lead_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF new.version = old.version AND ({changed}) THEN new.version := old.version + 1; END IF;
                RETURN new;
            END $$""")
        db.execute_sql("CREATE OR REPLACE TRIGGER lead_version BEFORE UPDATE ON lead "
                       "FOR EACH ROW EXECUTE FUNCTION lead_version()")
        return
    changed = " OR ".join(f"new.{f} IS NOT old.{f}" for f in fields)
    # Only an update naming one of them runs it (databases made before are changed when opened).
    db.execute_sql(f"""CREATE TRIGGER IF NOT EXISTS lead_version AFTER UPDATE OF {", ".join(fields)} ON lead
        WHEN new.version = old.version AND ({changed}) BEGIN
            UPDATE lead SET version = old.version + 1 WHERE id = new.id;
        END""")
