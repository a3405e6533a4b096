"""Child process for the start-up and memory figures: start an app headless, exit after first paint.

    python bench/probe.py minimal T0 OUT
    python bench/probe.py leads   T0 OUT DB

T0 is the parent's time.perf_counter() just before it started this process
(CLOCK_MONOTONIC, the same clock in every process on Linux). OUT receives
"<seconds from T0 to the first paint> <peak resident MiB>", the peak read from
/proc/self/status (VmHWM) at the first paint: unlike ru_maxrss it is not
inherited from the forking parent. `minimal` is one Static in an App;
`leads` builds the real app on DB opening on the lead list (as `leadtui
--open leads` does, the cycle collector paused as it pauses it) and waits for
the paint in which its first page of rows is shown.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

SIZE = (120, 40)


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _painted() -> tuple[float, float]:
    return time.perf_counter(), _peak_mib()


def _minimal():
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: self.exit(_painted()))

    return Minimal()


def _leads(db_path: str):
    from leadtui.tui import collector

    collector.pause_for_start()  # as `leadtui` does before it imports the app
    from leadtui.config import load_config
    from leadtui.context import open_context
    from leadtui.tui.app import build_app

    ctx = open_context(Path(db_path), load_config())
    app = build_app(db_path, ctx, start_screen="leads")

    def painted_with_rows() -> None:
        app.call_after_refresh(lambda: app.exit(_painted()))

    def watch_the_list() -> None:
        # The list reads its first page in a worker; it shows it when that message comes in.
        screen = app.screen
        if screen.rows:
            painted_with_rows()
            return

        def arrived(message) -> None:
            if screen.rows:
                screen.message_signal.unsubscribe(screen)
                painted_with_rows()

        screen.message_signal.subscribe(screen, arrived, immediate=True)

    app.call_later(watch_the_list)
    return app


def main(argv: list[str]) -> int:
    kind, t0, out = argv[0], float(argv[1]), argv[2]
    app = _minimal() if kind == "minimal" else _leads(argv[3])
    painted = app.run(headless=True, size=SIZE)
    if painted is None:
        return 1
    Path(out).write_text(f"{painted[0] - t0:.6f} {painted[1]:.2f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
