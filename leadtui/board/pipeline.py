"""Reading the board (counts and values per stage by GROUP BY on the indexed stage) and moving a
lead to the next or previous stage."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Case, fn

from leadtui.context import Context
from leadtui.db.connection import database
from leadtui.db.models import Lead
from leadtui.leads import change_stage, get_lead
from leadtui.vocab import stage_label

# Left to right: the lifecycle, then the outcomes a deal ends in.
BOARD_STAGES = ("interest", "contact", "nurture", "offer", "decision", "won", "lost")


@dataclass(frozen=True)
class BoardCard:
    id: int
    name: str
    company: str
    temperature: str
    score: int
    value_cents: int | None
    value_currency: str


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    label: str
    count: int
    value_cents: int  # the summed deal value in the default currency
    cards: tuple[BoardCard, ...]  # the highest scores first, at most the limit


@dataclass(frozen=True)
class Board:
    columns: tuple[BoardColumn, ...]
    currency: str


def load_board(ctx: Context, per_stage: int = 50) -> Board:
    currency = ctx.config.currency
    open_leads = Lead.archived == False  # noqa: E712
    # Values in another currency are left out of the sum rather than added as if they were equal.
    in_currency = Case(None, [(Lead.value_currency.in_([currency, ""]), fn.COALESCE(Lead.value_cents, 0))], 0)
    totals = {stage: (count, int(value or 0)) for stage, count, value in (
        Lead.select(Lead.stage, fn.COUNT(Lead.id), fn.SUM(in_currency))
        .where(open_leads, Lead.stage.in_(BOARD_STAGES)).group_by(Lead.stage).tuples())}
    columns = []
    for stage in BOARD_STAGES:
        cards = tuple(BoardCard(*row) for row in (
            Lead.select(Lead.id, Lead.name, Lead.company, Lead.temperature, Lead.score, Lead.value_cents,
                        Lead.value_currency)
            .where(open_leads, Lead.stage == stage).order_by(Lead.score.desc(), Lead.id)
            .limit(per_stage).tuples()))
        count, value = totals.get(stage, (0, 0))
        columns.append(BoardColumn(stage, stage_label(stage, short=True), count, value, cards))
    return Board(tuple(columns), currency)


def neighbour_stage(stage: str, step: int) -> str | None:
    """The stage `step` columns right (+1) or left (-1) on the board; None past either end."""
    if stage == "disqualified":
        return None
    order = BOARD_STAGES[:6]  # forward ends at won; lost is reached from the stage picker
    if stage == "lost":
        return "decision" if step < 0 else None
    index = order.index(stage) + step
    return order[index] if 0 <= index < len(order) else None


def move_lead(ctx: Context, lead_id: int, step: int) -> str | None:
    """Move a lead one stage forward or back (one undo step); the new stage, or None at an end."""
    target = neighbour_stage(get_lead(lead_id).stage, step)
    if target is None:
        return None
    change_stage(ctx, lead_id, target)
    return target


def load_board_in_worker(ctx: Context, per_stage: int = 50) -> Board:
    """`load_board` for a worker thread: the thread's own connection is closed after."""
    try:
        return load_board(ctx, per_stage)
    finally:
        database.close()
