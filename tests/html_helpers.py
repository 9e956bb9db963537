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
