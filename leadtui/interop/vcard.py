"""vCard 2.1, 3.0 and 4.0 in (phones' and mail clients' exports), vCard 3.0 out (vobject).

vobject reads 3.0 well; 2.1 files from phones and Outlook carry quoted-printable
values whose soft line breaks are no vCard folding, so each card is cleaned up
first (unfolded, quoted-printable decoded with its CHARSET, photos dropped).
Each card is parsed alone: one broken card is reported, the others still import.
"""

from __future__ import annotations

import quopri
import re
from collections import Counter

from leadtui.config import locale_region
from leadtui.context import Context
from leadtui.interop.records import (
    Candidate,
    PhoneCleaner,
    RowError,
    RowFailed,
    country_region,
    finish,
    person_name,
)
from leadtui.interop.sniff import LEGACY_ENCODINGS, legacy_encoding

# Google Contacts puts every contact in "myContacts" and starred ones in "starred": no labels.
GROUPS_NOT_TAGS = frozenset({"mycontacts", "starred"})
_CARD = re.compile(r"^BEGIN:VCARD\s*$(.*?)^END:VCARD\s*$", re.IGNORECASE | re.MULTILINE | re.DOTALL)
_SPLIT = re.compile(r"(?<!\\);")


def split_cards(text: str) -> list[str]:
    return [m.group(0) for m in _CARD.finditer(text)]


