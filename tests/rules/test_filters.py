"""Filters (docs/data.md › Requests): AND across filters, OR within one; unknown ids
warn and match nothing."""

from __future__ import annotations

import pytest

import reports

from .conftest import build, conv, current, jan, rating, reply


def dataset():
    """Six conversations, each with one reply by user 1 (so totalReplies counts matches).

    id  mailbox  folder  type   tags
    1   1        20      email  30, 31
    2   1        21      chat   32
    3   2        20      phone  -
    4   2        null    email  31
    5   3        null    chat   -
    6   3        21      email  30
    """
    rows = [(1, 1, 20, "email"), (2, 1, 21, "chat"), (3, 2, 20, "phone"),
            (4, 2, None, "email"), (5, 3, None, "chat"), (6, 3, 21, "email")]
    return build(
        [conv(c, mailbox_id=m, folder_id=f, type=t) for c, m, f, t in rows],
        [reply(c, jan(5, "10:00:00")) for c, *_ in rows],
        tags=[(30, "billing"), (31, "bug"), (32, "vip"), (33, "unused")],
        conversation_tags=[(1, 30), (1, 31), (2, 32), (4, 31), (6, 30)],
    )


def replies(**filters):
    return current(dataset(), **filters)["totalReplies"]


def test_no_filter_counts_everything():
    assert replies() == 6


@pytest.mark.parametrize(("value", "expected"), [
    ("1", 2),  # 1, 2
    ("1,2", 4),  # OR within: 1, 2, 3, 4
    ([3], 2),  # 5, 6
    ("1, 3", 4),
])
def test_mailboxes(value, expected):
    assert replies(mailboxes=value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("30", 2),  # 1, 6
    ("31", 2),  # 1, 4
    ("30,31", 3),  # any tag: 1, 4, 6 (1 once, though it has both)
    ("32,30", 3),  # 1, 2, 6
    ("33", 0),  # a known tag no conversation has
])
def test_tags_match_any_tag(value, expected):
    assert replies(tags=value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("email", 3),  # 1, 4, 6
    ("chat", 2),  # 2, 5
    ("chat,phone", 3),  # 2, 3, 5
    ("email,chat,phone", 6),
])
def test_types(value, expected):
    assert replies(types=value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("20", 2),  # 1, 3
    ("21", 2),  # 2, 6
    ("20,21", 4),  # conversations without a folder (4, 5) never match
])
def test_folders(value, expected):
    assert replies(folders=value) == expected


def test_filters_combine_with_and():
    assert replies(mailboxes="1,2", types="email") == 2  # {1,2,3,4} & {1,4,6} = {1, 4}
    assert replies(mailboxes="1,2", types="email", folders="20") == 1  # {1, 4} & {1, 3}
    assert replies(tags="31", folders="21") == 0  # {1, 4} & {2, 6}
    assert replies(mailboxes="3", tags="30,32", types="email,chat") == 1  # {5,6} & ... = {6}


@pytest.mark.parametrize("name", ["mailboxes", "tags", "folders"])
def test_unknown_ids_warn_and_match_nothing(name):
    with pytest.warns(reports.ReportsWarning, match=name):
        assert replies(**{name: "99"}) == 0


def test_unknown_id_beside_known_ones_warns_and_only_known_ones_match():
    with pytest.warns(reports.ReportsWarning, match="99"):
        assert replies(mailboxes="1,99") == 2


def test_filters_apply_to_every_statistic():
    ds = build([
        conv(1, mailbox_id=1, customer_id=100, status="closed", closed_at=jan(5, "11:00:00"),
             closed_by=1),
        conv(2, mailbox_id=2, customer_id=101, status="closed", closed_at=jan(5, "11:00:00"),
             closed_by=1, created_by_type="user", created_by_id=1),
    ], [reply(1, jan(5, "10:00:00")), reply(2, jan(5, "10:00:00"))],
        ratings=[rating(1, "great"), rating(2, "bad")])
    stats = current(ds, mailboxes="1")
    assert stats["totalConversations"] == 1
    assert stats["totalReplies"] == 1
    assert stats["closed"] == 1
    assert stats["resolved"] == 1
    assert stats["customersHelped"] == 1
    assert stats["conversationsCreated"] == 0  # conversation 2 is filtered out
    assert stats["happinessScore"] == 100.0  # only the great rating of conversation 1
