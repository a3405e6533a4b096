"""Opening a file to import: size and line limits, encoding, and what kind of file it is."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
    text: str  # the whole text of a vCard or JSON file; a CSV's comes a chunk at a time: chunks()
    digest: str = ""  # SHA-256 of its bytes: an interrupted import of the same file resumes
    stamp: tuple[int, int] = (0, 0)  # size and modification time when it was read

    def chunks(self) -> Iterator[str]:
        """A CSV's text again, decoded a chunk at a time: a big file is never held whole.
        BadFile when the file changed since it was read."""
        file = Path(self.path)
        try:
            with file.open("rb") as handle:
                if _stamp(os.fstat(handle.fileno())) != self.stamp:
                    raise BadFile(f"{file} changed since it was read: read it again")
                decoder = codecs.getincrementaldecoder(self.encoding)()
                while chunk := handle.read(CHUNK_BYTES):
                    yield decoder.decode(chunk)
                yield decoder.decode(b"", final=True)
        except OSError as exc:
            raise BadFile(f"cannot read {file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError:
            raise BadFile(f"{file} changed since it was read: read it again") from None


CHUNK_BYTES = 1 << 18  # what a CSV is read and decoded by
PREFIX_BYTES = 1 << 18  # what is looked at to tell encoding and kind: 65,536 characters at least


def _stamp(status: os.stat_result) -> tuple[int, int]:
    return status.st_size, status.st_mtime_ns


def read_file(path: str | Path) -> Opened:
    """Tell what a file holds and check that it decodes; BadFile for anything unusable.

    A vCard or JSON file is read whole (each is one document). A CSV is only looked
    at: its encoding and kind from its first bytes, then every chunk decoded and its
    lines measured, so a big file never sits in memory; the import reads it again.
    """
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
        with file.open("rb") as handle:
            status = os.fstat(handle.fileno())
            if status.st_size > MAX_FILE_BYTES:
                raise BadFile(f"{file} is {status.st_size / 2**20:,.0f} MiB; files over "
                              f"{MAX_FILE_BYTES // 2**20} MiB are not imported (split it first)")
            prefix = handle.read(PREFIX_BYTES)
            if len(prefix) == PREFIX_BYTES:  # a big file: its start tells what it is
                encoding = _prefix_encoding(prefix, str(file))
                kind = detect_kind(prefix.decode(encoding, "replace").lstrip("\ufeff"), str(file))
                if kind == "csv":
                    found, digest = _scan_csv(handle, encoding, str(file))
                    return Opened(str(file), "csv", found, "", digest, _stamp(status))
            data = prefix + handle.read()
    except OSError as exc:
        raise BadFile(f"cannot read {file}: {exc.strerror or exc}") from exc
    text, encoding = decode(data, str(file))
    check_lines(text, str(file))
    kind = detect_kind(text, str(file))
    digest = hashlib.sha256(data).hexdigest()
    del data
    if kind == "csv":
        text = ""  # read again from the file, a chunk at a time
    return Opened(str(file), kind, encoding, text, digest, _stamp(status))


def _prefix_encoding(prefix: bytes, name: str) -> str:
    """The encoding a big file's first bytes say (UTF-16, UTF-8 with its mark, else UTF-8
    for now); BadFile for an archive or a binary file."""
    if prefix[:4] == b"PK\x03\x04":
        raise BadFile(f"{name} is a zip archive (an .xlsx workbook?): save it as CSV first")
    encoding = _looks_utf16(prefix)
    if encoding is None:
        if b"\x00" in prefix[:65536]:
            raise BadFile(f"{name} is a binary file, not CSV, vCard or JSON")
        encoding = "utf-8-sig" if prefix.startswith(codecs.BOM_UTF8) else "utf-8"
    _check_text(prefix.decode(encoding, "replace").lstrip("\ufeff")[:65536], name)
    return encoding


def _scan_csv(handle: BinaryIO, encoding: str, name: str) -> tuple[str, str]:
    """(encoding, SHA-256) of a big CSV, read a chunk at a time: the encoding its start
    says, and for plain UTF-8 that does not decode, the legacy encoding a sample of its
    non-ASCII lines is in."""
    try:
        return encoding, _decode_chunks(handle, encoding, name)
    except UnicodeDecodeError as exc:
        if encoding.startswith("utf-16"):
            raise BadFile(f"{name} looks like UTF-16 but byte {exc.start} cannot be decoded") from None
        if encoding == "utf-8-sig":
            raise BadFile(f"{name} starts with a UTF-8 mark but byte {exc.start} is not UTF-8") from None
        found = legacy_encoding(_non_ascii_lines(handle))
        if found is None:
            raise BadFile(
                f"{name}: unknown text encoding (not UTF-8, UTF-16, Windows-1252 or Windows-1251; "
                f"byte {exc.start} is 0x{exc.object[0]:02x}): save it as UTF-8") from None
    try:
        return found, _decode_chunks(handle, found, name)
    except UnicodeDecodeError as exc:
        raise BadFile(f"{name}: byte {exc.start} is neither UTF-8 nor {found}: save it as UTF-8"
                      ) from None


def _decode_chunks(handle: BinaryIO, encoding: str, name: str) -> str:
    """Decode the whole file a chunk at a time, checking its line lengths as check_lines
    does; its SHA-256. A UnicodeDecodeError says the file's offset and its byte there."""
    handle.seek(0)
    digest, decoder = hashlib.sha256(), codecs.getincrementaldecoder(encoding)()
    lines = _LineLengths(name)
    offset = 0
    while True:
        chunk = handle.read(CHUNK_BYTES)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            pending = len(exc.object) - len(chunk)  # bytes held back from the chunk before
            at = offset - pending + exc.start
            raise UnicodeDecodeError(encoding, exc.object[exc.start:exc.start + 1], at, at + 1,
                                     exc.reason) from None
        lines.add(text)
        if not chunk:
            break
        digest.update(chunk)
        offset += len(chunk)
    lines.end()
    return digest.hexdigest()


