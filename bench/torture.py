"""Several processes hammering one database: no failures, no lost writes, no damage.

    python bench/torture.py                 # the full run (about two minutes)
    python bench/torture.py --small         # a few seconds (what the test suite runs)
    python bench/torture.py --hostile       # hostile files and paths instead (seconds)

1. writers: WRITERS processes run `add` and `log` through the CLI entry point for
   SECONDS; every command that exited 0 must be in the database afterwards.
2. races: RACES pairs of simultaneous `stage N won` and `log N call` on one lead;
   both succeed, and the lead agrees with its history (stage won, touched by the call).
3. kills: a process adding and logging, or rescoring every lead, is killed with
   SIGKILL at a random moment, KILLS times; every acknowledged write survives, the
   file passes `PRAGMA integrity_check`, and the next start finishes the rescore.
4. import kills: an import is killed with SIGKILL after its first batch, while a
   `leadtui add` gets in between two batches; the file is whole, and importing it again
   leaves every row in exactly once.

Prints one line per phase and exits non-zero on any failure or lost write.

--hostile feeds leadtui what an attacker or a careless user would: FIFOs, /dev/zero and
devices as the file to import, the config or the database, a -wal that is a symlink, :memory:,
exports onto symlinks, restores of foreign or booby-trapped files, JSON nested 100k deep or
holding a 5,000-digit number, escape sequences in a CSV, and files shaped to make the importers
quadratic. Each case must answer within its timeout with the expected exit code and at most one
line on stderr, no traceback, nothing it must not touch changed, and the database whole.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

WORKER = """
import contextlib, io, sys, time
from leadtui.cli import main
from leadtui.db.connection import close_db
db, tag, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    n += 1
    if n % 2:
        argv = ["add", f"{tag}-{n}", "--db", db]
    else:
        argv = ["log", "1", "note", "--note", f"{tag}-{n}", "--db", db]
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    close_db()
    print(("ok " if code == 0 else f"fail {code} ") + argv[0] + " " + f"{tag}-{n}", flush=True)
    if code:
        print(f"fail-detail {time.monotonic():.1f}", flush=True)
