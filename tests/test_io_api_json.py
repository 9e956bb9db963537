"""Mailbox API 2.0 JSON pages: documented shapes, where parent ids come from, bad input,
equivalence with the canonical tables.

Pages are written by hand after developer.helpscout.com/mailbox-api (List Conversations
with ``embed=threads``, List Threads, List Users, List Teams, List Team Members, Get
Satisfaction Rating, Happiness Ratings Report).
"""

from __future__ import annotations

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
    from .io_helpers import canonical_account, to_api_json
except ImportError:
    from io_helpers import canonical_account, to_api_json

JAN = {"start": "2015-01-01T00:00:00Z", "end": "2015-01-31T23:59:59Z"}


def page(key: str, items: list[Any], **extra: Any) -> dict[str, Any]:
    return {**extra, "_embedded": {key: items},
            "_links": {"self": {"href": "..."}},
            "page": {"size": 50, "totalElements": len(items), "totalPages": 1, "number": 1}}


def api_thread(tid: int, **over: Any) -> dict[str, Any]:
    out = {"id": tid, "type": "customer", "status": "active", "state": "published",
           "action": {"type": "default", "text": "", "associatedEntities": {}},
           "body": "hi", "source": {"type": "email", "via": "customer"},
           "customer": {"id": 100, "first": "Vernon", "email": "v@x.com"},
           "createdBy": {"id": 100, "type": "customer", "email": "v@x.com"},
           "assignedTo": None, "savedReplyId": None, "to": [], "cc": [], "bcc": [],
           "createdAt": "2015-01-05T10:00:00Z", "openedAt": None,
           "rating": {"customerId": 100, "rating": "great", "comments": "yay"},
           "_embedded": {"attachments": []}}
    out.update(over)
    return out


def api_reply(tid: int, at: str, user: int = 4, **over: Any) -> dict[str, Any]:
    return api_thread(tid, type="reply", createdBy={"id": user, "type": "user"}, createdAt=at,
                      rating=None, **over)


def api_conversation(cid: int, threads: list[Any] | None = None, **over: Any) -> dict:
    out = {"id": cid, "number": 100 + cid, "threads": 2, "type": "email", "folderId": 7,
           "status": "closed", "state": "published", "subject": "Help", "preview": "...",
           "mailboxId": 5, "assignee": {"id": 4, "first": "John", "email": "j@x.com"},
           "createdBy": {"id": 100, "type": "customer", "email": "v@x.com"},
           "createdAt": "2015-01-05T10:00:00Z", "closedBy": 4,
           "closedByUser": {"id": 4, "type": "user", "first": "John"},
           "closedAt": "2015-01-06T10:00:00Z", "userUpdatedAt": "2015-01-06T10:00:00Z",
           "customerWaitingSince": {"time": "2015-01-05T10:00:00Z", "friendly": "1 day"},
           "source": {"type": "email", "via": "customer"},
           "tags": [{"id": 30, "color": "#929499", "tag": "vip"}], "cc": [], "bcc": [],
           "primaryCustomer": {"id": 100, "email": "v@x.com"}, "customFields": [],
           "_links": {"self": {"href": f"https://api.helpscout.net/v2/conversations/{cid}"}}}
    if threads is not None:
        out["_embedded"] = {"threads": threads}
    out.update(over)
    return out


def users_page() -> dict[str, Any]:
    return page("users", [{"id": 4, "firstName": "John", "lastName": "Smith",
                           "email": "john@x.com", "role": "owner", "timezone": "UTC",
                           "photoUrl": "https://x/p.png", "createdAt": "2014-06-01T00:00:00Z",
                           "updatedAt": "2014-07-01T00:00:00Z", "type": "user"}])


def report_page(**over: Any) -> dict[str, Any]:
    row = {"number": 101, "threadid": 12, "threadCreatedAt": "2015-01-05T11:00:00Z",
           "id": 1, "type": "email", "ratingId": 1, "ratingCustomerId": 100,
           "ratingComments": "Great job", "ratingCreatedAt": "2015-01-05T12:00:00Z",
           "ratingCustomerName": "Vernon", "ratingUserId": 4, "ratingUserName": "John"}
    row.update(over)
    return {"facets": {}, "results": [row], "page": 1, "count": 1, "pages": 1}


