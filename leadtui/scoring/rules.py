"""The scoring rules table, stored in the database and editable by the user."""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import ScoringRule
from leadtui.errors import InvalidInput, NotFound
from leadtui.kit.validation import parse_id
from leadtui.kit.vocab import ACTIVITY_KINDS, parse_activity_kind
from leadtui.record import progress, undo
from leadtui.record.fields import names_where

# Bounds that keep every score a small number and every silent stretch a real date span.
MAX_DAYS = 36500
MAX_POINTS = 10000
RULE_FIELDS = names_where(rule=True)  # what a rule may be limited to (one value of it)


@dataclass(frozen=True)
class Rule:
    kind: str  # activity kind, or "silence"
    points: int
    days: int = 30  # for "silence": the length of one silent stretch
    field: str = ""  # optional lead field the rule is limited to (e.g. source)
    value: str = ""
    id: int | None = None

    def label(self) -> str:
        if self.kind == "silence":
            return f"no reaction for {self.days} days"
        limit = f" when {self.field}={self.value}" if self.field else ""
        return f"{self.kind}{limit}"


def load_rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(kind=r.kind, points=r.points, days=r.days, field=r.field, value=r.value, id=r.id)
        for r in ScoringRule.select().order_by(ScoringRule.id)
    )


def check_rule(kind: str, points, days, field: str) -> tuple[str, int, int]:
    kind = "silence" if kind.strip().lower() == "silence" else parse_activity_kind(kind)
    try:
        points, days = int(points), int(days)
    except (TypeError, ValueError):
        raise InvalidInput("points and days must be whole numbers") from None
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days must be at least 1 and at most {MAX_DAYS}")
    if abs(points) > MAX_POINTS:
        raise InvalidInput(f"points must be between -{MAX_POINTS} and {MAX_POINTS}")
    if field and field not in RULE_FIELDS:
        raise InvalidInput(f"rules can be limited by {', '.join(RULE_FIELDS)}, not {field!r}")
    return kind, points, days


def _undoable(ctx: Context | None, verb: str, rule: Rule) -> None:
    undo.remember_table(ctx or Context(), "rules", f"{verb} rule {rule.label()} {rule.points:+d}")


def _rule(row: ScoringRule) -> Rule:
    return Rule(row.kind, row.points, row.days, row.field, row.value, row.id)


def add_rule(kind: str, points, days=30, field: str = "", value: str = "", *, ctx: Context | None = None) -> Rule:
    kind, points, days = check_rule(kind, points, days, field)
    with write_transaction():
        _undoable(ctx, "add", Rule(kind, points, days, field, value.strip().lower()))
        row = ScoringRule.create(kind=kind, points=points, days=days, field=field,
                                 value=value.strip().lower())
        progress.mark_needed()  # saved with the rule: an interrupted rescore is noticed later
    return Rule(row.kind, row.points, row.days, row.field, row.value, row.id)


def update_rule(rule_id: int, kind: str, points, days=30, field: str = "", value: str = "", *,
                ctx: Context | None = None) -> Rule:
    rule_id = parse_id(rule_id, "scoring rule")
    checked = check_rule(kind, points, days, field)
    with write_transaction():
        row = ScoringRule.get_or_none(ScoringRule.id == rule_id)
        if row is None:
            raise NotFound(f"no scoring rule with id {rule_id}")
        _undoable(ctx, "edit", _rule(row))
        row.kind, row.points, row.days = checked
        row.field, row.value = field, value.strip().lower()
        row.save()
        progress.mark_needed()
    return Rule(row.kind, row.points, row.days, row.field, row.value, row.id)


def delete_rule(rule_id: int, *, ctx: Context | None = None) -> None:
    rule_id = parse_id(rule_id, "scoring rule")
    with write_transaction():
        row = ScoringRule.get_or_none(ScoringRule.id == rule_id)
        if row is not None:
            _undoable(ctx, "delete", _rule(row))
        deleted = ScoringRule.delete().where(ScoringRule.id == rule_id).execute()
        if deleted:
            progress.mark_needed()
    if not deleted:
        raise NotFound(f"no scoring rule with id {rule_id}")


KNOWN_KINDS = ("silence", *ACTIVITY_KINDS)
