"""`reports serve` end to end: a real uvicorn server on 127.0.0.1, real clients.

python-helpscout-v2 (v2, OAuth2 token) and `requests` with Basic auth (v1) must get, for
every report of the catalogue, exactly the document the library computes for the same
parameters; errors, authentication, the token endpoint and the tolerated spellings of
real clients are checked over the wire.
"""

from __future__ import annotations

import base64
import datetime as dt
import http.client
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from helpscout import HelpScout
from helpscout.exceptions import HelpScoutAuthenticationException, HelpScoutException

import reports
import reports.html
from reports._catalog import PARAMS, REPORTS, Report

try:
    from .server_helpers import DATA, ROOT, Served, running
except ImportError:
    from server_helpers import DATA, ROOT, Served, running

USER, TEAM = 1000051, 9000000
JUNE = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z"}
MAY = {"previous_start": "2025-05-01T00:00:00Z", "previous_end": "2025-05-31T23:59:59Z"}
HALF = {"start": "2025-01-01T00:00:00Z", "end": "2025-06-30T23:59:59Z"}
API_KEY, CLIENT_ID, CLIENT_SECRET = "key-1234", "app-id", "app-secret"

#: A request for every report (Python names), exercising its own parameters.
REQUESTS: dict[str, dict[str, Any]] = {
    "user": {**JUNE, **MAY, "types": "email,chat", "office_hours": True},
    "replies": {**HALF, "view_by": "week", "previous_start": "2024-07-01T00:00:00Z",
                "previous_end": "2024-12-31T23:59:59Z"},
    "resolutions": {**HALF, "view_by": "month", "mailboxes": "40001,40002,40003",
                    "tags": "60001,60004"},
    "customers-helped": {**JUNE, "view_by": "day", **MAY},
    "happiness": {**JUNE, **MAY},
    "ratings": {**HALF, "rating": "all", "sort_field": "rating", "sort_order": "asc",
                "page": 1, "rows": 5},
    "conversation-history": {**HALF, "status": "closed", "office_hours": True,
                             "sort_field": "responseTime", "sort_order": "asc", "page": 2,
                             "rows": 5},
    "drilldown": {**JUNE, "page": 2},
}


def default_rows(rep: Report, version: int) -> dict[str, Any]:
    """The page size the server uses when none is given (docs/http.md › Paging)."""
    if "rows" not in rep.params:
        return {}
    if rep.method == "drilldown_report":
        return {"rows": 10 if version == 1 else 25}
    return {"rows": 50}


def expected(ds: reports.Dataset, rep: Report, version: int, who: int,
             params: dict[str, Any]) -> dict[str, Any]:
    """What the library answers for the request the server got."""
    kwargs = {**default_rows(rep, version), **params}
    return getattr(ds, rep.method)(user=who, **kwargs)


def query(rep: Report, params: dict[str, Any]) -> dict[str, str]:
    """The request's query parameters under their API (camelCase) names."""
    api = {PARAMS[k].name: PARAMS[k].api for k in rep.params}
    out = {}
    for name, value in params.items():
        out[api[name]] = "1" if value is True else str(value)
    return out


