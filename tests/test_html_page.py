"""The HTML pages without a browser: formatting, escaping, the library's numbers in the
markup, the form, the index, and `reports html` on the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from html_helpers import (
    DATA,
    DEC,
    HOSTILE,
    JAN,
    JUNE,
    MAY,
    TEAM,
    USER,
    Page,
    hostile_dataset,
    tiny_dataset,
)

import reports
import reports.html
from reports._cli import main
from reports.html import _format as fmt
from reports.html import _page
from reports.html._svg import nice_ticks


@pytest.fixture(scope="module")
def ds() -> reports.Dataset:
    return reports.load(DATA)


@pytest.fixture(scope="module")
def page(ds: reports.Dataset) -> str:
    return reports.html.user_page(ds, USER, **JUNE, **MAY)


# -- formatting -------------------------------------------------------------------------


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 s"), (0.4, "0 s"), (0.5, "1 s"), (59.4, "59 s"), (59.5, "1 min"),
    (60, "1 min"), (61, "1 min 1 s"), (202.17392156862746, "3 min 22 s"),
    (3599.4, "59 min 59 s"), (3599.6, "1 h"), (3600, "1 h"), (8040, "2 h 14 min"),
    (8069, "2 h 14 min"), (8070, "2 h 15 min"), (57679, "16 h 1 min"),
    (86369, "23 h 59 min"), (86370, "1 d"), (250778.6, "2 d 22 h"),
    (90 * 86400, "90 d"), (1_000_000 * 86400, "1,000,000 d"), (None, "—"),
    (float("nan"), "—"),
])
def test_durations_read_as_a_person_says_them(seconds: float | None, text: str) -> None:
    assert fmt.duration(seconds) == text


def test_rates_and_shares_are_percentages() -> None:
    assert fmt.rate(0.3) == "30.0%"
    assert fmt.rate(0.22580645161290322) == "22.6%"
    assert fmt.rate(1) == "100.0%"
    assert fmt.rate(0) == "0.0%"
    assert fmt.percent(83.33333333333334) == "83.3%"
    assert fmt.percent(None) == fmt.rate(None) == "—"


def test_counts_decimals_scores_and_weekdays() -> None:
    assert fmt.count(1234567) == "1,234,567"
    assert fmt.decimal(2.8275862068965516) == "2.8"
    assert fmt.score(66.66666666666669) == "66.7"
    assert fmt.score(-50) == "−50.0"
    assert [fmt.weekday(d) for d in range(1, 8)] == [
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    assert fmt.weekday(None) == fmt.weekday(0) == "—"


@pytest.mark.parametrize(("delta", "points", "lower", "text", "direction", "sense"), [
    (26.45434353188594, False, False, "▲ 26.5%", "up", "better"),
    (-31.666666666666664, False, False, "▼ 31.7%", "down", "worse"),
    (1.9766270044730527, False, True, "▲ 2.0%", "up", "worse"),
    (-0.9038243517370592, False, True, "▼ 0.9%", "down", "better"),
    (16.666666666666686, True, False, "▲ 16.7 pts", "up", "better"),
    (-100.0, True, False, "▼ 100.0 pts", "down", "worse"),
    (0.0, False, False, "▶ 0.0%", "flat", "same"),
    (0.04, False, False, "▶ 0.0%", "flat", "same"),  # the arrow agrees with the number
    (1234.5, False, False, "▲ 1,234.5%", "up", "better"),
])
def test_changes_are_arrows_with_their_value(delta: float, points: bool, lower: bool,
                                             text: str, direction: str, sense: str) -> None:
    c = fmt.change(delta, points, lower)
    assert c is not None
    assert (c.text, c.direction, c.sense) == (text, direction, sense)
    assert ("points" if points else "percent") in c.label
    assert fmt.change(None) is None


def test_dates_and_ranges() -> None:
    assert fmt.range_text("2025-06-01T00:00:00Z", "2025-06-30T23:59:59Z") == \
        "1 Jun 2025 – 30 Jun 2025"
    assert fmt.range_text("2025-06-01T08:30:00Z", "2025-06-02T00:00:00Z") == \
        "1 Jun 2025, 08:30:00 UTC – 2 Jun 2025, 00:00:00 UTC"


def test_axis_ticks_are_round() -> None:
    for top in (1, 3, 7, 10, 38, 99, 101, 1234, 98765):
        ticks = nice_ticks(top)
        assert ticks[0] == 0 and ticks[-1] >= top
        assert len(set(b - a for a, b in zip(ticks, ticks[1:], strict=False))) == 1
        assert 2 <= len(ticks) <= 7


# -- the user page ----------------------------------------------------------------------


def _cells(page: str) -> dict[tuple[str, str], object]:
    """(field, range) → the data-value of each cell of the statistics table."""
    p = Page(page)
    out: dict[tuple[str, str], object] = {}
    field = None
    for tag, attrs in p.elements:
        if tag == "tr" and "data-field" in attrs:
            field = attrs["data-field"]
        if tag == "td" and field and "data-range" in attrs and "data-value" in attrs:
            out[(field, attrs["data-range"])] = json.loads(attrs["data-value"])
    return out


def test_the_page_holds_the_library_numbers(ds: reports.Dataset, page: str) -> None:
    doc = ds.user_report(USER, **JUNE, **MAY)
    cells = _cells(page)
    for field, value in doc["current"].items():
        if field not in ("startDate", "endDate"):
            assert cells[(field, "current")] == value, field
            assert cells[(field, "previous")] == doc["previous"][field], field
    for field, value in doc["deltas"].items():
        if field != "activeConversations":  # the change of totalConversations
            assert cells[(field, "delta")] == value, field


def test_the_page_reads_like_the_report(page: str) -> None:
    text = " ".join(Page(page).text)
    for words in ("Vera Fischer", "1 Jun 2025 – 30 Jun 2025", "1 May 2025 – 31 May 2025",
                  "16 h 1 min", "2 d 22 h", "30.0%", "Monday", "▲ 16.7 pts", "▼ 31.7%",
                  "Replies per week", "Resolutions per week", "Customers helped per week",
                  "Happiness breakdown", "Latest ratings", "Conversation history",
                  "Very helpful, thank you"):
        assert words in text, words


def test_the_page_is_self_contained(page: str) -> None:
    p = Page(page)
    assert page.startswith("<!doctype html>")
    assert not p.tags("link") or all(a["href"].startswith("data:") for a in p.tags("link"))
    assert all("src" not in a for t, a in p.elements if t in ("script", "img", "iframe"))
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page  # not even the user's photo URL
    csp = [a for a in p.tags("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp[0]["content"]


def test_tables_have_captions_and_header_scopes(page: str) -> None:
    p = Page(page)
    assert len(p.tags("caption")) == len(p.tags("table")) >= 6
    assert all(a.get("scope") in ("col", "row") for a in p.tags("th"))


def test_a_team_page_without_previous_range(ds: reports.Dataset) -> None:
    page = reports.html.user_page(ds, TEAM, **JUNE, view_by="day", types="email,chat",
                                  mailboxes=[40001, 40002])
    text = " ".join(Page(page).text)
    assert "Tier 1" in text and "team report" in text
    assert "Replies per day" in text
    assert "Mailboxes: Support (40001), Billing (40002)" in text
    assert "Types: email, chat" in text
    assert "Previous range" not in text
    doc = ds.user_report(TEAM, **JUNE, types="email,chat", mailboxes=[40001, 40002])
    cells = _cells(page)
    assert cells[("totalReplies", "current")] == doc["current"]["totalReplies"]
    assert ("totalReplies", "previous") not in cells


def test_a_focused_dataset_gives_the_same_numbers(ds: reports.Dataset) -> None:
    focused = reports.load(DATA, focus=TEAM)
    page = reports.html.user_page(focused, TEAM, **JUNE, **MAY, mailboxes="40001")
    assert _cells(page) == _cells(reports.html.user_page(ds, TEAM, **JUNE, **MAY,
                                                         mailboxes="40001"))
    text = " ".join(Page(page).text)
    assert "Tier 1" in text and "Mailboxes: id 40001" in text  # info() is refused


def test_previous_bars_come_in_the_current_bucket_size(ds: reports.Dataset) -> None:
    # 2024 is 365 whole days, over the library's default of weeks: asked alone, its series
    # would come in months beside the weeks of 2025
    years = {"start": "2025-01-01", "end": "2025-12-31", "previous_start": "2024-01-01",
             "previous_end": "2024-12-31"}
    p = Page(reports.html.user_page(ds, USER, **years))
    bars = {which: [a["data-value"] for a in p.tags("rect")
                    if a.get("data-series") == which
                    and a["class"] == f"mark {which}"][:53] for which in ("current",
                                                                          "previous")}
    weeks = ds.replies_report(USER, **years, view_by="week")
    assert [int(v) for v in bars["current"]] == [x["replies"] for x in weeks["current"]]
    assert [int(v) for v in bars["previous"]] == [x["replies"] for x in weeks["previous"]]
    assert len(weeks["previous"]) == 53


def test_office_hours_are_said(ds: reports.Dataset) -> None:
    page = reports.html.user_page(ds, USER, **JUNE, office_hours=True)
    assert "office hours only (America/New_York)" in page
    doc = ds.user_report(USER, **JUNE, office_hours=True)
    assert _cells(page)[("responseTime", "current")] == doc["current"]["responseTime"]


def test_a_bad_request_raises_the_library_error(ds: reports.Dataset) -> None:
    with pytest.raises(reports.RequestError, match="viewBy"):
        reports.html.user_page(ds, USER, **JUNE, view_by="fortnight")
    with pytest.raises(reports.UnknownUserError):
        reports.html.user_page(ds, 12, **JUNE)
    with pytest.raises(reports.RequestError, match="previousEnd"):
        reports.html.user_page(ds, USER, **JUNE, previous_start="2025-05-01")


def test_the_form_asks_for_the_same_page_with_the_api_names(ds: reports.Dataset) -> None:
    page = reports.html.user_page(ds, USER, start="2025-06-01T08:00:00Z", end="2025-06-30",
                                  **MAY, tags=[60001], view_by="DAY", office_hours="1",
                                  form_action="/users/1000051?x=<y>")
    p = Page(page)
    form = p.tags("form")[0]
    assert (form["action"], form["method"]) == ("/users/1000051?x=<y>", "get")
    inputs = {a["name"]: a for a in p.tags("input")}
    assert inputs["start"]["value"] == "2025-06-01T08:00:00Z"  # not a whole day
    assert (inputs["end"]["type"], inputs["end"]["value"]) == ("date", "2025-06-30")
    assert inputs["previousStart"]["value"] == "2025-05-01"
    assert inputs["previousEnd"]["value"] == "2025-05-31"
    assert inputs["tags"]["value"] == "60001"
    assert inputs["mailboxes"]["value"] == ""
    assert "checked" in inputs["officeHours"]
    selected = [a for a in p.tags("option") if "selected" in a]
    assert [a["value"] for a in selected] == ["day"]
    assert not Page(reports.html.user_page(ds, USER, **JUNE)).tags("form")
    # the form's empty fields (without the script that drops them) ask for no comparison
    empty = reports.html.user_page(ds, USER, **JUNE, previous_start="", previous_end=" ",
                                   view_by="", mailboxes="", form_action="/users/1000051")
    assert _cells(empty) == _cells(reports.html.user_page(ds, USER, **JUNE))


# -- what a new reader misread ---------------------------------------------------------


@pytest.fixture(scope="module")
def tiny() -> reports.Dataset:
    return tiny_dataset()


@pytest.fixture(scope="module")
def tiny_page(tiny: reports.Dataset) -> str:
    return reports.html.user_page(tiny, 7, **JAN, **DEC)


def _text(page: str) -> str:
    """The page's text as a reader sees it, whitespace collapsed (no style, no script)."""
    p = Page(page)
    return re.sub(r"\s+", " ", " ".join(p.text))


