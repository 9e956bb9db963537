"""Ratings (docs/family.md › Ratings): the happiness drill-down, one row per rating,
sorted and paged."""

from __future__ import annotations

import pytest

from .conftest import BAD_REQUEST, END, START, conv, customer_row, jan, rating, reply

ROW_KEYS = ["number", "threadid", "threadCreatedAt", "id", "type", "ratingId",
            "ratingCustomerId", "ratingComments", "ratingCreatedAt", "ratingCustomerName",
            "ratingUserId", "ratingUserName"]


def three_values(family):
    """Ratings 1 great (Jan 6), 2 okay (Jan 7), 3 not good (Jan 8), all user 1's."""
    return family([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great", jan(6)), rating(1, "okay", jan(7)), rating(1, "bad", jan(8)),
    ])


def test_a_row_in_full(family):
    ds = family([conv(1, type="Chat", number=501)], [
        reply(1, jan(5, "10:00:00"), user=2, id=7),
    ], customers=[customer_row(100, "Cat", "Ng", "cat@example.com")], ratings=[
        rating(1, "OK", jan(6, "08:30:00"), user=None, thread_id=7, customer=100,
               comments="Quick, thanks"),
    ])
    doc = ds.ratings_report(2, START, END)
    assert list(doc) == ["results", "page", "count", "pages"]
    assert (doc["page"], doc["count"], doc["pages"]) == (1, 1, 1)
    row = doc["results"][0]
    assert list(row) == ROW_KEYS
    # the rated user is the author of thread 7 (user_id is null): user 2, "Bob Ray"
    assert row == {
        "number": 501, "threadid": 7, "threadCreatedAt": "2015-01-05T10:00:00Z", "id": 1,
        "type": "chat", "ratingId": 2, "ratingCustomerId": 100,
        "ratingComments": "Quick, thanks", "ratingCreatedAt": "2015-01-06T08:30:00Z",
        "ratingCustomerName": "Cat Ng", "ratingUserId": 2, "ratingUserName": "Bob Ray",
    }


def rating_ids(doc):
    return [row["ratingId"] for row in doc["results"]]


@pytest.mark.parametrize(("spelling", "expected"), [
    # newest first (the default sort): not good Jan 8, okay Jan 7, great Jan 6
    ("all", [3, 2, 1]), ("ALL", [3, 2, 1]), ("0", [3, 2, 1]), (0, [3, 2, 1]),
    ("great", [1]), ("Great", [1]), ("1", [1]), (1, [1]),
    ("okay", [2]), ("ok", [2]), ("OK", [2]), ("2", [2]), (2, [2]),
    ("not_good", [3]), ("not-good", [3]), ("NOT_GOOD", [3]), ("Not-Good", [3]), ("3", [3]),
    (3, [3]),
])
def test_every_rating_spelling(family, spelling, expected):
    ds = three_values(family)
    assert rating_ids(ds.ratings_report(1, START, END, rating=spelling)) == expected


def test_all_ratings_by_default(family):
    assert rating_ids(three_values(family).ratings_report(1, START, END)) == [3, 2, 1]


@pytest.mark.parametrize("spelling", ["bad", "not good", "4", "-1", "excellent", "al", 4])
def test_other_rating_values_name_the_rating_parameter(family, spelling):
    with pytest.raises(BAD_REQUEST) as err:
        three_values(family).ratings_report(1, START, END, rating=spelling)
    assert err.value.parameter == "rating"


def test_sort_by_rating_date(family):
    ds = three_values(family)
    asc = ds.ratings_report(1, START, END, sort_field="modifiedAt", sort_order="asc")
    assert rating_ids(asc) == [1, 2, 3]  # Jan 6, 7, 8
    assert [r["ratingCreatedAt"][:10] for r in asc["results"]] == [
        "2015-01-06", "2015-01-07", "2015-01-08"]


def test_sort_by_rating_value_ties_by_ascending_rating_id(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great", comments="r1"), rating(1, "bad", comments="r2"),
        rating(1, "great", comments="r3"),
    ])

    def labels(order):
        doc = ds.ratings_report(1, START, END, sort_field="rating", sort_order=order)
        return [r["ratingComments"] for r in doc["results"]]

    assert labels("desc") == ["r2", "r1", "r3"]  # not good (3) first; greats by id 1, 3
    assert labels("asc") == ["r1", "r3", "r2"]  # greats (1) by id, then not good


