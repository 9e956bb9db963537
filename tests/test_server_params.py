"""The server's pieces without a server: query strings, Help Scout's limits, credentials
and tokens, the loopback rule and the OpenAPI document."""

from __future__ import annotations

import pytest

from reports import RequestError
from reports._catalog import PARAMS, REPORTS, report
from reports.server._auth import Credentials, basic_user, bearer_token
from reports.server._openapi import openapi
from reports.server._params import parse_query, report_arguments
from reports.server._serve import is_loopback

JUNE = {"user": "1", "start": "2025-06-01", "end": "2025-06-30"}


def args(command: str, version: int = 2, **query: str) -> dict[str, object]:
    return report_arguments(report(command), version, {**JUNE, **query})


def error(command: str, version: int = 2, **query: str) -> RequestError:
    with pytest.raises(RequestError) as caught:
        args(command, version, **query)
    return caught.value


def test_parse_query_tolerates_what_clients_send() -> None:
    q = parse_query(b"user=1&user=2&types[]=email&types[]=chat&previous_start=2025-05-01"
                    b"&OfficeHours=1&tags=&start=2025-06-01T00:00:00+02:00&x%5B%5D=a&noval"
                    b"&=junk&mailboxes%5B0%5D=4&mailboxes%5B1%5D=5&sortFieldRatings=rating")
    assert q == {"user": "2", "types": "email,chat", "previousstart": "2025-05-01",
                 "officehours": "1", "start": "2025-06-01T00:00:00 02:00", "x": "a",
                 "mailboxes": "4,5", "sortfieldratings": "rating"}
    # a plain key after a list replaces it; a list after a plain key starts afresh
    assert parse_query("types[]=a&types=b")["types"] == "b"
    assert parse_query("types=b&types[]=a&types[]=c")["types"] == "a,c"
    assert parse_query(b"start=%ff%fe&end=%")["end"] == "%"


def test_instants_get_their_offset_back_and_keep_milliseconds() -> None:
    got = args("user", start="2025-06-01T00:00:00 02:00", end="2025-06-30T23:59:59.000Z")
    assert got["start"] == "2025-06-01T00:00:00+02:00"
    assert got["end"] == "2025-06-30T23:59:59.000Z"


def test_only_the_reports_own_parameters_are_read() -> None:
    got = args("drilldown", previousstart="x", previousend="y", viewby="decade",
               officehours="maybe")
    assert set(got) == set(report("drilldown").names)
    assert got["rows"] == 25 and args("drilldown", 1)["rows"] == 10
    assert args("ratings")["rows"] == 50 and args("conversation-history", 1)["rows"] == 50
    assert "rows" not in args("user")


def test_rows_are_limited_to_50() -> None:
    assert args("ratings", rows="50")["rows"] == 50
    e = error("ratings", rows="51")
    assert e.parameter == "rows" and "at most 50" in str(e)
    assert error("drilldown", 1, rows="0").parameter == "rows"
    assert error("drilldown", 1, rows="ten").parameter == "rows"


def test_sort_field_ratings_is_a_synonym_read_only_without_sort_field() -> None:
    assert args("ratings", sortfieldratings="rating")["sort_field"] == "rating"
    assert args("ratings", sortfield="number", sortfieldratings="rating")["sort_field"] \
        == "number"
    assert error("ratings", sortfieldratings="colour").parameter == "sortField"


@pytest.mark.parametrize(("version", "view", "start", "end", "ok"), [
    (2, "day", "2025-01-01T00:00:00Z", "2025-03-02T00:00:00Z", True),   # 60 days
    (2, "day", "2025-01-01T00:00:00Z", "2025-03-02T00:00:01Z", False),
    (1, "day", "2025-01-01T00:00:00Z", "2025-05-01T00:00:00Z", True),   # 120 days
    (1, "day", "2025-01-01", "2025-05-01", False),                      # 120 days + 86399 s
    (2, "week", "2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z", True),  # 365 days
    (2, "week", "2024-01-01", "2024-12-31", False),
    (2, "month", "2025-01-01T00:00:00Z", "2025-03-03T00:00:00Z", True),  # 61 days
    (1, "MONTH", "2025-01-01T00:00:00Z", "2025-03-02T23:59:59Z", False),
])
def test_view_by_limits(version, view, start, end, ok) -> None:
    query = {"user": "1", "start": start, "end": end, "viewby": view}
    if ok:
        assert report_arguments(report("replies"), version, query)["view_by"] == view
    else:
        with pytest.raises(RequestError) as caught:
            report_arguments(report("replies"), version, query)
        assert caught.value.parameter == "viewBy"