def _row_cells(page: str, table: str, attr: str) -> dict[str, list[tuple[dict, str]]]:
    """The cells of `table`'s body rows by the rows' `attr`: (attributes, text) each."""
    class Rows(Page):
        def __init__(self, text: str) -> None:
            self.rows: dict[str, list[tuple[dict, str]]] = {}
            self.inside = False
            self.row: str | None = None
            self.cell: tuple[dict, list[str]] | None = None
            super().__init__(text)

        def handle_starttag(self, tag: str, attrs: list) -> None:
            a = dict(attrs)
            if tag == "table":
                self.inside = a.get("id") == table
            elif self.inside and tag == "tr" and attr in a:
                self.row = a[attr]
                self.rows[self.row] = []
            elif self.inside and self.row and tag in ("td", "th"):
                self.cell = (a, [])

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None and self.row:
                self.rows[self.row].append((self.cell[0], "".join(self.cell[1]).strip()))
                self.cell = None
            elif tag == "table":
                self.inside = False

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell[1].append(data)

    return Rows(page).rows


def test_a_rise_from_zero_is_new_not_no_change() -> None:
    new = fmt.change(0.0, previous=0, current=1)
    assert new is not None
    assert (new.text, new.direction, new.sense) == \
        ("▲ new (none in the previous range)", "up", "better")
    assert new.label == "new: none in the previous range, so no percent change"
    bad = fmt.change(0.0, lower_is_better=True, previous=0, current=1)  # "not good"
    assert bad is not None and bad.sense == "worse"
    mean = fmt.change(0.0, lower_is_better=True, previous=0, current=5, count=False)
    assert mean is not None
    assert (mean.text, mean.sense) == ("▲ new (0 in the previous range)", "neutral")
    same = fmt.change(0.0, previous=0, current=0)  # 0 to 0 is no change
    assert same is not None and (same.text, same.direction) == ("▶ 0.0%", "flat")
    assert "no change" in same.label
    points = fmt.change(100.0, points=True, previous=0, current=100)  # shares: points
    assert points is not None and points.text == "▲ 100.0 pts"
    assert fmt.change(0.0, previous=None, current=3).text == "▶ 0.0%"  # type: ignore[union-attr]
    assert fmt.change(None, previous=0, current=3) is None


