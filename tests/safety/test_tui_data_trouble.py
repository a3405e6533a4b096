"""The TUI on a busy or read-only database: the error is shown, what was typed stays, a retry works."""

from __future__ import annotations

from leadtui.db.connection import database
from leadtui.db.models import Lead
from leadtui.leads import writes as leads
from leadtui.scoring import icp
from leadtui.screens.quick_add import QuickAddDialog
from leadtui.tui.app import build_app

SIZE = (120, 40)


def _text(widget) -> str:
    import io

    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def test_quick_add_while_another_process_writes_keeps_the_text_and_retries(ctx, db_path, other):
    leads.add_lead(ctx, leads.NewLead("Existing"))
    app = build_app(db_path, ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        database.execute_sql("PRAGMA busy_timeout = 30")
        con = other()
        con.execute("BEGIN IMMEDIATE")  # another leadtui is in the middle of a long write
        await pilot.press("a", *"Secret Person")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, QuickAddDialog)  # still open, nothing lost
        assert dialog._value("name") == "Secret Person"
        error = _text(dialog.query_one("#error"))
        assert "busy" in error and "Secret" not in error
        con.execute("COMMIT")
        await pilot.press("enter")  # the same keys again, once the other write is done
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddDialog)
        assert app.is_running
    assert Lead.select().where(Lead.name == "Secret Person").count() == 1


async def test_a_read_only_database_shows_why_and_the_app_goes_on(ctx, db_path):
    leads.add_lead(ctx, leads.NewLead("Existing"))
    app = build_app(db_path, ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        database.execute_sql("PRAGMA query_only = 1")  # writes refused as on a read-only file
        try:
            await pilot.press("a", *"Nobody", "enter")
            await pilot.pause()
            assert isinstance(app.screen, QuickAddDialog)
            assert "read-only" in _text(app.screen.query_one("#error"))
            await pilot.press("escape", "2")
            await pilot.pause()
            assert app.is_running
        finally:
            database.execute_sql("PRAGMA query_only = 0")
    assert Lead.select().count() == 1


async def test_rescore_while_another_process_holds_the_lock_is_a_message(ctx, db_path, other,
                                                                         monkeypatch):
    from leadtui.db import connection

    monkeypatch.setitem(connection.PRAGMAS, "busy_timeout", 50)  # the worker's own connection
    connection.init_db(db_path)  # reopened: the pragmas are read when the database is opened
    for n in range(3):
        leads.add_lead(ctx, leads.NewLead(f"Lead {n}"))
    icp.save_profile(icp.Profile(locations=["Oslo"]))  # leaves a rescore pending
    con = other()
    con.execute("BEGIN IMMEDIATE")
    import asyncio
    import threading

    from leadtui.record import progress

    checked = threading.Event()
    pending = progress.pending

    def pending_then_tell(*args, **kwargs):
        try:
            return pending(*args, **kwargs)
        finally:
            checked.set()

    monkeypatch.setattr(progress, "pending", pending_then_tell)
    app = build_app(db_path, ctx)
    try:
        async with app.run_test(size=SIZE) as pilot:
            # The start-up check runs after the first screen's first read: wait for it to ask,
            # then for it (and any rescore it hands on) to end.
            assert await asyncio.to_thread(checked.wait, 30)
            while running := [w for w in app.workers if not w.is_finished]:
                await app.workers.wait_for_complete(running)
                await pilot.pause()
            assert app.is_running
            messages = [n.message for n in app._notifications]
            assert any("busy" in m for m in messages), messages
    finally:
        con.execute("ROLLBACK")
