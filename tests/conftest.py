"""Shared fixtures: a fresh database on disk and a fake clock for every test."""

from __future__ import annotations

from datetime import datetime

import pytest

from leadtui.clock import FixedClock
from leadtui.config import Config
from leadtui.context import Context
from leadtui.db.connection import close_db, init_db

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


@pytest.fixture
def ctx(db_path, clock, config) -> Context:
    init_db(db_path)
    yield Context(clock=clock, config=config)
    close_db()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test reads or writes the real user's data or config."""
    monkeypatch.setenv("LEADTUI_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("LEADTUI_DB", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
