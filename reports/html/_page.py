"""The pages: a user's or team's report, everyone's table, the index of users and teams.

Every number comes from a `Dataset` method (`user_report`, the series, `happiness_report`,
`ratings_report`, `conversation_history_report`, `drilldown_report`, `users_table`,
`series_table`, `info`); this module only picks what to show and formats it
(`_format`), draws the charts (`_svg`) and fills the Jinja2 templates (autoescaped) of
``templates/``. A page is one self-contained HTML document: its stylesheet and script
inline, its charts inline SVG, and a Content-Security-Policy that forbids loading anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import _format as fmt
from ._svg import Line, Point, bar_chart, legend_swatch, line_chart, share_bar

if TYPE_CHECKING:
    from reports import Dataset

__all__ = ["all_page", "index_page", "user_page"]

#: Rows of the conversation tables and of the ratings list a page holds at most (a page
#: stays a few MB); the caption says when there are more.
MAX_ROWS = 1000
LATEST_RATINGS = 50
#: Users drawn in the chart of `all_page`.
TOP_USERS = 5


@dataclass(frozen=True)
class Stat:
    """One statistic of the user report: how to show it and how to read its change."""

    field: str
    label: str
    help: str
    show: Callable[[Any], str]
    delta: str | None = None  # its key in "deltas", None when the document has none
    points: bool = False  # the delta is a difference in points, not a percent change
    lower_is_better: bool = False
    short: str = ""  # a shorter label, for the columns of the all-users table

    def change(self, delta: Any, previous: Any, current: Any) -> fmt.Change | None:
        """Its change as shown: a rise from 0 reads as new (the library's percent change
        is then 0.0)."""
        return fmt.change(delta, self.points, self.lower_is_better, previous=previous,
                          current=current, count=self.show is fmt.count)


def _s(field: str, label: str, help: str, show: Callable[[Any], str], delta: bool = True,
       **kw: Any) -> Stat:
    return Stat(field, label, help, show, field if delta else None, **kw)


#: The statistics of docs/metrics.md › Statistics, in reading order.
STATS: tuple[Stat, ...] = (
    _s("totalConversations", "Conversations", "distinct conversations they touched "
       "(replied, noted, created or closed)", fmt.count),
    _s("customersHelped", "Customers helped", "distinct customers of conversations they "
       "replied to", fmt.count),
    _s("totalReplies", "Replies", "replies they sent", fmt.count),
    _s("resolved", "Resolved", "conversations they resolved", fmt.count),
    _s("happinessScore", "Happiness score", "% great − % not good, over ratings of their "
       "replies; its change is in points", fmt.score, points=True, short="Happiness"),
    _s("responseTime", "Response time", "mean time customers waited for their responses",
       fmt.duration, lower_is_better=True),
    _s("resolutionTime", "Resolution time", "mean time from a conversation's creation to "
       "its resolution", fmt.duration, lower_is_better=True),
    _s("handleTime", "Handle time", "mean time spent composing a reply, where the export "
       "records it", fmt.duration, lower_is_better=True),
    _s("repliesPerDay", "Replies per day", "replies over the days of the range",
       fmt.decimal, short="Replies / day"),
    _s("conversationsPerDay", "Conversations per day", "conversations over the days of "
       "the range", fmt.decimal),
    _s("repliesToResolve", "Replies to resolve", "mean replies (by anyone) up to a "
       "resolution", fmt.decimal, lower_is_better=True),
    _s("resolvedOnFirstReply", "Resolved on first reply", "resolved conversations that "
       "had exactly one reply", fmt.count),
    _s("percentResolvedOnFirstReply", "Resolved on first reply, share", "of resolved "
       "conversations", fmt.rate, delta=False, short="Resolved on 1st reply"),
    _s("closed", "Closed", "conversations they closed", fmt.count),
    _s("conversationsCreated", "Conversations created", "conversations they started",
       fmt.count),
    _s("busiestDay", "Busiest day", "the weekday with most conversations touched per such "
       "day, in the company time zone", fmt.weekday, delta=False),
    _s("totalDays", "Days in range", "whole days between start and end", fmt.count,
       delta=False),
)
CARDS = ("totalConversations", "customersHelped", "totalReplies", "resolved",
         "happinessScore", "responseTime", "resolutionTime", "repliesPerDay")
#: The series of the user report: (Dataset method, value key, title, unit as (one,
#: many)).
SERIES = (("replies_report", "replies", "Replies", ("reply", "replies")),
          ("resolutions_report", "resolved", "Resolutions",
           ("resolved conversation", "resolved conversations")),
          ("customers_helped_report", "customers", "Customers helped",
           ("customer", "customers")))
RATINGS = {1: "Great", 2: "Okay", 3: "Not good"}
#: The statistics (fields of `STATS`) that are columns of the all-users table.
ALL_COLUMNS = ("totalConversations", "customersHelped", "totalReplies", "resolved",
               "percentResolvedOnFirstReply", "repliesPerDay", "responseTime",
               "resolutionTime", "handleTime", "happinessScore", "busiestDay")


# -- the environment ------------------------------------------------------------------


@cache
def _env() -> Environment:
    env = Environment(loader=PackageLoader("reports.html", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["sortkey"] = _sort_key
    env.filters["plural"] = fmt.plural  # {{ n|plural("reply", "replies") }}: "1 reply"
    env.filters["noun"] = fmt.noun  # {{ n|noun("customer") }}: the word alone
    return env


@cache
def _asset(name: str) -> Markup:
    """The stylesheet or the script, inlined as is (not a template)."""
    env = _env()
    assert env.loader is not None
    return Markup(env.loader.get_source(env, name)[0])


def _render(template: str, **context: Any) -> str:
    import reports

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    return _env().get_template(template).render(
        version=reports.__version__, generated=now, style=_asset("page.css"),
        script=_asset("page.js"), **context)


def _sort_key(value: Any) -> str:
    """What a sortable cell sorts by (``data-sort``): the raw value, "" when missing."""
    if fmt.is_missing(value):
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _exact(value: Any) -> str:
    """A library value as JSON, every digit kept (``data-value``)."""
    if fmt.is_missing(value):
        return "null"
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return json.dumps(value)


# -- requests -------------------------------------------------------------------------


def _text_list(value: Any) -> str:
    """A filter as the form shows it: "1,2", "" when not given."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return ",".join(str(v) for v in value)


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _blank_none(value: Any) -> Any:
    """None for an empty or blank string (an empty field of the form), else `value`."""
    return None if isinstance(value, str) and not value.strip() else value


