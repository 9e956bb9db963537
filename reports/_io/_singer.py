"""Singer dumps written by tap-helpscout: SCHEMA / RECORD / STATE messages, one JSON per line.

A dump is one file or a directory of files (every file below it whose first lines are
Singer messages, in path order; ``*.gz`` files are decompressed on the fly), read line by
line; each RECORD becomes one row of a canonical table (docs/data.md › Tables) as it is
read, and rows are typed a chunk at a time (`_tables.TableBuilder`), so memory holds typed
columns, never the parsed messages. ``office_hours.json`` in a dump directory is the
office-hours config.

Field mapping
-------------
Field names are those of tap-helpscout's JSON schemas (``tap_helpscout/schemas/*.json``
in github.com/singer-io/tap-helpscout; ``transform.py`` snake-cases the Mailbox API 2.0
fields and drops ``_embedded`` / ``_links``; ``streams/abstract.py`` adds the parent's id
to child records: ``conversation_id`` on threads, ``team_id`` on team members,
``mailbox_id`` on folders):

========================== ============================== ==================================
stream                     canonical table                fields read
========================== ============================== ==================================
conversations              conversations                  id, number, type, status, state,
                                                          mailbox_id, folder_id, created_at,
                                                          created_by {id, type} →
                                                          created_by_id/_type,
                                                          primary_customer {id} →
                                                          customer_id, closed_at, closed_by
                                                          (else closed_by_user {id}),
                                                          assignee {id} → assignee_id
(same)                     conversation_tags, tags        tags [{id, tag}]
conversation_threads       threads                        id, conversation_id, type, status,
                                                          state, action {type} →
                                                          action_type, created_at,
                                                          created_by {id, type},
                                                          customer {id} → customer_id
happiness_ratings_report,  ratings                        conversation_id (else id),
happiness_ratings, ratings                                thread_id (else threadid),
                                                          rating_user_id → user_id,
                                                          rating_customer_id → customer_id,
                                                          rating_created_at → created_at,
                                                          rating (else rating_id) → rating,
                                                          rating_comments → comments
customers                  customers                      id, first_name, last_name,
                                                          emails[0].value → email
users                      users                          id, first_name, last_name, email,
                                                          created_at, photo_url
teams                      teams                          id, name, created_at, photo_url
team_members, team_users   team_members                   team_id, user_id
mailboxes                  mailboxes                      id, name
mailbox_folders            folders                        id, mailbox_id, name
========================== ============================== ==================================

Decisions where the sources are silent:

- **Ratings have no id of their own** in the happiness ratings report: its ``ratingId`` is
  the rating *value* (1 great, 2 okay, 3 not good: Help Scout's report examples show
  ``"ratingId": 1`` on several different ratings, and its ``rating`` filter uses the same
  codes), so ``rating_id`` is read as the rating when ``rating`` is absent, and the
  canonical ``id`` is the rated thread's id (one rating per rated reply: a re-rated reply
  keeps the last rating); without a thread id it is a stable negative id derived from
  (conversation, customer, created_at).
- Conversation threads carry no ``handle_seconds``; the column is null. Conversations
  carry no ``has_attachments`` (the threads' ``attachments`` are not read); it is null.
- A conversation's tags are those of its **last** record (incremental syncs re-emit
  updated conversations), like every other field.
- RECORDs of tap-helpscout streams the report does not use (mailbox_fields, workflows)
  are counted in `RawData.ignored`; a RECORD of any other stream is skipped and reported;
  a RECORD that comes before its stream's SCHEMA is read (the field names are known) and
  reported.
- A line that is not valid JSON, a record without ``id`` / ``created_at`` or whose
  timestamp does not parse is skipped and reported with its file and line; the rest of the
  dump is read. A file whose *last* line stops mid-record (no final newline) was cut: the
  load stops unless partial exports are allowed (docs/data.md › Incomplete exports).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from .._errors import DataError
from ._collect import Collector
from ._tables import Progress, Scan, Sink, as_id, loc_of, nested, synthetic_id

__all__ = ["is_singer_line", "read_singer", "scan_singer"]

#: stream → canonical table
USED = {
    "conversations": "conversations",
    "conversation_threads": "threads",
    "happiness_ratings_report": "ratings",
    "happiness_ratings": "ratings",
    "ratings": "ratings",
    "users": "users",
    "teams": "teams",
    "team_members": "team_members",
    "team_users": "team_members",
    "mailboxes": "mailboxes",
    "mailbox_folders": "folders",
    "customers": "customers",
}
#: tap-helpscout streams that the report does not need
UNUSED = ("mailbox_fields", "workflows")
MESSAGE_TYPES = ("RECORD", "SCHEMA", "STATE", "ACTIVATE_VERSION", "BATCH")

LABELS = {"conversations": "conversations", "threads": "conversation_threads",
          "ratings": "happiness_ratings_report", "users": "users", "teams": "teams",
          "mailboxes": "mailboxes", "folders": "mailbox_folders", "customers": "customers"}
FIELDS = {
    "conversations": {"created_by_type": "created_by.type", "created_by_id": "created_by.id",
                      "customer_id": "primary_customer.id", "assignee_id": "assignee.id",
                      "modified_at": "user_updated_at"},
    "customers": {"email": "emails[0].value"},
    "threads": {"action_type": "action.type", "created_by_type": "created_by.type",
                "created_by_id": "created_by.id", "customer_id": "customer.id"},
    "ratings": {"id": "thread_id", "thread_id": "thread_id", "user_id": "rating_user_id",
                "customer_id": "rating_customer_id", "rating": "rating (or rating_id)",
                "created_at": "rating_created_at", "comments": "rating_comments"},
}
HINTS = {"conversations": "select the conversations stream in the tap's catalog",
         "threads": "select the conversation_threads stream in the tap's catalog"}
EMPTY: dict[str, Any] = {}
PROGRESS_EVERY = 1 << 16
_SCANNER = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # C scanner


def is_singer_line(obj: Any) -> bool:
    """Whether a parsed JSON line looks like a Singer message."""
    return isinstance(obj, dict) and obj.get("type") in MESSAGE_TYPES and (
        "stream" in obj or "value" in obj)


def dump_files(path: Path) -> list[Path]:
    """The files of a dump: `path` itself, or the files below it (`_files.walk`)."""
    from ._files import walk

    return walk(path)


@contextmanager
def open_binary(path: Path) -> Iterator[tuple[IO[bytes], IO[bytes]]]:
    """(stream to read, raw file whose position tells the progress)."""
    with path.open("rb") as raw:
        if path.suffix == ".gz":
            with gzip.GzipFile(fileobj=raw) as unzipped:
                yield cast(IO[bytes], unzipped), raw
        else:
            yield raw, raw


def scan_singer(path: Path, sink: Sink, progress: Progress | None = None) -> Scan:
    """Read the dump at `path` into `sink`; raise `DataError` when nothing is usable."""
    files = dump_files(path)
    if path.is_file() and path.stat().st_size == 0:
        raise DataError("the file is empty; expected a Singer dump", file=str(path))
    others: list[Path] = []
    if path.is_dir():
        singer = [any(is_singer_line(o) for o in peek_lines(f)) for f in files]
        others = [f for f, ok in zip(files, singer, strict=True) if not ok]
        files = [f for f, ok in zip(files, singer, strict=True) if ok]
    if not files:
        raise DataError("no Singer dump here (files of lines like {\"type\": \"RECORD\", "
                        "...} as tap-helpscout writes them)", file=str(path))
    reader = _Reader(sink, progress, sum(f.stat().st_size for f in files))
    if others:
        reader.notes.append(f"{len(others)} file(s) that are not Singer dumps ignored "
                            f"(first: {others[0]})")
    for f in files:
        reader.read_file(f)
    scan = Scan()
    scan.tables = reader.out.finish(str(path))
    scan.notices = reader.notes + reader.out.notices()
    scan.incomplete = reader.problems.incomplete
    scan.gaps = reader.out.gaps()
    scan.problems = reader.out.problems.as_list()
    scan.ignored = dict(sorted(reader.ignored.items()))
    scan.records = reader.records
    if progress is not None:
        progress(reader.records, reader.done_bytes, reader.total_bytes)
    return scan


def read_singer(path: Path, progress: Progress | None = None) -> Any:
    """Read a Singer dump into `RawData` (the tables in memory, as Arrow tables)."""
    from . import in_memory

    return in_memory(path, scan_singer, progress)


class _Reader:
    def __init__(self, sink: Sink, progress: Progress | None, total_bytes: int) -> None:
        self.out = Collector(sink, LABELS, FIELDS, HINTS)
        self.problems = self.out.problems
        self.progress = progress
        self.total_bytes = total_bytes
        self.done_bytes = 0
        self.records = 0
        self.ignored: dict[str, int] = {}
        self.notes: list[str] = []
        self.schemas: set[str] = set()
        self._no_schema: dict[str, list[Any]] = {}
        self.handlers = {
            "conversations": self._conversation,
            "conversation_threads": self._thread,
            "happiness_ratings_report": self._rating,
            "happiness_ratings": self._rating,
            "ratings": self._rating,
            "users": self._user,
            "teams": self._team,
            "team_members": self._member,
            "team_users": self._member,
            "mailboxes": self._mailbox,
            "mailbox_folders": self._folder,
            "customers": self._customer,
        }

    def read_file(self, path: Path) -> None:
        file_no = self.problems.file_no(path)
        file_loc = loc_of(file_no, 0)
        base = self.done_bytes
        handlers = self.handlers
        schemas = self.schemas
        scan = _SCANNER
        line_no = 0
        try:
            with open_binary(path) as (fh, raw):
                for line_no, line in enumerate(fh, 1):
                    # one JSON object per line: the C scanner, no per-call set-up
                    try:
                        text = line.decode()
                        msg, end = scan(text, 0)
                        if end < len(text) - 1 and text[end:].strip():
                            raise ValueError("Extra data")
                    except (ValueError, StopIteration, RecursionError):
                        msg = self._slow_parse(line, file_loc | line_no,
                                               last=not line.endswith(b"\n"))
                        if msg is None:
                            continue
                    if type(msg) is not dict:
                        self.problems.add("singer dump", "not a Singer message (not a JSON "
                                          "object)", file_loc | line_no)
                        continue
                    kind = msg.get("type")
                    if type(msg.get("stream", "")) is not str:
                        self.problems.add("singer dump", "not a Singer message (its 'stream' "
                                          "is not a name)", file_loc | line_no)
                        continue
                    if kind == "RECORD":
                        stream = msg.get("stream")
                        handler = handlers.get(stream)  # type: ignore[arg-type]
                        record = msg.get("record")
                        if handler is None:
                            self._other_stream(stream, file_loc | line_no)
                        elif type(record) is not dict:
                            self.problems.add(str(stream), "RECORD without a 'record' object",
                                              file_loc | line_no)
                        else:
                            if stream not in schemas:
                                self._before_schema(str(stream), file_loc | line_no)
                            try:
                                handler(record, file_loc | line_no)
                            except (AttributeError, TypeError):  # e.g. a string for an object
                                self.problems.add(str(stream), "a field holds a value of an "
                                                  "unexpected kind (an object expected?)",
                                                  file_loc | line_no)
                        self.records += 1
                        if self.records % PROGRESS_EVERY == 0 and self.progress is not None:
                            self.done_bytes = base + raw.tell()
                            self.progress(self.records, self.done_bytes, self.total_bytes)
                    elif kind == "SCHEMA":
                        stream = msg.get("stream")
                        schemas.add(str(stream))
                        if stream in USED:
                            self.out.touch(USED[str(stream)])
                    elif kind not in MESSAGE_TYPES:
                        self.problems.add("singer dump", "not a Singer message (its 'type' is "
                                          "not RECORD, SCHEMA or STATE)", file_loc | line_no,
                                          kind)
                self.done_bytes = base + raw.tell()
        except EOFError:  # a .gz file cut short: what came before is read
            self.problems.cut(file_loc | line_no + 1, "the compressed file ends early "
                              "(cut while it was written or copied)")
        except OSError as exc:  # unreadable, or not gzip at all
            raise DataError(f"cannot be read: {exc}", file=str(path)) from None
        for stream, (count, first) in self._no_schema.items():
            self.notes.append(
                f"{stream}: {count:,} RECORD message(s) before any SCHEMA message of that "
                f"stream (first: {self.problems.where(first)}); read with tap-helpscout's "
                "field names")
        self._no_schema.clear()

    def _slow_parse(self, line: bytes, loc: int, last: bool) -> Any:
        """Parse a line the fast path refused; None (and a counted problem) if it is bad.

        The file's last line, without a final newline and not valid JSON, means the dump
        was cut while it was written: noted as incomplete, not as a bad record.
        """
        if not line.strip():
            return None
        try:
            return json.loads(line)
        except UnicodeDecodeError:
            self.problems.add("singer dump", "not UTF-8 text", loc)
        except ValueError as exc:
            if last:
                self.problems.cut(loc, "the last line stops in the middle of a record (the "
                                  "dump was cut)")
                return None
            self.problems.add("singer dump", "not valid JSON", loc, detail=_json_error(exc))
        except RecursionError:
            self.problems.add("singer dump", "JSON nested too deeply", loc)
        return None

    def _other_stream(self, stream: Any, loc: int) -> None:
        if stream in UNUSED:
            self.ignored[stream] = self.ignored.get(stream, 0) + 1
        else:
            self.problems.add(str(stream), "a stream that tap-helpscout does not write "
                              f"(known: {', '.join(sorted(USED))})", loc)

    def _before_schema(self, stream: str, loc: int) -> None:
        entry = self._no_schema.get(stream)
        if entry is None:
            self._no_schema[stream] = [1, loc]
        else:
            entry[0] += 1

    # -- streams: source values in canonical column order (typed per chunk later) -------

    def _conversation(self, r: dict[str, Any], loc: int) -> None:
        get = r.get
        obj = partial(nested, get, problems=self.out.problems, table="conversations", loc=loc)
        by = obj("created_by")
        closed_by = get("closed_by")
        if closed_by is None:
            closed_by = obj("closed_by_user").get("id")
        elif type(closed_by) is dict:
            closed_by = closed_by.get("id")
        row = (get("id"), get("type"), get("status"), get("state"), get("mailbox_id"),
               get("folder_id"), get("created_at"), by.get("type"), by.get("id"),
               obj("primary_customer").get("id"), get("closed_at"), closed_by,
               get("number"), obj("assignee").get("id"), get("subject"), get("preview"),
               get("user_updated_at"), None)
        self.out.conversation(row, get("tags"), loc)

    def _thread(self, r: dict[str, Any], loc: int) -> None:
        get = r.get
        obj = partial(nested, get, problems=self.out.problems, table="conversation_threads",
                      loc=loc)
        by = obj("created_by")
        conversation = get("conversation_id")
        if conversation is None:
            conversation = get("conversations_id")
        row = (get("id"), conversation, get("type"), get("state"), get("status"),
               obj("action").get("type"), get("created_at"), by.get("type"),
               by.get("id"), obj("customer").get("id"), None)
        self.out.add("threads", row, loc)

    def _rating(self, r: dict[str, Any], loc: int) -> None:
        get = r.get
        conversation = get("conversation_id", get("id"))
        thread = get("thread_id", get("threadid"))
        customer = get("rating_customer_id")
        created = get("rating_created_at")
        value = get("rating")
        if value is None:
            value = get("rating_id")
        rid = as_id(thread)
        if rid is None:
            rid = synthetic_id(conversation, customer, created)
        row = (rid, conversation, thread, get("rating_user_id"), customer, value, created,
               get("rating_comments"))
        self.out.add("ratings", row, loc)

    def _user(self, r: dict[str, Any], loc: int) -> None:
        get = r.get
        row = (get("id"), get("first_name"), get("last_name"), get("email"),
               get("created_at"), get("photo_url"))
        self.out.add("users", row, loc)

    def _team(self, r: dict[str, Any], loc: int) -> None:
        get = r.get
        self.out.add("teams", (get("id"), get("name"), get("created_at"), get("photo_url")),
                     loc)

    def _member(self, r: dict[str, Any], loc: int) -> None:
        team = r.get("team_id", r.get("teams_id"))
        self.out.member(as_id(team), as_id(r.get("user_id")), loc)

    def _mailbox(self, r: dict[str, Any], loc: int) -> None:
        self.out.add("mailboxes", (r.get("id"), r.get("name")), loc)

    def _customer(self, r: dict[str, Any], loc: int) -> None:
        self.out.add("customers", (r.get("id"), r.get("first_name"), r.get("last_name"),
                                   first_email(r.get("emails"))), loc)

    def _folder(self, r: dict[str, Any], loc: int) -> None:
        mailbox = r.get("mailbox_id", r.get("mailboxes_id"))
        self.out.add("folders", (r.get("id"), mailbox, r.get("name")), loc)


def _obj(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else EMPTY


def first_email(emails: Any) -> Any:
    """The first address of a customer's ``emails`` list ([{value, type}]), if any."""
    if isinstance(emails, list):
        for item in emails:
            value = item.get("value") if type(item) is dict else item
            if isinstance(value, str) and value.strip():
                return value
    return None


def _json_error(exc: ValueError) -> str:
    msg = getattr(exc, "msg", None) or str(exc)
    col = getattr(exc, "colno", None)
    if col:
        msg += f" column {col}" if msg.endswith(" at") else f" at column {col}"
    return msg


def peek_lines(path: Path, limit: int = 5, max_bytes: int = 1 << 20) -> list[Any]:
    """The first `limit` non-blank lines of a file, parsed (None where not JSON).

    Reads at most `max_bytes` per line, so a huge one-line document is not loaded whole
    (it counts as not JSON here).
    """
    out: list[Any] = []
    try:
        return _peek(path, limit, max_bytes, out)
    except (OSError, EOFError):  # unreadable, or a broken .gz: not a dump
        return out


def _peek(path: Path, limit: int, max_bytes: int, out: list[Any]) -> list[Any]:
    with open_binary(path) as (fh, _raw):
        while len(out) < limit:
            line = fh.readline(max_bytes)
            if not line:
                break
            if not line.strip():
                continue
            if len(line) >= max_bytes and not line.endswith(b"\n"):
                out.append(None)  # longer than we care to read here
                break
            try:
                out.append(json.loads(line))
            except (ValueError, RecursionError):
                out.append(None)
    return out
