"""`leadtui report …`: every report on the demo database, its JSON keys, CSV and Markdown, bad input."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import START

from leadtui.cli import main
from leadtui.db.connection import close_db, init_db
from leadtui.demo.dataset import generate_demo

REPORTS = ["funnel", "sources", "response", "weekly", "monthly", "plan --goal 12", "workload"]


@pytest.fixture
def demo_db(ctx, db_path):
    generate_demo(ctx, count=300, seed=7)
    return str(db_path)


@pytest.fixture
def demo_target(ctx, db_target):
    """The demo data on this test's engine: a file path, or a PostgreSQL URL."""
    generate_demo(ctx, count=300, seed=7)
    return getattr(db_target, "url", str(db_target))


_CLOCK: list = []  # the test's clock, which every command sees


@pytest.fixture(autouse=True)
def _commands_see_the_test_clock(clock):
    _CLOCK[:] = [clock]  # the demo's "now", whatever today's date is
    yield
    _CLOCK.clear()


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv), clock=_CLOCK[0])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.both_engines
def test_every_report_on_the_demo_database(demo_target, capsys):
    for report in REPORTS:
        code, out, err = _run(capsys, "--db", demo_target, "report", *report.split())
        assert (code, err) == (0, ""), report
        assert len(out.splitlines()) > 3, report
        code, out, _ = _run(capsys, "--db", demo_target, "report", *report.split(), "--format", "json")
        assert code == 0 and json.loads(out), report


def _every_report(ctx) -> dict:
    from leadtui.insight.overview import all_reports

    reports = all_reports(ctx, goal=12)
    return {name: getattr(reports, name).as_json()
            for name in ("funnel", "sources", "response", "weekly", "monthly", "plan", "workload")} | {
        "trend": [(p.monday, p.new, p.median_response_hours) for p in reports.trend]}


def test_the_same_figures_on_both_engines(ctx, postgres_server, clock):
    """The same demo history gives the same numbers on SQLite and on PostgreSQL."""
    generate_demo(ctx, count=300, seed=7)
    on_sqlite = _every_report(ctx)
    init_db(postgres_server.fresh_database())
    clock.set(START)
    generate_demo(ctx, count=300, seed=7)
    on_postgres = _every_report(ctx)
    close_db()
    for name, figures in on_sqlite.items():
        assert on_postgres[name] == figures, name
    assert on_sqlite["funnel"][1]["entered"] > 0 and on_sqlite["sources"]


def test_json_keys(demo_db, capsys):
    funnel = json.loads(_run(capsys, "--db", demo_db, "report", "funnel", "--format", "json")[1])
    assert all(set(row) == {"stage", "entered", "to_next", "median_days"} for row in funnel)
    assert [row["stage"] for row in funnel][1:] == ["interest", "contact", "nurture", "offer", "decision", "won",
                                                    "mql_sql"]
    sources = json.loads(_run(capsys, "--db", demo_db, "report", "sources", "--format", "json")[1])
    assert all({"source", "leads", "sql", "won", "conversion"} <= set(row) for row in sources)
    response = json.loads(_run(capsys, "--db", demo_db, "report", "response", "--format", "json")[1])
    assert {"median_hours", "p90_hours", "within_target", "breaches"} <= set(response)
    plan = json.loads(_run(capsys, "--db", demo_db, "report", "plan", "--goal", "12", "--rate", "20%",
                           "--format", "json")[1])
    assert {"leads_per_year": 60, "leads_per_month": 5}.items() <= plan.items()
    assert {"leads_so_far", "behind"} <= set(plan)


def test_csv_and_markdown(demo_db, capsys):
    out = _run(capsys, "--db", demo_db, "report", "funnel", "--format", "csv")[1]
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[1]["stage"] == "interest" and int(rows[1]["entered"]) > 0
    out = _run(capsys, "--db", demo_db, "report", "sources", "--format", "csv")[1]
    assert out.splitlines()[0].startswith("source,direction,leads,sql,won,conversion")
    out = _run(capsys, "--db", demo_db, "report", "weekly", "--format", "md")[1]
    assert out.startswith("## Weekly report:") and "| New leads |" in out
    out = _run(capsys, "--db", demo_db, "report", "monthly", "--format", "csv")[1]
    assert out.splitlines()[0].startswith("metric,")


def test_since_until_narrow_the_funnel(demo_db, capsys):
    everything = json.loads(_run(capsys, "--db", demo_db, "report", "funnel", "--format", "json")[1])
    recent = json.loads(_run(capsys, "--db", demo_db, "report", "funnel", "--since", "14 days ago",
                             "--format", "json")[1])
    assert 0 < recent[1]["entered"] < everything[1]["entered"]


@pytest.mark.parametrize(("argv", "message"), [
    (["plan"], "give a goal"),
    (["plan", "--goal", "12", "--rate", "lots"], "--rate must be"),
    (["plan", "--goal", "12", "--rate", "0"], "--rate must be"),
    (["plan", "--goal-value", "12 apples"], "not an amount"),
    (["funnel", "--since", "tomorrow", "--until", "yesterday"], "--since must be before --until"),
    (["funnel", "--since", "the day the music died"], ""),
])
def test_bad_input_is_one_line_and_exit_1(ctx, db_path, capsys, argv, message):
    code, out, err = _run(capsys, "--db", str(db_path), "report", *argv)
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_md_is_only_for_periodic_reports(ctx, db_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_path), "report", "funnel", "--format", "md"])
    assert exc.value.code == 2
