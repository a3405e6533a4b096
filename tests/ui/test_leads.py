"""The lead list: filter as you type, sort, prospects/leads toggle, paging."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widgets import DataTable, Input

from leadtui.db.connection import database
from leadtui.db.models import Lead
from leadtui.finding import paging, queries
from leadtui.leads import writes as leads
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.leads import PAGE_SIZE, SORT_LETTERS, LeadsScreen

SIZE = (120, 40)


def _names(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def _leads_screen(pilot, app):
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(app.screen, LeadsScreen)


async def test_filter_narrows_as_you_type(app, world, ctx):
    leads.log_activity(ctx, world["due"], "note", "wants the enterprise plan")
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        assert len(_names(app)) == 4
        await pilot.press("slash", "l", "l")
        await pilot.pause()
        assert _names(app) == ["Olga Ivanova"]  # Sever LLC
        await pilot.press("backspace", "u")
        await pilot.pause()
        assert _names(app) == ["Aino Virtanen"]  # Lumo Oy
        await pilot.press("escape")
        await pilot.pause()
        assert len(_names(app)) == 4
        await pilot.press("slash", *"enterprise")  # words from notes are searched too
        await pilot.pause()
        assert _names(app) == ["Lars Nielsen"]


async def test_query_language_in_the_filter_box(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("slash", *"nobodyhere")
        await pilot.pause()
        assert "no leads match" in text_of(app.screen.query_one("#lead-status"))
        await pilot.press("escape")
        await pilot.press("slash", *"source:referral")
        await pilot.pause()
        assert _names(app) == ["Lars Nielsen"]
        await pilot.press(*" stag:1")
        await pilot.pause()
        assert "did you mean stage" in text_of(app.screen.query_one("#lead-status"))


async def test_prospect_toggle_and_sort(app, world, ctx):
    leads.add_lead(ctx, leads.NewLead("Pia Prospect", kind="prospect"))
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("p")
        await pilot.pause()
        assert _names(app) == ["Pia Prospect"]
        await pilot.press("p")
        await pilot.pause()
        assert "Pia Prospect" not in _names(app) and len(_names(app)) == 4
        await pilot.press("p", "s", "n")  # all kinds; sort by name
        await pilot.pause()
        assert app.screen.sort == "name"
        assert _names(app) == sorted(_names(app), key=str.lower)


async def test_enter_opens_the_lead(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)


def _bulk(ctx, n: int) -> None:
    now = ctx.now()
    rows = [{"name": f"Bulk {i:04d}", "created_at": now, "updated_at": now, "last_touched_at": now,
             "score": i % 7} for i in range(n)]
    with database.atomic():
        Lead.insert_many(rows).execute()


def _status(app, text_of) -> str:
    return text_of(app.screen.query_one("#lead-status"))


async def test_pages_by_key_and_home_end_reach_the_whole_list(app, world, ctx, text_of):
    _bulk(ctx, PAGE_SIZE * 2 + 10)
    every = [r.name for r in paging.iter_leads(ctx, sort="touched")]
    assert len(every) == 134
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        table = app.screen.query_one(DataTable)
        assert _names(app) == every[:PAGE_SIZE]
        assert "1–60 of 134" in _status(app, text_of)
        table.move_cursor(row=PAGE_SIZE - 1)
        await pilot.press("down")  # past the last row loads the next page
        await pilot.pause()
        assert _names(app) == every[PAGE_SIZE : 2 * PAGE_SIZE] and table.cursor_row == 0
        assert "61–120 of 134" in _status(app, text_of)
        await pilot.press("up")  # and back: the cursor lands on the row just above
        await pilot.pause()
        assert _names(app) == every[:PAGE_SIZE] and table.cursor_row == PAGE_SIZE - 1
        await pilot.press("end")  # the last lead of the whole list, not of this page
        await pilot.pause()
        assert _names(app)[-1] == every[-1] and _names(app) == every[-PAGE_SIZE:]
        assert table.cursor_row == PAGE_SIZE - 1
        assert "75–134 of 134" in _status(app, text_of)
        await pilot.press("down")  # nothing after the last lead
        await pilot.pause()
        assert _names(app)[table.cursor_row] == every[-1]
        await pilot.press("home")
        await pilot.pause()
        assert _names(app) == every[:PAGE_SIZE] and table.cursor_row == 0
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert _names(app)[table.cursor_row] == every[-1]
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert _names(app)[table.cursor_row] == every[0]


async def test_every_sort_pages_to_its_end(app, world, ctx):
    _bulk(ctx, PAGE_SIZE + 5)
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        for sort in queries.SORT_ORDER:
            assert app.screen.sort == sort
            every = [r.name for r in paging.iter_leads(ctx, sort=sort)]
            assert _names(app) == every[:PAGE_SIZE], sort
            await pilot.press("end")
            await pilot.pause()
            assert _names(app) == every[-PAGE_SIZE:], sort
            order = queries.SORT_ORDER
            following = order[(order.index(sort) + 1) % len(order)]
            await pilot.press("s", next(k for k, v in SORT_LETTERS.items() if v == following))
            await pilot.pause()


async def test_a_change_elsewhere_keeps_the_page_and_the_cursor(app, world, ctx, text_of):
    _bulk(ctx, PAGE_SIZE + 30)
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=PAGE_SIZE - 1)
        await pilot.press("down")  # past the last row: the next page
        await pilot.pause()  # is read before the cursor moves on in it
        await pilot.press("down", "down")
        await pilot.pause()
        shown = _names(app)
        leads.add_lead(ctx, leads.NewLead("Someone New"))
        app.refresh_screens()
        await pilot.pause()
        assert _names(app) == [*shown, "Someone New"] and table.cursor_row == 2
        assert "61–95 of 95" in _status(app, text_of)


async def test_the_list_answers_keys_while_a_slow_read_runs(app, world, ctx, monkeypatch, text_of):
    """A read that has not come back yet never holds the keyboard, and an older answer arriving
    after a newer one is dropped."""
    calls: list[tuple[str, threading.Event]] = []
    started = threading.Semaphore(0)
    real_first_page = paging.first_page

    def slow_first_page(ctx, flt, sort, *args, **kwargs):
        gate = threading.Event()
        calls.append((flt.query, gate))
        started.release()
        gate.wait(10)
        return real_first_page(ctx, flt, sort, *args, **kwargs)

    monkeypatch.setattr(paging, "first_page", slow_first_page)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        assert await asyncio.to_thread(started.acquire, True, 10)
        assert isinstance(app.screen, LeadsScreen) and app.screen.reading
        await pilot.press("slash", "l", "u")  # handled while the first read is still out
        box = app.screen.query_one("#filter", Input)
        assert box.value == "lu"
        assert app.focused.id == "filter"
        table = app.screen.query_one(DataTable)  # nothing covers the box or the list meanwhile
        assert [app.screen.get_widget_at(*w.region.offset)[0] for w in (box, table)] == [box, table]
        for _ in "lu":
            assert await asyncio.to_thread(started.acquire, True, 10)
        assert [query for query, _ in calls] == ["", "l", "lu"]
        assert _names(app) == []
        calls[2][1].set()  # the newest answer comes first
        await pilot.pause()
        assert _names(app) == ["Aino Virtanen"]
        calls[0][1].set()  # the older ones later: never shown
        calls[1][1].set()
        await pilot.pause()
        assert _names(app) == ["Aino Virtanen"]
        assert "filter: lu" in _status(app, text_of)


async def test_the_count_is_read_beside_the_page_and_never_holds_it_back(app, world, ctx, monkeypatch,
                                                                         text_of):
    """The page shows while its count is still out ("…"), the count follows; a count that comes
    back before its page waits for it and both show together."""
    gate, started = threading.Event(), threading.Semaphore(0)
    real_count, real_first_page = queries.count_shown_and_hidden, paging.first_page

    def held(real, query):
        def call(ctx, flt, *args, **kwargs):
            if flt.query == query:
                started.release()
                gate.wait(10)
            return real(ctx, flt, *args, **kwargs)
        return call

    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        monkeypatch.setattr(queries, "count_shown_and_hidden", held(real_count, "lars"))
        await pilot.press("slash", *"lars")
        assert await asyncio.to_thread(started.acquire, True, 10)
        while _names(app) != ["Lars Nielsen"]:  # its page is in, its count is not
            await asyncio.sleep(0.01)
        assert app.screen.reading and "of …" in _status(app, text_of)
        gate.set()
        await pilot.pause()
        assert "1–1 of 1" in _status(app, text_of) and not app.screen.reading

        gate.clear()
        monkeypatch.setattr(queries, "count_shown_and_hidden", real_count)
        monkeypatch.setattr(paging, "first_page", held(real_first_page, ""))
        await pilot.press("escape")
        assert await asyncio.to_thread(started.acquire, True, 10)
        while app.screen._counted is None:  # the count is in, its page is not
            await asyncio.sleep(0.01)
        assert _names(app) == ["Lars Nielsen"] and "1–1 of 1" in _status(app, text_of)
        gate.set()
        while len(_names(app)) != 4:
            await asyncio.sleep(0.005)
        assert "1–4 of 4" in _status(app, text_of)  # with its page, never "…" in between


async def test_the_same_leads_found_again_keep_their_rows(app, world, ctx):
    """Typing on often finds the very same leads: the rows stay as they are (nothing to redraw),
    the cursor goes back to the top; rows that changed are replaced."""
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        table = app.screen.query_one(DataTable)
        await pilot.press("slash", *"nielse")
        await pilot.pause()
        rows = list(table.rows.values())
        assert _names(app) == ["Lars Nielsen"]
        await pilot.press("n")
        await pilot.pause()
        assert _names(app) == ["Lars Nielsen"]
        assert all(a is b for a, b in zip(list(table.rows.values()), rows, strict=True))
        leads.log_activity(ctx, world["due"], "call", "talked")  # touched: its row shows it
        app.refresh_screens()
        await pilot.pause()
        assert not any(a is b for a, b in zip(list(table.rows.values()), rows, strict=True))
        await pilot.press("escape", "down", "down")
        await pilot.press("slash", "x", "backspace")  # the same four leads again
        await pilot.pause()
        assert len(_names(app)) == 4 and table.cursor_row == 0


async def test_prospect_that_no_longer_fits_is_marked(app, world, ctx):
    from leadtui.scoring import icp
    from leadtui.scoring.rescore import rescore_all

    icp.save_profile(icp.Profile(age=(30, 40)))
    leads.add_lead(ctx, leads.NewLead("Young Prospect", kind="prospect", extra={"age": 25}))
    leads.add_lead(ctx, leads.NewLead("Fit Prospect", kind="prospect", extra={"age": 35}))
    rescore_all(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await _leads_screen(pilot, app)
        table = app.screen.query_one(DataTable)

        def markers():
            return {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[-1]) for i in range(table.row_count)}

        assert markers()["Fit Prospect"] == "" and "Young Prospect" not in markers()  # gone stale: hidden
        await pilot.press("slash", *"kind:prospect -tag:x fits:no OR fits:yes")
        await pilot.pause()
        assert markers()["Young Prospect"] == "✗ no fit"
        assert markers()["Fit Prospect"] == ""


async def test_hash_id_and_enter_in_the_filter_opens_that_lead(app, world, text_of):
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("slash", *f"#{world['stale']}")
        await pilot.pause()
        assert len(_names(app)) == 4  # the list is not filtered by the reference
        assert f"Enter opens lead #{world['stale']}" in text_of(app.screen.query_one("#lead-status"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        assert app.screen.lead_id == world["stale"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == ""
        await pilot.press("slash", *"#9999", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen)
        assert any(n.message == "No lead #9999" for n in app._notifications)
        assert app.screen.query_one("#filter", Input).value == "#9999"  # kept, to correct it


async def test_names_show_as_written_even_with_brackets_and_colons(app, ctx):
    """A cell is the lead's text, never markup: "[VIP]" stays and ":tada:" is no emoji."""
    leads.add_lead(ctx, leads.NewLead("Anna [VIP] :tada:", company="[b]Acme[/b]"))
    async with app.run_test(size=(160, 40)) as pilot:
        await _leads_screen(pilot, app)
        table = app.screen.query_one(DataTable)
        shown = "\n".join(table.render_line(y).text for y in range(1, 1 + table.row_count))
        assert "Anna [VIP] :tada:" in shown and "[b]Acme[/b]" in shown, shown


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_every_sort_heading_shows_its_arrow_whole(app, world, size):
    from rich.cells import cell_len

    async with app.run_test(size=size) as pilot:
        await _leads_screen(pilot, app)
        for sort in queries.SORT_ORDER:
            assert app.screen.sort == sort
            table = app.screen.query_one(DataTable)
            arrows = {key: column.label.plain for key, column in table.columns.items()
                      if "▲" in column.label.plain or "▼" in column.label.plain}
            for key, heading in arrows.items():  # the heading fits its column: the arrow is not cut
                assert cell_len(heading) <= table.columns[key].width, (sort, heading)
            if size[0] >= 120 and sort != "created":
                assert arrows, sort
            following = queries.SORT_ORDER[(queries.SORT_ORDER.index(sort) + 1) % len(queries.SORT_ORDER)]
            await pilot.press("s", next(k for k, v in SORT_LETTERS.items() if v == following))
            await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_views_list_shows_its_keys_every_view_and_the_title_follows_the_view(app, world, size, text_of):
    from textual.widgets import OptionList

    from leadtui.screens.dialogs import ViewsDialog

    async with app.run_test(size=size) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ViewsDialog)
        help_line = text_of(dialog.query_one(".dialog-help"))
        assert "r rename" in help_line and "x delete" in help_line
        options = dialog.query_one(OptionList)
        assert options.option_count == 5 and options.max_scroll_y == 0  # all five show, none hidden
        assert options.region.bottom <= size[1]
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LeadsScreen)
        assert screen.sub_title.startswith("Inbound, never contacted · ")
        assert "Inbound, never contacted" in text_of(screen.query_one("#lead-status"))
        await pilot.press("slash", "x")  # the filter is no longer the view's
        await pilot.pause()
        assert screen.sub_title.startswith("All · ")
        app.show_view("temp:hot", "Hot leads")  # what the palette's "View: Hot leads" runs
        await pilot.pause()
        assert app.screen.sub_title.startswith("Hot leads · ")