def test_happiness_counts_rising_from_zero_read_new(tiny: reports.Dataset,
                                                    tiny_page: str) -> None:
    doc = tiny.happiness_report(7, **JAN, **DEC)
    assert (doc["previous"]["notGoodCount"], doc["current"]["notGoodCount"]) == (0, 1)
    assert doc["deltas"]["notGoodCount"] == 0.0  # the library's rule, documented
    rows = _row_cells(tiny_page, "happiness-table", "data-rating")
    # Rating, Ratings, Share, Previous ratings, Previous share, Change in ratings, in share
    not_good = [text for _, text in rows["notGood"]]
    assert not_good[1] == "1" and not_good[3] == "0"
    assert not_good[5] == ("▲ new (none in the previous range)"
                           "new: none in the previous range, so no percent change")
    assert not_good[6].startswith("▲ 100.0 pts")
    assert "worse" in re.search(r'<tr data-rating="notGood">.*?</tr>', tiny_page,
                                re.S).group(0)  # type: ignore[union-attr]
    okay = [text for _, text in rows["okay"]]  # 0 to 0
    assert okay[5].startswith("▶ 0.0%") and "no change" in okay[5]
    great = [text for _, text in rows["great"]]
    assert great[5].startswith("▼ 100.0%")


def test_summary_counts_rising_from_zero_read_new(tiny: reports.Dataset,
                                                  tiny_page: str) -> None:
    doc = tiny.user_report(7, **JAN, **DEC)
    assert doc["previous"]["conversationsCreated"] == 0
    assert doc["deltas"]["conversationsCreated"] == 0.0
    rows = _row_cells(tiny_page, "statistics", "data-field")
    attrs, text = rows["conversationsCreated"][-1]
    assert text.startswith("▲ new (none in the previous range)")
    assert json.loads(attrs["data-value"]) == 0.0  # the library's delta, kept
    assert _cells(tiny_page)[("conversationsCreated", "delta")] == 0.0
    assert rows["handleTime"][-1][1].startswith("▶ 0.0%")  # 0 s to 0 s
    assert rows["totalReplies"][-1][1].startswith("▲ 200.0%")
    # everyone's table: against an empty November every count rises from 0
    nov = {"previous_start": "2014-11-01", "previous_end": "2014-11-30"}
    table = tiny.users_table(**JAN, **nov)
    assert (table["deltas.totalReplies"] == 0.0).all()
    cells = _row_cells(reports.html.all_page(tiny, **JAN, **nov), "users-table", "data-id")
    for row in cells.values():
        by_field = {a.get("data-field"): text for a, text in row}
        assert "▲ new (none in the previous range)" in by_field["totalReplies"]
        assert "▲ new (0 in the previous range)" in by_field["responseTime"]
        assert "▶ 0.0%" in by_field["handleTime"]  # 0 to 0


