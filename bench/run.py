"""Performance figures from the design doc, each as a ratio against its baseline, in one run.

Usage (from the repository root, with the project's virtualenv active):

    python bench/run.py            # 100,000 generated leads
    python bench/run.py --quick    # 10,000 leads, fewer repetitions
    python bench/run.py --leads 50000 --reps 9 --keep

Everything happens in a temporary directory (kept and printed with --keep);
subprocesses get LEADTUI_CONFIG pointing at a file that does not exist, so no
user data or settings are read or written, and PYTHONPYCACHEPREFIX inside that
directory, so they run from cached bytecode (after a discarded warm-up run) as
an installed program does, without writing into the source tree. Prints a table
"figure | measured | baseline | ratio | goal | ok" and exits 1 when a goal is
missed (a figure whose feature is not built yet is reported as SKIP).

Figures:
 1. cold start to the first paint of the lead list (a subprocess that builds the
    app opening on the list, as `leadtui --open leads`, and exits after the paint
    showing its first page of rows) vs a minimal Textual app with one Static
    exiting after its first paint; medians.
 2. keystroke in the filter box until the list is repainted vs a key bound to
    nothing, in-process with `App.run_test()`; median and max.
 3. staleness: the timer tick (`timers.check_for_changes`) and the stale count
    (`staleness.count_stale` + `went_stale_between`) vs one unindexed
    `SELECT count(*)` over the lead table.
 4. CSV import: `leadtui import` of a generated CRM-like CSV of N rows into an empty
    database vs storing the same rows in the same schema with no checks (the floor of
    bench/import_csv.py), CPU time; goal ≤ 3×.
 5. peak resident memory (VmHWM at the first paint) of the figure 1 subprocesses.
 6. `leadtui add` / `log` / `today` as whole processes vs `python -c "import peewee"`.
 7. paging: the last page of the list (End) vs its first page, for every sort order,
    CPU time of alternating pairs; the worst sort is the figure.
 8. the heaviest report (funnel, sources, response, workload, weekly, monthly) over
    all leads: reported, no ratio.
Growth: the run also prints absolute CPU times of the list's first page, a full-text
search's first page (a common word, and one matching nothing), the last page, the
timer's tick, two counts that grow with what they count (stale leads, all
leads) and Today's read; bench/RESULTS.md keeps them at 10k, 100k and 1M leads (`--leads N`;
`--db PATH` reuses a database this script generated and kept).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import generate  # noqa: E402

PY = sys.executable
SEARCH = "virtanen"  # a common surname: 4% of the generated leads
NO_MATCH = "zzzqq"


@dataclass
class Figure:
    name: str
    measured: float | None
    baseline: float | None
    goal: float | None
    unit: str = "ms"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.measured is None or not self.baseline:
            return None
        return self.measured / self.baseline

    @property
    def ok(self) -> str:
        if self.ratio is None or self.goal is None:
            return "SKIP"
        return "yes" if self.ratio <= self.goal else "NO"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value * 1000:.2f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:g}"


def print_table(figures: list[Figure]) -> None:
    head = ("figure", "measured", "baseline", "ratio", "goal", "ok")
    rows = [head] + [
        (f.name, _fmt(f.measured, f.unit), _fmt(f.baseline, f.unit),
         "—" if f.ratio is None else f"{f.ratio:.2f}×",
         "—" if f.goal is None else f"≤ {f.goal:g}×", f.ok)
        for f in figures
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for n, row in enumerate(rows):
        print(" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    for f in figures:
        if f.note:
            print(f"  {f.name}: {f.note}")


# ---- subprocesses -------------------------------------------------------------

def child_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["LEADTUI_CONFIG"] = str(workdir / "no-such-config.toml")
    env.pop("LEADTUI_DB", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # Bytecode cached as after a normal install, but outside the source tree:
    # with PYTHONDONTWRITEBYTECODE every start would recompile leadtui from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    return env


def run_child(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    """Run one process to the end; returns its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n"
                           f"{proc.stderr.decode()}{proc.stdout.decode()}")
    return wall