def _is_qp(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _decode_qp(line: str, file_encoding: str = "utf-8") -> str:
    head, _, value = line.partition(":")
    params = head.split(";")
    charset = next((p.split("=", 1)[1] for p in params if p.upper().startswith("CHARSET=")), "")
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    text = _decode_value(raw, charset, file_encoding)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    kept = [p for p in params if p.upper() not in ("ENCODING=QUOTED-PRINTABLE", "QUOTED-PRINTABLE")
            and not p.upper().startswith("CHARSET=")]
    return ";".join(kept) + ":" + text


def _decode_value(raw: bytes, charset: str, file_encoding: str) -> str:
    """A quoted-printable value's bytes as text: in its CHARSET; with none, in the file's
    own 8-bit encoding, else UTF-8, else whichever of cp1252 and cp1251 reads as text."""
    for encoding in (charset, file_encoding if file_encoding in LEGACY_ENCODINGS else "", "utf-8"):
        if encoding:
            try:
                return raw.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return raw.decode(legacy_encoding(raw) or "cp1252", "replace")


def clean_card(card: str, file_encoding: str = "utf-8") -> str:
    """Unfold lines, join and decode quoted-printable values, drop photos and sounds."""
    physical = card.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Each logical line as its pieces, joined once: a value folded over thousands of lines
    # costs time in proportion to its length, not to its length squared.
    pieces: list[list[str]] = []
    quoted: list[bool] = []  # is the logical line quoted-printable
    named: list[bool] = []  # has its ':' (the end of its name and parameters) been read
    for line in physical:
        if pieces and quoted[-1] and pieces[-1][-1].endswith("="):
            pieces[-1][-1] = pieces[-1][-1][:-1]  # a quoted-printable soft line break
            pieces[-1].append(line)
        elif pieces and line[:1] in (" ", "\t"):
            pieces[-1].append(line[1:])
            if not named[-1] and ":" in line:  # the parameters were folded: read them whole
                quoted[-1], named[-1] = _is_qp("".join(pieces[-1])), True
        elif line.strip():
            pieces.append([line])
            quoted.append(_is_qp(line))
            named.append(":" in line)
    out = []
    for line in ("".join(parts) for parts in pieces):
        name = re.split(r"[;:]", line, maxsplit=1)[0].upper().split(".")[-1]
        if name in ("PHOTO", "SOUND", "LOGO", "KEY"):
            continue
        out.append(_decode_qp(line, file_encoding) if _is_qp(line) else line)
    return "\r\n".join(out) + "\r\n"


def _parts(value: str) -> list[str]:
    """A structured value (N, ADR, ORG): its ;-separated parts, unescaped."""
    return [_text(p) for p in _SPLIT.split(value)]


def _text(value: str) -> str:
    for escaped, plain in (("\\n", "\n"), ("\\N", "\n"), ("\\,", ","), ("\\;", ";"),
                           ("\\:", ":"), ("\\\\", "\\")):
        value = value.replace(escaped, plain)
    return value.strip()


class _Card:
    """A card's properties by upper-case name, values raw (escaped) as written."""

    def __init__(self, text: str) -> None:
        from vobject.base import ParseError, parseLine

        self.contents: dict[str, list[str]] = {}
        for line in text.split("\r\n"):
            if not line or line.upper().startswith(("BEGIN:", "END:")):
                continue
            try:
                name, _params, value, _group = parseLine(line)
            except ParseError as exc:
                raise RowFailed("", line[:40], f"unreadable vCard line: {exc}") from None
            self.contents.setdefault(name.lower(), []).append(value)


def read_cards(ctx: Context, text: str, *, source: str = "", encoding: str = "utf-8"
               ) -> tuple[list[Candidate], list[RowError]]:
    cards: list[tuple[int, _Card]] = []
    errors: list[RowError] = []
    for number, card in enumerate(split_cards(text), 1):
        try:
            cards.append((number, _Card(clean_card(card, encoding))))
        except RowFailed as exc:
            errors.append(RowError(number, exc.column, exc.value, exc.reason))
    # A card without an address is most likely from where the file's other cards are.
    phones = PhoneCleaner(_usual_region(card for _, card in cards), ctx.config.default_region,
                          locale_region())
    candidates: list[Candidate] = []
    for number, card in cards:
        try:
            candidates.append(_candidate(ctx, number, card, phones, source))
        except RowFailed as exc:
            errors.append(RowError(number, exc.column, exc.value, exc.reason))
    errors.sort(key=lambda e: e.row)
    return candidates, errors


def _usual_region(cards) -> str:
    """The country most of the cards' first addresses name, or ""."""
    regions = Counter(country_region(_country(card)) for card in cards)
    regions.pop("", None)
    return regions.most_common(1)[0][0] if regions else ""


def _country(card: _Card) -> str:
    adr = _all(card, "adr")
    return (_parts(adr[0]) + [""] * 7)[6] if adr else ""


def _all(card: _Card, name: str) -> list[str]:
    return card.contents.get(name, [])


def _candidate(ctx, number: int, card, phones, source: str) -> Candidate:
    values: dict = {}
    name = _text(_all(card, "fn")[0]) if _all(card, "fn") else ""
    if not name and _all(card, "n"):
        parts = _parts(_all(card, "n")[0]) + ["", "", ""]
        name = person_name(parts[1], parts[2], parts[0])
    values["name"] = name
    if _all(card, "org"):
        values["company"] = _parts(_all(card, "org")[0])[0]
    title = _all(card, "title") or _all(card, "role")
    if title:
        values["title"] = _text(title[0])
    urls = _all(card, "url")
    if urls:
        values["website"] = _text(urls[0])
    for adr in _all(card, "adr")[:1]:
        # PO box; extended (Thunderbird's second address line, a suite); street; city; region;
        # code; country
        _box, extended, street, *rest = (_parts(adr) + [""] * 7)[:7]
        parts = [street, extended, *rest]
        values["location"] = ", ".join(p for p in parts if p)
        values["_country"] = rest[3]
    tags: list[str] = []
    for category in _all(card, "categories"):
        tags += [_text(t) for t in re.split(r"(?<!\\),", str(category))
                 if _text(t) and _text(t).casefold() not in GROUPS_NOT_TAGS]
    notes = [_text(n) for n in _all(card, "note") if _text(n)]
    if len(urls) > 1:  # the first is the website; Google adds profiles and blogs
        notes.append("Web: " + ", ".join(_text(u) for u in urls[1:]))
    if source:
        values["source"] = source.strip().lower()
    emails = [("EMAIL", _text(v)) for v in _all(card, "email") if _text(v)]
    tels = [("TEL", _text(v)) for v in _all(card, "tel") if _text(v)]
    try:
        return finish(ctx, number, values, phones=phones, emails=emails, phone_values=tels,
                      tags=tags, notes=notes)
    except RowFailed as exc:
        if not exc.column:
            raise RowFailed("", "", "a vCard with no name, organisation, e-mail or phone") from None
        raise


def lead_to_vcard(lead: dict, tags: list[str]) -> str:
    """One lead as a vCard 3.0 (what address books and CRMs import)."""
    import vobject

    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("uid").value = f"leadtui-lead-{lead['id']}"
    card.add("fn").value = lead["name"]
    given, _, family = lead["name"].rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if lead.get("company"):
        card.add("org").value = [lead["company"]]
    if lead.get("title"):
        card.add("title").value = lead["title"]
    if lead.get("email"):
        email = card.add("email")
        email.value = lead["email"]
        email.type_param = "INTERNET"
    if lead.get("phone"):
        tel = card.add("tel")
        tel.value = lead["phone"]
        tel.type_param = "WORK"
    if lead.get("website"):
        card.add("url").value = lead["website"]
    if lead.get("location"):
        card.add("adr").value = vobject.vcard.Address(city=lead["location"])
    if lead.get("interest"):
        card.add("note").value = lead["interest"]
    if tags:
        card.add("categories").value = list(tags)
    return card.serialize()
