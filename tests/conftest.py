"""Shared fixtures: a fresh database and a fake clock for every test.

The database is an SQLite file; service tests (the modules in BOTH_ENGINES and
tests marked `both_engines`) run once more on a throwaway PostgreSQL cluster.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime
from pathlib import Path

import pytest

from leadtui.cli import main
from leadtui.config import Config
from leadtui.context import Context
from leadtui.db.connection import close_db, init_db
from leadtui.db.url import DatabaseUrl
from leadtui.kit.clock import FixedClock

# A Monday noon, UTC; tests that care about local days set TZ themselves.
START = datetime(2026, 11, 23, 12, 0, 0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def config() -> Config:
    return Config(owner="me", default_region="FI")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "leads.db"


# Service tests that run on both engines (the `both_engines` marker does the same for one test).
BOTH_ENGINES = {
    "test_leads_service", "test_querylang", "test_views", "test_templates", "test_scoring_rules",
    "test_staleness_thresholds", "test_engagement_score", "test_qualification_suggestion",
    "test_icp", "test_paging", "test_insight_funnel", "test_insight_sources", "test_insight_response",
    "test_insight_periodic", "test_insight_planner", "test_insight_trends",
}


MARKERS = {
    "unit": "services, the database and the command line, no TUI (tests/unit)",
    "ui": "the TUI driven by its keys, and its snapshots (tests/ui)",
    "safety": "interruptions, bad files, locks, signals: nothing lost (tests/safety)",
    "pg": "runs on a throwaway PostgreSQL cluster (skipped without the server binaries)",
    "both_engines": "run the test on SQLite and on PostgreSQL",
    "new_database": "the `db` fixture's file does not exist yet: the test's first command makes it",
}


def pytest_configure(config):
    for name, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")


def pytest_collection_modifyitems(items):
    """Each test is marked by its folder (`pytest -m unit`, `-m "not ui"`), and `pg` when it runs
    on PostgreSQL; a plain `pytest` still runs everything."""
    for item in items:
        folder = item.path.parent.name
        if folder in ("unit", "ui", "safety"):
            item.add_marker(folder)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("engine") == "postgresql":
            item.add_marker("pg")
        elif "postgres_server" in getattr(item, "fixturenames", ()):
            item.add_marker("pg")


def pytest_xdist_auto_num_workers(config) -> int:
    """What `-n auto` (pyproject's addopts) means: for the suite or a folder of it, three workers
    a core, since a TUI test spends most of its time waiting for the app to go idle (on two
    cores, four workers kept about one core busy and ran the suite in 3:52, six kept 1.45 busy
    and took 3:08); for named files or tests, none (starting workers costs more than they
    save). `-n N` chooses N, `-n 0` none."""
    folders = [arg for arg in config.args if Path(arg.split("::")[0]).is_dir()]
    return 3 * len(os.sched_getaffinity(0)) if folders else 0


def pytest_generate_tests(metafunc):
    if "engine" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in BOTH_ENGINES or metafunc.definition.get_closest_marker("both_engines"):
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL cluster for this session, or a skip saying why there is none."""
    import pgserver

    if pgserver.bin_dir() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found; "
                    "install Debian's postgresql package to run the PostgreSQL tests")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install -e '.[test]')")
    server = pgserver.start_server(in_background=True)
    try:
        server.make_template()
        yield server
    finally:
        close_db()
        server.stop()


@pytest.fixture
def engine(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_target(engine, db_path, request):
    """Where this test's data lives: db_path, or a fresh PostgreSQL database's URL."""
    if engine == "sqlite":
        yield db_path
        return
    from leadtui.db.url import parse_target

    server = request.getfixturevalue("postgres_server")
    url = server.fresh_database()
    yield parse_target(url)
    close_db()
    server.drop_database(url)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """An SQLite database with every migration applied, made once per session."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    init_db(path)
    close_db()
    return path


def make_demo_file(tmp_path_factory, count: int, seed: int) -> Path:
    """A demo database of `count` leads made once (for a module's fixture): tests take copies
    with `open_copy`, since generating it costs about a second."""
    from leadtui.demo.dataset import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    init_db(path)
    generate_demo(Context(clock=FixedClock(START), config=Config(owner="me", default_region="FI")),
                  count=count, seed=seed)
    close_db()
    return path


def open_copy(source: Path, db_path: Path, request) -> Context:
    """The test's database as a copy of `source`, opened by the `ctx` fixture."""
    shutil.copyfile(source, db_path)
    return request.getfixturevalue("ctx")


@pytest.fixture
def ctx(db_target, clock, config, migrated_template) -> Context:
    """A fresh, migrated database: a copy of the session's template (migrating each test's
    own took ~100 ms of every such test)."""
    if not isinstance(db_target, DatabaseUrl) and not db_target.exists():
        shutil.copyfile(migrated_template, db_target)
    init_db(db_target)
    yield Context(clock=clock, config=config)
    close_db()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test reads or writes the real user's data or config."""
    monkeypatch.setenv("LEADTUI_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("LEADTUI_DB", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    # Numbers as in the C locale (a CSV export's default delimiter follows it) whatever the
    # developer's own locale is; tests about locales set these themselves.
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_NUMERIC", "C.UTF-8")


@pytest.fixture
def helsinki(monkeypatch):
    """Local time is Helsinki's (UTC+2, +3 in summer) for the test."""
    monkeypatch.setenv("TZ", "Europe/Helsinki")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    # Numbers as in the C locale (a CSV export's default delimiter follows it) whatever the
    # developer's own locale is; tests about locales set these themselves.
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LC_NUMERIC", "C.UTF-8")


@pytest.fixture
def db(tmp_path, request, migrated_template):
    """The database file a CLI test's commands share (closed after the test): a copy of the
    session's migrated template, or, for a test marked `new_database`, no file yet (its first
    command creates it, and the test checks what that does)."""
    path = tmp_path / "x.db"
    if request.node.get_closest_marker("new_database") is None:
        shutil.copyfile(migrated_template, path)
    yield str(path)
    close_db()


@pytest.fixture
def cli(capsys, db):
    """Run `leadtui ARGS --db x.db` in-process; returns (exit code, stdout, stderr)."""

    def run(*argv: str, use_db: bool = True):
        code = main([*argv, "--db", db] if use_db else list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    run.db = db
    return run
