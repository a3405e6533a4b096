"""The undo log: each change to a lead keeps the lead's record as it was, newest undone first."""

from peewee import *  # noqa: F403


def up(migrator, db):
    class UndoStep(Model):
        at = DateTimeField()
        label = CharField()
        lead_id = IntegerField(index=True)
        snapshot = TextField()
        undone = BooleanField(default=False)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([UndoStep], safe=True)
