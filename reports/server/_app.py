"""The ASGI application: Help Scout's report endpoints over one warm `Dataset`.

Routes come from the report catalogue (`reports._catalog.REPORTS`): each report's v1 and v2
paths answer its document, computed by the `Dataset` method the catalogue names, with the
parameters read as `_params` says. Around them: authentication (`_auth`), the token
endpoint, ``/openapi.json``, Help Scout's error bodies for every failure (v2
``application/vnd.error+json``, v1 ``{"status", "message"}``) and one log line per
request. No traceback ever reaches a client: it goes to the log with the `logRef` the
client got.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
import traceback
import uuid
import warnings
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from functools import cached_property
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .._catalog import PARAMS, REPORTS, Report
from .._catalog import report as report_named
from .._errors import _REASONS, ReportsError, api_error_body
from ._auth import TOKEN_LIFETIME, Credentials, basic_pair, basic_user, bearer_token, open_token
from ._openapi import openapi
from ._params import _INSTANTS, _instant, key, parse_query, report_arguments

__all__ = ["Engine", "compute", "create_app", "worker_pool"]

JSON = "application/json"
VND_ERROR = "application/vnd.error+json"
_MAX_TOKEN_BODY = 65536
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")


def dumps(doc: Any) -> bytes:
    """A document as compact UTF-8 JSON (the values `json.dumps` writes for the CLI)."""
    return json.dumps(doc, ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")


class Engine:
    """The warm dataset behind the server: computes one report's JSON body at a time.

    Warnings the library raises for a request (an `officeHours=1` without office hours,
    filter ids that match nothing) go to `log`, each distinct message once.
    """

    def __init__(self, dataset: Any, log: Callable[[str], None] = _stderr) -> None:
        self.dataset = dataset
        self.log = log
        self._warned: set[str] = set()
        self.index_html: bytes | None = None  # GET /, rendered on first use

    def report(self, report: Report, kwargs: dict[str, Any]) -> bytes:
        """The JSON body of `Dataset.<report.method>(**kwargs)`; raises `ReportsError`."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            doc = getattr(self.dataset, report.method)(**kwargs)
        for w in caught:
            self.warn(str(w.message))
        return dumps(doc)

    def warn(self, message: str) -> None:
        """Log a warning once."""
        if message not in self._warned and len(self._warned) < 1000:
            self._warned.add(message)
            self.log(f"warning: {message}")

    @cached_property
    def default_range(self) -> dict[str, str]:
        """The last 30 days of the data (to the day of its last instant; without data, to
        today): the range of a page asked for without `start` and `end`."""
        with warnings.catch_warnings(record=True):  # its warnings were logged at load
            warnings.simplefilter("always")
            last = self.dataset.info()["span"]["last"]
        end = dt.date.fromisoformat(last[:10]) if last else dt.date.today()
        return {"start": (end - dt.timedelta(days=29)).isoformat(), "end": end.isoformat()}

    def warm_up(self) -> dict[str, Any]:
        """Compute every report once (the per-dataset work happens on the first), so the
        first request is fast; returns who and what was asked."""
        ds = self.dataset
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            info = ds.info()
        who = [u["id"] for u in info["users"]] + [t["id"] for t in info["teams"]]
        if not who or info["span"]["last"] is None:
            return {"user": None}
        asked: dict[str, Any] = {"user": who[0], **self.default_range}
        hours = ds.office_hours is not None and ds.office_hours.enabled
        for report in REPORTS:
            kwargs: dict[str, Any] = dict(asked)
            if "office_hours" in report.names:
                kwargs["office_hours"] = hours
            if "rows" in report.names:
                kwargs["rows"] = 1
            with warnings.catch_warnings(record=True):
                warnings.simplefilter("always")
                getattr(ds, report.method)(**kwargs)
        return asked


#: The engine of this process: set before worker processes fork, so they inherit it warm.
_ENGINE: Engine | None = None

#: What computing a report gives: ("ok", body) | ("error", status, v2 body, message) |
#: ("crash", traceback text). Plain values, so that worker processes can send them back.
Outcome = tuple[Any, ...]


