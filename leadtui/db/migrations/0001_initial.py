"""Initial schema: leads, tags, activities, follow-ups, stage events, settings, search index.

The models here are frozen copies of the schema as it was at this migration,
deliberately independent of db/models.py so later model changes never alter
what this step creates.
"""

from peewee import *  # noqa: F403
from peewee import PostgresqlDatabase, SqliteDatabase

from leadtui.db.postgres import create_search_index


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Lead(Base):
        name = CharField()
        company = CharField(default="")
        title = CharField(default="")
        email = CharField(default="", index=True)
        phone = CharField(default="", index=True)
        website = CharField(default="")
        location = CharField(default="")
        industry = CharField(default="", index=True)
        employees = IntegerField(null=True)
        revenue = IntegerField(null=True)
        budget = IntegerField(null=True)
        age = IntegerField(null=True)
        income = IntegerField(null=True)
        source = CharField(default="", index=True)
        direction = CharField(default="outbound")
        kind = CharField(default="lead", index=True)
        stage = CharField(default="interest", index=True)
        qualification = CharField(default="none")
        temperature = CharField(default="cold", index=True)
        temperature_pinned = BooleanField(default=False)
        bant_authority = BooleanField(null=True)
        bant_budget = BooleanField(null=True)
        bant_need = BooleanField(null=True)
        bant_timeline = BooleanField(null=True)
        interest = TextField(default="")
        owner = CharField(default="")
        created_at = DateTimeField()
        updated_at = DateTimeField()
        first_contacted_at = DateTimeField(null=True)
        last_touched_at = DateTimeField(index=True)
        stale_at = DateTimeField(null=True, index=True)
        next_follow_up_at = DateTimeField(null=True, index=True)
        fit_score = IntegerField(default=0)
        engagement_score = IntegerField(default=0)
        score = IntegerField(default=0, index=True)
        icp_ticks = IntegerField(default=0)
        icp_total = IntegerField(default=0)
        archived = BooleanField(default=False, index=True)

    class LeadTag(Base):
        lead = ForeignKeyField(Lead, on_delete="CASCADE")
        tag = CharField(index=True)

        class Meta:
            primary_key = CompositeKey("lead", "tag")

    class Activity(Base):
        lead = ForeignKeyField(Lead, on_delete="CASCADE")
        kind = CharField()
        at = DateTimeField()
        body = TextField(default="")
        outcome = CharField(default="")
        created_at = DateTimeField()

        class Meta:
            indexes = ((("lead", "at"), False),)

    class FollowUp(Base):
        lead = ForeignKeyField(Lead, on_delete="CASCADE")
        due_at = DateTimeField()
        what = CharField(default="")
        done_at = DateTimeField(null=True)
        created_at = DateTimeField()

        class Meta:
            indexes = ((("done_at", "due_at"), False), (("lead", "done_at"), False))

    class StageChange(Base):
        lead = ForeignKeyField(Lead, on_delete="CASCADE")
        field = CharField(default="stage")
        from_value = CharField(default="")
        to_value = CharField()
        at = DateTimeField(index=True)

    class Setting(Base):
        key = CharField(primary_key=True)
        value = TextField(default="")

    return [Lead, LeadTag, Activity, FollowUp, StageChange, Setting]


# Full-text search over what a user remembers about a lead. Kept in step by
# triggers so every writer (TUI, CLI, import) updates it without extra code.
# PostgreSQL keeps a tsvector per lead instead (db/postgres.py), behind the same query.
FTS_SQL = [
    """CREATE VIRTUAL TABLE lead_fts USING fts5(
        name, company, email, interest, notes, tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER lead_fts_insert AFTER INSERT ON lead BEGIN
        INSERT INTO lead_fts(rowid, name, company, email, interest, notes)
        VALUES (new.id, new.name, new.company, new.email, new.interest, '');
    END""",
    """CREATE TRIGGER lead_fts_update AFTER UPDATE OF name, company, email, interest ON lead BEGIN
        UPDATE lead_fts SET name = new.name, company = new.company,
            email = new.email, interest = new.interest WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER lead_fts_delete AFTER DELETE ON lead BEGIN
        DELETE FROM lead_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER lead_fts_activity AFTER INSERT ON activity WHEN new.body <> '' BEGIN
        UPDATE lead_fts SET notes = notes || ' ' || new.body WHERE rowid = new.lead_id;
    END""",
]


def up(migrator, db):
    db.create_tables(_models(db))
    if isinstance(db, SqliteDatabase):
        for statement in FTS_SQL:
            db.execute_sql(statement)
    elif isinstance(db, PostgresqlDatabase):
        create_search_index(db)
