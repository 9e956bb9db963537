"""The `user` object (docs/metrics.md › The document)."""

from __future__ import annotations

import pytest

from .conftest import build, conv, customer, jan, note, reply, report, user_row


def user_object(users, uid=1, **kw):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), user=uid)], users=users, **kw)
    return report(ds, user=uid)["user"]


@pytest.mark.parametrize(("first", "last", "name"), [
    ("John", "Smith", "John Smith"),
    ("John", None, "John"),
    (None, "Smith", "Smith"),
    ("", "Smith", "Smith"),
    ("John", "", "John"),
    (None, None, None),
    ("", "", None),
])
def test_name_joins_the_non_empty_parts(first, last, name):
    assert user_object([user_row(1, first, last)])["name"] == name


def test_id_is_the_requested_id():
    obj = user_object([user_row(4, "John", "Smith")], uid=4)
    assert obj["id"] == 4
    assert type(obj["id"]) is int


def test_photo():
    obj = user_object([user_row(1, photo_url="http://example.com/pic.jpg")])
    assert obj["hasPhoto"] is True
    assert obj["photoUrl"] == "http://example.com/pic.jpg"


@pytest.mark.parametrize("url", [None, ""])
def test_no_photo(url):
    obj = user_object([user_row(1, photo_url=url)])
    assert obj["hasPhoto"] is False
    if url is None:
        assert obj["photoUrl"] is None


@pytest.mark.parametrize(("created", "expected"), [
    ("2010-09-03T15:55:48Z", "2010-09-03T15:55:48Z"),  # the documented example
    ("2010-09-03T15:55:48.750Z", "2010-09-03T15:55:48Z"),  # whole seconds
    ("2010-09-03T17:55:48+02:00", "2010-09-03T15:55:48Z"),  # to UTC
    (None, None),
])
def test_created_at_format(created, expected):
    assert user_object([user_row(1, created_at=created)])["createdAt"] == expected


def test_user_known_only_from_threads_has_null_details():
    obj = user_object([], uid=7)
    assert obj == {"id": 7, "hasPhoto": False, "createdAt": None, "name": None,
                   "totalCustomersHelped": 1, "photoUrl": None}


def test_team_object():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))],
               teams=[{"id": 50, "name": "Support", "created_at": "2012-05-01T08:00:00Z",
                       "photo_url": "http://example.com/team.png"},
                      {"id": 51, "name": None}],
               team_members=[(50, 1)])
    obj = report(ds, user=50)["user"]
    assert obj == {"id": 50, "hasPhoto": True, "createdAt": "2012-05-01T08:00:00Z",
                   "name": "Support", "totalCustomersHelped": 1,
                   "photoUrl": "http://example.com/team.png"}
    unnamed = report(ds, user=51)["user"]
    assert unnamed["name"] is None
    assert unnamed["hasPhoto"] is False
    assert unnamed["totalCustomersHelped"] == 0


def helped_dataset():
    return build([
        conv(1, "2013-06-01T09:00:00Z", customer_id=100),  # replied long before the range
        conv(2, customer_id=101, mailbox_id=2),  # replied in the range
        conv(3, customer_id=101),  # same customer again
        conv(4, customer_id=102, status="spam"),
        conv(5, customer_id=103, state="deleted"),
        conv(6, customer_id=104, state="draft"),
        conv(7, customer_id=105),  # only a note
        conv(8, customer_id=None),  # no customer
        conv(9, customer_id=106),  # replied by user 2 (team mate)
        conv(10, customer_id=107),  # a hidden reply only
        conv(11, customer_id=108, status="closed", closed_at=jan(5, "12:00:00"), closed_by=1),
    ], [
        reply(1, "2013-06-01T10:00:00Z"), reply(2, jan(5, "10:00:00")),
        reply(3, "2016-01-01T10:00:00Z"), reply(4, jan(5, "10:00:00")),
        reply(5, jan(5, "10:00:00")), reply(6, jan(5, "10:00:00")),
        note(7, jan(5, "10:00:00")), reply(8, jan(5, "10:00:00")),
        reply(9, jan(5, "10:00:00"), user=2), reply(10, jan(5, "10:00:00"), state="hidden"),
        customer(11, jan(5, "11:00:00")),  # closed by user 1 but never replied to
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])


def test_total_customers_helped_ignores_range_and_filters():
    ds = helped_dataset()
    # user 1 replied to conversations 1, 2, 3, 8 (+ spam/deleted/draft ones):
    # customers {100, 101}; 8 has none; 4, 5, 6 are ineligible -> 2
    far = report(ds, user=1, start="2020-01-01T00:00:00Z", end="2020-01-31T23:59:59Z",
                 mailboxes="2", types="chat")
    assert far["user"]["totalCustomersHelped"] == 2
    assert far["current"]["customersHelped"] == 0  # the range does apply here


def test_team_total_customers_helped_is_distinct_across_members():
    ds = helped_dataset()
    # user 1: {100, 101}; user 2: {106} -> 3
    assert report(ds, user=50)["user"]["totalCustomersHelped"] == 3
