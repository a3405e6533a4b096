"""The command line in-process, for the CLI tests: `cli("add", "Jane")` -> (exit code, stdout, stderr)."""

from __future__ import annotations

import pytest

from leadtui.cli import main
from leadtui.db.connection import close_db


@pytest.fixture
def db(tmp_path):
    """The database file the test's commands share (closed after the test)."""
    yield str(tmp_path / "x.db")
    close_db()


@pytest.fixture
def cli(capsys, db):
    """Run `leadtui ARGS --db x.db`; returns (exit code, stdout, stderr)."""

    def run(*argv: str, use_db: bool = True):
        code = main([*argv, "--db", db] if use_db else list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    run.db = db
    return run
