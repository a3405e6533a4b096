"""The Reports screen: opened by key and palette, computed in a worker, the same cells as the CLI."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import make_demo_file, open_copy
from textual.widgets import DataTable, Input, TabbedContent

from leadtui.cli import main
from leadtui.leads import writes as leads
from leadtui.screens.reports import ReportsScreen
from leadtui.screens.today import TodayScreen
from leadtui.tui.app import build_app

SIZE = (120, 40)
# Screen table -> the CLI command that prints the same table.
SAME_AS_CLI = {
    "funnel": ["funnel"], "sources": ["sources"], "response-summary": ["response"],
    "response": ["response"], "weekly": ["weekly"], "monthly": ["monthly"], "workload": ["workload"],
    "plan": ["plan", "--goal", "12", "--rate", "20%"],
}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The 120-lead demo, generated once for the module: each test gets a copy."""
    return make_demo_file(tmp_path_factory, count=120, seed=5)


@pytest.fixture
def demo_app(demo_file, db_path, request):
    return build_app(db_path, open_copy(demo_file, db_path, request))


def _cells(app, name: str) -> list[list[str]]:
    table = app.screen.query_one(f"#table-{name}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


async def _open_reports(app, pilot, key="6"):
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, ReportsScreen)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_reports_show_the_same_numbers_as_the_cli(demo_app, db_path, clock, capsys, monkeypatch):
    monkeypatch.setattr("leadtui.context.Clock", lambda: clock)  # the CLI reads the same fixed "now"
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await _open_reports(app, pilot)
        app.screen.query_one("#plan-goal", Input).value = "12"
        app.screen.query_one("#plan-rate", Input).value = "20%"
        app.screen.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = {name: _cells(app, name) for name in SAME_AS_CLI}
    assert all(shown.values()), {k: len(v) for k, v in shown.items()}
    for name, argv in SAME_AS_CLI.items():
        assert main(["--db", str(db_path), "report", *argv]) == 0
        printed = {_squash(line) for line in capsys.readouterr().out.splitlines()}
        for row in shown[name]:
            assert _squash("  ".join(row)) in printed, (name, row)
    plan_rows = dict((row[0], row[1]) for row in shown["plan"])
    assert plan_rows["leads per year"] == "60" and plan_rows["leads per month"] == "5"


