"""Deltas (docs/metrics.md › Deltas): percent change, points for happinessScore, 0.0 when
previous is 0."""

from __future__ import annotations

import json
from pathlib import Path

from reports._document import deltas

from .conftest import build, conv, current, jan, rating, reply, report

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "doc-user-report.json"
DELTA_ORDER = [
    "totalConversations", "customersHelped", "happinessScore", "repliesPerDay",
    "resolvedOnFirstReply", "handleTime", "conversationsPerDay", "resolved",
    "repliesToResolve", "activeConversations", "totalReplies", "closed", "responseTime",
    "resolutionTime", "conversationsCreated",
]
DEC_START, DEC_END = "2014-12-01T00:00:00Z", "2014-12-31T23:59:59Z"  # also 30 days


def dec(day, clock="09:00:00"):
    return f"2014-12-{day:02d}T{clock}Z"


def two_months():
    """January: 3 conversations replied to by user 1, one created by them, one great
    rating. December: 2 conversations replied to, one closed by user 1; ratings great,
    great, bad."""
    return build([
        conv(1, jan(5), created_by_type="user", created_by_id=1), conv(2, jan(5)),
        conv(3, jan(5)),
        conv(11, dec(5), status="closed", closed_at=dec(5, "12:00:00"), closed_by=1),
        conv(12, dec(5)),
    ], [
        reply(1, jan(5, "10:00:00")), reply(2, jan(5, "10:00:00")),
        reply(3, jan(5, "10:00:00")), reply(11, dec(5, "10:00:00")),
        reply(12, dec(5, "10:00:00")),
    ], ratings=[rating(1, "great", jan(6)), rating(11, "great", dec(6)),
                rating(11, "great", dec(6)), rating(12, "bad", dec(6))])


def test_deltas_of_a_hand_built_pair_of_months():
    doc = report(two_months(), previous_start=DEC_START, previous_end=DEC_END)
    d = doc["deltas"]
    assert d["totalReplies"] == 50.0  # (3 / 2 - 1) * 100
    assert d["totalConversations"] == 50.0  # (3 / 2 - 1) * 100
    assert d["repliesPerDay"] == ((3 / 30) / (2 / 30) - 1) * 100
    # points, not percent: 100 - (2/3*100 - 1/3*100)
    assert d["happinessScore"] == 100.0 - (2 / 3 * 100 - 1 / 3 * 100)
    assert d["conversationsCreated"] == 0.0  # previous 0 (current 1): 0.0, not infinity
    assert d["closed"] == -100.0  # (0 / 1 - 1) * 100
    # conversation 11 was resolved (replied, then closed) in December only
    assert d["resolved"] == -100.0  # (0 / 1 - 1) * 100
    assert d["resolvedOnFirstReply"] == -100.0
    assert list(d) == DELTA_ORDER


def test_previous_zero_gives_zero():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))])
    d = report(ds, previous_start=DEC_START, previous_end=DEC_END)["deltas"]
    # nothing at all in December: every delta is 0.0, happiness 0 - 0 = 0.0
    assert d == dict.fromkeys(DELTA_ORDER, 0.0)
    assert all(type(v) is float for v in d.values())


def test_happiness_delta_is_in_points():
    ds = build([conv(1, jan(5)), conv(2, dec(5))], [reply(1, jan(5, "10:00:00"))],
               ratings=[rating(1, "great", jan(6)), rating(2, "great", dec(6)),
                        rating(2, "bad", dec(7)), rating(2, "ok", dec(7)),
                        rating(2, "ok", dec(7))])
    # January 100.0; December 1/4*100 - 1/4*100 = 0.0 -> 100.0 points (percent would be 0.0)
    d = report(ds, previous_start=DEC_START, previous_end=DEC_END)["deltas"]
    assert d["happinessScore"] == 100.0
    # and a drop is negative: December vs January as current
    d = report(ds, start=DEC_START, end=DEC_END, previous_start=jan(1, "00:00:00"),
               previous_end=jan(31, "23:59:59"))["deltas"]
    assert d["happinessScore"] == -100.0


def test_active_conversations_is_the_total_conversations_delta():
    doc = report(two_months(), previous_start=DEC_START, previous_end=DEC_END)
    assert doc["deltas"]["activeConversations"] == doc["deltas"]["totalConversations"] == 50.0


def test_deltas_follow_from_current_and_previous():
    doc = report(two_months(), previous_start=DEC_START, previous_end=DEC_END)
    c, p = doc["current"], doc["previous"]
    assert (c["totalReplies"], p["totalReplies"]) == (3, 2)
    assert (c["closed"], p["closed"]) == (0, 1)
    for name in DELTA_ORDER:
        src = "totalConversations" if name == "activeConversations" else name
        if name == "happinessScore":
            expected = c[src] - p[src]
        else:
            expected = 0.0 if p[src] == 0 else (c[src] / p[src] - 1) * 100
        assert doc["deltas"][name] == expected, name


def test_documented_example_bit_for_bit():
    fixture = json.loads(FIXTURE.read_text())["response"]
    got = deltas(fixture["current"], fixture["previous"])
    assert list(got) == list(fixture["deltas"])
    for name, value in fixture["deltas"].items():
        assert repr(got[name]) == repr(value), name  # e.g. 45.000000000000014
    assert got == fixture["deltas"]


def test_no_deltas_without_a_previous_range():
    doc = report(two_months())
    assert "deltas" not in doc
    assert current(two_months())["totalReplies"] == 3
