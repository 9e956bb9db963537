"""Drill-down (docs/family.md › Drill-down): the conversations U touched in the range,
newest touch first."""

from __future__ import annotations

import pytest

from .conftest import END, START, conv, customer, customer_row, jan, note, reply, thread

ROW_KEYS = ["id", "number", "type", "mailboxid", "attachments", "subject", "status",
            "threadCount", "preview", "customerName", "customerEmail", "customerIds",
            "modifiedAt", "assignedid", "assignedName", "tags"]


def results(doc):
    return doc["conversations"]["results"]


def ids(doc):
    return [row["id"] for row in results(doc)]


def test_a_row_in_full(family):
    ds = family([
        conv(1, number=501, mailbox_id=3, status="Pending", subject="Refund please",
             preview="I was charged twice", has_attachments=True,
             modified_at="2015-01-07T08:00:00.5Z", assignee_id=2),
    ], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00")),
        note(1, jan(5, "11:00:00")),
        thread(1, jan(5, "12:00:00"), "lineitem", "user", 1),  # not counted
        reply(1, jan(5, "13:00:00"), state="hidden"),  # not visible: not counted
    ], customers=[customer_row(100, "Cat", "Ng", "cat@example.com")],
        tags=[(31, "vip", "red"), (30, "bug")], conversation_tags=[(1, 31), (1, 30), (1, 31)])
    doc = ds.drilldown_report(1, START, END)
    assert list(doc) == ["conversations"]
    assert list(doc["conversations"]) == ["count", "page", "pages", "results"]
    row = results(doc)[0]
    assert list(row) == ROW_KEYS
    assert row == {
        "id": 1, "number": 501, "type": "email", "mailboxid": 3, "attachments": True,
        "subject": "Refund please", "status": "pending",
        "threadCount": 3,  # customer, reply, note
        "preview": "I was charged twice", "customerName": "Cat Ng",
        "customerEmail": "cat@example.com", "customerIds": [100],
        "modifiedAt": "2015-01-07T08:00:00Z",  # modified_at, truncated to the second
        "assignedid": 2, "assignedName": "Bob Ray",
        # distinct, by id; tag 30 has no colour
        "tags": [{"id": 30, "name": "bug", "color": "none"},
                 {"id": 31, "name": "vip", "color": "red"}],
    }


def test_newest_touch_first_ties_by_descending_id(family):
    ds = family([
        conv(1), conv(2), conv(3, status="closed", closed_at=jan(7, "12:00:00"), closed_by=1),
        conv(4, jan(5, "11:00:00"), created_by_type="user", created_by_id=1), conv(5),
        conv(6),
    ], [
        reply(1, jan(5, "10:00:00")), note(1, "2015-02-02T10:00:00Z"),  # latest in range 5th
        note(2, jan(6, "09:00:00")),
        reply(3, jan(5, "09:30:00")),  # and closed by user 1 on the 7th
        note(5, jan(6, "09:00:00")),  # the same instant as conversation 2
        reply(6, jan(8, "09:00:00"), user=2),  # user 2 only
    ])
    doc = ds.drilldown_report(1, START, END)
    # latest touches: 3 Jan 7 12:00 (close), 5 and 2 Jan 6 09:00 (tie: 5 first),
    # 4 Jan 5 11:00 (created by user 1), 1 Jan 5 10:00 (the Feb note is outside)
    assert ids(doc) == [3, 5, 2, 4, 1]
    assert doc["conversations"]["count"] == 5
    assert ds.user_report(1, START, END)["current"]["totalConversations"] == 5


@pytest.mark.parametrize(("conversation", "threads", "expected"), [
    # no modified_at: the latest of created_at, closed_at and every thread, hidden too
    (conv(1, status="closed", closed_at=jan(8, "10:00:00")),
     [reply(1, jan(5, "10:00:00")), reply(1, jan(9, "08:00:00"), state="hidden")],
     "2015-01-09T08:00:00Z"),
    (conv(1, status="closed", closed_at=jan(8, "10:00:00")), [reply(1, jan(5, "10:00:00"))],
     "2015-01-08T10:00:00Z"),
    (conv(1, jan(5, "09:00:00"), created_by_type="user", created_by_id=1), [],
     "2015-01-05T09:00:00Z"),
    # modified_at wins even when a thread is later
    (conv(1, modified_at=jan(1, "10:00:00")), [reply(1, jan(5, "10:00:00"))],
     "2015-01-01T10:00:00Z"),
])
def test_modified_at(family, conversation, threads, expected):
    ds = family([conversation], threads)
    assert results(ds.drilldown_report(1, START, END))[0]["modifiedAt"] == expected