def write(path: Path, *docs: Any, pretty: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if pretty:
        text = "\n".join(json.dumps(d, indent=2) for d in docs) + "\n"
    else:
        text = "".join(json.dumps(d) + "\n" for d in docs)
    path.write_text(text, encoding="utf-8")
    return path


def account(directory: Path) -> Path:
    """The Singer test's account as API pages: one conversation, user 4 answers."""
    write(directory / "conversations.json",
          page("conversations", [api_conversation(1, [
              api_thread(11), api_reply(12, "2015-01-05T11:00:00Z", status="closed")])]))
    write(directory / "users.json", users_page(), pretty=True)
    write(directory / "teams.json", page("teams", [
        {"id": 50, "name": "Support", "timezone": "UTC", "photoUrl": None,
         "createdAt": "2014-01-01T00:00:00Z", "mention": "support", "initials": "SU"}]))
    write(directory / "teams" / "50" / "members.json", page("users", [{"id": 4}]))
    write(directory / "ratings.json", report_page())
    return directory


def rows(raw: Any, name: str) -> list[dict[str, Any]]:
    table = raw.tables[name]
    return table.to_pylist() if isinstance(table, pa.Table) else table.to_dict("records")


# --------------------------------------------------------------------------- mapping


def test_pages_map_to_the_canonical_columns(tmp_path: Path) -> None:
    raw = read(account(tmp_path))
    assert raw.format == "api" and raw.notices == []
    [conv] = rows(raw, "conversations")
    assert (conv["id"], conv["number"], conv["type"], conv["status"], conv["state"]) == (
        1, 101, "email", "closed", "published")
    assert (conv["mailbox_id"], conv["folder_id"], conv["created_by_type"],
            conv["created_by_id"], conv["customer_id"], conv["closed_by"],
            conv["assignee_id"]) == (5, 7, "customer", 100, 100, 4, 4)
    assert str(conv["closed_at"]) == "2015-01-06 10:00:00+00:00"
    assert [(t["id"], t["conversation_id"], t["type"], t["action_type"], t["created_by_type"],
             t["created_by_id"], t["customer_id"]) for t in rows(raw, "threads")] == [
        (11, 1, "customer", "default", "customer", 100, 100),
        (12, 1, "reply", "default", "user", 4, 100)]
    assert rows(raw, "conversation_tags") == [{"conversation_id": 1, "tag_id": 30}]
    [user] = rows(raw, "users")
    assert (user["id"], user["first_name"], user["last_name"], user["photo_url"]) == (
        4, "John", "Smith", "https://x/p.png")
    assert rows(raw, "team_members") == [{"team_id": 50, "user_id": 4}]
    [rating] = rows(raw, "ratings")
    assert (rating["id"], rating["conversation_id"], rating["thread_id"], rating["user_id"],
            rating["customer_id"], rating["rating"]) == (12, 1, 12, 4, 100, "1")


def test_pages_give_the_report(tmp_path: Path) -> None:
    ds = reports.load(account(tmp_path))
    cur = ds.user_report(4, **JAN)["current"]
    assert (cur["totalReplies"], cur["resolved"], cur["responseTime"],
            cur["happinessScore"]) == (1, 1, 3600, 100.0)
    assert ds.user_report(50, **JAN)["user"]["name"] == "Support"


def test_get_conversation_objects_and_closed_by_shapes(tmp_path: Path) -> None:
    write(tmp_path / "c1.json", api_conversation(1, [api_thread(11)], closedBy=None),
          pretty=True)
    write(tmp_path / "c2.json", api_conversation(2, [api_thread(21)], closedBy={"id": 9},
                                                 closedByUser=None), pretty=True)
    raw = read(tmp_path)
    assert [c["closed_by"] for c in rows(raw, "conversations")] == [4, 9]


@pytest.mark.parametrize("where", ["conversationId", "href", "file name", "each thread"])
def test_where_a_thread_page_gets_its_conversation(tmp_path: Path, where: str) -> None:
    write(tmp_path / "conversations.json", page("conversations", [api_conversation(1)]))
    threads = [api_thread(11), api_reply(12, "2015-01-05T11:00:00Z")]
    name = "threads-page-1.json"
    extra: dict[str, Any] = {}
    if where == "conversationId":
        extra = {"conversationId": 1}
    elif where == "file name":
        name = "conversation-1-threads.json"
    elif where == "each thread":
        threads = [dict(t, conversationId=1) for t in threads]
    doc = page("threads", threads, **extra)
    if where == "href":
        doc["_links"]["self"]["href"] = "https://api.helpscout.net/v2/conversations/1/threads"
    write(tmp_path / name, doc)
    raw = read(tmp_path)
    assert [(t["id"], t["conversation_id"]) for t in rows(raw, "threads")] == [(11, 1), (12, 1)]


def test_a_thread_page_with_no_conversation_id(tmp_path: Path) -> None:
    write(tmp_path / "conversations.json", page("conversations", [
        api_conversation(1, [api_thread(11)])]))
    path = write(tmp_path / "threads.json", page("threads", [api_thread(12)]))
    raw = read(tmp_path)
    assert [t["id"] for t in rows(raw, "threads")] == [11]
    assert raw.notices == [
        "threads: 1 record(s) skipped: 'conversationId (of the page, the file or the thread)' "
        f"is missing (first: {path} line 1)"]


@pytest.mark.parametrize("where", ["teamId", "href", "file name"])
def test_where_a_members_page_gets_its_team(tmp_path: Path, where: str) -> None:
    account(tmp_path)
    (tmp_path / "teams" / "50" / "members.json").unlink()
    doc = page("users", [{"id": 4}, {"id": 5}], **({"teamId": 50} if where == "teamId" else {}))
    if where == "href":
        doc["_links"]["self"]["href"] = "https://api.helpscout.net/v2/teams/50/members?page=1"
    write(tmp_path / ("team-50-members.json" if where == "file name" else "members.json"), doc)
    raw = read(tmp_path)
    assert rows(raw, "team_members") == [{"team_id": 50, "user_id": 4},
                                         {"team_id": 50, "user_id": 5}]
    assert [u["id"] for u in rows(raw, "users")] == [4]


def test_rating_objects_and_report_rows(tmp_path: Path) -> None:
    account(tmp_path)
    write(tmp_path / "ratings.json", report_page(ratingId=3))
    raw = read(tmp_path)
    assert reports.load(tmp_path).user_report(4, **JAN)["current"]["happinessScore"] == -100.0
    # a rating object for the same reply replaces the report row (same thread, read later:
    # files are read in path order)
    write(tmp_path / "saved-later" / "rating-7.json", {
        "id": 7, "customer": {"id": 100, "email": "v@x.com"}, "threadId": 12,
        "conversationId": 1, "conversationNumber": 101, "mailboxId": 5, "rating": "okay",
        "user": {"id": 4}, "comments": "fine", "createdAt": "2015-01-05T12:12:13",
        "modifiedAt": "2015-01-05T12:12:13"})
    raw = read(tmp_path)
    assert [(r["id"], r["rating"]) for r in rows(raw, "ratings")] == [(12, "3"), (12, "okay")]
    ds = reports.load(tmp_path)
    assert ds.load_report.duplicates["ratings"] == 1
    assert ds.user_report(4, **JAN)["current"]["happinessScore"] == 0.0


def test_other_pages_tags_mailboxes_folders_and_ignored_kinds(tmp_path: Path) -> None:
    account(tmp_path)
    write(tmp_path / "tags.json", page("tags", [{"id": 30, "name": "vip", "slug": "vip"},
                                                {"id": 31, "name": "unused"}]))
    write(tmp_path / "mailboxes.json", page("mailboxes", [{"id": 5, "name": "Inbox"}]))
    write(tmp_path / "mailboxes" / "5" / "folders.json", page("folders", [
        {"id": 7, "name": "Mine", "type": "mine"}]))
    write(tmp_path / "workflows.json", page("workflows", [{"id": 100}, {"id": 101}]))
    raw = read(tmp_path)
    assert {t["id"]: t["name"] for t in rows(raw, "tags")} == {30: "vip", 31: "unused"}
    assert rows(raw, "folders") == [{"id": 7, "mailbox_id": 5, "name": "Mine"}]
    assert raw.ignored == {"workflows": 2}
    filter_tags = reports.load(tmp_path).user_report(4, **JAN)["filterTags"]
    assert filter_tags == [{"id": 30, "name": "vip"}, {"id": 31, "name": "unused"}]


def test_system_users_read_as_users(tmp_path: Path) -> None:
    write(tmp_path / "c.json", page("conversations", [api_conversation(1, [
        api_thread(11), api_thread(12, type="reply",
                                   createdBy={"id": 77, "type": "system_user"})])]))
    assert [t["created_by_type"] for t in rows(read(tmp_path), "threads")] == [
        "customer", "user"]


def test_file_layouts(tmp_path: Path) -> None:
    """A JSON array of pages, pretty pages back to back, JSON lines, a BOM, .ndjson."""
    conv = page("conversations", [api_conversation(1, [api_thread(11)])])
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "array.json").write_text(json.dumps([conv, users_page()], indent=1))
    write(tmp_path / "b" / "pretty.json", conv, users_page(), pretty=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "bom.ndjson").write_bytes(
        b"\xef\xbb\xbf" + (json.dumps(conv) + "\n" + json.dumps(users_page()) + "\n").encode())
    for sub in "abc":
        raw = read(tmp_path / sub)
        assert raw.format == "api", sub
        assert raw.notices == [], sub
        assert [t["id"] for t in rows(raw, "threads")] == [11], sub
        assert [u["id"] for u in rows(raw, "users")] == [4], sub


