"""Singer dumps of tap-helpscout: field mapping, incremental re-emits, bad input, equivalence.

Dumps are built by hand from the tap's schemas (``tap_helpscout/schemas/*.json``): one
JSON message per line, SCHEMA before the RECORDs of its stream, STATE now and then.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

import reports
from reports import DataError
from reports._io import read

try:  # tests/ as a package or as a plain directory on sys.path
    from .io_helpers import canonical_account, to_singer
except ImportError:
    from io_helpers import canonical_account, to_singer

JAN = {"start": "2015-01-01T00:00:00Z", "end": "2015-01-31T23:59:59Z"}


def schema(stream: str) -> dict[str, Any]:
    return {"type": "SCHEMA", "stream": stream, "schema": {"type": "object"},
            "key_properties": ["id"]}


def record(stream: str, **fields: Any) -> dict[str, Any]:
    return {"type": "RECORD", "stream": stream, "record": fields,
            "time_extracted": "2015-02-01T00:00:00.000000Z"}


def conversation(cid: int, **over: Any) -> dict[str, Any]:
    fields = {"id": cid, "number": 100 + int(cid), "threads": 2, "type": "email",
              "folder_id": 7, "status": "closed", "state": "published", "subject": "Help",
              "mailbox_id": 5, "assignee": {"id": 4, "type": "user", "first": "J"},
              "created_by": {"id": 100, "type": "customer", "email": "c@x.com"},
              "created_at": "2015-01-05T10:00:00.000000Z",
              "updated_at": "2015-01-06T10:00:00.000000Z", "closed_by": 4,
              "closed_at": "2015-01-06T10:00:00.000000Z",
              "tags": [{"id": 30, "color": "#fff", "tag": "vip"}], "cc": [], "bcc": [],
              "primary_customer": {"id": 100, "type": "customer"}, "custom_fields": []}
    fields.update(over)
    return record("conversations", **fields)


def thread(tid: int, cid: int, **over: Any) -> dict[str, Any]:
    fields = {"id": tid, "conversation_id": cid, "type": "customer", "status": "active",
              "state": "published", "action": None, "body": "<p>hi</p>",
              "source": {"type": "email", "via": "customer"},
              "customer": {"id": 100, "first": "V"},
              "created_by": {"id": 100, "type": "customer"},
              "created_at": "2015-01-05T10:00:00.000000Z", "to": [], "attachments": []}
    fields.update(over)
    return record("conversation_threads", **fields)


def reply(tid: int, cid: int, at: str, user: int = 4, **over: Any) -> dict[str, Any]:
    return thread(tid, cid, type="message", created_by={"id": user, "type": "user"},
                  created_at=at, **over)


def write(path: Path, *lines: Any) -> Path:
    """A dump file: dicts become JSON lines, strings are written as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n"
                   for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def basic(*extra: Any) -> list[Any]:
    """A small, complete dump: one closed conversation answered by user 4."""
    return [
        schema("users"), record("users", id=4, first_name="John", last_name="Smith",
                                email="john@x.com", role="user", timezone="UTC",
                                photo_url="https://x/p.png",
                                created_at="2014-06-01T00:00:00.000000Z"),
        schema("teams"), record("teams", id=50, name="Support", photo_url=None,
                                created_at="2014-01-01T00:00:00Z"),
        schema("team_members"), record("team_members", team_id=50, user_id=4),
        schema("mailboxes"), record("mailboxes", id=5, name="Inbox"),
        schema("mailbox_folders"), record("mailbox_folders", id=7, mailbox_id=5, name="Mine"),
        schema("conversations"), conversation(1),
        schema("conversation_threads"), thread(11, 1),
        reply(12, 1, "2015-01-05T11:00:00.000000Z", status="closed"),
        schema("happiness_ratings_report"),
        record("happiness_ratings_report", conversation_id=1, thread_id=12, rating_id=1,
               rating_customer_id=100, rating_user_id=4, rating_comments="Thanks!",
               rating_created_at="2015-01-05T12:00:00Z", type="email"),
        {"type": "STATE", "value": {"bookmarks": {"conversations": "2015-02-01T00:00:00Z"}}},
        *extra,
        schema("customers"), record("customers", id=100, first_name="Vernon", last_name=None,
                                    emails=[{"id": 1, "value": "v@x.com", "type": "work"}]),
    ]


def rows(raw: Any, name: str) -> list[dict[str, Any]]:
    table = raw.tables[name]
    if isinstance(table, pa.Table):
        return table.to_pylist()
    return table.to_dict("records")


