"""The small version of bench/torture.py: concurrent writers, same-lead races and SIGKILLs."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "torture.py"


def test_small_torture_run_loses_nothing():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--small"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "ok"
    assert " 0 failed, 0 lost" in proc.stdout


def test_hostile_files_run_answers_every_case_in_one_line():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--hostile"], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "ok"