def start_up(db: Path, workdir: Path, reps: int) -> list[Figure]:
    """Figures 1 and 5: first paint and peak memory, leads app vs minimal app, interleaved."""
    env = child_env(workdir)
    out = workdir / "painted.txt"
    probe = str(HERE / "probe.py")
    samples: dict[str, list[tuple[float, float]]] = {"minimal": [], "leads": []}

    def once(kind: str) -> tuple[float, float]:
        extra = [str(db)] if kind == "leads" else []
        out.unlink(missing_ok=True)
        t0 = time.perf_counter()
        run_child([PY, probe, kind, repr(t0), str(out), *extra], env, workdir)
        paint, rss = out.read_text().split()
        return float(paint), float(rss)

    for kind in ("minimal", "leads"):  # warm the page cache and .pyc files
        once(kind)
    for _ in range(reps):
        for kind in ("minimal", "leads"):
            samples[kind].append(once(kind))
    paint = {k: statistics.median(s[0] for s in v) for k, v in samples.items()}
    rss = {k: statistics.median(s[1] for s in v) for k, v in samples.items()}
    return [
        Figure("1 cold start → lead list painted", paint["leads"], paint["minimal"], 1.5,
               note=f"median of {reps}; leads runs {_spread(samples['leads'])}"),
        Figure("5 resident memory, lead list open", rss["leads"], rss["minimal"], 1.5, unit="MiB"),
    ]


def _spread(samples) -> str:
    values = sorted(s[0] for s in samples)
    return f"{values[0] * 1000:.0f}–{values[-1] * 1000:.0f} ms"


def cli(db: Path, workdir: Path, reps: int) -> list[Figure]:
    """Figure 6: whole CLI processes vs `python -c "import peewee"`, interleaved."""
    env = child_env(workdir)
    base = [PY, "-m", "leadtui.cli", "--db", str(db)]
    commands = {
        # One company and e-mail domain per person: similar names at one company are refused
        # as likely duplicates, which is not what this figure times (i is -1 on the warm-up run).
        "add": lambda i: [*base, "add", f"Bench Person {i + 100}", "--email",
                          f"person@bench-{i + 100}.example.com", "--company", f"Bench {i + 100} Oy",
                          "--source", "referral", "--next", "tomorrow 9am"],
        "log": lambda i: [*base, "log", str(1000 + i), "call", "--note", "talked about pricing",
                          "--next", "in 3 days"],
        "today": lambda i: [*base, "today"],
    }
    baseline_cmd = [PY, "-c", "import peewee"]
    times: dict[str, list[float]] = {name: [] for name in [*commands, "baseline"]}
    run_child(baseline_cmd, env, workdir)
    for make in commands.values():
        run_child(make(-1), env, workdir)  # warm-up
    for i in range(reps):
        times["baseline"].append(run_child(baseline_cmd, env, workdir))
        for name, make in commands.items():
            times[name].append(run_child(make(i), env, workdir))
    peewee = statistics.median(times["baseline"])
    return [Figure(f"6 CLI `leadtui {name}`, whole process", statistics.median(times[name]),
                   peewee, 2.0) for name in commands]


# ---- in-process ---------------------------------------------------------------

def _median_time(func, reps: int) -> float:
    func()
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def staleness(db: Path, reps: int) -> list[Figure]:
    """Figure 3: the timer's questions vs one unindexed count over the lead table."""
    from leadtui.db.connection import close_db, data_version, database, init_db
    from leadtui.record.staleness import count_stale, went_stale_between
    from leadtui.tui.timers import check_for_changes

    init_db(db)
    now = datetime.now(UTC).replace(tzinfo=None)
    since = now - timedelta(seconds=60)
    version = data_version()
    unindexed = "SELECT count(*) FROM lead WHERE engagement_score > 10"
    try:
        base = _median_time(lambda: database.execute_sql(unindexed).fetchone(), reps)
        tick = _median_time(lambda: check_for_changes(since, now, version), reps)
        sweep = _median_time(lambda: (count_stale(now), went_stale_between(since, now)), reps)
        stale = count_stale(now)
    finally:
        close_db()
    return [
        Figure("3a staleness tick (check_for_changes)", tick, base, 1.0),
        Figure("3b count_stale + went_stale_between", sweep, base, 1.0,
               note=f"{stale:,} stale leads; baseline: {unindexed}"),
    ]


def csv_import(workdir: Path, rows: int) -> list[Figure]:
    """Figure 4: a whole import (read, check, dedupe, score, write) vs the floor: the same rows
    stored in the same schema with no check at all (bench/import_csv.py's floor_once), written
    as the import must write them, in committed batches with the indexes kept up to date (no
    import holds the write lock across more than one batch). CPU time."""
    from import_csv import floor_once, measure

    took, parse, counts = measure(workdir, rows, reps=1)
    floor = floor_once(workdir / "import.csv", workdir / "floor.db", empty_table_load=False,
                       clock=time.process_time)
    return [Figure(f"4 CSV import of {rows // 1000}k rows (CPU) vs storing them unchecked",
                   counts["cpu_seconds"], floor, 3.0,
                   note=f"{rows / took:,.0f} rows/s; {counts['created']:,} created, "
                   f"{counts['likely_duplicates']} likely duplicates, "
                   f"{counts['unverified']} kept unverified; {took / parse:.0f}× csv alone")]