# --------------------------------------------------------------------------- mapping


def test_every_stream_maps_to_its_canonical_columns(tmp_path: Path) -> None:
    raw = read(write(tmp_path / "dump.jsonl", *basic()))
    assert raw.format == "singer"
    assert raw.notices == []
    [conv] = rows(raw, "conversations")
    assert conv["id"] == 1 and conv["number"] == 101 and conv["type"] == "email"
    assert (conv["status"], conv["state"]) == ("closed", "published")
    assert (conv["mailbox_id"], conv["folder_id"]) == (5, 7)
    assert (conv["created_by_type"], conv["created_by_id"]) == ("customer", 100)
    assert conv["customer_id"] == 100 and conv["assignee_id"] == 4 and conv["closed_by"] == 4
    assert str(conv["created_at"]) == "2015-01-05 10:00:00+00:00"
    assert str(conv["closed_at"]) == "2015-01-06 10:00:00+00:00"
    assert [(r["id"], r["conversation_id"], r["type"], r["created_by_type"],
             r["created_by_id"], r["customer_id"], r["status"])
            for r in rows(raw, "threads")] == [
        (11, 1, "customer", "customer", 100, 100, "active"),
        (12, 1, "message", "user", 4, 100, "closed")]
    assert rows(raw, "conversation_tags") == [{"conversation_id": 1, "tag_id": 30}]
    assert rows(raw, "tags") == [{"id": 30, "name": "vip", "color": "#fff"}]
    assert (conv["subject"], conv["preview"], conv["modified_at"], conv["has_attachments"]) \
        == ("Help", None, None, None)
    [rating] = rows(raw, "ratings")
    assert (rating["id"], rating["conversation_id"], rating["thread_id"], rating["user_id"],
            rating["customer_id"], rating["rating"], rating["comments"]) == (
        12, 1, 12, 4, 100, "1", "Thanks!")
    [user] = rows(raw, "users")
    assert (user["first_name"], user["last_name"], user["email"], user["photo_url"]) == (
        "John", "Smith", "john@x.com", "https://x/p.png")
    assert rows(raw, "teams")[0]["name"] == "Support"
    assert rows(raw, "team_members") == [{"team_id": 50, "user_id": 4}]
    assert rows(raw, "mailboxes") == [{"id": 5, "name": "Inbox"}]
    assert rows(raw, "folders") == [{"id": 7, "mailbox_id": 5, "name": "Mine"}]


def test_a_dump_gives_the_report(tmp_path: Path) -> None:
    ds = reports.load(write(tmp_path / "dump.jsonl", *basic()))
    doc = ds.user_report(4, **JAN)
    assert doc["filterTags"] == [{"id": 30, "name": "vip"}]
    assert doc["user"]["name"] == "John Smith"
    cur = doc["current"]
    assert (cur["totalReplies"], cur["resolved"], cur["closed"]) == (1, 1, 1)
    assert cur["responseTime"] == 3600 and cur["happinessScore"] == 100.0
    assert ds.user_report(50, **JAN)["user"]["name"] == "Support"


@pytest.mark.parametrize(("value", "field", "score"), [
    (1, "rating_id", 100.0), (2, "rating_id", 0.0), (3, "rating_id", -100.0),
    ("Great", "rating", 100.0), ("Okay", "rating", 0.0), ("Not Good", "rating", -100.0),
])
def test_rating_values(tmp_path: Path, value: Any, field: str, score: float) -> None:
    rating = {"conversation_id": 1, "thread_id": 12, "rating_customer_id": 100,
              "rating_user_id": 4, "rating_created_at": "2015-01-05T12:00:00Z", field: value}
    if field == "rating":
        rating["rating_id"] = 1  # the text wins over the code
    lines = [line for line in basic() if line.get("stream") != "happiness_ratings_report"]
    lines.append(record("happiness_ratings_report", **rating))
    ds = reports.load(write(tmp_path / "dump.jsonl", *lines))
    assert ds.user_report(4, **JAN)["current"]["happinessScore"] == score


def test_ratings_are_keyed_by_thread_else_a_stable_synthetic_id(tmp_path: Path) -> None:
    later = record("happiness_ratings", conversation_id=1, thread_id=12, rating="not_good",
                   rating_customer_id=100, rating_created_at="2015-01-05T13:00:00Z")
    orphan = record("happiness_ratings_report", conversation_id=1, thread_id=None,
                    rating_id=2, rating_customer_id=101,
                    rating_created_at="2015-01-05T14:00:00Z")
    raw = read(write(tmp_path / "dump.jsonl", *basic(schema("happiness_ratings"), later,
                                                      orphan)))
    ids = [r["id"] for r in rows(raw, "ratings")]
    assert ids[:2] == [12, 12] and ids[2] < 0
    ds = reports.load(tmp_path / "dump.jsonl")
    assert ds.load_report.duplicates["ratings"] == 1  # the re-rated reply: last one kept
    assert ds.user_report(4, **JAN)["current"]["happinessScore"] == -100.0