def _ids(value: Any) -> list[str]:
    text = _text_list(value)
    return [v.strip() for v in text.split(",") if v.strip()]


#: `Dataset.info()` of each dataset already asked (a page per request must not pay for
#: it each time); entries go with their dataset.
_ABOUT: WeakKeyDictionary[Any, dict[str, Any]] = WeakKeyDictionary()


def _about(ds: Dataset) -> dict[str, Any] | None:
    """`ds.info()`, once per dataset; None for a dataset loaded with `focus` (which
    refuses it): the page then names mailboxes and folders by id and does not say
    whether the id is a user's or a team's."""
    if ds.focus is not None:
        return None
    info = _ABOUT.get(ds)
    if info is None:
        info = _ABOUT[ds] = ds.info()
    return info


def _names(ds: Dataset) -> dict[str, dict[int, str]]:
    """Names of mailboxes and folders by id (empty for a focused dataset)."""
    info = _about(ds) or {}
    return {key: {int(x["id"]): x["name"] for x in info.get(key, []) if x["name"]}
            for key in ("mailboxes", "folders")}


def _kind(ds: Dataset, uid: int) -> str | None:
    """"user" or "team" for a valid id; None when the dataset cannot say (focused)."""
    info = _about(ds)
    if info is None:
        return None
    return "team" if any(t["id"] == uid for t in info["teams"]) else "user"


def _filters(ds: Dataset, tags_known: Iterable[dict[str, Any]], mailboxes: Any, tags: Any,
             types: Any, folders: Any) -> list[tuple[str, str]]:
    """The filters of a request as (what, which) for a person: names with their ids."""
    names = _names(ds)
    names["tags"] = {t["id"]: t["name"] for t in tags_known if t["name"]}
    out = []
    for key, label, value in (("mailboxes", "Mailboxes", mailboxes), ("tags", "Tags", tags),
                              ("types", "Types", types), ("folders", "Folders", folders)):
        if not _given(value):  # None or "": no filter (docs/metrics.md)
            continue
        items = _ids(value)
        if key == "types":
            shown = ", ".join(items) if items else "none (matches nothing)"
        else:
            shown = ", ".join(_named(names[key], i) for i in items) or \
                "none (matches nothing)"
        out.append((label, shown))
    return out


