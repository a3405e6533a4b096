"""Messages read for ingest: the addresses first (headers only, cheap), the rest for a match.

Only From, To and Cc say who a message is between, never addresses quoted in the body. The
time is the Date header in UTC, else the newest Received header's date, else the mbox "From "
line's; the text is the subject (RFC 2047 decoded) and the first lines of the plain body (an
HTML-only message is turned into text). Calendar parts and .ics attachments are returned as
text for `calendar.read_calendar`.
"""

from __future__ import annotations

import email
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

_HEADERS = BytesHeaderParser()
# A calendar part or attachment somewhere in the raw message: worth a full parse.
CALENDAR_HINT = re.compile(rb"text/calendar|application/ics|\.ics\b", re.I)
EXCERPT_LINES = 3
EXCERPT_CHARS = 300
# Where the quoted message of a reply starts.
_QUOTE_START = re.compile(r"^(On .+wrote:|-+ ?Original Message ?-+|_{5,}|From: .+)$", re.I)


@dataclass(frozen=True)
class Envelope:
    """Who a message is between, from its headers alone."""

    sender: str  # lower case; "" when the From header holds no address
    sender_name: str
    recipients: frozenset[str]
    headers: email.message.Message

    @property
    def addresses(self) -> frozenset[str]:
        return self.recipients | {self.sender} if self.sender else self.recipients


@dataclass(frozen=True)
class Message:
    key: str  # "mail:<Message-ID>", or a digest of sender, date and subject
    sender: str
    recipients: frozenset[str]
    at: datetime | None  # naive UTC
    subject: str
    excerpt: str
    calendars: tuple[str, ...]


def envelope(raw: bytes) -> Envelope:
    headers = _HEADERS.parsebytes(raw)
    senders = _addresses(headers.get_all("from", []))
    recipients = _addresses(headers.get_all("to", []) + headers.get_all("cc", []))
    sender, name = senders[0] if senders else ("", "")
    return Envelope(sender, name, frozenset(a for a, _ in recipients), headers)


def _addresses(values: list) -> list[tuple[str, str]]:
    found = []
    for name, address in getaddresses([str(v) for v in values]):
        address = address.strip().lower()
        if "@" in address:
            found.append((address, decoded(name)))
    return found


def decoded(value) -> str:
    """A header's text with RFC 2047 encoded words decoded; what cannot be decoded is kept."""
    if value is None:
        return ""
    text = str(value)
    if "=?" not in text:
        return " ".join(text.split())
    try:
        return " ".join(str(make_header(decode_header(text))).split())
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return " ".join(text.split())


def read_message(raw: bytes, head: Envelope, envelope_date: datetime | None = None) -> Message:
    """The whole message: its time, its text and its calendar parts."""
    headers = head.headers
    at = message_time(headers, envelope_date)
    subject = decoded(headers.get("subject"))
    body, calendars = _content(email.message_from_bytes(raw))
    return Message(_key(headers, head.sender, at, subject), head.sender, head.recipients, at,
                   subject, _excerpt(body), tuple(calendars))


def _key(headers, sender: str, at: datetime | None, subject: str) -> str:
    message_id = " ".join(str(headers.get("message-id", "") or "").split())
    if message_id:
        return f"mail:{message_id.strip('<>')}"
    digest = hashlib.sha1(f"{sender}\n{at}\n{subject}".encode()).hexdigest()[:20]
    return f"mail#{digest}"


def message_time(headers, envelope_date: datetime | None = None) -> datetime | None:
    for value in (headers.get("date"), _received_date(headers)):
        moment = _parse_date(value)
        if moment is not None:
            return moment
    return envelope_date


def _received_date(headers) -> str | None:
    received = headers.get_all("received") or []
    for value in received:  # the newest first: when it reached this mailbox
        text = str(value)
        if ";" in text:
            return text.rsplit(";", 1)[1]
    return None


def _parse_date(value) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(" ".join(str(value).split()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


def envelope_line_date(line: bytes) -> datetime | None:
    """The date of an mbox "From sender Thu Nov 20 10:00:00 2026" line (UTC by convention)."""
    parts = line.decode("ascii", "replace").split()
    for fields in (parts[2:7], parts[2:6] + parts[7:8]):  # asctime, or asctime with a zone in it
        try:
            return datetime.strptime(" ".join(fields), "%a %b %d %H:%M:%S %Y")
        except ValueError:
            continue
    return None


def _content(message) -> tuple[str, list[str]]:
    plain = html = None
    calendars: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = (part.get_filename() or "").lower()
        if ctype in ("text/calendar", "application/ics") or filename.endswith(".ics"):
            text = _text(part)
            if text:
                calendars.append(text)
            continue
        if part.get("content-disposition", "").lower().startswith("attachment"):
            continue
        if ctype == "text/plain" and plain is None:
            plain = _text(part)
        elif ctype == "text/html" and html is None:
            html = _text(part)
    if plain is None and html is not None:
        plain = html_text(html)
    return plain or "", calendars


def _text(part) -> str:
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        return ""
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # an unknown charset name
        return payload.decode("utf-8", "replace")


def _excerpt(body: str) -> str:
    lines = []
    for line in body.splitlines():
        line = " ".join(line.split())
        if _QUOTE_START.match(line) or line == "--":
            break  # the quoted message or the signature
        if line and not line.startswith(">"):
            lines.append(line)
        if len(lines) == EXCERPT_LINES:
            break
    text = "\n".join(lines)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


class _TextOf(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "table", "blockquote"})
    HIDDEN = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML body, a line per block (the standard library's HTML parser)."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)
