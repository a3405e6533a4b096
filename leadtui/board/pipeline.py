"""Reading the board (counts and values per stage by GROUP BY on the indexed stage, cards a page
at a time by key). Moving a card a stage is `leads.step_stage`.

Like Today and the list, the board leaves off the prospects that no longer fit the profile
(they have gone stale: leadtui.scoring.icp); it counts them, and shows them when asked."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Case, Tuple, Value, fn

from leadtui.context import Context
from leadtui.db.models import Lead
from leadtui.kit.vocab import stage_label
from leadtui.scoring import icp

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
    off_profile: int = 0  # prospects in these stages off the profile, whether shown or left off


def _left_off(off_profile: bool):
    """The condition of the prospects the board leaves off (None: it leaves none off)."""
    return None if off_profile else icp.off_profile_condition(icp.load_profile())


def _in_stage(stage: str):
    return (Lead.stage == stage) & (Lead.archived == False)  # noqa: E712


def column_page(ctx: Context, stage: str, after: BoardCard | None = None, limit: int = PAGE_SIZE, *,
                off_profile: bool = False) -> ColumnPage:
    """The cards of a stage after `after` (from the top when None): highest score first, then newest;
    the prospects off the profile only with `off_profile`.

    Keyed on (score, id) and read along the lead_board index, so the last page costs what the
    first does.
    """
    return _page(stage, after, limit, _left_off(off_profile))


def _page(stage: str, after: BoardCard | None, limit: int, left_off) -> ColumnPage:
    cards = tuple(BoardCard(*row) for row in page_query(stage, after, limit + 1, left_off).tuples())
    return ColumnPage(stage, cards[:limit], len(cards) > limit)


def page_query(stage: str, after: BoardCard | None, limit: int, left_off=None):
    query = (Lead.select(Lead.id, Lead.name, Lead.company, Lead.temperature, Lead.score, Lead.value_cents,
                         Lead.value_currency)
             .where(_in_stage(stage)).order_by(Lead.score.desc(), Lead.id.desc()).limit(limit))
    if left_off is not None:
        query = query.where(~left_off)
    if after is not None:
        query = query.where(Tuple(Lead.score, Lead.id) < Tuple(after.score, after.id))
    return query


def board_totals(ctx: Context, off, off_profile: bool = False) -> tuple[dict[str, tuple[int, dict[str, int]]], int]:
    """Per stage: (open leads, their summed deal values by currency), the prospects off the
    profile (the condition `off`, None when none can be) in or out as `off_profile` says; and
    how many of those prospects there are.

    Each currency is summed on its own, never added to another as if they were equal; a value
    stored without a currency is in the default one. One pass: those prospects are summed apart
    alongside the rest.
    """
    default = ctx.config.currency.upper()
    off_count = fn.SUM(Case(None, [(off, 1)], 0)) if off is not None else Value(0)
    off_value = fn.SUM(Case(None, [(off, Lead.value_cents)], None)) if off is not None else Value(None)
    totals: dict[str, tuple[int, dict[str, int]]] = {}
    left_off = 0
    for stage, currency, count, value, off_leads, off_cents in (
            Lead.select(Lead.stage, Lead.value_currency, fn.COUNT(Lead.id), fn.SUM(Lead.value_cents),
                        off_count, off_value)
            .where(Lead.archived == False, Lead.stage.in_(BOARD_STAGES))  # noqa: E712
            .group_by(Lead.stage, Lead.value_currency).tuples()):
        left_off += off_leads or 0
        if not off_profile:
            count -= off_leads or 0
            value = None if value is None else value - (off_cents or 0)
        leads, values = totals.get(stage, (0, {}))
        if value:
            code = (currency or default).upper()
            values[code] = values.get(code, 0) + int(value)
        totals[stage] = (leads + count, values)
    return totals, left_off


def load_board(ctx: Context, per_stage: int = PAGE_SIZE, *, shown: dict[str, int] | None = None,
               off_profile: bool = False) -> Board:
    """Every column's count and value and its first cards: `per_stage`, or as many as `shown` says
    the screen had loaded (so a re-read keeps the cards scrolled to); the prospects off the
    profile only with `off_profile`."""
    off = icp.off_profile_condition(icp.load_profile())  # read once for the totals and the cards
    totals, left_off = board_totals(ctx, off, off_profile)
    hidden = None if off_profile else off
    columns = []
    for stage in BOARD_STAGES:
        count, values = totals.get(stage, (0, {}))
        default = values.pop(ctx.config.currency.upper(), 0)
        want = max(per_stage, (shown or {}).get(stage, 0))
        page = _page(stage, None, want, hidden) if count else ColumnPage(stage, (), False)
        columns.append(BoardColumn(stage, stage_label(stage, short=True), count, default, page.cards, page.more,
                                   tuple(sorted(values.items()))))
    return Board(tuple(columns), ctx.config.currency, left_off)