def body_bytes(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode()


@pytest.fixture(scope="module")
def ds() -> reports.Dataset:
    return reports.load(DATA)


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    """A server without credentials: any caller is accepted."""
    with running() as served:
        yield served


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A server over a prepared store of the sample data (`reports import`), with a
    credentials file and two worker processes."""
    tmp = tmp_path_factory.mktemp("secured")
    store = tmp / "store"
    subprocess.run([sys.executable, "-m", "reports", "import", str(DATA), "--out", str(store)],
                   check=True, capture_output=True, timeout=300, cwd=ROOT)
    path = tmp / "credentials.json"
    path.write_text(json.dumps({"api_keys": [API_KEY], "clients": {CLIENT_ID: CLIENT_SECRET}}))
    with running("--credentials", str(path), "--workers", "2", data=store) as served:
        yield served


def raw_get(base: str, target: str, headers: dict[str, str] | None = None
            ) -> tuple[int, dict[str, str], bytes]:
    """GET a request target sent exactly as written (no URL-encoding)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


# -- the clients people have ----------------------------------------------------------


@pytest.mark.parametrize("rep", REPORTS, ids=[r.command for r in REPORTS])
@pytest.mark.parametrize("who", [USER, TEAM])
def test_python_helpscout_v2_gets_the_library_document(ds, server, rep, who) -> None:
    hs = HelpScout(CLIENT_ID, CLIENT_SECRET, base_url=f"{server.url}/v2/")
    params = REQUESTS[rep.command]
    for path in rep.v2:
        answer = hs.hit(path.removeprefix("/v2/"), "get",
                        params={"user": who, **query(rep, params)})
        assert answer == [expected(ds, rep, 2, who, params)]


@pytest.mark.parametrize("rep", REPORTS, ids=[r.command for r in REPORTS])
def test_requests_with_basic_auth_gets_the_library_document_on_v1(ds, server, rep) -> None:
    params = REQUESTS[rep.command]
    for path in rep.v1:
        r = requests.get(server.url + path, params={"user": USER, **query(rep, params)},
                         auth=(API_KEY, "X"), timeout=30)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/json")
        assert r.content == body_bytes(expected(ds, rep, 1, USER, params))


def test_a_store_served_by_worker_processes_with_credentials_answers_the_same(
        ds, secured) -> None:
    hs = HelpScout(CLIENT_ID, CLIENT_SECRET, base_url=f"{secured.url}/v2/")
    for rep in REPORTS:
        params = REQUESTS[rep.command]
        answer = hs.hit(rep.v2[0].removeprefix("/v2/"), "get",
                        params={"user": USER, **query(rep, params)})
        assert answer == [expected(ds, rep, 2, USER, params)]
        r = requests.get(secured.url + rep.v1[0], auth=(API_KEY, "anything"), timeout=30,
                         params={"user": USER, **query(rep, params)})
        assert r.status_code == 200
        assert r.json() == expected(ds, rep, 1, USER, params)


def test_python_helpscout_v2_sees_the_error_body(secured) -> None:
    hs = HelpScout(CLIENT_ID, CLIENT_SECRET, base_url=f"{secured.url}/v2/")
    with pytest.raises(HelpScoutException) as caught:
        hs.hit("reports/user", "get", params={"user": 424242, **query(REPORTS[0], JUNE)})
    body = json.loads(str(caught.value))
    assert body["_embedded"]["errors"][0]["path"] == "user"


def test_wrong_client_secret_gets_no_token(secured) -> None:
    hs = HelpScout(CLIENT_ID, "wrong", base_url=f"{secured.url}/v2/")
    with pytest.raises(HelpScoutAuthenticationException):
        hs.hit("reports/user", "get", params={"user": USER, **query(REPORTS[0], JUNE)})


# -- authentication --------------------------------------------------------------------


def _token(base: str, **kw: Any) -> requests.Response:
    return requests.post(f"{base}/v2/oauth2/token", timeout=30, **kw)


def test_v1_needs_a_known_api_key(secured) -> None:
    url = f"{secured.url}/v1/reports/user.json?user={USER}&start=2025-06-01&end=2025-06-30"
    for auth in (None, ("other-key", "X")):
        r = requests.get(url, auth=auth, timeout=30)
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Basic")
        body = r.json()
        assert body["status"] == 401 and "API key" in body["message"]
    assert requests.get(url, auth=(API_KEY, ""), timeout=30).status_code == 200
    bearer = _token(secured.url, data={"grant_type": "client_credentials", "client_id":
                                       CLIENT_ID, "client_secret": CLIENT_SECRET})
    r = requests.get(url, timeout=30, headers={
        "Authorization": f"Bearer {bearer.json()['access_token']}"})
    assert r.status_code == 401  # v1 takes API keys only


def test_v2_needs_a_token_this_server_issued(secured) -> None:
    url = f"{secured.url}/v2/reports/user?user={USER}&start=2025-06-01&end=2025-06-30"
    cases: list[dict[str, str]] = [
        {}, {"Authorization": "Bearer made-up"},
        {"Authorization": "Basic " + base64.b64encode(f"{API_KEY}:X".encode()).decode()},
        {"Authorization": "Bearer hsr1.YXBwLWlk.1700000000.forged"},
    ]
    for headers in cases:
        r = requests.get(url, headers=headers, timeout=30)
        assert r.status_code == 401, headers
        assert r.headers["content-type"] == "application/vnd.error+json"
        assert r.headers["www-authenticate"].startswith("Bearer")
        body = r.json()
        assert body["_embedded"]["errors"][0]["path"] == "Authorization"
    form = _token(secured.url, data={"grant_type": "client_credentials",
                                     "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    as_json = _token(secured.url, json={"grant_type": "client_credentials",
                                        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    for answer in (form, as_json):
        assert answer.status_code == 200
        token = answer.json()
        assert token["token_type"] == "bearer" and token["expires_in"] == 172800
        r = requests.get(url, headers={"Authorization": f"Bearer {token['access_token']}"},
                         timeout=30)
        assert r.status_code == 200


def test_token_endpoint_refuses_wrong_clients_and_grants(secured) -> None:
    r = _token(secured.url, data={"grant_type": "client_credentials", "client_id": CLIENT_ID,
                                  "client_secret": "nope"})
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_client"
    r = _token(secured.url, json={"grant_type": "password", "client_id": CLIENT_ID,
                                  "client_secret": CLIENT_SECRET})
    assert r.status_code == 400
    assert r.json()["_embedded"]["errors"][0]["path"] == "grant_type"
    r = _token(secured.url, data="{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_without_credentials_any_caller_and_any_token_is_accepted(server) -> None:
    url = f"{server.url}/v2/reports/user?user={USER}&start=2025-06-01&end=2025-06-30"
    for headers in ({}, {"Authorization": "Bearer whatever"}):
        assert requests.get(url, headers=headers, timeout=30).status_code == 200
    for kw in ({"data": {"client_id": "x", "client_secret": "y"}},
               {"json": {"grant_type": "client_credentials", "client_id": "a",
                         "client_secret": "b"}}, {}):
        r = _token(server.url, **kw)
        assert r.status_code == 200
        assert set(r.json()) == {"token_type", "access_token", "expires_in"}


# -- errors -----------------------------------------------------------------------------


def _v2_error(r: requests.Response, status: int, parameter: str) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/vnd.error+json"
    body = r.json()
    assert body["message"] and body["logRef"]
    error = body["_embedded"]["errors"][0]
    assert error["path"] == parameter
    assert error["message"].startswith(f"{parameter}: ")
    assert "Traceback" not in r.text
    return str(error["message"])


def _v1_error(r: requests.Response, status: int, parameter: str) -> None:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body == {"status": status, "message": body["message"]}
    assert body["message"].startswith(f"{parameter}: ")


@pytest.mark.parametrize(("path", "params", "status", "parameter"), [
    ("user", {"start": "2025-06-01", "end": "2025-06-30"}, 400, "user"),
    ("user", {"user": 424242, "start": "2025-06-01", "end": "2025-06-30"}, 404, "user"),
    ("user", {"user": "abc", "start": "2025-06-01", "end": "2025-06-30"}, 400, "user"),
    ("user", {"user": USER, "start": "2025-06-30", "end": "2025-06-01"}, 400, "end"),
    ("user", {"user": USER, "start": "June", "end": "2025-06-30"}, 400, "start"),
    ("user", {"user": USER, "end": "2025-06-30"}, 400, "start"),
    ("user", {"user": USER, **JUNE, "mailboxes": "1,x"}, 400, "mailboxes"),
    ("user", {"user": USER, **JUNE, "types": "fax"}, 400, "types"),
    ("user", {"user": USER, **JUNE, "officeHours": "maybe"}, 400, "officeHours"),
    ("user", {"user": USER, **JUNE, "previousStart": "2025-05-01"}, 400, "previousEnd"),
    ("user/replies", {"user": USER, "start": "2025-01-01", "end": "2025-03-15",
                      "viewBy": "day"}, 400, "viewBy"),
    ("user/replies", {"user": USER, **JUNE, "viewBy": "month"}, 400, "viewBy"),
    ("user/replies", {"user": USER, **JUNE, "viewBy": "year"}, 400, "viewBy"),
    ("user/resolutions", {"user": USER, **JUNE, "viewBy": "day",
                          "previousStart": "2024-11-01", "previousEnd": "2025-04-30"},
     400, "viewBy"),
    ("user/ratings", {"user": USER, **JUNE, "rows": 51}, 400, "rows"),
    ("user/ratings", {"user": USER, **JUNE, "rows": 0}, 400, "rows"),
    ("user/ratings", {"user": USER, **JUNE, "page": "two"}, 400, "page"),
    ("user/ratings", {"user": USER, **JUNE, "rating": "superb"}, 400, "rating"),
    ("user/ratings", {"user": USER, **JUNE, "sortField": "color"}, 400, "sortField"),
    ("user/conversation-history", {"user": USER, **JUNE, "status": "spam"}, 400, "status"),
    ("user/conversation-history", {"user": USER, **JUNE, "sortOrder": "up"}, 400,
     "sortOrder"),
    ("user/drilldown", {"user": USER, **JUNE, "rows": 100}, 400, "rows"),
])
def test_errors_name_the_parameter(server, path, params, status, parameter) -> None:
    r = requests.get(f"{server.url}/v2/reports/{path}", params=params, timeout=30)
    message = _v2_error(r, status, parameter)
    v1 = "users/drilldown" if path == "user/drilldown" else path
    r1 = requests.get(f"{server.url}/v1/reports/{v1}.json", params=params, timeout=30)
    if parameter == "viewBy" and params.get("viewBy") == "day" and "previousStart" not in params:
        assert r1.status_code == 200  # 73 days: day is allowed up to 120 days on v1
    else:
        _v1_error(r1, status, parameter)
    assert message


def test_view_by_day_limits_per_version(server) -> None:
    first = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    for days, v1, v2 in ((60, 200, 200), (61, 200, 400), (120, 200, 400), (121, 400, 400)):
        stop = first + dt.timedelta(days=days)  # end - start: exactly `days` days
        params = {"user": USER, "start": "2025-01-01T00:00:00Z",
                  "end": stop.strftime("%Y-%m-%dT%H:%M:%SZ"), "viewBy": "day"}
        r1 = requests.get(f"{server.url}/v1/reports/user/replies.json", params=params,
                          timeout=30)
        r2 = requests.get(f"{server.url}/v2/reports/user/replies", params=params, timeout=30)
        assert (r1.status_code, r2.status_code) == (v1, v2), days


def test_unknown_paths_and_methods_answer_in_help_scouts_format(server) -> None:
    r = requests.get(f"{server.url}/v2/reports/users", timeout=30)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/vnd.error+json"
    assert "openapi" in r.json()["_embedded"]["errors"][0]["message"]
    r = requests.get(f"{server.url}/v1/reports/nothing.json", timeout=30)
    assert r.status_code == 404 and r.json()["status"] == 404
    r = requests.post(f"{server.url}/v2/reports/user", timeout=30)
    assert r.status_code == 405 and "GET" in r.headers["allow"]
    assert r.headers["content-type"] == "application/vnd.error+json"
    r = requests.get(f"{server.url}/v2/oauth2/token", timeout=30)
    assert r.status_code == 405
    # a trailing slash is the same path, answered at once (no redirect)
    r = requests.get(f"{server.url}/v2/reports/user/", allow_redirects=False, timeout=30,
                     params={"user": USER, "start": "2025-06-01", "end": "2025-06-30"})
    assert r.status_code == 200
    r = requests.head(f"{server.url}/v1/reports/user.json", timeout=30,
                      params={"user": USER, "start": "2025-06-01", "end": "2025-06-30"})
    assert r.status_code == 200 and not r.content


# -- what real clients send -------------------------------------------------------------


def test_a_repeated_key_takes_its_last_value(ds, server) -> None:
    # helpscout-api-java appends every parameter twice; others may differ
    target = (f"/v1/reports/user/ratings.json?user=1&user={USER}&start=2025-01-01T00:00:00Z"
              f"&start=2025-01-01T00:00:00Z&end=2025-06-30T23:59:59Z&page=5&page=1&rows=3"
              "&rows=3&sortField=number&sortField=rating")
    status, _, body = raw_get(server.url, target)
    assert status == 200
    assert json.loads(body) == ds.ratings_report(USER, "2025-01-01", "2025-06-30",
                                                 page=1, rows=3, sort_field="rating")


def test_sort_field_ratings_is_read_when_sort_field_is_absent(ds, server) -> None:
    base = f"{server.url}/v2/reports/user/ratings"
    common = {"user": TEAM, **HALF, "sortOrder": "asc", "rows": 50}
    r = requests.get(base, params={**common, "sortFieldRatings": "rating"}, timeout=30)
    want = ds.ratings_report(TEAM, HALF["start"], HALF["end"], sort_field="rating",
                             sort_order="asc", rows=50)
    assert r.json() == want
    r = requests.get(base, params={**common, "sortField": "number",
                                   "sortFieldRatings": "rating"}, timeout=30)
    assert r.json() == ds.ratings_report(TEAM, HALF["start"], HALF["end"],
                                         sort_field="number", sort_order="asc", rows=50)


def test_unencoded_queries_brackets_milliseconds_and_snake_case(ds, server) -> None:
    want = ds.user_report(USER, "2025-05-31T22:00:00Z", "2025-06-30T23:59:59Z",
                          previous_start="2025-05-01", previous_end="2025-05-31",
                          types=["email", "chat"], office_hours=True)
    targets = [
        # an offset's + not encoded (python-helpscout-v2 joins values by hand)
        "/v2/reports/user?user=1000051&start=2025-06-01T00:00:00+02:00"
        "&end=2025-06-30T23:59:59Z&previousStart=2025-05-01&previousEnd=2025-05-31"
        "&types=email,chat&officeHours=true",
        # axios: key[] lists, milliseconds
        "/v2/reports/user?user=1000051&start=2025-05-31T22:00:00.000Z"
        "&end=2025-06-30T23:59:59.000Z&previousStart=2025-05-01T00:00:00.000Z"
        "&previousEnd=2025-05-31T23:59:59.000Z&types[]=email&types[]=chat&officeHours=1",
        # the Rust client: snake_case keys; encoded brackets and commas
        "/v1/reports/user.json?user=1000051&start=2025-05-31T22%3A00%3A00Z"
        "&end=2025-06-30T23:59:59Z&previous_start=2025-05-01&previous_end=2025-05-31"
        "&types%5B%5D=email&types%5B%5D=chat&office_hours=1",
    ]
    for target in targets:
        status, headers, body = raw_get(server.url, target)
        assert status == 200, body
        assert json.loads(body) == want, target
    status, _, body = raw_get(server.url, "/v2/reports/user?user=1000051&start=2025-06-01"
                                          "&end=2025-06-30&officeHours=false&tags=")
    assert status == 200
    assert json.loads(body) == ds.user_report(USER, "2025-06-01", "2025-06-30")


def test_a_previous_range_sent_to_a_paged_report_is_ignored(ds, server) -> None:
    r = requests.get(f"{server.url}/v2/reports/user/drilldown", timeout=30, params={
        "user": USER, **JUNE, "previousStart": "2025-05-01", "previousEnd": "nonsense"})
    assert r.status_code == 200
    assert r.json() == ds.drilldown_report(USER, JUNE["start"], JUNE["end"], rows=25)


def test_openapi_lists_every_catalogue_path_with_api_names(server) -> None:
    doc = requests.get(f"{server.url}/openapi.json", timeout=30).json()
    assert doc["openapi"].startswith("3.")
    for rep in REPORTS:
        names = {PARAMS[k].api for k in rep.params}
        for path in (*rep.v1, *rep.v2):
            op = doc["paths"][path]["get"]
            assert names <= {p["name"] for p in op["parameters"]}
    assert "post" in doc["paths"]["/v2/oauth2/token"]


def test_every_request_is_logged_in_one_line(server) -> None:
    requests.get(f"{server.url}/v2/reports/user?user=777&start=2025-06-01&end=2025-06-30",
                 timeout=30)
    log = server.wait_for_log("has id 777")
    line = next(x for x in log.splitlines() if "has id 777" in x)
    assert "GET /v2/reports/user 404 " in line
    assert " ms (user: no user or team has id 777" in line
    assert "Traceback" not in log


# -- safe by default ----------------------------------------------------------------------


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    from reports._cli import main

    code = main(list(argv))
    return code, capsys.readouterr().err


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.org"])
def test_a_reachable_host_without_credentials_refuses_to_start(capsys, host) -> None:
    code, err = run_cli(capsys, "serve", "--data", str(DATA), "--host", host)
    assert code == 2
    assert err.count("\n") == 1 and "--host" in err and "--credentials" in err


@pytest.mark.parametrize(("content", "what"), [
    ("{not json", "not JSON"), ('{"api_keys": "k"}', "api_keys"),
    ('{"clients": {"id": ""}}', "clients"), ("{}", "no API key"),
    ('{"keys": []}', "unknown key"),
])
def test_a_bad_credentials_file_stops_with_one_line(capsys, tmp_path: Path, content,
                                                    what) -> None:
    path = tmp_path / "creds.json"
    path.write_text(content)
    code, err = run_cli(capsys, "serve", "--data", str(DATA), "--credentials", str(path))
    assert code == 2
    assert err.count("\n") == 1 and what in err and "--credentials" in err


# -- the report as a page (GET / and GET /users/{id}) --------------------------------

HTML_ACCEPT = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # a browser's
_MADE = re.compile(r" from \S+ on \d{4}-\d\d-\d\d \d\d:\d\d UTC")


def same_page(served: str, library: str) -> bool:
    """Whether two pages are equal but for the footer's source and time of making."""
    return _MADE.sub("", served) == _MADE.sub("", library) and _MADE.search(served) is not None


def test_a_browser_at_the_root_gets_the_users_and_teams_page(ds, server) -> None:
    r = requests.get(server.url + "/", headers=HTML_ACCEPT, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert same_page(r.text, reports.html.index_page(ds))
    info = ds.info()
    for who in info["users"][:3] + info["teams"][:3]:
        assert f'href="/users/{who["id"]}"' in r.text
    api = requests.get(server.url + "/", timeout=30)  # anyone else: the API's index
    assert api.headers["content-type"] == "application/json"
    assert "/v2/reports/user" in api.json()["v2"]


def test_the_user_page_is_the_library_page_with_a_form_to_this_url(ds, server) -> None:
    r = requests.get(f"{server.url}/users/{USER}", timeout=30, headers=HTML_ACCEPT, params={
        "start": "2025-06-01", "end": "2025-06-30", "previousStart": "2025-05-01",
        "previousEnd": "2025-05-31", "viewBy": "week", "types": "email,chat",
        "officeHours": "1"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert same_page(r.text, reports.html.user_page(
        ds, USER, "2025-06-01", "2025-06-30", "2025-05-01", "2025-05-31", view_by="week",
        types="email,chat", office_hours="1", form_action=f"/users/{USER}"))
    assert f'action="/users/{USER}"' in r.text


def test_the_user_page_without_a_range_shows_the_last_30_days_of_data(ds, server) -> None:
    r = requests.get(f"{server.url}/users/{TEAM}", timeout=30)
    last = dt.date.fromisoformat(ds.info()["span"]["last"][:10])  # 2025-12-31
    first = last - dt.timedelta(days=29)
    assert r.status_code == 200
    assert same_page(r.text, reports.html.user_page(
        ds, TEAM, first.isoformat(), last.isoformat(), form_action=f"/users/{TEAM}"))


@pytest.mark.parametrize(("target", "status", "words"), [
    ("/users/4242?start=2025-06-01&end=2025-06-30", 404, "no user or team has id 4242"),
    (f"/users/{USER}?start=June&end=2025-06-30", 400, "start"),
    (f"/users/{USER}?start=2025-06-30&end=2025-06-01", 400, "end"),
    (f"/users/{USER}?start=2025-06-01&end=2025-06-30&viewBy=year", 400, "viewBy"),
])
def test_a_page_error_is_a_page_that_names_the_parameter(server, target, status,
                                                         words) -> None:
    r = requests.get(server.url + target, timeout=30)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert words in r.text and 'href="/"' in r.text
    assert "reports info" not in r.text and "Traceback" not in r.text


def test_pages_need_the_api_key_when_credentials_are_set(ds, secured) -> None:
    url = f"{secured.url}/users/{USER}?start=2025-06-01&end=2025-06-30"
    r = requests.get(url, headers=HTML_ACCEPT, timeout=30)
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Basic")
    r = requests.get(url, headers=HTML_ACCEPT, auth=(API_KEY, ""), timeout=60)
    assert r.status_code == 200  # computed in a worker process
    assert same_page(r.text, reports.html.user_page(ds, USER, "2025-06-01", "2025-06-30",
                                                    form_action=f"/users/{USER}"))
    index = requests.get(secured.url + "/", headers=HTML_ACCEPT, auth=(API_KEY, ""),
                         timeout=30)
    assert index.status_code == 200 and f'href="/users/{USER}"' in index.text