def compute(engine: Engine, command: str, kwargs: dict[str, Any]) -> Outcome:
    """Compute one report; never raises."""
    try:
        return ("ok", engine.report(report_named(command), kwargs))
    except ReportsError as exc:
        return ("error", exc.http_status, exc.to_api_body(), exc.api_message)
    except Exception as exc:  # noqa: BLE001 - the caller answers 500 and logs the trace
        return ("crash", "".join(traceback.format_exception(exc)).rstrip())


#: The parameters of the served HTML report page (`GET /users/{id}`), by dataset keyword.
PAGE_PARAMS = ("start", "end", "previous_start", "previous_end", "view_by", "mailboxes",
               "tags", "types", "folders", "office_hours")


def page(engine: Engine, which: str, kwargs: dict[str, Any]) -> Outcome:
    """Render an HTML page (``"index"``, or ``"user"`` with `reports.html.user_page`'s
    keywords); never raises. An error's message is for a remote reader (no local hints).
    """
    try:
        from .. import html

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if which == "index":
                if engine.index_html is None:  # the data does not change: render once
                    engine.index_html = html.index_page(engine.dataset).encode("utf-8")
                body = engine.index_html
            else:
                if kwargs.get("start") is None and kwargs.get("end") is None:
                    kwargs = {**kwargs, **engine.default_range}
                body = html.user_page(engine.dataset, **kwargs,
                                      form_action=f"/users/{kwargs['user']}").encode("utf-8")
        for w in caught:
            engine.warn(str(w.message))
        return ("ok", body)
    except ReportsError as exc:
        return ("error", exc.http_status, None, exc.api_message)
    except ImportError as exc:  # the html extra is not installed
        return ("error", 501, None, f"the HTML pages need Jinja2 ({exc}); install "
                "helpscout-reports[serve] or [html]")
    except Exception as exc:  # noqa: BLE001 - the caller answers 500 and logs the trace
        return ("crash", "".join(traceback.format_exception(exc)).rstrip())


def _compute_in_worker(command: str, kwargs: dict[str, Any]) -> Outcome:
    assert _ENGINE is not None, "the worker processes must be forked from a warm engine"
    return compute(_ENGINE, command, kwargs)


def _page_in_worker(which: str, kwargs: dict[str, Any]) -> Outcome:
    assert _ENGINE is not None, "the worker processes must be forked from a warm engine"
    return page(_ENGINE, which, kwargs)


def _quiet_worker(parent: int) -> None:
    """Worker processes leave Ctrl-C to the server process, which stops them, and end
    when it ends, however it ends (Linux: the parent-death signal)."""
    import os
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the server ended before the signal was set
        os._exit(0)


