"""Conversation history (docs/family.md › Conversation history): one row per conversation U
replied to in the range."""

from __future__ import annotations

import pytest

from .conftest import (
    BAD_REQUEST,
    END,
    START,
    conv,
    customer,
    customer_row,
    jan,
    note,
    reply,
)

ROW_KEYS = ["id", "number", "customers", "avgHandleTime", "firstResponseTime", "repliesSent",
            "responseTime", "resolveTime", "status"]


def ids(doc):
    return [row["id"] for row in doc["results"]]


def worked(family):
    """Conversation 501: customer 09:00, user 1 09:30 (handle 10.5 s), customer 10:00,
    user 1 10:20:01 (handle 20.25 s), user 1 10:40 (no handle), user 2 10:50 (handle 99);
    closed_at 12:00 by user 1."""
    return family([
        conv(1, number=501, status="closed", closed_at=jan(5, "12:00:00"), closed_by=1),
    ], [
        customer(1, jan(5, "09:00:00")),
        reply(1, jan(5, "09:30:00"), handle_seconds=10.5),
        customer(1, jan(5, "10:00:00")),
        reply(1, jan(5, "10:20:01"), handle_seconds=20.25),
        reply(1, jan(5, "10:40:00")),
        reply(1, jan(5, "10:50:00"), user=2, handle_seconds=99),
    ], customers=[customer_row(100, "Cat", "Ng")])


def test_a_row_in_full(family):
    doc = worked(family).conversation_history_report(1, START, END)
    assert list(doc) == ["results", "page", "count", "pages"]
    row = doc["results"][0]
    assert list(row) == ROW_KEYS
    assert row == {
        "id": 1, "number": 501, "customers": [{"id": 100, "name": "Cat Ng"}],
        "avgHandleTime": 15,  # (10.5 + 20.25) / 2 = 15.375, truncated
        "firstResponseTime": 1800,  # 09:00 -> 09:30
        "repliesSent": 3,  # 09:30, 10:20:01, 10:40 (10:50 is user 2's)
        "responseTime": 1500,  # (1800 + 1201) / 2 = 1500.5, truncated
        "resolveTime": 10800,  # resolved by user 1 at 12:00, created 09:00
        "status": "closed",
    }


def test_another_users_row_of_the_same_conversation(family):
    row = worked(family).conversation_history_report(2, START, END)["results"][0]
    # user 2 replied at 10:50 with nothing waiting; closed_by user 1 resolved it
    assert (row["repliesSent"], row["avgHandleTime"], row["firstResponseTime"],
            row["responseTime"], row["resolveTime"]) == (1, 99, 0, 0, None)


def test_one_row_per_conversation_with_a_reply_by_u_in_range(family):
    ds = family([conv(i) for i in (1, 2, 3, 4, 5)], [
        reply(1, jan(5, "10:00:00")),
        note(2, jan(5, "10:00:00")),  # a note is no reply
        reply(3, "2015-02-01T00:00:00Z"),  # after the range
        reply(4, jan(5, "10:00:00"), user=2),  # another user's
        reply(5, jan(5, "10:00:00")), reply(5, jan(6, "10:00:00")),  # two: one row
    ])
    doc = ds.conversation_history_report(1, START, END)
    assert ids(doc) == [1, 5]  # no numbers: all null, so ascending id
    assert [row["repliesSent"] for row in doc["results"]] == [1, 2]


def test_avg_handle_time_truncates_the_exact_mean(family):
    ds = family([conv(1)], [reply(1, jan(5, f"10:0{i}:00"), handle_seconds=h)
                            for i, h in enumerate((3.8, 5.6, 5.6))])
    row = ds.conversation_history_report(1, START, END)["results"][0]
    # 3.8 + 5.6 + 5.6 = 15 s exactly (in microseconds) / 3 = 5; float arithmetic would
    # give 4.999999999999999 and truncate to 4
    assert row["avgHandleTime"] == 5


def test_first_response_is_the_first_in_thread_order_that_u_makes(family):
    ds = family([conv(1)], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "09:10:00"), user=2),  # user 2: 600
        customer(1, jan(5, "09:20:00")), reply(1, jan(5, "09:50:00")),  # user 1: 1800
        customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:05:00")),  # user 1: 300
    ])
    row = ds.conversation_history_report(1, START, END)["results"][0]
    assert row["firstResponseTime"] == 1800
    assert row["responseTime"] == 1050  # (1800 + 300) / 2


def test_first_response_counts_only_responses_in_range(family):
    ds = family([conv(1)], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "09:10:00")),  # 600, before start
        customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:30:00")),  # 1800
    ])
    row = ds.conversation_history_report(1, jan(5, "09:30:00"), END)["results"][0]
    assert (row["firstResponseTime"], row["repliesSent"]) == (1800, 1)


def test_resolve_time_is_null_unless_u_resolved_it_in_range(family):
    ds = family([
        conv(1, status="closed", closed_at=jan(5, "12:00:00"), closed_by=2),  # user 2's
        conv(2, status="closed", closed_at="2015-02-01T00:00:00Z", closed_by=1),  # after
        conv(3, status="active"),  # not closed
    ], [reply(c, jan(5, "10:00:00")) for c in (1, 2, 3)])
    doc = ds.conversation_history_report(1, START, END)
    assert [row["resolveTime"] for row in doc["results"]] == [None, None, None]


@pytest.mark.parametrize(("status", "expected"), [
    (None, [1, 2, 3]), ("active", [1]), ("Pending", [2]), ("CLOSED", [3]),
])  # no numbers: ascending id
def test_status_keeps_conversations_of_that_status(family, status, expected):
    ds = family([conv(1), conv(2, status="pending"), conv(3, status="closed")],
                [reply(c, jan(5, "10:00:00")) for c in (1, 2, 3)])
    doc = ds.conversation_history_report(1, START, END, status=status)
    assert ids(doc) == expected
    assert all(row["status"] == (status or row["status"]).lower() for row in doc["results"])


