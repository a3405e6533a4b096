"""Figure 4: importing a generated CSV of N rows vs parsing the same file with `csv` alone.

    python bench/import_csv.py            # 100,000 rows
    python bench/import_csv.py --rows 10000 --profile

The file looks like a CRM export: names, e-mail, phone (in most rows), company,
title, city, country, source, lifecycle stage and a creation date. The import
runs in-process into an empty database (dry run excluded: it writes).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import CITIES, COMPANY_A, COMPANY_B, FIRST, LAST, SOURCES  # noqa: E402

HEADER = ["First Name", "Last Name", "Email", "Phone", "Company", "Job Title", "City", "Country",
          "Lead Source", "Lifecycle Stage", "Create Date"]
STAGES = ("Lead", "Subscriber", "Marketing Qualified Lead", "Sales Qualified Lead", "Opportunity")
TITLES = ("CEO", "CTO", "Buyer", "Head of Sales", "Engineer", "Marketing Manager")


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    start = datetime(2023, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            # Realistic spread: few people share a name at one company.
            first = rnd.choice(FIRST)
            last = rnd.choice(LAST) + rnd.choice(("", "s", "son", "nen", "berg", "ström", "lä", "dt"))
            company = f"{rnd.choice(COMPANY_A)} {rnd.choice(COMPANY_B)} {rnd.randrange(40)}"
            domain = company.lower().replace(" ", "") + ".com"
            phone = f"+358 40 {1000000 + i:07d}" if rnd.random() < 0.7 else ""
            created = start + timedelta(minutes=rnd.randrange(0, 60 * 24 * 600))
            writer.writerow([first, last, f"{first}.{last}.{i}@{domain}".lower(), phone, company,
                             rnd.choice(TITLES), rnd.choice(CITIES), "Finland",
                             rnd.choice(SOURCES), rnd.choice(STAGES),
                             created.strftime("%Y-%m-%d %H:%M")])


def parse_only(path: Path, clock=time.perf_counter) -> float:
    start = clock()
    with path.open(newline="", encoding="utf-8") as handle:
        for _ in csv.reader(handle):
            pass
    return clock() - start


def import_once(path: Path, db: Path) -> tuple[float, dict]:
    from leadtui.clock import Clock
    from leadtui.config import Config
    from leadtui.context import Context
    from leadtui.db.connection import close_db, init_db
    from leadtui.interop.importer import prepare, run_import

    init_db(db)
    try:
        ctx = Context(Clock(), Config(owner="bench", default_region="FI"))
        start, cpu = time.perf_counter(), time.process_time()
        report = run_import(ctx, prepare(ctx, str(path)))
        counts = report.counts()
        counts["cpu_seconds"] = round(time.process_time() - cpu, 2)  # unaffected by a busy machine
        return time.perf_counter() - start, counts
    finally:
        close_db()


def measure(workdir: Path, rows: int, reps: int = 3) -> tuple[float, float, dict]:
    """(import seconds, csv-parse seconds, counts): medians; each import into a new database."""
    path = workdir / "import.csv"
    write_csv(path, rows)
    parse = sorted(parse_only(path) for _ in range(max(reps, 5)))[max(reps, 5) // 2]
    runs = []
    counts: dict = {}
    for rep in range(reps):
        took, counts = import_once(path, workdir / f"import-{rep}.db")
        runs.append(took)
    return sorted(runs)[reps // 2], parse, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one import")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="leadtui-import-"))
    os.environ["LEADTUI_CONFIG"] = str(workdir / "no-such-config.toml")
    if args.profile:
        import cProfile
        import pstats

        path = workdir / "import.csv"
        write_csv(path, args.rows)
        profiler = cProfile.Profile()
        profiler.enable()
        import_once(path, workdir / "p.db")
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("TOP", "30")))
        return 0
    took, parse, counts = measure(workdir, args.rows, args.reps)
    parse_cpu = sorted(parse_only(workdir / "import.csv", time.process_time) for _ in range(5))[2]
    print(f"{args.rows:,} rows: import {took:.2f} s ({args.rows / took:,.0f} rows/s), "
          f"csv alone {parse * 1000:.0f} ms, ratio {took / parse:.1f}× (goal ≤ 4×); "
          f"CPU {counts['cpu_seconds']:.2f} s vs {parse_cpu * 1000:.0f} ms, "
          f"{counts['cpu_seconds'] / parse_cpu:.1f}×; {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