def test_incremental_re_emits_the_last_record_wins_tags_included(tmp_path: Path) -> None:
    again = conversation(1, status="active", closed_at=None, closed_by=None,
                         tags=[{"id": 31, "tag": "billing"}])
    raw = read(write(tmp_path / "dump.jsonl", *basic(again, reply(
        12, 1, "2015-01-05T11:30:00Z"))))
    assert rows(raw, "conversation_tags") == [{"conversation_id": 1, "tag_id": 31}]
    assert {r["id"]: r["name"] for r in rows(raw, "tags")} == {30: "vip", 31: "billing"}
    ds = reports.load(tmp_path / "dump.jsonl")
    assert ds.load_report.duplicates == {**ds.load_report.duplicates,
                                         "conversations": 1, "threads": 1}
    cur = ds.user_report(4, **JAN)["current"]
    assert cur["resolved"] == 0 and cur["responseTime"] == 5400


def test_tags_of_a_re_emitted_conversation_whose_last_record_is_bad(tmp_path: Path) -> None:
    bad = conversation(1, created_at="yesterday", tags=[{"id": 31, "tag": "billing"}])
    raw = read(write(tmp_path / "dump.jsonl", *basic(bad)))
    assert rows(raw, "conversation_tags") == [{"conversation_id": 1, "tag_id": 30}]


def test_values_of_the_wrong_type(tmp_path: Path) -> None:
    lines = basic(conversation("2", folder_id="seven", number=3.0),
                  thread(21, 2, created_by={"id": "100", "type": "customer"}),
                  thread(22, 2, customer="nobody"))
    raw = read(write(tmp_path / "dump.jsonl", *lines))
    conv = rows(raw, "conversations")[1]
    assert (conv["id"], conv["folder_id"], conv["number"]) == (2, None, 3)
    # A nested object of the wrong kind ("customer": "nobody") is set to null, the
    # thread kept and the value counted.
    threads = rows(raw, "threads")[2:]
    assert [(r["created_by_id"], r["customer_id"]) for r in threads] == [(100, 100),
                                                                         (100, None)]
    path = tmp_path / "dump.jsonl"
    assert sorted(raw.notices) == [
        f"conversation_threads: 1 value(s) set to null, the records kept: 'customer' is not "
        f"an object (first: {path} line 21 (value 'nobody'))",
        f"conversations: 1 value(s) set to null, the records kept: 'folder_id' is not an "
        f"integer (first: {path} line 19 (value 'seven'))"]


def test_known_streams_the_report_does_not_use_are_counted(tmp_path: Path) -> None:
    raw = read(write(tmp_path / "dump.jsonl", *basic(
        schema("mailbox_fields"), record("mailbox_fields", id=1),
        record("mailbox_fields", id=2), schema("workflows"), record("workflows", id=9))))
    assert raw.ignored == {"mailbox_fields": 2, "workflows": 1}
    assert raw.notices == []