@pytest.mark.parametrize("status", ["spam", "all", "open", "closed,active"])
def test_other_statuses_name_the_status_parameter(family, status):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
    with pytest.raises(BAD_REQUEST) as err:
        ds.conversation_history_report(1, START, END, status=status)
    assert err.value.parameter == "status"


def test_office_hours_count_waits_and_resolve_time_in_office_seconds(family):
    office = {"enabled": True, "timezone": "Europe/London",  # UTC+0 in January
              "schedule": {"monday": [["09:00", "17:00"]]}, "holidays": []}
    ds = family([
        conv(1, jan(5, "16:00:00"), status="closed", closed_at=jan(6, "11:00:00"),
             closed_by=1),
    ], [customer(1, jan(5, "16:00:00")), reply(1, jan(6, "10:00:00"))], office_hours=office)
    on = ds.conversation_history_report(1, START, END, office_hours=True)["results"][0]
    # Mon Jan 5 16:00 -> Tue Jan 6 10:00 / 11:00: only Monday 16:00-17:00 is office time
    assert (on["firstResponseTime"], on["responseTime"], on["resolveTime"]) == (3600,) * 3
    off = ds.conversation_history_report(1, START, END)["results"][0]
    # calendar seconds: 18 h = 64800 to the reply, 19 h = 68400 to the close
    assert (off["firstResponseTime"], off["responseTime"], off["resolveTime"]) == (
        64800, 64800, 68400)


def sortable(family):
    """Conversations: 1 (number 20, one response of 600 s), 2 (no number, 3 replies),
    3 (number 10, resolved in 3600 s), 4 (number 20, 2 replies, resolved in 7200 s)."""
    return family([
        conv(1, number=20), conv(2, number=None),
        conv(3, number=10, status="closed", closed_at=jan(5, "10:00:00"), closed_by=1),
        conv(4, number=20, status="closed", closed_at=jan(5, "11:00:00"), closed_by=1),
    ], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "09:10:00")),
        reply(2, jan(5, "09:10:00")), reply(2, jan(5, "09:20:00")), reply(2, jan(5, "09:30:00")),
        reply(3, jan(5, "09:10:00")),
        reply(4, jan(5, "09:10:00")), reply(4, jan(5, "09:20:00")),
    ])


@pytest.mark.parametrize(("field", "order", "expected"), [
    ("number", "desc", [1, 4, 3, 2]),  # 20 (ids 1, 4), 10, null last
    ("number", "asc", [3, 1, 4, 2]),  # 10, 20 (ids 1, 4), null last
    ("repliesSent", "desc", [2, 4, 1, 3]),  # 3, 2, 1 (ids 1, 3)
    ("repliesSent", "asc", [1, 3, 4, 2]),
    ("resolveTime", "desc", [4, 3, 1, 2]),  # 7200, 3600, nulls (ids 1, 2) last
    ("resolveTime", "asc", [3, 4, 1, 2]),
    ("responseTime", "desc", [1, 2, 3, 4]),  # 600, then zeros by id
    ("responseTime", "asc", [2, 3, 4, 1]),
    ("RESOLVETIME", "Asc", [3, 4, 1, 2]),  # any case
])
def test_sort_nulls_last_ties_by_ascending_id(family, field, order, expected):
    doc = sortable(family).conversation_history_report(1, START, END, sort_field=field,
                                                       sort_order=order)
    assert ids(doc) == expected


def test_default_sort_is_number_descending(family):
    assert ids(sortable(family).conversation_history_report(1, START, END)) == [1, 4, 3, 2]


@pytest.mark.parametrize(("request_", "parameter"), [
    ({"sort_field": "rating"}, "sortField"), ({"sort_field": "modifiedAt"}, "sortField"),
    ({"sort_field": "id"}, "sortField"), ({"sort_order": "down"}, "sortOrder"),
])
def test_bad_sort_names_the_parameter(family, request_, parameter):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
    with pytest.raises(BAD_REQUEST) as err:
        ds.conversation_history_report(1, START, END, **request_)
    assert err.value.parameter == parameter


@pytest.mark.parametrize(("customer_id", "customers"), [
    (None, []),  # no primary customer
    (105, [{"id": 105, "name": None}]),  # not in the customers table
    (101, [{"id": 101, "name": "dee@example.com"}]),  # no names: the email
])
def test_customers_of_a_row(family, customer_id, customers):
    ds = family([conv(1, customer_id=customer_id)], [reply(1, jan(5, "10:00:00"))],
                customers=[customer_row(101, None, None, "dee@example.com")])
    row = ds.conversation_history_report(1, START, END)["results"][0]
    assert row["customers"] == customers


def test_team_rows_are_distinct_conversations_of_members_replies(family):
    ds = family([conv(1), conv(2)], [
        reply(1, jan(5, "10:00:00"), user=1), reply(1, jan(5, "11:00:00"), user=2),
        reply(2, jan(5, "10:00:00"), user=3),  # not a member
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    doc = ds.conversation_history_report(50, START, END)
    assert ids(doc) == [1]  # one row, not one per member
    assert doc["results"][0]["repliesSent"] == 2


def test_replies_sent_add_up_to_total_replies(family):
    ds = sortable(family)
    doc = ds.conversation_history_report(1, START, END)
    # 1 + 3 + 1 + 2 = 7 replies by user 1 in January
    assert sum(row["repliesSent"] for row in doc["results"]) == 7
    assert ds.user_report(1, START, END)["current"]["totalReplies"] == 7