"""

RESCORE = """
import sys
from leadtui.cli import main
sys.exit(main(["rules", "add", "meeting", sys.argv[2], "--db", sys.argv[1]]))
"""


def _python(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leadtui.cli", *args, "--db", str(db)],
                          capture_output=True, text=True, timeout=120)


def _acks(lines: list[str]) -> tuple[set[str], set[str], list[str]]:
    added, logged, failed = set(), set(), []
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "ok":
            (added if parts[1] == "add" else logged).add(parts[2])
        elif parts[0] == "fail":
            failed.append(line)
    return added, logged, failed


def _missing(db: Path, added: set[str], logged: set[str]) -> int:
    con = sqlite3.connect(db)
    try:
        names = {row[0] for row in con.execute("SELECT name FROM lead")}
        notes = {row[0] for row in con.execute("SELECT body FROM activity")}
    finally:
        con.close()
    return len(added - names) + len(logged - notes)


def _integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def writers(db: Path, count: int, seconds: float) -> tuple[int, list[str], int]:
    procs = [_python(WORKER, str(db), f"w{i}", str(seconds)) for i in range(count)]
    added, logged, failed = set(), set(), []
    for proc in procs:
        out, err = proc.communicate(timeout=seconds + 120)
        a, lg, f = _acks(out.splitlines())
        added |= a
        logged |= lg
        failed += f + ([f"exit {proc.returncode}: {err.strip()[-200:]}"] if proc.returncode else [])
    return len(added) + len(logged), failed, _missing(db, added, logged)


def races(db: Path, pairs: int) -> tuple[int, int, int]:
    ids = []
    for i in range(pairs):
        out = _cli(db, "add", f"race-{i}")
        ids.append(out.stdout.strip())
    failures = lost = 0

    def one(lead_id: str) -> tuple[int, int]:
        stage = subprocess.Popen([sys.executable, "-m", "leadtui.cli", "stage", lead_id, "won",
                                  "--db", str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        log = subprocess.Popen([sys.executable, "-m", "leadtui.cli", "log", lead_id, "call",
                                "--note", f"race call {lead_id}", "--db", str(db)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        codes = (stage.wait(timeout=120), log.wait(timeout=120))
        for proc in (stage, log):
            proc.stdout.close()
            proc.stderr.close()
        return sum(1 for c in codes if c != 0), 0

    with ThreadPoolExecutor(max_workers=4) as pool:
        for failed, _ in pool.map(one, ids):
            failures += failed
    con = sqlite3.connect(db)
    try:
        for lead_id in ids:
            stage, touched = con.execute("SELECT stage, last_touched_at FROM lead WHERE id = ?",
                                         (lead_id,)).fetchone()
            call_at = con.execute("SELECT max(at) FROM activity WHERE lead_id = ? AND kind = 'call'",
                                  (lead_id,)).fetchone()[0]
            last_event = con.execute("SELECT to_value FROM stage_change WHERE lead_id = ? AND "
                                     "field = 'stage' ORDER BY id DESC LIMIT 1", (lead_id,)).fetchone()[0]
            lost += (stage != "won") + (last_event != stage) + (call_at is None or touched < call_at)
    finally:
        con.close()
    return pairs, failures, lost


def kills(db: Path, count: int, rng: random.Random) -> tuple[int, int, int]:
    lost = damaged = 0
    for i in range(count):
        if i % 3 == 1:  # a rescore of every lead, killed half-way
            proc = _python(RESCORE, str(db), str(rng.randint(1, 30)))
            time.sleep(rng.uniform(0.3, 1.5))
            proc.kill()
            proc.communicate()
            again = _cli(db, "rescore")
            con = sqlite3.connect(db)
            pending = con.execute("SELECT count(*) FROM setting WHERE key = 'rescore_pending'").fetchone()[0]
            con.close()
            lost += again.returncode != 0 or pending != 0
        else:
            proc = _python(WORKER, str(db), f"k{i}", "30")
            time.sleep(rng.uniform(0.3, 2.0))
            proc.kill()
            out, _ = proc.communicate()
            added, logged, _ = _acks(out.splitlines())
            lost += _missing(db, added, logged)
        damaged += _integrity(db) != "ok"
    return count, damaged, lost


IMPORT_BATCH = 5000  # the import's rows per transaction (leadtui.interop.importer.BATCH)


def import_kills(db: Path, folder: Path, rows: int, count: int, rng: random.Random
                 ) -> tuple[int, int, int, int]:
    """An import of `rows` leads no duplicate check can tell apart, SIGKILLed `count` times at
    a random moment after its first batch: meanwhile a `leadtui add` must get in; after the
    kill the database is whole and holds whole batches only; the same import run again
    writes the rest, so every row is in exactly once. (kills, busy adds, damaged, lost)"""
    path = folder / "import.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Name,Company,Notes\n")
        handle.writelines(f"Imported {i},Firm {i % 97},note {i}\n" for i in range(rows))
    busy = damaged = lost = 0
    cut: list[str] = []
    for i in range(count):
        proc = subprocess.Popen([sys.executable, "-m", "leadtui.cli", "import", str(path),
                                 "--on-duplicate", "create", "--db", str(db)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        before = _imported(db)
        while proc.poll() is None and _imported(db) == before:
            time.sleep(0.05)  # until its first batch is in
        added = _cli(db, "add", f"During import {i}")
        busy += added.returncode != 0
        time.sleep(rng.uniform(0.0, 0.5))
        proc.kill()
        proc.communicate()
        damaged += _integrity(db) != "ok"
        if proc.returncode == -signal.SIGKILL:  # else it was through before the kill
            written = _imported(db)
            cut.append(f"{written:,}")
            lost += written % IMPORT_BATCH != 0 and written != rows  # whole batches only
            again = _cli(db, "import", str(path), "--on-duplicate", "create")
            lost += again.returncode != 0
        lost += _imported(db) != rows or _imported(db, distinct=True) != rows
        con = sqlite3.connect(db)
        try:  # the next round imports the file afresh
            con.execute("DELETE FROM lead WHERE name LIKE 'Imported %'")
            con.commit()
        finally:
            con.close()
    print(f"  killed with {', '.join(cut) or 'none'} rows in")
    return count, busy, damaged, lost


def _imported(db: Path, *, distinct: bool = False) -> int:
    con = sqlite3.connect(db, timeout=30)
    try:
        what = "DISTINCT name" if distinct else "*"
        return con.execute(f"SELECT count({what}) FROM lead WHERE name LIKE 'Imported %'").fetchone()[0]
    finally:
        con.close()


# ---- hostile files ---------------------------------------------------------------------

HOSTILE_TIMEOUT = 60  # seconds: every case answers at once; only a hang or quadratic work nears it


def _hostile_files(folder: Path) -> dict[str, Path]:
    """The files the cases read, made in `folder`."""
    made = {}

    def write(name: str, text: str) -> None:
        made[name] = folder / name
        made[name].write_text(text, encoding="utf-8")

    made["fifo"] = folder / "fifo"
    os.mkfifo(made["fifo"])
    write("deep.json", '{"format": "leadtui", "leads": ' + "[" * 100_000 + "]" * 100_000 + "}")
    write("bigint.json", '{"format": "leadtui", "version": 1, "leads": [{"name": "A", "age": '
          + "9" * 5000 + "}]}")
    write("badversion.json", '{"format": "leadtui", "version": "one", "leads": []}')
    write("badvalues.json", '{"format": "leadtui", "version": 1, "leads": [{"name": "Bad", "stage": "x"}, '
          '{"name": "Late", "created_at": "9999-12-31T23:59:59-14:00"}]}')
    write("escapes.csv", "Name,Email\nEvil \x1b]52;c;ZXZpbA==\x07\x1b[2J,evil@example.com\n")
    write("tags.csv", "Name,Email,Tags\nTagged,tagged@example.com,\""
          + ",".join(f"t{i}" for i in range(50_000)) + "\"\n")
    write("emails.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many\r\n"
          + "".join(f"EMAIL:m{i}@example.com\r\n" for i in range(20_000)) + "END:VCARD\r\n")
    acts = ",\n".join(f'{{"kind": "note", "at": "2026-01-01T10:00:00Z", "body": "n{i}"}}' for i in range(20_000))
    write("activities.json", '{"format": "leadtui", "version": 1, "leads": [{"name": "Busy", '
          '"activities": [\n' + acts + "\n]}]}")
    write("deep.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    foreign = folder / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE lead (x)")
    con.commit()
    con.close()
    made["foreign.db"] = foreign
    made["victim"] = folder / "victim.txt"
    made["victim"].write_text("someone else's")
    made["victim"].chmod(0o644)
    return made


def hostile(folder: Path) -> int:
    """Run every hostile case; returns the number that misbehaved."""
    db = folder / "hostile.db"
    files = _hostile_files(folder)
    if _cli(db, "add", "Seed lead").returncode:
        print("cannot create the database", file=sys.stderr)
        return 1
    link = folder / "link.csv"
    link.symlink_to(folder / "exported.csv")
    trapped = folder / "trapped.db"
    con = sqlite3.connect(db)
    con.execute(f"VACUUM INTO '{trapped}'")
    con.close()
    con = sqlite3.connect(trapped)
    con.execute("CREATE TRIGGER eat AFTER INSERT ON lead BEGIN DELETE FROM lead; END")
    con.commit()
    con.close()
    f = {name: str(path) for name, path in files.items()}
    cases = [  # (name, argv without --db, exit codes allowed, environment)
        ("import a FIFO", ["import", f["fifo"]], {1}, {}),
        ("import /dev/zero", ["import", "/dev/zero"], {1}, {}),
        ("a FIFO as the config", ["--config", f["fifo"], "list"], {2}, {}),
        ("LEADTUI_CONFIG a FIFO", ["list"], {2}, {"LEADTUI_CONFIG": f["fifo"]}),
        ("a config nested 100k deep", ["--config", f["deep.toml"], "list"], {2}, {}),
        ("database ~nosuchuser", ["list", "--db", "~nosuchuser-lt/leads.db"], {2}, {}),
        ("JSON nested 100k deep", ["import", f["deep.json"]], {1}, {}),
        ("JSON with a 5,000-digit number", ["import", f["bigint.json"]], {1}, {}),
        ("JSON with a version in words", ["import", f["badversion.json"]], {1}, {}),
        ("JSON with unknown values", ["import", f["badvalues.json"]], {1}, {}),
        ("escape sequences in a CSV", ["import", f["escapes.csv"], "--dry-run"], {0}, {}),
        ("50,000 tags in a cell", ["import", f["tags.csv"]], {0}, {}),
        ("20,000 e-mails on a card", ["import", f["emails.vcf"], "--dry-run"], {0}, {}),
        ("20,000 activities on a lead", ["import", f["activities.json"]], {0}, {}),
        ("export onto a symlink", ["export", "-o", str(link)], {0}, {}),
        ("restore a foreign file", ["restore", f["foreign.db"]], {2}, {}),
        ("restore a booby-trapped backup", ["restore", str(trapped)], {2}, {}),
    ]
    bad = 0
    for name, argv, codes, env in cases:
        started = time.monotonic()
        try:
            where = [] if "--db" in argv else ["--db", str(db)]
            done = subprocess.run([sys.executable, "-m", "leadtui.cli", *argv, *where],
                                  capture_output=True, text=True, timeout=HOSTILE_TIMEOUT,
                                  stdin=subprocess.DEVNULL, env={**os.environ, **env})
        except subprocess.TimeoutExpired:
            print(f"hostile: {name}: no answer within {HOSTILE_TIMEOUT}s")
            bad += 1
            continue
        problems = []
        if done.returncode not in codes:
            problems.append(f"exit {done.returncode}")
        if "Traceback" in done.stderr or len(done.stderr.strip().splitlines()) > 1:
            problems.append("more than one line on stderr: " + done.stderr.strip()[:200])
        if any(ch in done.stdout for ch in "\x1b\x07\x9b"):
            problems.append("a control character reached the output")
        print(f"hostile: {name}: {'; '.join(problems) or 'ok'} ({time.monotonic() - started:.1f}s)")
        bad += bool(problems)
    odd = [("a FIFO as the database", f["fifo"]), ("an in-memory database", ":memory:")]
    if os.geteuid() == 0:  # a node of /dev/null's device in the folder: never the real one
        os.mknod(folder / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        os.chmod(folder / "null", 0o666)
        odd.append(("a device as the database", str(folder / "null")))
    for name, target in odd:
        done = subprocess.run([sys.executable, "-m", "leadtui.cli", "add", "X", "--db", target],
                              capture_output=True, text=True, timeout=HOSTILE_TIMEOUT, stdin=subprocess.DEVNULL)
        ok = done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
        print(f"hostile: {name}: {'ok' if ok else 'exit ' + str(done.returncode) + ' ' + done.stderr[:200]}")
        if name == "a device as the database" and (os.stat(target).st_mode & 0o777 != 0o666
                                                   or os.path.exists(target + "-journal")):
            print("hostile: the device node was chmodded or got a -journal")
            bad += 1
        bad += not ok
    wal = db.with_name(db.name + "-wal")
    wal.unlink(missing_ok=True)
    wal.symlink_to(files["victim"])
    done = _cli(db, "add", "Through the link")
    wal.unlink()
    untouched = (files["victim"].stat().st_mode & 0o777 == 0o644
                 and files["victim"].read_text() == "someone else's")
    print(f"hostile: a -wal symlink: {'ok' if done.returncode == 2 and untouched else 'its target changed'}")
    bad += not (done.returncode == 2 and untouched)
    whole = _integrity(db) == "ok" and _cli(db, "show", "1").returncode == 0
    print(f"hostile: the database afterwards: {'whole' if whole else 'DAMAGED'}")
    return bad + (not whole)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a few seconds, for the test suite")
    parser.add_argument("--hostile", action="store_true", help="hostile files and paths (seconds)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.hostile:
        with tempfile.TemporaryDirectory(prefix="leadtui-hostile-") as folder:
            bad = hostile(Path(folder))
        print("ok" if not bad else f"FAILED: {bad} problems")
        return 1 if bad else 0
    writers_n, seconds, pairs, kill_n = (2, 1.5, 2, 2) if args.small else (8, 60.0, 150, 12)
    import_rows, import_kills_n = (30_000, 1) if args.small else (60_000, 4)
    rng = random.Random(args.seed)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="leadtui-torture-") as folder:
        db = Path(folder) / "torture.db"
        if _cli(db, "add", "Seed lead").returncode:
            print("cannot create the database", file=sys.stderr)
            return 1
        started = time.monotonic()
        done, failed, missing = writers(db, writers_n, seconds)
        print(f"writers: {writers_n} processes for {seconds:.0f}s: {done} acknowledged writes, "
              f"{len(failed)} failed, {missing} lost ({time.monotonic() - started:.1f}s)")
        for line in failed[:5]:
            print(f"  {line}")
        failed = len(failed)
        bad += failed + missing
        started = time.monotonic()
        done, failed, lost = races(db, pairs)
        print(f"races: {done} same-lead stage+log pairs: {failed} failed, {lost} lost "
              f"({time.monotonic() - started:.1f}s)")
        bad += failed + lost
        started = time.monotonic()
        done, damaged, lost = kills(db, kill_n, rng)
        print(f"kills: {done} SIGKILLs during add/log/rescore: {damaged} damaged, {lost} lost "
              f"({time.monotonic() - started:.1f}s)")
        bad += damaged + lost
        started = time.monotonic()
        done, busy, damaged, lost = import_kills(db, Path(folder), import_rows, import_kills_n, rng)
        print(f"import kills: {done} SIGKILLs during an import of {import_rows:,} rows: {busy} adds "
              f"meanwhile busy, {damaged} damaged, {lost} lost or doubled after importing again "
              f"({time.monotonic() - started:.1f}s)")
        bad += busy + damaged + lost
        bad += _integrity(db) != "ok"
    print("ok" if not bad else f"FAILED: {bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
