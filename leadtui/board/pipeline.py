"""Reading the board (counts and values per stage by GROUP BY on the indexed stage, cards a page
at a time by key). Moving a card a stage is `leads.step_stage`."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Tuple, fn

from leadtui.context import Context
from leadtui.db.models import Lead
from leadtui.kit.vocab import stage_label

# Left to right: the lifecycle, then the outcomes a deal ends in.
BOARD_STAGES = ("interest", "contact", "nurture", "offer", "decision", "won", "lost", "disqualified")
PAGE_SIZE = 40


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
    count: int  # every open (not archived) lead in the stage
    value_cents: int  # the summed deal value in the default currency
    cards: tuple[BoardCard, ...] = ()  # the first page: the highest scores first
    more: bool = False  # more cards after these (column_page reads them)
    other_values: tuple[tuple[str, int], ...] = ()  # (currency, summed cents) of deals in other currencies


@dataclass(frozen=True)
class ColumnPage:
    stage: str
    cards: tuple[BoardCard, ...]
    more: bool


@dataclass(frozen=True)
class Board:
    columns: tuple[BoardColumn, ...]
    currency: str


def _in_stage(stage: str):
    return (Lead.stage == stage) & (Lead.archived == False)  # noqa: E712


def column_page(ctx: Context, stage: str, after: BoardCard | None = None, limit: int = PAGE_SIZE) -> ColumnPage:
    """The cards of a stage after `after` (from the top when None): highest score first, then newest.

    Keyed on (score, id) and read along the lead_board index, so the last page costs what the
    first does.
    """
    cards = tuple(BoardCard(*row) for row in page_query(stage, after, limit + 1).tuples())
    return ColumnPage(stage, cards[:limit], len(cards) > limit)


def page_query(stage: str, after: BoardCard | None, limit: int):
    query = (Lead.select(Lead.id, Lead.name, Lead.company, Lead.temperature, Lead.score, Lead.value_cents,
                         Lead.value_currency)
             .where(_in_stage(stage)).order_by(Lead.score.desc(), Lead.id.desc()).limit(limit))
    if after is not None:
        query = query.where(Tuple(Lead.score, Lead.id) < Tuple(after.score, after.id))
    return query


def board_totals(ctx: Context) -> dict[str, tuple[int, dict[str, int]]]:
    """Per stage: (open leads, their summed deal values by currency).

    Each currency is summed on its own, never added to another as if they were equal; a value
    stored without a currency is in the default one.
    """
    default = ctx.config.currency.upper()
    totals: dict[str, tuple[int, dict[str, int]]] = {}
    for stage, currency, count, value in (
            Lead.select(Lead.stage, Lead.value_currency, fn.COUNT(Lead.id), fn.SUM(Lead.value_cents))
            .where(Lead.archived == False, Lead.stage.in_(BOARD_STAGES))  # noqa: E712
            .group_by(Lead.stage, Lead.value_currency).tuples()):
        leads, values = totals.get(stage, (0, {}))
        if value is not None:
            code = (currency or default).upper()
            values[code] = values.get(code, 0) + int(value)
        totals[stage] = (leads + count, values)
    return totals


def load_board(ctx: Context, per_stage: int = PAGE_SIZE, *, shown: dict[str, int] | None = None) -> Board:
    """Every column's count and value and its first cards: `per_stage`, or as many as `shown` says
    the screen had loaded (so a re-read keeps the cards scrolled to)."""
    totals = board_totals(ctx)
    columns = []
    for stage in BOARD_STAGES:
        count, values = totals.get(stage, (0, {}))
        default = values.pop(ctx.config.currency.upper(), 0)
        want = max(per_stage, (shown or {}).get(stage, 0))
        page = column_page(ctx, stage, limit=want) if count else ColumnPage(stage, (), False)
        columns.append(BoardColumn(stage, stage_label(stage, short=True), count, default, page.cards, page.more,
                                   tuple(sorted(values.items()))))
    return Board(tuple(columns), ctx.config.currency)

