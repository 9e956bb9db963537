"""Ranges (docs/data.md › Requests, docs/metrics.md › Statistics): inclusive edges, whole
seconds, UTC, totalDays."""

from __future__ import annotations

import pytest

from .conftest import END, START, build, conv, current, customer, jan, reply, report


def test_both_edges_are_inclusive():
    ds = build([conv(1, created_at="2014-12-31T00:00:00Z")], [
        reply(1, "2014-12-31T23:59:59Z"),  # a second before start
        reply(1, START),  # at start
        reply(1, END),  # at end
        reply(1, "2015-02-01T00:00:00Z"),  # a second after end
    ])
    assert current(ds)["totalReplies"] == 2


def test_start_equal_to_end_is_a_one_instant_range():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00")), reply(1, jan(5, "10:00:01"))])
    stats = current(ds, start=jan(5, "10:00:00"), end=jan(5, "10:00:00"))
    assert stats["totalReplies"] == 1
    assert stats["totalDays"] == 1  # max(1, floor(0 / 86400))
    assert stats["repliesPerDay"] == 1.0  # 1 / 1


@pytest.mark.parametrize(("start", "end", "days"), [
    (START, END, 30),  # the documented example: floor(2678399 / 86400) = 30
    ("2015-01-01T00:00:00Z", "2015-01-02T00:00:00Z", 1),  # exactly one day
    ("2015-01-01T00:00:00Z", "2015-01-02T23:59:59Z", 1),  # floor(1.99998)
    ("2015-01-01T00:00:00Z", "2015-01-03T00:00:00Z", 2),
    ("2015-01-01T00:00:00Z", "2015-01-01T12:00:00Z", 1),  # max(1, 0)
    ("2015-01-01T00:00:00Z", "2015-12-31T23:59:59Z", 364),  # floor(364.99998)
    ("2014-01-01T00:00:00Z", "2014-01-31T23:59:59Z", 30),  # the documented previous range
])
def test_total_days(start, end, days):
    ds = build([conv(1)])
    assert current(ds, start=start, end=end)["totalDays"] == days


def test_total_days_divides_per_day_rates():
    ds = build([conv(1)], [reply(1, jan(1, "10:00:00")), reply(1, jan(1, "11:00:00")),
                           reply(1, jan(2, "10:00:00"))])
    stats = current(ds, start=START, end="2015-01-03T00:00:00Z")
    assert stats["totalDays"] == 2
    assert stats["repliesPerDay"] == 1.5  # 3 / 2
    assert stats["conversationsPerDay"] == 0.5  # 1 / 2


def test_request_instants_are_truncated_to_whole_seconds():
    ds = build([conv(1)], [
        reply(1, jan(5, "09:00:00")),  # at the truncated start
        reply(1, jan(5, "10:00:00")),  # at the truncated end
        reply(1, jan(5, "10:00:01")),  # after it
    ])
    stats = current(ds, start="2015-01-05T09:00:00.700Z", end="2015-01-05T10:00:00.999Z")
    # start 09:00:00.7 -> 09:00:00, end 10:00:00.999 -> 10:00:00: two replies
    assert stats["totalReplies"] == 2
    assert stats["startDate"] == "2015-01-05T09:00:00Z"
    assert stats["endDate"] == "2015-01-05T10:00:00Z"


def test_data_instants_are_truncated_to_whole_seconds():
    ds = build([conv(1)], [
        customer(1, "2015-01-05T10:00:00.900Z"),  # -> 10:00:00
        reply(1, "2015-01-05T10:00:10.100Z"),  # -> 10:00:10
        reply(1, "2015-01-05T10:00:20.500Z"),  # -> 10:00:20, the end of the range
    ])
    stats = current(ds, start=jan(5, "10:00:00"), end=jan(5, "10:00:20"))
    assert stats["responseTime"] == 10  # 10:00:10 - 10:00:00 (not 9.2 s)
    assert stats["totalReplies"] == 2  # 10:00:20.5 truncates into the range


def test_offsets_are_converted_to_utc():
    ds = build([conv(1)], [
        reply(1, jan(5, "09:59:59")),
        reply(1, "2015-01-05T11:00:00+01:00"),  # = 10:00:00Z
        reply(1, "2015-01-05T06:30:00-04:00"),  # = 10:30:00Z
    ])
    stats = current(ds, start="2015-01-05T11:00:00+01:00", end="2015-01-05T10:30:00Z")
    assert stats["startDate"] == "2015-01-05T10:00:00Z"
    assert stats["totalReplies"] == 2  # 10:00Z and 10:30Z


def test_instants_without_offset_are_utc():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00")), reply(1, jan(5, "12:00:00"))])
    stats = current(ds, start="2015-01-05T10:00:00", end="2015-01-05T11:00:00")
    assert stats["startDate"] == "2015-01-05T10:00:00Z"
    assert stats["endDate"] == "2015-01-05T11:00:00Z"
    assert stats["totalReplies"] == 1


def test_a_date_alone_is_the_whole_day():
    ds = build([conv(1, created_at="2014-12-31T00:00:00Z")], [
        reply(1, "2014-12-31T23:59:59Z"),  # a second before 2015-01-01 00:00:00
        reply(1, START),  # the first second of the start date
        reply(1, END),  # the last second of the end date
        reply(1, "2015-02-01T00:00:00Z"),  # a second after
    ])
    stats = current(ds, start="2015-01-01", end="2015-01-31")
    # start = 2015-01-01T00:00:00Z, end = 2015-01-31T23:59:59Z: the documented range
    assert (stats["startDate"], stats["endDate"]) == (START, END)
    assert stats["totalReplies"] == 2
    assert stats["totalDays"] == 30


def test_a_date_alone_as_previous_range_is_whole_days_too():
    ds = build([conv(1, created_at="2014-12-01T00:00:00Z")],
               [reply(1, "2014-12-31T23:59:59Z")])
    previous = report(ds, previous_start="2014-12-01", previous_end="2014-12-31")["previous"]
    assert (previous["startDate"], previous["endDate"]) == ("2014-12-01T00:00:00Z",
                                                            "2014-12-31T23:59:59Z")
    assert previous["totalReplies"] == 1  # at the last second of Dec 31


def test_the_same_date_as_start_and_end_is_one_day():
    ds = build([conv(1)], [reply(1, jan(5, "00:00:00")), reply(1, jan(5, "23:59:59")),
                           reply(1, jan(6, "00:00:00"))])
    stats = current(ds, start="2015-01-05", end="2015-01-05")
    assert stats["totalReplies"] == 2  # 00:00:00 .. 23:59:59 of Jan 5
    assert stats["totalDays"] == 1  # max(1, floor(86399 / 86400))
