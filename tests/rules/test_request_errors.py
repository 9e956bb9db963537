"""Request errors (docs/data.md › Requests, › Errors): each names the parameter at fault."""

from __future__ import annotations

import pytest

import reports

from .conftest import END, START, build, conv, current, customer, jan, reply


@pytest.fixture(scope="module")
def ds():
    return build([conv(1)], [customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:30:00"))])


@pytest.mark.parametrize(("request_", "parameters"), [
    ({"start": jan(10), "end": jan(9)}, {"start", "end"}),
    ({"previous_start": "2014-12-01T00:00:00Z"}, {"previousEnd"}),
    ({"previous_end": "2014-12-31T23:59:59Z"}, {"previousStart"}),
    ({"previous_start": "2014-12-31T00:00:00Z", "previous_end": "2014-12-01T00:00:00Z"},
     {"previousStart", "previousEnd"}),
    ({"types": "fax"}, {"types"}),
    ({"types": "email,fax"}, {"types"}),
    ({"tags": "x"}, {"tags"}),
    ({"mailboxes": "1,a"}, {"mailboxes"}),
    ({"folders": "1.5"}, {"folders"}),
    ({"start": None}, {"start"}),
    ({"end": None}, {"end"}),
    ({"start": "yesterday"}, {"start"}),
    ({"end": "2015-13-01T00:00:00Z"}, {"end"}),
    ({"previous_start": "soon", "previous_end": END}, {"previousStart"}),
    ({"office_hours": "2"}, {"officeHours"}),
    ({"office_hours": 2}, {"officeHours"}),
    ({"user": "abc"}, {"user"}),
    ({"user": None}, {"user"}),
])
def test_bad_request_names_the_parameter(ds, request_, parameters):
    args = {"user": 1, "start": START, "end": END} | request_
    with pytest.raises(reports.RequestError) as err:
        ds.user_report(**args)
    assert err.value.parameter in parameters
    assert not isinstance(err.value, reports.UnknownUserError)


def test_users_table_checks_its_request_too(ds):
    with pytest.raises(reports.RequestError) as err:
        ds.users_table(START, END, types="fax")
    assert err.value.parameter == "types"


def test_unknown_user_names_the_user_parameter(ds):
    with pytest.raises(reports.UnknownUserError) as err:
        ds.user_report(42, START, END)
    assert err.value.parameter == "user"


@pytest.mark.parametrize("flag", [0, 1, "0", "1", "true", "false", True, False])
def test_office_hours_flag_spellings_are_accepted(ds, flag):
    if flag in (1, "1", "true", True):
        with pytest.warns(reports.ReportsWarning):
            stats = current(ds, office_hours=flag)
    else:
        stats = current(ds, office_hours=flag)
    assert stats["responseTime"] == 1800  # 10:30 - 10:00 in calendar seconds


def test_string_ids_and_user_are_accepted(ds):
    assert current(ds, user="1", mailboxes="1", types="email")["totalReplies"] == 1
