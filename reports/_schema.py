"""The canonical tables (docs/data.md › Tables): their columns, which are required, and of what
kind.

Every reader (canonical directory, Singer dump, API JSON) produces these tables with these
column names; `_normalise` turns them into typed frames. Kinds:

- ``id``: integer id (nullable unless required);
- ``time``: an instant, ISO 8601 text or a timestamp, stored as int64 UTC seconds;
- ``enum``: text compared case-insensitively, stored lower-cased;
- ``text``: free text;
- ``flag``: true or false (``has_attachments``);
- ``seconds``: a duration in seconds, fractions kept to the microsecond
  (``handle_seconds``); stored as int64 microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TABLES", "Column", "Table"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id | time | enum | text | seconds | flag
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    key: str | None = "id"  # duplicate keys: the last row wins

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


def _t(name: str, *cols: Column, required: bool = False, key: str | None = "id") -> Table:
    return Table(name, cols, required, key)


C = Column

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        _t(
            "conversations",
            C("id", "id", True), C("type", "enum", True), C("status", "enum", True),
            C("state", "enum"), C("mailbox_id", "id", True), C("folder_id", "id"),
            C("created_at", "time", True), C("created_by_type", "enum"),
            C("created_by_id", "id"), C("customer_id", "id"), C("closed_at", "time"),
            C("closed_by", "id"), C("number", "id"), C("assignee_id", "id"),
            # descriptive, for the report family's rows only
            C("subject", "text"), C("preview", "text"), C("modified_at", "time"),
            C("has_attachments", "flag"),
            required=True,
        ),
        _t(
            "threads",
            C("id", "id", True), C("conversation_id", "id", True), C("type", "enum", True),
            C("state", "enum"), C("status", "enum"), C("action_type", "enum"),
            C("created_at", "time", True), C("created_by_type", "enum"),
            C("created_by_id", "id"), C("customer_id", "id"), C("handle_seconds", "seconds"),
            required=True,
        ),
        _t("conversation_tags", C("conversation_id", "id", True), C("tag_id", "id", True),
           key=None),
        _t("tags", C("id", "id", True), C("name", "text"), C("color", "text")),
        _t("customers", C("id", "id", True), C("first_name", "text"), C("last_name", "text"),
           C("email", "text")),
        _t(
            "ratings",
            C("id", "id", True), C("conversation_id", "id", True), C("thread_id", "id"),
            C("user_id", "id"), C("customer_id", "id"), C("rating", "enum"),
            C("created_at", "time", True), C("comments", "text"),
        ),
        _t(
            "users",
            C("id", "id", True), C("first_name", "text"), C("last_name", "text"),
            C("email", "text"), C("created_at", "time"), C("photo_url", "text"),
        ),
        _t("teams", C("id", "id", True), C("name", "text"), C("created_at", "time"),
           C("photo_url", "text")),
        _t("team_members", C("team_id", "id", True), C("user_id", "id", True), key=None),
        _t("mailboxes", C("id", "id", True), C("name", "text")),
        _t("folders", C("id", "id", True), C("mailbox_id", "id"), C("name", "text")),
    )
}
