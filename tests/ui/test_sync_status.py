"""The laptop copy in the TUI: the title says when it last synced, or since when it is offline
and how many changes wait; the timer syncs in the background and says what came in."""

from __future__ import annotations

from leadtui import leads
from leadtui.db.connection import write_transaction
from leadtui.db.models import Setting


def _as_laptop_copy_of(url: str) -> None:
    with write_transaction():
        Setting.put("sync.server", url)


async def test_offline_the_title_says_since_when_and_how_many_changes_wait(app, ctx, clock):
    _as_laptop_copy_of("postgresql://ann@127.0.0.1:1/leads")  # nothing listens there
    leads.add_lead(ctx, leads.NewLead("Fair Visitor"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.tick()
        await pilot.pause()
        await pilot.pause()
        assert "offline since" in app.sub_title and "changes waiting" in app.sub_title
        assert not [n for n in app._notifications if n.severity == "error"]  # offline is no error
        assert app._sync_next == clock.now()  # the next tick tries again


async def test_a_file_that_syncs_with_nothing_keeps_its_title(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.tick()
        await pilot.pause()
        assert app.sub_title == str(app.db_path) and app._sync_off


async def test_online_the_timer_syncs_and_announces_what_came_in(app, ctx, postgres_server, clock):
    from leadtui.db.connection import close_db, init_db
    from leadtui.db.url import parse_target
    from leadtui.sync import run

    url = postgres_server.fresh_database()
    try:
        run.init_sync(ctx, url)
        laptop = app.db_path
        close_db()
        init_db(parse_target(url))
        leads.add_lead(ctx, leads.NewLead("Added On The Server"))
        close_db()
        init_db(laptop)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.tick()
            await pilot.pause()
            await pilot.pause()
            assert "synced just now" in app.sub_title
            assert any("received 1 new lead" in n.message for n in app._notifications)
    finally:
        close_db()
        postgres_server.drop_database(url)
