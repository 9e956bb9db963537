"""busiestDay (docs/metrics.md › Statistics): the weekday with the most (conversation, local
date) pairs per date.

January 2015 in UTC: Thu 1, Fri 2, Sat 3 ... Sat 31, so Thursday, Friday and Saturday
occur 5 times and the other weekdays 4 times.
"""

from __future__ import annotations

import pytest

from .conftest import build, conv, current, customer, jan, note, reply

NEW_YORK = {"enabled": True, "timezone": "America/New_York",
            "schedule": {"monday": [["09:00", "17:00"]]}, "holidays": []}


def touched(*days, office_hours=None, clock="15:00:00"):
    """Conversation i+1 touched (a note by user 1) on January day `days[i]`."""
    return build([conv(i + 1, jan(1, "00:00:00")) for i in range(len(days))],
                 [note(i + 1, jan(d, clock)) for i, d in enumerate(days)],
                 office_hours=office_hours)


def test_weekday_average_divides_by_the_dates_of_that_weekday():
    # Thu Jan 1: 1 pair / 5 Thursdays = 0.2; Sun Jan 4: 1 / 4 Sundays = 0.25 -> Sunday
    value = current(touched(1, 4))["busiestDay"]
    assert value == 7
    assert type(value) is int


def test_equal_averages_go_to_the_lower_weekday():
    # Thursday: 5 conversations on Jan 8 -> 5/5 = 1.0; Monday: 4 on Jan 12 -> 4/4 = 1.0
    assert current(touched(8, 8, 8, 8, 8, 12, 12, 12, 12))["busiestDay"] == 1
    # Tue Jan 6 and Sun Jan 4: 1/4 each -> Tuesday (2)
    assert current(touched(6, 4))["busiestDay"] == 2


def test_a_conversation_counts_once_per_date():
    ds = build([conv(1, jan(1, "00:00:00")), conv(2, jan(1, "00:00:00"))], [
        note(1, jan(2, "09:00:00")), reply(1, jan(2, "10:00:00")),
        reply(1, jan(2, "11:00:00")),  # Fri Jan 2: one pair -> 1/5 = 0.2
        note(2, jan(11, "09:00:00")),  # Sun Jan 11: 1/4 = 0.25
    ])
    assert current(ds)["busiestDay"] == 7  # (counting touches, Friday 3/5 would win)


def test_a_conversation_counts_on_each_date_it_is_touched():
    ds = build([conv(1, jan(1, "00:00:00")), conv(2, jan(1, "00:00:00"))], [
        note(1, jan(2, "09:00:00")), note(1, jan(9, "09:00:00")),  # Fridays: 2/5 = 0.4
        note(2, jan(4, "09:00:00")),  # Sunday: 1/4 = 0.25
    ])
    assert current(ds)["busiestDay"] == 5


def test_only_dates_of_the_range_count():
    ds = touched(5, 8)  # Mon Jan 5, Thu Jan 8
    # January: Monday 1/4 = 0.25 > Thursday 1/5 = 0.2
    assert current(ds)["busiestDay"] == 1
    # Jan 5 - Jan 14: Mondays 5, 12 -> 1/2 = 0.5; Thursdays 8 -> 1/1 = 1.0
    assert current(ds, start=jan(5, "00:00:00"), end=jan(14, "23:59:59"))["busiestDay"] == 4


def test_touches_outside_the_range_do_not_count():
    ds = build([conv(1, jan(1, "00:00:00")), conv(2, jan(1, "00:00:00"))], [
        note(1, jan(6, "10:00:00")),  # Tuesday in range
        note(2, "2015-02-01T10:00:00Z"),  # a Sunday, after the range
        note(2, "2014-12-29T10:00:00Z"),  # a Monday, before the range
    ])
    assert current(ds)["busiestDay"] == 2


def test_every_kind_of_touch_counts():
    ds = build([
        conv(1, jan(4, "10:00:00"), created_by_type="user", created_by_id=1),  # Sunday
        conv(2, jan(1, "10:00:00"), status="closed", closed_at=jan(4, "12:00:00"),
             closed_by=1),  # closed on Sunday
        conv(3, jan(1, "10:00:00")),
    ], [note(3, jan(5, "10:00:00"))])  # Monday
    # Sunday 2/4 = 0.5 > Monday 1/4
    assert current(ds)["busiestDay"] == 7


def test_null_without_touches():
    ds = build([conv(1)], [customer(1, jan(5, "10:00:00"))])
    assert current(ds)["busiestDay"] is None


def test_company_time_zone_comes_from_the_office_hours_config():
    # 2015-01-05T02:00Z is Monday in UTC, Sunday 21:00 in America/New_York
    assert current(touched(5, clock="02:00:00"))["busiestDay"] == 1
    assert current(touched(5, clock="02:00:00", office_hours=NEW_YORK))["busiestDay"] == 7


@pytest.mark.parametrize("office_hours", [False, True])
def test_time_zone_applies_whether_or_not_office_hours_are_requested(office_hours):
    ds = touched(5, clock="02:00:00", office_hours=NEW_YORK)
    assert current(ds, office_hours=office_hours)["busiestDay"] == 7


def test_time_zone_applies_even_when_office_hours_are_disabled():
    # lead decision: the config's time zone whenever a config is given
    ds = touched(5, clock="02:00:00", office_hours=NEW_YORK | {"enabled": False})
    assert current(ds)["busiestDay"] == 7


def test_dates_of_the_range_are_counted_in_the_company_time_zone():
    # Range Jan 1 00:00Z - Jan 31 23:59:59Z is Dec 31 19:00 - Jan 31 18:59:59 in New York:
    # local Wednesdays Dec 31, Jan 7, 14, 21, 28 = 5; Sundays Jan 4, 11, 18, 25 = 4.
    # Wed Jan 7 15:00Z (10:00 local) -> 1/5 = 0.2; Sun Jan 11 -> 1/4 = 0.25 -> Sunday.
    assert current(touched(7, 11, office_hours=NEW_YORK))["busiestDay"] == 7
    # In UTC there are 4 Wednesdays: 1/4 each, the tie goes to Wednesday.
    assert current(touched(7, 11))["busiestDay"] == 3
