"""conversationsCreated (docs/metrics.md › Statistics): conversations U started in R."""

from __future__ import annotations

from .conftest import build, conv, current, jan, reply


def test_counts_user_created_conversations_in_range():
    ds = build([
        conv(1, created_by_type="user", created_by_id=1, created_at=jan(5)),
        conv(2, created_by_type="user", created_by_id=1, created_at=jan(31, "23:59:59")),
        conv(3, created_by_type="user", created_by_id=1, created_at="2014-12-31T23:59:59Z"),
        conv(4, created_by_type="user", created_by_id=2, created_at=jan(5)),
    ])
    # conversations 1 and 2; 3 is before the range, 4 is user 2's
    assert current(ds)["conversationsCreated"] == 2
    assert current(ds, user=2)["conversationsCreated"] == 1


def test_customer_created_conversation_with_the_same_id_does_not_count():
    ds = build([conv(1, created_by_type="customer", created_by_id=1, customer_id=1)],
               [reply(1, jan(5, "10:00:00"))])
    assert current(ds)["conversationsCreated"] == 0


def test_created_is_not_the_first_reply():
    # a customer-started conversation that user 1 answers first is not created by user 1
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))])
    assert current(ds)["conversationsCreated"] == 0


def test_team_counts_each_members_conversations():
    ds = build([
        conv(1, created_by_type="user", created_by_id=1),
        conv(2, created_by_type="user", created_by_id=2),
        conv(3, created_by_type="user", created_by_id=3),
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    assert current(ds, user=50)["conversationsCreated"] == 2
