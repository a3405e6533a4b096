"""vCards from phones and mail clients: 2.1 quoted-printable, 3.0, 4.0, many cards per file."""

from __future__ import annotations

from pathlib import Path

from leadtui.db.models import Lead
from leadtui.interop.importer import prepare, run_import
from leadtui.leads.writes import tags_of

FIXTURES = Path(__file__).parent.parent / "fixtures" / "interop"


def _import(ctx, name):
    prepared = prepare(ctx, str(FIXTURES / name))
    assert prepared.kind == "vcard"
    return run_import(ctx, prepared)


def _lead(name) -> tuple:
    lead = Lead.get(Lead.name == name)
    return (lead.company, lead.title, lead.email, lead.phone, lead.website, lead.location,
            lead.interest, tags_of(lead.id))


def test_iphone_3_0_folded_photo_and_categories(ctx):
    report = _import(ctx, "iphone-3.0.vcf")
    assert report.counts()["created"] == 1
    assert _lead("Aino Mäkelä") == (
        "Saga Media Oy", "Marketing Manager", "aino.makela@sagamedia.fi", "+358 40 5551234",
        "https://sagamedia.fi", "Aleksanterinkatu 15, Helsinki, 00100, Finland",
        "Met at the Slush booth, wants a demo in January.\nCall after 10.\n"
        "Also: aino.m@example.org, +358 9 5556789",
        ["events", "vip"])


def test_android_2_1_quoted_printable_soft_breaks_and_phone_only_card(ctx):
    report = _import(ctx, "android-2.1.vcf")
    assert report.counts() == {"rows": 3, "created": 3, "updated": 0, "skipped": 0,
                               "likely_duplicates": 0, "unverified": 0, "nameless": 1, "failed": 0}
    assert _lead("Jussi Hämäläinen") == (
        "Pyörä Oy", "", "jussi.h@example.com", "+358 40 1234567", "", "",
        "Ensimmäinen rivi\nToinen rivi, joka on aika pitkä ja jatkuu tässä loppuun\n"
        "Also: +358 20 1234567", [])
    # A card with only a phone is not dropped: the number names it until edited, and the
    # report says so.
    assert Lead.get(Lead.phone == "+358 50 7654321").name == "+358 50 7654321"
    (named,) = report.named
    assert named.name == "+358 50 7654321" and named.reason == "no name in the row: named after its phone"


def test_outlook_2_1(ctx):
    _import(ctx, "outlook-2.1.vcf")
    assert _lead("Eva Lindqvist") == (
        "Aurora Health", "Procurement Manager", "eva.lindqvist@aurorahealth.fi",
        "+358 9 23456789", "", "Tullikatu 2, Tampere, 33100, Finland", "", [])


def test_vcard_4_0_uri_phone(ctx):
    report = _import(ctx, "contacts-4.0.vcf")
    assert report.counts()["created"] == 2
    assert _lead("Kenji Tanaka") == (
        "Helio Foods", "Export Manager", "kenji.tanaka@heliofoods.jp", "+81 90-1234-5678", "",
        "1-2-3 Marunouchi, Chiyoda-ku, Tokyo, 100-0005, Japan", "Prefers e-mail",
        ["asia", "partner"])
    assert _lead("Marta Silva")[2] == "marta@graniteworks.pt"


def test_card_without_a_name_fails_alone_and_a_nameless_file_changes_nothing(ctx, tmp_path):
    path = tmp_path / "x.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nNOTE:who is this?\nEND:VCARD\n"
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Named\nEND:VCARD\n")
    report = run_import(ctx, prepare(ctx, str(path)))
    assert [(e.row, "no name" in e.reason) for e in report.failed] == [(1, True)]
    assert [o.name for o in report.created] == ["Named"]
    Lead.delete().execute()
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nNOTE:nobody\nEND:VCARD\n")
    report = run_import(ctx, prepare(ctx, str(path)))
    assert len(report.failed) == 1 and not report.created and Lead.select().count() == 0


def test_format_is_recognised_by_content_not_extension(ctx, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_bytes((FIXTURES / "iphone-3.0.vcf").read_bytes())
    assert prepare(ctx, str(path)).kind == "vcard"


def test_google_contacts_3_0(ctx):
    """Google Contacts' vCard export: typed e-mails and phones, escaped colons in URLs,
    a labelled second URL, and the "myContacts"/"starred" groups that are no labels."""
    report = _import(ctx, "google-contacts-3.0.vcf")
    assert report.counts()["created"] == 2 and not report.failed
    assert _lead("Liisa Korhonen") == (
        "Nordlys Analytics Oy", "Head of Data", "liisa.korhonen@nordlys.fi", "+358 50 5551234",
        "https://nordlys.fi", "Mannerheimintie 12 B, Helsinki, 00100, Finland",
        "Asked about the enterprise plan, call back in Q1.\nPrefers Finnish.\n"
        "Web: https://www.linkedin.com/in/liisa-korhonen\n"
        "Also: liisa.k@example.net, +358 9 5554321",
        ["prospects 2026"])
    assert _lead("Mikko Laine") == ("", "", "", "+358 40 1112233", "", "", "", [])


def test_thunderbird_4_0(ctx):
    """Thunderbird's address book export (vCard 4.0, lines folded at 75 characters): the
    second address line in the extended part, VALUE=TEXT phones, PREF=1 e-mail first."""
    report = _import(ctx, "thunderbird-4.0.vcf")
    assert report.counts()["created"] == 2 and not report.failed
    assert _lead("Sven Olsen") == (
        "Fjordtech AS", "CTO", "sven.olsen@fjordtech.no", "+47 22 12 34 56",
        "https://fjordtech.no", "Karl Johans gate 22, Suite 4, Oslo, 0159, Norway",
        "Met at the Nordic SaaS Summit. Wants the API trial for the platform team and a price "
        "for 40 seats.\nAlso: sven@olsen.example, +47 91 23 45 67",
        [])
    # A collected address: Thunderbird names the card by the address itself.
    assert _lead("ingrid@havbris.no") == ("", "", "ingrid@havbris.no", "", "", "", "", [])


def test_thunderbird_card_attached_to_mail(ctx):
    """The card Thunderbird attaches to a message: lower-case names, version 2.1 last,
    a quoted-printable UTF-8 address without CHARSET, phones read with the card's country."""
    report = _import(ctx, "thunderbird-2.1.vcf")
    assert report.counts()["created"] == 1 and not report.failed
    assert _lead("Katarina Nyström") == (
        "Lumen Logistik AB", "Inköpschef", "katarina.nystrom@lumenlogistik.se", "+46 8 555 123 45",
        "http://www.lumenlogistik.se", "Sveavägen 44, Stockholm, 111 34, Sweden",
        "Wants a quote before the budget round in March.\nAlso: +46 70 555 67 89", [])
