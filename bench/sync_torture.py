"""The laptop's sync killed with SIGKILL at random points, again and again: nothing is lost or doubled.

    python bench/sync_torture.py              # 40 kills
    python bench/sync_torture.py --small      # a few, for the test suite

Starts a throwaway PostgreSQL cluster (initdb/pg_ctl, as the tests do), makes a laptop copy, and
then, round after round, changes the laptop offline (new leads with an activity each, edits)
and starts `leadtui sync` in a process that is killed at a random moment. At the end one sync
runs to completion and everything is compared: the laptop and the server hold the same leads,
activities and history, every new lead and activity once. Prints "ok" last when it holds.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from pgserver import bench_server  # noqa: E402


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leadtui.cli", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=120)


def _dump(target):
    from leadtui.db.connection import close_db, init_db
    from leadtui.sync import records

    init_db(target)
    try:
        return {"leads": sorted(rec["name"] + "|" + rec["title"] for _, rec, _ in records.read_leads().values()),
                "activity": sorted(row["body"] for _, row in records.read_children("activity").values())}
    finally:
        close_db()


def torture(url: str, laptop: Path, kills: int, rng: random.Random, per_round: int = 3) -> tuple[int, list[str]]:
    done = _cli(laptop, "sync", "--init", url)
    if done.returncode:
        return 0, [done.stderr.strip()]
    killed, made = 0, 0
    for round_no in range(kills):
        for _ in range(per_round):
            made += 1
            _cli(laptop, "add", f"Visitor {made}", "--company", f"Stand {made} Oy")
            _cli(laptop, "log", str(made), "meeting", "--note", f"met visitor {made}")
        _cli(laptop, "edit", str(rng.randint(1, made)), f"title=Round {round_no}")
        proc = subprocess.Popen([sys.executable, "-m", "leadtui.cli", "--db", str(laptop), "sync"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.5))
        if proc.poll() is None:
            proc.kill()
            killed += 1
        proc.wait()
    final = _cli(laptop, "sync")
    problems = [] if final.returncode == 0 else [f"the last sync failed: {final.stderr.strip()}"]
    return killed, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a few kills, for the test suite")
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    from leadtui.db.url import parse_target

    with bench_server() as server:
        url = server.fresh_database()
        laptop = Path(server.folder) / "laptop.db"
        killed, problems = torture(url, laptop, 3 if args.small else args.kills, random.Random(args.seed),
                                   per_round=2 if args.small else 3)
        here, there = _dump(laptop), _dump(parse_target(url))
        if here != there:
            problems.append("the laptop and the server differ")
        doubled = [k for k, n in Counter(name.split("|")[0] for name in there["leads"]).items() if n > 1]
        doubled += [k for k, n in Counter(there["activity"]).items() if n > 1]
        if doubled:
            problems.append(f"doubled: {doubled[:5]}")
        made = len(there["leads"])
        print(f"{killed} syncs killed, {made} leads and {len(there['activity'])} activities on both, "
              f"{len(doubled)} doubled, {0 if here == there else 1} differences")
        for problem in problems:
            print(problem)
        print("ok" if not problems else "FAILED")
        return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
