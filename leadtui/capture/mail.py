"""Messages read for ingest: the addresses first (headers only, cheap), the rest for a match.

Only From, To and Cc say who a message is between, never addresses quoted in the body. The
time is the Date header in UTC, else the newest Received header's date, else the mbox "From "
line's; the text is the subject (RFC 2047 decoded) and the first lines of the plain body (an
HTML-only message is turned into text). Calendar parts and .ics attachments are returned as
text for `calendar.read_calendar`.
"""

from __future__ import annotations

import email
import email.message
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser

# A calendar part or attachment somewhere in the raw message: worth a full parse.
CALENDAR_HINT = re.compile(rb"text/calendar|application/ics|\.ics\b", re.I)
_ADDRESS_LIKE = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+")
EXCERPT_LINES = 3
# How much of a one-part text body is read for its first lines (HTML carries styles first).
TEXT_READ = {"text/plain": 16_384, "text/html": 65_536}
EXCERPT_CHARS = 300
# Where the quoted message of a reply starts.
_QUOTE_START = re.compile(r"^(On .+wrote:|-+ ?Original Message ?-+|_{5,}|From: .+)$", re.I)


@dataclass(frozen=True)
class Envelope:
    """Who a message is between, from its headers alone."""

    sender: str  # lower case; "" when the From header holds no address
    recipients: frozenset[str]
    headers: Headers

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


