"""Happiness (docs/family.md › Happiness): rating counts and shares, customers with
ratings, deltas."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import END, START, conv, jan, note, rating, reply

FIXTURE = json.loads((Path(__file__).resolve().parents[1] / "fixtures"
                      / "doc-user-happiness.json").read_text())["response"]
KEYS = ["ratingsPercent", "okay", "great", "happinessScore", "okayCount",
        "totalCustomersWithRatings", "notGoodCount", "ratingsCount", "notGood", "greatCount",
        "totalCustomers"]
DELTA_KEYS = ["okay", "great", "okayCount", "happinessScore", "notGoodCount", "notGood",
              "greatCount"]
PREVIOUS = {"previous_start": "2014-01-01T00:00:00Z", "previous_end": "2014-01-31T23:59:59Z"}


def assert_exact(actual, expected):
    """Same keys, same JSON types, equal values (floats bit for bit)."""
    assert sorted(actual) == sorted(expected)
    for key, value in expected.items():
        assert type(actual[key]) is type(value), key
        assert actual[key] == value, key


def january(year, conversations, ratings, raters):
    """January of `year`: user 1 replies once to each of `conversations` conversations,
    each with a customer of its own; `ratings` of user 1 on the first one, by `raters`
    distinct customers in turn."""
    convs, threads, rated = [], [], []
    for i in range(conversations):
        cid = year * 10000 + i
        convs.append(conv(cid, f"{year}-01-05T09:00:00Z", customer_id=100_000_000 + cid))
        threads.append(reply(cid, f"{year}-01-05T10:00:00Z"))
    for k, value in enumerate(ratings):
        rated.append(rating(year * 10000, value, f"{year}-01-06T09:00:00Z",
                            customer=200_000_000 + year * 10000 + k % raters))
    return convs, threads, rated


def test_the_documented_example_bit_for_bit(family):
    # January 2015: 109 conversations with distinct customers replied to by user 1
    # (totalCustomers 109); 41 great + 34 okay + 35 not good = 110 ratings by 39 distinct
    # customers. January 2014: 3019 customers helped; 340 + 392 + 342 = 1074 ratings by
    # 967 customers. Worked out: current great 41/110*100 = 37.27272727272727, okay
    # 34/110*100 = 30.909090909090907, notGood 35/110*100 = 31.818181818181817,
    # happinessScore 37.27...27 - 31.81...17 = 5.454545454545457, ratingsPercent
    # 39/109*100 = 35.77981651376147; deltas okay 30.909090909090907 - 36.49906890130354
    # = -5.589977992212631, okayCount (34/392 - 1)*100 = -91.3265306122449, ... as the doc.
    now = january(2015, 109, ["great"] * 41 + ["okay"] * 34 + ["not_good"] * 35, 39)
    then = january(2014, 3019, ["great"] * 340 + ["ok"] * 392 + ["bad"] * 342, 967)
    ds = family(now[0] + then[0], now[1] + then[1], ratings=now[2] + then[2])
    doc = ds.happiness_report(1, START, END, **PREVIOUS)
    assert_exact(doc["current"], FIXTURE["current"])
    assert_exact(doc["previous"], FIXTURE["previous"])
    assert_exact(doc["deltas"], FIXTURE["deltas"])


def test_counts_and_shares_of_each_value(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great"), rating(1, "great"), rating(1, "okay"), rating(1, "bad"),
        rating(1, "unknown"),  # not a valid value: ignored
    ])
    stats = ds.happiness_report(1, START, END)["current"]
    # n = 4: great 2/4*100 = 50.0, okay 1/4*100 = 25.0, notGood 25.0, score 50 - 25 = 25.0
    assert (stats["greatCount"], stats["okayCount"], stats["notGoodCount"],
            stats["ratingsCount"]) == (2, 1, 1, 4)
    assert (stats["great"], stats["okay"], stats["notGood"]) == (50.0, 25.0, 25.0)
    assert stats["happinessScore"] == 25.0


def test_no_ratings_gives_zero_floats(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
    stats = ds.happiness_report(1, START, END)["current"]
    for key in ("ratingsPercent", "okay", "great", "happinessScore", "notGood"):
        assert stats[key] == 0.0 and type(stats[key]) is float, key
    for key in ("okayCount", "notGoodCount", "ratingsCount", "greatCount",
                "totalCustomersWithRatings"):
        assert stats[key] == 0 and type(stats[key]) is int, key
    assert stats["totalCustomers"] == 1  # customer 100 was helped


def test_ratings_percent_is_customers_with_ratings_over_customers_helped(family):
    ds = family([conv(i, customer_id=99 + i) for i in (1, 2, 3, 4)],
                [reply(i, jan(5, "10:00:00")) for i in (1, 2, 3, 4)], ratings=[
        rating(1, "great", customer=100), rating(2, "great", customer=100),
        rating(3, "okay", customer=105),  # not a customer helped: still counted
        rating(4, "bad", customer=None),  # no customer: not counted
    ])
    stats = ds.happiness_report(1, START, END)["current"]
    # customers helped {100, 101, 102, 103} = 4; with ratings {100, 105} = 2 -> 2/4*100
    assert (stats["totalCustomersWithRatings"], stats["totalCustomers"]) == (2, 4)
    assert stats["ratingsPercent"] == 50.0


def test_ratings_percent_is_zero_without_customers_helped(family):
    ds = family([conv(1)], [note(1, jan(5, "10:00:00"))], ratings=[rating(1, "great")])
    stats = ds.happiness_report(1, START, END)["current"]
    # a note is no reply: totalCustomers 0 -> 0.0, though one customer rated
    assert (stats["totalCustomersWithRatings"], stats["totalCustomers"]) == (1, 0)
    assert stats["ratingsPercent"] == 0.0


def test_statistics_keys_in_order_and_document_shape(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[rating(1, "great")])
    doc = ds.happiness_report(1, START, END)
    assert list(doc) == ["filterTags", "current"]
    assert list(doc["current"]) == KEYS
    doc = ds.happiness_report(1, START, END, **PREVIOUS)
    assert list(doc) == ["filterTags", "current", "previous", "deltas"]
    assert list(doc["previous"]) == KEYS
    assert list(doc["deltas"]) == DELTA_KEYS


def test_shares_and_score_deltas_are_points_even_from_zero(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))],
                ratings=[rating(1, "great"), rating(1, "okay")])
    deltas = ds.happiness_report(1, START, END, **PREVIOUS)["deltas"]
    # current great 50.0, okay 50.0, score 50.0; previous (no ratings) all 0.0
    assert (deltas["great"], deltas["okay"], deltas["happinessScore"]) == (50.0, 50.0, 50.0)
    assert deltas["notGood"] == 0.0  # 0.0 - 0.0
    # counts: previous 0 -> 0.0
    assert (deltas["greatCount"], deltas["okayCount"], deltas["notGoodCount"]) == (0.0,) * 3


def test_count_deltas_are_percent_changes(family):
    ds = family([conv(1), conv(2, "2014-01-05T09:00:00Z")], [
        reply(1, jan(5, "10:00:00")), reply(2, "2014-01-05T10:00:00Z"),
    ], ratings=[rating(1, "great"), rating(2, "great", "2014-01-06T00:00:00Z"),
                rating(2, "great", "2014-01-06T00:00:00Z"),
                rating(2, "bad", "2014-01-06T00:00:00Z")])
    deltas = ds.happiness_report(1, START, END, **PREVIOUS)["deltas"]
    assert deltas["greatCount"] == -50.0  # (1 / 2 - 1) * 100
    assert deltas["notGoodCount"] == -100.0  # (0 / 1 - 1) * 100
    # score: 100.0 now, 2/3*100 - 1/3*100 = 33.33333333333333 then -> points
    assert deltas["happinessScore"] == 100.0 - (2 / 3 * 100 - 1 / 3 * 100)


def test_filter_tags_are_the_user_reports(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], tags=[(31, "vip"), (30, None)],
                conversation_tags=[(1, 30)])
    doc = ds.happiness_report(1, START, END)
    assert doc["filterTags"] == [{"id": 30, "name": None}, {"id": 31, "name": "vip"}]
    assert doc["filterTags"] == ds.user_report(1, START, END)["filterTags"]


def test_only_ratings_of_u_in_range_on_eligible_conversations_count(family):
    ds = family([conv(1), conv(2, status="spam"), conv(3, mailbox_id=2)],
                [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great"),
        rating(1, "bad", "2015-02-01T00:00:00Z"),  # after the range
        rating(1, "bad", user=2),  # another user's
        rating(2, "bad"),  # a spam conversation
        rating(3, "okay"),  # mailbox 2
    ])
    # the great one (conversation 1) and the okay one (conversation 3, mailbox 2)
    assert ds.happiness_report(1, START, END)["current"]["ratingsCount"] == 2
    narrowed = ds.happiness_report(1, START, END, mailboxes=[1])["current"]
    assert (narrowed["ratingsCount"], narrowed["greatCount"]) == (1, 1)


def test_a_rating_without_user_belongs_to_the_rated_threads_author(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"), user=2, id=7)],
                ratings=[rating(1, "bad", user=None, thread_id=7)])
    assert ds.happiness_report(2, START, END)["current"]["notGoodCount"] == 1
    assert ds.happiness_report(1, START, END)["current"]["ratingsCount"] == 0


def test_team_happiness_is_the_union_of_members_ratings(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"), user=1)], ratings=[
        rating(1, "great", user=1, customer=100), rating(1, "bad", user=2, customer=100),
        rating(1, "great", user=3, customer=101),  # not a member
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    stats = ds.happiness_report(50, START, END)["current"]
    # great 1, not good 1: score 50 - 50 = 0.0; rating customers {100} = 1
    assert (stats["greatCount"], stats["notGoodCount"], stats["ratingsCount"]) == (1, 1, 2)
    assert stats["happinessScore"] == 0.0
    assert stats["totalCustomersWithRatings"] == 1
