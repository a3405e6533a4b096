"""config.toml: parsing, errors, and where the database lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadtui.config import (
    Config,
    config_from_dict,
    load_config,
    resolve_db_path,
    user_config_path,
    user_data_db_path,
)
from leadtui.errors import ConfigError

FULL = """
database = "~/leads/leads.db"
owner = "anna"
default_region = "dk"
tick_seconds = 15
start_screen = "Leads"

[staleness]
hot = 1
warm = 5.5
cold = 20

[staleness.stage]
offer = 3

[temperature]
warm = 25
hot = 60
"""


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_full_file(tmp_path):
    config = load_config(_write(tmp_path, FULL))
    assert config.database == Path("~/leads/leads.db").expanduser()
    assert config.owner == "anna"
    assert config.default_region == "DK"
    assert config.tick_seconds == 15
    assert config.start_screen == "leads"
    assert config.stale_days == {"hot": 1, "warm": 5.5, "cold": 20}
    assert config.stage_stale_days == {"offer": 3}
    assert (config.warm_at, config.hot_at) == (25, 60)


def test_partial_file_keeps_the_other_defaults(tmp_path):
    config = load_config(_write(tmp_path, "[staleness]\nwarm = 10\n"))
    assert config.stale_days == {"hot": 2, "warm": 10, "cold": 30}
    assert config.database is None
    assert (config.warm_at, config.hot_at) == (20, 50)


def test_missing_file_means_defaults(tmp_path):
    config = load_config(tmp_path / "nope.toml")
    assert config.stale_days == {"hot": 2, "warm": 7, "cold": 30}
    assert config.stage_stale_days == {}


def test_config_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADTUI_CONFIG", str(tmp_path / "elsewhere.toml"))
    assert user_config_path() == tmp_path / "elsewhere.toml"
    _write(tmp_path, 'owner = "nobody"')
    monkeypatch.setenv("LEADTUI_CONFIG", str(tmp_path / "config.toml"))
    assert load_config().owner == "nobody"


def test_bad_toml_is_a_config_error_naming_the_file(tmp_path):
    path = _write(tmp_path, "owner = \n[staleness\n")
    with pytest.raises(ConfigError, match="not valid TOML") as err:
        load_config(path)
    assert str(path) in str(err.value)
    assert err.value.exit_code == 2


def test_undecodable_file_is_a_config_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"owner = \"\xff\xfe\"\n")
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(path)


def test_a_directory_as_config_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path)


@pytest.mark.parametrize(("text", "message"), [
    ('[staleness]\nhot = "two"', "staleness.hot must be a number"),
    ("[staleness]\nwarm = -1", "staleness.warm must be a number"),
    ("[staleness]\ntepid = 3", "unknown temperature 'tepid'"),
    ("[staleness.stage]\nsigned = 3", "unknown stage 'signed'"),
    ("[staleness.stage]\noffer = true", "staleness.stage.offer must be a number"),
    ("tick_seconds = 0", "tick_seconds must be a number"),
    ('[temperature]\nhot = "high"', "temperature.hot must be a number"),
    ("staleness = 5", "staleness must be a table"),
    ("temperature = [1, 2]", "temperature must be a table"),
    ("[staleness]\nstage = 4", "staleness.stage must be a table"),
    ('qualification = "x"', "qualification must be a table"),
    ("default_region = 5", "default_region must be a two-letter country code"),
    ('default_region = "Finland"', "default_region must be a two-letter country code"),
])
def test_bad_values_are_config_errors(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as err:
        load_config(path)
    assert str(path) in str(err.value)


def test_stage_override_beats_temperature():
    config = config_from_dict({"staleness": {"hot": 1, "stage": {"offer": 3}}})
    assert config.stale_threshold_days("hot", "offer") == 3
    assert config.stale_threshold_days("hot", "nurture") == 1
    assert config.stale_threshold_days("cold", "nurture") == 30


def test_signature_changes_with_any_threshold():
    base = Config().staleness_signature()
    assert config_from_dict({}).staleness_signature() == base
    assert config_from_dict({"staleness": {"cold": 31}}).staleness_signature() != base
    assert config_from_dict({"staleness": {"stage": {"offer": 3}}}).staleness_signature() != base
    assert config_from_dict({"temperature": {"hot": 70}}).staleness_signature() == base


# ---- where the database lives: --db > LEADTUI_DB > config > platform dir ------------------

def test_db_flag_beats_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADTUI_DB", str(tmp_path / "env.db"))
    config = Config(database=tmp_path / "config.db")
    assert resolve_db_path(str(tmp_path / "flag.db"), config) == tmp_path / "flag.db"


def test_environment_beats_config(tmp_path, monkeypatch):
    monkeypatch.setenv("LEADTUI_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(None, Config(database=tmp_path / "config.db")) == tmp_path / "env.db"


def test_config_beats_the_platform_dir(tmp_path):
    assert resolve_db_path(None, Config(database=tmp_path / "config.db")) == tmp_path / "config.db"


def test_platform_dir_is_the_fallback(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = resolve_db_path(None, Config())
    assert path == user_data_db_path()
    assert path.name == "leads.db"
    assert path.parent.name == "leadtui"


def test_home_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_db_path("~/x.db", Config()) == tmp_path / "x.db"
    monkeypatch.setenv("LEADTUI_DB", "~/y.db")
    assert resolve_db_path(None, Config()) == tmp_path / "y.db"


@pytest.mark.parametrize(("env", "order"), [
    ({"LANG": "fi_FI.UTF-8"}, "DMY"),
    ({"LANG": "en_US.UTF-8"}, "MDY"),
    ({"LANG": "sv_SE.UTF-8"}, "YMD"),
    ({"LANG": "en_US.UTF-8", "LC_TIME": "da_DK.UTF-8"}, "DMY"),
    ({"LC_TIME": "en_GB.UTF-8", "LC_ALL": "en_US.UTF-8"}, "MDY"),
    ({"LANG": "C.UTF-8"}, "DMY"),
    ({}, "DMY"),
])
def test_date_order_defaults_to_the_locale(monkeypatch, env, order):
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert Config().date_order == order


def test_date_order_from_the_file(tmp_path):
    assert load_config(_write(tmp_path, 'date_order = "mdy"\n')).date_order == "MDY"
    with pytest.raises(ConfigError, match="date_order must be one of DMY, MDY, YMD"):
        load_config(_write(tmp_path, 'date_order = "DDMM"\n'))


# ---- strict: typos, wrong types, impossible numbers ---------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("tick_second = 5", "unknown key 'tick_second'; did you mean 'tick_seconds'?"),
    ("[temperature]\nhott = 70", "unknown key 'temperature.hott'; did you mean 'temperature.hot'?"),
    ("[qualification]\nsql = 70", "unknown key 'qualification.sql'; did you mean 'qualification.sql_fit'?"),
    ("[planner]\ngoals = 3", "unknown key 'planner.goals'; did you mean 'planner.goal'?"),
    ("[backups]\nkeeps = 3", "unknown key 'backups.keeps'; did you mean 'backups.keep'?"),
    ("colour = 'red'", "unknown key 'colour'"),
    ("[staleness]\nhot = inf", "staleness.hot must be a number from 0 to 3650, got inf"),
    ("[staleness]\nwarm = nan", "staleness.warm must be a number from 0 to 3650, got nan"),
    ("[staleness.stage]\noffer = 1e300", "staleness.stage.offer must be a number from 0 to 3650"),
    ("[staleness]\ncold = 40000", "staleness.cold must be a number from 0 to 3650"),
    ("tick_seconds = -inf", "tick_seconds must be a number from 1 to 86400"),
    ("[temperature]\nhot = 1e9", "temperature.hot must be a number from -1000 to 1000"),
    ("owner = 5", "owner must be text in quotes, got 5"),
    ("currency = 978", "currency must be text in quotes"),
    ("[keys]\n'app.quick_add' = 5", "keys.app.quick_add must be a key"),
    ('start_screen = "lead"', "start_screen must be one of today, leads, pipeline, reports, profile, rules, "
                              "templates, got 'lead'; did you mean 'leads'?"),
    ('start_screen = "home"', "start_screen must be one of today, leads, pipeline"),
    ("start_screen = 2", "start_screen must be text in quotes, got 2"),
    ("[keys]\n'app.quick_add' = ''", "keys.app.quick_add must be a key"),
])
def test_strict_config_names_the_key(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value) and err.value.exit_code == 2


def test_keys_table_flat_or_nested():
    config = config_from_dict({"keys": {"app.quick_add": "n", "leads": {"filter": "f, ctrl+f"}}})
    assert config.keymap == {"app.quick_add": "n", "leads.filter": "f,ctrl+f"}


def test_a_typo_in_config_is_exit_2_for_any_command(tmp_path, capsys):
    from leadtui.cli import main

    path = _write(tmp_path, "tick_second = 5\n")
    code = main(["--config", str(path), "--db", str(tmp_path / "x.db"), "today"])
    err = capsys.readouterr().err
    assert code == 2 and "unknown key 'tick_second'; did you mean 'tick_seconds'?" in err
    assert len(err.strip().splitlines()) == 1


def test_the_default_start_screen_is_today():
    assert Config().start_screen == "today" and config_from_dict({}).start_screen == "today"


def test_a_bad_start_screen_stops_the_tui_with_exit_2_and_one_line(tmp_path, capsys):
    from leadtui.cli import main

    path = _write(tmp_path, 'start_screen = "inbox"\n')
    code = main(["--config", str(path), "--db", str(tmp_path / "x.db")])  # no command: the TUI
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"config {path}: start_screen must be one of today, leads" in err and "Traceback" not in err
    assert not (tmp_path / "x.db").exists()  # stopped before anything was opened
