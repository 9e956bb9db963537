"""Write canonical tables (docs/data.md › Tables) out as a tap-helpscout Singer dump or as
Mailbox API JSON.

The shapes follow the tap's ``tap_helpscout/schemas/*.json`` (snake_case, the tap's
date-time format ``2015-01-01T00:00:00.000000Z``) and the Mailbox API 2.0 documentation
(camelCase HAL pages). Each record also carries fields the report does not read (body,
source, cc, ...), as real dumps do, so that the readers are seen to ignore them.

Used by the equivalence tests (the same account as canonical tables, as a Singer dump and
as API pages must give the same report) and by ``benchmarks/bench_import.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

RATING_CODE = {"great": 1, "1": 1, "okay": 2, "ok": 2, "2": 2, "not_good": 3,
               "not-good": 3, "not good": 3, "bad": 3, "3": 3}
SINGER_TIME = "%Y-%m-%dT%H:%M:%S.%fZ"


# --------------------------------------------------------------------------- values


def _null(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _int(v: Any) -> int | None:
    return None if _null(v) else int(v)


def _text(v: Any) -> str | None:
    return None if _null(v) else str(v)


def _time(v: Any, fmt: str = "%Y-%m-%dT%H:%M:%SZ") -> str | None:
    """An instant (timestamp, ISO text or epoch seconds) as UTC text in `fmt`."""
    if _null(v):
        return None
    if isinstance(v, (int, np.integer)):
        return time.strftime(fmt.replace("%f", "000000"), time.gmtime(int(v)))
    stamp = pd.Timestamp(v)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.to_pydatetime().astimezone(dt.UTC).strftime(fmt)


def _plain(column: pd.Series) -> list[Any]:
    """A column as Python values; instants as int epoch seconds (fast to format)."""
    if isinstance(column.dtype, pd.DatetimeTZDtype) or \
            pd.api.types.is_datetime64_dtype(column.dtype):
        naive = column.dt.tz_convert("UTC").dt.tz_localize(None) \
            if isinstance(column.dtype, pd.DatetimeTZDtype) else column
        na = naive.isna().to_numpy()
        secs = naive.to_numpy(dtype="datetime64[s]").astype(np.int64)
        return [None if n else int(x) for n, x in zip(na, secs.tolist(), strict=True)]
    return column.tolist()


Frames = pd.DataFrame | Callable[[], Iterable[pd.DataFrame]]


def _rows(frames: Frames | None, chunk: int = 50_000) -> Iterator[dict[str, Any]]:
    """Rows of a frame as dicts, a slice at a time (or of each frame a callable yields:
    big tables can come from ``pyarrow.parquet.ParquetFile.iter_batches``)."""
    if frames is None:
        return
    parts = [frames] if isinstance(frames, pd.DataFrame) else frames()
    for frame in parts:
        cols = list(frame.columns)
        for lo in range(0, len(frame), chunk):
            part = frame.iloc[lo:lo + chunk]
            for values in zip(*(_plain(part[c]) for c in cols), strict=True):
                yield dict(zip(cols, values, strict=True))


def _get(row: dict[str, Any], key: str) -> Any:
    return row.get(key)


class _Tags:
    """Each conversation's tags as the API shows them: [{id, color, tag}]."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self.names = {int(r["id"]): _text(r.get("name")) for r in _rows(tables.get("tags"))}
        self.colors = {int(r["id"]): _text(r.get("color")) for r in _rows(tables.get("tags"))}
        self.ids: dict[int, list[int]] = {}
        for r in _rows(tables.get("conversation_tags")):
            self.ids.setdefault(int(r["conversation_id"]), []).append(int(r["tag_id"]))

    def get(self, conversation: int) -> list[dict[str, Any]]:
        return [{"id": t, "color": self.colors.get(t), "tag": self.names.get(t)}
                for t in self.ids.get(conversation, [])]


def _tags_by_conversation(tables: dict[str, Any]) -> _Tags:
    return _Tags(tables)


