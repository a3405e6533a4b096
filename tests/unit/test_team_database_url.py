"""A database URL in --db, LEADTUI_DB and config.toml: never a file, never a printed password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadtui.cli import main
from leadtui.config import Config, config_from_dict, database_target, resolve_db_path
from leadtui.db.connection import close_db
from leadtui.db.url import DatabaseUrl, UnusableTarget, parse_target
from leadtui.errors import ConfigError


@pytest.fixture(autouse=True)
def _close():
    yield
    close_db()


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_url_is_not_a_path():
    target = parse_target("postgresql://ann@db.example:5432/leads")
    assert target == DatabaseUrl("postgresql://ann@db.example:5432/leads")
    assert parse_target("~/leads.db") == Path("~/leads.db").expanduser()
    assert parse_target("sqlite:///tmp/x/leads.db") == Path("/tmp/x/leads.db")
    assert isinstance(parse_target("postgres://h/leads"), DatabaseUrl)


@pytest.mark.parametrize("url", ["postgresql://ann:s3cret@db.example:5432/leads",
                                 "postgresql://ann@db.example/leads?password=s3cret&sslmode=require"])
def test_the_password_is_hidden_from_str(url):
    target = parse_target(url)
    assert "s3cret" not in str(target)
    assert "***" in str(target)
    assert target.password == "s3cret"
    assert "s3cret" not in target.scrub(f"failed for {url}: s3cret")


@pytest.mark.parametrize("value, words", [
    ("mysql://root@localhost/leads", "unsupported database URL"),
    ("postgresql://ann@host:notaport/leads", "bad database URL"),
    ("postgresql://ann@host:5432/", "names no database"),
    ("sqlite://", "needs a file path"),
])
def test_unusable_urls_are_config_errors(value, words):
    with pytest.raises(UnusableTarget, match=words):
        parse_target(value)
    with pytest.raises(ConfigError, match=words):
        database_target(value)


def test_url_from_env_and_config(monkeypatch):
    config = config_from_dict({"database": "postgresql://ann@db.example/leads"})
    assert config.database == DatabaseUrl("postgresql://ann@db.example/leads")
    monkeypatch.setenv("LEADTUI_DB", "postgresql://bob@db.example/team")
    assert resolve_db_path(None, config) == DatabaseUrl("postgresql://bob@db.example/team")
    assert resolve_db_path("postgresql://cy@h/x", config) == DatabaseUrl("postgresql://cy@h/x")
    with pytest.raises(ConfigError):
        config_from_dict({"database": "ftp://host/leads"})


def test_unsupported_scheme_is_exit_2_and_creates_nothing(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "list", "--db", "mysql://root:hunter2@localhost/leads")
    assert code == 2
    assert err.startswith("leadtui: unsupported database URL") and err.count("\n") == 1
    assert "hunter2" not in err + out
    assert list(tmp_path.iterdir()) == []


def test_where_hides_the_password(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "where", "--db", "postgresql://ann:hunter2@db.example:5432/leads")
    assert code == 0
    assert "postgresql://ann:***@db.example:5432/leads" in out
    assert "hunter2" not in out
    code, out, _ = _run(capsys, "where", "--format", "json", "--db", "postgresql://ann:hunter2@h/leads")
    assert json.loads(out)["database"] == "postgresql://ann:***@h/leads"
    assert list(tmp_path.iterdir()) == []


def test_unreachable_server_is_one_line_exit_2_without_the_password(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pytest.importorskip("psycopg")
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out, err = _run(capsys, "list", "--db", f"postgresql://ann:hunter2@127.0.0.1:{port}/leads")
    assert code == 2
    assert err.startswith("leadtui: cannot open database postgresql://ann:***@127.0.0.1")
    assert err.count("\n") == 1 and "hunter2" not in err
    assert list(tmp_path.iterdir()) == []


def test_missing_driver_is_one_line_exit_2(capsys, tmp_path, monkeypatch):
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "psycopg", None)
    code, _, err = _run(capsys, "list", "--db", "postgresql://ann@127.0.0.1:1/leads")
    assert code == 2
    assert err == "leadtui: PostgreSQL needs the psycopg driver: pip install 'leadtui[postgres]'\n"
    assert list(tmp_path.iterdir()) == []


def test_the_cli_on_postgresql_leaves_no_file(capsys, postgres_server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = postgres_server.fresh_database(migrated=False)  # the CLI migrates it
    code, out, err = _run(capsys, "add", "Aino Virtanen", "--company", "Lumo Oy", "--db", url)
    assert (code, err) == (0, "")
    lead_id = int(out)
    code, out, _ = _run(capsys, "list", "--format", "json", "--db", url)
    assert [row["name"] for row in json.loads(out)] == ["Aino Virtanen"]
    import psycopg

    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT name FROM lead WHERE id = %s", (lead_id,)).fetchone() == ("Aino Virtanen",)
    assert list(tmp_path.iterdir()) == []  # no file, and no daily backup beside one
    code, _, err = _run(capsys, "backup", "--db", url)
    assert code == 1 and "pg_dump" in err
    assert Config().database is None


@pytest.mark.parametrize("password", ["hun#ter2", "hun/ter2", "hun?ter2", "hun@ter2", "h#u/n?t@er2"])
@pytest.mark.parametrize("where", ["--db", "LEADTUI_DB", "config"])
def test_a_password_with_unencoded_url_characters_is_never_printed(capsys, tmp_path, monkeypatch,
                                                                   password, where):
    monkeypatch.chdir(tmp_path)
    url = f"postgresql://ann:{password}@db.example:5432/leads"
    assert password not in str(DatabaseUrl(url)) and DatabaseUrl(url).password == password
    argv = ["list"]
    if where == "--db":
        argv += ["--db", url]
    elif where == "LEADTUI_DB":
        monkeypatch.setenv("LEADTUI_DB", url)
    else:
        config = tmp_path / "config.toml"
        config.write_text(f'database = "{url}"\n')
        argv = ["--config", str(config), *argv]
    code, out, err = _run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1
    assert "postgresql://ann:***@db.example:5432/leads" in err and "%40" in err
    for part in (password, password[:3], password[-4:]):
        assert part not in out + err


def test_an_encoded_password_is_hidden_decoded_too(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = DatabaseUrl("postgresql://ann:hun%23ter2@h/leads")
    assert url.password == "hun#ter2" and str(url) == "postgresql://ann:***@h/leads"
    assert url.scrub("FATAL: password hun#ter2 or hun%23ter2 refused") == "FATAL: password *** or *** refused"


def test_the_tui_takes_the_password_out_of_its_command_line():
    """What `ps` shows of a running TUI: the command line, read from outside the process."""
    pytest.importorskip("setproctitle")
    import subprocess
    import sys

    url = "postgresql://ann:hunter2@db.example/leads"
    code = ("import sys\nfrom leadtui.cli import hide_password_from_ps\nfrom leadtui.db.url import parse_target\n"
            "hide_password_from_ps(parse_target(sys.argv[2]))\nprint('up', flush=True)\nsys.stdin.read()\n")
    child = subprocess.Popen([sys.executable, "-c", code, "--db", url], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "up\n"
        shown = Path(f"/proc/{child.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    finally:
        child.communicate("", timeout=30)
    assert "hunter2" not in shown
    assert "--db postgresql://ann:***@db.example/leads" in shown
