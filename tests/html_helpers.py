"""Shared by the tests of the HTML pages: the sample data, a dataset whose names and
comments try to break out of the page, and a tiny HTML reader."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd

import reports

DATA = Path(__file__).resolve().parent.parent / "sample_data"
USER, TEAM = 1000051, 9000000
JUNE = {"start": "2025-06-01", "end": "2025-06-30"}
MAY = {"previous_start": "2025-05-01", "previous_end": "2025-05-31"}

#: Text that would run as markup if a page did not escape it.
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile_dataset() -> reports.Dataset:
    """The sample data with markup in a user's and a team's name, a tag, a mailbox and
    every rating comment."""
    tables = {p.stem: pd.read_parquet(p) for p in DATA.glob("*.parquet")}
    users = tables["users"]
    users.loc[users["id"] == USER, "first_name"] = HOSTILE
    users.loc[users["id"] == USER, "last_name"] = "O'Brien & \"Co\""
    teams = tables["teams"]
    teams.loc[teams["id"] == TEAM, "name"] = "<b>Tier</b> & </table>"
    tables["tags"]["name"] = tables["tags"]["name"].astype(object)
    tables["tags"].loc[0, "name"] = "<i>tag</i>"
    tables["mailboxes"]["name"] = tables["mailboxes"]["name"].astype(object)
    tables["mailboxes"].loc[0, "name"] = "</select><script>box()</script>"
    tables["ratings"]["comments"] = HOSTILE
    return reports.from_tables(tables, office_hours=DATA / "office_hours.json")


#: The range of `tiny_dataset` and the month before it.
JAN = {"start": "2015-01-01", "end": "2015-01-31"}
DEC = {"previous_start": "2014-12-01", "previous_end": "2014-12-31"}


def tiny_dataset() -> reports.Dataset:
    """User 7 (Ann Lee, the one member of team 50), by hand. December: one conversation,
    answered, resolved and rated great. January: #101 answered in 30 min, resolved and
    rated not good; #102 started by Ann (her reply answers no one); #103 answered in an
    hour, touched first but modified last (10 Feb, after the range)."""
    conversations = pd.DataFrame({
        "id": [10, 1, 2, 3], "type": ["email"] * 4, "number": [100, 101, 102, 103],
        "status": ["closed", "closed", "active", "active"], "mailbox_id": [1] * 4,
        "created_at": ["2014-12-10T09:00:00Z", "2015-01-05T09:00:00Z",
                       "2015-01-07T12:00:00Z", "2015-01-03T08:00:00Z"],
        "created_by_type": ["customer", "customer", "user", "customer"],
        "created_by_id": [None, None, 7, None], "customer_id": [900, 901, None, None],
        "closed_at": ["2014-12-10T10:00:00Z", "2015-01-05T10:00:00Z", None, None],
        "closed_by": [7, 7, None, None],
        "modified_at": ["2014-12-10T10:00:00Z", "2015-01-05T10:00:00Z",
                        "2015-01-07T12:00:00Z", "2015-02-10T00:00:00Z"],
    })
    threads = pd.DataFrame({
        "id": [1, 2, 3, 4, 5, 6, 7], "conversation_id": [10, 10, 1, 1, 2, 3, 3],
        "type": ["customer", "reply", "customer", "reply", "reply", "customer", "reply"],
        "created_at": ["2014-12-10T09:00:00Z", "2014-12-10T09:20:00Z",
                       "2015-01-05T09:00:00Z", "2015-01-05T09:30:00Z",
                       "2015-01-07T12:00:00Z", "2015-01-03T08:00:00Z",
                       "2015-01-03T09:00:00Z"],
        "created_by_type": ["customer", "user", "customer", "user", "user", "customer",
                            "user"],
        "created_by_id": [None, 7, None, 7, 7, None, 7],
    })
    ratings = pd.DataFrame({
        "id": [1, 2], "conversation_id": [10, 1], "user_id": [7, 7], "customer_id": [900, 901],
        "rating": ["great", "not_good"],
        "created_at": ["2014-12-11T00:00:00Z", "2015-01-06T00:00:00Z"]})
    return reports.from_tables({
        "conversations": conversations, "threads": threads, "ratings": ratings,
        "users": pd.DataFrame({"id": [7], "first_name": ["Ann"], "last_name": ["Lee"]}),
        "teams": pd.DataFrame({"id": [50], "name": ["Solo"]}),
        "team_members": pd.DataFrame({"team_id": [50], "user_id": [7]}),
    })


class Page(HTMLParser):
    """The elements of a page: (tag, attributes) in document order, and its text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, Any]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, Any]]:
        return [a for t, a in self.elements if t == name]
