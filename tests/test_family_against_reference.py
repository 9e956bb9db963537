"""The report family against an independent, loop-based reading of docs/family.md.

``tests/reference_family.py`` is written from the docs alone; ``family_scenarios()`` draws
random raw datasets carrying every column the family reads, and random family requests.
Every member's document must equal the reference's: same keys in the same order, same
JSON types, floats bit for bit; ``series_table`` must equal it cell for cell.  The
invariants tie the family to the user report of the same request.  The first tests check
the reference itself on examples worked out by hand.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, note, settings
from reference import parse_instant
from reference_family import (
    ReferenceFamily,
    add_months,
    bucket_starts,
    default_view,
    happiness_deltas,
)
from strategies import family_scenarios, office_scenarios
from test_against_reference import assert_same_document, copy_tables, describe

import reports

HAPPINESS = Path(__file__).resolve().parent / "fixtures" / "doc-user-happiness.json"
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
FILTERS = ("mailboxes", "tags", "types", "folders")


def utc(text):
    return parse_instant(text)


# --------------------------------------------------------------------------- the reference


def test_reference_day_and_week_buckets_are_aligned_on_start():
    start = utc("2015-01-05T10:00:00Z")
    # day: Jan 5, 6, 7 at 10:00 (Jan 8 10:00 is not < end Jan 8 09:00)
    assert bucket_starts(start, utc("2015-01-08T09:00:00Z"), "day") == [
        start, start + 86400, start + 2 * 86400]
    # week: Jan 5, 12 (Jan 19 10:00 is not < end Jan 19 10:00)
    assert bucket_starts(start, utc("2015-01-19T10:00:00Z"), "week") == [
        start, start + 7 * 86400]
    # a one-instant range is b_0 alone
    assert bucket_starts(start, start, "month") == [start]


def test_reference_month_buckets_clamp_from_the_original_day():
    start = utc("2016-01-31T10:00:00Z")
    assert add_months(start, 1) == utc("2016-02-29T10:00:00Z")  # leap year, clamped
    assert add_months(start, 2) == utc("2016-03-31T10:00:00Z")  # from the 31st again
    assert add_months(start, 3) == utc("2016-04-30T10:00:00Z")
    assert add_months(start, 12) == utc("2017-01-31T10:00:00Z")
    assert add_months(utc("2015-01-31T10:00:00Z"), 1) == utc("2015-02-28T10:00:00Z")
    assert bucket_starts(start, utc("2016-04-30T10:00:00Z"), "month") == [
        start, utc("2016-02-29T10:00:00Z"), utc("2016-03-31T10:00:00Z")]


def test_reference_default_view_is_week_up_to_365_days():
    start = utc("2015-01-01T00:00:00Z")
    assert default_view(start, start + 365 * 86400) == "week"
    assert default_view(start, start + 365 * 86400 + 1) == "month"
    assert default_view(start, start) == "week"


def test_reference_happiness_deltas_reproduce_the_documented_example():
    fixture = json.loads(HAPPINESS.read_text())["response"]
    got = happiness_deltas(fixture["current"], fixture["previous"])
    assert json.dumps(got) == json.dumps(fixture["deltas"])  # same order, same digits


# --------------------------------------------------------------------------- requests


def member_calls(request, family):
    """(member, keyword arguments) of every family member for one drawn request."""
    common = {k: request[k] for k in ("user", "start", "end", *FILTERS)}
    previous = {k: request[k] for k in ("previous_start", "previous_end") if k in request}
    paging = {"page": family["page"], "rows": family["rows"]}
    series = dict(common, **previous, view_by=family["view_by"])
    return [
        ("replies_report", series),
        ("resolutions_report", series),
        ("customers_helped_report", series),
        ("happiness_report", dict(common, **previous)),
        ("ratings_report", dict(common, rating=family["rating"],
                                sort_field=family["ratings_sort_field"],
                                sort_order=family["ratings_sort_order"], **paging)),
        ("conversation_history_report", dict(common, status=family["status"],
                                             office_hours=family["office_hours"],
                                             sort_field=family["history_sort_field"],
                                             sort_order=family["history_sort_order"],
                                             **paging)),
        ("drilldown_report", dict(common, **paging)),
    ]


def engine_dataset(tables, office):
    return reports.from_tables(copy_tables(tables), office_hours=office)


# --------------------------------------------------------------------------- the engine


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW)
@given(family_scenarios())
def test_every_member_matches_the_reference(scenario):
    tables, office, request, family = scenario
    note(describe(tables, office, request))
    note(f"family = {family!r}")
    reference = ReferenceFamily(copy_tables(tables), office)
    engine_tables = copy_tables(tables)
    with warnings.catch_warnings():
        # duplicates, orphans, unknown filter ids, ignored officeHours: reported, not errors
        warnings.simplefilter("ignore", reports.ReportsWarning)
        dataset = reports.from_tables(engine_tables, office_hours=office)
        others = sorted(reference.known_ids() - {request["user"]})
        for user in [request["user"], *others]:
            for member, kwargs in member_calls(dict(request, user=user), family):
                note(f"{member} for user {user}")
                actual = getattr(dataset, member)(**kwargs)
                assert_same_document(actual, getattr(reference, member)(**kwargs))
                json.dumps(actual)  # plain JSON
    for name, df in tables.items():
        pd.testing.assert_frame_equal(engine_tables[name], df)  # inputs left untouched


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW)
@given(family_scenarios())
def test_user_report_on_family_data_matches_the_reference(scenario):
    # fractional handle_seconds, dates alone in the request, the family's extra columns
    tables, office, request, family = scenario
    note(describe(tables, office, request))
    reference = ReferenceFamily(copy_tables(tables), office)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        dataset = engine_dataset(tables, office)
        for user in sorted(reference.known_ids()):
            asked = dict(request, user=user, office_hours=family["office_hours"])
            note(f"user {user}")
            assert_same_document(dataset.user_report(**asked), reference.user_report(**asked))


def assert_same_series_table(actual, expected):
    """The same columns, dtypes where the API fixes them, and the same cells in order."""
    assert list(actual.columns) == list(expected.columns)
    assert str(actual["date"].dtype) == "datetime64[s, UTC]"
    assert len(actual) == len(expected)
    for column in ("id", "replies", "resolved", "customers"):
        assert pd.api.types.is_integer_dtype(actual[column]), column
        assert actual[column].tolist() == expected[column].tolist(), column
    assert actual["kind"].tolist() == expected["kind"].tolist()
    names = [None if pd.isna(v) else v for v in actual["name"]]
    assert names == expected["name"].tolist()
    assert actual["date"].tolist() == expected["date"].tolist()


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW)
@given(family_scenarios())
def test_series_table_matches_the_reference(scenario):
    tables, office, request, family = scenario
    note(describe(tables, office, request))
    kwargs = {k: request[k] for k in ("start", "end", *FILTERS)}
    kwargs["view_by"] = family["view_by"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        dataset = engine_dataset(tables, office)
        actual = dataset.series_table(**kwargs)
        users = dataset.users_table(**{k: v for k, v in kwargs.items() if k != "view_by"})
    expected = ReferenceFamily(copy_tables(tables), office).series_table(**kwargs)
    assert_same_series_table(actual, expected)
    # every user and team of users_table, in its order
    subjects = list(dict.fromkeys(zip(actual["id"].tolist(), actual["kind"].tolist(),
                                      strict=True)))
    assert subjects == list(zip(users["id"].tolist(), users["kind"].tolist(), strict=True))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(office_scenarios())
def test_history_office_seconds_match_the_reference(scenario):
    tables, office, request = scenario
    note(describe(tables, office, request))
    expected = ReferenceFamily(copy_tables(tables), office).conversation_history_report(
        **request)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        actual = engine_dataset(tables, office).conversation_history_report(**request)
    assert_same_document(actual, expected)


# --------------------------------------------------------------------------- invariants


def check_invariants(dataset, request, family):
    """The family adds up to the user report of the same request (docs/family.md)."""
    common = {k: request[k] for k in ("user", "start", "end", *FILTERS)}
    previous = {k: request[k] for k in ("previous_start", "previous_end") if k in request}
    report = dataset.user_report(**common, **previous)
    view = {"view_by": family["view_by"]}
    replies = dataset.replies_report(**common, **previous, **view)
    resolved = dataset.resolutions_report(**common, **previous, **view)
    for part in ["current", "previous"] if previous else ["current"]:
        assert sum(p["replies"] for p in replies[part]) == report[part]["totalReplies"], part
        assert sum(p["resolved"] for p in resolved[part]) == report[part]["resolved"], part
    drilldown = dataset.drilldown_report(**common)["conversations"]
    assert drilldown["count"] == report["current"]["totalConversations"]
    history = dataset.conversation_history_report(**common)
    assert sum(r["repliesSent"] for r in history["results"]) == report["current"][
        "totalReplies"]
    happiness = dataset.happiness_report(**common)["current"]
    assert happiness["happinessScore"] == report["current"]["happinessScore"]
    assert happiness["totalCustomers"] == report["current"]["customersHelped"]
    assert happiness["ratingsCount"] == dataset.ratings_report(**common)["count"]


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW)
@given(family_scenarios())
def test_reference_family_adds_up_to_the_user_report(scenario):
    tables, office, request, family = scenario
    note(describe(tables, office, request))
    check_invariants(ReferenceFamily(copy_tables(tables), office), request, family)


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW)
@given(family_scenarios())
def test_engine_family_adds_up_to_the_user_report(scenario):
    tables, office, request, family = scenario
    note(describe(tables, office, request))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        check_invariants(engine_dataset(tables, office), request, family)
