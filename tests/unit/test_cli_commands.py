"""Every CLI command in-process, its JSON, and every user error with its exit code."""

from __future__ import annotations

import json

import pytest

from leadtui.cli import main

ROW_KEYS = {"id", "name", "email", "phone", "company", "kind", "stage", "qualification",
            "temperature", "score", "source", "direction", "created_at", "last_touched_at",
            "next_follow_up_at", "stale"}


@pytest.fixture
def cli_json(cli):
    def run(*argv: str):
        code, out, err = cli(*argv, "--format", "json")
        assert code == 0, err
        return json.loads(out)

    return run


def _add(cli_json, name="Jane Doe", *extra) -> int:
    return cli_json("add", name, *extra)["id"]


# ---- the acceptance ------------------------------------------------------------

def test_add_then_list_json_shows_her_with_all_keys(cli, cli_json):
    code, out, err = cli("add", "Jane Doe", "--email", "jane@example.com", "--company", "Acme",
                         "--source", "webinar")
    assert (code, err) == (0, "")
    lead_id = int(out.strip())
    rows = cli_json("list")
    assert len(rows) == 1
    row = rows[0]
    assert ROW_KEYS <= set(row)
    assert row["id"] == lead_id
    assert (row["name"], row["email"], row["company"], row["source"]) == (
        "Jane Doe", "jane@example.com", "Acme", "webinar")
    assert (row["kind"], row["stage"], row["temperature"], row["direction"]) == (
        "lead", "interest", "cold", "outbound")
    assert row["stale"] is False
    assert row["next_follow_up_at"] is None
    assert row["created_at"].endswith("Z")


def test_list_stale_shows_the_old_lead_and_not_one_touched_today(cli_json):
    old = _add(cli_json, "Old One", "--at", "40 days ago")
    new = _add(cli_json, "New One")
    stale = cli_json("list", "--stale")
    assert [r["id"] for r in stale] == [old]
    assert stale[0]["stale"] is True
    assert {r["id"] for r in cli_json("list")} == {old, new}


# ---- each command ----------------------------------------------------------------------

def test_add_options(cli_json):
    lead_id = _add(cli_json, "Lars Nielsen", "--phone", "+45 26 12 34 56", "--title", "CTO",
                   "--inbound", "--prospect", "--note", "wants 40 seats", "--tag", "VIP",
                   "--tag", "q1", "--industry", "SaaS", "--location", "Aarhus", "--next", "tomorrow 9am")
    shown = cli_json("show", str(lead_id))
    assert ROW_KEYS <= set(shown)
    assert shown["phone"] == "+45 26 12 34 56"
    assert (shown["kind"], shown["direction"], shown["title"]) == ("prospect", "inbound", "CTO")
    assert (shown["interest"], shown["location"], shown["industry"]) == ("wants 40 seats", "Aarhus", "saas")
    assert shown["tags"] == ["q1", "vip"]
    assert shown["next_follow_up_at"].endswith("T09:00:00Z")
    assert len(shown["follow_ups"]) == 1


def test_add_table_prints_the_new_id(cli):
    code, out, _ = cli("add", "Aino Virtanen")
    assert code == 0 and out.strip().isdigit()


def test_log_records_a_touch_and_schedules_next(cli, cli_json):
    lead_id = _add(cli_json, "Old One", "--at", "40 days ago")
    data = cli_json("log", str(lead_id), "call", "--note", "wants a quote", "--next", "in 3 days")
    assert data["lead"]["id"] == lead_id
    assert data["lead"]["stale"] is False
    assert data["lead"]["next_follow_up_at"].endswith("T09:00:00Z")
    assert data["lead"]["engagement"] == 20  # +20 for the call; the silence before it had nothing to take
    shown = cli_json("show", str(lead_id))
    assert [(a["kind"], a["body"]) for a in shown["activities"]] == [("call", "wants a quote")]
    code, out, _ = cli("log", str(lead_id), "note", "--note", "likes coffee")
    assert code == 0 and f"logged note for #{lead_id} Old One" in out


def test_log_at_a_past_time(cli_json):
    lead_id = _add(cli_json, "Jane Doe", "--at", "3 days ago")
    touched = cli_json("log", str(lead_id), "call")["lead"]["last_touched_at"]
    data = cli_json("log", str(lead_id), "email", "--at", "2 days ago")
    assert data["lead"]["first_contacted_at"] is not None
    assert data["lead"]["last_touched_at"] == touched  # the older touch does not win


