"""A small builder for hand-built datasets: each rule test reads like its scenario.

Rows are plain dicts with the column names of docs/data.md › Tables; the helpers fill
sensible defaults so a test only spells out what its rule is about::

    ds = build(
        [conv(1)],
        [customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:30:00"), user=1)],
    )
    assert current(ds, user=1)["responseTime"] == 1800

Conventions (id spaces are kept apart so an id never means two things):

- users 1, 2, 3 (in the users table), teams 50+, customers 100+, mailboxes 1-9,
  folders 20+, tags 30+;
- the default range is January 2015, `2015-01-01T00:00:00Z` – `2015-01-31T23:59:59Z`
  (totalDays 30). 2015-01-01 is a Thursday, 2015-01-05 a Monday;
- threads without an explicit `id` get their 1-based position in the list, so the list
  order is the id order (threads at the same instant follow id order).

The report family (docs/family.md) has its own entry point: the `family` fixture builds the same
rows either with the engine or with the loop-based reference of `tests/reference_family.py`,
so every hand-worked family rule checks both (the reference is checked now, the engine as soon
as it lands)::

    def test_rule(family):
        ds = family([conv(1)], [reply(1, jan(5, "10:00:00"))])
        assert ds.replies_report(1, START, END, view_by="day")["current"][4]["replies"] == 1

Family columns (`subject`, `preview`, `modified_at`, `has_attachments`, rating `comments`,
tag colours as (id, name, color) triples, the `customers` table) appear in a table only
when a row gives them, so the other rule tests see the tables they always saw.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from reference_family import BadRequest, ReferenceFamily

import reports

START = "2015-01-01T00:00:00Z"
END = "2015-01-31T23:59:59Z"
TOTAL_DAYS = 30  # floor((Jan 31 23:59:59 - Jan 1 00:00:00) / 86400) = floor(30.99998) = 30

CONVERSATION_COLUMNS = [
    "id", "type", "status", "state", "mailbox_id", "folder_id", "created_at",
    "created_by_type", "created_by_id", "customer_id", "closed_at", "closed_by", "number",
    "assignee_id",
]
THREAD_COLUMNS = [
    "id", "conversation_id", "type", "state", "status", "action_type", "created_at",
    "created_by_type", "created_by_id", "customer_id", "handle_seconds",
]
RATING_COLUMNS = ["id", "conversation_id", "thread_id", "user_id", "customer_id", "rating",
                  "created_at"]
#: Columns only the report family reads; present in a table only when a row sets them.
FAMILY_CONVERSATION_COLUMNS = ["subject", "preview", "modified_at", "has_attachments"]
FAMILY_RATING_COLUMNS = ["comments"]
CUSTOMER_COLUMNS = ["id", "first_name", "last_name", "email"]
USER_COLUMNS = ["id", "first_name", "last_name", "email", "created_at", "photo_url"]
TEAM_COLUMNS = ["id", "name", "created_at", "photo_url"]

#: Columns holding integers; nullable ones become pandas "Int64" (as the brief asks).
INT_COLUMNS = {
    "id", "mailbox_id", "folder_id", "created_by_id", "customer_id", "closed_by", "number",
    "assignee_id", "conversation_id", "handle_seconds", "thread_id", "user_id", "tag_id",
    "team_id",
}


def jan(day: int, clock: str = "09:00:00") -> str:
    """An instant of January 2015 as the ISO text the exports use."""
    return f"2015-01-{day:02d}T{clock}Z"


def frame(columns: list[str], rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A raw table: the given columns in order, integer columns as nullable Int64.

    `handle_seconds` with a fraction (512.31) makes that column nullable Float64.
    """
    data = {c: [row.get(c) for row in rows] for c in columns}
    out = pd.DataFrame(data, columns=columns)
    for c in columns:
        fractional = any(isinstance(v, float) and v != int(v) for v in data[c]
                         if v is not None)
        if c == "handle_seconds" and fractional:
            out[c] = pd.array(data[c], dtype="Float64")
        elif c in INT_COLUMNS:
            out[c] = pd.array(data[c], dtype="Int64")
        else:
            out[c] = pd.Series(data[c], dtype=object)
    return out


def given_columns(columns: list[str], optional: list[str],
                  rows: list[dict[str, Any]]) -> list[str]:
    """`columns`, then those of `optional` that some row sets."""
    return columns + [c for c in optional if any(c in row for row in rows)]


# -- rows ------------------------------------------------------------------------------


def conv(cid: int, created_at: str = jan(5), **columns: Any) -> dict[str, Any]:
    """A published, active email conversation of mailbox 1, started by customer 100."""
    row: dict[str, Any] = {
        "id": cid, "type": "email", "status": "active", "state": None, "mailbox_id": 1,
        "folder_id": None, "created_at": created_at, "created_by_type": "customer",
        "created_by_id": None, "customer_id": 100, "closed_at": None, "closed_by": None,
    }
    row.update(columns)
    if row["created_by_type"] == "customer" and "created_by_id" not in columns:
        row["created_by_id"] = row["customer_id"]
    return row


def thread(conversation_id: int, created_at: str, type: str, created_by_type: str | None,
           created_by_id: int | None, **columns: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "conversation_id": conversation_id, "type": type, "state": None, "status": None,
        "created_at": created_at, "created_by_type": created_by_type,
        "created_by_id": created_by_id, "handle_seconds": None,
    }
    row.update(columns)
    return row


def customer(conversation_id: int, created_at: str, customer: int = 100,
             type: str = "customer", **columns: Any) -> dict[str, Any]:
    """A customer message (docs/metrics.md › Events) by `customer`."""
    return thread(conversation_id, created_at, type, "customer", customer,
                  customer_id=customer, **columns)