def test_gzip_and_directories_of_files(tmp_path: Path) -> None:
    lines = basic()
    half = len(lines) // 2
    write(tmp_path / "dump" / "part-1.jsonl", *lines[:half])
    with gzip.open(tmp_path / "dump" / "part-2.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(line) + "\n" for line in lines[half:]))
    (tmp_path / "dump" / "README.md").write_text("# my dump\n")
    raw = read(tmp_path / "dump")
    assert raw.format == "singer"
    assert len(rows(raw, "threads")) == 2
    assert raw.notices == ["1 file(s) that are not Singer dumps ignored (first: "
                           f"{tmp_path / 'dump' / 'README.md'})"]


def test_office_hours_beside_a_dump_directory(tmp_path: Path) -> None:
    write(tmp_path / "dump" / "tap.out", *basic())
    hours = {"enabled": True, "timezone": "UTC", "schedule": {"monday": [["09:00", "17:00"]]}}
    (tmp_path / "dump" / "office_hours.json").write_text(json.dumps(hours))
    raw = read(tmp_path / "dump")
    assert raw.office_hours == hours
    assert reports.load(tmp_path / "dump").office_hours.enabled


def test_input_format_overrides_detection(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", *basic())
    assert read(path, "singer").format == "singer"
    with pytest.raises(DataError, match="no Help Scout Mailbox API pages"):
        read(path, "api")


# --------------------------------------------------------------------------- bad input


def test_truncated_line_is_skipped_and_reported_the_rest_is_read(tmp_path: Path) -> None:
    lines = basic()
    broken = json.dumps(thread(13, 1))[:70]
    path = write(tmp_path / "dump.jsonl", *lines[:14], broken, *lines[14:],
                 json.dumps(reply(14, 1, "2015-01-07T00:00:00Z"))[:-5])
    raw = read(path)
    assert [r["id"] for r in rows(raw, "threads")] == [11, 12]
    assert len(rows(raw, "ratings")) == 1
    [notice] = raw.notices
    assert notice.startswith("singer dump: 2 record(s) skipped: not valid JSON "
                             f"(first: {path} line 15 (")
    assert f"{path} line 22 (" in notice


@pytest.mark.parametrize(("missing", "reason"), [
    ("id", "'id' is missing"), ("created_at", "'created_at' is missing"),
    ("conversation_id", "'conversation_id' is missing"), ("type", "'type' is missing"),
])
def test_record_missing_a_required_field(tmp_path: Path, missing: str, reason: str) -> None:
    bad = thread(13, 1)
    del bad["record"][missing]
    path = write(tmp_path / "dump.jsonl", *basic(bad))
    raw = read(path)
    assert [r["id"] for r in rows(raw, "threads")] == [11, 12]
    assert raw.notices == [f"conversation_threads: 1 record(s) skipped: {reason} (first: "
                           f"{path} line 19)"]


def test_unparseable_timestamps(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", *basic(
        thread(13, 1, created_at="2015-02-30T10:00:00Z"),
        conversation(2, closed_at="soon"), thread(21, 2, created_at="2015-01-05 10:00:00")))
    raw = read(path)
    assert [r["id"] for r in rows(raw, "threads")] == [11, 12, 21]
    conv2 = rows(raw, "conversations")[1]
    assert conv2["id"] == 2 and conv2["closed_at"] is None
    assert sorted(raw.notices) == [
        f"conversation_threads: 1 record(s) skipped: 'created_at' is not an ISO 8601 "
        f"timestamp (first: {path} line 19 (value '2015-02-30T10:00:00Z'))",
        f"conversations: 1 value(s) set to null, the records kept: 'closed_at' is not an "
        f"ISO 8601 timestamp (first: {path} line 20 (value 'soon'))"]


def test_record_of_an_unknown_stream(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", *basic(
        record("tickets", id=1), record("tickets", id=2)))
    [notice] = read(path).notices
    assert notice.startswith("tickets: 2 record(s) skipped: a stream that tap-helpscout does "
                             "not write")
    assert notice.endswith(f"(first: {path} line 19; {path} line 20)")


def test_records_before_their_schema_are_read_and_reported(tmp_path: Path) -> None:
    lines = [line for line in basic() if line.get("type") != "SCHEMA"]
    path = write(tmp_path / "dump.jsonl", *lines)
    raw = read(path)
    assert len(rows(raw, "threads")) == 2
    assert raw.notices[0] == ("users: 1 RECORD message(s) before any SCHEMA message of that "
                              f"stream (first: {path} line 1); read with tap-helpscout's "
                              "field names")


def test_lines_that_are_not_singer_messages(tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", *basic([1, 2], {"type": "HELLO"},
                                                 {"type": "RECORD", "stream": "users"}))
    assert read(path).notices == [
        f"singer dump: 1 record(s) skipped: not a Singer message (not a JSON object) "
        f"(first: {path} line 19)",
        f"singer dump: 1 record(s) skipped: not a Singer message (its 'type' is not RECORD, "
        f"SCHEMA or STATE) (first: {path} line 20 (value 'HELLO'))",
        f"users: 1 record(s) skipped: RECORD without a 'record' object (first: {path} "
        "line 21)"]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text("")
    with pytest.raises(DataError, match="the file is empty") as err:
        read(path)
    assert str(path) in str(err.value)
    with pytest.raises(DataError, match="the file is empty"):
        read(path, "singer")


