"""Team mode across a server restart: the next read and the next write open a new connection
(the TUI kept failing with "the connection is closed" until it was restarted)."""

from __future__ import annotations

import pytest

from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Lead
from leadtui.db.url import parse_target
from leadtui.finding import queries
from leadtui.leads import writes as leads
from leadtui.screens.quick_add import QuickAddDialog
from leadtui.tui.app import build_app


@pytest.fixture
def team(postgres_server, ctx_on):
    url = postgres_server.fresh_database()
    yield parse_target(url)
    close_db()
    postgres_server.drop_database(url)


@pytest.fixture
def ctx_on(clock, config):
    from leadtui.context import Context

    def make(target):
        init_db(target)
        return Context(clock=clock, config=config)

    return make


def test_reads_and_writes_go_on_after_the_server_restarts(postgres_server, team, ctx_on):
    ctx = ctx_on(team)
    leads.add_lead(ctx, leads.NewLead("Before"))
    postgres_server.restart()
    assert queries.lead_row(ctx, 1).name == "Before"  # a read: on a new connection
    postgres_server.restart()
    leads.add_lead(ctx, leads.NewLead("After"))  # a write: its BEGIN opens a new connection
    assert sorted(lead.name for lead in Lead.select()) == ["After", "Before"]


async def test_the_tui_saves_after_a_restart(postgres_server, team, ctx_on):
    ctx = ctx_on(team)
    leads.add_lead(ctx, leads.NewLead("Before"))
    app = build_app(team, ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        postgres_server.restart()
        await pilot.press("a", *"Typed After Restart")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddDialog), app.screen.query_one("#error").content
        assert app.is_running
    assert Lead.select().where(Lead.name == "Typed After Restart").count() == 1