def test_drilldown_caption_says_the_library_order(tiny: reports.Dataset,
                                                  tiny_page: str) -> None:
    drill = tiny.drilldown_report(7, **JAN)["conversations"]["results"]
    ids = [r["id"] for r in drill]
    assert ids == [2, 1, 3]  # #103 was touched first, but modified last (10 Feb)
    p = Page(tiny_page)
    shown = [a["data-id"] for t, a in p.elements if t == "tr" and "data-id" in a]
    assert shown[-3:] == [str(i) for i in ids]  # the page keeps the library's order
    text = _text(tiny_page)
    assert "newest activity first" not in text and "Last activity" not in text
    assert ("The 3 conversations behind the Conversations figure, in the library's order: "
            "the latest touch by the user in the range first") in text
    assert "ties by conversation id, highest first" in text
    assert "That touch is not a column: Last modified is the conversation's last change" \
        in text
    assert "Last modified (UTC)" in text
    team = _text(reports.html.user_page(tiny, 50, **JAN))
    assert "the latest touch by a member of the team in the range first" in team


def test_history_zero_waits_are_not_instant_replies(tiny: reports.Dataset,
                                                    tiny_page: str) -> None:
    rows = {r["number"]: r for r in tiny.conversation_history_report(7, **JAN)["results"]}
    assert (rows[102]["firstResponseTime"], rows[102]["responseTime"]) == (0, 0)
    assert rows[102]["repliesSent"] == 1  # Ann started #102: her reply answers no one
    cells = _row_cells(tiny_page, "history-table", "data-id")
    started = {a["data-field"]: (a, text) for a, text in cells["2"] if "data-field" in a}
    for field in ("firstResponseTime", "responseTime"):
        attrs, text = started[field]
        assert text.startswith("0 s") and "or none" in text, field
        assert "no response" in attrs["title"]
        assert attrs["data-sort"] == "0"  # sorts by the library's value
    assert started["avgHandleTime"][1] == "0 s"  # the page cannot know it is absent
    assert started["resolveTime"][1] == "—"  # null: not resolved
    answered = {a["data-field"]: text for a, text in cells["1"] if "data-field" in a}
    assert answered["firstResponseTime"] == "30 min" and "or none" not in str(answered)
    assert "“0 s or none”" in _text(tiny_page)
    # rows built by hand: no reply at all, and a first response of 0 beside real ones
    row = {"id": 1, "number": 1, "customers": [], "avgHandleTime": 0, "status": "active",
           "firstResponseTime": 0, "repliesSent": 0, "responseTime": 0, "resolveTime": None}
    quick = {**row, "id": 2, "repliesSent": 2, "responseTime": 40}
    (none, fast) = _page._history_rows({"results": [row, quick]})
    assert [c["text"] for c in none["cells"]] == ["0", "—", "—", "—", "—"]
    assert [c["text"] for c in fast["cells"]] == ["2", "0 s", "40 s", "—", "0 s"]
    assert not any(c["note"] for c in none["cells"] + fast["cells"])


