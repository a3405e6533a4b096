"""The lead list as one query sorted by the sort's whole ORDER BY: what paging must agree with."""

from __future__ import annotations

from leadtui.db.models import Lead
from leadtui.finding.queries import LIST_COLUMNS, SORTS, LeadFilter, _rows, _where


def whole_list(ctx, flt: LeadFilter | None = None, sort: str = "touched") -> list:
    query = Lead.select(*LIST_COLUMNS).order_by(*SORTS[sort].order_by())
    conditions = _where(ctx, flt or LeadFilter())
    return _rows(query.where(*conditions) if conditions else query, ctx.now())