# A header field: its name, then its value with the folded lines that continue it.
_FIELD = re.compile(r"^([!-9;-~]+)[ \t]*:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.M)


class Headers:
    """A message's header fields by lower-case name, each value as the standard library's
    (compat32) parser keeps it, folded lines included; read with one regular expression, at
    a seventh of the parser's cost, since every message's headers are read. Raw 8-bit text
    in a header is read as UTF-8 (RFC 6532), the rest as the RFC 2047 words in it say."""

    __slots__ = ("_fields",)

    def __init__(self, block: str) -> None:
        fields: dict[str, list[str]] = {}
        for name, value in _FIELD.findall(block):
            fields.setdefault(name.lower(), []).append(value.rstrip("\r"))
        self._fields = fields

    def get(self, name: str, default=None):
        values = self._fields.get(name)
        return values[0] if values else default

    def get_all(self, name: str, default=None):
        return self._fields.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self._fields

    def content_type(self) -> str:
        """The Content-Type's type, lower case; text/plain when missing or malformed."""
        value = self.get("content-type")
        ctype = value.split(";", 1)[0].strip().lower() if value else ""
        return ctype if ctype.count("/") == 1 else "text/plain"


def read_headers(raw: bytes) -> Headers:
    """The header block alone (the body is not read)."""
    end = header_end(raw)
    return Headers((raw if end < 0 else raw[:end + 1]).decode("utf-8", "replace"))


def header_end(raw: bytes) -> int:
    """Where the header block ends (the body starts after the blank line), or -1."""
    ends = [i for i in (raw.find(b"\n\n"), raw.find(b"\r\n\r\n")) if i >= 0]
    return min(ends) if ends else -1


def mentioned(headers: Headers) -> list[str]:
    """Every address-like word in the From, To and Cc lines, display names included: a cheap
    superset of the addresses (one regular expression), to leave out quickly a message that
    names no one we know."""
    values = [v for name in ("from", "to", "cc") for v in headers.get_all(name, ())]
    return _ADDRESS_LIKE.findall(" ".join(values).lower())


def envelope(raw: bytes | Headers) -> Envelope:
    headers = read_headers(raw) if isinstance(raw, bytes) else raw
    senders = addresses_in(headers.get_all("from", []))
    recipients = addresses_in(headers.get_all("to", []) + headers.get_all("cc", []))
    return Envelope(senders[0] if senders else "", frozenset(recipients), headers)


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_COMMENT = re.compile(r"\([^()]*\)")
_ANGLE = re.compile(r"<\s*([^<>\s]+@[^<>\s]+?)\s*>")


def addresses_in(values: list) -> list[str]:
    """The addresses of address headers, lower case, in order: `<address>` where a part has one
    (a display name, quoted or not, is never taken for one), else the bare address. Faster
    than `email.utils.getaddresses`, which reads each header character by character."""
    found: list[str] = []
    for value in values:
        text = _COMMENT.sub(" ", _QUOTED.sub('""', str(value)))
        for part in text.split(","):
            angle = _ANGLE.search(part)
            words = [angle.group(1)] if angle else _ADDRESS_LIKE.findall(part)
            found += [w.lower() for w in words if "@" in w.strip("@")]
    return found


def sender_name(headers: Headers) -> str:
    """The From header's display name, RFC 2047 decoded."""
    name, _ = parseaddr(str(headers.get("from", "")))
    return decoded(name)


def decoded(value) -> str:
    """A header's text with RFC 2047 encoded words decoded; what cannot be decoded is kept."""
    if value is None:
        return ""
    text = str(value)
    if "=?" not in text:
        return " ".join(text.split())
    try:
        return " ".join(_joined(decode_header(text)).split())
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return " ".join(text.split())


def _joined(parts: list[tuple[bytes | str, str | None]]) -> str:
    """`decode_header`'s parts as one text, spaced as `make_header`'s string is (a space where
    encoded and plain text meet without one) at a third of its cost; plain text that is not
    ASCII (RFC 6532 mail) is kept, where `make_header` gives up on the whole header."""
    out: list[str] = []
    last_plain = True
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            chunk = chunk.decode("raw-unicode-escape" if charset is None else charset)
        plain = charset in (None, "us-ascii")
        if out and plain != last_plain:
            edge = chunk[:1] if plain else out[-1][-1:]
            if not edge or not (edge.isspace() or edge in "()\\"):
                out.append(" ")
        out.append(chunk)
        last_plain = plain
    return "".join(out)


def read_message(raw: bytes, head: Envelope, envelope_line: bytes | None = None) -> Message:
    """The whole message: its time, its text and its calendar parts."""
    headers = head.headers
    at = message_time(headers, envelope_line)
    subject = decoded(headers.get("subject"))
    body, calendars = _one_part_text(raw, headers) or _content(_whole(raw, headers))
    return Message(_key(headers, head.sender, at, subject), head.sender, head.recipients, at,
                   subject, _excerpt(body), tuple(calendars))


# What the parts of a message are read by: their type, encoding and file name.
_PART_HEADERS = ("content-type", "content-transfer-encoding", "content-disposition")


# Transfer encodings that leave the text as it is.
_AS_IS = frozenset({"", "7bit", "8bit", "binary"})
_CHARSET = re.compile(r';\s*charset\s*=\s*"?([^";\s]+)', re.I)


def _one_part_text(raw: bytes, headers: Headers) -> tuple[str, list[str]] | None:
    """The text of a one-part plain or HTML letter sent as it is (no base64 or quoted-printable,
    no file name), decoded without building a message for it; None for any other."""
    ctype = headers.content_type()
    value = headers.get("content-type") or ""
    if (ctype not in TEXT_READ or "content-disposition" in headers or "name" in value.lower()
            or "charset*" in value.lower()
            or (headers.get("content-transfer-encoding") or "").strip().lower() not in _AS_IS):
        return None
    found = _CHARSET.search(value)
    body = _body(raw, ctype)
    try:
        text = body.decode(found.group(1) if found else "utf-8", "replace")
    except LookupError:  # an unknown charset name
        text = body.decode("utf-8", "replace")
    return (html_text(text) if ctype == "text/html" else text), []


def _body(raw: bytes, ctype: str) -> bytes:
    """A one-part message's body; of a long text only the start (its first lines are kept)."""
    ends = [i + n for i, n in ((raw.find(b"\n\n"), 2), (raw.find(b"\r\n\r\n"), 4)) if i >= 0]
    body = raw[min(ends):] if ends else b""
    if ctype in TEXT_READ and len(body) > TEXT_READ[ctype]:
        body = _first_bytes(body, TEXT_READ[ctype])
    return body


def _whole(raw: bytes, headers: Headers) -> email.message.Message:
    """The parsed message; a message of one part is its content headers with the body as
    payload (what the parser would make, without feeding the body through it line by line)."""
    ctype = headers.content_type()
    if ctype.startswith("multipart/"):
        return email.message_from_bytes(raw)
    body = _body(raw, ctype)
    message = email.message.Message()
    for name in _PART_HEADERS:
        for value in headers.get_all(name, ()):
            message.set_raw(name, value)
    message.set_payload(body.decode("ascii", "surrogateescape"))
    return message


def _first_bytes(body: bytes, size: int) -> bytes:
    """The start of a long body, cut at a line's end when one is near (base64 and
    quoted-printable lines decode whole), else where it is."""
    start = body[:size]
    end = start.rfind(b"\n")
    return start[:end] if end > size - 1024 else start


def _key(headers, sender: str, at: datetime | None, subject: str) -> str:
    message_id = " ".join(str(headers.get("message-id", "") or "").split())
    if message_id:
        return f"mail:{message_id.strip('<>')}"
    digest = hashlib.sha1(f"{sender}\n{at}\n{subject}".encode()).hexdigest()[:20]
    return f"mail#{digest}"


def message_time(headers, envelope_line: bytes | None = None) -> datetime | None:
    """The Date header, else the newest Received header's date, else the mbox "From " line's."""
    for value in (headers.get("date"), _received_date(headers)):
        moment = _parse_date(value)
        if moment is not None:
            return moment
    return envelope_line_date(envelope_line) if envelope_line else None


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
        named = "content-disposition" in part or "name=" in str(part.get("content-type", ""))
        filename = (part.get_filename() or "").lower() if named else ""
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
