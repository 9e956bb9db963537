"""Eligible conversations (docs/metrics.md › Which conversations count): spam, deleted and draft
conversations count nowhere."""

from __future__ import annotations

import pytest

from .conftest import build, conv, current, customer, jan, rating, reply


def scenario(**second):
    """Two conversations of user 1 with the same kinds of events; the second one varies.

    Conversation 1 (customer 100): created by user 1 at 08:00, customer writes 09:00,
    user 1 replies 10:00 (handle 60 s), closed by user 1 at 11:00, rated great.
    Conversation 2 (customer 101): created by user 1 at 08:00, customer writes 09:00,
    user 1 replies 09:10 (handle 120 s), closed by user 1 at 09:30, rated bad.
    """
    common = {"created_by_type": "user", "created_by_id": 1, "status": "closed",
              "closed_by": 1}
    return build([
        conv(1, jan(5, "08:00:00"), customer_id=100, closed_at=jan(5, "11:00:00"), **common),
        conv(2, jan(5, "08:00:00"), customer_id=101, closed_at=jan(5, "09:30:00"),
             **(common | second)),
    ], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"), handle_seconds=60),
        customer(2, jan(5, "09:00:00"), customer=101),
        reply(2, jan(5, "09:10:00"), handle_seconds=120),
    ], ratings=[rating(1, "great"), rating(2, "bad")])


@pytest.mark.parametrize("second", [
    {"status": "spam"}, {"status": "SPAM"}, {"state": "deleted"}, {"state": "Deleted"},
    {"state": "draft"},
])
def test_ineligible_conversation_counts_nowhere(second):
    stats = current(scenario(**second))
    # only conversation 1 is left
    assert stats["totalConversations"] == 1
    assert stats["conversationsCreated"] == 1
    assert stats["totalReplies"] == 1
    assert stats["closed"] == 1
    assert stats["resolved"] == 1
    assert stats["customersHelped"] == 1
    assert stats["responseTime"] == 3600  # 10:00 - 09:00
    assert stats["handleTime"] == 60.0
    assert stats["resolutionTime"] == 10800.0  # 11:00 - 08:00
    assert stats["happinessScore"] == 100.0  # 1 great of 1
    assert stats["busiestDay"] == 1  # Monday Jan 5


@pytest.mark.parametrize("second", [{"state": None}, {"state": "published"},
                                    {"state": "PUBLISHED"}])
def test_published_conversations_count(second):
    stats = current(scenario(**second))
    assert stats["totalConversations"] == 2
    assert stats["conversationsCreated"] == 2
    assert stats["totalReplies"] == 2
    assert stats["closed"] == 2
    assert stats["resolved"] == 2
    assert stats["customersHelped"] == 2
    assert stats["responseTime"] == 2100  # (3600 + 600) / 2
    assert stats["handleTime"] == 90.0  # (60 + 120) / 2
    assert stats["resolutionTime"] == 8100.0  # (10800 + 5400) / 2; 09:30 - 08:00 = 5400
    # great 1, not_good 1 of n = 2: 50 - 50
    assert stats["happinessScore"] == 0.0


@pytest.mark.parametrize("status", ["active", "pending", "Pending"])
def test_open_conversations_are_eligible(status):
    ds = build([conv(1, status=status)], [reply(1, jan(5, "10:00:00"))])
    assert current(ds)["totalReplies"] == 1
