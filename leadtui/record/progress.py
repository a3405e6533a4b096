"""The stored progress of a rescore of every lead, so an interrupted one is noticed and finished.

A change of rules or profile marks a rescore pending in its own transaction; the
rescore then records, with each batch it commits, the last lead id it reached.
Each mark starts a new generation: a run that sees a newer one stops, because
its rules are out of date, and the newer run (or the next start) does the work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from leadtui.db.models import Setting

KEY = "rescore_pending"


@dataclass(frozen=True)
class Pending:
    generation: int
    after_id: int  # every lead with an id up to this one is done


def pending() -> Pending | None:
    row = Setting.get_or_none(Setting.key == KEY)
    if row is None or not row.value:
        return None
    try:
        data = json.loads(row.value)
        return Pending(int(data["generation"]), int(data["after_id"]))
    except (ValueError, KeyError, TypeError):
        return Pending(0, 0)  # unreadable: start over, which is always right


def _store(state: Pending) -> None:
    Setting.put(KEY, json.dumps({"generation": state.generation, "after_id": state.after_id}))


def mark_needed() -> Pending:
    """Call inside the write transaction that changed the rules or the profile."""
    current = pending()
    state = Pending((current.generation if current else 0) + 1, 0)
    _store(state)
    return state


def record(state: Pending, after_id: int) -> bool:
    """Inside a batch's transaction: note how far it got. False when a newer mark superseded it."""
    current = pending()
    if current is None or current.generation != state.generation:
        return False
    _store(Pending(state.generation, after_id))
    return True


def finish(state: Pending) -> None:
    """Inside the last batch's transaction: nothing is left to do for this generation."""
    current = pending()
    if current is not None and current.generation == state.generation:
        Setting.delete().where(Setting.key == KEY).execute()