def test_sort_by_number_puts_nulls_last_in_both_orders(family):
    ds = family([conv(1, number=30), conv(2, number=None), conv(3, number=10)],
                [reply(c, jan(5, "10:00:00")) for c in (1, 2, 3)],
                ratings=[rating(c, "great") for c in (1, 2, 3)])

    def conversations(order):
        doc = ds.ratings_report(1, START, END, sort_field="number", sort_order=order)
        return [r["id"] for r in doc["results"]]

    assert conversations("asc") == [3, 1, 2]  # 10, 30, null
    assert conversations("desc") == [1, 3, 2]  # 30, 10, null


def test_equal_dates_keep_ascending_rating_id_in_both_orders(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great", rid=5, comments="r5"), rating(1, "okay", rid=2, comments="r2"),
        rating(1, "bad", rid=9, comments="r9"),
    ])  # all rated Jan 6 09:00
    for order in ("asc", "desc"):
        doc = ds.ratings_report(1, START, END, sort_order=order)
        assert [r["ratingComments"] for r in doc["results"]] == ["r2", "r5", "r9"], order


def test_sort_field_and_order_are_read_in_any_case(family):
    ds = three_values(family)
    assert rating_ids(ds.ratings_report(1, START, END, sort_field="RATING",
                                        sort_order="ASC")) == [1, 2, 3]
    assert rating_ids(ds.ratings_report(1, START, END, sort_field="modifiedat",
                                        sort_order="Desc")) == [3, 2, 1]


@pytest.mark.parametrize(("request_", "parameter"), [
    ({"sort_field": "createdAt"}, "sortField"), ({"sort_field": "ratingId"}, "sortField"),
    ({"sort_field": "repliesSent"}, "sortField"),  # a history field, not a ratings one
    ({"sort_order": "up"}, "sortOrder"), ({"sort_order": "ascending"}, "sortOrder"),
])
def test_bad_sort_names_the_parameter(family, request_, parameter):
    with pytest.raises(BAD_REQUEST) as err:
        three_values(family).ratings_report(1, START, END, **request_)
    assert err.value.parameter == parameter


def test_comments_are_empty_text_when_none(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))],
                ratings=[rating(1, "great", comments=None)])
    assert ds.ratings_report(1, START, END)["results"][0]["ratingComments"] == ""
    without_column = family([conv(1)], [reply(1, jan(5, "10:00:00"))],
                            ratings=[rating(1, "great")])
    assert without_column.ratings_report(1, START, END)["results"][0]["ratingComments"] == ""


@pytest.mark.parametrize(("rater", "name"), [
    (100, "Cat"),  # first name only
    (101, "dee@example.com"),  # no names: the email
    (102, None),  # empty names, no email
    (103, None),  # not in the customers table
    (None, None),  # no customer at all
])
def test_customer_name_is_first_last_then_email_then_null(family, rater, name):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], customers=[
        customer_row(100, "Cat", None, "cat@example.com"),
        customer_row(101, None, "", "dee@example.com"),
        customer_row(102, "", "", None),
    ], ratings=[rating(1, "great", customer=rater)])
    row = ds.ratings_report(1, START, END)["results"][0]
    assert (row["ratingCustomerId"], row["ratingCustomerName"]) == (rater, name)


def test_user_name_is_null_for_a_user_outside_the_users_table(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"), user=7)],
                ratings=[rating(1, "great", user=7)])
    row = ds.ratings_report(7, START, END)["results"][0]
    assert (row["ratingUserId"], row["ratingUserName"]) == (7, None)


def test_thread_fields_are_null_when_the_thread_is_unknown(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great", jan(6), thread_id=88),  # no thread 88
        rating(1, "great", jan(7), thread_id=None),
    ])
    rows = ds.ratings_report(1, START, END)["results"]
    assert [(r["threadid"], r["threadCreatedAt"]) for r in rows] == [(None, None),
                                                                     (88, None)]


def test_rows_are_the_ratings_happiness_counts(family):
    ds = family([conv(1), conv(2, status="spam")], [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great"), rating(1, "bad", "2015-02-01T00:00:00Z"),  # after the range
        rating(1, "okay", user=2),  # user 2's
        rating(2, "great"),  # spam
        rating(1, "unknown"),  # no valid value
    ])
    doc = ds.ratings_report(1, START, END)
    assert doc["count"] == 1 == ds.happiness_report(1, START, END)["current"]["ratingsCount"]


def test_team_rows_are_the_union_of_members_ratings(family):
    ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))], ratings=[
        rating(1, "great", jan(6), user=1), rating(1, "bad", jan(7), user=2),
        rating(1, "okay", jan(8), user=3),  # not a member
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    rows = ds.ratings_report(50, START, END)["results"]
    assert [(r["ratingUserId"], r["ratingUserName"]) for r in rows] == [
        (2, "Bob Ray"), (1, "Ann Lee")]  # newest first