SAMPLE_BYTES = 1 << 22  # non-ASCII lines charset-normalizer looks at to tell cp1252 from cp1251
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n?")


def _non_ascii_lines(handle: BinaryIO) -> bytes:
    """Lines holding a byte over 0x7f, from the start, up to SAMPLE_BYTES: what tells one
    legacy encoding from another (the ASCII lines read alike in both)."""
    handle.seek(0)
    found: list[bytes] = []
    size, carry = 0, b""
    while size < SAMPLE_BYTES:
        chunk = handle.read(CHUNK_BYTES)
        if not chunk:
            found += _NON_ASCII_LINE.findall(carry)
            break
        chunk = carry + chunk
        cut = chunk.rfind(b"\n") + 1
        chunk, carry = chunk[:cut], chunk[cut:]
        for line in _NON_ASCII_LINE.findall(chunk):
            found.append(line)
            size += len(line)
    return b"".join(found)[:SAMPLE_BYTES]


class _LineLengths:
    """check_lines for a text given a chunk at a time."""

    def __init__(self, name: str) -> None:
        self.name, self.line, self.run = name, 1, 0  # the current line's number and length so far

    def add(self, text: str) -> None:
        first = text.find("\n")
        if first < 0:
            self.run += len(text)
            return
        self._ended(self.run + first)
        # A chunk decodes to at most MAX_LINE_CHARS characters: the lines inside it are shorter.
        self.line += text.count("\n")
        self.run = len(text) - text.rfind("\n") - 1

    def _ended(self, length: int) -> None:
        if length > MAX_LINE_CHARS:
            raise BadFile(f"{self.name}: line {self.line} is {length:,} characters long; "
                          "this is not a contact file")

    def end(self) -> None:
        self._ended(self.run)


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
            raise BadFile(f"{name} starts with a UTF-8 mark but byte {exc.start + 3} is not UTF-8"
                          ) from exc  # counted in the file, the mark included
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
