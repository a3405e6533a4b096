"""The files named to ingest, each with its kind told by its content, and the messages in them.

A folder with cur/ or new/ is a Maildir (mbsync, offlineimap, notmuch, aerc): the files in those
two are messages; dot entries (Maildir++ folders, editors' leftovers) and a missing tmp/ are
ignored. Any other folder is walked, each file recognised by its first bytes: an mbox starts
with a "From " line, a calendar with BEGIN:VCALENDAR, a message with mail headers. A file named
on the command line that is none of these, binary or unreadable is an error before anything is
written; such files met while walking a folder are left out and counted.
"""

from __future__ import annotations

import mmap
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from leadtui.errors import InvalidInput

SNIFF_BYTES = 4096
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_MAIL_HEADER = re.compile(rb"(?im)^(from|date|subject|message-id|received|to|return-path|delivered-to):")
_FROM_LINE = re.compile(rb"^From [^\n]*\n", re.M)


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    kind: str  # "mbox", "eml", "ics", or "maildir": a Maildir's cur/ or new/, listed when read


@dataclass(frozen=True)
class Found:
    files: list[SourceFile]
    left_out: int  # files in walked folders that are not mail or calendar


def kind_of(head: bytes) -> str | None:
    """"mbox", "ics", "eml", "binary", or None for text that is none of them."""
    if b"\x00" in head:
        return "binary"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"From "):
        return "mbox"
    if text[:15].upper() == b"BEGIN:VCALENDAR":
        return "ics"
    if _HEADER_LINE.match(text) and _MAIL_HEADER.search(text):
        return "eml"
    return None


def find_sources(paths: list[str | Path]) -> Found:
    files: list[SourceFile] = []
    left_out = 0
    for raw in paths:
        path = Path(raw).expanduser().absolute()
        if path.is_dir():
            found, skipped = walk_folder(path)
            files += found
            left_out += skipped
        elif path.exists():
            files.append(SourceFile(path, _named_kind(path)))
        else:
            raise InvalidInput(f"no such file or folder: {raw}")
    return Found(files, left_out)


def _sniff(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None


def _named_kind(path: Path) -> str:
    kind = kind_of(_sniff(path))
    if kind == "binary":
        raise InvalidInput(f"{path} is a binary file, not mail (mbox, Maildir, .eml) or a calendar (.ics)")
    if kind is None:
        if path.stat().st_size == 0:
            return "eml"  # an empty file: nothing in it, nothing to refuse
        raise InvalidInput(f"{path} is not mail (mbox, Maildir, .eml) or a calendar (.ics)")
    return kind


def is_maildir(folder: Path) -> bool:
    return (folder / "cur").is_dir() or (folder / "new").is_dir()


def maildir_messages(sub: Path) -> list[SourceFile]:
    """The messages in a Maildir's cur/ or new/ (dot files left out)."""
    try:
        entries = os.scandir(sub)
    except FileNotFoundError:
        return []
    with entries:
        return [SourceFile(Path(e.path), "eml") for e in entries
                if not e.name.startswith(".") and e.is_file()]


def walk_folder(root: Path) -> tuple[list[SourceFile], int]:
    files: list[SourceFile] = []
    left_out = 0
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if is_maildir(here):
            files += [SourceFile(here / sub, "maildir") for sub in ("cur", "new") if (here / sub).is_dir()]
            dirs[:] = [d for d in dirs if d not in ("cur", "new", "tmp")]
            continue
        for name in sorted(names):
            if name.startswith("."):
                continue
            try:
                kind = kind_of(_sniff(here / name))
            except InvalidInput:
                kind = None
            if kind in ("mbox", "ics", "eml"):
                files.append(SourceFile(here / name, kind))
            else:
                left_out += 1
    return files, left_out


def mbox_messages(path: Path) -> Iterator[tuple[bytes, bytes]]:
    """Each message of an mbox file (split at "From " lines) with its "From " line."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            starts = list(_FROM_LINE.finditer(data))
            for i, match in enumerate(starts):
                end = starts[i + 1].start() if i + 1 < len(starts) else len(data)
                yield data[match.end():end], match.group()
