"""Peewee models. Times are naive UTC; vocabularies (stages, kinds) live in leadtui.kit.vocab."""

from __future__ import annotations

from peewee import (
    BigIntegerField,
    BooleanField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

from leadtui.db.clean import LineField, NoteField
from leadtui.db.connection import current_author, database


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Lead(BaseModel):
    name = LineField()
    company = LineField(default="")
    title = LineField(default="")
    email = LineField(default="", index=True)
    phone = LineField(default="", index=True)
    website = LineField(default="")
    location = LineField(default="")
    industry = LineField(default="", index=True)
    employees = IntegerField(null=True)
    revenue = IntegerField(null=True)
    budget = IntegerField(null=True)
    age = IntegerField(null=True)
    income = IntegerField(null=True)
    source = LineField(default="", index=True)
    direction = LineField(default="outbound")
    kind = LineField(default="lead", index=True)
    stage = LineField(default="interest", index=True)
    qualification = LineField(default="none")
    temperature = LineField(default="cold", index=True)
    temperature_pinned = BooleanField(default=False)
    bant_authority = BooleanField(null=True)
    bant_budget = BooleanField(null=True)
    bant_need = BooleanField(null=True)
    bant_timeline = BooleanField(null=True)
    interest = NoteField(default="")
    owner = LineField(default="")
    created_at = DateTimeField()
    updated_at = DateTimeField()
    first_contacted_at = DateTimeField(null=True)
    last_touched_at = DateTimeField(index=True)
    # last_touched_at + the staleness threshold for this lead's temperature and
    # stage, kept up to date on every write so "which leads are stale" is an
    # index range scan instead of a sweep over every row.
    stale_at = DateTimeField(null=True, index=True)
    # When silence next changes the score (the end of the current silent period): the
    # timer rescores only leads whose moment has passed. Added by migration 0005.
    score_changes_at = DateTimeField(null=True, index=True)
    next_follow_up_at = DateTimeField(null=True, index=True)
    fit_score = IntegerField(default=0)
    engagement_score = IntegerField(default=0)
    score = IntegerField(default=0, index=True)
    icp_ticks = IntegerField(default=0)
    icp_total = IntegerField(default=0)
    archived = BooleanField(default=False)
    # Moves on every edit of the lead's own fields: a save based on an older one is refused
    # (leadtui.record.versions), so two people never silently overwrite each other.
    version = IntegerField(default=0)
    # The expected deal value (migration 0004): exact cents and an ISO currency code.
    value_cents = IntegerField(null=True)
    value_currency = LineField(max_length=3, default="")
    # A phone or e-mail kept as written because it could not be checked (an import keeps
    # what it cannot verify; migration 0018). A valid value typed over it clears the mark.
    phone_unverified = BooleanField(default=False)
    email_unverified = BooleanField(default=False)

    # Sort-key and covering indexes beyond the single-column ones come from migration 0003.


class LeadTag(BaseModel):
    lead = ForeignKeyField(Lead, backref="tag_rows", on_delete="CASCADE")
    tag = LineField(index=True)

    class Meta:
        primary_key = CompositeKey("lead", "tag")


class Activity(BaseModel):
    lead = ForeignKeyField(Lead, backref="activities", on_delete="CASCADE")
    kind = LineField()
    at = DateTimeField()
    body = NoteField(default="")
    outcome = LineField(default="")
    created_at = DateTimeField()
    author = LineField(default=current_author)  # migration 0017: who logged it

    class Meta:
        indexes = ((("lead", "at"), False),)


class FollowUp(BaseModel):
    lead = ForeignKeyField(Lead, backref="follow_ups", on_delete="CASCADE")
    due_at = DateTimeField()
    what = LineField(default="")
    done_at = DateTimeField(null=True)
    created_at = DateTimeField()
    cancelled_at = DateTimeField(null=True)
    author = LineField(default=current_author)  # migration 0017: who scheduled it

    class Meta:
        indexes = ((("done_at", "due_at"), False), (("lead", "done_at"), False))


class StageChange(BaseModel):
    """One event per change of stage, qualification, kind or temperature."""

    lead = ForeignKeyField(Lead, backref="stage_changes", on_delete="CASCADE")
    field = LineField(default="stage")
    from_value = LineField(default="")
    to_value = LineField()
    at = DateTimeField(index=True)
    author = LineField(default=current_author)  # migration 0017: who changed it


class Setting(BaseModel):
    key = LineField(primary_key=True)
    value = NoteField(default="")

    @classmethod
    def put(cls, key: str, value: str) -> None:
        """Insert or overwrite one setting (an upsert both SQLite and PostgreSQL run)."""
        (cls.insert(key=key, value=value)
         .on_conflict(conflict_target=[cls.key], update={cls.value: value}).execute())


ALL_MODELS = [Lead, LeadTag, Activity, FollowUp, StageChange, Setting]


class ScoringRule(BaseModel):
    """A row of the scoring table: an activity kind (or "silence") and its points."""

    kind = LineField()
    points = IntegerField()
    days = IntegerField(default=30)
    field = LineField(default="")
    value = LineField(default="")


class SavedView(BaseModel):
    name = LineField(unique=True)
    query = NoteField()
    position = IntegerField(default=0)


class Template(BaseModel):
    name = LineField(unique=True)
    channel = LineField(default="email")  # email or call
    subject = LineField(default="")
    body = NoteField()


ALL_MODELS += [ScoringRule, SavedView, Template]


class UndoStep(BaseModel):
    """One change a user can take back: what it changed as it was before it (JSON)."""

    at = DateTimeField()
    label = LineField()
    lead_id = IntegerField(index=True)  # no foreign key: the step outlives a deleted lead; 0: no lead
    snapshot = NoteField()
    undone = BooleanField(default=False)
    # What the step changed (migration 0012): a lead, or the rules, profile, templates or views.
    subject = LineField(default="lead")
    redo_snapshot = NoteField(null=True)  # the state an undo replaced: what redo puts back
    author = LineField(default=current_author)  # migration 0017: only its author undoes it


ALL_MODELS += [UndoStep]


class Ingested(BaseModel):
    """A message or calendar event `leadtui ingest` logged for a lead (migration 0016): its key
    is "mail:<Message-ID>", "meet:<UID>|<RECURRENCE-ID>" or "next:…" for the follow-up it made."""

    lead = ForeignKeyField(Lead, backref="ingested", on_delete="CASCADE")
    key = LineField()
    activity_id = IntegerField(null=True)
    follow_up_id = IntegerField(null=True)

    class Meta:
        indexes = ((("lead", "key"), True),)


class IngestFile(BaseModel):
    """A mail or calendar file as ingest last read it: unchanged (same size, mtime and leads'
    addresses) and with no event come due since, it is not read again."""

    path = LineField(primary_key=True)
    mtime_ns = BigIntegerField()
    size = BigIntegerField()
    signature = LineField(default="")
    revisit_at = DateTimeField(null=True)


ALL_MODELS += [Ingested, IngestFile]