# --------------------------------------------------------------------------- bad input


def test_a_broken_line_of_json_lines(tmp_path: Path) -> None:
    good = page("conversations", [api_conversation(1, [api_thread(11)])])
    later = page("conversations", [api_conversation(2, [api_thread(21)])])
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(later)[:200] + "\n" +
                    json.dumps(later) + "\n")
    raw = read(path)
    assert [t["id"] for t in rows(raw, "threads")] == [11, 21]
    [notice] = raw.notices
    assert notice.startswith("files: 1 record(s) skipped: not valid JSON, "
                             f"the line skipped (first: {path} line 2 (")


def test_a_broken_pretty_document_resumes_at_the_next_one(tmp_path: Path) -> None:
    good = page("conversations", [api_conversation(1, [api_thread(11)])])
    broken = json.dumps(page("conversations", [api_conversation(2)]), indent=2)[:300]
    path = tmp_path / "pages.json"
    text = json.dumps(good, indent=2) + "\n" + broken + "\n" + json.dumps(users_page(),
                                                                          indent=2) + "\n"
    path.write_text(text)
    raw = read(path)
    assert [c["id"] for c in rows(raw, "conversations")] == [1]
    assert [u["id"] for u in rows(raw, "users")] == [4]
    [notice] = raw.notices
    line = json.dumps(good, indent=2).count("\n") + 2
    assert notice.startswith("files: 1 record(s) skipped: not valid JSON; skipped to the next "
                             f"line that starts a document (first: {path} line {line} (")


