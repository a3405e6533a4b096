"""Focus mode: Today one lead at a time, highest priority first, with everything needed to act.

`next_up` reads Today's order and the first lead not handled yet in this sitting, with its whole
detail and the outreach templates; the screen acts on it through the usual write services.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.context import Context
from leadtui.finding import queries
from leadtui.leads import templates
from leadtui.record.readmodels import LeadDetail

# When to follow up next, as a person types it, by temperature (the documents: hot leads fast,
# cold ones on light follow-up). The log dialog starts with it filled in.
NEXT_BY_TEMPERATURE = {"hot": "tomorrow 9:00", "warm": "in 3 days 9:00", "cold": "in 2 weeks 9:00"}


@dataclass(frozen=True)
class FocusItem:
    item: queries.AgendaItem
    detail: LeadDetail
    templates: tuple[templates.TemplateInfo, ...]
    left: int  # items on Today not passed in this sitting, this one included
    next_text: str  # the next follow-up the log dialog proposes


def next_up(ctx: Context, passed: frozenset[int] = frozenset(), mine: bool | None = None) -> FocusItem | None:
    """The highest-priority item on Today whose lead is not in `passed`; None when none is left.

    `passed`: the leads handled or skipped in this sitting. A skipped lead stays on Today, but
    it is not left to do in this sitting: `left` counts neither.
    """
    view = queries.today(ctx, limit=50 + len(passed), mine=mine)
    ranked = view.ranked()
    still_on_today = sum(1 for i in view.ranked(exact=False) if i.lead.id in passed)
    left = sum(view.counts.values()) - still_on_today
    item = next((i for i in ranked if i.lead.id not in passed), None)
    if item is None:
        return None
    detail = queries.lead_detail(ctx, item.lead.id)
    return FocusItem(item, detail, tuple(templates.list_templates()), left,
                     NEXT_BY_TEMPERATURE.get(item.lead.temperature, NEXT_BY_TEMPERATURE["cold"]))