def reply(conversation_id: int, created_at: str, user: int = 1, type: str = "reply",
          **columns: Any) -> dict[str, Any]:
    """A thread by `user`, a reply unless `type` says otherwise."""
    return thread(conversation_id, created_at, type, "user", user, **columns)


def note(conversation_id: int, created_at: str, user: int = 1, **columns: Any) -> dict[str, Any]:
    """A note by `user`: a touch, never a reply."""
    return thread(conversation_id, created_at, "note", "user", user, **columns)


def rating(conversation_id: int, value: str, created_at: str = jan(6), *,
           user: int | None = 1, thread_id: int | None = None,
           rid: int | None = None, customer: int | None = 100,
           **columns: Any) -> dict[str, Any]:
    """A rating by `customer` of `user`'s reply; `comments=` adds that column."""
    return {"id": rid, "conversation_id": conversation_id, "thread_id": thread_id,
            "user_id": user, "customer_id": customer, "rating": value,
            "created_at": created_at, **columns}


def customer_row(cid: int, first: str | None = None, last: str | None = None,
                 email: str | None = None) -> dict[str, Any]:
    """A row of the customers table (docs/data.md › Tables)."""
    return {"id": cid, "first_name": first, "last_name": last, "email": email}


def user_row(uid: int, first: str | None = None, last: str | None = None,
             **columns: Any) -> dict[str, Any]:
    return {"id": uid, "first_name": first, "last_name": last, **columns}


DEFAULT_USERS = [user_row(1, "Ann", "Lee"), user_row(2, "Bob", "Ray"),
                 user_row(3, "Cy", "Dunn")]


# -- datasets --------------------------------------------------------------------------


def tables(conversations: list[dict[str, Any]], threads: list[dict[str, Any]] = (), *,
           users: list[dict[str, Any]] | None = None,
           teams: list[dict[str, Any]] | None = None,
           team_members: list[tuple[int, int]] | None = None,
           tags: list[tuple[Any, ...]] | None = None,
           conversation_tags: list[tuple[int, int]] | None = None,
           ratings: list[dict[str, Any]] | None = None,
           customers: list[dict[str, Any]] | None = None) -> dict[str, pd.DataFrame]:
    """Raw canonical tables; optional tables are present only when given.

    `team_members` are (team_id, user_id) pairs, `conversation_tags` (conversation_id,
    tag_id) pairs, `tags` (id, name) pairs or (id, name, color) triples, `customers`
    rows of `customer_row`.
    """
    threads = [dict(t) for t in threads]
    for i, t in enumerate(threads):
        t.setdefault("id", i + 1)
    conversations = list(conversations)
    out = {
        "conversations": frame(
            given_columns(CONVERSATION_COLUMNS, FAMILY_CONVERSATION_COLUMNS, conversations),
            conversations),
        "threads": frame(THREAD_COLUMNS, threads),
        "users": frame(USER_COLUMNS, DEFAULT_USERS if users is None else users),
    }
    if customers is not None:
        out["customers"] = frame(CUSTOMER_COLUMNS, customers)
    if teams is not None:
        out["teams"] = frame(TEAM_COLUMNS, teams)
    if team_members is not None:
        out["team_members"] = frame(["team_id", "user_id"],
                                    [{"team_id": t, "user_id": u} for t, u in team_members])
    if tags is not None:
        with_color = any(len(t) == 3 for t in tags)
        out["tags"] = frame(["id", "name", "color"] if with_color else ["id", "name"],
                            [dict(zip(["id", "name", "color"], t, strict=False))
                             for t in tags])
    if conversation_tags is not None:
        out["conversation_tags"] = frame(
            ["conversation_id", "tag_id"],
            [{"conversation_id": c, "tag_id": t} for c, t in conversation_tags])
    if ratings is not None:
        rows = [dict(r) for r in ratings]
        for i, r in enumerate(rows):
            if r.get("id") is None:
                r["id"] = i + 1
        out["ratings"] = frame(given_columns(RATING_COLUMNS, FAMILY_RATING_COLUMNS, rows),
                               rows)
    return out


def build(conversations: list[dict[str, Any]], threads: list[dict[str, Any]] = (), *,
          office_hours: dict[str, Any] | None = None, **optional: Any) -> reports.Dataset:
    """A dataset from hand-built rows (see `tables` for the optional tables)."""
    return reports.from_tables(tables(conversations, threads, **optional),
                               office_hours=office_hours)


def report(ds: reports.Dataset, user: int = 1, start: str = START, end: str = END,
           **request: Any) -> dict[str, Any]:
    """The report document for `user` over January 2015 unless told otherwise."""
    return ds.user_report(user, start, end, **request)


def current(ds: reports.Dataset, user: int = 1, start: str = START, end: str = END,
            **request: Any) -> dict[str, Any]:
    """The `current` statistics of the report."""
    return report(ds, user, start, end, **request)["current"]


# -- the report family (docs/family.md): the engine and the reference, side by side ---

#: What a bad family request raises: the engine's error or the reference's.
BAD_REQUEST = (reports.RequestError, BadRequest)


@pytest.fixture(params=["engine", "reference"])
def family(request: pytest.FixtureRequest) -> Callable[..., Any]:
    """`family(conversations, threads, **optional)`: a dataset with the family methods.

    Built by the engine (`reports.from_tables`) or by `tests/reference_family.py`, with
    the same rows and the same signature as `build`.
    """
    def make(conversations: list[dict[str, Any]], threads: list[dict[str, Any]] = (), *,
             office_hours: dict[str, Any] | None = None, **optional: Any) -> Any:
        raw = tables(conversations, threads, **optional)
        if request.param == "engine":
            return reports.from_tables(raw, office_hours=office_hours)
        return ReferenceFamily(raw, office_hours)

    return make
