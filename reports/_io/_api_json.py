"""Mailbox API 2.0 JSON: pages saved from Help Scout's API, as Airbyte or a script saves them.

Input is a ``.json`` / ``.jsonl`` / ``.ndjson`` file (``.gz`` too) or a directory of them,
searched recursively and read in path order, so that of two records with the same id the
one in the later file wins (``office_hours.json`` at the top is the office-hours config,
not a page). A file holds one JSON document, several documents one after another (JSON
lines, or pretty-printed documents back to back), or a JSON array of documents. A file
whose first line is a complete JSON value is read line by line (a broken line is skipped
and reported, the rest of the file is kept); any other file is read whole (so keep single
files small, or save one page per line), and after a syntax error reading resumes at the
next line that starts with ``{`` or ``[``.

Documents (shapes from developer.helpscout.com/mailbox-api, HAL ``_embedded`` lists):

====================================================== =====================================
document                                               read as
====================================================== =====================================
``_embedded.conversations[]`` (List Conversations,     conversations: ``id, number, type,
``GET /v2/conversations[?embed=threads]``)             status, state, mailboxId, folderId,
                                                       createdAt, createdBy {id, type},
                                                       primaryCustomer {id}, closedAt,
                                                       closedBy`` (an id; else
                                                       ``closedByUser {id}``), ``assignee
                                                       {id}``, ``subject, preview``,
                                                       ``userUpdatedAt`` → modified_at;
                                                       tags ``[{id, tag, color}]`` (or
                                                       ``name``); threads from
                                                       ``_embedded.threads[]``
a conversation object (Get Conversation)               the same, one conversation
``_embedded.threads[]`` (List Threads,                 threads: ``id, type, status, state,
``GET /v2/conversations/{id}/threads``)                action {type}, createdAt, createdBy
                                                       {id, type}, customer {id}``
``_embedded.users[]`` (List Users)                     users: ``id, firstName, lastName,
                                                       email, createdAt, photoUrl``
``_embedded.users[]`` of List Team Members             team_members (team id, user ``id``)
``_embedded.teams[]`` (List Teams)                     teams: ``id, name, createdAt,
                                                       photoUrl``
``results[]`` (Happiness Ratings Report,               ratings: ``id`` (the conversation;
``GET /v2/reports/happiness/ratings``)                 ``conversationId`` if present),
                                                       ``threadid`` (or ``threadId``),
                                                       ``ratingUserId, ratingCustomerId,
                                                       ratingCreatedAt``, ``rating`` (else
                                                       ``ratingId``: 1 great, 2 okay, 3 not
                                                       good), ``ratingComments``
a rating object (Get Satisfaction Rating,              ratings: ``id, conversationId,
``GET /v2/ratings/{id}``), or ``_embedded.ratings[]``  threadId, user {id}, customer {id},
                                                       rating, createdAt, comments``
``_embedded.customers[]`` (List Customers)             customers: ``id, firstName,
                                                       lastName``, the first of
                                                       ``_embedded.emails[].value`` (or
                                                       ``email``)
``_embedded.mailboxes[]``, ``_embedded.folders[]``,    mailboxes, folders, tags (``id, name,
``_embedded.tags[]``                                   color``)
====================================================== =====================================

Sources (developer.helpscout.com/mailbox-api/...): ``endpoints/conversations/get`` (the
conversation fields, ``closedBy`` an id, ``closedByUser`` an object),
``endpoints/conversations/threads/list-v3`` (the thread example; v2 reports
``system_user`` as ``user``), ``endpoints/users/list``, ``endpoints/ratings/get`` (``rating``
one of great, okay, not_good, unknown), ``endpoints/reports/happiness/reports-happiness-
ratings`` (the ``results[]`` row: ``id`` is the conversation, ``threadid``, ``ratingId``),
the legacy ``help-desk-api/reports/happiness/ratings`` (rating sets 1 great, 2 okay, 3 not
good), ``changelog`` (2023-09-12: threads carry a ``rating``). Teams and team members are not
shown in the stored documentation; their fields are tap-helpscout's (which snake-cases the
API): teams ``id, name, createdAt, photoUrl``, members ``_embedded.users`` of
``/v2/teams/{id}/members``.

Decisions where the documentation is silent:

- **Which conversation a thread page belongs to** (List Threads does not say it in the
  body): a ``conversationId`` field of the page, else the page's ``_links.self.href``
  (``…/conversations/123/threads``), else the file's path (``conversation-123-threads.json``,
  ``conversations/123/threads.json``: ``conversation(s)``, the id and ``threads`` separated
  by ``-``, ``_`` or ``/``), else a ``conversationId`` on each thread. Threads with none of
  these are skipped and reported.
- **Which team a members page belongs to**, likewise: ``teamId`` on the page,
  ``…/teams/5/members`` in ``_links.self.href``, or the path (``team-5-members.json``); a
  users page with no team id is the users list. Folders find their mailbox the same way
  (``mailboxId``, ``…/mailboxes/1/folders``, ``mailbox-1-folders.json``).
- A createdBy ``type`` of ``system_user`` (AI agents, seen in the v3 API) reads as
  ``user``, as the v2 API itself reports it.
- Ratings are keyed by the rated thread, as in the Singer reader (see `_singer`), so a
  rating that is both in a report page and a rating object is counted once.
- The thread ``rating`` object (since 2023-09) has no creation time and is not read.
- Conversations carry no ``has_attachments``; it is null.
- Pages of other kinds (workflows, …) are counted in `RawData.ignored`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from .._errors import DataError
from ._collect import Collector
from ._singer import first_email, open_binary
from ._tables import (
    Progress,
    Scan,
    Sink,
    as_id,
    as_text,
    at_first,
    loc_of,
    nested,
    synthetic_id,
)

__all__ = ["api_files", "is_api_document", "read_api_json", "scan_api_json"]

SUFFIXES = (".json", ".jsonl", ".ndjson")
LABELS = {"conversations": "conversations", "threads": "threads", "ratings": "ratings",
          "users": "users", "teams": "teams", "mailboxes": "mailboxes",
          "folders": "folders", "customers": "customers"}
FIELDS = {
    "conversations": {"mailbox_id": "mailboxId", "folder_id": "folderId",
                      "created_at": "createdAt", "created_by_type": "createdBy.type",
                      "created_by_id": "createdBy.id", "customer_id": "primaryCustomer.id",
                      "closed_at": "closedAt", "closed_by": "closedBy",
                      "assignee_id": "assignee.id", "modified_at": "userUpdatedAt",
                      "has_attachments": "hasAttachments"},
    "threads": {"conversation_id": "conversationId (of the page, the file or the thread)",
                "action_type": "action.type", "created_at": "createdAt",
                "created_by_type": "createdBy.type", "created_by_id": "createdBy.id",
                "customer_id": "customer.id"},
    "ratings": {"id": "threadid", "conversation_id": "conversationId (or id)",
                "thread_id": "threadid", "user_id": "ratingUserId (or user.id)",
                "customer_id": "ratingCustomerId (or customer.id)",
                "rating": "rating (or ratingId)",
                "created_at": "ratingCreatedAt (or createdAt)",
                "comments": "ratingComments (or comments)"},
    "customers": {"first_name": "firstName", "last_name": "lastName",
                  "email": "_embedded.emails[0].value"},
    "users": {"first_name": "firstName", "last_name": "lastName", "created_at": "createdAt",
              "photo_url": "photoUrl"},
    "teams": {"created_at": "createdAt", "photo_url": "photoUrl"},
    "folders": {"mailbox_id": "mailboxId"},
}
HINTS = {"conversations": "save the pages of GET /v2/conversations?status=all&embed=threads",
         "threads": "save conversations with ?embed=threads, or the pages of GET "
                    "/v2/conversations/{id}/threads"}
EMPTY: dict[str, Any] = {}
PROGRESS_EVERY = 1 << 14

_HREF = {
    "threads": re.compile(r"/conversations/(\d+)/threads"),
    "members": re.compile(r"/teams/(\d+)/members"),
    "folders": re.compile(r"/mailboxes/(\d+)/folders"),
}
_PATH = {
    "threads": re.compile(r"conversations?[-_/](\d+)[-_/]threads", re.IGNORECASE),
    "members": re.compile(r"teams?[-_/](\d+)[-_/]members", re.IGNORECASE),
    "folders": re.compile(r"mailbox(?:es)?[-_/](\d+)[-_/]folders", re.IGNORECASE),
}
_PAGE_FIELD = {"threads": "conversationId", "members": "teamId", "folders": "mailboxId"}


def api_files(path: Path) -> list[Path]:
    """The page files at `path`: the file itself, or the JSON files below a directory."""
    from ._files import walk

    if path.is_file():
        return [path]
    return [p for p in walk(path) if p.name.lower().removesuffix(".gz").endswith(SUFFIXES)]


def is_api_document(doc: Any) -> bool:
    """Whether a parsed JSON document looks like a Mailbox API 2.0 page or object."""
    if isinstance(doc, list):
        return bool(doc) and is_api_document(doc[0])
    if not isinstance(doc, dict):
        return False
    return (isinstance(doc.get("_embedded"), dict) or isinstance(doc.get("results"), list)
            or _is_rating(doc) or _is_conversation(doc))


def page_kinds(doc: Any) -> frozenset[str]:
    """What a parsed API document holds: its ``_embedded`` keys, "conversations" for a
    conversation object, "ratings" for a ratings report or a rating."""
    if isinstance(doc, list):
        return frozenset().union(*(page_kinds(d) for d in doc[:5]))
    if not isinstance(doc, dict):
        return frozenset()
    if _is_conversation(doc):
        return frozenset({"conversations"})
    embedded = doc.get("_embedded")
    if isinstance(embedded, dict):
        return frozenset(str(k) for k in embedded)
    return frozenset({"ratings"}) if isinstance(doc.get("results"), list) or _is_rating(
        doc) else frozenset()


def _is_rating(doc: dict[str, Any]) -> bool:
    return "rating" in doc and ("conversationId" in doc or "threadId" in doc)


def _is_conversation(doc: dict[str, Any]) -> bool:
    return "id" in doc and "mailboxId" in doc and "createdAt" in doc and "status" in doc


def scan_api_json(path: Path, sink: Sink, progress: Progress | None = None) -> Scan:
    """Read the API pages at `path` into `sink`; raise `DataError` when nothing is usable."""
    files = api_files(path)
    if path.is_file() and path.stat().st_size == 0:
        raise DataError("the file is empty; expected Mailbox API JSON pages", file=str(path))
    if not files:
        raise DataError("no .json files here; expected Mailbox API 2.0 pages",
                        file=str(path))
    reader = _Reader(sink, progress, sum(f.stat().st_size for f in files),
                     path if path.is_dir() else path.parent)
    for f in files:
        reader.read_file(f)
    if not reader.pages:
        first = reader.out.problems.as_list()
        why = f" ({first[0]['reason']}, {first[0]['examples'][0]})" if first else ""
        exc = DataError("no Help Scout Mailbox API pages found (documents with "
                        f"'_embedded' or 'results'){why}", file=str(path))
        raise at_first(exc, first[0]["examples"][0]) if first else exc
    scan = Scan()
    scan.tables = reader.out.finish(str(path))
    scan.notices = reader.out.notices()
    scan.incomplete = reader.problems.incomplete
    scan.gaps = reader.out.gaps()
    scan.problems = reader.out.problems.as_list()
    scan.ignored = dict(sorted(reader.ignored.items()))
    scan.records = reader.out.records
    if progress is not None:
        progress(reader.out.records, reader.done_bytes, reader.total_bytes)
    return scan


def read_api_json(path: Path, progress: Progress | None = None) -> Any:
    """Read API pages into `RawData` (the tables in memory, as Arrow tables)."""
    from . import in_memory

    return in_memory(path, scan_api_json, progress)


# --------------------------------------------------------------------------- documents


def iter_documents(path: Path, problems: Any, file_no: int) -> Iterator[tuple[int, Any]]:
    """(line, document) for every JSON document of a file; broken ones are reported."""
    with open_binary(path) as (fh, _raw):
        first = fh.readline()
        while first and not first.strip():
            first = fh.readline()
        try:
            json.loads(first)
            line_mode = True
        except (ValueError, RecursionError):
            line_mode = False
        if line_mode:
            yield from _json_lines(first, fh, problems, file_no)
            return
        data = first + fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add("files", f"not UTF-8 text ({exc.reason})", loc_of(file_no, 1))
        return
    yield from _documents(text, problems, file_no)


def _json_lines(first: bytes, rest: Any, problems: Any, file_no: int) -> Iterator[
        tuple[int, Any]]:
    line_no = 0

    def lines() -> Iterator[bytes]:
        yield first
        yield from rest

    for line in lines():
        line_no += 1
        if not line.strip():
            continue
        try:
            parsed = json.loads(line)
        except RecursionError:
            problems.add("files", "JSON nested too deeply, the line skipped",
                         loc_of(file_no, line_no))
            continue
        except ValueError as exc:
            if not line.endswith(b"\n"):  # the last line, cut short
                problems.cut(loc_of(file_no, line_no), "the last line stops in the middle "
                             "of a document (the file was cut)")
                continue
            problems.add("files", "not valid JSON, the line skipped",
                         loc_of(file_no, line_no), detail=str(getattr(exc, "msg", exc)))
            continue
        yield line_no, parsed


_WS = re.compile(r"\s*")
_RESYNC = re.compile(r"^[{\[]", re.MULTILINE)


def _documents(text: str, problems: Any, file_no: int) -> Iterator[tuple[int, Any]]:
    decoder = json.JSONDecoder()
    pos, line = 0, 1
    while True:
        skip = _WS.match(text, pos)
        end_ws = skip.end() if skip else pos
        line += text.count("\n", pos, end_ws)
        pos = end_ws
        if pos >= len(text):
            return
        try:
            doc, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            newline = text.find("\n", pos)
            nxt = _RESYNC.search(text, newline + 1) if newline >= 0 else None
            if nxt is None:  # the file's last document is broken: the file was cut
                problems.cut(loc_of(file_no, exc.lineno), "the file stops in the middle of "
                             f"a JSON document ({exc.msg} at column {exc.colno})")
                return
            problems.add("files", "not valid JSON; skipped to the next line that starts a "
                         "document", loc_of(file_no, line),
                         detail=f"{exc.msg} at line {exc.lineno} column {exc.colno}")
            line += text.count("\n", pos, nxt.start())
            pos = nxt.start()
            continue
        yield line, doc
        line += text.count("\n", pos, end)
        pos = end


# --------------------------------------------------------------------------- reader


class _Reader:
    def __init__(self, sink: Sink, progress: Progress | None, total_bytes: int,
                 root: Path) -> None:
        self.out = Collector(sink, LABELS, FIELDS, HINTS)
        self.problems = self.out.problems
        self.progress = progress
        self.total_bytes = total_bytes
        self.done_bytes = 0
        self.root = root
        self.ignored: dict[str, int] = {}
        self.pages = 0
        self._next_progress = PROGRESS_EVERY

    def read_file(self, path: Path) -> None:
        file_no = self.problems.file_no(path)
        try:
            rel = str(path.relative_to(self.root))
        except ValueError:
            rel = path.name
        try:
            for line, doc in iter_documents(path, self.problems, file_no):
                loc = loc_of(file_no, line)
                for item in doc if isinstance(doc, list) else [doc]:
                    self._document(item, loc, rel)
                if self.progress is not None and self.out.records >= self._next_progress:
                    self._next_progress = self.out.records + PROGRESS_EVERY
                    self.progress(self.out.records, self.done_bytes, self.total_bytes)
        except EOFError:  # a .gz file cut short: what came before is read
            self.problems.cut(loc_of(file_no, 1), "the compressed file ends early (cut "
                              "while it was written or copied)")
        except OSError as exc:
            raise DataError(f"cannot be read: {exc}", file=str(path)) from None
        self.done_bytes += path.stat().st_size

    def _context(self, kind: str, doc: dict[str, Any], rel: str) -> int | None:
        """The parent id of a sub-resource page (see the module docstring)."""
        value = as_id(doc.get(_PAGE_FIELD[kind]))
        if value is not None:
            return value
        href = _obj(_obj(doc.get("_links")).get("self")).get("href")
        if isinstance(href, str):
            m = _HREF[kind].search(href)
            if m:
                return int(m.group(1))
        m = _PATH[kind].search(rel.replace("\\", "/"))
        return int(m.group(1)) if m else None

    def _document(self, doc: Any, loc: int, rel: str) -> None:
        if not isinstance(doc, dict):
            self.problems.add("files", "not a Help Scout API page (not a JSON object)", loc)
            return
        embedded = doc.get("_embedded")
        if isinstance(embedded, dict) and not _is_conversation(doc):
            self.pages += 1
            for key, items in embedded.items():
                self._embedded(key, items, doc, loc, rel)
        elif isinstance(doc.get("results"), list):
            self.pages += 1
            self.out.touch("ratings")
            self._each("ratings", doc["results"], self._rating, loc)
        elif _is_rating(doc):
            self.pages += 1
            self._each("ratings", [doc], self._rating, loc)
        elif _is_conversation(doc):
            self.pages += 1
            self.out.touch("conversations")
            self._each("conversations", [doc], self._conversation, loc)
        else:
            keys = ", ".join(sorted(doc)[:5])
            self.problems.add("files", "not a Help Scout API page (no '_embedded' or "
                              f"'results'; keys: {keys})", loc)

    def _each(self, label: str, items: list[Any], handle: Any, loc: int, *args: Any) -> None:
        """`handle(item, loc, *args)` for each item; an item of an odd shape is skipped."""
        for item in items:
            try:
                handle(item, loc, *args)
            except (AttributeError, TypeError):  # e.g. a string where an object belongs
                self.problems.add(label, "a field holds a value of an unexpected kind (an "
                                  "object expected?)", loc)

    def _embedded(self, key: str, items: Any, doc: dict[str, Any], loc: int,
                  rel: str) -> None:
        if not isinstance(items, list):
            self.problems.add("files", f"'_embedded.{key}' is not a list", loc)
            return
        if key == "users":
            team = self._context("members", doc, rel)
            if team is not None:
                self.out.touch("team_members")
                self._each("team members", items, self._member, loc, team)
                return
        handlers: dict[str, tuple[Any, ...]] = {
            "conversations": (self._conversation,),
            "threads": (self._thread, self._context("threads", doc, rel)),
            "users": (self._user,),
            "teams": (self._team,),
            "ratings": (self._rating,),
            "mailboxes": (self._mailbox,),
            "customers": (self._customer,),
            "folders": (self._folder, self._context("folders", doc, rel)),
            "tags": (self._tag,),
        }
        if key not in handlers:
            self.ignored[key] = self.ignored.get(key, 0) + len(items)
            return
        self.out.touch(key)
        handle, *extra = handlers[key]
        self._each(key, items, handle, loc, *extra)

    # -- items: source values in canonical column order (typed per chunk later) ---------

    def _conversation(self, item: Any, loc: int) -> None:
        get = _obj(item).get
        obj = partial(nested, get, problems=self.out.problems, table="conversations", loc=loc)
        by = obj("createdBy")
        closed_by = get("closedBy")
        if type(closed_by) is dict:
            closed_by = closed_by.get("id")
        if closed_by is None:
            closed_by = obj("closedByUser").get("id")
        cid = get("id")
        row = (cid, get("type"), get("status"), get("state"), get("mailboxId"),
               get("folderId"), get("createdAt"), _by_type(by.get("type")), by.get("id"),
               obj("primaryCustomer").get("id"), get("closedAt"), closed_by,
               get("number"), obj("assignee").get("id"), get("subject"), get("preview"),
               get("userUpdatedAt"), get("hasAttachments"))
        self.out.conversation(row, get("tags"), loc)
        threads = obj("_embedded").get("threads")
        if isinstance(threads, list):
            self.out.touch("threads")
            self._each("threads", threads, self._thread, loc, as_id(cid))

    def _thread(self, item: Any, loc: int, conversation: int | None) -> None:
        get = _obj(item).get
        obj = partial(nested, get, problems=self.out.problems, table="threads", loc=loc)
        by = obj("createdBy")
        if conversation is None:
            conversation = get("conversationId")
        row = (get("id"), conversation, get("type"), get("state"), get("status"),
               obj("action").get("type"), get("createdAt"),
               _by_type(by.get("type")), by.get("id"), obj("customer").get("id"),
               None)
        self.out.add("threads", row, loc)

    def _member(self, item: Any, loc: int, team: int) -> None:
        self.out.member(team, as_id(_obj(item).get("id")), loc, "team members",
                        ("teamId", "id"))

    def _team(self, item: Any, loc: int) -> None:
        get = _obj(item).get
        self.out.add("teams", (get("id"), get("name"), get("createdAt"), get("photoUrl")), loc)

    def _mailbox(self, item: Any, loc: int) -> None:
        get = _obj(item).get
        self.out.add("mailboxes", (get("id"), get("name")), loc)

    def _customer(self, item: Any, loc: int) -> None:
        get = _obj(item).get
        email = first_email(_obj(get("_embedded")).get("emails"))
        if email is None:
            email = get("email")
        self.out.add("customers", (get("id"), get("firstName"), get("lastName"), email), loc)

    def _folder(self, item: Any, loc: int, mailbox: int | None) -> None:
        get = _obj(item).get
        self.out.add("folders", (get("id"), mailbox, get("name")), loc)

    def _tag(self, item: Any, loc: int) -> None:
        get = _obj(item).get
        self.out.tag(as_id(get("id")), get("name", get("tag")), loc, color=get("color"))

    def _user(self, item: Any, loc: int) -> None:
        get = _obj(item).get
        row = (get("id"), get("firstName"), get("lastName"), get("email"), get("createdAt"),
               get("photoUrl"))
        self.out.add("users", row, loc)

    def _rating(self, item: Any, loc: int) -> None:
        get = _obj(item).get
        if "ratingCreatedAt" in _obj(item) or "ratingId" in _obj(item):  # a report row
            conversation = get("conversationId", get("id"))
            thread = get("threadid", get("threadId"))
            customer, user = get("ratingCustomerId"), get("ratingUserId")
            created = get("ratingCreatedAt")
            comments = get("ratingComments")
            value = get("rating")
            if value is None:
                value = get("ratingId")
            own = None
        else:  # a rating object (GET /v2/ratings/{id})
            conversation, thread = get("conversationId"), get("threadId")
            customer = _obj(get("customer")).get("id")
            user = _obj(get("user")).get("id")
            created, value, own = get("createdAt"), get("rating"), as_id(get("id"))
            comments = get("comments")
        rid = as_id(thread)
        if rid is None:
            rid = own if own is not None else synthetic_id(conversation, customer, created)
        self.out.add("ratings", (rid, conversation, thread, user, customer, value, created,
                                 comments), loc)


def _obj(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else EMPTY


def _by_type(value: Any) -> str | None:
    text = as_text(value)
    return "user" if text == "system_user" else text
