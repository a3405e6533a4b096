"""List pages and the Today queries read indexes instead of sorting the whole lead table."""

import pytest

from leadtui import queries
from leadtui.db.connection import database, latest_migration
from leadtui.db.models import Lead


def _plan(query) -> str:
    sql, params = query.sql()
    return " | ".join(row[-1] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))


def test_user_version_records_the_latest_migration(ctx):
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == latest_migration() >= 3


@pytest.mark.parametrize("sort", ["touched", "recent", "score", "created", "name", "next"])
def test_list_page_needs_no_sort_of_the_table(ctx, sort):
    order = queries.SORTS[sort].order_by()
    query = (Lead.select(*queries.LIST_COLUMNS).where(*queries._where(ctx, queries.LeadFilter()))
             .order_by(*order).limit(60))
    plan = _plan(query)
    assert "USING INDEX lead_" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan or "RIGHT PART OF ORDER BY" in plan, plan


def test_staleness_reads_the_stale_at_index(ctx):
    from leadtui.staleness import stale_condition

    plan = _plan(Lead.select().where(stale_condition(ctx.now())))
    assert "lead_stale_at" in plan, plan


def test_today_inbound_count_reads_only_an_index(ctx):
    from leadtui.vocab import CLOSED_STAGES

    query = Lead.select(Lead.id).where(Lead.direction == "inbound", Lead.first_contacted_at.is_null(),
                                Lead.archived == False, Lead.stage.not_in(CLOSED_STAGES))  # noqa: E712
    assert "COVERING INDEX lead_inbound_waiting" in _plan(query)


def test_today_inbound_section_count_reads_only_an_index(ctx):
    today = queries.today(ctx)
    assert today.counts["inbound"] == 0
    from leadtui.staleness import stale_condition
    from leadtui.vocab import CLOSED_STAGES

    query = Lead.select(Lead.id).where(
        Lead.direction == "inbound", Lead.first_contacted_at.is_null(), Lead.archived == False,  # noqa: E712
        Lead.stage.not_in(CLOSED_STAGES), Lead.next_follow_up_at.is_null(), ~stale_condition(ctx.now()))
    assert "COVERING INDEX lead_inbound_waiting" in _plan(query)