def keystrokes(db: Path, reps: int) -> list[Figure]:
    """Figure 2: typing into the filter box vs a key bound to nothing, lead list open."""
    from leadtui.config import load_config
    from leadtui.context import open_context
    from leadtui.db.connection import close_db
    from leadtui.tui.app import build_app

    ctx = open_context(db, load_config())
    app = build_app(db, ctx)
    typed = ["virtanen", "acme labs", "temp:hot score>40", "pricing", "helsinki"]
    noop: list[float] = []
    filt: list[float] = []

    async def timed(pilot, key: str) -> float:
        start = time.perf_counter()
        await pilot.press(key)
        while getattr(app.screen, "reading", False):  # the list's reads run in a worker
            await asyncio.sleep(0.0005)
        await pilot.pause()
        return time.perf_counter() - start

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("2")
            await pilot.pause()
            assert type(app.screen).__name__ == "LeadsScreen", app.screen
            while app.screen.reading:
                await asyncio.sleep(0.001)
            await timed(pilot, "z")
            for _ in range(max(reps, 5)):
                for _ in range(len(typed)):
                    noop.append(await timed(pilot, "z"))
            for _ in range(max(1, reps // 5)):
                for text in typed:
                    await pilot.press("slash")
                    await pilot.pause()
                    for ch in text:
                        filt.append(await timed(pilot, ch))
                    await pilot.press("escape")
                    await pilot.pause()

    try:
        asyncio.run(drive())
    finally:
        close_db()
    base = statistics.median(noop)
    return [
        Figure("2a keystroke → list repainted, median", statistics.median(filt), base, 2.5,
               note=f"{len(filt)} keystrokes typing {', '.join(repr(t) for t in typed)}; "
                    f"{len(noop)} no-op presses of 'z'"),
        Figure("2b keystroke → list repainted, max", max(filt), base, 6.0),
    ]


def _cpu_median(func, reps: int) -> float:
    """Median CPU time of `func` on this thread (other processes' load does not count)."""
    func()
    samples = []
    for _ in range(reps):
        start = time.thread_time()
        func()
        samples.append(time.thread_time() - start)
    return statistics.median(samples)


def _paired_medians(first, second, reps: int) -> tuple[float, float]:
    """CPU medians of two reads run in alternation (A B, B A, …), so a burst of load hits both."""
    first()
    second()
    samples: tuple[list[float], list[float]] = ([], [])
    for rep in range(reps):
        order = ((0, first), (1, second)) if rep % 2 else ((1, second), (0, first))
        for slot, func in order:
            start = time.thread_time()
            func()
            samples[slot].append(time.thread_time() - start)
    return statistics.median(samples[0]), statistics.median(samples[1])


def paging_figures(db: Path, reps: int) -> tuple[list[Figure], dict[str, float]]:
    """Figure 7 and the growth row: the list's reads as the screen makes them, in-process."""
    from leadtui.config import load_config
    from leadtui.context import open_context
    from leadtui.db.connection import close_db, data_version
    from leadtui.db.models import Lead
    from leadtui.finding import paging, queries
    from leadtui.record.staleness import count_stale
    from leadtui.tui.timers import check_for_changes

    ctx = open_context(db, load_config())
    try:
        worst = None
        for sort in queries.SORT_ORDER:
            first, last = _paired_medians(lambda s=sort: paging.first_page(ctx, None, s),
                                          lambda s=sort: paging.last_page(ctx, None, s), reps)
            if worst is None or last / first > worst[2] / worst[1]:
                worst = (sort, first, last)
        search, no_match = queries.LeadFilter(query=SEARCH), queries.LeadFilter(query=NO_MATCH)
        now = ctx.now()
        since, version = now - timedelta(seconds=60), data_version()
        growth = {
            "list": _cpu_median(lambda: paging.first_page(ctx, None, "touched"), reps),
            "search": _cpu_median(lambda: paging.first_page(ctx, search, "touched"), reps),
            "search, no match": _cpu_median(lambda: paging.first_page(ctx, no_match, "touched"), reps),
            "last page": _cpu_median(lambda: paging.last_page(ctx, None, "score"), reps),
            "timer tick": _cpu_median(lambda: check_for_changes(since, now, version), reps),
            "stale count": _cpu_median(lambda: count_stale(now), reps),
            "count": _cpu_median(lambda: queries.count_leads(ctx), reps),
            "today": _cpu_median(lambda: queries.today(ctx), reps),
        }
        skipped = max(queries.count_leads(ctx) - paging.PAGE_SIZE, 0)
        by_offset = (Lead.select(*queries.LIST_COLUMNS).order_by(*queries.SORTS[worst[0]].order_by())
                     .offset(skipped).limit(paging.PAGE_SIZE))
        offset = _median_time(lambda: queries._rows(by_offset, now), max(3, reps // 3))
    finally:
        close_db()
    sort, first, last = worst
    return [Figure("7 last page vs first page (End)", last, first, 2.0,
                   note=f"worst sort: {sort}; CPU medians of {reps} alternating pairs; "
                        f"the same page by OFFSET took {offset * 1000:.0f} ms")], growth


def heaviest_report(db: Path) -> list[Figure]:
    """Figure 8: every report over all leads once; the slowest is reported (no goal)."""
    from leadtui.config import load_config
    from leadtui.context import open_context
    from leadtui.db.connection import close_db

    ctx = open_context(db, load_config())
    reports = {}
    try:
        from leadtui.insight import funnel, periodic, response, sources, workload

        runs = {"funnel": lambda: funnel.funnel(ctx), "sources": lambda: sources.sources(ctx),
                "response": lambda: response.response(ctx), "workload": lambda: workload.workload(ctx),
                "weekly": lambda: periodic.periodic(ctx, "weekly"),
                "monthly": lambda: periodic.periodic(ctx, "monthly")}
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            reports[name] = time.perf_counter() - start
    except ImportError:
        return []
    finally:
        close_db()
    name = max(reports, key=reports.get)
    return [Figure("8 heaviest report (computed in a worker)", reports[name], None, None,
                   note=f"{name}; " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in reports.items()))]


# ---- main ---------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=None, help="leads to generate (default 100000)")
    parser.add_argument("--quick", action="store_true", help="10,000 leads and fewer repetitions")
    parser.add_argument("--reps", type=int, default=None, help="repetitions per measurement")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--db", type=Path, help="reuse a database this script generated (kept)")
    parser.add_argument("--skip", default="", help="comma-separated steps to leave out: "
                        "start-up, CLI, staleness, keystrokes, paging, reports, import")
    args = parser.parse_args(argv)
    n = args.leads or (10_000 if args.quick else 100_000)
    reps = args.reps or (5 if args.quick else 7)

    workdir = Path(tempfile.mkdtemp(prefix="leadtui-bench-"))
    os.environ["LEADTUI_CONFIG"] = str(workdir / "no-such-config.toml")
    os.environ.pop("LEADTUI_DB", None)
    db = workdir / "bench.db"
    figures: list[Figure] = []
    growth: dict[str, float] = {}
    skip = {part.strip().lower() for part in args.skip.split(",") if part.strip()}
    try:
        if args.db:
            db = args.db
            print(f"reusing {db}", flush=True)
        else:
            start = time.perf_counter()
            counts = generate(db, n, datetime.now(UTC).replace(tzinfo=None))
            took = time.perf_counter() - start
            print(f"generated {', '.join(f'{v:,} {k}' for k, v in counts.items())} "
                  f"in {took:.1f} s ({counts['leads'] / took:,.0f} leads/s) at {db}", flush=True)

        def paging_step():
            found, rows = paging_figures(db, max(reps, 25))
            growth.update(rows)
            return found

        for label, step in (("start-up", lambda: start_up(db, workdir, reps)),
                            ("CLI", lambda: cli(db, workdir, reps)),
                            ("staleness", lambda: staleness(db, max(reps, 15))),
                            ("keystrokes", lambda: keystrokes(db, reps)),
                            ("paging", paging_step),
                            ("reports", lambda: heaviest_report(db)),
                            ("import", lambda: csv_import(workdir, n))):
            if label.lower() in skip:
                continue
            print(f"measuring {label} …", flush=True)
            figures += step()
        figures.sort(key=lambda f: f.name)
        print()
        size = f"database {db}" if args.db else f"{n:,} leads"
        print(f"{size}, {reps} repetitions, Python {sys.version.split()[0]}, "
              f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print_table(figures)
        if growth:
            print("\ngrowth row (absolute, CPU median): " + " · ".join(
                f"{k} {v * 1000:.2f} ms" for k, v in growth.items()))
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    missed = [f.name for f in figures if f.ok == "NO"]
    if missed:
        print(f"\ngoal missed: {'; '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