def test_stage_by_number_and_name(cli, cli_json):
    lead_id = _add(cli_json)
    assert cli_json("stage", str(lead_id), "4")["stage"] == "offer"
    code, out, _ = cli("stage", str(lead_id), "won")
    assert code == 0 and "Won" in out
    shown = cli_json("show", str(lead_id))
    assert shown["stage"] == "won"
    assert [(c["from"], c["to"]) for c in shown["changes"] if c["field"] == "stage"] == [
        ("offer", "won"), ("interest", "offer"), ("", "interest")]
    code, out, _ = cli("stage", str(lead_id), "won")
    assert "(unchanged)" in out


def test_show_table(cli, cli_json):
    lead_id = _add(cli_json, "Jane Doe", "--email", "jane@example.com", "--company", "Acme")
    cli_json("log", str(lead_id), "call", "--note", "asked for pricing")
    code, out, _ = cli("show", str(lead_id))
    assert code == 0
    assert f"#{lead_id} Jane Doe, Acme" in out
    assert "jane@example.com" in out
    assert "asked for pricing" in out


def test_show_table_without_a_source_and_with_a_note_of_several_lines(cli, cli_json):
    lead_id = _add(cli_json, "Jane Doe")
    cli("edit", str(lead_id), "interest=pricing\nand a demo")
    code, out, _ = cli("show", str(lead_id))
    assert code == 0
    assert "  source         (outbound)\n" in out
    assert "  interest       pricing\n                 and a demo\n" in out


def test_show_table_has_the_lead_pages_plain_rows(cli, cli_json):
    lead_id = _add(cli_json, "Jane Doe", "--company", "Acme")
    cli("edit", str(lead_id), "industry=SaaS", "location=Oulu", "employees=1200", "owner=ann")
    code, out, _ = cli("show", str(lead_id))
    assert code == 0
    for line in ("industry       SaaS", "location       Oulu", "employees      1 200",
                 "owner          ann"):
        assert line in out
    assert "revenue" not in out  # none: no row


def test_add_takes_the_edit_forms_other_fields_as_options(cli, cli_json):
    lead_id = _add(cli_json, "Jane Doe", "--website", "acme.fi", "--employees", "1,200",
                   "--budget", "€40k", "--bant-need", "yes")
    shown = cli_json("show", str(lead_id))
    assert (shown["website"], shown["employees"], shown["budget"], shown["bant_need"]) == (
        "acme.fi", 1200, 40000, True)
    code, out, err = cli("add", "Bob", "--employees", "lots")
    assert code != 0 and "employees must be a whole number" in err and "Traceback" not in err
    assert len(cli_json("list")) == 1  # nothing stored


def test_list_table_and_empty(cli, cli_json):
    code, out, _ = cli("list")
    assert (code, out.strip()) == (0, "no leads match")
    _add(cli_json, "Jane Doe", "--company", "Acme")
    code, out, _ = cli("list")
    assert "Jane Doe" in out and "Acme" in out


def test_list_limit_and_sort(cli, cli_json):
    for name in ("Cecilia", "Anna", "Bo"):
        _add(cli_json, name)
    assert [r["name"] for r in cli_json("list", "--sort", "name")] == ["Anna", "Bo", "Cecilia"]
    assert len(cli_json("list", "--limit", "2")) == 2
    assert [r["name"] for r in cli_json("list", "--sort", "name", "--limit", "2")] == ["Anna", "Bo"]
    code, _, err = cli("list", "--sort", "sideways")
    assert code == 1 and "unknown sort 'sideways'" in err
    code, _, err = cli("list", "--limit", "-1")
    assert code == 1 and "--limit takes 0 (all) or more" in err


def test_list_prospects_and_leads(cli_json):
    prospect = _add(cli_json, "P", "--prospect")
    lead = _add(cli_json, "L")
    assert [r["id"] for r in cli_json("list", "--prospects")] == [prospect]
    assert [r["id"] for r in cli_json("list", "--leads")] == [lead]


def test_today_sections(cli, cli_json):
    overdue = _add(cli_json, "Overdue", "--next", "3 days ago", "--force")
    due = _add(cli_json, "Due", "--next", "now")
    stale = _add(cli_json, "Stale", "--at", "40 days ago")
    inbound = _add(cli_json, "Inbound", "--inbound")
    data = cli_json("today")
    assert [r["id"] for r in data["overdue"]] == [overdue]
    assert [r["id"] for r in data["due"]] == [due]
    assert [r["id"] for r in data["stale"]] == [stale]
    assert [r["id"] for r in data["inbound"]] == [inbound]
    assert data["counts"] == {"overdue": 1, "due": 1, "stale": 1, "inbound": 1}
    assert ROW_KEYS <= set(data["overdue"][0])
    assert data["overdue"][0]["follow_up_id"] is not None
    code, out, _ = cli("today")
    assert code == 0
    for title in ("Overdue (1)", "Due today (1)", "Stale (1)", "New inbound awaiting first contact (1)"):
        assert title in out