def _named(names: dict[int, str], ident: str) -> str:
    """"Support (40001)", or "id 40001" when its name is unknown."""
    name = names.get(int(ident)) if ident.lstrip("-").isdigit() else None
    return f"{name} ({ident})" if name else f"id {ident}"


def _on(flag: Any) -> bool:
    return flag is True or str(flag).strip().lower() in ("1", "true")


def _office_text(ds: Dataset, office_hours: Any) -> tuple[str, bool]:
    """How times are counted, as the library counts them (docs/metrics.md › Office
    hours), and whether they are office seconds."""
    if not _on(office_hours):
        return "calendar time (office hours off)", False
    hours = ds.office_hours
    if hours is None or not hours.enabled:
        return ("calendar time: office hours were asked for, but the dataset has no "
                "enabled office-hours config"), False
    return f"response and resolution times in office hours only ({hours.timezone})", True


VIEWS = {86400: "day", 7 * 86400: "week"}


def _view(view_by: Any, dates: list[str]) -> str:
    """The bucket size of a series the library returned: `view_by` as given (the library
    checked it), else read from the spacing of its buckets — day, week, or month; with a
    single bucket, week (the default for ranges up to a year)."""
    if view_by is not None and str(view_by).strip():
        return str(view_by).strip().lower()
    if len(dates) < 2:
        return "week"
    return VIEWS.get(_seconds(dates[1]) - _seconds(dates[0]), "month")


