"""Helpers for the data-safety tests: the CLI in-process, another connection, file fingerprints."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from leadtui.cli import main
from leadtui.db.connection import close_db


@pytest.fixture(autouse=True)
def _close():
    yield
    close_db()


@pytest.fixture
def cli(capsys, db_path):
    """Run `leadtui ARGS --db PATH`; returns (exit code, stdout, stderr)."""

    def run(*argv: str, db: Path | str | None = None):
        code = main([*argv, "--db", str(db or db_path)])
        close_db()
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def other(db_path):
    """A second connection to the database, as another process would have."""
    connections = []

    def connect(timeout: float = 0.0) -> sqlite3.Connection:
        con = sqlite3.connect(db_path, timeout=timeout, isolation_level=None, check_same_thread=False)
        connections.append(con)
        return con

    yield connect
    for con in connections:
        con.close()


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextmanager
def read_only(path: Path):
    """Make a file or folder read-only for this process, root included (chattr +i)."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(
                ["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("running as root without chattr: cannot make a file read-only")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    mode = path.stat().st_mode
    path.chmod(0o500 if path.is_dir() else 0o400)
    try:
        yield
    finally:
        path.chmod(mode)


def copy_lead_sql(con: sqlite3.Connection) -> str:
    """SQL that adds a lead named `?` by copying the first lead's other columns (raw, no services)."""
    cols = [row[1] for row in con.execute("PRAGMA table_info(lead)") if row[1] != "id"]
    chosen = ", ".join("?" if c == "name" else c for c in cols)
    return f"INSERT INTO lead ({', '.join(cols)}) SELECT {chosen} FROM lead ORDER BY id LIMIT 1"
