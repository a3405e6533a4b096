"""PostgreSQL: the search index's notes trigger steps aside while an import adds a batch of
activities, whose notes the import then adds per lead in one statement. Fired per activity, the
trigger indexed a lead's whole notes again each time: a lead with thousands of activities took
minutes. (On SQLite the import sets the trigger itself aside; nothing changes there.)"""

from peewee import PostgresqlDatabase

ACTIVITY_NOTES = """CREATE OR REPLACE FUNCTION lead_search_activity() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('leadtui.bulk_notes', true) = '1' THEN
            RETURN NULL;  -- an import adds the batch's notes itself, once per lead
        END IF;
        UPDATE lead_search s SET notes = s.notes || ' ' || new.body,
            doc = lead_search_doc(l, s.notes || ' ' || new.body)
        FROM lead l WHERE s.lead_id = new.lead_id AND l.id = new.lead_id;
        RETURN NULL;
    END $$"""


def up(migrator, db):
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(ACTIVITY_NOTES)
