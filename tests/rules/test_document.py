"""The report document (docs/metrics.md › The document): key order, JSON types, filterTags,
previous/deltas."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import build, conv, customer, jan, rating, reply, report, user_row

FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "fixtures"
                      / "doc-user-report.json").read_text())["response"]
FLOAT_FIELDS = {k for k, v in FIXTURE["current"].items() if type(v) is float}
INT_FIELDS = {k for k, v in FIXTURE["current"].items() if type(v) is int}


def busy():
    """A dataset where every statistic has a value, integral floats included."""
    return build([
        conv(1, status="closed", closed_at=jan(5, "11:00:00"), closed_by=1),
        conv(2, created_by_type="user", created_by_id=1, customer_id=101),
        conv(3, "2014-12-05T09:00:00Z"),
    ], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"), handle_seconds=60),
        reply(2, jan(6, "10:00:00"), handle_seconds=30),
        customer(3, "2014-12-05T09:00:00Z"), reply(3, "2014-12-05T09:10:00Z"),
    ], users=[user_row(1, "John", "Smith", created_at="2010-09-03T15:55:48Z",
                       photo_url="http://example.com/pic.jpg")],
        tags=[(123, "sample-tag")], conversation_tags=[(1, 123)],
        ratings=[rating(1, "great"), rating(3, "bad", "2014-12-06T00:00:00Z")])


def full_report():
    return report(busy(), previous_start="2014-12-01T00:00:00Z",
                  previous_end="2014-12-31T23:59:59Z")


def test_top_level_key_order():
    assert list(full_report()) == list(FIXTURE)  # filterTags, user, current, previous, deltas


def test_user_key_order():
    assert list(full_report()["user"]) == list(FIXTURE["user"])


def test_statistics_key_order():
    doc = full_report()
    assert list(doc["current"]) == list(FIXTURE["current"])
    # lead decision: previous carries busiestDay too, so it has current's keys
    assert list(doc["previous"]) == list(FIXTURE["current"])
    assert list(FIXTURE["previous"]) + ["busiestDay"] == list(FIXTURE["current"])


def test_deltas_key_order():
    assert list(full_report()["deltas"]) == list(FIXTURE["deltas"])


def test_filter_tags_shape():
    doc = full_report()
    assert doc["filterTags"] == [{"id": 123, "name": "sample-tag"}]
    assert [list(t) for t in doc["filterTags"]] == [list(t) for t in FIXTURE["filterTags"]]


def test_ints_are_ints_and_floats_are_floats():
    doc = full_report()
    for part in ("current", "previous"):
        stats = doc[part]
        for name in FLOAT_FIELDS:
            assert type(stats[name]) is float, (part, name)
        for name in INT_FIELDS:
            assert type(stats[name]) is int, (part, name)
    assert doc["current"]["handleTime"] == 45.0  # (60 + 30) / 2, integral but a float
    assert doc["current"]["resolutionTime"] == 7200.0  # 11:00 - 09:00
    assert all(type(v) is float for v in doc["deltas"].values())
    user = doc["user"]
    assert type(user["id"]) is int
    assert type(user["totalCustomersHelped"]) is int
    assert user["totalCustomersHelped"] == 2  # customers 100 and 101 (conv 3 is 100 too)
    assert user["hasPhoto"] is True


def test_previous_statistics_are_for_the_previous_range():
    doc = full_report()
    assert doc["previous"]["startDate"] == "2014-12-01T00:00:00Z"
    assert doc["previous"]["totalReplies"] == 1
    assert doc["previous"]["responseTime"] == 600  # 09:10 - 09:00
    assert doc["previous"]["happinessScore"] == -100.0
    assert doc["previous"]["busiestDay"] == 5  # Friday 2014-12-05
    assert doc["current"]["totalReplies"] == 2


def test_json_round_trip():
    doc = full_report()
    text = json.dumps(doc)
    assert json.loads(text) == doc
    # pairs (1, Mon 5), (2, Mon 5), (2, Tue 6): Monday 2/4 beats Tuesday 1/4
    assert '"busiestDay": 1' in text


def test_no_previous_and_deltas_without_a_previous_range():
    doc = report(busy())
    assert list(doc) == ["filterTags", "user", "current"]
    assert doc["current"]["totalReplies"] == 2


def test_filter_tags_are_every_tag_by_id():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))],
               tags=[(32, "vip"), (30, "billing"), (31, None)], conversation_tags=[(1, 30)])
    doc = report(ds, tags="30")  # a tag filter does not shorten the list
    assert doc["filterTags"] == [{"id": 30, "name": "billing"}, {"id": 31, "name": None},
                                 {"id": 32, "name": "vip"}]


def test_filter_tags_without_a_tags_table_are_the_ids_used():
    ds = build([conv(1), conv(2)], [reply(1, jan(5, "10:00:00"))],
               conversation_tags=[(1, 35), (2, 33), (1, 33)])
    assert report(ds)["filterTags"] == [{"id": 33, "name": None}, {"id": 35, "name": None}]


def test_filter_tags_empty_without_tags():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))])
    assert report(ds)["filterTags"] == []