def test_counts_take_singular_or_plural(tiny: reports.Dataset, tiny_page: str) -> None:
    assert fmt.plural(1, "reply", "replies") == "1 reply"
    assert fmt.plural(0, "reply", "replies") == "0 replies"
    assert fmt.plural(1234, "rating") == "1,234 ratings"
    assert fmt.noun(1, "customer") == "customer"
    text = _text(tiny_page)
    for words in ("1 rating from 1 of 1 customer helped (100.0% rated)",
                  "1 rating, newest first", "3 conversations replied to",
                  "2 customers helped ever", "week of 8 Dec 2014: 1 reply",
                  "week of 1 Jan 2015: 3 replies", "1 resolved conversation",
                  "week of 1 Jan 2015: 1 customer", "Not good: 100.0% (1 rating)",
                  "Great: 0.0% (0 ratings)", "5 buckets"):
        assert words in text, words
    team = _text(reports.html.user_page(tiny, 50, start="2015-01-05", end="2015-01-05"))
    assert "The 1 conversation behind" in team and "1 conversation replied to" in team
    assert "Bars of replies per bucket, 1 bucket;" in team
    everyone = _text(reports.html.all_page(tiny, **JAN, **DEC))
    assert "1 user, 1 team" in everyone and "1 user and 1 team," in everyone
    assert "Replies per week: the user with most replies" in everyone
    index = _text(reports.html.index_page(tiny))
    assert "4 conversations" in index and "1 user " in index and "1 team " in index
    sample = [reports.html.user_page(reports.load(DATA), USER, **JUNE, **MAY)]
    for page in (tiny_page, everyone, index, team, *sample):
        shown = _text(page) if "<" in page else page
        assert "(s)" not in shown
        assert not re.search(r"\b1 (replies|ratings|customers|conversations|buckets|users|"
                             r"teams|resolved conversations)\b", shown), shown


