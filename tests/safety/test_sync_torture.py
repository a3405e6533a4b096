"""The small version of bench/sync_torture.py: syncs killed with SIGKILL lose and double nothing."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "sync_torture.py"


def test_syncs_killed_at_random_moments_lose_and_double_nothing(postgres_server):
    # postgres_server: skips with the reason where PostgreSQL's server is not installed
    proc = subprocess.run([sys.executable, str(SCRIPT), "--small"], capture_output=True, text=True,
                          timeout=600)
    if proc.returncode == 2 and "not found" in proc.stderr:
        pytest.skip(proc.stderr.strip())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "ok"
