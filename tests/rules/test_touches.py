"""Touches (docs/metrics.md › Events) and totalConversations, conversationsPerDay
(docs/metrics.md › Statistics)."""

from __future__ import annotations

import pytest

from .conftest import TOTAL_DAYS, build, conv, current, customer, jan, reply, thread


@pytest.mark.parametrize("kind", ["reply", "note", "lineitem", "forwardparent",
                                  "forwardchild", "chat", "phone", "customer"])
def test_any_visible_thread_by_the_user_is_a_touch(kind):
    ds = build([conv(1), conv(2)], [reply(1, jan(5, "10:00:00"), type=kind)])
    assert current(ds)["totalConversations"] == 1


@pytest.mark.parametrize("state", ["hidden", "draft", "review", "underreview"])
def test_invisible_thread_is_not_a_touch(state):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), type="note", state=state)])
    assert current(ds)["totalConversations"] == 0


def test_published_state_is_visible():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), state="published")])
    assert current(ds)["totalConversations"] == 1


def test_creating_a_conversation_is_a_touch():
    ds = build([conv(1, created_by_type="user", created_by_id=1, created_at=jan(5))])
    assert current(ds)["totalConversations"] == 1


def test_closing_is_a_touch():
    ds = build([conv(1, status="closed", closed_at=jan(5, "12:00:00"), closed_by=1)])
    assert current(ds)["totalConversations"] == 1


def test_same_id_as_a_customer_or_other_author_is_not_a_touch():
    ds = build([conv(1), conv(2, created_by_type="customer", created_by_id=1)], [
        thread(1, jan(5, "10:00:00"), "customer", "customer", 1),  # customer no. 1
        thread(1, jan(5, "10:05:00"), "lineitem", "other", 1),  # "other" author no. 1
    ])
    assert current(ds, user=1)["totalConversations"] == 0


def test_touches_are_counted_once_per_conversation():
    ds = build([conv(1, created_by_type="user", created_by_id=1), conv(2)], [
        reply(1, jan(5, "10:00:00")), reply(1, jan(5, "11:00:00"), type="note"),
        reply(1, jan(6, "10:00:00")), reply(2, jan(6, "10:00:00")),
    ])
    assert current(ds)["totalConversations"] == 2


def test_touch_time_must_be_in_range():
    ds = build([
        conv(1, created_at="2014-12-20T09:00:00Z"),
        conv(2),
        conv(3, created_by_type="user", created_by_id=1, created_at="2014-12-31T23:59:59Z"),
        conv(4, status="closed", closed_at="2015-02-01T00:00:00Z", closed_by=1),
    ], [
        reply(1, "2014-12-20T10:00:00Z"),  # before
        reply(2, "2015-02-01T00:00:00Z"),  # after
    ])
    assert current(ds)["totalConversations"] == 0


def test_customer_activity_in_range_does_not_make_an_old_touch_count():
    ds = build([conv(1, created_at="2014-12-20T09:00:00Z")], [
        reply(1, "2014-12-20T10:00:00Z"),
        customer(1, jan(5, "10:00:00")),
    ])
    assert current(ds)["totalConversations"] == 0


def test_conversations_per_day():
    ds = build([conv(1), conv(2), conv(3)],
               [reply(c, jan(5, "10:00:00"), type="note") for c in (1, 2, 3)])
    stats = current(ds)
    assert stats["totalConversations"] == 3
    assert stats["conversationsPerDay"] == 3 / TOTAL_DAYS  # 3 / 30 = 0.1
    assert type(stats["conversationsPerDay"]) is float


def test_team_touches_are_distinct_across_members():
    ds = build([conv(1), conv(2)], [
        reply(1, jan(5, "10:00:00"), user=1), reply(1, jan(5, "11:00:00"), user=2),
        reply(2, jan(5, "10:00:00"), user=2),
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    # user 1: {1}; user 2: {1, 2}; team: {1, 2} = 2, not 1 + 2 = 3
    assert current(ds, user=50)["totalConversations"] == 2