def test_today_says_what_a_row_is_about_as_the_screen_does(cli, cli_json):
    overdue = _add(cli_json, "Overdue", "--next", "3 days ago", "--force")
    assert cli("log", str(overdue), "reply", "--note", "wants the recording")[0] == 0
    _add(cli_json, "Inbound", "--inbound")
    data = cli_json("today")
    assert (data["overdue"][0]["what"], data["overdue"][0]["last_activity"]) == ("", "reply: wants the recording")
    code, out, _ = cli("today")
    rows = {line.split()[1]: line for line in out.splitlines() if line[:1].isdigit()}
    assert rows["Overdue"].rstrip().endswith("last reply: wants the recording")
    assert rows["Inbound"].rstrip().endswith("—")


def test_follow_and_done(cli, cli_json):
    lead_id = _add(cli_json)
    data = cli_json("follow", str(lead_id), "2030-01-02 10:00", "--what", "send the offer")
    assert data["due_at"] == "2030-01-02T10:00:00Z"
    shown = cli_json("show", str(lead_id))
    assert shown["next_follow_up_at"] == "2030-01-02T10:00:00Z"
    assert shown["follow_ups"][0]["what"] == "send the offer"
    code, out, _ = cli("done", str(data["follow_up_id"]))
    assert code == 0 and f"done [{data['follow_up_id']}]" in out
    shown = cli_json("show", str(lead_id))
    assert shown["next_follow_up_at"] is None
    assert shown["follow_ups"][0]["done_at"] is not None


def test_follow_without_a_time_means_nine(cli_json):
    lead_id = _add(cli_json)
    assert cli_json("follow", str(lead_id), "2030-01-02")["due_at"] == "2030-01-02T09:00:00Z"


def test_score_line_by_line(cli, cli_json):
    lead_id = _add(cli_json)
    cli_json("log", str(lead_id), "call")
    cli_json("log", str(lead_id), "download")
    data = cli_json("score", str(lead_id))
    assert (data["engagement"], data["score"]) == (30, data["fit"] + 30)
    assert sorted(line["points"] for line in data["lines"]) == [10, 20]
    code, out, _ = cli("score", str(lead_id))
    assert code == 0 and "+20  call" in out and "+10  download" in out


@pytest.mark.new_database
def test_where_prints_both_paths_without_opening_the_database(cli, db, tmp_path):
    code, out, _ = cli("where")
    assert code == 0
    assert f"database: {db}" in out
    assert f"config:   {tmp_path / 'no-config.toml'}" in out
    assert not (tmp_path / "x.db").exists()


