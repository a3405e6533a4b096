"""The laptop copy in the TUI: the title says when it last synced, or since when it is offline
and how many changes wait; the timer syncs in the background and says what came in."""

from __future__ import annotations

from leadtui.db.connection import write_transaction
from leadtui.db.models import Setting
from leadtui.leads import writes as leads


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


async def test_the_conflicts_screen_keeps_the_laptops_or_the_servers_value_by_key(app, ctx, world):
    import json as _json

    from leadtui.db.connection import database
    from leadtui.db.models import Lead
    from leadtui.screens.sync import ConflictsScreen

    uid = database.execute_sql("SELECT uid FROM lead WHERE id = ?", (world["due"],)).fetchone()[0]
    if not uid:
        uid = "u-lars"
        database.execute_sql("UPDATE lead SET uid = ? WHERE id = ?", (uid, world["due"]))
    for field, server, laptop in (("company", "Fjord ApS", "Fjord A/S"), ("title", "CEO", "Founder")):
        database.execute_sql("INSERT INTO sync_conflict (lead_uid, lead_name, field, server_value, "
                             "laptop_value, at) VALUES (?, 'Lars Nielsen', ?, ?, ?, ?)",
                             (uid, field, _json.dumps(server), _json.dumps(laptop), ctx.now()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(ConflictsScreen())
        await pilot.pause()
        assert app.screen.sub_title == "2 to resolve"
        await pilot.press("l")  # the first: company, keep the laptop's
        await pilot.pause()
        await pilot.press("s")  # then title: the server's stands
        await pilot.pause()
        assert app.screen.sub_title.startswith("none")
        lead = Lead.get_by_id(world["due"])
        assert lead.company == "Fjord A/S" and lead.title == ""
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConflictsScreen)
