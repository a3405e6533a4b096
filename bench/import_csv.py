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
import shutil
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


def import_once(path: Path, db: Path, *, not_empty: bool = False) -> tuple[float, dict]:
    from leadtui.config import Config
    from leadtui.context import Context
    from leadtui.db.connection import close_db, init_db
    from leadtui.interop.importer import prepare, run_import
    from leadtui.kit.clock import Clock

    init_db(db)
    try:
        ctx = Context(Clock(), Config(owner="bench", default_region="FI"))
        if not_empty:  # one lead already there: the import writes batch by batch, indexes kept
            from leadtui.leads.writes import NewLead, add_lead

            add_lead(ctx, NewLead("Already Here", email="already@here.example"))
        start, cpu = time.perf_counter(), time.process_time()
        report = run_import(ctx, prepare(ctx, str(path)))
        counts = report.counts()
        counts["cpu_seconds"] = round(time.process_time() - cpu, 2)  # unaffected by a busy machine
        return time.perf_counter() - start, counts
    finally:
        close_db()


FLOOR_BATCH = 5000  # the import's rows per transaction


def floor_once(path: Path, db: Path, *, empty_table_load: bool, clock=time.perf_counter) -> float:
    """The least an import can cost on this schema: the file read with `csv`, each row put
    into the lead table's columns without any check, dedupe or scoring, and written with
    executemany in batches of 5,000, each committed, the search index filled once per batch
    (as the import does) — or, with `empty_table_load`, in one transaction with the indexes
    built after (what the import did into an empty database before it had to let other
    writers in between batches)."""
    from leadtui.db.connection import close_db, database, init_db, write_transaction
    from leadtui.db.models import Lead
    from leadtui.interop.bulk import BulkInsert, SearchIndexLoad

    init_db(db)
    try:
        columns = [n for n in Lead._meta.sorted_field_names if n != "id"]
        insert = BulkInsert(Lead, columns)
        now = str(datetime(2026, 1, 1))
        base = {n: None for n in columns}
        base.update(company="", title="", email="", phone="", website="", location="", industry="",
                    source="", direction="outbound", kind="lead", stage="interest",
                    qualification="none", temperature="cold", temperature_pinned=False,
                    interest="", owner="bench", created_at=now, updated_at=now,
                    last_touched_at=now, fit_score=0, engagement_score=0, score=0, icp_ticks=0,
                    icp_total=0, archived=False, value_currency="", version=0,
                    phone_unverified=False, email_unverified=False)
        at = {name: columns.index(name) for name in columns}
        template = [base[n] for n in columns]
        start = clock()
        rows = []
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            for first, last, email, phone, company, title, city, country, source, _stage, created \
                    in reader:
                row = template.copy()
                row[at["name"]], row[at["email"]], row[at["phone"]] = f"{first} {last}", email, phone
                row[at["company"]], row[at["title"]] = company, title
                row[at["location"]], row[at["source"]] = f"{city}, {country}", source.lower()
                row[at["created_at"]] = row[at["last_touched_at"]] = created + ":00"
                rows.append(tuple(row))

        def batches() -> None:
            for i in range(0, len(rows), FLOOR_BATCH):
                with write_transaction():
                    before = database.execute_sql("SELECT coalesce(max(id), 0) FROM lead").fetchone()[0]
                    with SearchIndexLoad() as search:
                        insert.run(rows[i:i + FLOOR_BATCH])
                        search.fill(before)

        if empty_table_load:
            with write_transaction():
                indexes = database.execute_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'lead' "
                    "AND sql IS NOT NULL").fetchall()
                for name, _ in indexes:
                    database.execute_sql(f'DROP INDEX "{name}"')
                batches()
                for _, sql in indexes:
                    database.execute_sql(sql)
        else:
            batches()
        return clock() - start
    finally:
        close_db()


def measure(workdir: Path, rows: int, reps: int = 3, *, not_empty: bool = False
            ) -> tuple[float, float, dict]:
    """(import seconds, csv-parse seconds, counts): medians; each import into a new database."""
    path = workdir / "import.csv"
    write_csv(path, rows)
    parse = sorted(parse_only(path) for _ in range(max(reps, 5)))[max(reps, 5) // 2]
    runs = []
    counts: dict = {}
    for rep in range(reps):
        took, counts = import_once(path, workdir / f"import-{rep}.db", not_empty=not_empty)
        runs.append(took)
    return sorted(runs)[reps // 2], parse, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile one import")
    parser.add_argument("--not-empty", action="store_true",
                        help="import into a database that holds one lead (the batch path)")
    parser.add_argument("--floor", action="store_true",
                        help="also time the floor: rows written without any check (see floor_once)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="leadtui-import-"))
    os.environ["LEADTUI_CONFIG"] = str(workdir / "no-such-config.toml")
    try:
        return _run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run(args: argparse.Namespace, workdir: Path) -> int:
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
    took, parse, counts = measure(workdir, args.rows, args.reps, not_empty=args.not_empty)
    parse_cpu = sorted(parse_only(workdir / "import.csv", time.process_time) for _ in range(5))[2]
    print(f"{args.rows:,} rows: import {took:.2f} s ({args.rows / took:,.0f} rows/s), "
          f"csv alone {parse * 1000:.0f} ms, ratio {took / parse:.1f}× (goal ≤ 4×); "
          f"CPU {counts['cpu_seconds']:.2f} s vs {parse_cpu * 1000:.0f} ms, "
          f"{counts['cpu_seconds'] / parse_cpu:.1f}×; {counts}")
    if args.floor:
        for label, empty in (("batches of 5,000", False), ("empty-table load", True)):
            took = sorted(floor_once(workdir / "import.csv", workdir / f"floor-{empty}-{rep}.db",
                                     empty_table_load=empty) for rep in range(args.reps))[args.reps // 2]
            print(f"floor, {label}: {took:.2f} s ({args.rows / took:,.0f} rows/s), "
                  f"ratio {took / parse:.1f}× the csv module alone")
    return 0


if __name__ == "__main__":
    sys.exit(main())
