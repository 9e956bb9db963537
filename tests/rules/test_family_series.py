"""Series (docs/family.md › Series): replies, resolutions and customers helped per bucket.

Buckets are aligned on `start` in UTC: b_0 = start, then + k days / + 7k days / k calendar
months (same time of day, day of month clamped from the original day); every b_k < end
is a bucket and an event belongs to the last bucket with b_k <= t.
"""

from __future__ import annotations

import pytest

from .conftest import BAD_REQUEST, END, START, conv, jan, reply


def points(doc, key="replies"):
    """[(date, value), ...] of the current series."""
    return [(p["date"], p[key]) for p in doc["current"]]


def test_day_buckets_start_at_start_not_at_midnight(family):
    ds = family([conv(1)], [
        reply(1, jan(5, "09:59:59")),  # before start: not counted
        reply(1, jan(5, "10:00:00")),  # b0
        reply(1, jan(6, "09:59:59")),  # still b0 (b1 starts at 10:00)
        reply(1, jan(6, "10:00:00")),  # b1
        reply(1, jan(8, "09:00:00")),  # = end: in the last bucket, b2
    ])
    doc = ds.replies_report(1, jan(5, "10:00:00"), jan(8, "09:00:00"), view_by="day")
    # b_k = Jan 5 10:00 + k days while b_k < Jan 8 09:00: k = 0, 1, 2
    assert points(doc) == [("2015-01-05T10:00:00Z", 2), ("2015-01-06T10:00:00Z", 1),
                           ("2015-01-07T10:00:00Z", 1)]


def test_week_buckets_are_seven_days_from_start(family):
    ds = family([conv(1)], [
        reply(1, jan(7, "23:59:59")),  # b0 = Thu Jan 1 .. Jan 8
        reply(1, jan(8, "00:00:00")),  # b1 starts exactly here
        reply(1, jan(31, "23:59:59")),  # = END: b4 = Jan 29 .. end (3 days long)
    ])
    doc = ds.replies_report(1, START, END, view_by="week")
    # Jan 1, 8, 15, 22, 29; Feb 5 is after the end
    assert points(doc) == [("2015-01-01T00:00:00Z", 1), ("2015-01-08T00:00:00Z", 1),
                           ("2015-01-15T00:00:00Z", 0), ("2015-01-22T00:00:00Z", 0),
                           ("2015-01-29T00:00:00Z", 1)]


def test_month_buckets_keep_the_time_of_day(family):
    ds = family([conv(1)], [
        reply(1, "2015-02-15T09:59:59Z"),  # b0: Jan 15 10:00 .. Feb 15 10:00
        reply(1, "2015-02-15T10:00:00Z"),  # b1
        reply(1, "2015-04-01T00:00:00Z"),  # = end: b2
    ])
    doc = ds.replies_report(1, "2015-01-15T10:00:00Z", "2015-04-01T00:00:00Z",
                            view_by="month")
    # Jan 15, Feb 15, Mar 15 at 10:00; Apr 15 is after the end
    assert points(doc) == [("2015-01-15T10:00:00Z", 1), ("2015-02-15T10:00:00Z", 1),
                           ("2015-03-15T10:00:00Z", 1)]


def test_month_buckets_clamp_the_day_from_the_original_day(family):
    ds = family([conv(1)], [
        reply(1, "2016-02-29T09:59:59Z"),  # b0 (Jan 31 .. Feb 29 10:00)
        reply(1, "2016-02-29T10:00:00Z"),  # b1
        reply(1, "2016-03-30T10:00:00Z"),  # still b1: b2 is Mar 31, not Mar 29
    ])
    doc = ds.replies_report(1, "2016-01-31T10:00:00Z", "2016-05-15T00:00:00Z",
                            view_by="month")
    # Jan 31 -> Feb 29 (2016 is leap, clamped) -> Mar 31 (from the 31st again) -> Apr 30;
    # May 31 is after the end
    assert points(doc) == [("2016-01-31T10:00:00Z", 1), ("2016-02-29T10:00:00Z", 2),
                           ("2016-03-31T10:00:00Z", 0), ("2016-04-30T10:00:00Z", 0)]


