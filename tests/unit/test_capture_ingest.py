"""`leadtui ingest`: mail and calendar files become activities, once per lead.

The fixtures under tests/fixtures/capture copy what real tools write: a Thunderbird mbox
("From - " lines, X-Mozilla headers, RFC 2047 and KOI8-R subjects), an mbsync Maildir (flags in
names, a dotfile, a Maildir++ dot folder, no tmp/), an Exchange invitation (base64 text/calendar,
"FLE Standard Time", a meeting room), a Google Calendar invitation carrying its event twice, its
cancellation, an Outlook series with an EXDATE, a moved and a cancelled occurrence, and an
iCloud export whose VTIMEZONE has the invalid +5744 offset.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from leadtui.capture.ingest import ingest
from leadtui.db.models import Activity, FollowUp, IngestFile, Lead, StageChange
from leadtui.errors import InvalidInput
from leadtui.leads import writes as leads

FIXTURES = Path(__file__).parent.parent / "fixtures" / "capture"
MET = datetime(2026, 10, 1, 9, 0)


@pytest.fixture
def config(config):
    config.owner_email = "anna@seller.fi"
    return config


@pytest.fixture
def people(ctx):
    def add(name, email, **extra):
        return leads.add_lead(ctx, leads.NewLead(name=name, email=email, at=MET, **extra)).id

    return {"jane": add("Jane Smith", "jane.smith@acme.com"),
            "ivan": add("Ivan Petrov", "ivan@globex.ru", kind="prospect"),
            "room": add("Kamppi room", "kamppi.room@seller.fi")}


def _activities(lead_id):
    return [(a.kind, a.at, a.body) for a in
            Activity.select().where(Activity.lead == lead_id).order_by(Activity.at, Activity.kind)]


def _open_follow_ups(lead_id):
    return [(f.due_at, f.what) for f in
            FollowUp.select().where(FollowUp.lead == lead_id, FollowUp.done_at.is_null())]


@pytest.mark.both_engines
def test_mbox_replies_and_sent_mail_are_logged_once_in_utc(ctx, people):
    report = ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    jane = _activities(people["jane"])
    assert [(kind, at) for kind, at, _ in jane] == [
        ("reply", datetime(2026, 11, 17, 10, 30)),  # Date +0200
        ("email", datetime(2026, 11, 18, 9, 0)),
        ("reply", datetime(2026, 11, 20, 15, 0)),  # no Date, no Received: the "From " line
    ]
    # RFC 2047 subject decoded; the quoted offer (and the addresses in it) left out.
    assert jane[0][2] == "Re: Tarjous – hinnat — Thanks, the prices look fine. Can we start in January?"
    assert jane[1][2] == "Pilot scope — Hi Jane & Ivan, the pilot covers two sites."  # HTML only
    ivan = _activities(people["ivan"])
    assert [(kind, at, body.split(" — ")[0]) for kind, at, body in ivan] == [
        ("email", datetime(2026, 11, 18, 9, 0), "Pilot scope"),  # Cc
        ("reply", datetime(2026, 11, 19, 4, 0), "Договор"),  # KOI8-R; Received's date
    ]
    assert _activities(people["room"]) == []
    assert len(report.entries) == 5
    assert report.unknown == []  # listed only with new_leads


@pytest.mark.both_engines
def test_a_second_run_over_the_same_files_adds_nothing(ctx, people):
    ingest(ctx, [FIXTURES])
    count = Activity.select().count()
    again = ingest(ctx, [FIXTURES])
    assert again.entries == [] and again.files_read == 0
    IngestFile.delete().execute()  # even when every file is read again
    assert ingest(ctx, [FIXTURES]).entries == []
    assert Activity.select().count() == count


def test_the_same_message_in_mbox_and_maildir_is_one_activity(ctx, people):
    ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    report = ingest(ctx, [FIXTURES / "maildir"])
    assert [(e.lead_name, e.kind, e.at) for e in report.entries] == [
        ("Ivan Petrov", "reply", datetime(2026, 11, 21, 10, 0))]  # new/ read; the cur/ twin not
    bodies = [body for _, _, body in _activities(people["jane"])]
    assert not any("dot folder" in b for b in bodies)  # .Sent is a Maildir++ folder of its own


def test_activities_touch_the_lead_and_score_it(ctx, people):
    before = Lead.get_by_id(people["ivan"])
    assert before.kind == "prospect"
    ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    ivan = Lead.get_by_id(people["ivan"])
    assert ivan.last_touched_at == datetime(2026, 11, 19, 4, 0)
    assert ivan.first_contacted_at == datetime(2026, 11, 18, 9, 0)
    assert ivan.kind == "lead"  # a reply shows interest
    assert ivan.engagement_score > before.engagement_score
    assert ivan.stale_at > before.stale_at
    events = StageChange.select().where(StageChange.lead == ivan.id, StageChange.field == "kind")
    assert [(e.from_value, e.to_value, e.at) for e in events] == [  # the funnel sees it
        ("prospect", "lead", datetime(2026, 11, 19, 4, 0))]


def test_an_exchange_invitation_is_a_meeting_in_utc_and_a_room_is_no_one(ctx, people):
    report = ingest(ctx, [FIXTURES / "outlook-invite.eml"])
    # 14:00 "FLE Standard Time" (Helsinki, EET in November) is 12:00 UTC; the invitation
    # itself is not logged as an e-mail.
    assert _activities(people["jane"]) == [("meeting", datetime(2026, 11, 10, 12, 0), "Acme pilot review")]
    assert _activities(people["room"]) == []
    assert len(report.entries) == 1
    assert ingest(ctx, [FIXTURES / "outlook-invite.eml"]).entries == []


def test_a_google_invitation_carrying_its_event_twice_makes_one_follow_up(ctx, people):
    report = ingest(ctx, [FIXTURES / "google-invite.eml"])
    assert _open_follow_ups(people["ivan"]) == [(datetime(2026, 12, 1, 8, 0), "Globex contract call")]
    assert [e.kind for e in report.entries] == ["follow-up"]
    assert Lead.get_by_id(people["ivan"]).next_follow_up_at == datetime(2026, 12, 1, 8, 0)
    assert _activities(people["ivan"]) == []  # ahead: nothing happened yet
    IngestFile.delete().execute()
    assert ingest(ctx, [FIXTURES / "google-invite.eml"]).entries == []


@pytest.mark.both_engines
def test_a_cancellation_logs_nothing_and_cancels_the_follow_up(ctx, people):
    ingest(ctx, [FIXTURES / "google-invite.eml"])
    report = ingest(ctx, [FIXTURES / "google-cancel.ics"])
    assert [e.kind for e in report.entries] == ["cancelled"]
    follow_up = FollowUp.get(FollowUp.lead == people["ivan"])
    assert follow_up.cancelled_at == ctx.now() and follow_up.done_at == ctx.now()
    assert Lead.get_by_id(people["ivan"]).next_follow_up_at is None
    assert ingest(ctx, [FIXTURES / "google-cancel.ics"]).entries == []
    IngestFile.delete().execute()  # the older invitation read again brings nothing back
    assert ingest(ctx, [FIXTURES / "google-invite.eml", FIXTURES / "google-cancel.ics"]).entries == []
    assert _open_follow_ups(people["ivan"]) == []


def test_cancel_and_invitation_read_together_make_nothing(ctx, people):
    report = ingest(ctx, [FIXTURES / "google-cancel.ics", FIXTURES / "google-invite.eml"])
    assert report.entries == [] and _open_follow_ups(people["ivan"]) == []


def test_a_recurring_event_counts_each_occurrence_that_happened(ctx, people):
    ingest(ctx, [FIXTURES / "recurring.ics"])
    meetings = [(at, body) for kind, at, body in _activities(people["jane"])]
    assert meetings == [
        (datetime(2026, 10, 6, 7, 0), "Acme weekly"),  # EEST, +3
        # 13.10 is an EXDATE; 20.10 moved to 21.10 11:00
        (datetime(2026, 10, 21, 8, 0), "Acme weekly (moved)"),
        (datetime(2026, 10, 27, 8, 0), "Acme weekly"),  # EET, +2, after the change on 25.10
        # 3.11 cancelled
        (datetime(2026, 11, 10, 8, 0), "Acme weekly"),
        (datetime(2026, 11, 17, 8, 0), "Acme weekly"),
    ]
    assert _open_follow_ups(people["jane"]) == [(datetime(2026, 11, 24, 8, 0), "Acme weekly")]


@pytest.mark.both_engines
def test_an_unchanged_calendar_is_read_again_when_its_next_event_comes_due(ctx, clock, people):
    ingest(ctx, [FIXTURES / "recurring.ics"])
    assert ingest(ctx, [FIXTURES / "recurring.ics"]).files_read == 0
    clock.set(datetime(2026, 11, 25, 9, 0))
    report = ingest(ctx, [FIXTURES / "recurring.ics"])
    assert [(e.kind, e.at) for e in report.entries] == [
        ("meeting", datetime(2026, 11, 24, 8, 0)), ("follow-up", datetime(2026, 12, 1, 8, 0))]
    follow_ups = FollowUp.select().where(FollowUp.lead == people["jane"]).order_by(FollowUp.due_at)
    assert [(f.due_at, f.done_at) for f in follow_ups] == [
        (datetime(2026, 11, 24, 8, 0), clock.now()), (datetime(2026, 12, 1, 8, 0), None)]


def test_an_icloud_file_with_a_broken_time_zone_falls_back_with_a_warning(ctx, people):
    report = ingest(ctx, [FIXTURES / "icloud.ics"])
    assert any("invalid time-zone block" in w for w in report.warnings)
    # 15:00 Europe/Prague (CET) is 14:00 UTC; MAILTO: in capitals matches.
    assert _activities(people["ivan"]) == [("meeting", datetime(2026, 11, 16, 14, 0), "Globex visit in Prague")]


def test_a_floating_time_is_local_time(ctx, people, helsinki):
    ingest(ctx, [FIXTURES / "icloud.ics"])
    assert _activities(people["jane"]) == [("meeting", datetime(2026, 11, 18, 7, 0), "Coffee with Jane")]


def test_dry_run_lists_and_writes_nothing(ctx, people):
    report = ingest(ctx, [FIXTURES], dry_run=True)
    assert report.dry_run and len(report.entries) > 10
    assert Activity.select().count() == 0 and FollowUp.select().count() == 0
    assert IngestFile.select().count() == 0


def test_unknown_senders_are_listed_then_created_as_prospects_on_request(ctx, people):
    report = ingest(ctx, [FIXTURES / "thunderbird.mbox"], new_leads=True)
    assert [(s.address, s.name) for s in report.unknown] == [("bob@newco.fi", "Bob Newman")]  # no noreply
    assert Lead.select().where(Lead.email == "bob@newco.fi").count() == 0
    created = ingest(ctx, [FIXTURES / "thunderbird.mbox"], new_leads=True, create=True)
    bob = Lead.get(Lead.email == "bob@newco.fi")
    assert [r.id for r in created.created] == [bob.id]
    assert (bob.kind, bob.source, bob.name) == ("lead", "mail", "Bob Newman")  # his mail: interest
    assert [(kind, at) for kind, at, _ in _activities(bob.id)] == [("reply", datetime(2026, 11, 18, 11, 12))]


def test_without_your_address_mail_you_sent_is_left_out_with_a_warning(ctx, people):
    ctx.config.owner_email = ""
    report = ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    assert [e.kind for e in report.entries] == ["reply", "reply", "reply"]
    assert any("[mail] me" in w for w in report.warnings)


def test_mail_me_addresses_are_you(ctx, people):
    ctx.config.owner_email = ""
    ctx.config.mail_me = ["anna@seller.fi"]
    report = ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    assert sorted(e.kind for e in report.entries) == ["email", "email", "reply", "reply", "reply"]


def test_bad_paths_are_refused_before_anything_is_written(ctx, people, tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    with pytest.raises(InvalidInput, match="binary"):
        ingest(ctx, [FIXTURES / "thunderbird.mbox", binary])
    with pytest.raises(InvalidInput, match="no such file"):
        ingest(ctx, [FIXTURES / "thunderbird.mbox", tmp_path / "missing"])
    text = tmp_path / "notes.txt"
    text.write_text("just some notes\n")
    with pytest.raises(InvalidInput, match="not mail"):
        ingest(ctx, [text])
    assert Activity.select().count() == 0


def test_a_folder_of_eml_files_leaves_other_files_out(ctx, people, tmp_path):
    folder = tmp_path / "exported"
    folder.mkdir()
    shutil.copy(FIXTURES / "outlook-invite.eml", folder / "Acme pilot review.eml")
    (folder / "thumbs.db").write_bytes(b"\x00\x01binary")
    report = ingest(ctx, [folder])
    assert [e.kind for e in report.entries] == ["meeting"]
    assert any("left out" in w for w in report.warnings)


def test_a_new_lead_makes_unchanged_files_read_again(ctx, people):
    ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    leads.add_lead(ctx, leads.NewLead(name="Bob Newman", email="bob@newco.fi", at=MET))
    report = ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    assert [(e.lead_name, e.kind) for e in report.entries] == [("Bob Newman", "reply")]


def test_cli_ingest_prints_per_lead_and_fails_cleanly(cli, tmp_path):
    cli("add", "Jane Smith", "--email", "jane.smith@acme.com", "--at", "1.10.2026")
    code, out, err = cli("ingest", str(FIXTURES / "thunderbird.mbox"), "--dry-run")
    assert code == 0 and "#1 Jane Smith" in out and "would be logged" in out
    code, out, err = cli("ingest", str(tmp_path / "nope.mbox"))
    assert code == 1 and err.strip() == f"leadtui: no such file or folder: {tmp_path / 'nope.mbox'}"
    code, out, err = cli("ingest", str(FIXTURES / "thunderbird.mbox"), "--create")
    assert code == 1 and "--new-leads" in err


def test_an_unchanged_maildir_is_not_even_listed_and_a_new_message_is_read(ctx, people, tmp_path):
    maildir = tmp_path / "INBOX"
    shutil.copytree(FIXTURES / "maildir", maildir)
    first = ingest(ctx, [maildir])
    assert (first.files_read, first.folders_unchanged) == (2, 0)
    again = ingest(ctx, [maildir])
    assert (again.files_read, again.folders_unchanged, again.entries) == (0, 2, [])
    (maildir / "new" / "1763900000.M7P1.laptop").write_text(
        "Message-ID: <new-arrival@acme.com>\nDate: Sun, 22 Nov 2026 08:00:00 +0000\n"
        "From: jane.smith@acme.com\nTo: anna@seller.fi\nSubject: Signed\n\nSigned it.\n")
    report = ingest(ctx, [maildir])
    assert report.folders_unchanged == 1  # cur/ as it was
    assert [(e.kind, e.at, e.text) for e in report.entries] == [
        ("reply", datetime(2026, 11, 22, 8, 0), "Signed — Signed it.")]


@pytest.mark.parametrize("encoding", ["8bit", "base64", "quoted-printable"])
def test_a_long_one_part_letter_gives_its_first_lines(encoding):
    import base64
    import quopri

    from leadtui.capture.mail import envelope, read_message

    text = "Hyvä Anna,\nkiitos tarjouksesta.\n" + "Pitkä liite tekstinä. " * 5000 + "\n"
    body = text.encode()
    if encoding == "base64":
        body = b"\n".join(base64.encodebytes(body).splitlines())
    elif encoding == "quoted-printable":
        body = quopri.encodestring(body)
    raw = (b"From: jane.smith@acme.com\nTo: anna@seller.fi\nSubject: Long\nDate: Mon, 16 Nov 2026 "
           b"10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: "
           + encoding.encode() + b"\n\n" + body)
    message = read_message(raw, envelope(raw))
    assert message.excerpt.startswith("Hyvä Anna,\nkiitos tarjouksesta.\nPitkä liite")


def test_cli_shows_ten_warnings_and_counts_the_rest(cli, tmp_path):
    cli("add", "Jane Smith", "--email", "jane.smith@acme.com", "--at", "1.10.2026")
    box = tmp_path / "dateless.mbox"
    box.write_text("".join(f"From jane\nFrom: jane.smith@acme.com\nTo: anna@seller.fi\nSubject: n{i}\n\nHi\n\n"
                           for i in range(12)))
    code, out, err = cli("ingest", str(box))
    assert code == 0 and out.count("warning:") == 10 and "… and 2 more warnings" in out


def test_a_maildir_holding_an_invitation_is_listed_again_when_its_event_comes_due(ctx, clock, people, tmp_path):
    maildir = tmp_path / "INBOX"
    (maildir / "cur").mkdir(parents=True)
    shutil.copy(FIXTURES / "google-invite.eml", maildir / "cur" / "1763626500.M1P1.laptop:2,S")
    assert [e.kind for e in ingest(ctx, [maildir]).entries] == ["follow-up"]
    assert ingest(ctx, [maildir]).folders_unchanged == 1
    clock.set(datetime(2026, 12, 1, 9, 0))  # the call has happened
    report = ingest(ctx, [maildir])
    assert [(e.kind, e.at) for e in report.entries] == [("meeting", datetime(2026, 12, 1, 8, 0))]
    assert ingest(ctx, [maildir]).folders_unchanged == 1  # and is not due again


def test_an_unknown_senders_rfc_2047_name_is_decoded(ctx):
    ctx.config.owner_email = "anna@seller.fi"
    report = ingest(ctx, [FIXTURES / "google-invite.eml"], new_leads=True, dry_run=True)
    assert [(s.address, s.name) for s in report.unknown] == [("ivan@globex.ru", "Иван Петров")]


@pytest.mark.both_engines
def test_logged_mail_is_found_by_the_list_search(ctx, people):
    from leadtui.finding import paging, queries

    ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    found = list(paging.iter_leads(ctx, queries.LeadFilter(query="lawyers"), "touched"))
    assert [row.name for row in found] == ["Ivan Petrov"]


def test_unencoded_utf8_headers_are_read_as_utf8(ctx, people, tmp_path):
    """RFC 6532 mail (and many clients) put raw UTF-8 in headers instead of RFC 2047 words."""
    ctx.config.owner_email = "anna@seller.fi"
    letter = tmp_path / "utf8.eml"
    letter.write_bytes("From: Åsa Öberg <asa@nordic.se>\r\nTo: anna@seller.fi\r\nCc: Jane Smith\r\n"
                       " <jane.smith@acme.com>\r\nSubject: Предложение – hinnat\r\nDate: Mon, 16 Nov 2026 "
                       "10:00:00 +0200\r\n\r\nHej Anna,\r\nkiitos!\r\n".encode())
    report = ingest(ctx, [letter], new_leads=True, dry_run=True)
    assert [(s.address, s.name) for s in report.unknown] == [("asa@nordic.se", "Åsa Öberg")]
    ctx.config.mail_me = ["asa@nordic.se"]  # sent by you (from another address) to Jane, folded Cc
    report = ingest(ctx, [letter])
    assert [(e.lead_name, e.kind, e.at, e.text) for e in report.entries] == [
        ("Jane Smith", "email", datetime(2026, 11, 16, 8, 0), "Предложение – hinnat — Hej Anna, kiitos!")]


def test_a_lead_with_a_non_ascii_address_is_matched(ctx, people, tmp_path):
    """Internationalised addresses (RFC 6531) arrive as raw UTF-8 in From, To and Cc."""
    jorg = leads.add_lead(ctx, leads.NewLead(name="Jörg Mäkinen", email="jörg@mäkinen.fi", at=MET)).id
    letter = tmp_path / "eai.eml"
    letter.write_bytes("From: Jörg <jörg@mäkinen.fi>\nTo: anna@seller.fi\nSubject: Re: =?utf-8?q?Tarjous_?=\n"
                       " – hinnat\nDate: Tue, 17 Nov 2026 12:00:00 +0200\nContent-Type: text/plain; "
                       "charset=iso-8859-1\n\n".encode() + "Käy hyvin.\n".encode("latin-1"))
    report = ingest(ctx, [letter])
    assert [(e.lead_id, e.kind, e.at, e.text) for e in report.entries] == [
        (jorg, "reply", datetime(2026, 11, 17, 10, 0), "Re: Tarjous – hinnat — Käy hyvin.")]


def test_a_message_gone_before_it_is_read_is_a_warning_and_an_unreadable_one_an_error(ctx, people, tmp_path,
                                                                                    monkeypatch):
    from leadtui.capture import ingest as ingest_module
    from leadtui.capture.ingest import ingest_sources
    from leadtui.capture.sources import SourceFile

    gone = SourceFile(tmp_path / "cur" / "1763626500.M1P1.laptop:2,S", "eml")  # moved meanwhile
    report = ingest_sources(ctx, [gone])
    assert report.entries == [] and any("No such file" in w for w in report.warnings)

    locked = tmp_path / "locked.eml"
    shutil.copy(FIXTURES / "google-invite.eml", locked)

    def refused(path, flags, *args):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(ingest_module.os, "open", refused)
    with pytest.raises(InvalidInput, match="cannot read .*locked.eml: Permission denied"):
        ingest(ctx, [locked])
    assert IngestFile.select().count() == 0


def test_the_cycle_collector_is_paused_while_ingest_runs_only(ctx, people, monkeypatch):
    import gc

    from leadtui.capture import ingest as ingest_module

    seen = []
    original = ingest_module._message

    def message(*args):
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(ingest_module, "_message", message)
    assert gc.isenabled()
    ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    assert seen and not any(seen) and gc.isenabled()

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(ingest_module, "_message", broken)
    IngestFile.delete().execute()  # read again
    with pytest.raises(RuntimeError):
        ingest(ctx, [FIXTURES / "thunderbird.mbox"])
    assert gc.isenabled()
