"""Dates as people type them, relative to the fake clock (Monday 2026-11-23 12:00 UTC)."""

from __future__ import annotations

import time as _time
from datetime import datetime

import pytest

from leadtui.errors import InvalidInput
from leadtui.when import parse_follow_up, parse_when


@pytest.mark.parametrize(("text", "expected"), [
    ("tomorrow 9am", datetime(2026, 11, 24, 9, 0)),
    ("in 3 days", datetime(2026, 11, 26, 12, 0)),
    ("next tue", datetime(2026, 12, 1, 9, 0)),  # Tuesday of next week, not tomorrow
    ("tue 10", datetime(2026, 11, 24, 10, 0)),
    ("Tuesday 10", datetime(2026, 11, 24, 10, 0)),
    ("2026-12-01 14:00", datetime(2026, 12, 1, 14, 0)),
    ("40 days ago", datetime(2026, 10, 14, 12, 0)),
    ("  in   3   days ", datetime(2026, 11, 26, 12, 0)),
])
def test_phrases(clock, text, expected):
    assert parse_when(text, clock) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("friday", datetime(2026, 11, 27, 9, 0)),
    ("2026-12-01", datetime(2026, 12, 1, 9, 0)),
    ("in 3 days", datetime(2026, 11, 26, 9, 0)),
    ("tomorrow 14:30", datetime(2026, 11, 24, 14, 30)),
    ("2026-12-01 14:00", datetime(2026, 12, 1, 14, 0)),
])
def test_a_follow_up_date_without_a_time_means_nine(clock, text, expected):
    assert parse_follow_up(text, clock) == expected


def test_a_plain_iso_date_is_midnight_when_not_a_follow_up(clock):
    assert parse_when("2026-12-01", clock) == datetime(2026, 12, 1, 0, 0)


def test_iso_with_an_offset_is_converted_to_utc(clock):
    assert parse_when("2026-12-01T14:00:00+02:00", clock) == datetime(2026, 12, 1, 12, 0)


@pytest.mark.parametrize("text", ["asdf qwerty", "blorp", "the day after never"])
def test_unparseable_text_names_the_input(clock, text):
    with pytest.raises(InvalidInput) as err:
        parse_when(text, clock)
    assert repr(text) in str(err.value)
    assert "tomorrow 9am" in str(err.value)  # and shows what works


def test_empty_text_is_refused(clock):
    with pytest.raises(InvalidInput, match="empty date"):
        parse_when("   ", clock)


def test_text_is_read_in_local_time_and_stored_as_utc(clock, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Helsinki")  # UTC+2 in November
    _time.tzset()
    try:
        assert parse_when("tomorrow 9am", clock) == datetime(2026, 11, 24, 7, 0)
        assert parse_when("2026-12-01 14:00", clock) == datetime(2026, 12, 1, 12, 0)
        assert parse_follow_up("friday", clock) == datetime(2026, 11, 27, 7, 0)
    finally:
        monkeypatch.setenv("TZ", "UTC")
        _time.tzset()


def test_a_weekday_with_an_impossible_hour_is_refused(clock):
    with pytest.raises(InvalidInput, match="no hour 25"):
        parse_when("tue 25", clock)
