"""Opening a file to import: size and line limits, encoding, and what kind of file it is."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from leadtui.db.files import not_a_file
from leadtui.errors import InvalidInput

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_LINE_CHARS = 1024 * 1024
KINDS = ("csv", "vcard", "json")


class BadFile(InvalidInput):
    """A file that cannot be imported at all; nothing is written."""


@dataclass(frozen=True)
class Opened:
    path: str
    kind: str  # csv, vcard or json
    encoding: str  # the codec that decoded it
    text: str


def read_file(path: str | Path) -> Opened:
    """Read and decode a whole file and tell what it holds; BadFile for anything unusable."""
    try:
        file = Path(path).expanduser()
    except RuntimeError:  # ~nosuchuser
        raise BadFile(f"cannot read {path}: no such user") from None
    kind = not_a_file(file)
    if kind == "a folder":
        raise BadFile(f"{file} is a directory, not a file")
    if kind:  # a FIFO would wait for ever, /dev/zero be read until memory runs out
        raise BadFile(f"{file} is {kind}, not a file: save what it holds to a file and import that")
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadFile(f"{file} is {size / 2**20:,.0f} MiB; files over "
                          f"{MAX_FILE_BYTES // 2**20} MiB are not imported (split it first)")
        data = file.read_bytes()
    except OSError as exc:
        raise BadFile(f"cannot read {file}: {exc.strerror or exc}") from exc
    text, encoding = decode(data, str(file))
    check_lines(text, str(file))
    return Opened(str(file), detect_kind(text, str(file)), encoding, text)


def _looks_utf16(data: bytes) -> str | None:
    """Excel's "Unicode Text" is UTF-16 LE with a BOM; also accept one without."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, name: str = "file") -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16, else Windows-1252 or -1251, whichever reads as text."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise BadFile(f"{name} is empty")
    if data[:4] == b"PK\x03\x04":
        raise BadFile(f"{name} is a zip archive (an .xlsx workbook?): save it as CSV first")
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise BadFile(f"{name} looks like UTF-16 but byte {exc.start} cannot be decoded") from exc
        return _check_text(text.lstrip("\ufeff"), name), utf16
    if b"\x00" in data[:65536]:
        raise BadFile(f"{name} is a binary file, not CSV, vCard or JSON")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _check_text(data[3:].decode("utf-8"), name), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise BadFile(f"{name} starts with a UTF-8 mark but byte {exc.start} is not UTF-8") from exc
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError as utf8_error:
        found = legacy_encoding(data)
        if found is None:
            raise BadFile(
                f"{name}: unknown text encoding (not UTF-8, UTF-16, Windows-1252 or Windows-1251; "
                f"byte {utf8_error.start} is 0x{data[utf8_error.start]:02x}): save it as UTF-8"
            ) from None
        return _check_text(data.decode(found), name), found


# What spreadsheets and address books write when they do not write Unicode: Western
# (Excel, Outlook in English and Nordic languages) and Cyrillic (Russian and Ukrainian).
LEGACY_ENCODINGS = ("cp1252", "cp1251")


def legacy_encoding(data: bytes) -> str | None:
    """Which of LEGACY_ENCODINGS the bytes are in, by charset-normalizer's reading of the
    text each gives (Cyrillic read as cp1252 is letters, but not words); None for neither."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    return None if best is None else best.encoding


def _check_text(text: str, name: str) -> str:
    head = text[:65536]
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\r\n\f")
    if "\x00" in head or controls > max(8, len(head) // 100):
        raise BadFile(f"{name} is a binary file, not CSV, vCard or JSON")
    return text


def check_lines(text: str, name: str) -> None:
    """Refuse absurdly long lines: no contact file has a megabyte on one line."""
    if len(text) <= MAX_LINE_CHARS:
        return
    start, line = 0, 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_LINE_CHARS:
            raise BadFile(f"{name}: line {line} is {end - start:,} characters long; "
                          "this is not a contact file")
        start, line = end + 1, line + 1


def detect_kind(text: str, name: str = "file") -> str:
    head = text.lstrip()[:200]
    upper = head.upper()
    if upper.startswith("BEGIN:VCARD"):
        return "vcard"
    if upper.startswith("BEGIN:VCALENDAR"):
        raise BadFile(f"{name} is a calendar (.ics) file; leads are imported from CSV, vCard or JSON")
    if head.startswith("{") or head.startswith("["):
        return "json"
    if head.startswith("<"):
        raise BadFile(f"{name} looks like HTML or XML, not CSV, vCard or JSON")
    return "csv"
