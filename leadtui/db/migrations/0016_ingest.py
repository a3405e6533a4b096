"""What `leadtui ingest` has read: each message or event logged once per lead, and each file's
state when it was last read (a second ingest of an unchanged folder reads almost nothing)."""

from peewee import *  # noqa: F403


def up(migrator, db):
    class Lead(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Ingested(Model):
        lead = ForeignKeyField(Lead, on_delete="CASCADE")
        key = CharField()
        activity_id = IntegerField(null=True)
        follow_up_id = IntegerField(null=True)

        class Meta:
            database = db
            legacy_table_names = False
            indexes = ((("lead", "key"), True),)

    class IngestFile(Model):
        path = CharField(primary_key=True)
        mtime_ns = BigIntegerField()
        size = BigIntegerField()
        signature = CharField(default="")
        revisit_at = DateTimeField(null=True)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([Ingested, IngestFile], safe=True)
