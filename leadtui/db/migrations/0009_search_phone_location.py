"""Plain words in the filter also find a lead's phone number and location.

The full-text index gains two columns: the location, and the phone both as written
("+358 40 1234567") and as bare digits ("358401234567"), so "Helsinki", "1234567" and
"35840123" all find the lead. The index is rebuilt from the leads and their notes.
"""

from peewee import PostgresqlDatabase

PHONE_DIGITS = "replace(replace(replace(replace({p}, ' ', ''), '+', ''), '-', ''), '(', '')"

SQLITE = [
    "DROP TRIGGER IF EXISTS lead_fts_insert",
    "DROP TRIGGER IF EXISTS lead_fts_update",
    "DROP TRIGGER IF EXISTS lead_fts_delete",
    "DROP TRIGGER IF EXISTS lead_fts_activity",
    "DROP TABLE IF EXISTS lead_fts",
    """CREATE VIRTUAL TABLE lead_fts USING fts5(
        name, company, email, interest, notes, phone, location,
        tokenize = 'unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER lead_fts_insert AFTER INSERT ON lead BEGIN
        INSERT INTO lead_fts(rowid, name, company, email, interest, notes, phone, location)
        VALUES (new.id, new.name, new.company, new.email, new.interest, '',
                new.phone || ' ' || {PHONE_DIGITS.format(p="new.phone")}, new.location);
    END""",
    f"""CREATE TRIGGER lead_fts_update AFTER UPDATE OF name, company, email, interest, phone, location
        ON lead BEGIN
        UPDATE lead_fts SET name = new.name, company = new.company, email = new.email,
            interest = new.interest, phone = new.phone || ' ' || {PHONE_DIGITS.format(p="new.phone")},
            location = new.location WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER lead_fts_delete AFTER DELETE ON lead BEGIN
        DELETE FROM lead_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER lead_fts_activity AFTER INSERT ON activity WHEN new.body <> '' BEGIN
        UPDATE lead_fts SET notes = notes || ' ' || new.body WHERE rowid = new.lead_id;
    END""",
    f"""INSERT INTO lead_fts(rowid, name, company, email, interest, notes, phone, location)
        SELECT l.id, l.name, l.company, l.email, l.interest,
               coalesce((SELECT group_concat(a.body, ' ') FROM activity a
                         WHERE a.lead_id = l.id AND a.body <> ''), ''),
               l.phone || ' ' || {PHONE_DIGITS.format(p="l.phone")}, l.location
        FROM lead l""",
]

POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION lead_search_doc(l lead, notes text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE AS $$
        SELECT to_tsvector('simple', lt_search_fold(concat_ws(' ', l.name, l.company, l.email,
            l.interest, notes, l.phone, {PHONE_DIGITS.format(p="l.phone")}, l.location))) $$""",
    """CREATE OR REPLACE TRIGGER lead_search_lead AFTER INSERT OR UPDATE OF name, company, email, interest,
        phone, location ON lead FOR EACH ROW EXECUTE FUNCTION lead_search_lead()""",
    "UPDATE lead_search s SET doc = lead_search_doc(l, s.notes) FROM lead l WHERE l.id = s.lead_id",
]


def up(migrator, db):
    for statement in POSTGRES if isinstance(db, PostgresqlDatabase) else SQLITE:
        db.execute_sql(statement)
