"""A CSV import streams: its memory is a batch's, whatever the size of the file.

A 240 MB file of long notes used to peak at several times its size: the whole file as
bytes, as text, as lines, as rows and as candidates. Now it is read a chunk at a time
(twice: once to check it, once to import it) and only a batch of rows is held.
"""

from __future__ import annotations

import tracemalloc

import pytest

from leadtui.db.models import Lead
from leadtui.interop.importer import prepare, run_import

NOTE = "Called about the renewal; wants a demo of the reporting module. " * 300  # ~20 KB


def _notes_csv(tmp_path, rows: int, first: int = 0) -> str:
    path = tmp_path / f"notes-{first}-{rows}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Name,Email,Notes\r\n")
        for i in range(first, first + rows):
            handle.write(f'Person {i},p{i}@x.com,"{NOTE}(#{i})\r\nsecond line"\r\n')
    return str(path)


def _peak(ctx, path: str, **options) -> int:
    """The most memory Python held at once while the file was read, checked and imported."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        report = run_import(ctx, prepare(ctx, path), batch=20, **options)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert not report.failed
    return peak


@pytest.mark.parametrize("dry_run", [True, False])
def test_twice_the_file_takes_hardly_more_memory(ctx, tmp_path, dry_run):
    small = _notes_csv(tmp_path, 100)
    large = _notes_csv(tmp_path, 200, first=1000)
    size = (tmp_path / large.rsplit("/", 1)[1]).stat().st_size
    small_peak = _peak(ctx, small, dry_run=dry_run)
    large_peak = _peak(ctx, large, dry_run=dry_run)
    # Twice the rows add 2 MB of file; the peak may grow by what each row leaves behind
    # (its outcome, its duplicate keys), not by its note.
    assert large_peak - small_peak < 0.1 * size / 2, (small_peak, large_peak, size)
    if not dry_run:
        assert Lead.select().count() == 300
        lead = Lead.get(Lead.email == "p1199@x.com")
        assert lead.interest.startswith("Called about") and lead.interest.endswith("(#1199)\nsecond line")