async def test_a_long_views_list_scrolls_inside_the_screen_at_80x24(app, world, ctx):
    from textual.widgets import OptionList

    from leadtui.finding import views

    for n in range(12):
        views.save_view(f"View number {n}", f"source:web-form score>{n}", ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("v")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 17 and options.region.bottom <= 24
        await pilot.press("end")
        await pilot.pause()
        assert options.highlighted == 16 and options.scroll_y == options.max_scroll_y > 0


async def test_the_title_names_a_view_just_saved_and_follows_its_rename(app, world):
    from leadtui.screens.dialogs import TextDialog

    async with app.run_test(size=(80, 24)) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("slash", *"temp:cold", "enter", "V")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"Cold ones", "enter")
        await pilot.pause()
        screen = app.screen
        assert screen.sub_title.startswith("Cold ones · ")
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("end", "r")
        await pilot.pause()
        app.screen.query_one(Input).value = "Cold leads"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.sub_title.startswith("Cold leads · ")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_name_and_company_cut_to_their_column_end_in_an_ellipsis(app, ctx, size):
    name = "Aleksandra Konstantinovna Rimskaya-Korsakova-Vasilyeva"
    company = "Pohjoisen Rakennus- ja Kiinteistöpalvelut Oy Ab"
    leads.add_lead(ctx, leads.NewLead(name, company=company, source="referral"))
    async with app.run_test(size=size) as pilot:
        await _leads_screen(pilot, app)
        await pilot.press("slash", *"Rimskaya")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        for key, whole in (("name", name), ("company", company)):
            width = table.widths[key]
            cell = str(table.get_cell_at((0, list(table.columns).index(key))))
            assert cell == whole[: width - 1] + "…", key
