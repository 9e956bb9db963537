"""Report requests (docs/data.md › Requests): validate the parameters once, in the API's own
terms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ._errors import RequestError
from ._timeutil import parse_instant
from ._vocab import ENUMS

__all__ = ["CONV_TYPES", "ReportRequest", "check", "choice", "parse_request", "positive",
           "rating_filter", "sort_order"]

CONV_TYPES = ENUMS[("conversations", "type")]


@dataclass(frozen=True)
class ReportRequest:
    """A validated request: instants in UTC seconds, filters as tuples (None = not given)."""

    user: int
    start: int
    end: int
    previous: tuple[int, int] | None = None
    mailboxes: tuple[int, ...] | None = None
    tags: tuple[int, ...] | None = None
    types: tuple[str, ...] | None = None
    folders: tuple[int, ...] | None = None
    office_hours: bool = False


def parse_request(user: Any = None, start: Any = None, end: Any = None,
                  previous_start: Any = None, previous_end: Any = None, mailboxes: Any = None,
                  tags: Any = None, types: Any = None, folders: Any = None,
                  office_hours: Any = False, *, need_user: bool = True) -> ReportRequest:
    """Check every parameter; raise `RequestError` naming the first one at fault."""
    uid = parse_id(user, "user") if need_user or user is not None else 0
    s, e = _range(start, end, "start", "end")
    previous = None
    if previous_start is not None or previous_end is not None:
        if previous_start is None or previous_end is None:
            missing = "previousStart" if previous_start is None else "previousEnd"
            raise RequestError(missing, "previousStart and previousEnd go together; give "
                               "both or neither")
        previous = _range(previous_start, previous_end, "previousStart", "previousEnd")
    return ReportRequest(
        user=uid, start=s, end=e, previous=previous,
        mailboxes=_ids(mailboxes, "mailboxes"), tags=_ids(tags, "tags"),
        types=_types(types), folders=_ids(folders, "folders"),
        office_hours=_flag(office_hours, "officeHours"),
    )


_REQUEST_KEYS = ("user", "start", "end", "previous_start", "previous_end", "mailboxes",
                 "tags", "types", "folders", "office_hours")


def check(params: dict[str, Any], definitions: Any = ()) -> None:
    """Validate a request's parameters (keyword names) without data; raise `RequestError`
    naming the first one at fault. `definitions` (`_catalog.Param`s) add the choices of
    enumerated parameters such as a report's sort fields."""
    parse_request(**{k: params.get(k) for k in _REQUEST_KEYS},
                  need_user="user" in params)
    if "view_by" in params:
        choice(params["view_by"], "viewBy", VIEW_BY)
    if "rating" in params:
        rating_filter(params["rating"])
    if "status" in params:
        choice(params["status"], "status", STATUSES)
    if "sort_order" in params:
        sort_order(params["sort_order"])
    for name, api in (("page", "page"), ("rows", "rows")):
        if name in params:
            positive(params[name], api, None)
    for param in definitions:
        if param.choices and param.name in params:
            choice(params[param.name], param.api, param.choices)


def parse_id(value: Any, parameter: str) -> int:
    """An integer id from an int or a numeric string."""
    if isinstance(value, bool) or value is None:
        raise RequestError(parameter, "an integer id is required", rejected_value=value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        raise RequestError(parameter, f"'{value}' is not an integer id",
                           rejected_value=value) from None


def _range(start: Any, end: Any, start_name: str, end_name: str) -> tuple[int, int]:
    s = parse_instant(start, start_name)
    e = parse_instant(end, end_name, end_of_day=True)
    if e < s:
        raise RequestError(end_name, f"{end} is before {start_name} {start}; the range "
                           "must end at or after its start", rejected_value=end)
    return s, e


def _items(value: Any, parameter: str) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        if not value.strip():
            return None
        return [v.strip() for v in value.split(",")]
    if isinstance(value, (int, bool)):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    raise RequestError(parameter, "expected a comma-separated list or an iterable",
                       rejected_value=value)


def _ids(value: Any, parameter: str) -> tuple[int, ...] | None:
    items = _items(value, parameter)
    if items is None:
        return None
    out = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            raise RequestError(parameter, "the list has an empty item; give ids like 1,2,3",
                               rejected_value=value)
        try:
            out.append(parse_id(item, parameter))
        except RequestError:
            raise RequestError(parameter, f"'{item}' is not an integer id; give ids like "
                               "1,2,3", rejected_value=item) from None
    return tuple(out)


def _types(value: Any) -> tuple[str, ...] | None:
    items = _items(value, "types")
    if items is None:
        return None
    out = []
    for item in items:
        name = str(item).strip().lower()
        if name not in CONV_TYPES:
            raise RequestError("types", f"'{item}' is not a conversation type; use "
                               "email, chat or phone", rejected_value=item)
        out.append(name)
    return tuple(out)


def _flag(value: Any, parameter: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in ("1", "true"):
        return True
    if text in ("0", "false", ""):
        return False
    raise RequestError(parameter, f"'{value}' is not a boolean; use 0 or 1",
                       rejected_value=value)


# -- the report family's own parameters (docs/family.md) ---------------------------------

VIEW_BY = ("day", "week", "month")
SORT_RATINGS = ("number", "modifiedAt", "rating")
SORT_HISTORY = ("number", "repliesSent", "responseTime", "resolveTime")
STATUSES = ("active", "pending", "closed")
#: rating filter spellings → the rating code (0 great, 1 okay, 2 not good), None = all
RATING_FILTER = {"all": None, "great": 0, "okay": 1, "ok": 1, "not_good": 2, "not-good": 2,
                 "0": None, "1": 0, "2": 1, "3": 2}


def choice(value: Any, parameter: str, choices: tuple[str, ...],
           default: str | None = None) -> str | None:
    """One of `choices`, read in any letter case; None (or `default`) when not given.

    >>> choice("MODIFIEDAT", "sortField", SORT_RATINGS)
    'modifiedAt'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    wanted = str(value).strip().lower()
    for c in choices:
        if c.lower() == wanted:
            return c
    raise RequestError(parameter, f"'{value}' is not one of {', '.join(choices)}",
                       rejected_value=value)


def rating_filter(value: Any) -> int | None:
    """The rating code a `rating` parameter keeps (None: every rating)."""
    if value is None:
        return None
    key = str(value).strip().lower()
    if key not in RATING_FILTER:
        raise RequestError("rating", f"'{value}' is not a rating; use all, great, okay or "
                           "not_good (or ok, not-good, 0-3)", rejected_value=value)
    return RATING_FILTER[key]


def positive(value: Any, parameter: str, default: int | None) -> int | None:
    """A whole number of at least 1 (`page`, `rows`); `default` when not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, bool):
        raise RequestError(parameter, "must be a whole number of at least 1",
                           rejected_value=value)
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise RequestError(parameter, f"'{value}' is not a whole number",
                           rejected_value=value) from None
    if number < 1:
        raise RequestError(parameter, f"must be at least 1, not {number}", rejected_value=value)
    return number


def sort_order(value: Any) -> bool:
    """True for descending (`sortOrder`: asc or desc, any case)."""
    return choice(value, "sortOrder", ("asc", "desc"), "desc") == "desc"
