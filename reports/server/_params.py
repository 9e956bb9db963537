"""Query strings as existing Help Scout clients send them, turned into `Dataset` keywords.

What is tolerated (docs/http.md › Parameters): camelCase API names and their snake_case
spellings (`previousStart`, `previous_start`), in any letter case; a repeated key takes its
last value; `key[]=a&key[]=b` (axios) is the list `a,b`; query strings that were not
URL-encoded, including an instant's `+02:00` offset that arrives as a space; empty values
are "not given". Parameters a report does not take are ignored, as Help Scout does (a
previous range sent to a paged report, say). Help Scout's own limits, which the library
does not set, are applied here: page sizes and the `viewBy` spans of each API version.

Nothing here imports the server libraries, pandas or numpy.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

from .._catalog import PARAMS, PREVIOUS, RANGE, Report
from .._errors import RequestError
from .._request import VIEW_BY, check, choice, parse_request, positive

__all__ = ["MAX_ROWS", "VIEW_BY_DAYS", "default_rows", "parse_query", "report_arguments"]

#: The most rows one page may hold (Help Scout's limit).
MAX_ROWS = 50
#: `viewBy` limits in days on `end - start` of each range: (at most, at least) per version.
VIEW_BY_DAYS: dict[int, dict[str, tuple[int | None, int | None]]] = {
    1: {"day": (120, None), "week": (365, None), "month": (None, 61)},
    2: {"day": (60, None), "week": (365, None), "month": (None, 61)},
}
_DAY = 86400
_INSTANTS = (*RANGE, *PREVIOUS)
#: An offset whose `+` arrived as a space (a query string that was not URL-encoded).
_SPACED_OFFSET = re.compile(r"(?<=\d) (?=\d{2}(?::?\d{2})?$)")
_BRACKETS = re.compile(r"\[[^\]]*\]$")


def key(name: str) -> str:
    """The lookup form of a parameter name: `previousStart`, `previous_start` and
    `PreviousStart` are one key.

    >>> key("previous_start") == key("previousStart") == "previousstart"
    True
    """
    return name.lower().replace("_", "").replace("-", "")


def parse_query(raw: bytes | str) -> dict[str, str]:
    """A raw query string as {lookup key: value}: the last value of a repeated key, the
    items of `key[]=a&key[]=b` joined with commas, empty values dropped.

    >>> parse_query(b"user=1&types[]=email&types[]=chat&page=1&page=2&tags=")
    {'user': '1', 'types': 'email,chat', 'page': '2'}
    """
    text = raw.decode("latin-1") if isinstance(raw, bytes) else raw
    values: dict[str, str] = {}
    listed: set[str] = set()  # keys whose current value came from key[] items
    for part in text.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        name = unquote_plus(name, encoding="utf-8", errors="replace")
        value = unquote_plus(value, encoding="utf-8", errors="replace")
        bare = _BRACKETS.sub("", name)
        k = key(bare)
        if not k:
            continue
        if bare != name:  # key[] or key[0]: one item of a list
            if k in listed and values.get(k):
                values[k] = f"{values[k]},{value}" if value else values[k]
            else:
                values[k] = value
            listed.add(k)
        else:
            values[k] = value
            listed.discard(k)
    return {k: v for k, v in values.items() if v.strip()}


def _instant(value: str) -> str:
    """An instant whose offset sign was read as a space put back: `...00:00 02:00` is
    `...00:00+02:00`."""
    return _SPACED_OFFSET.sub("+", value.strip())


def default_rows(report: Report, version: int) -> int | None:
    """The page size when `rows` is not given: drill-down 10 on v1 and 25 on v2, other
    paged reports 50; None for a report that is not paged."""
    if "rows" not in report.params:
        return None
    if report.method == "drilldown_report":
        return 10 if version == 1 else 25
    return MAX_ROWS


def report_arguments(report: Report, version: int, query: dict[str, str]) -> dict[str, Any]:
    """The keyword arguments of `Dataset.<report.method>` for a parsed query, checked
    against the library's rules and Help Scout's limits for API `version` (1 or 2).

    Raises `RequestError` naming the parameter at fault (as the API spells it).
    """
    kwargs: dict[str, Any] = {}
    for name in report.params:
        param = PARAMS[name]
        value: Any = query.get(key(param.api))
        if value is None and param.api == "sortField":
            value = query.get("sortfieldratings")
        if value is not None and param.name in _INSTANTS:
            value = _instant(value)
        kwargs[param.name] = value
    check(kwargs, [PARAMS[k] for k in report.params])
    if "rows" in kwargs:
        rows = positive(kwargs["rows"], "rows", default_rows(report, version))
        if rows is not None and rows > MAX_ROWS:
            raise RequestError("rows", f"at most {MAX_ROWS} rows per page, not {rows}; "
                               "ask for the next ones with page=2, 3, ...",
                               rejected_value=kwargs["rows"])
        kwargs["rows"] = rows
    if kwargs.get("view_by") is not None:
        _check_view_by(kwargs, version)
    return kwargs


def _check_view_by(kwargs: dict[str, Any], version: int) -> None:
    """Help Scout's `viewBy` limits on the span of each range (the previous one too)."""
    view = choice(kwargs["view_by"], "viewBy", VIEW_BY)
    assert view is not None
    req = parse_request(kwargs.get("user"), kwargs["start"], kwargs["end"],
                        kwargs.get("previous_start"), kwargs.get("previous_end"),
                        need_user=False)
    most, least = VIEW_BY_DAYS[version][view]
    ranges = [("the range", req.start, req.end)]
    if req.previous is not None:
        ranges.append(("the previous range", *req.previous))
    for what, start, end in ranges:
        span = end - start
        if most is not None and span > most * _DAY:
            others = "week or month" if view == "day" else "month"
            raise RequestError("viewBy", f"{view} covers at most {most} days on /v{version}, "
                               f"and {what} spans more than {most} days ({_span(span)} from "
                               f"start to end); use viewBy={others} or a shorter range",
                               rejected_value=kwargs["view_by"])
        if least is not None and span < least * _DAY:
            raise RequestError("viewBy", f"{view} needs a range of at least {least} days, "
                               f"and {what} spans less than {least} days ({_span(span)} from "
                               "start to end); use viewBy=day or week or a longer range",
                               rejected_value=kwargs["view_by"])


def _span(seconds: int) -> str:
    """A range's span from its start to its (inclusive) end second, as written.

    >>> _span(61 * 86400 - 1), _span(7 * 86400)
    ('60 days 23:59:59', '7 days')
    """
    days, rest = divmod(seconds, _DAY)
    clock = f" {rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}" if rest else ""
    return f"{days} day{'s' if days != 1 else ''}{clock}"
