"""Import and Duplicates screens, and the delete key, driven with real keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, ProgressBar, SelectionList

from leadtui.db.models import Activity, Lead
from leadtui.interop.fields import load_mapping
from leadtui.leads import writes as leads
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from leadtui.screens.interop import DuplicatesScreen, ImportScreen, MergeDialog

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interop"
SIZES = [(120, 40), (80, 24)]


async def _settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _open_import(app, pilot, path: Path):
    await pilot.pause()
    await pilot.press("I")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await _settle(app, pilot)
    return screen


@pytest.mark.parametrize("size", SIZES)
async def test_import_screen_previews_mapping_dry_runs_and_imports(app, size, text_of):
    before = Lead.select().count()
    async with app.run_test(size=size) as pilot:
        screen = await _open_import(app, pilot, FIXTURES / "hubspot-contacts.csv")
        assert "HubSpot contacts export" in text_of(screen.query_one("#import-format"))
        table = screen.query_one(DataTable)
        assert table.row_count == 21
        email_row = [str(cell) for cell in table.get_row("Email")]
        assert email_row[:3] == ["Email", "email", "Jane.Cooper@Northwind.com"]
        await pilot.press("d")
        await _settle(app, pilot)
        report = text_of(screen.query_one("#import-report"))
        assert "4 would be created" in report and "row 5, Email" in report
        assert "1 kept with unverified values" in report
        # The report is on screen, below the mapping, even at 80x24.
        region = screen.query_one("#import-report").region
        assert region.height >= 2 and region.bottom <= size[1] - 1
        assert Lead.select().count() == before
        await pilot.press("i")
        await _settle(app, pilot)
        assert "4 were created" in text_of(screen.query_one("#import-report"))
        bar = screen.query_one(ProgressBar)
        assert bar.percentage == 1 and bar.display  # done: full
    assert Lead.select().count() == before + 4
    assert Lead.get(Lead.email == "jane.cooper@northwind.com").stage == "nurture"


@pytest.mark.parametrize("size", SIZES)
async def test_import_of_one_lead_says_was_and_the_next_file_starts_with_an_empty_bar(app, tmp_path, size,
                                                                                   text_of):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("Name,Email\nAnna Yksi,anna@yksi.fi\n")
    two.write_text("Name,Email\nBo Kaksi,bo@kaksi.se\nCid Kolme,cid@kolme.dk\n")
    async with app.run_test(size=size) as pilot:
        screen = await _open_import(app, pilot, one)
        await pilot.press("i")
        await _settle(app, pilot)
        assert "1 was created," in text_of(screen.query_one("#import-report"))
        bar = screen.query_one(ProgressBar)
        assert bar.display and bar.percentage == 1
        screen.query_one(Input).value = str(two)
        screen.query_one(Input).focus()
        await pilot.press("enter")
        await _settle(app, pilot)
        assert not bar.display and bar.progress == 0
        await pilot.press("i")
        await _settle(app, pilot)
        assert "2 were created," in text_of(screen.query_one("#import-report"))
        assert bar.display and bar.percentage == 1


async def test_import_screen_changes_a_column_and_saves_the_mapping(app, tmp_path, text_of):
    path = tmp_path / "odd.csv"
    path.write_text("Who,Phone,Memo\nAnna Odd,+358401234567,met at fair\n")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_import(app, pilot, path)
        table = screen.query_one(DataTable)
        assert str(table.get_row("Who")[1]) == "—"
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")  # "— ignore —" → full name
        await _settle(app, pilot)
        assert str(screen.query_one(DataTable).get_row("Who")[1]) == "name"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = "fair"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("i")
        await _settle(app, pilot)
    assert load_mapping("fair")["Who"] == "name"
    assert Lead.get(Lead.name == "Anna Odd").interest == "met at fair"


async def test_duplicates_screen_merges_a_pair_field_by_field(app, ctx):
    a = leads.add_lead(ctx, leads.NewLead("Jonathan Smith", company="Acme", email="jon@acme.com"))
    ctx.clock.advance(hours=1)
    b = leads.add_lead(ctx, leads.NewLead("Jonathon Smith", company="Acme Oy", title="CTO",
                                          phone="+358401234567"), allow_duplicate=True)
    leads.log_activity(ctx, b.id, "call", "second one")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen)
        assert screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MergeDialog)
        picks = dialog.query_one(SelectionList)
        # Only the fields the kept lead has empty are ticked; tick the company to take it too.
        assert set(picks.selected) == {"title", "phone"}
        picks.focus()
        picks.highlighted = [c.name for c in dialog.choices].index("company")
        await pilot.press("space", "m")
        await _settle(app, pilot)
        assert screen.query_one(DataTable).row_count == 0
    (kept,) = [lead for lead in Lead.select() if lead.company.startswith("Acme")]
    assert (kept.id, kept.name, kept.company, kept.title, kept.phone) == (
        a.id, "Jonathan Smith", "Acme Oy", "CTO", "+358 40 1234567")
    assert Activity.select().where(Activity.lead == a.id).count() == 1


async def test_u_after_a_merge_brings_both_leads_back(app, ctx):
    a = leads.add_lead(ctx, leads.NewLead("Jonathan Smith", company="Acme", email="jon@acme.com"))
    b = leads.add_lead(ctx, leads.NewLead("Jonathon Smith", company="Acme Oy", title="CTO"), allow_duplicate=True)
    leads.log_activity(ctx, b.id, "call", "second one")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await _settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("m")
        await _settle(app, pilot)
        assert Lead.get_or_none(Lead.id == b.id) is None
        await pilot.press("u")
        await _settle(app, pilot)
    assert Lead.get_by_id(b.id).title == "CTO" and Lead.get_by_id(a.id).title == ""
    assert Activity.select().where(Activity.lead == b.id).count() == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
async def test_duplicate_pairs_fit_the_terminal_with_both_sides_alike(app, ctx, size):
    a = leads.add_lead(ctx, leads.NewLead("Jonathan Smith", company="Acme", email="jon@acme.com"))
    b = leads.add_lead(ctx, leads.NewLead("Jonathon Smith", company="Acme Oy", phone="+358401234567"),
                       allow_duplicate=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await _settle(app, pilot)
        table = app.screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # nothing off to the side
        headings = [str(column.label) for column in table.columns.values()]
        row = [str(cell) for cell in table.get_row_at(0)]
        assert {"Jonathan Smith", "Jonathon Smith", str(a.id), str(b.id)} <= set(row)
        assert "why" in headings
        # Each side shows what the other does: a company or a contact on both sides or neither.
        assert headings.count("company") in (0, 2) and headings.count("e-mail / phone") in (0, 2)
        if size[0] >= 160:
            assert {"Acme", "Acme Oy", "jon@acme.com", "+358 40 1234567"} <= set(row)


async def test_merging_a_pair_someone_changed_meanwhile_merges_nothing(app, ctx):
    a = leads.add_lead(ctx, leads.NewLead("Jonathan Smith", company="Acme", email="jon@acme.com"))
    ctx.clock.advance(hours=1)
    b = leads.add_lead(ctx, leads.NewLead("Jonathon Smith", company="Acme Oy", title="CTO"), allow_duplicate=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await _settle(app, pilot)
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MergeDialog)
        leads.update_lead(ctx, b.id, title="CEO")  # another person, while the dialog is open
        await pilot.press("m")
        await _settle(app, pilot)
        assert app.screen is screen
        assert any("changed elsewhere" in n.message for n in app._notifications)
    assert Lead.get_or_none(Lead.id == b.id) is not None and Lead.get_by_id(a.id).title == ""


async def test_delete_key_on_the_lead_detail(app, world, ctx):
    leads.log_activity(ctx, world["due"], "call", "hello")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lead(world["due"])
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert Lead.get_or_none(Lead.id == world["due"]) is not None
        await pilot.press("delete", "y")
        await pilot.pause()
        assert not isinstance(app.screen, (ConfirmDialog, LeadDetailScreen))
        said = [(n.message, n.severity) for n in app._notifications]
        assert said == [("Deleted Lars Nielsen — u brings it back", "information")]  # no "no lead with id"
    assert Lead.get_or_none(Lead.id == world["due"]) is None
    assert Activity.select().where(Activity.lead == world["due"]).count() == 0


async def test_delete_key_on_the_lead_list(app, world):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await _settle(app, pilot)
        name = app.screen.current().name
        await pilot.press("delete", "y")
        await _settle(app, pilot)
    assert Lead.get_or_none(Lead.name == name) is None


@pytest.mark.parametrize("size", SIZES)
async def test_import_screen_shows_examples_names_and_the_same_counts_as_the_cli(
        app, size, text_of, tmp_path, cli):
    path = tmp_path / "firms.csv"
    path.write_text("Firma;Telefon;Kundnummer\nAcme Oy;;17\nBeta Oy;+358 40 1234567;18\n"
                    "Gamma Oy;12-34;\n", encoding="utf-8")
    async with app.run_test(size=size) as pilot:
        screen = await _open_import(app, pilot, path)
        table = screen.query_one(DataTable)
        assert [str(c) for c in table.get_row("Telefon")] == ["Telefon", "phone", "+358 40 1234567", "12-34"]
        assert [str(c) for c in table.get_row("Kundnummer")] == ["Kundnummer", "—", "17", "18"]
        assert "no column holds a person's name" in text_of(screen.query_one("#import-format"))
        await pilot.press("d")
        await _settle(app, pilot)
        shown = text_of(screen.query_one("#import-report"))
    summary = ("3 rows: 3 would be created, 0 updated, 0 skipped as duplicates, 1 kept with "
               "unverified values, 0 failed, 3 named after their company, e-mail or phone "
               "(dry run: nothing was written)")
    assert summary in " ".join(shown.split())
    assert "row 2: Acme Oy — no name in the row: named after its company" in " ".join(shown.split())
    code, out, _ = cli("import", str(path), "--dry-run")
    assert code == 0 and summary in out


@pytest.mark.parametrize("size", SIZES)
async def test_import_mapping_fits_the_screen_with_each_field_whole_and_long_values_cut(app, tmp_path, size):
    path = tmp_path / "wide.csv"
    note = "Met at the Slush fair in Helsinki, wants a demo of the reporting module before the budget round"
    path.write_text("Customer contact person full name,Email,Notes\n"
                    f"Anna Lindqvist-Saarinen,anna.lindqvist-saarinen@pohjoisen-rakennus.fi,\"{note}\"\n"
                    f"Bo Ek,bo@ek.se,\"{note}\"\n")
    async with app.run_test(size=size) as pilot:
        screen = await _open_import(app, pilot, path)
        table = screen.query_one(DataTable)
        assert table.virtual_size.width <= table.size.width  # nothing runs off the right edge
        assert str(table.get_row("Email")[1]) == "email"
        assert str(table.get_row("Notes")[1]) == "note"
        cut = str(table.get_row("Notes")[2])
        assert cut.endswith("…") and note.startswith(cut[:-1]) and len(cut) == table.widths["example1"]
        drawn = [table.render_line(y).text for y in range(table.size.height)]
        assert any(cut in line and "note" in line for line in drawn)
