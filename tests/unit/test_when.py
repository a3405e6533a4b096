"""Dates as people type them, relative to the fake clock (Monday 2026-11-23 12:00 UTC)."""

from __future__ import annotations

from datetime import datetime

import pytest

from leadtui.errors import InvalidInput
from leadtui.kit.clock import FixedClock
from leadtui.kit.when import follow_up_doubt, parse_follow_up, parse_when, read_when

D = datetime

# (text, date_order, expected follow-up time, or an error fragment). The clock is Monday
# 2026-11-23 12:00; a follow-up without a time of day is at 09:00.
FOLLOW_UP_TABLE = [
    # dotted dates: always day.month(.year), in every date order
    ("1.2.2027", "DMY", D(2027, 2, 1, 9, 0)),
    ("1.2.2027", "MDY", D(2027, 2, 1, 9, 0)),
    ("05.03.2027 14:00", "DMY", D(2027, 3, 5, 14, 0)),
    ("05.03.2027 14.00", "MDY", D(2027, 3, 5, 14, 0)),
    ("31.12.2026", "DMY", D(2026, 12, 31, 9, 0)),
    ("24.12.2026", "MDY", D(2026, 12, 24, 9, 0)),
    ("31.12.", "DMY", D(2026, 12, 31, 9, 0)),
    ("24.12", "DMY", D(2026, 12, 24, 9, 0)),
    ("12.11", "DMY", D(2027, 11, 12, 9, 0)),  # no year: the next 12 November
    ("23.11", "DMY", D(2026, 11, 23, 12, 0)),  # today stays today: from now, 09:00 has passed
    ("2026-11-23", "DMY", D(2026, 11, 23, 12, 0)),
    ("1.2.27", "DMY", D(2027, 2, 1, 9, 0)),
    ("24.12.2026 klo 14.30", "DMY", D(2026, 12, 24, 14, 30)),
    ("24.12. 10", "DMY", D(2026, 12, 24, 10, 0)),
    ("2026-12-24 10", "DMY", D(2026, 12, 24, 10, 0)),
    ("32.12.2026", "DMY", "no day 32 in December"),
    ("29.2.2027", "DMY", "no day 29 in February 2027"),
    ("12.13.2026", "DMY", "no month 13"),
    ("31.4.", "DMY", "no day 31 in April"),
    # slash dates follow the date order
    ("1/2/2027", "DMY", D(2027, 2, 1, 9, 0)),
    ("1/2/2027", "MDY", D(2027, 1, 2, 9, 0)),
    ("2027/1/2", "DMY", D(2027, 1, 2, 9, 0)),
    ("27/1/2", "YMD", D(2027, 1, 2, 9, 0)),
    ("24/12", "DMY", D(2026, 12, 24, 9, 0)),
    ("12/24", "MDY", D(2026, 12, 24, 9, 0)),
    ("12/24", "DMY", "no month 24"),
    ("12/24/2026 3pm", "MDY", D(2026, 12, 24, 15, 0)),
    # a given time is read or refused, never replaced by 09:00
    ("Tuesday at 10", "DMY", D(2026, 11, 24, 10, 0)),
    ("tue at 10am", "DMY", D(2026, 11, 24, 10, 0)),
    ("tomorrow 14:30", "DMY", D(2026, 11, 24, 14, 30)),
    ("tomorrow 10.30", "DMY", D(2026, 11, 24, 10, 30)),
    ("tomorrow 10", "DMY", D(2026, 11, 24, 10, 0)),
    ("tomorrow 25:00", "DMY", "no hour 25"),
    ("tomorrow 10:75", "DMY", "no minute 75"),
    ("tomorrow 13pm", "DMY", "no 13 pm"),
    ("tue 25", "DMY", "no hour 25"),
    ("Tuesday at ten", "DMY", "cannot read the time"),
    ("friday 14:30", "DMY", D(2026, 11, 27, 14, 30)),
    # weekdays: this week's day, or today when its time is still ahead
    ("mon 14", "DMY", D(2026, 11, 23, 14, 0)),
    ("monday 11", "DMY", D(2026, 11, 30, 11, 0)),
    ("monday", "DMY", D(2026, 11, 30, 9, 0)),
    ("next tue", "DMY", D(2026, 12, 1, 9, 0)),
    ("friday", "DMY", D(2026, 11, 27, 9, 0)),
    # words and ISO
    ("in 3 days", "DMY", D(2026, 11, 26, 9, 0)),
    ("2026-12-01", "DMY", D(2026, 12, 1, 9, 0)),
    ("2026-12-01 14:00", "DMY", D(2026, 12, 1, 14, 0)),
    ("2026-12-01 14.00", "DMY", D(2026, 12, 1, 14, 0)),
    ("dec 24", "DMY", D(2026, 12, 24, 9, 0)),
    ("at 15", "DMY", D(2026, 11, 23, 15, 0)),
    ("16:00", "DMY", D(2026, 11, 23, 16, 0)),
    ("blorp", "DMY", "try 'tomorrow 9am'"),
]


