"""Errors (docs/data.md › Errors) over HTTP (docs/http.md › Errors): the Mailbox API 2.0
error body and status of each error kind."""

from __future__ import annotations

import pytest

import reports

RANGE = {"start": "2015-01-01T00:00:00Z", "end": "2015-01-31T23:59:59Z"}


@pytest.fixture
def ds() -> reports.Dataset:
    import pandas as pd

    return reports.from_tables({
        "conversations": pd.DataFrame({"id": [1], "type": ["email"], "status": ["active"],
                                       "mailbox_id": [1],
                                       "created_at": ["2015-01-02T00:00:00Z"]}),
        "threads": pd.DataFrame({"id": [1], "conversation_id": [1], "type": ["reply"],
                                 "created_at": ["2015-01-02T00:00:00Z"],
                                 "created_by_type": ["user"], "created_by_id": [7]}),
    })


def test_bad_request_body_names_the_parameter(ds: reports.Dataset) -> None:
    with pytest.raises(reports.RequestError) as err:
        ds.user_report(7, **RANGE, types="email,fax")
    body = err.value.to_api_body()
    assert err.value.http_status == 400 and err.value.exit_code == 2
    assert body["message"] == "Bad request" and isinstance(body["logRef"], str)
    (error,) = body["_embedded"]["errors"]
    assert error["path"] == "types" and error["rejectedValue"] == "fax"
    assert error["source"] == "query" and "email, chat or phone" in error["message"]


def test_unknown_user_is_404(ds: reports.Dataset) -> None:
    with pytest.raises(reports.UnknownUserError) as err:
        ds.user_report(99, **RANGE)
    assert err.value.http_status == 404 and err.value.exit_code == 2
    body = err.value.to_api_body()
    assert body["message"] == "Not found"
    (error,) = body["_embedded"]["errors"]
    assert error["rejectedValue"] == 99 and error["message"] == "user: no user or team has id 99"
    assert "reports info" in err.value.message  # the hint is for this machine only


def test_bad_data_is_exit_1_and_names_the_column() -> None:
    import pandas as pd

    with pytest.raises(reports.DataError) as err:
        reports.from_tables({
            "conversations": pd.DataFrame({"id": [1], "type": ["email"], "status": ["x"],
                                           "mailbox_id": [1], "created_at": ["soon"]}),
            "threads": pd.DataFrame({"id": [], "conversation_id": [], "type": [],
                                     "created_at": []}),
        })
    assert err.value.exit_code == 1 and err.value.column == "created_at"
    assert err.value.to_api_body()["_embedded"]["errors"][0]["path"] == "created_at"


def test_the_library_keeps_the_api_parameter_names(ds: reports.Dataset) -> None:
    with pytest.raises(reports.RequestError) as err:
        ds.replies_report(7, **RANGE, view_by="fortnight")
    assert err.value.parameter == "viewBy" and str(err.value).startswith("viewBy: ")
    with pytest.raises(reports.RequestError) as err:
        ds.user_report(7, **RANGE, previous_start="2014-12-01")
    assert err.value.parameter == "previousEnd"
    assert str(err.value) == "previousEnd: previousStart and previousEnd go together; " \
                             "give both or neither"