# -- escaping ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> reports.Dataset:
    return hostile_dataset()


def test_names_and_comments_are_escaped(hostile: reports.Dataset) -> None:
    pages = [
        reports.html.user_page(hostile, USER, **JUNE, **MAY, tags="60001",
                               mailboxes="40001", form_action='/users/1"><script>'),
        reports.html.user_page(hostile, TEAM, **JUNE),
        reports.html.all_page(hostile, **JUNE, **MAY),
        reports.html.index_page(hostile),
    ]
    for page in pages:
        p = Page(page)
        assert len(p.tags("script")) == 1, "only the page's own script"
        assert not p.tags("img") and not p.tags("b") and not p.tags("i")
        assert "<script>alert" not in page and "</select><script>" not in page
    user, team, everyone, index = pages
    assert HOSTILE in " ".join(Page(user).text)  # shown as text, whole
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in user
    assert "O&#39;Brien &amp; &#34;Co&#34;" in user
    assert "&lt;i&gt;tag&lt;/i&gt; (60001)" in user
    assert "&lt;/select&gt;&lt;script&gt;box()&lt;/script&gt; (40001)" in user
    assert "&lt;b&gt;Tier&lt;/b&gt; &amp; &lt;/table&gt;" in team
    assert HOSTILE in " ".join(Page(everyone).text)  # in the table and the chart's legend
    assert "&lt;b&gt;Tier&lt;/b&gt;" in index