def worker_pool(engine: Engine, workers: int) -> Any:
    """`workers` processes forked now from this (warm) process, each computing reports
    on its copy-on-write view of the dataset. Fork before any thread is started."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _ENGINE
    _ENGINE = engine
    import gc
    import os

    gc.collect()
    gc.freeze()  # the collector leaves the loaded objects alone: their pages stay shared
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker,
                               initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context("fork"))
    for future in [pool.submit(len, "") for _ in range(workers)]:
        future.result()
    return pool


# -- error bodies ---------------------------------------------------------------------


def error_response(version: int, status: int, message: str, *, path: str = "",
                   source: str = "", rejected: Any = None, log_ref: str | None = None,
                   headers: Mapping[str, str] | None = None,
                   extra: dict[str, Any] | None = None) -> Response:
    """Help Scout's error answer: v2 `application/vnd.error+json`, v1 `{"status",
    "message"}`."""
    if version == 1:
        body: dict[str, Any] = {"status": status, "message": message}
        media = JSON
    else:
        body = api_error_body(status, message, path=path, rejected=rejected, source=source,
                              log_ref=log_ref)
        media = VND_ERROR
    body.update(extra or {})
    return Response(dumps(body), status_code=status, media_type=media, headers=headers)


def library_error_response(version: int, status: int, body: dict[str, Any],
                           message: str) -> Response:
    """A library error (`ReportsError`) as Help Scout answers it: on v2 its
    `to_api_body()`, on v1 `{"status", "message"}`."""
    if version == 1:
        return error_response(1, status, message)
    return Response(dumps(body), status_code=status, media_type=VND_ERROR)


def _version(path: str) -> int:
    return 1 if path.startswith("/v1/") else 2


def _note(request: Request, text: str) -> None:
    """A short reason for the request's log line."""
    request.scope.setdefault("state", {})["log_note"] = text


# -- the application ------------------------------------------------------------------


class _Server:
    """The endpoints, bound to an engine, credentials and an execution mode."""

    def __init__(self, engine: Engine, credentials: Credentials | None,
                 threaded: bool, pool: Any) -> None:
        self.engine = engine
        self.credentials = credentials
        self.threaded = threaded
        self.pool = pool
        self._limiter: Any = None
        self._openapi = dumps(openapi(_package_version()))
        self._index = dumps({
            "openapi": "/openapi.json",
            "token": "/v2/oauth2/token",
            "v1": [p for r in REPORTS for p in r.v1],
            "v2": [p for r in REPORTS for p in r.v2],
        })

    def routes(self) -> list[Route]:
        routes = [Route("/", self.index, methods=["GET"]),
                  Route("/users/{user}", self.user_page, methods=["GET"]),
                  Route("/openapi.json", self.openapi, methods=["GET"]),
                  Route("/v2/oauth2/token", self.token, methods=["POST"])]
        for report in REPORTS:
            for version, paths in ((1, report.v1), (2, report.v2)):
                for path in paths:
                    routes.append(Route(path, self._endpoint(report, version),
                                        methods=["GET"], name=f"v{version}:{path}"))
        return routes

    async def index(self, request: Request) -> Response:
        """A browser (asking for HTML) gets the users and teams, each linking to its
        report page; anyone else the JSON index of the API."""
        if not _wants_html(request):
            return Response(self._index, media_type=JSON)
        return await self._page(request, "index", {})

    async def user_page(self, request: Request) -> Response:
        """`GET /users/{id}`: the user's or team's report as a page, with a form to change
        the range and filters (the last 30 days of the data when no range is given)."""
        query = parse_query(request.scope["query_string"])
        kwargs: dict[str, Any] = {"user": request.path_params["user"]}
        for name in PAGE_PARAMS:
            value = query.get(key(PARAMS[name].api))
            kwargs[name] = _instant(value) if value and name in _INSTANTS else value
        return await self._page(request, "user", kwargs)

    async def _page(self, request: Request, which: str, kwargs: dict[str, Any]) -> Response:
        denied = self._deny(request, 1)  # a browser asks for the API key (Basic auth)
        if denied is not None:
            return denied
        outcome = await self._run(_page_in_worker, page, which, kwargs)
        if outcome[0] == "ok":
            return Response(outcome[1], media_type="text/html; charset=utf-8")
        if outcome[0] == "error":
            _note(request, outcome[3])
            return Response(_error_page(outcome[1], outcome[3]), status_code=outcome[1],
                            media_type="text/html; charset=utf-8")
        return self._crashed(request, outcome[1])

    async def openapi(self, request: Request) -> Response:
        return Response(self._openapi, media_type=JSON)

    def _endpoint(self, report: Report,
                  version: int) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            denied = self._deny(request, version)
            if denied is not None:
                return denied
            try:
                kwargs = report_arguments(report, version,
                                          parse_query(request.scope["query_string"]))
            except ReportsError as exc:
                outcome: Outcome = ("error", exc.http_status, exc.to_api_body(),
                                    exc.api_message)
            else:
                outcome = await self._run(_compute_in_worker, compute, report.command,
                                          kwargs)
            if outcome[0] == "ok":
                return Response(outcome[1], media_type=JSON)
            if outcome[0] == "error":
                _note(request, outcome[3])
                return library_error_response(version, *outcome[1:])
            return self._crashed(request, outcome[1])

        endpoint.__name__ = f"v{version}_{report.method}"
        return endpoint

    async def _run(self, in_worker: Callable[[str, dict[str, Any]], Outcome],
                   here: Callable[[Engine, str, dict[str, Any]], Outcome], what: str,
                   kwargs: dict[str, Any]) -> Outcome:
        """Compute a report or page: in a worker process (`in_worker`), on a worker
        thread, or here (`here`, with the engine)."""
        if self.pool is not None:
            import asyncio
            from concurrent.futures.process import BrokenProcessPool

            try:
                return await asyncio.get_running_loop().run_in_executor(
                    self.pool, in_worker, what, kwargs)
            except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                return ("crash", f"a worker process died: {exc}")
        if not self.threaded:
            return here(self.engine, what, kwargs)
        import anyio.to_thread

        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(1)
        return await anyio.to_thread.run_sync(here, self.engine, what, kwargs,
                                              limiter=self._limiter)

    # -- authentication ---------------------------------------------------------------

    def _deny(self, request: Request, version: int) -> Response | None:
        """None when the caller may ask, else the 401 answer."""
        creds = self.credentials
        if creds is None:
            return None
        header = request.headers.get("authorization")
        if version == 1:
            if creds.api_key_ok(basic_user(header)):
                return None
            why = ("no API key: send HTTP Basic auth with your API key as the user name"
                   if not header else "this API key is not accepted")
            _note(request, why)
            return error_response(1, 401, why, headers={
                "WWW-Authenticate": 'Basic realm="helpscout-reports"'})
        if creds.token_ok(bearer_token(header)):
            return None
        why = ("no access token: get one at POST /v2/oauth2/token and send it as "
               "Authorization: Bearer TOKEN" if not header
               else "this access token is not accepted; get a new one at /v2/oauth2/token")
        _note(request, why)
        return error_response(2, 401, why, path="Authorization", source="header",
                              headers={"WWW-Authenticate": 'Bearer realm="helpscout-reports"'})

    async def token(self, request: Request) -> Response:
        """`POST /v2/oauth2/token`: client credentials, form-encoded or JSON."""
        fields: dict[str, Any] = dict(request.query_params)
        body = await request.body()
        if len(body) > _MAX_TOKEN_BODY:
            return self._token_error(request, 400, "invalid_request", "the body is too large")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        text = body.decode("utf-8", errors="replace").strip()
        if media.endswith("json") or (not media and text.startswith("{")):
            try:
                parsed = json.loads(text) if text else {}
            except json.JSONDecodeError:
                return self._token_error(request, 400, "invalid_request",
                                         "the body is not JSON; send grant_type, client_id "
                                         "and client_secret")
            if not isinstance(parsed, dict):
                return self._token_error(request, 400, "invalid_request",
                                         "the body must be a JSON object")
            fields.update(parsed)
        else:
            fields.update(parse_qsl(text, keep_blank_values=True))
        pair = basic_pair(request.headers.get("authorization"))
        client_id = fields.get("client_id", pair[0] if pair else None)
        secret = fields.get("client_secret", pair[1] if pair else None)
        creds = self.credentials
        if creds is None:
            token = open_token()
        else:
            grant = _text(fields.get("grant_type"))
            if grant != "client_credentials":
                what = "is required" if grant is None else f"{grant!r} is not supported"
                return self._token_error(request, 400, "unsupported_grant_type",
                                         f"grant_type {what}; use client_credentials",
                                         path="grant_type", rejected=grant)
            if not creds.client_ok(_text(client_id), _text(secret)):
                return self._token_error(request, 401, "invalid_client",
                                         "unknown client_id or wrong client_secret",
                                         path="client_id", rejected=_text(client_id))
            token = creds.issue(str(client_id))
        return Response(dumps({"token_type": "bearer", "access_token": token,
                               "expires_in": TOKEN_LIFETIME}), media_type=JSON,
                        headers={"Cache-Control": "no-store"})

    def _token_error(self, request: Request, status: int, error: str, message: str,
                     path: str = "", rejected: Any = None) -> Response:
        _note(request, message)
        return error_response(2, status, message, path=path, source="body",
                              rejected=rejected,
                              extra={"error": error, "error_description": message})

    # -- failures -----------------------------------------------------------------------

    async def http_error(self, request: Request, exc: Exception) -> Response:
        """404 and 405 (unknown path, wrong method) in Help Scout's format."""
        assert isinstance(exc, HTTPException)
        version = _version(request.url.path)
        if exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        elif exc.status_code == 404:
            message = (f"no such path: {request.url.path}; GET /openapi.json lists the "
                       "report paths")
        else:
            message = exc.detail
        _note(request, message)
        return error_response(version, exc.status_code, message, path="path", source="url",
                              headers=exc.headers)

    async def crash(self, request: Request, exc: Exception) -> Response:
        """Anything unexpected: a 500 with a log reference; the traceback goes to the
        log only."""
        return self._crashed(request, "".join(traceback.format_exception(exc)).rstrip())

    def _crashed(self, request: Request, trace: str) -> Response:
        log_ref = uuid.uuid4().hex[:16]
        self.engine.log(f"error {log_ref}: {request.method} {request.url.path}\n{trace}")
        _note(request, f"internal error, logRef {log_ref}")
        request.scope.setdefault("state", {})["logged_crash"] = True
        return error_response(_version(request.url.path), 500,
                              f"the server failed on this request (logRef {log_ref}); "
                              "the server's log has the details", log_ref=log_ref)


def _wants_html(request: Request) -> bool:
    """Whether the client prefers HTML to JSON (a browser's `Accept`)."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "application/json" not in accept


def _error_page(status: int, message: str) -> bytes:
    """A small HTML page for an error on a served page: what is wrong, and a way back."""
    from html import escape

    title = f"{status} {_REASONS.get(status, 'Error')}"
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head><body><main><h1>{title}</h1>"
            f"<p>{escape(message)}</p><p><a href=\"/\">All users and teams</a></p>"
            "</main></body></html>").encode()


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _package_version() -> str:
    import reports

    return str(getattr(reports, "__version__", "0"))


class _Logged:
    """Outermost ASGI layer: one log line per request (method, path, status,
    milliseconds, and why for an error); a last guard that turns anything that escaped
    into a 500 in Help Scout's format."""

    def __init__(self, app: Any, log: Callable[[str], None]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = [0]
        path = scope.get("path", "")
        if len(path) > 1 and path.endswith("/"):  # /v2/reports/user/ is /v2/reports/user
            scope = dict(scope, path=path.rstrip("/") or "/",
                         raw_path=path.rstrip("/").encode() or b"/")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        state = scope.setdefault("state", {})
        try:
            await self.app(scope, receive, sending)
        except Exception as exc:  # noqa: BLE001 - the client gets a 500, the log the trace
            if not state.get("logged_crash"):
                log_ref = uuid.uuid4().hex[:16]
                self.log(f"error {log_ref}: {scope.get('method')} {scope.get('path')}\n"
                         + "".join(traceback.format_exception(exc)).rstrip())
                state["log_note"] = f"internal error, logRef {log_ref}"
            if not status[0]:
                status[0] = 500
                response = error_response(_version(scope.get("path", "")), 500,
                                          "the server failed on this request; the server's "
                                          "log has the details")
                await response(scope, receive, send)
        ms = (time.perf_counter() - began) * 1000
        note = state.get("log_note")
        line = f"{scope.get('method')} {scope.get('path')} {status[0]} {ms:.1f} ms"
        if note and status[0] >= 400:
            line += f" ({note[:300]})"
        self.log(line)


def create_app(engine: Engine, credentials: Credentials | None = None, *,
               threaded: bool = True, pool: Any = None,
               log: Callable[[str], None] | None = None) -> Any:
    """The ASGI application serving `engine`'s dataset.

    `credentials`: who may ask (None: anyone). `pool`: a `worker_pool` to compute the
    reports in; else `threaded` computes them on a worker thread, one at a time, so the
    event loop keeps reading requests meanwhile (else in the event loop). `log`: where
    the request lines go (default: the engine's log).
    """
    server = _Server(engine, credentials, threaded, pool)
    app = Starlette(routes=server.routes(), exception_handlers={
        404: server.http_error, 405: server.http_error, Exception: server.crash,
    })
    return _Logged(app, log or engine.log)