def test_records_missing_required_fields_or_with_bad_timestamps(tmp_path: Path) -> None:
    conv = api_conversation(1, [api_thread(11), api_thread(12, createdAt=None),
                                api_thread(None), api_thread(13, createdAt="5 Jan 2015")])
    path = write(tmp_path / "c.json", page("conversations", [
        conv, api_conversation(2, mailboxId=None)]))
    raw = read(path)
    assert [t["id"] for t in rows(raw, "threads")] == [11]
    assert [c["id"] for c in rows(raw, "conversations")] == [1]
    assert sorted(raw.notices) == [
        f"conversations: 1 record(s) skipped: 'mailboxId' is missing (first: {path} line 1)",
        f"threads: 1 record(s) skipped: 'createdAt' is missing (first: {path} line 1)",
        f"threads: 1 record(s) skipped: 'createdAt' is not an ISO 8601 timestamp (first: "
        f"{path} line 1 (value '5 Jan 2015'))",
        f"threads: 1 record(s) skipped: 'id' is missing (first: {path} line 1)",
    ]


def test_documents_that_are_not_pages(tmp_path: Path) -> None:
    account(tmp_path)
    path = write(tmp_path / "other.json", {"hello": "world"}, [1, 2])
    raw = read(tmp_path)
    assert sorted(raw.notices) == [
        f"files: 1 record(s) skipped: not a Help Scout API page (no '_embedded' or 'results'; "
        f"keys: hello) (first: {path} line 1)",
        f"files: 2 record(s) skipped: not a Help Scout API page (not a JSON object) (first: "
        f"{path} line 2; {path} line 2)"]