def test_thread_count_is_visible_threads_other_than_line_items(family):
    ds = family([conv(1)], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00")),
        note(1, jan(5, "10:10:00")), thread(1, jan(5, "10:20:00"), "forwardparent", "user", 1),
        thread(1, jan(5, "10:30:00"), "chat", "customer", 100, state="Published"),
        thread(1, jan(5, "10:40:00"), "lineitem", "user", 1),
        reply(1, jan(5, "10:50:00"), state="draft"), note(1, jan(5, "11:00:00"), state="hidden"),
        thread(1, jan(5, "11:10:00"), "note", "other", None),
    ])
    # customer, reply, note, forwardparent, chat, the note by someone else = 6
    assert results(ds.drilldown_report(1, START, END))[0]["threadCount"] == 6


@pytest.mark.parametrize(("assignee", "assignedid", "name"), [
    (None, 0, None), (0, 0, None), (7, 7, None), (3, 3, "Cy Dunn"),
])
def test_assignee(family, assignee, assignedid, name):
    ds = family([conv(1, assignee_id=assignee)], [reply(1, jan(5, "10:00:00"))])
    row = results(ds.drilldown_report(1, START, END))[0]
    assert (row["assignedid"], row["assignedName"]) == (assignedid, name)


@pytest.mark.parametrize(("customer_id", "name", "email", "customer_ids"), [
    (100, "Cat", "cat@example.com", [100]),  # first name only
    (101, "dee@example.com", "dee@example.com", [101]),  # no names: the email
    (102, None, None, [102]),  # neither names nor email ("" is none)
    (105, None, None, [105]),  # not in the customers table
    (None, None, None, []),  # no primary customer
])
def test_customer_fields(family, customer_id, name, email, customer_ids):
    ds = family([conv(1, customer_id=customer_id)], [reply(1, jan(5, "10:00:00"))],
                customers=[customer_row(100, "Cat", None, "cat@example.com"),
                           customer_row(101, "", None, "dee@example.com"),
                           customer_row(102, None, "", "")])
    row = results(ds.drilldown_report(1, START, END))[0]
    assert (row["customerName"], row["customerEmail"], row["customerIds"]) == (
        name, email, customer_ids)


def test_unknown_descriptive_values_are_null(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])  # no subject/preview/... columns
    row = results(ds.drilldown_report(1, START, END))[0]
    assert (row["number"], row["attachments"], row["subject"], row["preview"]) == (
        None, None, None, None)
    assert row["tags"] == []


def test_a_tag_missing_from_the_tags_table_has_no_name_and_no_colour(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], tags=[(30, "bug", "green")],
                conversation_tags=[(1, 32), (1, 30)])
    assert results(ds.drilldown_report(1, START, END))[0]["tags"] == [
        {"id": 30, "name": "bug", "color": "green"}, {"id": 32, "name": None, "color": "none"}]


def test_only_eligible_conversations_matching_the_filters(family):
    ds = family([conv(1), conv(2, status="spam"), conv(3, state="deleted"),
                 conv(4, type="chat")], [reply(c, jan(5, "10:00:00")) for c in (1, 2, 3, 4)])
    assert ids(ds.drilldown_report(1, START, END)) == [4, 1]  # same touch time: id desc
    assert ids(ds.drilldown_report(1, START, END, types=["chat"])) == [4]


def test_team_rows_are_distinct_conversations_by_the_latest_member_touch(family):
    ds = family([conv(1), conv(2)], [
        note(1, jan(5, "10:00:00"), user=1), note(1, jan(8, "10:00:00"), user=2),
        note(2, jan(6, "10:00:00"), user=1),
        note(2, jan(9, "10:00:00"), user=3),  # not a member
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    # 1: latest member touch Jan 8 (user 2); 2: Jan 6 (user 3's Jan 9 does not count)
    doc = ds.drilldown_report(50, START, END)
    assert ids(doc) == [1, 2]
    assert doc["conversations"]["count"] == 2
