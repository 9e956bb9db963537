"""`reports serve`: Help Scout's report endpoints (v1 and v2) over a local dataset.

Optional: needs the ``serve`` extra (``pip install "helpscout-reports[serve]"``). The
contract (paths, parameters, paging, limits, authentication, errors) is docs/http.md.

Why Starlette under uvicorn, not FastAPI: the server is a thin, fixed translation of the
report catalogue (`reports._catalog`) into routes, and everything FastAPI adds works
against it here. Its request validation answers 422 with its own body, where clients
expect Help Scout's 400 bodies (`application/vnd.error+json` naming the parameter) and
the library already validates every parameter with those messages; its OpenAPI is
derived from Python signatures, where ours must describe the catalogue's camelCase API
names, the tolerated spellings and per-version limits; and it would add pydantic to the
``serve`` extra for nothing. Starlette gives routing, requests and responses, and
exception handlers for 404/405/500 in a few hundred microseconds per request; uvicorn is
the standard ASGI server, binds the socket we hand it, and lets the loaded dataset be
shared by forked workers. Parsing the raw query string ourselves is needed anyway:
clients send unencoded values, repeated keys and `key[]` lists.

Modules: `_command` (the CLI options, cheap to import), `_serve` (start-up: checks, load,
warm-up, uvicorn), `_app` (the ASGI application), `_params` (query strings to `Dataset`
keywords, Help Scout's limits), `_auth` (credentials and tokens), `_openapi` (the
OpenAPI document from the catalogue).
"""

from __future__ import annotations

from typing import Any

__all__ = ["Credentials", "Engine", "create_app"]


def __getattr__(name: str) -> Any:
    if name in ("Engine", "create_app"):
        from . import _app

        return getattr(_app, name)
    if name == "Credentials":
        from ._auth import Credentials

        return Credentials
    raise AttributeError(f"module 'reports.server' has no attribute {name!r}")
