"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl on a temporary directory.

Started once per test session on a free local port with its socket in its own
directory; every test gets a fresh database cloned from a migrated template.
initdb refuses to run as root, so as root the cluster runs as `nobody`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

TEMPLATE = "leadtui_template"


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are, or None when PostgreSQL's server is not installed."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    bindir: Path
    folder: Path
    port: int = 0
    _numbers: count = field(default_factory=lambda: count(1))
    # For the tests (not the benchmarks, whose timings it would blur): copying the template and
    # dropping a test's database happen in the background while the tests run, so that a test
    # no longer waits 0.1-0.4 s (on a loaded machine) for its database.
    in_background: bool = False
    _background: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1))
    _spare: Future | None = None  # the next test's database, being copied

    def _as_owner(self, *args: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "nobody", "--", *args]
        return list(args)

    def start(self) -> None:
        data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "nobody")
        subprocess.run(self._as_owner(str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres",
                                      "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8",
                                      "--no-sync"),
                       check=True, capture_output=True, cwd=self.folder)
        # Test workers start clusters at once: a port another one took in between is tried again.
        for _ in range(3):
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")
            started = subprocess.run(self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(data), "-o",
                                                    options, "-l", str(self.folder / "log"), "-w",
                                                    "start"),
                                     capture_output=True, cwd=self.folder)
            if started.returncode == 0:
                return
        started.check_returncode()

    def restart(self) -> None:
        """Restart the server: every open connection is dropped, as in a real restart."""
        self._background.submit(lambda: None).result()  # what the background does ends first
        subprocess.run(self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
                                      "-l", str(self.folder / "log"), "-m", "fast", "-w", "restart"),
                       check=True, capture_output=True, cwd=self.folder)

    def stop(self) -> None:
        """Stop the cluster and remove its folder (every test session makes a new one)."""
        self._background.shutdown(cancel_futures=True)
        subprocess.run(self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"),
                                      "-m", "immediate", "stop"),
                       capture_output=True, cwd="/")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def make_template(self) -> None:
        """A migrated database every test's database is copied from (copying beats migrating)."""
        from leadtui.db.connection import close_db, init_db

        self.admin(f"CREATE DATABASE {TEMPLATE}")
        init_db(self.url(TEMPLATE))
        close_db()

    def drop_database(self, url: str) -> None:
        """Drop a test's database (each one holds a few megabytes of files), in the background."""
        name = url.rsplit("/", 1)[1]
        drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        if self.in_background:
            self._background.submit(self.admin, drop)
        else:
            self.admin(drop)

    def fresh_database(self, migrated: bool = True) -> str:
        """A new database: a copy of the migrated template (in_background: the next one is
        copied at once, while the test runs), or an empty one."""
        if not migrated or not self.in_background:
            return self.url(self._create(migrated))
        name = None
        if self._spare is not None:
            try:
                name = self._spare.result()
            except Exception:  # the server restarted meanwhile, say: copy it again now
                name = None
        self._spare = self._background.submit(self._create, migrated=True)
        return self.url(name or self._create(migrated=True))

    def _create(self, migrated: bool) -> str:
        name = f"leadtui_test_{next(self._numbers)}"
        template = f" TEMPLATE {TEMPLATE} STRATEGY FILE_COPY" if migrated else ""
        self.admin(f"CREATE DATABASE {name}{template}")
        return name


def start_server(in_background: bool = False) -> PgServer:
    folder = Path(tempfile.mkdtemp(prefix="leadtui-pg-"))
    os.chmod(folder, 0o755)
    server = PgServer(bin_dir(), folder, in_background=in_background)
    server.start()
    return server


@contextmanager
def bench_server() -> Iterator[PgServer]:
    """For the bench scripts: a started cluster with its migrated template, stopped at the end;
    exit code 2, saying why, where PostgreSQL's server is not installed."""
    if bin_dir() is None:
        print("PostgreSQL's initdb/pg_ctl not found (Debian's postgresql package)", file=sys.stderr)
        raise SystemExit(2)
    server = start_server()
    try:
        server.make_template()
        yield server
    finally:
        server.stop()
