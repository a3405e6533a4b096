"""`leadtui remind [--notify]`: due work, for cron, with a fake notify-send on PATH."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta

import pytest

from leadtui.capture.remind import announce, reminders
from leadtui.leads import writes as leads

MET = datetime(2026, 11, 1, 9, 0)


@pytest.fixture
def fake_notify(tmp_path, monkeypatch):
    """A notify-send that writes its arguments, one call per line, to calls.txt."""
    folder = tmp_path / "bin"
    folder.mkdir()
    calls = tmp_path / "calls.txt"
    script = folder / "notify-send"
    script.write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> "{calls}"\necho >> "{calls}"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return lambda: calls.read_text().splitlines() if calls.exists() else []


@pytest.fixture
def agenda(ctx, clock):
    def add(name, **extra):
        return leads.add_lead(ctx, leads.NewLead(name=name, at=MET, **extra)).id

    hot = add("Hanna Hot", company="Acme")
    leads.pin_temperature(ctx, hot, "hot")
    cold = add("Carl Cold")  # stale too, but cold: not a reminder
    due = add("Dora Due")
    leads.schedule_follow_up(ctx, due, clock.now() + timedelta(hours=1), "send the offer")
    later = add("Leo Later")
    leads.schedule_follow_up(ctx, later, clock.now() + timedelta(days=10), "call")
    inbound = add("Ines Inbound", direction="inbound")
    clock.advance(days=3)
    return {"hot": hot, "cold": cold, "due": due, "later": later, "inbound": inbound}


def test_reminders_list_due_follow_ups_stale_hot_leads_and_late_inbound(ctx, agenda):
    found = reminders(ctx)
    assert [(r.kind, r.name) for r in found.items] == [
        ("follow-up", "Dora Due"), ("stale", "Hanna Hot"), ("inbound", "Ines Inbound")]
    assert found.items[0].what == "send the offer"
    assert found.counts == {"follow-up": 1, "stale": 1, "inbound": 1}


def test_notify_announces_once_naming_the_leads(ctx, clock, agenda, fake_notify):
    told = announce(ctx, reminders(ctx))
    assert told.sent and len(told.new) == 3
    [call] = fake_notify()
    assert "leadtui: 1 follow-up due, 1 hot or warm lead gone stale, 1 inbound lead" in call
    assert "Dora Due (send the offer)" in call and "Hanna Hot, Acme" in call and "Ines Inbound" in call
    again = announce(ctx, reminders(ctx))  # the next cron run: nothing new, nothing sent
    assert not again.sent and len(fake_notify()) == 1
    clock.advance(days=8)  # Leo's follow-up comes due: only it is announced
    told = announce(ctx, reminders(ctx))
    assert [r.name for r in told.new] == ["Leo Later"] and "Leo Later (call)" in fake_notify()[1]


def test_without_notify_send_nothing_happens_and_nothing_fails(ctx, agenda, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    told = announce(ctx, reminders(ctx))
    assert not told.sent and "not installed" in told.why
    monkeypatch.undo()


def test_cli_remind(cli, fake_notify):
    assert cli("add", "Ines", "--inbound", "--at", "1.1.2026")[0] == 0
    code, out, err = cli("remind")
    assert code == 0 and "Inbound leads past the response target (1):" in out and "#1 Ines" in out
    code, out, err = cli("remind", "--notify", "--format", "json")
    assert code == 0 and '"sent": true' in out and len(fake_notify()) == 1
    code, out, err = cli("remind", "--notify")
    assert code == 0 and "nothing new" in out and len(fake_notify()) == 1
