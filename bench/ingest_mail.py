"""Ingest speed: `leadtui ingest` of a generated mbox and Maildir against Python's `mailbox`.

    python bench/ingest_mail.py                       # 100,000 messages, 10,000 leads
    python bench/ingest_mail.py --messages 20000 --leads 2000

Generates a database of leads (bench/gen.py) and the same messages as an mbox file and as a
Maildir: by default a third from leads, a fifth from you to a lead (`--lead-share 0.53`), the
rest from strangers (newsletters, notifications), each with the headers real mail carries and a short plain or HTML body. Then
times, each on a fresh copy of the database:

- the baseline: Python's `mailbox` reading every message's headers alone (its own table of
  contents for the mbox, each file for the Maildir, the standard library's header parser);
- `leadtui ingest` of the mbox, of the Maildir, and of the Maildir again unchanged.

The issue's goals: ingest ≤ 2× the baseline; the unchanged Maildir ≤ 0.1× the first ingest.
"""

from __future__ import annotations

import argparse
import mailbox
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.parser import BytesHeaderParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE)]

from gen import generate  # noqa: E402

ME = "anna@seller.example"


def _addresses(db: Path) -> list[str]:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return [row[0] for row in con.execute("SELECT email FROM lead WHERE email != ''")]
    finally:
        con.close()


def _message(i: int, rng: random.Random, leads: list[str], start: datetime, share: float) -> bytes:
    at = start + timedelta(minutes=7 * i)
    roll = rng.random()
    if roll < share * 0.62:
        sender, to = rng.choice(leads), ME
    elif roll < share:
        sender, to = ME, rng.choice(leads)
    else:
        sender, to = f"news{rng.randrange(500)}@list{rng.randrange(50)}.example", ME
    html = rng.random() < 0.3
    body = (f"<html><body><p>Hello,</p><p>about the offer number {i}: the prices look fine.</p>"
            f"<p>Best regards</p></body></html>" if html else
            f"Hello,\n\nabout the offer number {i}: the prices look fine.\nCan we start in "
            f"January?\n\nBest regards\n\n> quoted earlier message\n> more of it\n")
    date = at.strftime("%a, %d %b %Y %H:%M:%S +0000")
    headers = (
        f"Return-Path: <{sender}>\n"
        f"Received: from mx{i % 7}.example (mx{i % 7}.example [192.0.2.{i % 250}])\n"
        f"\tby mail.seller.example (Postfix) with ESMTPS id {i:010X}\n\tfor <{to}>; {date}\n"
        f"Message-ID: <{i}.{rng.randrange(10**9)}@mail.example>\n"
        f"Date: {date}\nFrom: Someone {i % 97} <{sender}>\nTo: <{to}>\n"
        f"Subject: =?UTF-8?Q?Offer_{i}_=E2=80=93_pricing?=\nMIME-Version: 1.0\n"
        f"Content-Type: text/{'html' if html else 'plain'}; charset=UTF-8\n"
        f"Content-Transfer-Encoding: 8bit\n\n")
    return (headers + body).encode()


def write_mail(folder: Path, messages: int, leads: list[str], share: float = 0.53) -> tuple[Path, Path]:
    rng = random.Random(11)
    start = datetime(2025, 1, 1)
    mbox_path, maildir = folder / "all.mbox", folder / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    with mbox_path.open("wb") as out:
        for i in range(messages):
            raw = _message(i, rng, leads, start, share)
            at = start + timedelta(minutes=7 * i)
            out.write(f"From MAILER-DAEMON {at:%a %b %d %H:%M:%S %Y}\n".encode() + raw + b"\n")
            (maildir / "cur" / f"{1735689600 + i}.M{i}P1.bench:2,S").write_bytes(raw)
    return mbox_path, maildir


def baseline_mbox(path: Path) -> int:
    box, parser, n = mailbox.mbox(path, create=False), BytesHeaderParser(), 0
    for key in box.iterkeys():
        with box.get_file(key) as handle:
            parser.parse(handle)["from"]
        n += 1
    return n


def baseline_maildir(path: Path) -> int:
    box, parser, n = mailbox.Maildir(path, factory=None, create=False), BytesHeaderParser(), 0
    for key in box.iterkeys():
        with box.get_file(key) as handle:
            parser.parse(handle)["from"]
        n += 1
    return n


def timed(label: str, run) -> float:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<34} {wall:7.2f} s wall {cpu:7.2f} s CPU  {result}  load {os.getloadavg()[0]:.2f}",
          flush=True)
    return cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--lead-share", type=float, default=0.53,
                        help="share of the messages between you and a lead (default: a third from "
                        "leads, a fifth to them)")
    args = parser.parse_args(argv)

    from leadtui.capture.ingest import ingest
    from leadtui.config import Config
    from leadtui.context import Context
    from leadtui.db.connection import close_db, init_db
    from leadtui.kit.clock import FixedClock

    with tempfile.TemporaryDirectory(prefix="leadtui-ingest-bench-") as tmp:
        folder = Path(tmp)
        seed_db = folder / "seed.db"
        now = datetime.now(UTC).replace(tzinfo=None)
        generate(seed_db, args.leads, now)
        mbox_path, maildir = write_mail(folder, args.messages, _addresses(seed_db), args.lead_share)
        print(f"{args.messages:,} messages, {args.leads:,} leads; mbox {mbox_path.stat().st_size / 1e6:.0f} MB")

        def run_ingest(paths, db_name: str, fresh: bool = True):
            db = folder / db_name
            if fresh:
                shutil.copy(seed_db, db)
            init_db(db)
            try:
                ctx = Context(FixedClock(now), Config(owner="me", owner_email=ME, default_region="FI"))
                report = ingest(ctx, paths)
            finally:
                close_db()
            return f"{len(report.entries):,} logged, {report.files_read:,} files read"

        base_mbox = timed("mailbox: mbox headers", lambda: f"{baseline_mbox(mbox_path):,} messages")
        mine_mbox = timed("leadtui ingest: mbox", lambda: run_ingest([mbox_path], "mbox.db"))
        base_dir = timed("mailbox: Maildir headers", lambda: f"{baseline_maildir(maildir):,} messages")
        mine_dir = timed("leadtui ingest: Maildir", lambda: run_ingest([maildir], "maildir.db"))
        again = timed("leadtui ingest: Maildir unchanged", lambda: run_ingest([maildir], "maildir.db", False))
        print(f"mbox: {mine_mbox / base_mbox:.2f}x the baseline (goal <= 2); Maildir: "
              f"{mine_dir / base_dir:.2f}x (goal <= 2); unchanged Maildir: {again / mine_dir:.3f}x "
              "the first (goal <= 0.1); ratios of CPU time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
