"""Paging (docs/family.md › Paging) of ratings, conversation history and drill-down.

`count` = all rows, `pages` = ceil(count / rows) (0 when count = 0), a page past the last
is empty; in the library `rows=None` (the default) puts every row on page 1.
"""

from __future__ import annotations

import pytest

from .conftest import BAD_REQUEST, END, START, conv, jan, rating, reply

MEMBERS = ["ratings", "history", "drilldown"]


def five(family):
    """Five conversations replied to (and rated) by user 1 on Jan 1..5; user 3 has none."""
    return family([conv(c, jan(c)) for c in range(1, 6)],
                  [reply(c, jan(c, "10:00:00")) for c in range(1, 6)],
                  ratings=[rating(c, "great", jan(c, "11:00:00")) for c in range(1, 6)])


def paged(ds, member, user=1, **paging):
    """(conversation ids of the results, page, count, pages) of one paged member."""
    if member == "ratings":
        doc = ds.ratings_report(user, START, END, **paging)
    elif member == "history":
        doc = ds.conversation_history_report(user, START, END, **paging)
    else:
        doc = ds.drilldown_report(user, START, END, **paging)["conversations"]
    return [row["id"] for row in doc["results"]], doc["page"], doc["count"], doc["pages"]


@pytest.mark.parametrize("member", MEMBERS)
@pytest.mark.parametrize(("page", "rows", "positions", "pages"), [
    (1, None, [0, 1, 2, 3, 4], 1),  # everything on page 1
    (2, None, [], 1),  # nothing after it
    (1, 2, [0, 1], 3),  # ceil(5 / 2) = 3
    (3, 2, [4], 3),  # the last page holds the fifth row
    (4, 2, [], 3),  # past the last page: empty
    (1, 5, [0, 1, 2, 3, 4], 1),  # 5 / 5 = 1
    (1, 6, [0, 1, 2, 3, 4], 1),  # ceil(5 / 6) = 1
    (5, 1, [4], 5),  # one row a page: 5 pages
])
def test_paging_arithmetic(family, member, page, rows, positions, pages):
    ds = five(family)
    everything = paged(ds, member)[0]  # each member's own order
    assert len(everything) == 5
    ids, got_page, count, got_pages = paged(ds, member, page=page, rows=rows)
    assert ids == [everything[i] for i in positions]
    assert (got_page, count, got_pages) == (page, 5, pages)


@pytest.mark.parametrize("member", MEMBERS)
@pytest.mark.parametrize("rows", [None, 2])
def test_no_rows_is_zero_pages(family, member, rows):
    assert paged(five(family), member, user=3, rows=rows) == ([], 1, 0, 0)


@pytest.mark.parametrize("member", MEMBERS)
def test_pages_follow_each_members_order(family, member):
    ds = five(family)
    # ratings: newest rating first; history: number desc (none: ascending id);
    # drill-down: newest touch first
    expected = {"ratings": [5, 4, 3, 2, 1], "history": [1, 2, 3, 4, 5],
                "drilldown": [5, 4, 3, 2, 1]}[member]
    pages = [paged(ds, member, page=p, rows=2)[0] for p in (1, 2, 3)]
    assert pages == [expected[0:2], expected[2:4], expected[4:]]


@pytest.mark.parametrize("member", MEMBERS)
def test_page_and_rows_as_text_are_read_as_numbers(family, member):
    ds = five(family)
    assert paged(ds, member, page="2", rows="2") == paged(ds, member, page=2, rows=2)


@pytest.mark.parametrize("member", MEMBERS)
@pytest.mark.parametrize(("paging", "parameter"), [
    ({"page": 0}, "page"), ({"page": -1}, "page"), ({"page": "x"}, "page"),
    ({"page": 1.5}, "page"), ({"page": True}, "page"),
    ({"rows": 0}, "rows"), ({"rows": -2}, "rows"), ({"rows": "many"}, "rows"),
    ({"rows": 2.5}, "rows"), ({"rows": False}, "rows"),
])
def test_bad_page_or_rows_names_the_parameter(family, member, paging, parameter):
    with pytest.raises(BAD_REQUEST) as err:
        paged(five(family), member, **paging)
    assert err.value.parameter == parameter
