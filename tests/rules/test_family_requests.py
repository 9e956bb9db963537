"""Every family member takes the summary's request (docs/family.md, docs/data.md › Requests): user
or team, range, filters."""

from __future__ import annotations

import pytest

from .conftest import BAD_REQUEST, END, START, conv, customer, jan, rating, reply

MEMBERS = ["replies_report", "resolutions_report", "customers_helped_report",
           "happiness_report", "ratings_report", "conversation_history_report",
           "drilldown_report"]
WITH_PREVIOUS = ["replies_report", "resolutions_report", "customers_helped_report",
                 "happiness_report"]


def dataset(family):
    return family([conv(1, status="closed", closed_at=jan(5, "11:00:00"), closed_by=1)],
                  [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"))],
                  ratings=[rating(1, "great")])


@pytest.mark.parametrize("member", MEMBERS)
@pytest.mark.parametrize(("request_", "parameters"), [
    ({"user": 42}, {"user"}),  # neither a user nor a team
    ({"user": "abc"}, {"user"}),
    ({"start": jan(10), "end": jan(9)}, {"start", "end"}),
    ({"start": "yesterday"}, {"start"}),
    ({"end": "2015-13-01T00:00:00Z"}, {"end"}),
    ({"types": "fax"}, {"types"}),
    ({"mailboxes": "1,a"}, {"mailboxes"}),
    ({"tags": "x"}, {"tags"}),
    ({"folders": "1.5"}, {"folders"}),
])
def test_bad_request_names_the_parameter(family, member, request_, parameters):
    args = {"user": 1, "start": START, "end": END} | request_
    with pytest.raises(BAD_REQUEST) as err:
        getattr(dataset(family), member)(**args)
    assert err.value.parameter in parameters


@pytest.mark.parametrize("member", WITH_PREVIOUS)
@pytest.mark.parametrize(("request_", "parameter"), [
    ({"previous_start": "2014-12-01T00:00:00Z"}, "previousEnd"),
    ({"previous_end": "2014-12-31T23:59:59Z"}, "previousStart"),
])
def test_previous_start_and_end_go_together(family, member, request_, parameter):
    with pytest.raises(BAD_REQUEST) as err:
        getattr(dataset(family), member)(1, START, END, **request_)
    assert err.value.parameter == parameter


@pytest.mark.parametrize("member", MEMBERS)
def test_dates_alone_are_whole_days(family, member):
    ds = dataset(family)
    method = getattr(ds, member)
    # 2015-01-01 = 00:00:00Z as a start, 2015-01-31 = 23:59:59Z as an end
    assert method(1, "2015-01-01", "2015-01-31") == method(1, START, END)


def test_series_table_checks_the_range_and_filters(family):
    ds = dataset(family)
    for request_, parameters in [({"start": jan(10), "end": jan(9)}, {"start", "end"}),
                                 ({"types": "fax"}, {"types"})]:
        with pytest.raises(BAD_REQUEST) as err:
            ds.series_table(**({"start": START, "end": END} | request_))
        assert err.value.parameter in parameters
