"""User replies (docs/metrics.md › Events) and totalReplies, repliesPerDay, handleTime,
customersHelped (docs/metrics.md › Statistics)."""

from __future__ import annotations

import pytest

from .conftest import TOTAL_DAYS, build, conv, current, customer, jan, note, reply, thread


@pytest.mark.parametrize("kind", ["reply", "message", "MESSAGE", "Reply", "chat", "phone"])
def test_reply_types_count(kind):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), type=kind)])
    assert current(ds)["totalReplies"] == 1


@pytest.mark.parametrize("kind", ["note", "lineitem", "forwardparent", "forwardchild",
                                  "beaconchat", "customer"])
def test_other_thread_types_are_not_replies(kind):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), type=kind)])
    stats = current(ds)
    assert stats["totalReplies"] == 0
    assert stats["totalConversations"] == 1  # still a touch


@pytest.mark.parametrize("state", ["draft", "hidden", "review", "underreview"])
def test_invisible_replies_do_not_count(state):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), state=state),
                           reply(1, jan(5, "11:00:00"))])
    assert current(ds)["totalReplies"] == 1  # only the published one


@pytest.mark.parametrize("state", [None, "published", "PUBLISHED"])
def test_published_replies_count(state):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), state=state)])
    assert current(ds)["totalReplies"] == 1


@pytest.mark.parametrize("author", ["customer", "other", None])
def test_reply_not_written_by_a_user_is_not_a_user_reply(author):
    ds = build([conv(1)], [thread(1, jan(5, "10:00:00"), "reply", author, 1)])
    assert current(ds)["totalReplies"] == 0


def test_replies_are_counted_per_reply_not_per_conversation():
    ds = build([conv(1), conv(2)], [
        reply(1, jan(5, "10:00:00")), reply(1, jan(5, "11:00:00")),
        reply(2, jan(6, "10:00:00")), note(2, jan(6, "11:00:00")),
        reply(2, jan(6, "12:00:00"), user=2),  # another user's
        reply(2, "2015-02-01T00:00:00Z"),  # after the range
    ])
    stats = current(ds)
    assert stats["totalReplies"] == 3
    assert stats["repliesPerDay"] == 3 / TOTAL_DAYS  # 3 / 30


def test_replies_per_day_of_the_documented_example():
    ds = build([conv(1)], [reply(1, jan(1 + i % 30, "10:00:00")) for i in range(58)])
    stats = current(ds)
    assert stats["totalReplies"] == 58
    assert stats["repliesPerDay"] == 1.9333333333333333  # the doc's 58 / 30


def test_team_replies_are_every_members_replies():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), user=1),
                           reply(1, jan(5, "11:00:00"), user=2),
                           reply(1, jan(5, "12:00:00"), user=3)],
               teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    assert current(ds, user=50)["totalReplies"] == 2  # two replies, one conversation


def test_handle_time_is_the_mean_over_replies_that_have_one():
    ds = build([conv(1)], [
        reply(1, jan(5, "10:00:00"), handle_seconds=60),
        reply(1, jan(5, "11:00:00"), handle_seconds=91),
        reply(1, jan(5, "12:00:00")),  # no handle time: not in the mean
        note(1, jan(5, "13:00:00"), handle_seconds=1000),  # not a reply
        reply(1, jan(5, "14:00:00"), user=2, handle_seconds=500),  # not user 1's
        reply(1, "2015-02-01T10:00:00Z", handle_seconds=700),  # not in range
    ])
    value = current(ds)["handleTime"]
    assert value == 75.5  # (60 + 91) / 2
    assert type(value) is float


def test_handle_time_is_zero_without_handle_seconds():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))])
    assert current(ds)["handleTime"] == 0.0


def test_customers_helped_are_distinct_customers_of_replied_conversations():
    ds = build([
        conv(1, customer_id=100), conv(2, customer_id=100), conv(3, customer_id=101),
        conv(4, customer_id=None),  # no customer
        conv(5, customer_id=102),  # only a note
        conv(6, customer_id=103),  # replied after the range
    ], [
        reply(1, jan(5, "10:00:00")), reply(2, jan(5, "10:00:00")),
        reply(3, jan(5, "10:00:00")), reply(4, jan(5, "10:00:00")),
        note(5, jan(5, "10:00:00")), reply(6, "2015-02-01T10:00:00Z"),
    ])
    assert current(ds)["customersHelped"] == 2  # {100, 101}


def test_customers_helped_uses_the_conversations_customer():
    ds = build([conv(1, customer_id=None), conv(2, customer_id=101)], [
        customer(1, jan(5, "09:00:00"), customer=105),  # a thread customer, not the primary
        reply(1, jan(5, "10:00:00")),
        customer(2, jan(5, "09:00:00"), customer=106),
        reply(2, jan(5, "10:00:00")),
    ])
    # conversation 1 has no customer_id; conversation 2's is 101 -> {101} = 1
    assert current(ds)["customersHelped"] == 1


def test_team_customers_helped_are_distinct_across_members():
    ds = build([conv(1, customer_id=100), conv(2, customer_id=100), conv(3, customer_id=101)], [
        reply(1, jan(5, "10:00:00"), user=1), reply(2, jan(5, "10:00:00"), user=2),
        reply(3, jan(5, "10:00:00"), user=2),
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    # user 1: {100}; user 2: {100, 101}; team: {100, 101} = 2 (not 3)
    assert current(ds, user=50)["customersHelped"] == 2


def test_handle_time_mean_is_an_exact_integer_sum_over_the_count():
    ds = build([conv(1)], [reply(1, jan(5, f"10:0{i}:00"), handle_seconds=h)
                           for i, h in enumerate((1, 1, 3))])
    # 5 / 3 = 1.6666666666666667 (summing 1/3 + 1/3 + 3/3 would give ...665)
    assert current(ds)["handleTime"] == 5 / 3


def test_handle_seconds_keep_their_fraction():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), handle_seconds=512.31)])
    assert current(ds)["handleTime"] == 512.31  # 512310000 µs / 1 reply


def test_handle_time_is_the_exact_mean_of_microseconds():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), handle_seconds=0.1),
                           reply(1, jan(5, "11:00:00"), handle_seconds=0.2)])
    # (100000 + 200000) µs / 2 = 150000 µs = 0.15 s; adding the floats first would give
    # (0.1 + 0.2) / 2 = 0.15000000000000002
    assert current(ds)["handleTime"] == 0.15


@pytest.mark.parametrize(("handle", "expected"), [
    (2.0000004, 2.0),  # 2000000.4 µs rounds to 2000000 µs
    (2.0000006, 2.000001),  # 2000000.6 µs rounds to 2000001 µs
    (900, 900.0),  # whole seconds stay whole
])
def test_handle_seconds_round_to_the_microsecond(handle, expected):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), handle_seconds=handle)])
    assert current(ds)["handleTime"] == expected