def test_where_follows_leadtui_db(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("LEADTUI_DB", str(tmp_path / "env.db"))
    code, out, _ = cli("where", use_db=False)
    assert code == 0 and f"database: {tmp_path / 'env.db'}" in out


def test_global_options_before_the_command(capsys, db):
    assert main(["--db", db, "add", "Jane Doe"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "--format", "json", "list"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["name"] == "Jane Doe"


def test_missing_directories_are_created(cli, tmp_path):
    target = tmp_path / "new" / "dir" / "leads.db"
    code, _, err = cli("add", "Jane", "--db", str(target), use_db=False)
    assert (code, err) == (0, "")
    assert target.exists()


def test_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("add", "log", "stage", "show", "list", "today", "follow", "done", "score", "where"):
        assert command in out
    assert "40 days ago" in out


def test_command_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["add", "--help"])
    assert exit_info.value.code == 0
    assert "--force" in capsys.readouterr().out


# ---- errors ----------------------------------------------------------------------------

def _no_leads(cli_json) -> bool:
    return cli_json("list") == []


@pytest.mark.parametrize(("option", "value", "label"), [
    ("--email", "jane@", "invalid e-mail"),
    ("--email", "jane at example dot com", "invalid e-mail"),
    ("--phone", "12", "invalid phone"),
    ("--phone", "+358 1", "invalid phone"),
])
def test_invalid_contact_data_is_refused_and_nothing_written(cli, cli_json, option, value, label):
    code, out, err = cli("add", "Jane Doe", option, value)
    assert code == 1
    assert out == ""
    assert label in err and repr(value) in err
    assert err.startswith("leadtui: ")
    assert _no_leads(cli_json)


def test_force_accepts_invalid_contact_data(cli, cli_json):
    code, _, _ = cli("add", "Jane Doe", "--email", "jane@", "--force")
    assert code == 0
    assert cli_json("list")[0]["email"] == "jane@"


def test_duplicate_is_refused_unless_forced(cli, cli_json):
    first = _add(cli_json, "Jane Doe", "--email", "jane@example.com")
    code, _, err = cli("add", "J Doe", "--email", "JANE@example.com")
    assert code == 1
    assert f"#{first} Jane Doe" in err and "--force" in err
    assert len(cli_json("list")) == 1
    code, _, _ = cli("add", "J Doe", "--email", "JANE@example.com", "--force")
    assert code == 0 and len(cli_json("list")) == 2


def test_similar_name_at_the_same_company_is_refused_unless_forced(cli, cli_json):
    first = _add(cli_json, "Jonathan Smith", "--company", "Acme Oy")
    code, _, err = cli("add", "Jonathon Smith", "--company", "Acme")
    assert code == 1
    assert f"#{first} Jonathan Smith" in err and "similar name" in err and "--force" in err
    assert len(cli_json("list")) == 1
    code, _, _ = cli("add", "Jonathon Smith", "--company", "Acme", "--force")
    assert code == 0 and len(cli_json("list")) == 2


@pytest.mark.parametrize("argv", [
    ("log", "999", "call"),
    ("stage", "999", "2"),
    ("show", "999"),
    ("follow", "999", "tomorrow"),
    ("score", "999"),
])
def test_unknown_lead_id(cli, argv):
    code, out, err = cli(*argv)
    assert code == 1
    assert out == ""
    assert err.strip() == "leadtui: no lead with id 999"


@pytest.mark.parametrize("argv", [("show", "abc"), ("log", "x1", "call"), ("stage", "one", "2")])
def test_lead_id_must_be_a_number(cli, argv):
    code, _, err = cli(*argv)
    assert code == 1 and "lead id must be a number" in err and repr(argv[1]) in err


def test_unknown_follow_up(cli):
    code, _, err = cli("done", "77")
    assert code == 1 and "no follow-up with id 77" in err
    code, _, err = cli("done", "seven")
    assert code == 1 and "follow-up id must be a number, got 'seven'" in err


def test_unknown_stage(cli, cli_json):
    lead_id = _add(cli_json)
    code, _, err = cli("stage", str(lead_id), "signed")
    assert code == 1
    assert "unknown stage 'signed'" in err and "won, lost, disqualified" in err
    assert cli_json("show", str(lead_id))["stage"] == "interest"


def test_unknown_activity_kind(cli, cli_json):
    lead_id = _add(cli_json)
    code, _, err = cli("log", str(lead_id), "lunch")
    assert code == 1
    assert "unknown activity kind 'lunch'" in err and "call, email, reply" in err
    assert cli_json("show", str(lead_id))["activities"] == []


@pytest.mark.parametrize("argv", [
    ("add", "Jane", "--at", "blorp"),
    ("add", "Jane", "--next", "someday maybe"),
])
def test_unparseable_when_on_add_writes_nothing(cli, cli_json, argv):
    code, _, err = cli(*argv)
    assert code == 1
    assert f"cannot understand the date {argv[-1]!r}" in err
    assert _no_leads(cli_json)


def test_unparseable_when_on_log_and_follow(cli, cli_json):
    lead_id = str(_add(cli_json))
    for argv in (("log", lead_id, "call", "--at", "blorp"), ("log", lead_id, "call", "--next", "blorp"),
                 ("follow", lead_id, "blorp")):
        code, _, err = cli(*argv)
        assert code == 1, argv
        assert "cannot understand the date 'blorp'" in err
    shown = cli_json("show", lead_id)
    assert shown["activities"] == [] and shown["follow_ups"] == []


def test_a_directory_as_database_is_exit_two_with_one_line(cli, tmp_path):
    code, out, err = cli("list", "--db", str(tmp_path), use_db=False)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("leadtui: ")
    assert "is a directory" in err


def test_an_uncreatable_parent_is_exit_two(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli("add", "Jane", "--db", str(blocker / "sub" / "x.db"), use_db=False)
    assert code == 2
    assert err.count("\n") == 1 and "cannot create" in err


def test_a_corrupt_database_is_exit_two(cli, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all " * 100)
    code, _, err = cli("today", "--db", str(bad), use_db=False)
    assert code == 2
    assert err.count("\n") == 1 and "cannot open database" in err


def test_bad_config_toml_is_exit_two(cli, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[staleness\nhot = 2\n")
    monkeypatch.setenv("LEADTUI_CONFIG", str(config))
    code, out, err = cli("list")
    assert code == 2
    assert out == ""
    assert "not valid TOML" in err and str(config) in err


def test_bad_config_value_via_config_flag_is_exit_two(cli, tmp_path):
    config = tmp_path / "other.toml"
    config.write_text("[staleness]\nhot = \"soon\"\n")
    code, _, err = cli("--config", str(config), "list")
    assert code == 2
    assert "staleness.hot must be a number" in err


def test_config_thresholds_apply_to_the_cli(cli, cli_json, tmp_path, monkeypatch):
    lead_id = _add(cli_json, "Ten days", "--at", "10 days ago")
    assert cli_json("list", "--stale") == []
    config = tmp_path / "config.toml"
    config.write_text("[staleness]\ncold = 5\n")
    monkeypatch.setenv("LEADTUI_CONFIG", str(config))
    assert [r["id"] for r in cli_json("list", "--stale")] == [lead_id]


def test_argument_errors_exit_two(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["stage"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        main(["list", "--format", "xml"])
    assert "invalid choice" in capsys.readouterr().err


# ---- dates -----------------------------------------------------------------------------

def test_where_shows_the_date_order(cli, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for var in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(var, raising=False)
    code, out, _ = cli("where")
    assert code == 0 and "dates:    MDY (slash dates as in 12/24/2026" in out
    monkeypatch.setenv("LC_TIME", "fi_FI.UTF-8")
    assert "dates:    DMY" in cli("where")[1]


def test_dotted_dates_are_day_month_year(cli_json, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # slash dates month first; dotted ones never
    lead_id = _add(cli_json)
    assert cli_json("follow", str(lead_id), "1.2.2030")["due_at"] == "2030-02-01T09:00:00Z"
    assert cli_json("follow", str(lead_id), "2/1/2030 14:00")["due_at"] == "2030-02-01T14:00:00Z"


def test_a_past_follow_up_needs_force(cli, cli_json):
    lead_id = _add(cli_json)
    code, _, err = cli("follow", str(lead_id), "yesterday")
    assert code == 1 and "is in the past; use --force to keep it" in err
    code, _, err = cli("log", str(lead_id), "call", "--next", "in 1000000 days")
    assert code == 1 and "years away; use --force" in err
    assert cli_json("show", str(lead_id))["follow_ups"] == []
    assert cli_json("follow", str(lead_id), "yesterday", "--force")["follow_up_id"]


def test_an_unreadable_time_is_an_error(cli, cli_json):
    lead_id = _add(cli_json)
    code, _, err = cli("follow", str(lead_id), "tomorrow 25:00")
    assert code == 1 and "no hour 25" in err


def test_an_activity_in_the_future_or_before_the_lead_is_refused(cli, cli_json):
    lead_id = _add(cli_json, "Jane Doe", "--at", "2 days ago")
    code, _, err = cli("log", str(lead_id), "call", "--at", "tomorrow")
    assert code == 1 and "is in the future" in err
    code, _, err = cli("log", str(lead_id), "call", "--at", "5 days ago")
    assert code == 1 and "before the lead was created" in err
    assert cli_json("show", str(lead_id))["activities"] == []


def test_prospects_off_the_profile_leave_list_today_and_next_and_fits_no_lists_them(cli, cli_json):
    fits = _add(cli_json, "Fia Fits", "--prospect", "--industry", "saas", "--location", "Helsinki",
                "--next", "3 days ago", "--force")
    off = _add(cli_json, "Olle Off", "--prospect", "--industry", "retail", "--location", "Helsinki",
               "--next", "3 days ago", "--force")
    code, _, err = cli("profile", "set", "--industries", "saas", "--locations", "Helsinki")
    assert code == 0, err
    assert [r["id"] for r in cli_json("list")] == [fits]
    assert [r["id"] for r in cli_json("list", "fits:no")] == [off]
    code, out, _ = cli("list")
    assert "Olle Off" not in out
    hint = "1 prospect no longer fitting the profile left out: `leadtui list 'kind:prospect fits:no'` lists them"
    assert hint in out
    today = cli_json("today")
    assert [r["id"] for r in today["overdue"]] == [fits] and today["off_profile"] == 1
    assert [i["id"] for i in cli_json("next")["items"]] == [fits]
    for command in ("today", "next"):
        code, out, _ = cli(command)
        assert code == 0 and "Olle Off" not in out and hint in out
    code, _, err = cli("edit", str(off), "--industry", "saas")  # she fits again
    assert code == 0, err
    assert {i["id"] for i in cli_json("next")["items"]} == {fits, off}
    code, out, _ = cli("list")
    assert "Olle Off" in out and "no longer fitting" not in out
