"""Qualification: scoring rules, saved views and outreach templates, seeded with defaults."""

from peewee import *  # noqa: F403

SEED_RULES = [
    # The example table from the source documents.
    {"kind": "download", "points": 10, "days": 30, "field": "", "value": ""},
    {"kind": "reply", "points": 5, "days": 30, "field": "", "value": ""},
    {"kind": "call", "points": 20, "days": 30, "field": "", "value": ""},
    {"kind": "silence", "points": -10, "days": 30, "field": "", "value": ""},
]

SEED_VIEWS = [
    {"name": "Hot leads", "query": "temp:hot", "position": 1},
    {"name": "Forgotten cold leads", "query": "temp:cold stale", "position": 2},
    {"name": "Inbound, never contacted", "query": "direction:inbound contacted:no", "position": 3},
    {"name": "Ready for sales (SQL)", "query": "qual:sql", "position": 4},
    {"name": "Prospects that no longer fit", "query": "kind:prospect fits:no", "position": 5},
]

SEED_TEMPLATES = [
    {
        "name": "First contact",
        "channel": "email",
        "subject": "{company} and us",
        "body": "Hi {first_name},\n\nThanks for your interest in {interest}. "
        "Would a 20-minute call this week suit you?\n\nBest regards,\n{owner}",
    },
    {
        "name": "Follow-up after silence",
        "channel": "email",
        "subject": "Still thinking about {interest}?",
        "body": "Hi {first_name},\n\nWe last spoke about {interest} ({last_activity}). "
        "Is it still on your list at {company}?\n\n{owner}",
    },
    {
        "name": "Discovery call",
        "channel": "call",
        "subject": "",
        "body": "Call {first_name} at {company} ({phone}).\n"
        "1. Recap: {interest}\n2. Budget and timeline?\n3. Who else decides?\n4. Agree a next step.",
    },
]


def _models(db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class ScoringRule(Base):
        kind = CharField()
        points = IntegerField()
        days = IntegerField(default=30)
        field = CharField(default="")
        value = CharField(default="")

    class SavedView(Base):
        name = CharField(unique=True)
        query = TextField()
        position = IntegerField(default=0)

    class Template(Base):
        name = CharField(unique=True)
        channel = CharField(default="email")
        subject = CharField(default="")
        body = TextField()

    return ScoringRule, SavedView, Template


def up(migrator, db):
    rules, views, templates = _models(db)
    db.create_tables([rules, views, templates])
    rules.insert_many(SEED_RULES).execute()
    views.insert_many(SEED_VIEWS).execute()
    templates.insert_many(SEED_TEMPLATES).execute()