async def test_response_counts_add_up_and_medians_say_what_they_rest_on_at_80x24(demo_app):
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_reports(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        rows = dict((row[0], row[1]) for row in _cells(app, "response-summary"))
        parts = ("contacted", "still waiting", "closed or archived, never contacted")
        assert int(rows["inbound leads"]) == sum(int(rows[part]) for part in parts)
        for tab in ("weekly", "monthly"):
            await pilot.press(tab[0])
            await pilot.pause()
            median = dict((row[0], row[1:3]) for row in _cells(app, tab))["Median response (h)"]
            assert all(cell == "—" or re.fullmatch(r"\d+\.\d \(\d+ leads?\)", cell) for cell in median)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_planner_shows_tenths_a_month_and_rounds_up_only_at_least(demo_app, size):
    app = demo_app
    async with app.run_test(size=size) as pilot:
        await _open_reports(app, pilot)
        await pilot.press("p")
        for goal, rate, year, month in (("12", "12%", "100", "8.3"), ("12", "7%", "at least 172", "14.3")):
            app.screen.query_one("#plan-goal", Input).value = goal
            app.screen.query_one("#plan-rate", Input).value = rate
            app.screen.reload()
            await app.workers.wait_for_complete()
            await pilot.pause()
            rows = dict((row[0], row[1]) for row in _cells(app, "plan"))
            assert (rows["leads per year"], rows["leads per month"]) == (year, month)


async def test_tab_keys_palette_and_charts(demo_app, text_of):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.run_action("switch_mode('reports')")  # what the palette's "Reports" entry runs
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Entered per stage" in text_of(app.screen.query_one("#chart-funnel"))
        assert "█" in text_of(app.screen.query_one("#chart-funnel"))
        for key, tab in (("s", "sources"), ("t", "response"), ("w", "weekly"), ("o", "workload"),
                         ("p", "plan"), ("f", "funnel")):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.query_one(TabbedContent).active == f"tab-{tab}"
        assert "New leads per week" in text_of(app.screen.query_one("#chart-weekly"))
        assert "Median hours to first contact" in text_of(app.screen.query_one("#chart-response"))
        from leadtui.screens.palette import LeadCommands

        titles = [title for title, _, _ in LeadCommands(app.screen)._commands()]
        assert "Reports" in titles


async def test_planner_panel_takes_a_goal(demo_app, text_of):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await _open_reports(app, pilot)
        assert "Type a goal" in text_of(app.screen.query_one("#plan-note"))
        await pilot.press("p")
        app.screen.query_one("#plan-goal", Input).focus()
        await pilot.press(*"12", "tab", *"12%", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = dict((row[0], row[1]) for row in _cells(app, "plan"))
        assert rows["leads per year"] == "100" and rows["conversion rate"] == "12% (given)"
        assert app.focused.id == "plan-rate"  # Enter kept the focus in the form
        app.screen.query_one("#plan-rate", Input).value = "lots"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "rate must be" in text_of(app.screen.query_one("#reports-status"))


async def test_reports_fit_a_small_terminal(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_reports(demo_app, pilot)
        assert _cells(demo_app, "funnel")


async def test_the_sources_table_fits_80_columns_and_says_what_its_short_headings_mean(demo_app, ctx, text_of):
    won = leads.add_lead(ctx, leads.NewLead("Big Deal", source="purchased-list", value="120000")).id
    leads.change_stage(ctx, won, "won")
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_reports(demo_app, pilot)
        await pilot.press("s")
        await pilot.pause()
        table = demo_app.screen.query_one("#table-sources", DataTable)
        headings = [str(column.label) for column in table.columns.values()]
        assert headings[5:7] == ["conv.", "days to win"]
        assert any("120 000 EUR" in row[7] for row in _cells(demo_app, "sources"))
        assert table.max_scroll_x == 0  # every column shows: no scrolling sideways
        legend = demo_app.screen.query_one("#sources-legend")
        assert legend.display and "conv. = won ÷ leads" in text_of(legend)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        headings = [str(column.label) for column in table.columns.values()]
        assert headings[5:7] == ["conversion", "median days to win"]
        assert table.max_scroll_x == 0 and not legend.display


async def test_response_breaches_fit_80_columns_and_show_the_company_when_wide(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_reports(demo_app, pilot)
        await pilot.press("t")
        await pilot.pause()
        table = demo_app.screen.query_one("#table-response", DataTable)
        assert table.row_count and table.max_scroll_x == 0
        headings = [str(column.label) for column in table.columns.values()]
        assert headings == ["id", "name", "created", "first contact", "hours"]
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        headings = [str(column.label) for column in table.columns.values()]
        assert headings == ["id", "name", "company", "created", "first contact", "hours"]
        assert table.row_count and table.max_scroll_x == 0


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_p_then_digits_types_the_goal_and_the_tab_keys_work_after_enter(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await _open_reports(demo_app, pilot)
        await pilot.press("p", "1", "2", "enter")  # digits are also the screens' keys: not here
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(demo_app.screen, ReportsScreen)
        rows = dict((row[0], row[1]) for row in _cells(demo_app, "plan"))
        assert rows["goal"] == "12 new customers"
        await pilot.press("s")
        await pilot.pause()
        assert demo_app.screen.query_one(TabbedContent).active == "tab-sources"
        await pilot.press("p")  # the goal box has the focus again only when there is no goal
        await pilot.pause()
        assert demo_app.focused.id == "table-plan"
        demo_app.screen.query_one("#plan-goal", Input).focus()
        await pilot.press("f")  # a letter in the number box is the screen's key
        await pilot.pause()
        assert demo_app.screen.query_one(TabbedContent).active == "tab-funnel"


async def test_today_warns_when_the_month_is_behind_and_counts_down_the_response_target(ctx, db_path, text_of):
    ctx.config.goal, ctx.config.conversion_rate, ctx.config.response_target_hours = 12, 0.2, 24
    now = ctx.now()
    leads.add_lead(ctx, leads.NewLead("Fresh", direction="inbound", at=now - timedelta(hours=20)))
    leads.add_lead(ctx, leads.NewLead("Late", direction="inbound", at=now - timedelta(hours=30)))
    app = build_app(db_path, ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "Behind pace: 2 new leads this month, 3 needed" in text_of(app.screen.query_one("#today-warning"))
        table = app.screen.query_one(DataTable)
        whys = [str(table.get_row_at(i)[table.get_column_index("why")]) for i in range(table.row_count)]
        assert whys == ["inbound · reply 6 h late", "inbound · reply due in 4 h"]  # the breach first
        await pilot.press("o")  # grouped by section: the When column counts down
        await pilot.pause()
        whens = [str(table.get_row_at(i)[table.get_column_index("when")]) for i in range(table.row_count)]
        assert whens == ["6h past target", "4h left"]  # the breach first
        leads.add_lead(ctx, leads.NewLead("Third"))
        app.data_changed()
        await pilot.pause()
        assert not app.screen.query_one("#today-warning").display


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_the_planner_form_keeps_the_focus_after_enter_and_tab_goes_goal_then_rate(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await _open_reports(demo_app, pilot)
        await pilot.press("p", "1", "2", "enter")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        goal, rate = demo_app.screen.query_one("#plan-goal", Input), demo_app.screen.query_one("#plan-rate", Input)
        assert demo_app.focused is goal
        await pilot.press("0", "enter")  # a digit after Enter is still the goal's, not Today's key
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(demo_app.screen, ReportsScreen) and goal.value == "120"
        await pilot.press("tab")
        assert demo_app.focused is rate
        await pilot.press(*"15%", "enter", "1")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(demo_app.screen, ReportsScreen) and demo_app.focused is rate
        assert rate.value == "15%1"
        await pilot.press("backspace", "tab")
        assert demo_app.focused.id == "table-plan"
