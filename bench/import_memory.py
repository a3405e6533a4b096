"""Peak memory of `leadtui import` of a CSV of long notes, as a whole process.

    python bench/import_memory.py                 # a 240 MB file
    python bench/import_memory.py --mb 60 --dry-run

The file is a CRM export whose rows each carry a note of a few kilobytes (call notes
pasted from mail, some of them in Russian). The import runs as its own process under
/usr/bin/time -v when the machine has it (else getrusage of the child), into a new
database; the line printed gives the file's size, the rows, the wall-clock and CPU time
and the peak resident memory, and its ratio to the file's size.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import COMPANY_A, COMPANY_B, FIRST, LAST  # noqa: E402

WORDS = ("called", "about", "the", "renewal", "budget", "next", "quarter", "wants", "a", "demo",
         "of", "reporting", "module", "asked", "for", "pricing", "sent", "deck", "follow", "up",
         "on", "Monday", "decision", "maker", "is", "CFO", "hyvä", "tarjous", "звонил", "по",
         "поводу", "продления", "договора", "бюджет", "согласован")


def write_long_notes(path: Path, megabytes: float, note_chars: int = 4000, seed: int = 11) -> int:
    """A CSV of about `megabytes` MB whose rows each hold a note of about `note_chars`; its rows."""
    rnd = random.Random(seed)
    notes = [" ".join(rnd.choice(WORDS) for _ in range(note_chars // 6)) for _ in range(64)]
    limit, rows = int(megabytes * 1_000_000), 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Email", "Phone", "Company", "Notes"])
        while handle.tell() < limit:
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            company = f"{rnd.choice(COMPANY_A)} {rnd.choice(COMPANY_B)} {rnd.randrange(400)}"
            writer.writerow([f"{first} {last}", f"{first}.{last}.{rows}@example.com".lower(),
                             f"+358 40 {1000000 + rows % 9000000:07d}", company,
                             notes[rows % len(notes)] + f" (#{rows})"])
            rows += 1
    return rows


def run_import(path: Path, db: Path, *, dry_run: bool) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in KiB, the import's summary line)."""
    command = [sys.executable, "-m", "leadtui.cli", "--db", str(db), "import", str(path)]
    if dry_run:
        command.append("--dry-run")
    timed = Path("/usr/bin/time").exists()
    if timed:
        command = ["/usr/bin/time", "-v", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env={
        **os.environ, "LEADTUI_CONFIG": str(db.parent / "no-config.toml")})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"import failed ({proc.returncode}): {proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if timed:
        peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    else:
        peak = after.ru_maxrss
    summary = next((line for line in reversed(proc.stdout.splitlines()) if " rows: " in line), "")
    return wall, cpu, peak, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=240.0, help="the file's size in MB")
    parser.add_argument("--note-chars", type=int, default=4000)
    parser.add_argument("--dry-run", action="store_true", help="time a dry run instead")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="leadtui-memory-"))
    try:
        path = workdir / "notes.csv"
        rows = write_long_notes(path, args.mb, args.note_chars)
        size = path.stat().st_size
        wall, cpu, peak, summary = run_import(path, workdir / "leads.db", dry_run=args.dry_run)
        print(f"{size / 1e6:,.0f} MB, {rows:,} rows{' (dry run)' if args.dry_run else ''}: "
              f"{wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak / 1024:,.0f} MiB "
              f"({peak * 1024 / size:.2f}× the file)\n  {summary}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
