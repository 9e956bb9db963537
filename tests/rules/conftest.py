"""A small builder for hand-built datasets: each rule test reads like its scenario.

Rows are plain dicts with SPEC §2 column names; the helpers fill sensible defaults so a
test only spells out what its rule is about::

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
  order is the id order (the tie-break of SPEC §3 ordering).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

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
    """A raw table: the given columns in order, integer columns as nullable Int64."""
    data = {c: [row.get(c) for row in rows] for c in columns}
    out = pd.DataFrame(data, columns=columns)
    for c in columns:
        if c in INT_COLUMNS:
            out[c] = pd.array(data[c], dtype="Int64")
        else:
            out[c] = pd.Series(data[c], dtype=object)
    return out


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
    """A customer message (SPEC §3) by `customer`."""
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
           rid: int | None = None) -> dict[str, Any]:
    return {"id": rid, "conversation_id": conversation_id, "thread_id": thread_id,
            "user_id": user, "customer_id": 100, "rating": value, "created_at": created_at}


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
           tags: list[tuple[int, str | None]] | None = None,
           conversation_tags: list[tuple[int, int]] | None = None,
           ratings: list[dict[str, Any]] | None = None) -> dict[str, pd.DataFrame]:
    """Raw canonical tables; optional tables are present only when given.

    `team_members` are (team_id, user_id) pairs, `conversation_tags` (conversation_id,
    tag_id) pairs, `tags` (id, name) pairs.
    """
    threads = [dict(t) for t in threads]
    for i, t in enumerate(threads):
        t.setdefault("id", i + 1)
    out = {
        "conversations": frame(CONVERSATION_COLUMNS, list(conversations)),
        "threads": frame(THREAD_COLUMNS, threads),
        "users": frame(USER_COLUMNS, DEFAULT_USERS if users is None else users),
    }
    if teams is not None:
        out["teams"] = frame(TEAM_COLUMNS, teams)
    if team_members is not None:
        out["team_members"] = frame(["team_id", "user_id"],
                                    [{"team_id": t, "user_id": u} for t, u in team_members])
    if tags is not None:
        out["tags"] = frame(["id", "name"], [{"id": i, "name": n} for i, n in tags])
    if conversation_tags is not None:
        out["conversation_tags"] = frame(
            ["conversation_id", "tag_id"],
            [{"conversation_id": c, "tag_id": t} for c, t in conversation_tags])
    if ratings is not None:
        rows = [dict(r) for r in ratings]
        for i, r in enumerate(rows):
            if r.get("id") is None:
                r["id"] = i + 1
        out["ratings"] = frame(RATING_COLUMNS, rows)
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