def test_nothing_recognisable(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    (tmp_path / "data.json").write_text('{"hello": "world"}\n')
    with pytest.raises(DataError, match="nothing recognisable here") as err:
        read(tmp_path)
    assert str(tmp_path) in str(err.value)
    with pytest.raises(DataError, match="no Singer dump here"):
        read(tmp_path, "singer")


def test_a_dump_without_threads_cannot_make_a_report(tmp_path: Path) -> None:
    lines = [line for line in basic() if line.get("stream") != "conversation_threads"]
    with pytest.raises(DataError, match="no conversation_threads records found"):
        read(write(tmp_path / "dump.jsonl", *lines))


def test_every_conversation_unusable(tmp_path: Path) -> None:
    lines = [conversation(1, created_at=None), conversation(2, created_at="x"),
             thread(11, 1)]
    path = write(tmp_path / "dump.jsonl", *lines)
    with pytest.raises(DataError, match="every conversations record is unusable: "
                                        "conversations: 1 record.s. skipped: 'created_at'") as e:
        read(path)
    # the file, and the line of the first unusable record, as attributes too
    assert e.value.file == str(path) and e.value.line is not None
    assert f"(first: {path} line {e.value.line}" in str(e.value)


# --------------------------------------------------------------------------- equivalence


RANGE = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z",
         "previous_start": "2025-05-01T00:00:00Z", "previous_end": "2025-05-31T23:59:59Z"}


def test_a_singer_dump_gives_the_report_of_the_canonical_tables(tmp_path: Path) -> None:
    tables = canonical_account(tmp_path / "canonical")
    dump = to_singer(tables, tmp_path / "dump" / "tap.jsonl")
    (tmp_path / "dump" / "office_hours.json").write_bytes(
        (tmp_path / "canonical" / "office_hours.json").read_bytes())
    canonical, singer = reports.load(tmp_path / "canonical"), reports.load(dump.parent)
    # the same notes from both (the generated account has one departed thread author)
    assert singer.load_report.warnings() == canonical.load_report.warnings() == [
        "threads: 1 thread author(s) not in the users table (1000136): their reports carry "
        "no name, email or photo"]
    for office_hours in (False, True):
        pd.testing.assert_frame_equal(singer.users_table(**RANGE, office_hours=office_hours),
                                      canonical.users_table(**RANGE, office_hours=office_hours))
    used = set(tables["conversation_tags"]["tag_id"])
    users = [int(u) for u in tables["users"]["id"][:3]] + [int(tables["teams"]["id"][0])]
    for uid in users:
        for office_hours in (False, True):
            want = canonical.user_report(uid, **RANGE, office_hours=office_hours)
            got = singer.user_report(uid, **RANGE, office_hours=office_hours)
            # tap-helpscout has no tags stream: only tags in use are known
            want["filterTags"] = [t for t in want["filterTags"] if t["id"] in used]
            assert got == want
        focused = reports.load(dump.parent, focus=uid)
        got = focused.user_report(uid, **RANGE)
        want = canonical.user_report(uid, **RANGE)
        want["filterTags"] = [t for t in want["filterTags"] if t["id"] in used]
        assert got == want


def test_a_stream_that_is_not_a_name_is_not_a_message(tmp_path: Path) -> None:
    lines = basic({"type": "RECORD", "stream": ["x"], "record": {}},
                  {"type": "SCHEMA", "stream": {"a": 1}, "schema": {}})
    raw = read(write(tmp_path / "dump.jsonl", *lines))
    assert [c["id"] for c in rows(raw, "conversations")] == [1]
    assert any("'stream' is not a name" in n and "2 record(s)" in n for n in raw.notices)


def test_a_broken_gzip_file_beside_a_dump_is_not_part_of_it(tmp_path: Path) -> None:
    write(tmp_path / "dump.jsonl", *basic())
    (tmp_path / "z.gz").write_bytes(b"not gz at all")
    raw = read(tmp_path)
    assert [c["id"] for c in rows(raw, "conversations")] == [1]


def test_timestamps_outside_the_supported_years_are_set_aside(tmp_path: Path) -> None:
    # closed_at in 2609 would wrap into the 18th century at nanosecond precision.
    lines = basic(conversation(2, closed_at="2609-08-10T00:00:00Z"))
    raw = read(write(tmp_path / "dump.jsonl", *lines))
    closed = {c["id"]: c["closed_at"] for c in rows(raw, "conversations")}
    assert closed[2] is None
    assert any("closed_at" in n and "set to null" in n for n in raw.notices)


def test_office_hours_with_a_byte_order_mark(tmp_path: Path) -> None:
    write(tmp_path / "dump.jsonl", *basic())
    (tmp_path / "office_hours.json").write_bytes(
        b"\xef\xbb\xbf" + json.dumps({"timezone": "UTC", "schedule": {}}).encode())
    assert read(tmp_path).office_hours == {"timezone": "UTC", "schedule": {}}
