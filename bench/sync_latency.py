"""The laptop's sync over a slow link: 1,000 local changes, and a sync with nothing to do.

    python bench/sync_latency.py                   # 30 ms added per round trip, 1,000 changes
    python bench/sync_latency.py --delay-ms 30 --changes 1000 --leads 5000

Starts a throwaway PostgreSQL cluster (initdb/pg_ctl, as the tests do) and a delaying TCP proxy
on 127.0.0.1 that holds every chunk for half the delay each way, so a round trip costs the delay
more. A laptop file is made from the server (`sync --init`), changed offline (half edits, half
new leads with an activity each), then synced through the proxy; then synced again with nothing
changed. Prints each sync's wall time and the round trips it amounts to at that delay
(time / delay is an upper bound: the local work counts too). No traffic leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from gen import generate  # noqa: E402
from pgserver import bench_server  # noqa: E402


def start_proxy(target_port: int, delay: float) -> int:
    """A TCP proxy on a free local port forwarding to target_port, delaying each direction."""
    ready = threading.Event()
    port = [0]

    async def pipe(reader, writer):
        """Each chunk is passed on `delay / 2` after it arrived, without holding up the next
        (latency, not a bandwidth limit, as netem adds it)."""
        loop = asyncio.get_running_loop()
        chunks: asyncio.Queue = asyncio.Queue()

        async def send():
            while (item := await chunks.get()) is not None:
                due, data = item
                await asyncio.sleep(max(0.0, due - loop.time()))
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = asyncio.create_task(send())
        try:
            while data := await reader.read(65536):
                chunks.put_nowait((loop.time() + delay / 2, data))
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            chunks.put_nowait(None)
            await sender

    async def handle(client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer))

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port[0] = server.sockets[0].getsockname()[1]
        ready.set()
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    ready.wait()
    return port[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=float, default=30.0)
    parser.add_argument("--changes", type=int, default=1000)
    parser.add_argument("--leads", type=int, default=2000, help="leads on the server to start with")
    args = parser.parse_args(argv)
    from leadtui.config import Config
    from leadtui.context import open_context
    from leadtui.db.connection import close_db
    from leadtui.db.url import parse_target
    from leadtui.leads import writes as leads
    from leadtui.sync import records, run
    from leadtui.team.copy import copy_database

    folder = Path(tempfile.mkdtemp(prefix="leadtui-sync-"))
    with bench_server() as server:
        generate(folder / "seed.db", args.leads, datetime.now(UTC).replace(tzinfo=None))
        url = server.fresh_database(migrated=False)
        copy_database(folder / "seed.db", parse_target(url))
        slow = url.replace(f":{server.port}/", f":{start_proxy(server.port, args.delay_ms / 1000)}/")
        laptop = folder / "laptop.db"
        ctx = open_context(laptop, Config())
        run.init_sync(ctx, url)
        ids = [row_id for row_id, _, _ in list(records.read_leads().values())[: args.changes // 2]]
        for n, lead_id in enumerate(ids):
            leads.update_lead(ctx, lead_id, title=f"Title {n}")
        for n in range(args.changes - len(ids)):
            new = leads.add_lead(ctx, leads.NewLead(f"Fair Visitor {n}", company=f"Expo {n} Oy"),
                                 allow_duplicate=True)
            leads.log_activity(ctx, new.id, "meeting", "met at the stand")
        for label in (f"{args.changes:,} changes", "nothing changed"):
            start = time.perf_counter()
            result = run.sync_now(ctx, parse_target(slow))
            took = time.perf_counter() - start
            print(f"sync, {label:<16} {took * 1000:8.0f} ms over +{args.delay_ms:.0f} ms a round trip "
                  f"(at most {took / (args.delay_ms / 1000):.0f} round trips; sent {result.pushed})  "
                  f"load {os.getloadavg()[0]:.2f}", flush=True)
        close_db()
        return 0


if __name__ == "__main__":
    sys.exit(main())
