"""Ratings (spellings: docs/data.md › Tables; happinessScore: docs/metrics.md › Statistics)."""

from __future__ import annotations

import pytest

from .conftest import build, conv, current, customer, jan, rating, reply


def happiness(great, okay, not_good):
    """The documented formula, evaluated as docs/metrics.md › Statistics writes it."""
    n = great + okay + not_good
    return great / n * 100 - not_good / n * 100 if n else 0.0


@pytest.mark.parametrize(("spelling", "expected"), [
    # each spelling beside one "great": great -> 2/2 = 100, okay -> 1/2 = 50,
    # not_good -> 50 - 50 = 0, ignored -> 1/1 = 100
    ("great", 100.0), ("GREAT", 100.0), ("1", 100.0),
    ("okay", 50.0), ("ok", 50.0), ("OK", 50.0), ("2", 50.0),
    ("not_good", 0.0), ("not-good", 0.0), ("not good", 0.0), ("Not Good", 0.0),
    ("bad", 0.0), ("3", 0.0),
    ("unknown", 100.0), ("4", 100.0), ("meh", 100.0),
])
def test_spellings(spelling, expected):
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))],
               ratings=[rating(1, "great"), rating(1, spelling)])
    assert current(ds)["happinessScore"] == expected


def test_formula_of_the_documented_previous_score():
    values = ["great"] * 8 + ["okay"] * 5 + ["not_good"] * 4  # n = 17
    ds = build([conv(1)], [customer(1, jan(5))], ratings=[rating(1, v) for v in values])
    value = current(ds)["happinessScore"]
    assert value == happiness(8, 5, 4)  # 8/17*100 - 4/17*100
    assert value == pytest.approx(23.529411764705884)  # the doc's previous score


def test_two_thirds_great_is_the_documented_current_score():
    ds = build([conv(1)], [customer(1, jan(5))],
               ratings=[rating(1, "great"), rating(1, "great"), rating(1, "ok")])
    assert current(ds)["happinessScore"] == 66.66666666666666  # 2/3*100 - 0, as in the doc


def test_no_ratings_gives_zero():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[rating(1, "unknown")])
    value = current(ds)["happinessScore"]
    assert value == 0.0
    assert type(value) is float


def test_only_ratings_in_range_count():
    ds = build([conv(1)], [customer(1, jan(5))], ratings=[
        rating(1, "great", jan(31, "23:59:59")),  # last second of the range
        rating(1, "bad", "2015-02-01T00:00:00Z"),  # after
        rating(1, "bad", "2014-12-31T23:59:59Z"),  # before
    ])
    assert current(ds)["happinessScore"] == 100.0


def test_ratings_belong_to_their_user():
    ds = build([conv(1)], [customer(1, jan(5))],
               ratings=[rating(1, "great", user=1), rating(1, "bad", user=2)])
    assert current(ds, user=1)["happinessScore"] == 100.0
    assert current(ds, user=2)["happinessScore"] == -100.0


def test_null_user_means_the_author_of_the_rated_thread():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), user=2, id=7)], ratings=[
        rating(1, "bad", user=None, thread_id=7),  # user 2's reply
        rating(1, "great", user=1),
    ])
    assert current(ds, user=2)["happinessScore"] == -100.0
    assert current(ds, user=1)["happinessScore"] == 100.0  # the bad one is not user 1's


def test_user_id_wins_over_the_thread_author():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), user=2, id=7)],
               ratings=[rating(1, "bad", user=1, thread_id=7)])
    assert current(ds, user=1)["happinessScore"] == -100.0
    assert current(ds, user=2)["happinessScore"] == 0.0


def test_null_user_and_no_thread_belongs_to_nobody():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), user=1)],
               ratings=[rating(1, "bad", user=None), rating(1, "great", user=1)])
    assert current(ds, user=1)["happinessScore"] == 100.0


def test_team_happiness_pools_members_ratings():
    ds = build([conv(1)], [customer(1, jan(5))], ratings=[
        rating(1, "great", user=1), rating(1, "great", user=2), rating(1, "bad", user=2),
        rating(1, "bad", user=3),  # not a member
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    # great 2, not_good 1, n = 3: 2/3*100 - 1/3*100
    assert current(ds, user=50)["happinessScore"] == happiness(2, 0, 1)


def test_ratings_in_a_dataset_without_threads():
    # the ratings carry their user_id, so docs/metrics.md › Statistics gives 1 great of 1 = 100.0.
    # (Regression: before 012804d an empty threads table made the rated-thread lookup raise
    # IndexError.)
    ds = build([conv(1)], [], ratings=[rating(1, "great", user=1)])
    assert current(ds)["happinessScore"] == 100.0
