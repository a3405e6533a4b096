"""Lead detail: fields, timeline, and the keys that change a lead."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from leadtui.db.models import FollowUp, Lead, StageChange
from leadtui.leads import writes as leads
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.help import HelpDialog

SIZE = (120, 40)


async def _open(app, pilot, lead_id):
    await pilot.pause()
    app.open_lead(lead_id)
    await pilot.pause()
    assert isinstance(app.screen, LeadDetailScreen)


async def test_detail_shows_fields_and_timeline(app, world, ctx, text_of):
    leads.log_activity(ctx, world["overdue"], "call", "asked about pricing")
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["overdue"])
        fields = text_of(app.screen.query_one("#detail-fields"))
        assert "aino@lumo.fi" in fields and "Lumo Oy" in fields
        timeline = text_of(app.screen.query_one("#detail-timeline"))
        assert "asked about pricing" in timeline
        score = text_of(app.screen.query_one("#detail-score"))
        assert "+20  call" in score


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_a_long_note_wraps_in_its_own_column_of_the_timeline(app, world, ctx, size):
    note = "went through the pilot setup with their whole operations team and agreed on next steps"
    leads.log_activity(ctx, world["overdue"], "meeting", note)
    async with app.run_test(size=size) as pilot:
        await _open(app, pilot, world["overdue"])
        widget = app.screen.query_one("#detail-timeline")
        console = Console(width=widget.content_size.width, record=True, file=io.StringIO())
        console.print(widget.content)
        lines = [line for line in console.export_text().splitlines() if line.strip()]
        assert lines[0].strip() == "Timeline"
        first = next(i for i, line in enumerate(lines) if "went through" in line)
        column = lines[first].index("went through")
        assert lines[first + 1][:column].strip() == ""  # the rest of the note under its start
        assert " ".join(" ".join(line[column:].split()) for line in lines[first:first + 4]).startswith(note)


async def test_change_stage_with_keys_writes_an_event(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["due"])
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # interest → offer
        await pilot.pause()
        assert "4 Offer requested" in app.screen.sub_title
    assert Lead.get_by_id(world["due"]).stage == "offer"
    assert StageChange.select().where(StageChange.lead == world["due"], StageChange.to_value == "offer").count() == 1


async def test_pin_temperature(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["due"])
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("home", "enter")  # hot
        await pilot.pause()
    lead = Lead.get_by_id(world["due"])
    assert (lead.temperature, lead.temperature_pinned) == ("hot", True)


async def test_schedule_and_complete_follow_up(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["stale"])
        await pilot.press("f", *"in 3 days", "enter")
        await pilot.pause()
        assert FollowUp.select().where(FollowUp.lead == world["stale"]).count() == 1
        await pilot.press("c")
        await pilot.pause()
    assert Lead.get_by_id(world["stale"]).next_follow_up_at is None


async def test_edit_form_saves_bant_and_rejects_bad_numbers(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["due"])
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#f-employees").value = "many"
        app.screen.query_one("#f-bant_budget").value = "yes"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "whole number" in text_of(app.screen.query_one("#error"))
        app.screen.query_one("#f-employees").value = "120"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
    lead = Lead.get_by_id(world["due"])
    assert (lead.employees, lead.bant_budget) == (120, True)


async def test_archive_needs_confirmation(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["due"])
        await pilot.press("A", "n")
        await pilot.pause()
        assert not Lead.get_by_id(world["due"]).archived
        await pilot.press("A", "y")
        await pilot.pause()
    assert Lead.get_by_id(world["due"]).archived


async def test_help_lists_the_keys_of_the_current_screen(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["due"])
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        descriptions = [d for _, d in app.screen.bindings]
        assert "Pin the temperature (or unpin)" in descriptions and "Add lead" in descriptions
        assert "Snooze +1 day" not in descriptions  # a Today key, not this screen's
        assert "Focus Next" not in descriptions  # framework keys are not this screen's either



def _shown(page, top: int, bottom: int) -> bool:
    """Screen lines top..bottom-1 are all inside the visible part of the scrolling page."""
    return page.region.y <= top and bottom <= page.region.bottom


async def test_the_lead_page_scrolls_by_keyboard_at_80x24(app, world, ctx):
    leads.update_lead(ctx, world["overdue"], phone="+358401234567", website="lumo.fi", industry="SaaS",
                      location="Helsinki", employees=40, revenue=2_000_000, budget=50_000, owner="me",
                      tags="pilot, q1", interest="the 40-seat plan")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, world["overdue"])
        page = app.screen.query_one("#detail-columns")
        fields, score = app.screen.query_one("#detail-fields"), app.screen.query_one("#detail-score")

        def bant_shown() -> bool:  # four BANT lines, a blank one and Interest end the fields
            return _shown(page, fields.region.bottom - 6, fields.region.bottom)

        async def reach(shown, key: str, presses: int) -> bool:
            for _ in range(presses):
                if shown():
                    return True
                await pilot.press(key)
                await pilot.wait_for_scheduled_animations()
            return shown()

        assert page.max_scroll_y > 0 and not bant_shown()
        await pilot.press("down")
        await pilot.wait_for_scheduled_animations()
        assert page.scroll_y == 1
        assert await reach(bant_shown, "down", 12)
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert page.scroll_y == page.max_scroll_y
        await pilot.press("home")
        await pilot.wait_for_scheduled_animations()
        assert page.scroll_y == 0
        assert await reach(lambda: _shown(page, score.region.y, score.region.bottom), "pagedown", 3)


async def test_each_column_still_scrolls_on_its_own_when_side_by_side(app, world, ctx):
    for n in range(40):
        leads.log_activity(ctx, world["overdue"], "call", f"call number {n}")
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["overdue"])
        right = app.screen.query_one("#detail-right")
        await pilot.press("tab")  # the timeline's column
        await pilot.press("end")
        await pilot.pause()
        assert app.screen.focused is right and right.scroll_y == right.max_scroll_y > 0


def _many_activities(ctx, lead_id: int, count: int) -> None:
    from datetime import timedelta

    from leadtui.db.models import Activity

    start = ctx.now() - timedelta(days=count)
    Activity.insert_many([{"lead": lead_id, "kind": "note", "at": start + timedelta(days=i),
                           "body": f"note number {i}", "created_at": start} for i in range(count)]).execute()


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_the_timeline_shows_a_page_and_m_reads_older_ones(app, world, ctx, text_of, size):
    from leadtui.finding.queries import TIMELINE_PAGE

    _many_activities(ctx, world["overdue"], TIMELINE_PAGE + 7)
    async with app.run_test(size=size) as pilot:
        await _open(app, pilot, world["overdue"])
        timeline = text_of(app.screen.query_one("#detail-timeline"))
        assert f"note number {TIMELINE_PAGE + 6}" in timeline and "note number 7" in timeline
        assert "note number 0" not in timeline and "older ones: press m" in timeline
        await pilot.press("m")
        await pilot.pause()
        timeline = text_of(app.screen.query_one("#detail-timeline"))
        assert "note number 0" in timeline and "older ones" not in timeline
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)


async def test_the_lead_is_read_off_the_ui_thread(app, world, monkeypatch):
    import threading

    from leadtui.finding import queries

    threads = []
    read = queries.lead_detail

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return read(*args, **kwargs)

    monkeypatch.setattr(queries, "lead_detail", recording)
    async with app.run_test(size=SIZE) as pilot:
        await _open(app, pilot, world["overdue"])
        assert app.screen.detail is not None
        assert threads and threading.main_thread() not in threads


async def test_confirming_sql_hands_the_lead_to_a_chosen_owner(app, world, ctx):
    from leadtui.db.models import FollowUp, Lead
    from leadtui.screens.dialogs import ChoiceDialog

    ctx.config.team_members = ["ann", "bob"]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # Aino's page
        await pilot.pause()  # the page has read its lead: its keys wait for it
        await pilot.press("q")  # the qualification
        await pilot.pause()
        await pilot.press("3")  # SQL
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # to whom?
        await pilot.press("2")  # bob
        await pilot.pause()
    lead = Lead.get_by_id(world["overdue"])
    assert (lead.qualification, lead.owner) == ("sql", "bob")
    assert FollowUp.select().where(FollowUp.lead == lead.id, FollowUp.what == "first contact after the hand-off").count() == 1
