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
