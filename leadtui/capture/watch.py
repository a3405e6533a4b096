"""The TUI's `[mail] watch` folders, looked at on each timer tick.

A Maildir's messages never change in place (a new message is a new name, a flag a rename), so
a Maildir costs two directory stats per tick while nothing arrives; when `cur/` or `new/`
changed, only the names not seen before are read. An mbox or .ics file, or a folder of .eml
files, is handed to ingest, which skips what is unchanged since its last read. The first look
hands a Maildir's folders over whole: ingest does not even list one it read as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from leadtui.capture.ingest import IngestReport, ingest_sources
from leadtui.capture.sources import SourceFile, is_maildir, kind_of, walk_folder
from leadtui.context import Context


class MailWatch:
    """What changed in the watched paths since the last look (file system only, no database)."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = [Path(p).expanduser().absolute() for p in paths]
        self._folder_mtimes: dict[Path, int] = {}
        self._names: dict[Path, set[str]] = {}
        self.missing: set[Path] = set()

    def changed(self) -> list[SourceFile]:
        files: list[SourceFile] = []
        self.warnings: list[str] = []
        for path in self.paths:
            if not path.exists():
                if path not in self.missing:  # said once, again only after it came back
                    self.warnings.append(f"[mail] watch: no such file or folder: {path}")
                self.missing.add(path)
                continue
            self.missing.discard(path)
            if path.is_dir() and is_maildir(path):
                files += self._maildir(path)
            elif path.is_dir():
                files += walk_folder(path)[0]
            else:
                files += _file(path)
        return files

    def _maildir(self, folder: Path) -> list[SourceFile]:
        new: list[SourceFile] = []
        for sub in (folder / "cur", folder / "new"):
            try:
                mtime = os.stat(sub).st_mtime_ns
            except OSError:
                continue
            if self._folder_mtimes.get(sub) == mtime:
                continue  # nothing arrived, moved or left
            with os.scandir(sub) as entries:
                names = {e.name for e in entries if not e.name.startswith(".") and e.is_file()}
            if sub in self._names:
                new += [SourceFile(sub / name, "eml") for name in sorted(names - self._names[sub])]
            else:  # the first look: ingest skips the whole folder if it is as it last read it
                new.append(SourceFile(sub, "maildir"))
            self._names[sub], self._folder_mtimes[sub] = names, mtime
        return new


def _file(path: Path) -> list[SourceFile]:
    try:
        with path.open("rb") as handle:
            kind = kind_of(handle.read(4096))
    except OSError:
        return []
    return [SourceFile(path, kind)] if kind in ("mbox", "ics", "eml") else []


def watch_once(ctx: Context, watch: MailWatch) -> IngestReport | None:
    """Log what is new in the watched paths; None when nothing changed."""
    files = watch.changed()
    if not files:
        return IngestReport([], [], [], 0, 0, 0, watch.warnings, False) if watch.warnings else None
    report = ingest_sources(ctx, files)
    report.warnings[:0] = watch.warnings
    return report
