"""Where figure 4's time goes: each step of a CSV import timed alone, in CPU seconds.

    python bench/import_stages.py                 # 100,000 rows, median of 3
    python bench/import_stages.py --rows 20000 --reps 1

Every step runs the import's own code over the same generated file as
bench/import_csv.py (phones, e-mails, duplicates and scores as the import does them);
the database steps write into a fresh empty database each repetition, in one
transaction, the way an import into an empty table does: rows with no index and no
search-index trigger, then each index built, then the search index filled, then the
stage events (their indexes built after them) and tags. CPU time (`time.process_time()`) is what is compared: it
includes SQLite's work in this process and not the waits for the disk or for other
processes on a busy machine.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from import_csv import parse_only, write_csv  # noqa: E402


def _cpu(call: Callable[[], object]) -> tuple[float, object]:
    start = time.process_time()
    result = call()
    return time.process_time() - start, result


class Steps:
    """Median CPU seconds per named step over the repetitions, in first-seen order."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}

    def time(self, name: str, call: Callable[[], object]):
        took, result = _cpu(call)
        self.samples.setdefault(name, []).append(took)
        return result

    def median(self, name: str) -> float:
        values = sorted(self.samples[name])
        return values[len(values) // 2]


def _context():
    from leadtui.config import Config
    from leadtui.context import Context
    from leadtui.kit.clock import Clock

    return Context(Clock(), Config(owner="bench", default_region="FI"))


def prepare_steps(steps: Steps, path: Path) -> tuple[object, object]:
    """File to candidates, then the duplicate decisions: (ctx, prepared) for the writes."""
    from leadtui.interop import records
    from leadtui.interop.csvfile import read_table
    from leadtui.interop.csvimport import CandidateReader, Survey, plan_columns
    from leadtui.interop.importer import Prepared, _Run
    from leadtui.interop.presets import recognise
    from leadtui.interop.sniff import read_file

    ctx = _context()
    opened = steps.time("check the file's encoding and line lengths, a chunk at a time",
                        lambda: read_file(path))
    table = read_table(opened.chunks, str(path))
    rows = steps.time("csv rows, read again (csv module + blank/ragged checks)",
                      lambda: list(table.rows()))
    plan = plan_columns(table.header, recognise(table.header))
    survey = steps.time("survey: row count, date order, country, examples",
                        lambda: Survey(table, plan).run())
    column = {target: i for i, target in plan.pairs}
    phone_cells = [cells[column["phone"]] for _, cells, _ in rows if cells[column["phone"]].strip()]
    email_cells = [cells[column["email"]] for _, cells, _ in rows if cells[column["email"]].strip()]

    def phones() -> None:
        clean = records.PhoneCleaner(ctx.config.default_region)
        for raw in phone_cells:
            clean(raw, "Finland")

    def emails() -> None:
        for raw in email_cells:
            records.clean_email(raw)

    steps.time(f"phones: {len(phone_cells):,} cleaned, {len(set(phone_cells)):,} distinct", phones)
    steps.time(f"e-mails: {len(email_cells):,} checked", emails)
    items = steps.time("candidates: whole row step (mapping + phones + e-mails)",
                       lambda: list(CandidateReader(ctx, table, plan, survey)))
    candidates = [c for c in items if isinstance(c, records.Candidate)]
    errors = [e for e in items if isinstance(e, records.RowError)]
    prepared = Prepared(str(path), "csv", "", opened.encoding, header=table.header,
                        mapping=plan.as_mapping(), candidates=candidates, errors=errors)
    steps.time("duplicate checks (e-mail, phone, similar names)",
               lambda: _Run(prepared, "skip", True).decide(candidates))
    return ctx, prepared


def write_steps(steps: Steps, path: Path, db: Path, cache_mib: int = 0) -> None:
    from leadtui.db.connection import close_db, database, init_db, write_transaction
    from leadtui.interop import importer
    from leadtui.interop.bulk import SearchIndexLoad
    from leadtui.interop.leadrows import new_lead_values
    from leadtui.leads.writes import normalise_tags

    init_db(db)
    try:
        ctx, prepared = prepare_steps(steps, path)
        writer = importer._Writer(ctx)
        candidates = prepared.candidates
        values = steps.time("scores, defaults, staleness: each new lead's values",
                            lambda: [new_lead_values(ctx, c, writer.now, writer.rules, writer.profile,
                                                     writer.scores) for c in candidates])
        rows = steps.time("row tuples for the insert (43 columns, text checks)",
                          lambda: [writer.leads.row(writer.lead_row(v)) for v in values])
        with write_transaction():
            every = database.execute_sql(
                "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name IN ('lead', 'stage_change') AND sql IS NOT NULL "
                "ORDER BY name").fetchall()
            for name, _, _ in every:
                database.execute_sql(f'DROP INDEX "{name}"')
            indexes = [(name, sql) for name, sql, table in every if table == "lead"]
            event_indexes = [(name, sql) for name, sql, table in every if table != "lead"]
            search = SearchIndexLoad()
            search.__enter__()
            steps.time("executemany into lead, no index, no search trigger",
                       lambda: writer.leads.run(rows))
            if cache_mib:
                database.execute_sql(f"PRAGMA cache_size = {-1024 * cache_mib}")
            for name, sql in indexes:
                steps.time(f"  index {name}", lambda sql=sql: database.execute_sql(sql))
            steps.time("search index, one INSERT … SELECT", lambda: search.fill(0))
            search.__exit__(None, None, None)
            ids = [r[0] for r in database.execute_sql("SELECT id FROM lead ORDER BY id")]

            def events() -> None:
                database.execute_sql(importer.FIRST_EVENTS.format(p=database.param), (0,) * 3)

            def tags() -> None:
                writer.tags.run([writer.tags.row((lead_id, t)) for lead_id, c in zip(ids, candidates, strict=True)
                                 for t in normalise_tags(c.tags)])

            steps.time("stage events (one INSERT … SELECT), no index", events)
            for name, sql in event_indexes:
                steps.time(f"  index {name}", lambda sql=sql: database.execute_sql(sql))
            steps.time("tags", tags)
            committing = time.process_time()
        steps.samples.setdefault("commit", []).append(time.process_time() - committing)
    finally:
        close_db()


def raw_inserts(steps: Steps, path: Path, db: Path) -> None:
    """sqlite3 alone, no leadtui: the same rows' 43 values, and 5 narrow columns."""
    import sqlite3

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    wide = [(f"{r[0]} {r[1]}", r[4], r[5], r[2], r[3], "", f"{r[6]}, {r[7]}", "", None, None, None,
             None, None, r[8], "outbound", "lead", "contact", "none", "cold", 0, None, None, None,
             None, "", "bench", r[10], r[10], None, r[10], None, None, None, 0, 0, 0, 0, 0, 0, 0,
             None, "", 0) for r in rows]
    connection = sqlite3.connect(db, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = wal")
        connection.execute("CREATE TABLE wide (id INTEGER PRIMARY KEY, "
                           + ", ".join(f"c{i}" for i in range(43)) + ")")
        connection.execute("CREATE TABLE narrow (id INTEGER PRIMARY KEY, a, b, c, d, e)")
        connection.execute("BEGIN IMMEDIATE")
        marks = ", ".join("?" * 43)
        steps.time("raw sqlite3: 43 columns, executemany",
                   lambda: connection.executemany(f"INSERT INTO wide VALUES (NULL, {marks})", wide))
        steps.time("raw sqlite3: 5 columns, executemany",
                   lambda: connection.executemany("INSERT INTO narrow VALUES (NULL, ?, ?, ?, ?, ?)",
                                                  [r[:5] for r in rows]))
        connection.execute("COMMIT")
    finally:
        connection.close()


def whole_import(steps: Steps, path: Path, db: Path) -> None:
    from import_csv import import_once

    steps.samples.setdefault("whole import (prepare + run_import)", []).append(
        import_once(path, db)[1]["cpu_seconds"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--cache-mib", type=int, default=64,
                        help="SQLite page cache for the index builds (the import's: 64; 0: the "
                             "connection's own)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="leadtui-stages-"))
    os.environ["LEADTUI_CONFIG"] = str(workdir / "no-such-config.toml")
    try:
        path = workdir / "import.csv"
        write_csv(path, args.rows)
        steps = Steps()
        load = os.getloadavg()[0]
        gc.disable()  # as the import does (leadtui.interop.bulk.without_cycle_collection)
        for rep in range(args.reps):
            steps.samples.setdefault("csv module alone (the baseline)", []).append(
                parse_only(path, time.process_time))
            write_steps(steps, path, workdir / f"steps-{rep}.db", args.cache_mib)
            raw_inserts(steps, path, workdir / f"raw-{rep}.db")
            whole_import(steps, path, workdir / f"whole-{rep}.db")
        base = steps.median("csv module alone (the baseline)")
        print(f"{args.rows:,} rows, median of {args.reps}, load average {load:.1f} → "
              f"{os.getloadavg()[0]:.1f}")
        print("| step | CPU ms | × csv |\n|---|---|---|")
        for name in steps.samples:
            took = steps.median(name)
            print(f"| {name} | {took * 1000:,.0f} | {took / base:.2f} |")
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
