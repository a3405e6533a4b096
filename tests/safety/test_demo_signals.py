"""`leadtui --demo` removes its temporary folder when it is killed politely or its terminal closes."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

import pytest

RUN = "import sys; from leadtui.cli import main; sys.exit(main(['--demo']))"


def _read_until_drawn(fd: int, limit: float = 60.0) -> bytes:
    """Read the TUI's output until it has drawn a screen (bounded in time)."""
    seen = b""
    end = time.monotonic() + limit
    while time.monotonic() < end and len(seen) < 2000:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def _wait_reading(proc: subprocess.Popen, fd: int, limit: float = 30.0) -> None:
    """Wait for the process to end, reading what it writes meanwhile: the terminal it restores
    on the way out is written into the pty, whose small buffer would otherwise fill and block
    the writer, and the exit with it."""
    end = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:  # the terminal side closed: nothing more can block
                break
    proc.wait(timeout=max(end - time.monotonic(), 0.1))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_demo_folder_is_removed_on_signal(tmp_path, signum):
    main_fd, child_fd = pty.openpty()
    env = dict(os.environ, TMPDIR=str(tmp_path), TERM="xterm-256color", COLUMNS="100", LINES="30")
    proc = subprocess.Popen([sys.executable, "-c", RUN], stdin=child_fd, stdout=child_fd,
                            stderr=child_fd, env=env, start_new_session=True)
    os.close(child_fd)
    try:
        assert _read_until_drawn(main_fd)
        assert list(tmp_path.glob("leadtui-demo-*")), "the demo did not start"
        proc.send_signal(signum)
        _wait_reading(proc, main_fd)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main_fd)
    assert not list(tmp_path.glob("leadtui-demo-*"))
