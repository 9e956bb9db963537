"""Fuzzing the server in-process (its ASGI application over sample_data): whatever a client
sends, the answer is a report or a Help Scout error — never a 500, never a hang.

Two fuzzers, both bounded in examples (the whole module takes seconds):
- schemathesis, driven by the server's own /openapi.json (so the document is checked to
  be usable, too);
- hypothesis, sending raw query strings — known keys with odd values, junk keys,
  repeated keys, brackets, percent signs, non-UTF-8 bytes — straight into the ASGI app.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

import reports
from reports._catalog import PARAMS, REPORTS
from reports.server import Engine, create_app

try:
    from .server_helpers import DATA
except ImportError:
    from server_helpers import DATA

PATHS = [p for r in REPORTS for p in (*r.v1, *r.v2)]
KEYS = sorted({PARAMS[k].api for r in REPORTS for k in r.params}
              | {"sortFieldRatings", "previous_start", "office_hours", "view_by"})
VALUES = ["1000051", "9000000", "0", "-1", "99999999999999999999999", "", "2025-06-01",
          "2025-06-30T23:59:59Z", "2025-06-01T00:00:00.000Z", "2025-06-01T00:00:00 02:00",
          "1900-01-01", "2199-12-31", "0001-01-01", "9999-99-99", "day", "week", "month",
          "DAY", "true", "false", "yes", "email,chat", "40001,40002", "1,,2", "a,b", "%",
          "%zz", "%00", "%ff%fe", "not_good", "rating", "responseTime", "asc", "DESC", "50",
          "51", "1e3", "0x10", " 7 ", "[]", "{}", "null", "NaN", "\u00e9"]
LOG: list[str] = []
#: Deterministic and bounded: the same examples on every run, no example database.
FUZZ_SETTINGS = settings(deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def app() -> Any:
    ds = reports.load(DATA)
    engine = Engine(ds, LOG.append)
    engine.warm_up()
    return create_app(engine, log=LOG.append)


def call(app: Any, method: str, path: str, query: bytes,
         headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request straight into the ASGI application."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": query, "root_path": "", "headers": headers or [],
             "client": ("127.0.0.1", 40000), "server": ("127.0.0.1", 8080)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def run() -> None:
        await asyncio.wait_for(app(scope, receive, send), timeout=30)

    asyncio.run(run())
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    headers_out = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers_out, body


def check_answer(status: int, headers: dict[str, str], body: bytes, path: str) -> None:
    assert status in (200, 400, 404), (status, body[:500])
    doc = json.loads(body)
    if status == 200:
        assert headers["content-type"] == "application/json"
        return
    if path.startswith("/v2/"):
        assert headers["content-type"] == "application/vnd.error+json"
        error = doc["_embedded"]["errors"][0]
        assert error["path"] and error["message"].startswith(error["path"])
    else:
        assert set(doc) == {"status", "message"} and doc["status"] == status
    assert b"Traceback" not in body


_pairs = st.lists(st.tuples(
    st.one_of(st.sampled_from(KEYS), st.sampled_from([k + "[]" for k in KEYS]),
              st.text(alphabet="abcdefgxyz_[]%=", max_size=8)),
    st.one_of(st.sampled_from(VALUES), st.text(max_size=12))), max_size=12)


@settings(FUZZ_SETTINGS, max_examples=300)
@given(path=st.sampled_from(PATHS), pairs=_pairs, tail=st.binary(max_size=16),
       user=st.sampled_from(["1000051", "9000000", "1000000"]))
def test_raw_query_strings_never_fail_the_server(app, path, pairs, tail, user) -> None:
    parts = [f"user={user}", "start=2025-06-01", "end=2025-06-30"]
    parts += [f"{k}={v}" for k, v in pairs]
    query = "&".join(parts).encode("utf-8", "surrogatepass") + b"&" + tail
    status, headers, body = call(app, "GET", path, query)
    check_answer(status, headers, body, path)


@settings(FUZZ_SETTINGS, max_examples=150)
@given(query=st.binary(max_size=200), path=st.sampled_from(PATHS))
def test_arbitrary_bytes_never_fail_the_server(app, query, path) -> None:
    status, headers, body = call(app, "GET", path, query)
    check_answer(status, headers, body, path)


@settings(FUZZ_SETTINGS, max_examples=100)
@given(body=st.binary(max_size=200), media=st.sampled_from(
    [b"application/json", b"application/x-www-form-urlencoded", b"", b"text/plain"]))
def test_the_token_endpoint_never_fails(app, body, media) -> None:
    scope_headers = [(b"content-type", media)] if media else []

    async def run() -> tuple[int, bytes]:
        sent: list[dict[str, Any]] = []
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "POST", "scheme": "http", "path": "/v2/oauth2/token",
                 "raw_path": b"/v2/oauth2/token", "query_string": b"", "root_path": "",
                 "headers": scope_headers, "client": ("127.0.0.1", 1),
                 "server": ("127.0.0.1", 8080)}

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await asyncio.wait_for(app(scope, receive, send), timeout=30)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    status, answer = asyncio.run(run())
    assert status in (200, 400), answer
    assert "access_token" in json.loads(answer) or status == 400


def test_a_crash_answers_500_in_help_scouts_format_and_logs_the_trace() -> None:
    class Broken:
        office_hours = None

        def user_report(self, **kwargs: Any) -> Any:
            raise RuntimeError("engine exploded")

    log: list[str] = []
    app = create_app(Engine(Broken(), log.append), threaded=False, log=log.append)
    for path in ("/v2/reports/user", "/v1/reports/user.json"):
        status, headers, body = call(app, "GET", path,
                                     b"user=1&start=2025-06-01&end=2025-06-30")
        assert status == 500
        assert b"Traceback" not in body and b"exploded" not in body
        doc = json.loads(body)
        if path.startswith("/v2"):
            assert headers["content-type"] == "application/vnd.error+json"
            assert doc["logRef"] in doc["_embedded"]["errors"][0]["message"]
        else:
            assert doc["status"] == 500
    assert any("RuntimeError: engine exploded" in line for line in log)
    assert any(" 500 " in line and "logRef" in line for line in log)


# -- schemathesis, from the server's own OpenAPI document ----------------------------------


def test_schemathesis_finds_no_server_error(app) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(PATHS) + 1  # every report path and the token endpoint
    for operation in operations:

        @settings(FUZZ_SETTINGS, max_examples=20)
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call_and_validate(checks=[not_a_server_error])
            assert response.status_code in (200, 400, 401, 404), response.text[:500]

        check()
