"""Merging two leads into one: every activity, follow-up, stage event and tag of both is
kept; the lead merged into keeps its values, only its empty fields are filled from the other
(or the caller picks field by field), and a closed outcome is never reopened. A merge is one
undo step that brings both leads back as they were."""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.dialect import refresh_search_notes
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.errors import InvalidInput
from leadtui.kit.validation import parse_id
from leadtui.kit.vocab import CLOSED_STAGES
from leadtui.leads.writes import field_values, get_lead, record_edits
from leadtui.record import undo
from leadtui.record.fields import merged_columns
from leadtui.record.lifecycle import record_change
from leadtui.record.staleness import refresh_stale_at
from leadtui.record.versions import EditConflict
from leadtui.scoring import score as scoring

# Fields merged one by one; dates, scores and derived columns are recomputed.
MERGED_FIELDS = merged_columns()


@dataclass(frozen=True)
class MergeResult:
    kept_id: int
    removed_id: int
    name: str
    moved_activities: int
    moved_follow_ups: int
    moved_changes: int
    fields_from_removed: tuple[str, ...]

    def as_json(self) -> dict:
        return {"kept": self.kept_id, "removed": self.removed_id, "name": self.name,
                "moved": {"activities": self.moved_activities, "follow_ups": self.moved_follow_ups,
                          "stage_events": self.moved_changes},
                "fields_from_removed": list(self.fields_from_removed)}


def merge_fields() -> tuple[str, ...]:
    return MERGED_FIELDS


def _empty(value) -> bool:
    return value is None or value == ""


def _reopens(name: str, mine, theirs) -> bool:
    """Taking `theirs` for `name` would reopen a closed outcome (won, lost, disqualified)."""
    return name == "stage" and mine in CLOSED_STAGES and theirs not in CLOSED_STAGES


def _takes_other(name: str, mine, theirs, pick: str | None) -> bool:
    """Whether the merged lead takes the other's value: when picked, else when its own is empty."""
    if mine == theirs or _reopens(name, mine, theirs):
        return False
    if pick is not None:
        return pick == "other"
    return _empty(mine) and not _empty(theirs)


def merge_leads(ctx: Context, keep_id, other_id, *, choose: dict[str, str] | None = None,
                versions: tuple[int, int] | None = None) -> MergeResult:
    """Merge lead `other_id` into `keep_id`, then delete `other_id` (one undo step brings both back).

    `choose` maps a field to "keep" or "other" (the TUI's per-field pick); every
    other field keeps `keep_id`'s value unless it is empty. A closed stage is never
    replaced by an open one. `versions` are the two leads' versions the choice was made on
    (`MergePreview.versions`): when either lead changed since, EditConflict says so and
    nothing is merged.
    """
    keep_id, other_id = parse_id(keep_id), parse_id(other_id)
    if keep_id == other_id:
        raise InvalidInput("cannot merge a lead with itself")
    choose = choose or {}

    with write_transaction():
        keep, other = get_lead(keep_id), get_lead(other_id)  # read under the write lock
        _check_versions(keep, other, versions)
        undo.remember_leads(ctx, (keep.id, other.id), f"merge #{other.id} into #{keep.id} ({keep.name})")
        before = field_values(keep)
        taken = []
        for name in merge_fields():
            mine, theirs = getattr(keep, name), getattr(other, name)
            if _takes_other(name, mine, theirs, choose.get(name)):
                if name in ("stage", "qualification", "kind", "temperature"):
                    record_change(keep, name, theirs, ctx.now())  # the funnel counts events
                else:
                    setattr(keep, name, theirs)
                    if name in ("phone", "email"):  # a value kept unverified stays marked
                        mark = f"{name}_unverified"
                        setattr(keep, mark, getattr(other, mark))
                taken.append(name)
        keep.created_at = min(keep.created_at, other.created_at)
        keep.last_touched_at = max(keep.last_touched_at, other.last_touched_at)
        firsts = [t for t in (keep.first_contacted_at, other.first_contacted_at) if t]
        keep.first_contacted_at = min(firsts) if firsts else None
        keep.updated_at = ctx.now()
        moved_activities = Activity.update(lead=keep.id).where(Activity.lead == other.id).execute()
        moved_follow_ups = FollowUp.update(lead=keep.id).where(FollowUp.lead == other.id).execute()
        moved_changes = StageChange.update(lead=keep.id).where(StageChange.lead == other.id).execute()
        tags = [t for (t,) in LeadTag.select(LeadTag.tag).where(LeadTag.lead == other.id).tuples()]
        if tags:
            LeadTag.insert_many([{"lead": keep.id, "tag": t} for t in tags]).on_conflict_ignore().execute()
        LeadTag.delete().where(LeadTag.lead == other.id).execute()
        other.delete_instance()
        nxt = (FollowUp.select(FollowUp.due_at)
               .where(FollowUp.lead == keep.id, FollowUp.done_at.is_null())
               .order_by(FollowUp.due_at).first())
        keep.next_follow_up_at = nxt.due_at if nxt else None
        refresh_stale_at(keep, ctx.config)
        keep.save()
        record_edits(keep, before, ctx.now())
        _refresh_search_notes(keep.id)
        scoring.rescore_lead(ctx, keep)
    return MergeResult(keep.id, other_id, keep.name, moved_activities, moved_follow_ups,
                       moved_changes, tuple(taken))


def _check_versions(keep: Lead, other: Lead, versions: tuple[int, int] | None) -> None:
    if versions is None or (keep.version, other.version) == tuple(versions):
        return
    moved = [f"#{lead.id} {lead.name} (version {seen} → {lead.version})"
             for lead, seen in ((keep, versions[0]), (other, versions[1])) if lead.version != seen]
    raise EditConflict(f"{' and '.join(moved)} changed elsewhere after the merge was shown; nothing was "
                       "merged: open the merge again to see the leads as they are now", keep.version, ())


def _refresh_search_notes(lead_id: int) -> None:
    """The search index holds activity notes per lead; the moved ones join the kept lead's."""
    refresh_search_notes(lead_id)


@dataclass(frozen=True)
class FieldChoice:
    """One field two leads disagree on, and which value a plain merge would keep."""

    name: str
    keep_value: str
    other_value: str
    take_other: bool


@dataclass(frozen=True)
class MergePreview:
    choices: tuple[FieldChoice, ...]
    versions: tuple[int, int]  # the two leads' versions as shown: pass them to merge_leads


def merge_preview(ctx: Context, keep_id, other_id) -> MergePreview:
    """The fields that differ between two leads, with the default pick: the other's value only
    where the kept lead's is empty. A closed stage an open one would reopen is not offered."""
    keep, other = get_lead(parse_id(keep_id)), get_lead(parse_id(other_id))
    out = []
    for name in merge_fields():
        mine, theirs = getattr(keep, name), getattr(other, name)
        if mine == theirs or _empty(theirs) or _reopens(name, mine, theirs):
            continue
        out.append(FieldChoice(name, "" if mine is None else str(mine), str(theirs), _empty(mine)))
    return MergePreview(tuple(out), (keep.version, other.version))