def _threads_by_conversation(tables: dict[str, pd.DataFrame]) -> dict[int, list[dict]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for r in _rows(tables["threads"]):
        out.setdefault(int(r["conversation_id"]), []).append(r)
    return out


def _person(pid: Any, ptype: Any) -> dict[str, Any] | None:
    if _null(pid) and _null(ptype):
        return None
    return {"id": _int(pid), "type": _text(ptype), "first": "Pat", "last": "Doe",
            "photo_url": None, "email": "pat@example.com"}


# --------------------------------------------------------------------------- Singer


def _message(stream: str, record: dict[str, Any]) -> str:
    return json.dumps({"type": "RECORD", "stream": stream, "record": record,
                       "time_extracted": "2026-01-01T00:00:00.000000Z"})


def _schema(stream: str, key: list[str]) -> str:
    return json.dumps({"type": "SCHEMA", "stream": stream,
                       "schema": {"type": "object", "additionalProperties": False,
                                  "properties": {}},
                       "key_properties": key})


def singer_conversation(r: dict[str, Any], tags: list[dict[str, Any]] | None) -> dict:
    """A tap-helpscout ``conversations`` record from a canonical conversation row."""
    t = SINGER_TIME
    return {
        "id": _int(r["id"]), "number": _int(r.get("number")), "threads": 2,
        "type": _text(r["type"]), "folder_id": _int(r.get("folder_id")),
        "status": _text(r["status"]), "state": _text(r.get("state")),
        "subject": _text(r.get("subject")), "preview": _text(r.get("preview")),
        "mailbox_id": _int(r["mailbox_id"]),
        "assignee": None if _null(r.get("assignee_id")) else _person(r["assignee_id"], "user"),
        "created_by": _person(r.get("created_by_id"), r.get("created_by_type")),
        "created_at": _time(r["created_at"], t), "updated_at": _time(r["created_at"], t),
        "closed_by": _int(r.get("closed_by")), "closed_at": _time(r.get("closed_at"), t),
        "user_updated_at": _time(r.get("modified_at"), t),
        "customer_waiting_since": {"time": None, "friendly": None, "last_reply_from": None},
        "source": {"type": "email", "via": "customer"},
        "tags": tags or [], "cc": [], "bcc": [],
        "primary_customer": (None if _null(r.get("customer_id"))
                             else _person(r["customer_id"], "customer")),
        "custom_fields": [],
    }


def singer_thread(r: dict[str, Any]) -> dict[str, Any]:
    """A tap-helpscout ``conversation_threads`` record from a canonical thread row."""
    action = _text(r.get("action_type"))
    return {
        "id": _int(r["id"]), "conversation_id": _int(r["conversation_id"]),
        "type": _text(r["type"]), "status": _text(r.get("status")),
        "state": _text(r.get("state")),
        "action": None if action is None else {"type": action, "text": "did something"},
        "body": "<p>Thanks for writing in.</p>", "source": {"type": "email", "via": "user"},
        "customer": None if _null(r.get("customer_id")) else {
            "id": _int(r["customer_id"]), "first": "Vernon", "last": "Bear",
            "photo_url": None, "email": "v@example.com"},
        "created_by": _person(r.get("created_by_id"), r.get("created_by_type")),
        "assigned_to": None, "saved_reply_id": None, "to": [], "cc": [], "bcc": [],
        "created_at": _time(r["created_at"], SINGER_TIME), "opened_at": None,
        "attachments": [],
    }


def singer_rating(r: dict[str, Any]) -> dict[str, Any]:
    """A ``happiness_ratings_report`` record (``rating_id`` is the 1/2/3 rating code)."""
    text = _text(r["rating"])
    code = RATING_CODE.get(text.strip().lower()) if text is not None else None
    out = {
        "thread_id": _int(r.get("thread_id")), "conversation_id": _int(r["conversation_id"]),
        "thread_created_at": None, "rating_id": code,
        "rating_customer_id": _int(r.get("customer_id")),
        "rating_customer_name": "Vernon Bear", "rating_comments": _text(r.get("comments")),
        "rating_created_at": _time(r["created_at"], SINGER_TIME),
        "rating_user_id": _int(r.get("user_id")), "rating_user_name": None, "type": "email",
    }
    if code is None:  # a spelling the codes cannot carry: keep the text
        out["rating"] = text
    return out


def to_singer(tables: dict[str, Any], path: Path, *, schemas: bool = True,
              extra_streams: bool = True) -> Path:
    """Write `tables` as one Singer dump file at `path` (the tap's stream order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tags = _tags_by_conversation(tables)
    with path.open("w", encoding="utf-8") as fh:
        def emit(stream: str, key: list[str], records: Iterator[dict[str, Any]]) -> None:
            if schemas:
                fh.write(_schema(stream, key) + "\n")
            for rec in records:
                fh.write(_message(stream, rec) + "\n")
            fh.write(json.dumps({"type": "STATE", "value": {"bookmarks": {
                stream: "2026-01-01T00:00:00Z"}}}) + "\n")

        emit("users", ["id"], ({
            "id": _int(r["id"]), "first_name": _text(r.get("first_name")),
            "last_name": _text(r.get("last_name")), "email": _text(r.get("email")),
            "role": "user", "timezone": "UTC", "photo_url": _text(r.get("photo_url")),
            "created_at": _time(r.get("created_at"), SINGER_TIME), "updated_at": None,
            "type": "user"} for r in _rows(tables.get("users"))))
        emit("teams", ["id"], ({
            "id": _int(r["id"]), "name": _text(r.get("name")), "timezone": "UTC",
            "mention": None, "photo_url": _text(r.get("photo_url")),
            "created_at": _time(r.get("created_at"), SINGER_TIME), "updated_at": None,
            "initials": None} for r in _rows(tables.get("teams"))))
        emit("team_members", ["team_id", "user_id"], ({
            "team_id": _int(r["team_id"]), "user_id": _int(r["user_id"]),
            "updated_at": None} for r in _rows(tables.get("team_members"))))
        emit("mailboxes", ["id"], ({
            "id": _int(r["id"]), "name": _text(r.get("name")), "slug": None, "email": None,
            "created_at": None, "updated_at": None} for r in _rows(tables.get("mailboxes"))))
        emit("mailbox_folders", ["id"], ({
            "id": _int(r["id"]), "mailbox_id": _int(r.get("mailbox_id")),
            "name": _text(r.get("name")), "type": "open", "user_id": None,
            "total_count": 0, "active_count": 0, "updated_at": None}
            for r in _rows(tables.get("folders"))))
        emit("customers", ["id"], ({
            "id": _int(r["id"]), "first_name": _text(r.get("first_name")),
            "last_name": _text(r.get("last_name")), "photo_url": None,
            "emails": [] if _null(r.get("email")) else [
                {"id": 1, "value": _text(r.get("email")), "type": "work"}]}
            for r in _rows(tables.get("customers"))))
        if extra_streams:
            emit("workflows", ["id"], ({"id": 100 + i, "name": "W"} for i in range(3)))
        emit("conversations", ["id"], (
            singer_conversation(r, tags.get(int(r["id"])))
            for r in _rows(tables["conversations"])))
        emit("conversation_threads", ["id"], (singer_thread(r)
                                              for r in _rows(tables["threads"])))
        emit("happiness_ratings_report", ["rating_customer_id", "conversation_id",
                                          "rating_created_at"],
             (singer_rating(r) for r in _rows(tables.get("ratings"))))
    return path


# --------------------------------------------------------------------------- API JSON


def _api_person(pid: Any, ptype: Any) -> dict[str, Any] | None:
    if _null(pid) and _null(ptype):
        return None
    return {"id": _int(pid), "type": _text(ptype), "first": "Pat", "last": "Doe",
            "email": "pat@example.com"}


def api_thread(r: dict[str, Any]) -> dict[str, Any]:
    action = _text(r.get("action_type"))
    return {
        "id": _int(r["id"]), "type": _text(r["type"]), "status": _text(r.get("status")),
        "state": _text(r.get("state")),
        "action": None if action is None else {"type": action, "text": "…",
                                               "associatedEntities": {}},
        "body": "<p>Hi</p>", "source": {"type": "email", "via": "customer"},
        "customer": None if _null(r.get("customer_id")) else {
            "id": _int(r["customer_id"]), "first": "Vernon", "last": "Bear",
            "email": "v@example.com"},
        "createdBy": _api_person(r.get("created_by_id"), r.get("created_by_type")),
        "assignedTo": None, "to": [], "cc": [], "bcc": [],
        "createdAt": _time(r["created_at"]), "openedAt": None,
        "_embedded": {"attachments": []}, "_links": {"self": {"href": "..."}},
    }


def api_conversation(r: dict[str, Any], tags: list[dict[str, Any]] | None,
                     threads: list[dict[str, Any]] | None) -> dict[str, Any]:
    out = {
        "id": _int(r["id"]), "number": _int(r.get("number")), "threads": 2,
        "type": _text(r["type"]), "folderId": _int(r.get("folder_id")),
        "status": _text(r["status"]), "state": _text(r.get("state")),
        "subject": _text(r.get("subject")), "preview": _text(r.get("preview")),
        "mailboxId": _int(r["mailbox_id"]),
        "assignee": None if _null(r.get("assignee_id")) else {"id": _int(r["assignee_id"])},
        "createdBy": _api_person(r.get("created_by_id"), r.get("created_by_type")),
        "createdAt": _time(r["created_at"]), "closedBy": _int(r.get("closed_by")),
        "closedByUser": None if _null(r.get("closed_by")) else {"id": _int(r["closed_by"])},
        "closedAt": _time(r.get("closed_at")), "userUpdatedAt": _time(r.get("modified_at")),
        "customerWaitingSince": {"time": None, "friendly": None},
        "source": {"type": "email", "via": "customer"}, "tags": tags or [],
        "cc": [], "bcc": [],
        "primaryCustomer": None if _null(r.get("customer_id")) else {
            "id": _int(r["customer_id"]), "email": "c@example.com"},
        "customFields": [],
        "_links": {"self": {"href": f"https://api.helpscout.net/v2/conversations/{r['id']}"}},
    }
    if threads is not None:
        out["_embedded"] = {"threads": [api_thread(t) for t in threads]}
    return out


def _page(key: str, items: list[dict[str, Any]], number: int = 1, total: int = 1,
          href: str = "...", **extra: Any) -> dict[str, Any]:
    return {**extra, "_embedded": {key: items},
            "_links": {"self": {"href": href}, "first": {"href": "..."}},
            "page": {"size": 50, "totalElements": len(items), "totalPages": total,
                     "number": number}}


def to_api_json(tables: dict[str, pd.DataFrame], directory: Path, *,
                page_size: int = 50) -> Path:
    """Write `tables` as Mailbox API pages into `directory`, in several of the shapes
    the reader accepts: conversation pages with embedded threads (JSON lines), separate
    thread pages named by conversation, team member pages known by their self link,
    a happiness ratings report, single rating objects, pretty-printed pages."""
    directory.mkdir(parents=True, exist_ok=True)
    tags = _tags_by_conversation(tables)
    threads = _threads_by_conversation(tables)
    conversations = list(_rows(tables["conversations"]))
    separate = {int(r["id"]) for i, r in enumerate(conversations) if i % 3 == 0}
    with (directory / "conversations.jsonl").open("w", encoding="utf-8") as fh:
        for start in range(0, len(conversations), page_size):
            chunk = conversations[start:start + page_size]
            items = [api_conversation(r, tags.get(int(r["id"])),
                                      None if int(r["id"]) in separate
                                      else threads.get(int(r["id"]), []))
                     for r in chunk]
            fh.write(json.dumps(_page("conversations", items,
                                      start // page_size + 1)) + "\n")
    thread_dir = directory / "threads"
    thread_dir.mkdir(exist_ok=True)
    for cid in sorted(separate):
        items = [api_thread(t) for t in threads.get(cid, [])]
        (thread_dir / f"conversation-{cid}-threads.json").write_text(
            json.dumps(_page("threads", items), indent=2), encoding="utf-8")
    # threads whose conversation is missing (orphans) still travel, with conversationId
    known = {int(r["id"]) for r in conversations}
    orphans = [dict(api_thread(t), conversationId=cid) for cid, ts in threads.items()
               if cid not in known for t in ts]
    if orphans:
        (thread_dir / "orphans.json").write_text(json.dumps(_page("threads", orphans)),
                                                 encoding="utf-8")
    users = [{"id": _int(r["id"]), "firstName": _text(r.get("first_name")),
              "lastName": _text(r.get("last_name")), "email": _text(r.get("email")),
              "role": "user", "timezone": "UTC", "photoUrl": _text(r.get("photo_url")),
              "createdAt": _time(r.get("created_at")), "updatedAt": None, "type": "user",
              "_links": {"self": {"href": "..."}}} for r in _rows(tables.get("users"))]
    (directory / "users.json").write_text(json.dumps(_page("users", users), indent=2),
                                          encoding="utf-8")
    teams = [{"id": _int(r["id"]), "name": _text(r.get("name")), "timezone": "UTC",
              "photoUrl": _text(r.get("photo_url")), "createdAt": _time(r.get("created_at")),
              "updatedAt": None, "mention": None, "initials": None}
             for r in _rows(tables.get("teams"))]
    (directory / "teams.json").write_text(json.dumps(_page("teams", teams)), encoding="utf-8")
    members: dict[int, list[dict[str, Any]]] = {}
    for r in _rows(tables.get("team_members")):
        members.setdefault(int(r["team_id"]), []).append({"id": int(r["user_id"])})
    with (directory / "team-members.jsonl").open("w", encoding="utf-8") as fh:
        for team, items in members.items():
            href = f"https://api.helpscout.net/v2/teams/{team}/members?page=1"
            fh.write(json.dumps(_page("users", items, href=href)) + "\n")
    ratings = list(_rows(tables.get("ratings")))
    report = []
    for i, r in enumerate(ratings):
        text = _text(r["rating"])
        if i % 4 == 0:  # a rating object, GET /v2/ratings/{id}
            obj = {"id": _int(r["id"]), "customer": {"id": _int(r.get("customer_id"))},
                   "threadId": _int(r.get("thread_id")),
                   "conversationId": _int(r["conversation_id"]), "mailboxId": 1,
                   "rating": text, "user": None if _null(r.get("user_id")) else {
                       "id": _int(r["user_id"])},
                   "comments": _text(r.get("comments")),
                   "createdAt": _time(r["created_at"], "%Y-%m-%dT%H:%M:%S")}
            (directory / "ratings").mkdir(exist_ok=True)
            (directory / "ratings" / f"rating-{i}.json").write_text(json.dumps(obj),
                                                                     encoding="utf-8")
            continue
        code = RATING_CODE.get(text.strip().lower()) if text is not None else None
        row = {"number": 1, "threadid": _int(r.get("thread_id")), "threadCreatedAt": None,
               "id": _int(r["conversation_id"]), "type": "email", "ratingId": code,
               "ratingCustomerId": _int(r.get("customer_id")),
               "ratingComments": _text(r.get("comments")),
               "ratingCreatedAt": _time(r["created_at"]), "ratingCustomerName": "V",
               "ratingUserId": _int(r.get("user_id")), "ratingUserName": None}
        if code is None:
            row["rating"] = text
        report.append(row)
    (directory / "happiness-ratings.json").write_text(
        json.dumps({"facets": {}, "results": report, "page": 1, "count": len(report),
                    "pages": 1}, indent=2), encoding="utf-8")
    tag_items = [{"id": _int(r["id"]), "name": _text(r.get("name")), "slug": "x",
                  "color": "#c1c1c1", "ticketCount": 1}
                 for r in _rows(tables.get("tags"))]
    (directory / "tags.json").write_text(json.dumps(_page("tags", tag_items)),
                                         encoding="utf-8")
    (directory / "mailboxes.json").write_text(json.dumps(_page("mailboxes", [
        {"id": _int(r["id"]), "name": _text(r.get("name"))}
        for r in _rows(tables.get("mailboxes"))])), encoding="utf-8")
    folders: dict[Any, list[dict[str, Any]]] = {}
    for r in _rows(tables.get("folders")):
        folders.setdefault(_int(r.get("mailbox_id")), []).append(
            {"id": _int(r["id"]), "name": _text(r.get("name")), "type": "open"})
    for mailbox, items in folders.items():
        extra = {} if mailbox is None else {"mailboxId": mailbox}
        (directory / f"folders-{mailbox}.json").write_text(
            json.dumps(_page("folders", items, **extra)), encoding="utf-8")
    (directory / "customers.json").write_text(json.dumps(_page("customers", [
        {"id": _int(r["id"]), "firstName": _text(r.get("first_name")),
         "lastName": _text(r.get("last_name")),
         "_embedded": {"emails": [] if _null(r.get("email")) else [
             {"id": 1, "value": _text(r.get("email")), "type": "work"}]}}
        for r in _rows(tables.get("customers"))])), encoding="utf-8")
    (directory / "workflows.json").write_text(json.dumps(_page("workflows", [
        {"id": 1, "name": "W"}])), encoding="utf-8")
    return directory


# --------------------------------------------------------------------------- fixtures


def canonical_account(directory: Path, conversations: int = 300, seed: int = 5,
                      ) -> dict[str, pd.DataFrame]:
    """A generated account as canonical Parquet tables in `directory`; returns the tables.

    Thread ``handle_seconds`` are removed: neither the API nor tap-helpscout exports a
    reply's handle time, so "the canonical tables of the same account" have none.
    """
    import pyarrow.parquet as pq

    from reports._generate import generate

    generate(directory, conversations=conversations, seed=seed)
    tables = {}
    for path in sorted(directory.glob("*.parquet")):
        tables[path.stem] = pq.read_table(path).to_pandas()
    tables["threads"]["handle_seconds"] = pd.array([None] * len(tables["threads"]),
                                                   dtype="Int64")
    tables["threads"].to_parquet(directory / "threads.parquet", index=False)
    return tables


def stored_account(base: Path, conversations: int, partition_size: int) -> Path:
    """`canonical_account` in ``base/canonical`` and its prepared store in ``base/store``
    (partitions of `partition_size` conversations); returns `base`."""
    from reports.store import import_store

    canonical_account(base / "canonical", conversations=conversations)
    import_store(base / "canonical", base / "store", partition_size=partition_size)
    return base
