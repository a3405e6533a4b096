"""Paths that are not what they seem: devices, FIFOs, symlinks, `:memory:`, odd backups folders.

leadtui refuses each with one line and an exit code, never hangs on it, never chmods or replaces
what it does not own, and a backups folder that cannot be used only costs the day's backup.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from leadtui.db.files import tighten

TIMEOUT = 30  # seconds: each of these answers at once; a hang is a failure, not a wait


def leadtui(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """leadtui as a process of its own: a hang is cut short by the timeout and fails the test."""
    return subprocess.run([sys.executable, "-m", "leadtui.cli", *argv], capture_output=True, text=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def device(tmp_path) -> Path:
    """A node of the same device as /dev/null, made in the test's folder (never the real one)."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    path = tmp_path / "null"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    os.chmod(path, 0o666)
    return path


def test_a_device_as_the_database_is_refused_and_left_alone(device):
    done = leadtui("--db", str(device), "add", "Someone")
    assert done.returncode == 2
    assert "is a device, not a database file" in one_line(done.stderr)
    assert stat.S_ISCHR(os.stat(device).st_mode) and _mode(device) == 0o666
    assert not device.with_name("null-journal").exists()


@pytest.mark.parametrize("where", ["--db", "--config", "import"])
def test_a_fifo_is_refused_at_once(tmp_path, fifo, where):
    argv = {"--db": ["--db", str(fifo), "list"],
            "--config": ["--config", str(fifo), "--db", str(tmp_path / "x.db"), "list"],
            "import": ["--db", str(tmp_path / "x.db"), "import", str(fifo)]}[where]
    done = leadtui(*argv)
    assert done.returncode == (1 if where == "import" else 2)
    assert "FIFO" in one_line(done.stderr)


def test_leadtui_config_naming_a_fifo_is_refused(tmp_path, fifo):
    done = leadtui("--db", str(tmp_path / "x.db"), "list", env={"LEADTUI_CONFIG": str(fifo)})
    assert done.returncode == 2 and "FIFO" in one_line(done.stderr)


def test_importing_dev_zero_is_refused_before_reading_it(tmp_path):
    done = leadtui("--db", str(tmp_path / "x.db"), "import", "/dev/zero", "--dry-run")
    assert done.returncode == 1
    assert "/dev/zero is a device" in one_line(done.stderr)


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm"])
def test_a_companion_that_is_a_symlink_is_never_followed(cli, db_path, tmp_path, suffix):
    assert cli("add", "First")[0] == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    victim.chmod(0o644)
    link = db_path.with_name(db_path.name + suffix)
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    code, _, err = cli("add", "Second")
    assert code == 2 and f"{link} is a symlink" in one_line(err)
    assert _mode(victim) == 0o644 and victim.read_text() == "someone else's file"


def test_tightening_modes_never_follows_a_symlink(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("x")
    victim.chmod(0o644)
    link = tmp_path / "leads.db-wal"
    link.symlink_to(victim)
    tighten(link)
    assert _mode(victim) == 0o644


@pytest.mark.parametrize("target", [":memory:", "file::memory:", "file:leads.db?mode=memory"])
def test_a_database_in_memory_is_refused(cli, target):
    code, out, err = cli("add", "Gone Tomorrow", db=target)
    assert code == 2 and out == ""
    assert "is not a file" in one_line(err)


def test_export_onto_a_symlink_writes_its_target_and_keeps_the_link(cli, tmp_path):
    cli("add", "Jane")
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert cli("export", "-o", str(link))[0] == 0
    assert link.is_symlink() and "Jane" in target.read_text(encoding="utf-8-sig")


def test_export_onto_a_device_writes_through_it(cli, device):
    cli("add", "Jane")
    code, _, err = cli("export", "-o", str(device))
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(device).st_mode) and _mode(device) == 0o666


def test_export_to_dev_stdout_goes_to_standard_output(tmp_path):
    db = str(tmp_path / "x.db")
    assert leadtui("--db", db, "add", "Jane").returncode == 0
    stdout = tmp_path / "stdout"  # what /dev/stdout is; a failing run replaces this link, not the real one
    stdout.symlink_to("/proc/self/fd/1")
    done = leadtui("--db", db, "export", "--format", "json", "-o", str(stdout))
    assert done.returncode == 0, done.stderr
    assert '"Jane"' in done.stdout


def test_a_backups_path_that_is_a_file_warns_and_the_command_runs(cli, db_path):
    db_path.parent.joinpath("backups").write_text("not a folder")
    code, out, err = cli("add", "Jane")
    assert code == 0 and out.strip()
    assert "the backups folder" in one_line(err) and "is a file, not a folder" in err


def test_a_dangling_backups_symlink_says_so(cli, db_path, tmp_path):
    db_path.parent.joinpath("backups").symlink_to(tmp_path / "gone")
    code, _, err = cli("add", "Jane")
    assert code == 0
    assert f"symlink to {tmp_path / 'gone'}, which does not exist" in one_line(err)


@pytest.mark.parametrize("folder", ["7", "true", "[]", '""'])
def test_backups_folder_must_be_a_path(tmp_path, folder):
    config = tmp_path / "config.toml"
    config.write_text(f"[backups]\nfolder = {folder}\n")
    done = leadtui("--config", str(config), "--db", str(tmp_path / "x.db"), "list")
    assert done.returncode == 2
    assert "backups.folder must be a folder's path" in one_line(done.stderr)


def test_a_copy_killed_mid_way_is_cleaned_up_by_the_next_backup(cli, db_path):
    cli("add", "Jane")
    folder = db_path.parent / "backups"
    dead = folder / f"by-hand.db.{2**22 + 1}.partial"  # above any pid_max: no such process
    alive = folder / f"by-hand.db.{os.getppid()}.partial"  # a process that runs: maybe copying
    dead.write_bytes(b"\0" * 4096)
    alive.write_bytes(b"\0" * 4096)
    assert cli("backup")[0] == 0
    assert not dead.exists() and alive.exists()


def test_a_config_nested_too_deeply_is_one_line(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    done = leadtui("--config", str(config), "--db", str(tmp_path / "x.db"), "list")
    assert done.returncode == 2
    assert "nests tables or lists too deeply" in one_line(done.stderr)


@pytest.mark.parametrize("where", ["config", "--db", "--config", "LEADTUI_DB"])
def test_a_home_of_no_such_user_is_one_line(tmp_path, where):
    config = tmp_path / "config.toml"
    config.write_text('database = "~nosuchuser-lt/leads.db"\n')
    argv = {"config": ["--config", str(config), "list"],
            "--db": ["--db", "~nosuchuser-lt/leads.db", "list"],
            "--config": ["--config", "~nosuchuser-lt/c.toml", "--db", str(tmp_path / "x.db"), "list"],
            "LEADTUI_DB": ["list"]}[where]
    done = leadtui(*argv, env={"LEADTUI_DB": "~nosuchuser-lt/leads.db"} if where == "LEADTUI_DB" else None)
    assert done.returncode == 2
    assert "no such user" in one_line(done.stderr)


def test_restore_onto_a_device_makes_nothing_beside_it(cli, db_path, device):
    assert cli("add", "Jane")[0] == 0
    saved = db_path.parent / "saved.db"
    assert cli("backup", str(saved))[0] == 0
    before = sorted(p.name for p in device.parent.iterdir())
    code, _, err = cli("restore", str(saved), db=device)
    assert code == 2 and "is a device" in one_line(err)
    assert sorted(p.name for p in device.parent.iterdir()) == before