@pytest.mark.parametrize(("text", "order", "expected"), FOLLOW_UP_TABLE)
def test_follow_up_dates(clock, text, order, expected):
    if isinstance(expected, str):
        with pytest.raises(InvalidInput) as err:
            parse_follow_up(text, clock, order)
        assert expected in str(err.value)
        assert repr(text) in str(err.value)
    else:
        assert parse_follow_up(text, clock, order) == expected


def test_tue_10_on_a_tuesday_before_ten_is_today():
    tuesday_early = FixedClock(D(2026, 11, 24, 8, 0))
    assert parse_when("tue 10", tuesday_early) == D(2026, 11, 24, 10, 0)
    tuesday_late = FixedClock(D(2026, 11, 24, 11, 0))
    assert parse_when("tue 10", tuesday_late) == D(2026, 12, 1, 10, 0)


@pytest.mark.parametrize(("text", "expected"), [
    ("tomorrow 9am", D(2026, 11, 24, 9, 0)),
    ("in 3 days", D(2026, 11, 26, 12, 0)),
    ("next tue", D(2026, 12, 1, 9, 0)),
    ("tue 10", D(2026, 11, 24, 10, 0)),
    ("Tuesday 10", D(2026, 11, 24, 10, 0)),
    ("2026-12-01 14:00", D(2026, 12, 1, 14, 0)),
    ("40 days ago", D(2026, 10, 14, 12, 0)),
    ("  in   3   days ", D(2026, 11, 26, 12, 0)),
    ("2026-12-01", D(2026, 12, 1, 0, 0)),
    ("2026-12-01T14:00:00+02:00", D(2026, 12, 1, 12, 0)),
])
def test_phrases(clock, text, expected):
    assert parse_when(text, clock) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("12.11", D(2026, 11, 12, 9, 0)),  # no year: the last 12 November
    ("24.12", D(2025, 12, 24, 9, 0)),
    ("fri", D(2026, 11, 20, 9, 0)),  # the last Friday
    ("mon 10", D(2026, 11, 23, 10, 0)),
    ("mon 14", D(2026, 11, 16, 14, 0)),  # today's 14:00 has not happened yet
])
def test_things_that_happened_read_dates_backwards(clock, text, expected):
    assert parse_when(text, clock, past=True) == expected


def test_empty_text_is_refused(clock):
    with pytest.raises(InvalidInput, match="empty date"):
        parse_when("   ", clock)


def test_text_is_read_in_local_time_and_stored_as_utc(clock, helsinki):
    assert parse_when("tomorrow 9am", clock) == D(2026, 11, 24, 7, 0)
    assert parse_when("2026-12-01 14:00", clock) == D(2026, 12, 1, 12, 0)
    assert parse_follow_up("friday", clock) == D(2026, 11, 27, 7, 0)
    assert parse_follow_up("1.2.2027 10:00", clock) == D(2027, 2, 1, 8, 0)


def test_a_time_in_the_spring_gap_moves_forward_and_says_so(clock, helsinki):
    when = read_when("28.3.2027 03:30", clock)
    assert when.local == D(2027, 3, 28, 4, 30)
    assert when.utc == D(2027, 3, 28, 1, 30)
    assert "03:30 does not exist" in when.note and "04:30" in when.note
    assert read_when("28.3.2027 02:30", clock).note == ""


@pytest.mark.parametrize(("text", "doubt"), [
    ("yesterday", "in the past"),
    ("in -3 days", "in the past"),
    ("in 1000000 days", "years away"),
    ("today", ""),  # earlier today is still due today
    ("tomorrow", ""),
    ("in 600 days", ""),
])
def test_past_and_far_follow_ups_are_doubtful(clock, text, doubt):
    got = follow_up_doubt(parse_follow_up(text, clock), clock.now())
    assert (doubt in got) if doubt else got == ""


EVENING = FixedClock(D(2026, 11, 23, 18, 46))  # Monday, 18:46 (UTC is local in these tests)


@pytest.mark.parametrize(("text", "expected"), [
    ("9am", D(2026, 11, 24, 9, 0)),  # 09:00 today has passed: tomorrow's
    ("14:30", D(2026, 11, 24, 14, 30)),
    ("klo 14:30", D(2026, 11, 24, 14, 30)),
    ("klo 14.30", D(2026, 11, 24, 14, 30)),
    ("kl. 14.30", D(2026, 11, 24, 14, 30)),
    ("at 9", D(2026, 11, 24, 9, 0)),
    ("20:15", D(2026, 11, 23, 20, 15)),  # still ahead today
    ("today", D(2026, 11, 23, 18, 46)),  # due today, from now on
])
def test_a_time_alone_is_its_next_occurrence(text, expected):
    due = parse_follow_up(text, EVENING)
    assert due == expected
    assert follow_up_doubt(due, EVENING.now()) == ""


@pytest.mark.parametrize("text", ["today 9am", "today 14:30", "23.11. klo 14.30", "2026-11-23 18:00"])
def test_an_explicit_time_earlier_today_is_in_the_past(text):
    assert follow_up_doubt(parse_follow_up(text, EVENING), EVENING.now()) == "is in the past"


def test_a_time_alone_that_happened_is_its_last_occurrence():
    assert parse_when("20:15", EVENING, past=True) == D(2026, 11, 22, 20, 15)
    assert parse_when("klo 9", EVENING, past=True) == D(2026, 11, 23, 9, 0)