def test_view_by_limits_apply_to_the_previous_range_too() -> None:
    e = error("resolutions", viewby="day", previousstart="2024-01-01",
              previousend="2024-06-30")
    assert e.parameter == "viewBy" and "previous range" in str(e)
    # without viewBy the default view never breaks a limit
    args("resolutions", previousstart="2020-01-01", previousend="2024-06-30")


def test_library_errors_come_first_and_name_the_api_parameter() -> None:
    assert error("replies", viewby="fortnight").parameter == "viewBy"
    assert error("replies", end="2025-05-01", viewby="day").parameter == "end"
    assert error("user", officehours="maybe").parameter == "officeHours"
    assert error("user", previousstart="2025-05-01").parameter == "previousEnd"


def test_credentials_and_tokens() -> None:
    creds = Credentials.from_json({"api_keys": ["k1"], "clients": {"app": "secret"}})
    assert creds.api_key_ok("k1") and not creds.api_key_ok("k2") and not creds.api_key_ok(None)
    assert creds.client_ok("app", "secret") and not creds.client_ok("app", "guess")
    token = creds.issue("app")
    assert creds.token_ok(token)
    # stateless: another server (a restart, another worker) with the same file accepts it
    assert Credentials.from_json({"clients": {"app": "secret"}}).token_ok(token)
    # a changed secret or a removed client revokes it; tampering is detected
    assert not Credentials.from_json({"clients": {"app": "new"}}).token_ok(token)
    assert not Credentials.from_json({"api_keys": ["k1"]}).token_ok(token)
    head, client, issued, signature = token.split(".")
    assert not creds.token_ok(f"{head}.{client}.{int(issued) + 1}.{signature}")
    for junk in (None, "", "a.b.c", "hsr1.!!.1.x", "hsr1.YXBw.1.x.y"):
        assert not creds.token_ok(junk)


def test_authorization_headers() -> None:
    assert basic_user("Basic a2V5OlgK") == "key"
    assert basic_user("basic a2V5") == "key"
    assert basic_user("Basic !!!") is None and basic_user("Bearer x") is None
    assert bearer_token("Bearer  abc ") == "abc" and bearer_token("Basic abc") is None


@pytest.mark.parametrize("raw", [[], {"api_keys": [1]}, {"clients": ["a"]},
                                 {"clients": {"a": ""}}, {"api_keys": [], "clients": {}},
                                 {"api_key": ["x"]}])
def test_bad_credentials_are_refused_naming_the_option(raw) -> None:
    with pytest.raises(RequestError) as caught:
        Credentials.from_json(raw)
    assert caught.value.parameter == "--credentials"


def test_loopback() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.5.6.7", "::1", "[::1]", "localhost",
                                 "LOCALHOST."]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "10.0.0.1", "example.org", ""]))


def test_openapi_comes_from_the_catalogue() -> None:
    doc = openapi("1")
    paths = {p for r in REPORTS for p in (*r.v1, *r.v2)}
    assert paths | {"/v2/oauth2/token"} == set(doc["paths"])
    for rep in REPORTS:
        for version, rep_paths in ((1, rep.v1), (2, rep.v2)):
            for path in rep_paths:
                params = doc["paths"][path]["get"]["parameters"]
                names = [p["name"] for p in params]
                assert names[:len(rep.params)] == [PARAMS[k].api for k in rep.params]
                rows = next((p for p in params if p["name"] == "rows"), None)
                if rows:
                    assert rows["schema"]["maximum"] == 50
                required = {p["name"] for p in params if p["required"]}
                assert required == {"user", "start", "end"}
                assert doc["paths"][path]["get"]["security"] == (
                    [{"basic": []}] if version == 1 else [{"oauth2": []}])


def test_view_by_limit_states_the_span_truthfully() -> None:
    # 2025-01-01 to 2025-03-02 as dates: 60 days 23:59:59, over the 60 days of day on v2
    e = error("replies", start="2025-01-01", end="2025-03-02", viewby="day")
    assert "spans more than 60 days (60 days 23:59:59 from start to end)" in str(e)
    assert "61.0" not in str(e)
    e = error("replies", 1, start="2025-01-01", end="2025-03-02T23:59:59Z", viewby="month")
    assert "spans less than 61 days (60 days 23:59:59 from start to end)" in str(e)
    assert e.parameter == "viewBy" and str(e).startswith("viewBy: ")  # the API's names