# -- everyone and the index -------------------------------------------------------------


def test_all_page_holds_the_users_table(ds: reports.Dataset) -> None:
    page = reports.html.all_page(ds, **JUNE, **MAY)
    table = ds.users_table(**JUNE, **MAY)
    p = Page(page)
    rows = [a for a in p.tags("tr") if "data-id" in a]
    assert [int(a["data-id"]) for a in rows] == table["id"].tolist()
    values: dict[tuple[int, str], object] = {}
    uid = 0
    for tag, attrs in p.elements:
        if tag == "tr" and "data-id" in attrs:
            uid = int(attrs["data-id"])
        if tag == "td" and "data-field" in attrs:
            values[(uid, attrs["data-field"])] = json.loads(attrs["data-value"])
    for _, row in table.iterrows():
        for field in ("totalReplies", "customersHelped", "responseTime", "handleTime",
                      "happinessScore", "percentResolvedOnFirstReply"):
            assert values[(row["id"], field)] == row[field], field
    text = " ".join(p.text)
    assert "Replies per week: the 5 users with most replies" in text


def test_index_links_every_user_and_team(ds: reports.Dataset) -> None:
    info = ds.info()
    p = Page(reports.html.index_page(ds))
    links = {a["href"] for a in p.tags("a")}
    for who in info["users"] + info["teams"]:
        assert f"/users/{who['id']}" in links
    assert "Vera Fischer" in p.text and "Tier 1" in p.text


# -- the command line -------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_the_page(ds, capsys, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, stdout, _ = run(capsys, "html", "--data", DATA, "--user", USER, "--start",
                          "2025-06-01", "--end", "2025-06-30", "--previous-start",
                          "2025-05-01", "--previous-end", "2025-05-31", "--out", out)
    assert code == 0
    assert json.loads(stdout)["out"] == str(out)
    cells = _cells(out.read_text(encoding="utf-8"))
    doc = ds.user_report(USER, **JUNE, **MAY)
    assert cells[("responseTime", "current")] == doc["current"]["responseTime"]
    assert cells[("handleTime", "delta")] == doc["deltas"]["handleTime"]


def test_cli_writes_everyone(capsys, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    code, _, _ = run(capsys, "html", "--data", DATA, "--all", "--start", "2025-06-01",
                     "--end", "2025-06-30", "--view-by", "day", "--out", out)
    assert code == 0
    assert "Replies per day: the 5 users with most replies" in out.read_text("utf-8")


@pytest.mark.parametrize(("argv", "words"), [
    (["--start", "2025-06-01", "--end", "2025-06-30"], "--user"),
    (["--all", "--user", "1", "--start", "2025-06-01", "--end", "2025-06-30"], "not both"),
    (["--user", USER, "--start", "2025-06-31", "--end", "2025-06-30"], "start"),
    (["--user", USER, "--start", "2025-06-01", "--end", "2025-06-30", "--view-by", "year"],
     "--view-by"),
    (["--user", 12, "--start", "2025-06-01", "--end", "2025-06-30"], "no user or team"),
])
def test_cli_mistakes_end_with_one_line(capsys, tmp_path: Path, argv: list[object],
                                        words: str) -> None:
    code, _, err = run(capsys, "html", "--data", DATA, *argv, "--out", tmp_path / "x.html")
    assert code == 2
    assert words in err and err.count("error:") == 1
    assert not (tmp_path / "x.html").exists()


def test_cli_refuses_a_missing_folder(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "html", "--data", DATA, "--user", USER, "--start",
                       "2025-06-01", "--end", "2025-06-30", "--out",
                       tmp_path / "nowhere" / "x.html")
    assert code == 2 and "does not exist" in err


def test_cli_help_has_examples_and_defaults(capsys) -> None:
    code, out, _ = run(capsys, "html", "--help")
    assert code == 0
    assert "example:" in out and "--all" in out and "--out report.html" in out
    assert out.count("default:") >= 9