def _seconds(iso: str) -> int:
    return int(datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def _bucket(iso: str, view: str, year: bool) -> tuple[str, str]:
    """(axis label, full name) of a bucket starting at `iso`."""
    t = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    if view == "month":
        return f"{fmt.MONTHS[t.month - 1]} {t.year}", f"month from {fmt.date_text(iso)}"
    name = fmt.date_text(iso) if view == "day" else f"week of {fmt.date_text(iso)}"
    return fmt.date_text(iso, year=year), name


def _points(rows: list[dict[str, Any]], key: str, view: str) -> list[Point]:
    years = {r["date"][:4] for r in rows}
    return [Point(*_bucket(r["date"], view, len(years) > 1), int(r[key])) for r in rows]


# -- the user page --------------------------------------------------------------------


def _stat_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    current, previous = doc["current"], doc.get("previous")
    deltas = doc.get("deltas") or {}
    rows = []
    for s in STATS:
        row: dict[str, Any] = {
            "field": s.field, "label": s.label, "help": s.help,
            "value": _exact(current[s.field]), "text": s.show(current[s.field]),
            "previous": None, "change": None,
        }
        if previous is not None:
            row["previous"] = {"value": _exact(previous[s.field]),
                               "text": s.show(previous[s.field])}
            if s.delta is not None:
                row["change"] = s.change(deltas.get(s.delta), previous[s.field],
                                         current[s.field])
                row["delta"] = _exact(deltas.get(s.delta))
        rows.append(row)
    return rows


def _series_charts(ds: Dataset, request: dict[str, Any], view_by: Any,
                   previous: bool) -> tuple[list[dict[str, Any]], str]:
    """The three charts over time, and the bucket size they use.

    Without `view_by` the library picks a bucket size for each range on its own (week up
    to 365 days, else month), so a leap year's previous range would come in months
    beside weeks: the size of the current range is asked for both."""
    view = view_by
    if view is None or not str(view).strip():
        alone = {k: v for k, v in request.items() if not k.startswith("previous_")}
        view = _view(None, [p["date"] for p in ds.replies_report(**alone)["current"]])
    docs = [getattr(ds, method)(**request, view_by=view) for method, *_ in SERIES]
    view = _view(view, [])
    charts = []
    for doc, (_method, key, title, unit) in zip(docs, SERIES, strict=True):
        cur = _points(doc["current"], key, view)
        prev = _points(doc["previous"], key, view) if previous else None
        ident = f"chart-{key}"
        rows = []
        for k in range(max(len(cur), len(prev or ()))):
            c = cur[k] if k < len(cur) else None
            p = prev[k] if prev is not None and k < len(prev) else None
            rows.append({"current": c, "previous": p})
        charts.append({
            "id": ident, "key": key, "unit": unit[1],
            "title": f"{title} per {view}",
            "svg": bar_chart(ident, f"{title} per {view}", unit, cur, prev),
            "rows": rows,
        })
    return charts, view


#: The ratings of the happiness breakdown: (key in the document, label, how a rise reads).
HAPPINESS = (("great", "Great", "better"), ("okay", "Okay", "neutral"),
             ("notGood", "Not good", "worse"))


def _happiness(doc: dict[str, Any]) -> dict[str, Any]:
    """The happiness breakdown as shown: shares and counts with their changes (shares in
    points, counts in percent, as the library gives them)."""
    cur, prev = doc["current"], doc.get("previous")
    deltas = doc.get("deltas") or {}
    rows = []
    for key, label, rise in HAPPINESS:
        def change(k: str, points: bool, rise: str = rise) -> fmt.Change | None:
            was = None if prev is None or points else prev[k]  # a count rising from 0
            return fmt.change(deltas.get(k), points, lower_is_better=rise == "worse",
                              neutral=rise == "neutral", previous=was, current=cur[k])

        rows.append({
            "key": key, "label": label,
            "count": cur[key + "Count"], "share": cur[key],
            "count_text": fmt.count(cur[key + "Count"]), "share_text": fmt.percent(cur[key]),
            "previous": None if prev is None else {
                "count_text": fmt.count(prev[key + "Count"]),
                "share_text": fmt.percent(prev[key])},
            "share_change": change(key, True), "count_change": change(key + "Count", False),
        })
    parts = [("not_good" if r["key"] == "notGood" else r["key"], r["label"],
              float(r["share"]), int(r["count"])) for r in rows]
    return {
        "current": cur, "previous": prev, "rows": rows,
        "score": fmt.score(cur["happinessScore"]),
        "score_change": fmt.change(deltas.get("happinessScore"), points=True),
        "ratings": cur["ratingsCount"], "rated": fmt.count(cur["totalCustomersWithRatings"]),
        "customers": cur["totalCustomers"],
        "rated_share": fmt.percent(cur["ratingsPercent"]),
        "bar": share_bar("chart-happiness", "Share of great, okay and not good ratings",
                         parts) if cur["ratingsCount"] else None,
    }


def _rating_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [{
        "when": fmt.table_time(r["ratingCreatedAt"]), "when_key": r["ratingCreatedAt"],
        "rating": RATINGS.get(r["ratingId"], fmt.DASH), "rating_key": r["ratingId"],
        "comment": r["ratingComments"], "customer": r["ratingCustomerName"] or fmt.DASH,
        "number": r["number"], "id": r["id"], "user": r["ratingUserName"] or fmt.DASH,
    } for r in doc["results"]]


#: The note of a wait of 0 that may be no wait at all: the library gives 0 for the first
#: response time and the response time of a conversation none of whose replies was a
#: response (docs/family.md › Conversation history), and its row does not say which.
NO_RESPONSE = ("0 s here is either a wait under a second or no response: the library gives "
               "0 when none of the replies sent in the range answered the customer")


def _history_rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of the conversation history as shown. A time of 0 is the library's value
    for none: "—" where the row itself says there was no reply (``repliesSent`` 0);
    first response and response time both 0 (no field of the row tells a wait under a
    second from no response) read "0 s" with "or none" beside."""
    out = []
    for r in doc["results"]:
        names = ", ".join(c["name"] or f"customer {c['id']}" for c in r["customers"])
        no_reply = not fmt.is_missing(r["repliesSent"]) and r["repliesSent"] == 0
        waits = (r["firstResponseTime"], r["responseTime"])
        maybe_none = all(not fmt.is_missing(w) and w == 0 for w in waits)
        cells = [{"value": r["repliesSent"], "text": fmt.count(r["repliesSent"]),
                  "field": "repliesSent", "note": None}]
        for field in ("firstResponseTime", "responseTime", "resolveTime", "avgHandleTime"):
            value = r[field]
            cell = {"value": value, "text": fmt.duration(value), "field": field,
                    "note": None}
            if field != "resolveTime" and no_reply:
                cell["text"] = fmt.DASH  # nothing sent: no wait, no handle time
            elif field in ("firstResponseTime", "responseTime") and maybe_none:
                cell["note"] = NO_RESPONSE
            cells.append(cell)
        out.append({
            "id": r["id"], "number": r["number"], "customer": names or fmt.DASH,
            "status": r["status"] or fmt.DASH, "cells": cells,
        })
    return out


def _drilldown_rows(doc: dict[str, Any], mailboxes: dict[int, str]) -> list[dict[str, Any]]:
    return [{
        "id": r["id"], "number": r["number"], "subject": r["subject"] or fmt.DASH,
        "preview": r["preview"] or "", "customer": r["customerName"] or fmt.DASH,
        "email": r["customerEmail"] or "", "type": r["type"] or fmt.DASH,
        "status": r["status"] or fmt.DASH,
        "mailbox": mailboxes.get(r["mailboxid"], str(r["mailboxid"])),
        "threads": r["threadCount"], "assigned": r["assignedName"] or fmt.DASH,
        "tags": ", ".join(t["name"] or str(t["id"]) for t in r["tags"]),
        "modified": fmt.table_time(r["modifiedAt"]), "modified_key": r["modifiedAt"],
    } for r in doc["conversations"]["results"]]


def _form_instant(iso: str | None, end: bool) -> tuple[str, str]:
    """(input type, value) for a range bound: a date input for a whole day's bound."""
    if iso is None:
        return "date", ""
    whole = iso.endswith("T23:59:59Z" if end else "T00:00:00Z")
    return ("date", iso[:10]) if whole else ("text", iso)


def _form(action: str, doc: dict[str, Any], view_by: Any, filters: dict[str, Any],
          office_hours: Any) -> dict[str, Any]:
    """The fields of the form that asks for the same page with another range or filters
    (query names of the HTTP API, from the report catalogue)."""
    from reports._catalog import PARAMS

    cur, prev = doc["current"], doc.get("previous")
    bounds = [("start", cur["startDate"], False), ("end", cur["endDate"], True),
              ("previous_start", prev["startDate"] if prev else None, False),
              ("previous_end", prev["endDate"] if prev else None, True)]
    labels = {"start": "Start", "end": "End", "previous_start": "Compare from",
              "previous_end": "Compare to"}
    fields = []
    for name, iso, end in bounds:
        kind, value = _form_instant(iso, end)
        fields.append({"name": PARAMS[name].api, "label": labels[name], "type": kind,
                       "value": value, "hint": "YYYY-MM-DD or an instant"})
    filter_fields = [{"name": PARAMS[k].api, "label": k.capitalize(), "type": "text",
                      "value": _text_list(filters[k]),
                      "hint": "email, chat, phone" if k == "types" else "ids, comma-separated"}
                     for k in ("mailboxes", "tags", "types", "folders")]
    on = _on(office_hours)
    return {"action": action, "range": fields[:2], "previous": fields[2:],
            "filters": filter_fields, "view": {"name": PARAMS["view_by"].api,
                                               "value": (str(view_by or "")).lower()},
            "office": {"name": PARAMS["office_hours"].api, "checked": on}}


def user_page(ds: Dataset, user: Any, start: Any, end: Any, previous_start: Any = None,
              previous_end: Any = None, view_by: Any = None, mailboxes: Any = None,
              tags: Any = None, types: Any = None, folders: Any = None,
              office_hours: Any = False, form_action: str | None = None) -> str:
    """One user's or team's report as a complete, self-contained HTML document.

    The summary statistics with their changes against the previous range (when given),
    replies, resolutions and customers helped over time (per `view_by`: day, week or
    month; by default the library's), the happiness breakdown and the latest ratings,
    the conversation history and the drill-down as sortable tables. Parameters are those
    of `Dataset.user_report`; a bad one raises `reports.RequestError`. With
    `form_action` (a URL), the page holds a GET form to that URL, with the HTTP API's
    parameter names, to change the range and filters; as that form sends them, empty
    previous bounds mean no previous range.
    """
    previous_start, previous_end = _blank_none(previous_start), _blank_none(previous_end)
    filters = {"mailboxes": mailboxes, "tags": tags, "types": types, "folders": folders}
    doc = ds.user_report(user, start, end, previous_start, previous_end,
                         office_hours=office_hours, **filters)
    uid = doc["user"]["id"]
    kind = _kind(ds, uid)
    has_previous = "previous" in doc
    prev_range = {"previous_start": previous_start, "previous_end": previous_end}
    base = {"user": uid, "start": start, "end": end, **filters}
    charts, view = _series_charts(ds, {**base, **prev_range}, view_by, has_previous)
    happiness = _happiness(ds.happiness_report(**base, **prev_range))
    ratings = ds.ratings_report(**base, sort_field="modifiedAt", sort_order="desc",
                                rows=LATEST_RATINGS)
    history = ds.conversation_history_report(**base, office_hours=office_hours,
                                             rows=MAX_ROWS)
    drill = ds.drilldown_report(**base, rows=MAX_ROWS)
    names = _names(ds)
    office = _office_text(ds, office_hours)
    name = doc["user"]["name"] or f"{(kind or 'id').capitalize()} {uid}"
    stats = _stat_rows(doc)
    by_field = {r["field"]: r for r in stats}
    return _render(
        "user.html.j2",
        title=f"{name} · {kind or 'user or team'} report · "
              f"{fmt.range_text(doc['current']['startDate'], doc['current']['endDate'])}",
        source=ds.source or "data in memory",
        name=name, kind=kind, uid=uid, doc=doc,
        range=fmt.range_text(doc["current"]["startDate"], doc["current"]["endDate"]),
        previous_range=fmt.range_text(doc["previous"]["startDate"],
                                      doc["previous"]["endDate"]) if has_previous else None,
        filters=_filters(ds, doc["filterTags"], **filters),
        office=office[0], office_on=office[1], view=view,
        stats=stats, cards=[by_field[f] for f in CARDS], charts=charts,
        happiness=happiness,
        ratings={"rows": _rating_rows(ratings), "count": ratings["count"],
                 "team": kind == "team"},
        history={"rows": _history_rows(history), "count": history["count"]},
        drilldown={"rows": _drilldown_rows(drill, names["mailboxes"]),
                   "count": drill["conversations"]["count"],
                   "by": {"user": "by the user", "team": "by a member of the team"}.get(
                       kind or "", "by the user (or, for a team, a member)")},
        max_rows=MAX_ROWS, customers_ever=doc["user"]["totalCustomersHelped"],
        form=_form(form_action, doc, view_by, filters, office_hours)
        if form_action is not None else None,
    )


# -- everyone -------------------------------------------------------------------------


def _value(row: Any, column: str) -> Any:
    value = row[column]
    if fmt.is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def all_page(ds: Dataset, start: Any, end: Any, previous_start: Any = None,
             previous_end: Any = None, view_by: Any = None, mailboxes: Any = None,
             tags: Any = None, types: Any = None, folders: Any = None,
             office_hours: Any = False) -> str:
    """Every user and team on one page, as a complete, self-contained HTML document: the
    all-users table (`Dataset.users_table`, with changes against the previous range when
    given) sortable in the page, and a chart of the replies per `view_by` bucket of the
    users with most replies (`Dataset.series_table`)."""
    filters = {"mailboxes": mailboxes, "tags": tags, "types": types, "folders": folders}
    table = ds.users_table(start, end, previous_start, previous_end,
                           office_hours=office_hours, **filters)
    series = ds.series_table(start, end, view_by=view_by, **filters)
    has_previous = "previous.totalReplies" in table.columns
    stats = {s.field: s for s in STATS}
    columns = [stats[f] for f in ALL_COLUMNS]
    rows = []
    for _, r in table.iterrows():
        uid, kind = int(r["id"]), str(r["kind"])
        name = _value(r, "name") or f"{kind.capitalize()} {uid}"
        cells = []
        for s in columns:
            value = _value(r, s.field)
            cell: dict[str, Any] = {"field": s.field, "value": _exact(value),
                                    "sort": _sort_key(value), "text": s.show(value),
                                    "change": None}
            if has_previous and s.delta is not None:
                cell["change"] = s.change(_value(r, f"deltas.{s.delta}"),
                                          _value(r, f"previous.{s.field}"), value)
                cell["previous"] = s.show(_value(r, f"previous.{s.field}"))
            cells.append(cell)
        rows.append({"id": uid, "kind": kind, "name": name, "cells": cells,
                     "replies": _value(r, "totalReplies")})
    first = table.iloc[0] if len(table) else None
    start_iso = first["startDate"].strftime("%Y-%m-%dT%H:%M:%SZ") if first is not None \
        else None
    end_iso = first["endDate"].strftime("%Y-%m-%dT%H:%M:%SZ") if first is not None else None
    chart = _top_chart(series, rows, view_by)
    tags_known = ds.filter_tags()
    previous_range = None
    if has_previous and first is not None:
        previous_range = fmt.range_text(
            first["previous.startDate"].strftime("%Y-%m-%dT%H:%M:%SZ"),
            first["previous.endDate"].strftime("%Y-%m-%dT%H:%M:%SZ"))
    return _render(
        "all.html.j2", wide=True,
        title="Every user and team · " + (fmt.range_text(start_iso, end_iso)
                                          if start_iso else ""),
        source=ds.source or "data in memory",
        range=fmt.range_text(start_iso, end_iso) if start_iso else fmt.DASH,
        previous_range=previous_range, filters=_filters(ds, tags_known, **filters),
        office=_office_text(ds, office_hours)[0], columns=columns, rows=rows,
        has_previous=has_previous, chart=chart, top=TOP_USERS,
        users=sum(1 for r in rows if r["kind"] == "user"),
        teams=sum(1 for r in rows if r["kind"] == "team"),
    )


def _top_chart(series: Any, rows: list[dict[str, Any]], view_by: Any
               ) -> dict[str, Any] | None:
    """The replies per bucket of the `TOP_USERS` users with most replies (ties: by id)."""
    users = [r for r in rows if r["kind"] == "user" and r["replies"]]
    users.sort(key=lambda r: (-r["replies"], r["id"]))
    top = users[:TOP_USERS]
    if not top:
        return None
    picked = []
    for r in top:
        mine = series[(series["id"] == r["id"]) & (series["kind"] == "user")]
        picked.append([{"date": d.strftime("%Y-%m-%dT%H:%M:%SZ"), "replies": int(v)}
                       for d, v in zip(mine["date"], mine["replies"], strict=True)])
    view = _view(view_by, [p["date"] for p in picked[0]])
    lines = [Line(r["name"], _points(points, "replies", view))
             for r, points in zip(top, picked, strict=True)]
    who = "the user" if len(lines) == 1 else f"the {len(lines)} users"
    title = f"Replies per {view}: {who} with most replies"
    buckets = [p.name for p in lines[0].points]
    return {"svg": line_chart("chart-top", title, ("reply", "replies"), lines),
            "title": title,
            "legend": [(legend_swatch(i), line.name) for i, line in enumerate(lines)],
            "lines": lines, "buckets": buckets, "view": view}


# -- the index ------------------------------------------------------------------------


def index_page(ds: Dataset) -> str:
    """The users and teams of the dataset (names and ids, from `Dataset.info`), each
    linking to its report at ``/users/{id}``, as a complete HTML document."""
    info = ds.info()
    users = sorted(info["users"], key=lambda u: ((u["name"] or "").lower(), u["id"]))
    teams = sorted(info["teams"], key=lambda t: ((t["name"] or "").lower(), t["id"]))
    names = {u["id"]: u["name"] or f"User {u['id']}" for u in users}
    return _render(
        "index.html.j2", title="Users and teams · " + (ds.source or "data in memory"),
        source=ds.source or "data in memory", users=users, teams=[
            {**t, "member_names": ", ".join(names.get(m, f"User {m}") for m in t["members"])}
            for t in teams],
        span=(fmt.date_text(info["span"]["first"]), fmt.date_text(info["span"]["last"]))
        if info["span"]["first"] else None,
        conversations=info["counts"].get("conversations", 0),
    )
