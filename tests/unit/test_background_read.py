"""Reads off the UI thread: their own short-lived connection, with a small page cache."""

from __future__ import annotations

import threading

from leadtui.db.connection import PRAGMAS, database
from leadtui.finding.background import READ_CACHE_KIB, BackgroundRead


def _in_a_thread(func):
    result: list = []
    thread = threading.Thread(target=lambda: result.append(func()))
    thread.start()
    thread.join(10)
    return result[0]


def test_a_background_read_keeps_a_small_page_cache_and_closes_its_connection(ctx):
    def read():
        with BackgroundRead():
            size = database.execute_sql("PRAGMA cache_size").fetchone()[0]
        return size, database.is_closed()

    assert _in_a_thread(read) == (-READ_CACHE_KIB, True)
    assert READ_CACHE_KIB * 4 <= -PRAGMAS["cache_size"]  # the long-lived connection keeps its own
    assert database.execute_sql("PRAGMA cache_size").fetchone()[0] == PRAGMAS["cache_size"]
