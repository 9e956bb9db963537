"""The OpenAPI 3.0 document of the server (``GET /openapi.json``), built from the report
catalogue: every report's v1 and v2 paths with its parameters, the token endpoint, the
error bodies and the two ways to authenticate."""

from __future__ import annotations

from typing import Any

from .._catalog import PARAMS, PREVIOUS, RANGE, REPORTS, Param, Report
from .._request import RATING_FILTER, STATUSES
from ._params import MAX_ROWS, VIEW_BY_DAYS, default_rows

__all__ = ["openapi"]

_INSTANT = {*RANGE, *PREVIOUS}
_IDS = {"mailboxes", "tags", "folders"}

_V2_ERROR = {
    "type": "object",
    "required": ["logRef", "message", "_embedded"],
    "properties": {
        "logRef": {"type": "string"},
        "message": {"type": "string"},
        "_embedded": {"type": "object", "properties": {"errors": {
            "type": "array", "items": {"type": "object", "properties": {
                "path": {"type": "string", "description": "the parameter at fault"},
                "message": {"type": "string"},
                "rejectedValue": {"nullable": True},
                "source": {"type": "string"},
            }}}}},
    },
}
_V1_ERROR = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
}


def _schema(param: Param) -> dict[str, Any]:
    if param.name in _INSTANT:
        return {"type": "string", "example": "2025-06-01T00:00:00Z"}
    if param.name == "user":
        return {"type": "integer", "format": "int64"}
    if param.name in _IDS:
        return {"type": "string", "pattern": r"^\d+(,\d+)*$", "example": "1,2"}
    if param.name == "types":
        return {"type": "string", "example": "email,chat"}
    if param.flag:
        return {"type": "string", "enum": ["0", "1", "true", "false"], "default": "0"}
    if param.name == "rows":
        return {"type": "integer", "minimum": 1, "maximum": MAX_ROWS}
    if param.integer:
        return {"type": "integer", "minimum": 1, "default": param.default}
    schema: dict[str, Any] = {"type": "string"}
    if param.choices:
        schema["enum"] = list(param.choices)
    if param.name == "rating":
        schema["enum"] = list(RATING_FILTER)
    if param.name == "sort_order":
        schema["enum"] = ["asc", "desc"]
    if param.name == "status":
        schema["enum"] = list(STATUSES)
    if param.default is not None:
        schema["default"] = param.default
    return schema


def _parameters(report: Report, version: int) -> list[dict[str, Any]]:
    out = []
    for name in report.params:
        param = PARAMS[name]
        text = param.help
        schema = _schema(param)
        if param.name == "rows":
            schema["default"] = default_rows(report, version)
            text = f"rows per page, at most {MAX_ROWS}; default: {schema['default']}"
        if param.name == "view_by":
            limits = VIEW_BY_DAYS[version]
            text += (f". Limits on end - start of each range: day at most "
                     f"{limits['day'][0]} days, week at most {limits['week'][0]} days, "
                     f"month at least {limits['month'][1]} days")
        out.append({"name": param.api, "in": "query", "required": param.required,
                    "description": text, "schema": schema})
    if "sort_field" in report.names:
        out.append({"name": "sortFieldRatings", "in": "query", "required": False,
                    "description": "the same as sortField, read when sortField is absent",
                    "schema": _schema(PARAMS[report.params[report.names.index("sort_field")]])})
    return out


def _operation(report: Report, version: int) -> dict[str, Any]:
    error = "application/vnd.error+json" if version == 2 else "application/json"
    schema = _V2_ERROR if version == 2 else _V1_ERROR
    body = {"content": {error: {"schema": schema}}}
    return {"get": {
        "operationId": f"v{version}_{report.method}",
        "summary": report.summary,
        "tags": [f"v{version}"],
        "parameters": _parameters(report, version),
        "security": [{"basic": []}] if version == 1 else [{"oauth2": []}],
        "responses": {
            "200": {"description": f"the document of Dataset.{report.method}",
                    "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"description": "a bad parameter, named in the body", **body},
            "401": {"description": "missing or wrong credentials", **body},
            "404": {"description": "an unknown user or team id", **body},
        },
    }}


def openapi(version: str) -> dict[str, Any]:
    """The OpenAPI 3.0 document of every path the server answers."""
    paths: dict[str, Any] = {}
    for report in REPORTS:
        for path in report.v1:
            paths[path] = _operation(report, 1)
        for path in report.v2:
            paths[path] = _operation(report, 2)
    form = {"type": "object", "properties": {
        "grant_type": {"type": "string", "enum": ["client_credentials"]},
        "client_id": {"type": "string"}, "client_secret": {"type": "string"}}}
    paths["/v2/oauth2/token"] = {"post": {
        "operationId": "v2_token",
        "summary": "a bearer token for the v2 paths (client credentials)",
        "tags": ["v2"],
        "requestBody": {"required": True, "content": {
            "application/x-www-form-urlencoded": {"schema": form},
            "application/json": {"schema": form}}},
        "responses": {
            "200": {"description": "the token", "content": {"application/json": {"schema": {
                "type": "object", "required": ["token_type", "access_token", "expires_in"],
                "properties": {"token_type": {"type": "string"},
                               "access_token": {"type": "string"},
                               "expires_in": {"type": "integer"}}}}}},
            "400": {"description": "an unsupported grant type",
                    "content": {"application/vnd.error+json": {"schema": {"type": "object"}}}},
            "401": {"description": "an unknown client or a wrong secret",
                    "content": {"application/vnd.error+json": {"schema": {"type": "object"}}}},
        },
    }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "helpscout-reports: Help Scout's User report API, offline",
                 "version": version,
                 "description": "The v1 and v2 report endpoints of Help Scout's User/Team "
                                "report family, computed from a local export."},
        "paths": paths,
        "components": {"securitySchemes": {
            "basic": {"type": "http", "scheme": "basic",
                      "description": "v1: the API key as user name, any password"},
            "oauth2": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "/v2/oauth2/token", "scopes": {}}}},
        }},
    }