def test_empty_file_and_nothing_recognisable(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    with pytest.raises(DataError, match="the file is empty") as err:
        read(empty)
    assert str(empty) in str(err.value)
    with pytest.raises(DataError, match="the file is empty"):
        read(empty, "api")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.json").write_text('{"hello": 1}')
    with pytest.raises(DataError, match="nothing recognisable here"):
        read(tmp_path / "sub")
    with pytest.raises(DataError, match="no Help Scout Mailbox API pages found .* keys: hello"):
        read(tmp_path / "sub", "api")


def test_pages_without_threads(tmp_path: Path) -> None:
    write(tmp_path / "c.json", page("conversations", [api_conversation(1)]))
    with pytest.raises(DataError, match="no threads records found"):
        read(tmp_path)


def test_a_directory_mixing_formats_needs_a_flag(tmp_path: Path) -> None:
    account(tmp_path)
    (tmp_path / "tap.jsonl").write_text(json.dumps(
        {"type": "RECORD", "stream": "users", "record": {"id": 1}}) + "\n")
    with pytest.raises(DataError, match="both a Singer dump and API JSON"):
        read(tmp_path)
    assert read(tmp_path, "api").format == "api"


# --------------------------------------------------------------------------- equivalence


RANGE = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z",
         "previous_start": "2025-05-01T00:00:00Z", "previous_end": "2025-05-31T23:59:59Z"}


def test_api_pages_give_the_report_of_the_canonical_tables(tmp_path: Path) -> None:
    tables = canonical_account(tmp_path / "canonical")
    to_api_json(tables, tmp_path / "api")
    (tmp_path / "api" / "office_hours.json").write_bytes(
        (tmp_path / "canonical" / "office_hours.json").read_bytes())
    canonical, api = reports.load(tmp_path / "canonical"), reports.load(tmp_path / "api")
    # the same notes from both (the generated account has one departed thread author)
    assert api.load_report.warnings() == canonical.load_report.warnings() == [
        "threads: 1 thread author(s) not in the users table (1000136): their reports carry "
        "no name, email or photo"]
    for office_hours in (False, True):
        pd.testing.assert_frame_equal(api.users_table(**RANGE, office_hours=office_hours),
                                      canonical.users_table(**RANGE, office_hours=office_hours))
    users = [int(u) for u in tables["users"]["id"][:3]] + [int(tables["teams"]["id"][0])]
    for uid in users:
        for office_hours in (False, True):
            assert api.user_report(uid, **RANGE, office_hours=office_hours) == \
                canonical.user_report(uid, **RANGE, office_hours=office_hours)


def test_items_of_an_odd_shape_are_skipped_or_nulled(tmp_path: Path) -> None:
    path = write(tmp_path / "c.json", page("conversations", [
        api_conversation(1, [api_thread(11), api_thread(12, createdBy="someone"), "junk"]),
        api_conversation(2, [api_thread(21)], primaryCustomer=[1, 2])]))
    raw = read(path)
    # A nested object of the wrong kind is set to null and counted; the record (and a
    # conversation's embedded threads) are kept. An item that is no object is skipped.
    assert [t["id"] for t in rows(raw, "threads")] == [11, 12, 21]
    assert [c["id"] for c in rows(raw, "conversations")] == [1, 2]
    assert sorted(raw.notices) == [
        f"conversations: 1 value(s) set to null, the records kept: 'primaryCustomer' is not "
        f"an object (first: {path} line 1 (value [1, 2]))",
        f"threads: 1 record(s) skipped: 'id' is missing (first: {path} line 1)",
        f"threads: 1 value(s) set to null, the records kept: 'createdBy' is not an object "
        f"(first: {path} line 1 (value 'someone'))"]