def test_month_buckets_clamp_to_february_28_in_a_common_year(family):
    ds = family([conv(1)], [reply(1, "2015-03-31T10:00:00Z")])
    doc = ds.replies_report(1, "2015-01-31T10:00:00Z", "2015-03-31T12:00:00Z",
                            view_by="month")
    # Jan 31 -> Feb 28 -> Mar 31 10:00 (< end 12:00): the reply opens the third bucket
    assert points(doc) == [("2015-01-31T10:00:00Z", 0), ("2015-02-28T10:00:00Z", 0),
                           ("2015-03-31T10:00:00Z", 1)]


def test_a_bucket_starting_at_end_is_not_a_bucket(family):
    ds = family([conv(1)], [reply(1, jan(3, "00:00:00"))])
    doc = ds.replies_report(1, START, jan(3, "00:00:00"), view_by="day")
    # b2 = Jan 3 00:00 is not < end: the reply at the end belongs to b1 = Jan 2
    assert points(doc) == [("2015-01-01T00:00:00Z", 0), ("2015-01-02T00:00:00Z", 1)]


def test_a_one_instant_range_is_one_bucket(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00")), reply(1, jan(5, "10:00:01"))])
    doc = ds.replies_report(1, jan(5, "10:00:00"), jan(5, "10:00:00"), view_by="month")
    assert points(doc) == [("2015-01-05T10:00:00Z", 1)]  # b0 only; 10:00:01 is outside


def test_default_view_is_week_up_to_365_days(family):
    ds = family([conv(1)], [reply(1, "2015-12-31T12:00:00Z")])
    doc = ds.replies_report(1, "2015-01-01T00:00:00Z", "2016-01-01T00:00:00Z")
    # end - start = 365 days exactly -> week: 7k < 365 for k = 0..52 -> 53 buckets, the
    # last on Jan 1 + 364 days = Dec 31
    assert len(doc["current"]) == 53
    assert doc["current"][1]["date"] == "2015-01-08T00:00:00Z"
    assert doc["current"][-1] == {"date": "2015-12-31T00:00:00Z", "replies": 1}


def test_default_view_is_month_beyond_365_days(family):
    ds = family([conv(1)], [reply(1, "2016-01-01T00:00:01Z")])
    doc = ds.replies_report(1, "2015-01-01T00:00:00Z", "2016-01-01T00:00:01Z")
    # one second more than 365 days -> month: Jan 1 2015 .. Jan 1 2016 (< end) = 13
    assert len(doc["current"]) == 13
    assert doc["current"][1]["date"] == "2015-02-01T00:00:00Z"
    assert doc["current"][-1] == {"date": "2016-01-01T00:00:00Z", "replies": 1}


def test_default_view_is_chosen_for_each_range_on_its_own(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
    doc = ds.replies_report(1, START, END, previous_start="2013-01-01T00:00:00Z",
                            previous_end="2014-01-01T00:00:01Z")
    # current: 30 days -> weeks (Jan 1, 8, 15, 22, 29); previous: 365 days + 1 s -> months
    # (Jan 1 2013 .. Jan 1 2014 = 13)
    assert [p["date"] for p in doc["current"]] == [
        "2015-01-01T00:00:00Z", "2015-01-08T00:00:00Z", "2015-01-15T00:00:00Z",
        "2015-01-22T00:00:00Z", "2015-01-29T00:00:00Z"]
    assert len(doc["previous"]) == 13
    assert doc["previous"][1]["date"] == "2013-02-01T00:00:00Z"


def test_previous_has_its_own_buckets_from_previous_start(family):
    ds = family([conv(1, "2014-12-01T00:00:00Z")], [
        reply(1, "2014-12-29T00:00:00Z"),  # previous b4 (Dec 29 .. Dec 31 end)
        reply(1, jan(2, "00:00:00")),  # current b0
    ])
    doc = ds.replies_report(1, START, END, previous_start="2014-12-01T00:00:00Z",
                            previous_end="2014-12-31T23:59:59Z", view_by="week")
    assert list(doc) == ["current", "previous"]
    assert points(doc)[0] == ("2015-01-01T00:00:00Z", 1)
    # Dec 1, 8, 15, 22, 29
    assert [(p["date"], p["replies"]) for p in doc["previous"]] == [
        ("2014-12-01T00:00:00Z", 0), ("2014-12-08T00:00:00Z", 0),
        ("2014-12-15T00:00:00Z", 0), ("2014-12-22T00:00:00Z", 0),
        ("2014-12-29T00:00:00Z", 1)]


def test_document_shape_and_value_keys(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
    for method, key in [(ds.replies_report, "replies"), (ds.resolutions_report, "resolved"),
                        (ds.customers_helped_report, "customers")]:
        doc = method(1, START, END, view_by="week")
        assert list(doc) == ["current"]  # no previous, no deltas without a previous range
        assert all(list(p) == ["date", key] for p in doc["current"])
        assert all(type(p[key]) is int for p in doc["current"])


def test_view_by_is_read_in_any_case(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
    assert (ds.replies_report(1, START, END, view_by="DAY")
            == ds.replies_report(1, START, END, view_by="day"))
    assert len(ds.replies_report(1, START, END, view_by="Day")["current"]) == 31


def test_resolutions_fall_in_the_bucket_of_resolved_at(family):
    ds = family([conv(1, jan(5), status="closed", closed_at=jan(7, "12:00:00"), closed_by=1)],
                [reply(1, jan(5, "10:00:00"))])
    doc = ds.resolutions_report(1, jan(5, "00:00:00"), jan(8, "00:00:00"), view_by="day")
    # buckets Jan 5, 6, 7; resolved_at = closed_at = Jan 7 12:00 -> b2
    assert points(doc, "resolved") == [("2015-01-05T00:00:00Z", 0),
                                       ("2015-01-06T00:00:00Z", 0),
                                       ("2015-01-07T00:00:00Z", 1)]


def test_customers_are_distinct_within_a_bucket_not_across_buckets(family):
    ds = family([conv(1, customer_id=100), conv(2, customer_id=100),
                 conv(3, customer_id=101)], [
        reply(1, jan(5, "10:00:00")), reply(2, jan(5, "11:00:00")),  # b0: {100}
        reply(3, jan(6, "10:00:00")), reply(1, jan(6, "11:00:00")),  # b1: {101, 100}
    ])
    doc = ds.customers_helped_report(1, jan(5, "00:00:00"), jan(6, "23:59:59"),
                                     view_by="day")
    assert points(doc, "customers") == [("2015-01-05T00:00:00Z", 1),
                                        ("2015-01-06T00:00:00Z", 2)]
    # 1 + 2 = 3 points, though customersHelped over the range is {100, 101} = 2


def test_a_date_alone_covers_the_whole_day(family):
    ds = family([conv(1)], [reply(1, jan(6, "23:59:59")), reply(1, jan(7, "00:00:00"))])
    doc = ds.replies_report(1, "2015-01-05", "2015-01-06", view_by="day")
    # start Jan 5 00:00:00, end Jan 6 23:59:59: buckets Jan 5, Jan 6; Jan 7 is outside
    assert points(doc) == [("2015-01-05T00:00:00Z", 0), ("2015-01-06T00:00:00Z", 1)]


def test_team_series_are_the_distinct_union_of_members(family):
    ds = family([conv(1, customer_id=100)], [
        reply(1, jan(5, "10:00:00"), user=1), reply(1, jan(5, "11:00:00"), user=2),
        reply(1, jan(5, "12:00:00"), user=3),  # not a member
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    replies = ds.replies_report(50, START, END, view_by="month")
    customers = ds.customers_helped_report(50, START, END, view_by="month")
    assert points(replies) == [("2015-01-01T00:00:00Z", 2)]  # replies are events: 1 + 1
    assert points(customers, "customers") == [("2015-01-01T00:00:00Z", 1)]  # {100}, not 2


def test_only_eligible_conversations_matching_the_filters_count(family):
    ds = family([conv(1), conv(2, status="spam"), conv(3, mailbox_id=2)], [
        reply(1, jan(5, "10:00:00")), reply(2, jan(5, "10:00:00")),
        reply(3, jan(5, "10:00:00")),
    ])
    assert points(ds.replies_report(1, START, END, view_by="month")) == [
        ("2015-01-01T00:00:00Z", 2)]  # conversations 1 and 3; 2 is spam
    assert points(ds.replies_report(1, START, END, view_by="month", mailboxes=[1])) == [
        ("2015-01-01T00:00:00Z", 1)]  # conversation 1 only


@pytest.mark.parametrize("view_by", ["year", "days", "weekly", 7])
def test_bad_view_by_names_view_by(family, view_by):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
    for method in (ds.replies_report, ds.resolutions_report, ds.customers_helped_report):
        with pytest.raises(BAD_REQUEST) as err:
            method(1, START, END, view_by=view_by)
        assert err.value.parameter == "viewBy"
    with pytest.raises(BAD_REQUEST) as err:
        ds.series_table(START, END, view_by=view_by)
    assert err.value.parameter == "viewBy"


# -- series_table: every user and team at once -------------------------------------------


def series_dataset(family):
    """Users 1, 2, 3 (table), team 50 = {1, 2}; user 1 replies on Jan 5, user 2 on Jan 6
    and resolves conversation 1 then (closed_by 2 at Jan 6 12:00)."""
    return family([conv(1, status="closed", closed_at=jan(6, "12:00:00"), closed_by=2)], [
        reply(1, jan(5, "10:00:00"), user=1), reply(1, jan(6, "10:00:00"), user=2),
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])


def test_series_table_has_a_row_per_user_or_team_and_bucket(family):
    table = series_dataset(family).series_table("2015-01-05", "2015-01-06", view_by="day")
    assert list(table.columns) == ["id", "kind", "name", "date", "replies", "resolved",
                                   "customers"]
    assert str(table["date"].dtype) == "datetime64[s, UTC]"
    rows = [(int(r.id), r.kind, r.name, r.date.strftime("%d"), int(r.replies),
             int(r.resolved), int(r.customers)) for r in table.itertuples()]
    # day buckets Jan 5 and Jan 6 (the dates alone run 00:00:00 .. 23:59:59); users by
    # id, then teams; the team row is the union of users 1 and 2
    assert rows == [
        (1, "user", "Ann Lee", "05", 1, 0, 1), (1, "user", "Ann Lee", "06", 0, 0, 0),
        (2, "user", "Bob Ray", "05", 0, 0, 0), (2, "user", "Bob Ray", "06", 1, 1, 1),
        (3, "user", "Cy Dunn", "05", 0, 0, 0), (3, "user", "Cy Dunn", "06", 0, 0, 0),
        (50, "team", "Support", "05", 1, 0, 1), (50, "team", "Support", "06", 1, 1, 1),
    ]


def test_series_table_agrees_with_each_series_report(family):
    ds = series_dataset(family)
    table = ds.series_table(START, END)  # 30 days: weeks by default
    for ident in (1, 2, 3, 50):
        mine = table[table["id"] == ident]
        assert list(mine["replies"]) == [p["replies"] for p in
                                         ds.replies_report(ident, START, END)["current"]]
        assert list(mine["resolved"]) == [p["resolved"] for p in
                                          ds.resolutions_report(ident, START, END)["current"]]
        assert list(mine["customers"]) == [
            p["customers"] for p in ds.customers_helped_report(ident, START, END)["current"]]
        assert [d.strftime("%Y-%m-%dT%H:%M:%SZ") for d in mine["date"]] == [
            p["date"] for p in ds.replies_report(ident, START, END)["current"]]
