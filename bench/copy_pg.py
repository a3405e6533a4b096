"""Moving into team mode: `leadtui copy` of a whole database into PostgreSQL and back.

    python bench/copy_pg.py                          # generates 100,000 leads
    python bench/copy_pg.py --db /tmp/bench100k/bench.db --reps 2

Starts a throwaway PostgreSQL cluster (initdb/pg_ctl, as the tests do), copies a
private copy of the database into it and back into a new file, and prints each
copy's wall time, this process's CPU time (the rest is the server's) and the
load average. The database given with --db is only read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from gen import generate  # noqa: E402
from pgserver import bin_dir, start_server  # noqa: E402


def timed(label: str, run) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    counts = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rows = sum(counts.values())
    print(f"{label:<22} {wall:6.1f} s wall  {cpu:5.1f} s CPU here  {rows:,} rows  "
          f"load {os.getloadavg()[0]:.2f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing leadtui database to copy (only read)")
    parser.add_argument("--leads", type=int, default=100_000, help="leads to generate without --db")
    parser.add_argument("--reps", type=int, default=1)
    args = parser.parse_args(argv)
    if bin_dir() is None:
        print("PostgreSQL's initdb/pg_ctl not found (Debian's postgresql package)", file=sys.stderr)
        return 2

    from leadtui.db.url import parse_target
    from leadtui.team.copy import copy_database

    workdir = Path(tempfile.mkdtemp(prefix="leadtui-bench-copy-"))
    server = None
    try:
        source = workdir / "source.db"
        if args.db:
            shutil.copyfile(args.db, source)
        else:
            generate(source, args.leads, datetime.now(UTC).replace(tzinfo=None))
        server = start_server()
        for rep in range(1, args.reps + 1):
            name = f"copy_{rep}"
            server.admin(f"CREATE DATABASE {name}")
            url = parse_target(server.url(name))
            timed("file -> PostgreSQL", lambda: copy_database(source, url).counts)  # noqa: B023
            back = workdir / f"back_{rep}.db"
            timed("PostgreSQL -> file", lambda: copy_database(url, back).counts)  # noqa: B023
            server.drop_database(server.url(name))
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
