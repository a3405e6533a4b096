"""List pages and the Today queries read indexes instead of sorting the whole lead table."""

from datetime import timedelta

import pytest
from sql_trace import plan_of, statements

from leadtui.db.connection import database, latest_migration
from leadtui.db.models import Lead
from leadtui.finding import queries


def _plan(query) -> str:
    return plan_of(*query.sql())


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
    from leadtui.record.staleness import stale_condition

    plan = _plan(Lead.select().where(stale_condition(ctx.now())))
    assert "lead_stale_at" in plan, plan


def test_the_stale_count_reads_the_stale_at_index_without_an_upper_bound(ctx, clock):
    """Counting all deadlines less those ahead skips checking each entry against `now`."""
    from leadtui.leads import writes as leads
    from leadtui.record import staleness

    for n in range(3):
        leads.add_lead(ctx, leads.NewLead(f"Lead {n}"))
    def counts():
        assert staleness.count_stale(clock.now() + timedelta(days=400)) == 3
        assert staleness.count_stale(clock.now()) == 0

    last = plan_of(statements(counts)[-1])
    assert last.count("COVERING INDEX lead_stale_at (stale_at>?)") == 2, last


def test_today_inbound_count_reads_only_an_index(ctx):
    from leadtui.kit.vocab import CLOSED_STAGES

    query = Lead.select(Lead.id).where(Lead.direction == "inbound", Lead.first_contacted_at.is_null(),
                                Lead.archived == False, Lead.stage.not_in(CLOSED_STAGES))  # noqa: E712
    assert "COVERING INDEX lead_inbound_waiting" in _plan(query)


def test_today_inbound_section_count_reads_only_an_index(ctx):
    today = queries.today(ctx)
    assert today.counts["inbound"] == 0
    from leadtui.kit.vocab import CLOSED_STAGES
    from leadtui.record.staleness import stale_condition

    query = Lead.select(Lead.id).where(
        Lead.direction == "inbound", Lead.first_contacted_at.is_null(), Lead.archived == False,  # noqa: E712
        Lead.stage.not_in(CLOSED_STAGES), Lead.next_follow_up_at.is_null(), ~stale_condition(ctx.now()))
    assert "COVERING INDEX lead_inbound_waiting" in _plan(query)


def test_today_follow_up_counts_read_only_an_index(ctx):
    start = ctx.now()
    overdue = Lead.select(Lead.id).where(Lead.archived == False, Lead.next_follow_up_at < start)  # noqa: E712
    assert "COVERING INDEX lead_follow_up_stale" in _plan(overdue)


def test_today_stale_section_counts_from_an_index(ctx):
    from leadtui.record.staleness import stale_condition

    stale = Lead.select(*queries.LIST_COLUMNS).where(stale_condition(ctx.now()), Lead.next_follow_up_at.is_null())
    assert "COVERING INDEX lead_follow_up_stale" in _plan(stale.select(Lead.id))


def test_today_ranks_overdue_due_and_stale_leads_from_one_index_alone(ctx):
    """The priority reads only the lead's own columns, all held by one index: no table rows."""
    ranking = [sql for sql in statements(lambda: queries.today(ctx))
               if "CASE" in sql and "ORDER BY priority DESC" in sql]
    assert len(ranking) == 4
    plans = [plan_of(sql) for sql in ranking]
    assert sum("COVERING INDEX lead_today_priority" in plan for plan in plans) == 3, plans


def test_today_looks_up_the_shown_leads_follow_ups_by_lead(ctx):
    from leadtui.db.models import FollowUp

    query = FollowUp.select(FollowUp.id).where(FollowUp.lead.in_([1, 2, 3]), FollowUp.done_at.is_null())
    assert "follow_up_lead_id" in _plan(query)


def test_today_shows_each_overdue_lead_with_its_earliest_open_follow_up(ctx, clock):
    from datetime import timedelta

    from leadtui.leads import writes as leads
    from leadtui.leads.writes import NewLead

    lead_id = leads.add_lead(ctx, NewLead("Aino", at=clock.now() - timedelta(days=9))).id
    later = leads.schedule_follow_up(ctx, lead_id, clock.now() - timedelta(days=1), "second", force=True)
    first = leads.schedule_follow_up(ctx, lead_id, clock.now() - timedelta(days=3), "first", force=True)
    (item,) = queries.today(ctx).overdue
    assert (item.follow_up_id, item.what) == (first.id, "first") != (later.id, "second")


def _report_plans(monkeypatch, ctx, module, run) -> list[str]:
    """The query plan of every statement a report runs."""
    from leadtui.insight import sql

    plans = []

    def explained(statement, params=None):
        query, values = sql.bind(statement, params or {})
        plans.append(plan_of(query, values))
        return sql.fetch(statement, params)

    monkeypatch.setattr(module, "fetch", explained)
    run(ctx)
    return plans


def test_funnel_and_sources_read_stage_events_from_the_covering_index(ctx, monkeypatch):
    from leadtui.insight import funnel, sources

    plans = (_report_plans(monkeypatch, ctx, funnel, funnel.funnel)
             + _report_plans(monkeypatch, ctx, sources, sources.sources))
    for plan in plans:
        assert "stage_change_field_lead" in plan, plan
        assert "SCAN stage_change" not in plan and "SEARCH stage_change USING INDEX stage_change_lead" not in plan
    # Over all of the history the leads are read in one pass, not row by row through an index.
    assert "SCAN l" in plans[-1] and "lead_created_at" not in plans[-1], plans[-1]



@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_today_ranks_on_postgresql_from_an_index_alone(ctx, engine, clock, monkeypatch):
    """PostgreSQL's indexes hold only the columns they name (no rowid): the ranking indexes
    of migration 0024 name the id and every column a ranking reads, so no table row is read.
    On a table of three rows the planner prefers no index by itself: table scans are ruled
    out and the other indexes dropped, so an Index Only Scan says the index holds every
    column the query reads. (At 100k leads the planner picks them: bench/team_rls.py.)"""
    from leadtui.leads import writes as leads

    for n in range(3):
        leads.add_lead(ctx, leads.NewLead(f"Lead {n}", at=clock.now() - timedelta(days=90 * n)))
    engine_db = database.obj
    run = engine_db.execute_sql
    seen = []
    monkeypatch.setattr(engine_db, "execute_sql", lambda sql, params=None: seen.append((sql, params)) or run(sql, params))
    queries.today(ctx, mine=True)  # the scope (the owner) is in the index too
    monkeypatch.undo()
    ranking = [(sql, params) for sql, params in seen if "CASE" in sql and "ORDER BY priority DESC" in sql]
    assert len(ranking) == 4
    run("VACUUM ANALYZE lead")
    # Which index wins among equals on three rows is chance: only these two are left to use.
    others = run("SELECT indexname FROM pg_indexes WHERE tablename = 'lead' AND indexname NOT IN "
                 "('lead_pkey', 'lead_today_rank', 'lead_inbound_rank')").fetchall()
    for (name,) in others:
        run(f'DROP INDEX "{name}"')
    for setting in ("enable_seqscan", "enable_bitmapscan"):
        run(f"SET {setting} = off")
    plans = ["\n".join(row[0] for row in run("EXPLAIN " + sql, params)) for sql, params in ranking]
    assert ["Index Only Scan using lead_today_rank" in plan for plan in plans] == [True, True, True, False], plans
    assert "Index Only Scan using lead_inbound_rank" in plans[3], plans[3]
