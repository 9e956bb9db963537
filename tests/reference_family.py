"""A deliberately simple reference implementation of docs/family.md, the user report family.

Written from docs/family.md alone, on top of ``tests/reference.py`` (which reads
docs/data.md and docs/metrics.md): the same loaded tables and per-conversation facts
(replies, responses, closes, resolution, touches), plus the columns and tables only the
family reads.  Plain loops over dicts and lists; pandas only packages ``series_table``'s
answer at the very end.  It never imports the engine.

Usage::

    ref = ReferenceFamily(tables, office_hours=None)   # raw tables, as given to the engine
    ref.replies_report(user=1, start="2015-01-01", end="2015-01-31", view_by="day")

Every method takes the engine's keyword arguments and answers the same plain JSON
values; a bad parameter raises ``BadRequest`` naming it as the API spells it.

Readings of docs/family.md where it is silent (the lead implements the same):

- ``rating``: exactly ``all``, ``great``, ``okay``, ``not_good``, ``ok``, ``not-good``
  and ``0``-``3`` (0 = all, 1 great, 2 okay, 3 not good), in any case, as text or int;
  the data spellings ``bad`` and ``not good`` are not request values.
- ``page``/``rows``: an int or the text of one (like ids), >= 1; bools, floats, 0 and
  negatives are refused.  ``rows=None``: every row on page 1, ``pages`` 1 (0 when empty).
- ``status`` of conversation history: ``active``, ``pending``, ``closed`` or None.
- names: the non-empty parts of first and last name; for customers then a non-empty
  email; else null.  ``customerEmail`` "" is null too.  A user without names has no
  name (no email fallback for users).
- drill-down tags are distinct by id; a tag missing from the tags table has name null;
  a colour null or "" is "none".  ``modifiedAt`` without ``modified_at`` counts
  ``closed_at`` whenever it is set, whatever the status.  ``threadCount`` counts visible
  threads of every author.
- conversation history ``responseTime`` and ``avgHandleTime`` are exact means truncated
  (integer division of the exact sums).
- ``threadCreatedAt`` is the created_at of the thread with that id in the (normalised)
  threads table, whatever its conversation or state.
"""

from __future__ import annotations

import calendar
from fractions import Fraction

try:  # tests/ as a package or as a plain directory on sys.path
    from .reference import (
        DAY,
        MICROSECONDS,
        RATING_SPELLINGS,
        Reference,
        format_instant,
        last_wins,
        parse_instant,
        rows,
        to_int,
        to_str,
        utc_datetime,
    )
except ImportError:
    from reference import (
        DAY,
        MICROSECONDS,
        RATING_SPELLINGS,
        Reference,
        format_instant,
        last_wins,
        parse_instant,
        rows,
        to_int,
        to_str,
        utc_datetime,
    )

VIEWS = ("day", "week", "month")
RATING_FILTERS = {
    "all": None,
    "0": None,
    "great": "great",
    "1": "great",
    "okay": "okay",
    "ok": "okay",
    "2": "okay",
    "not_good": "not_good",
    "not-good": "not_good",
    "3": "not_good",
}
RATING_IDS = {"great": 1, "okay": 2, "not_good": 3}
RATINGS_SORT_FIELDS = ("number", "modifiedat", "rating")
HISTORY_SORT_FIELDS = {
    "number": "number",
    "repliessent": "repliesSent",
    "responsetime": "responseTime",
    "resolvetime": "resolveTime",
}
SORT_ORDERS = ("asc", "desc")
HISTORY_STATUSES = ("active", "pending", "closed")

HAPPINESS_POINT_DELTAS = {"okay", "great", "notGood", "happinessScore"}
HAPPINESS_DELTA_KEYS = [
    "okay",
    "great",
    "okayCount",
    "happinessScore",
    "notGoodCount",
    "notGood",
    "greatCount",
]


class BadRequest(ValueError):
    """The reference's RequestError: ``parameter`` names the value at fault as the API
    spells it (``viewBy``, ``sortField``, ...)."""

    def __init__(self, parameter, value):
        super().__init__(f"{parameter}: bad value {value!r}")
        self.parameter = parameter


# --------------------------------------------------------------------------- parameters


def enum_value(value, allowed, parameter):
    """An enumerated request value read in any letter case (docs/family.md)."""
    if isinstance(value, bool) or value is None:
        raise BadRequest(parameter, value)
    text = str(value).lower()
    if text not in allowed:
        raise BadRequest(parameter, value)
    return text


def positive_int(value, parameter):
    """``page`` / ``rows``: an integer >= 1, given as an int or its text."""
    if isinstance(value, bool):
        raise BadRequest(parameter, value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise BadRequest(parameter, value)
    if number < 1:
        raise BadRequest(parameter, value)
    return number


def flag(value):
    """``officeHours``: 0/1, true/false (docs/data.md › Requests)."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).lower()
    if text in ("1", "true"):
        return True
    if text in ("0", "false", ""):
        return False
    raise BadRequest("officeHours", value)


def id_list(value, parameter):
    """A filter as a list of ints (comma-separated text or an iterable), None if absent."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    items = value.split(",") if isinstance(value, str) else value
    if isinstance(items, int):
        items = [items]
    out = []
    for item in items:
        if isinstance(item, bool):
            raise BadRequest(parameter, value)
        try:
            out.append(int(str(item).strip()))
        except ValueError:
            raise BadRequest(parameter, value) from None
    return out


def type_list(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    items = value.split(",") if isinstance(value, str) else value
    out = [str(item).strip().lower() for item in items]
    if any(item not in ("email", "chat", "phone") for item in out):
        raise BadRequest("types", value)
    return out


def instant(value, parameter, end_of_day=False):
    """A request instant (docs/data.md › Requests); a date alone is its first or, at an end,
    last second."""
    if value is None:
        raise BadRequest(parameter, value)
    try:
        return parse_instant(value, end_of_day)
    except (TypeError, ValueError):
        raise BadRequest(parameter, value) from None


def checked_range(start, end, start_name, end_name):
    """(start, end) in epoch seconds; end before start is an error (docs/data.md › Requests)."""
    s = instant(start, start_name)
    e = instant(end, end_name, end_of_day=True)
    if e < s:
        raise BadRequest(end_name, end)
    return s, e


def page_of(items, page, rows_per_page):
    """(results, page, count, pages) of docs/family.md › Paging."""
    page = positive_int(page, "page")
    count = len(items)
    if rows_per_page is None:  # the library's default: everything on page 1
        pages = 1 if count else 0
        results = list(items) if page == 1 else []
    else:
        size = positive_int(rows_per_page, "rows")
        pages = (count + size - 1) // size
        results = items[(page - 1) * size : page * size]
    return results, page, count, pages


def sort_rows(items, value, descending, tie):
    """Sort by ``value`` (nulls last in both orders), ties by ascending ``tie``."""
    present = [item for item in items if value(item) is not None]
    missing = [item for item in items if value(item) is None]
    present.sort(key=tie)
    present.sort(key=value, reverse=descending)  # stable: ties keep the ``tie`` order
    missing.sort(key=tie)
    return present + missing


# --------------------------------------------------------------------------- buckets


def add_months(seconds, k):
    """``seconds`` moved ``k`` calendar months, same time of day, day clamped
    (docs/family.md › Series)."""
    moment = utc_datetime(seconds)
    index = moment.year * 12 + (moment.month - 1) + k
    year, month = index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    shifted = moment.replace(year=year, month=month, day=day)
    return parse_instant(shifted)


def default_view(start, end):
    """``week`` when end - start <= 365 days, else ``month`` (docs/family.md › Series)."""
    return "week" if end - start <= 365 * DAY else "month"


def bucket_starts(start, end, view):
    """b_0 = start and every later b_k < end (docs/family.md › Series)."""
    starts = [start]
    k = 1
    while True:
        if view == "day":
            b = start + k * DAY
        elif view == "week":
            b = start + 7 * k * DAY
        else:
            b = add_months(start, k)
        if b >= end:
            return starts
        starts.append(b)
        k += 1


def bucket_of(t, starts):
    """The index of the last bucket with b_k <= t."""
    index = 0
    for i, b in enumerate(starts):
        if b <= t:
            index = i
    return index


# --------------------------------------------------------------------------- names


def person_name(record, email_fallback=False):
    """name(x) of docs/family.md: "first last" of the non-empty parts; a customer's email."""
    if record is None:
        return None
    parts = [to_str(record.get("first_name")), to_str(record.get("last_name"))]
    parts = [p for p in parts if p]
    if parts:
        return " ".join(parts)
    if email_fallback:
        return to_str(record.get("email")) or None
    return None


def to_bool(value):
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


# --------------------------------------------------------------------------- the family


class ReferenceFamily(Reference):
    def __init__(self, tables, office_hours=None):
        super().__init__(tables, office_hours)
        self._load_family(tables)

    # ---- the columns and tables only the family reads (docs/data.md › Tables)
    def _load_family(self, tables):
        for cid, r in last_wins(rows(tables, "conversations")).items():
            self.conversations[cid].update(
                {
                    "number": to_int(r.get("number")),
                    "assignee_id": to_int(r.get("assignee_id")),
                    "subject": to_str(r.get("subject")),
                    "preview": to_str(r.get("preview")),
                    "modified_at": parse_instant(r.get("modified_at")),
                    "has_attachments": to_bool(r.get("has_attachments")),
                }
            )
        self.customers = last_wins(rows(tables, "customers"))
        self.tag_colors = {
            tid: to_str(r.get("color")) for tid, r in last_wins(rows(tables, "tags")).items()
        }
        # the ratings again, with the fields the ratings report shows
        self.rating_rows = []
        for r in last_wins(rows(tables, "ratings")).values():
            raw = r.get("rating")
            value = None if raw is None else RATING_SPELLINGS.get(str(raw).lower())
            if value is None:
                continue
            thread_id = to_int(r.get("thread_id"))
            user = to_int(r.get("user_id"))
            if user is None:
                thread = self.threads.get(thread_id)
                if thread is not None and thread["created_by_type"] == "user":
                    user = thread["created_by_id"]
            self.rating_rows.append(
                {
                    "id": to_int(r.get("id")),
                    "conversation_id": to_int(r.get("conversation_id")),
                    "thread_id": thread_id,
                    "user": user,
                    "customer_id": to_int(r.get("customer_id")),
                    "rating": value,
                    "created_at": parse_instant(r.get("created_at")),
                    "comments": to_str(r.get("comments")),
                }
            )

    # ---- helpers
    def user_name(self, uid):
        if uid is None:
            return None
        return person_name(self.users.get(uid))

    def customer_name(self, cid):
        if cid is None:
            return None
        return person_name(self.customers.get(cid), email_fallback=True)

    def subject(self, user):
        """The members of a requested user or team id (docs/data.md › Requests: known, not both)."""
        if isinstance(user, bool) or user is None:
            raise BadRequest("user", user)
        try:
            uid = int(str(user).strip())
        except ValueError:
            raise BadRequest("user", user) from None
        if uid not in self.known_ids() or (uid in self.teams and uid in self.users):
            raise BadRequest("user", user)
        return self.members_of(uid)

    def filtered(self, mailboxes, tags, types, folders):
        """The eligible conversations of a request's filters
        (docs/metrics.md › Which conversations count)."""
        return self.eligible_ids(
            id_list(mailboxes, "mailboxes"),
            id_list(tags, "tags"),
            type_list(types),
            id_list(folders, "folders"),
        )

    def request(
        self,
        user,
        start,
        end,
        mailboxes,
        tags,
        types,
        folders,
        previous_start=None,
        previous_end=None,
    ):
        """(members, start, end, previous range or None, eligible conversation ids)."""
        members = self.subject(user)
        s, e = checked_range(start, end, "start", "end")
        previous = None
        if previous_start is not None or previous_end is not None:
            if previous_start is None:
                raise BadRequest("previousStart", previous_start)
            if previous_end is None:
                raise BadRequest("previousEnd", previous_end)
            previous = checked_range(previous_start, previous_end, "previousStart", "previousEnd")
        return members, s, e, previous, self.filtered(mailboxes, tags, types, folders)

    def customers_helped(self, members, start, end, conv_ids):
        """customersHelped (docs/metrics.md › Statistics): distinct customers of conversations
        with a reply by U."""
        customers = set()
        for cid in conv_ids:
            customer = self.conversations[cid]["customer_id"]
            for when, who, _handle in self.facts[cid]["replies"]:
                if who in members and start <= when <= end and customer is not None:
                    customers.add(customer)
        return customers

    def rated(self, members, start, end, conv_ids):
        """The ratings of docs/family.md › Happiness: user in U, created_at in R, eligible, a
        valid value."""
        out = []
        for rating in self.rating_rows:
            if rating["conversation_id"] not in conv_ids:
                continue
            if rating["user"] in members and start <= rating["created_at"] <= end:
                out.append(rating)
        return out

    # ---- series (docs/family.md › Series)
    def bucket_values(self, members, start, end, view, conv_ids):
        """Per bucket: replies, resolved and the set of customers helped."""
        starts = bucket_starts(start, end, view)
        replies = [0] * len(starts)
        resolved = [0] * len(starts)
        customers = [set() for _ in starts]
        for cid in conv_ids:
            customer = self.conversations[cid]["customer_id"]
            for when, who, _handle in self.facts[cid]["replies"]:
                if who in members and start <= when <= end:
                    replies[bucket_of(when, starts)] += 1
                    if customer is not None:
                        customers[bucket_of(when, starts)].add(customer)
            res = self.facts[cid]["resolution"]
            in_range = res is not None and start <= res["resolved_at"] <= end
            if in_range and res["resolver"] in members:
                resolved[bucket_of(res["resolved_at"], starts)] += 1
        return [
            {"date": b, "replies": replies[i], "resolved": resolved[i], "customers": len(c)}
            for i, (b, c) in enumerate(zip(starts, customers, strict=True))
        ]

    def series(self, key, user, start, end, previous_start, previous_end, view_by, filters):
        view = None if view_by is None else enum_value(view_by, VIEWS, "viewBy")
        members, s, e, previous, conv_ids = self.request(
            user, start, end, previous_start=previous_start, previous_end=previous_end, **filters
        )
        ranges = [("current", s, e)]
        if previous is not None:
            ranges.append(("previous", *previous))
        doc = {}
        for name, a, b in ranges:
            buckets = self.bucket_values(members, a, b, view or default_view(a, b), conv_ids)
            doc[name] = [{"date": format_instant(v["date"]), key: v[key]} for v in buckets]
        return doc

    def replies_report(
        self,
        user,
        start,
        end,
        previous_start=None,
        previous_end=None,
        view_by=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
    ):
        filters = {"mailboxes": mailboxes, "tags": tags, "types": types, "folders": folders}
        return self.series(
            "replies", user, start, end, previous_start, previous_end, view_by, filters
        )

    def resolutions_report(
        self,
        user,
        start,
        end,
        previous_start=None,
        previous_end=None,
        view_by=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
    ):
        filters = {"mailboxes": mailboxes, "tags": tags, "types": types, "folders": folders}
        return self.series(
            "resolved", user, start, end, previous_start, previous_end, view_by, filters
        )

    def customers_helped_report(
        self,
        user,
        start,
        end,
        previous_start=None,
        previous_end=None,
        view_by=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
    ):
        filters = {"mailboxes": mailboxes, "tags": tags, "types": types, "folders": folders}
        return self.series(
            "customers", user, start, end, previous_start, previous_end, view_by, filters
        )

    def series_rows(
        self, start, end, view_by=None, mailboxes=None, tags=None, types=None, folders=None
    ):
        """series_table as a list of dicts: users by id, then teams by id (as users_table)."""
        view = None if view_by is None else enum_value(view_by, VIEWS, "viewBy")
        s, e = checked_range(start, end, "start", "end")
        conv_ids = self.filtered(mailboxes, tags, types, folders)
        users = set(self.users)
        for thread in self.threads.values():
            if thread["created_by_type"] == "user" and thread["created_by_id"] is not None:
                users.add(thread["created_by_id"])
        subjects = [(uid, "user", {uid}, self.user_name(uid)) for uid in sorted(users)]
        for tid in sorted(self.teams):
            name = to_str(self.teams[tid].get("name"))
            subjects.append((tid, "team", set(self.members.get(tid, set())), name))
        out = []
        for ident, kind, members, name in subjects:
            for v in self.bucket_values(members, s, e, view or default_view(s, e), conv_ids):
                out.append(
                    {
                        "id": ident,
                        "kind": kind,
                        "name": name,
                        "date": v["date"],
                        "replies": v["replies"],
                        "resolved": v["resolved"],
                        "customers": v["customers"],
                    }
                )
        return out

    def series_table(
        self, start, end, view_by=None, mailboxes=None, tags=None, types=None, folders=None
    ):
        import pandas as pd  # packaging only

        records = self.series_rows(start, end, view_by, mailboxes, tags, types, folders)
        return pd.DataFrame(
            {
                "id": pd.Series([r["id"] for r in records], dtype="int64"),
                "kind": pd.Series([r["kind"] for r in records], dtype=object),
                "name": pd.Series([r["name"] for r in records], dtype=object),
                "date": pd.Series(
                    [utc_datetime(r["date"]) for r in records], dtype="datetime64[s, UTC]"
                ),
                "replies": pd.Series([r["replies"] for r in records], dtype="int64"),
                "resolved": pd.Series([r["resolved"] for r in records], dtype="int64"),
                "customers": pd.Series([r["customers"] for r in records], dtype="int64"),
            }
        )

    # ---- happiness (docs/family.md › Happiness)
    def happiness(self, members, start, end, conv_ids):
        ratings = self.rated(members, start, end, conv_ids)
        great = sum(1 for r in ratings if r["rating"] == "great")
        okay = sum(1 for r in ratings if r["rating"] == "okay")
        not_good = sum(1 for r in ratings if r["rating"] == "not_good")
        n = great + okay + not_good
        with_ratings = {r["customer_id"] for r in ratings if r["customer_id"] is not None}
        total_customers = len(self.customers_helped(members, start, end, conv_ids))
        return {
            "ratingsPercent": (
                len(with_ratings) / total_customers * 100 if total_customers else 0.0
            ),
            "okay": okay / n * 100 if n else 0.0,
            "great": great / n * 100 if n else 0.0,
            "happinessScore": great / n * 100 - not_good / n * 100 if n else 0.0,
            "okayCount": okay,
            "totalCustomersWithRatings": len(with_ratings),
            "notGoodCount": not_good,
            "ratingsCount": n,
            "notGood": not_good / n * 100 if n else 0.0,
            "greatCount": great,
            "totalCustomers": total_customers,
        }

    def happiness_report(
        self,
        user,
        start,
        end,
        previous_start=None,
        previous_end=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
    ):
        members, s, e, previous_range, conv_ids = self.request(
            user, start, end, mailboxes, tags, types, folders, previous_start, previous_end
        )
        current = self.happiness(members, s, e, conv_ids)
        doc = {"filterTags": self.filter_tags(), "current": current}
        if previous_range is not None:
            previous = self.happiness(members, *previous_range, conv_ids)
            doc["previous"] = previous
            doc["deltas"] = happiness_deltas(current, previous)
        return doc

    # ---- ratings (docs/family.md › Ratings)
    def ratings_report(
        self,
        user,
        start,
        end,
        rating="all",
        sort_field="modifiedAt",
        sort_order="desc",
        page=1,
        rows=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
    ):
        wanted = RATING_FILTERS[enum_value(rating, RATING_FILTERS, "rating")]
        field = enum_value(sort_field, RATINGS_SORT_FIELDS, "sortField")
        descending = enum_value(sort_order, SORT_ORDERS, "sortOrder") == "desc"
        members, s, e, _previous, conv_ids = self.request(
            user, start, end, mailboxes, tags, types, folders
        )
        items = []
        for r in self.rated(members, s, e, conv_ids):
            if wanted is not None and r["rating"] != wanted:
                continue
            conv = self.conversations[r["conversation_id"]]
            thread = self.threads.get(r["thread_id"])
            row = {
                "number": conv["number"],
                "threadid": r["thread_id"],
                "threadCreatedAt": format_instant(thread["created_at"]) if thread else None,
                "id": conv["id"],
                "type": conv["type"],
                "ratingId": RATING_IDS[r["rating"]],
                "ratingCustomerId": r["customer_id"],
                "ratingComments": r["comments"] if r["comments"] is not None else "",
                "ratingCreatedAt": format_instant(r["created_at"]),
                "ratingCustomerName": self.customer_name(r["customer_id"]),
                "ratingUserId": r["user"],
                "ratingUserName": self.user_name(r["user"]),
            }
            items.append((r, row))
        if field == "number":
            value = lambda item: item[1]["number"]  # noqa: E731
        elif field == "modifiedat":
            value = lambda item: item[0]["created_at"]  # noqa: E731
        else:
            value = lambda item: item[1]["ratingId"]  # noqa: E731
        items = sort_rows(items, value, descending, tie=lambda item: item[0]["id"])
        results, page, count, pages = page_of([row for _r, row in items], page, rows)
        return {"results": results, "page": page, "count": count, "pages": pages}

    # ---- conversation history (docs/family.md › Conversation history)
    def conversation_history_report(
        self,
        user,
        start,
        end,
        status=None,
        office_hours=False,
        sort_field="number",
        sort_order="desc",
        page=1,
        rows=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
    ):
        wanted = None if status is None else enum_value(status, HISTORY_STATUSES, "status")
        key = HISTORY_SORT_FIELDS[enum_value(sort_field, HISTORY_SORT_FIELDS, "sortField")]
        descending = enum_value(sort_order, SORT_ORDERS, "sortOrder") == "desc"
        dur = self.duration(flag(office_hours))
        members, s, e, _previous, conv_ids = self.request(
            user, start, end, mailboxes, tags, types, folders
        )
        items = []
        for cid in sorted(conv_ids):
            conv = self.conversations[cid]
            facts = self.facts[cid]
            replies = [r for r in facts["replies"] if r[1] in members and s <= r[0] <= e]
            if not replies:
                continue
            if wanted is not None and conv["status"] != wanted:
                continue
            handles = [h for _when, _who, h in replies if h is not None]
            waits = [
                dur(since, when)
                for when, who, since in facts["responses"]
                if who in members and s <= when <= e
            ]
            res = facts["resolution"]
            resolve_time = None
            if res is not None and res["resolver"] in members and s <= res["resolved_at"] <= e:
                resolve_time = dur(res["created_at"], res["resolved_at"])
            customer = conv["customer_id"]
            items.append(
                {
                    "id": cid,
                    "number": conv["number"],
                    "customers": (
                        []
                        if customer is None
                        else [{"id": customer, "name": self.customer_name(customer)}]
                    ),
                    "avgHandleTime": (
                        int(Fraction(sum(handles), len(handles) * MICROSECONDS)) if handles else 0
                    ),
                    "firstResponseTime": waits[0] if waits else 0,
                    "repliesSent": len(replies),
                    "responseTime": sum(waits) // len(waits) if waits else 0,
                    "resolveTime": resolve_time,
                    "status": conv["status"],
                }
            )
        items = sort_rows(items, lambda row: row[key], descending, tie=lambda row: row["id"])
        results, page, count, pages = page_of(items, page, rows)
        return {"results": results, "page": page, "count": count, "pages": pages}

    # ---- drill-down (docs/family.md › Drill-down)
    def drilldown_report(
        self,
        user,
        start,
        end,
        page=1,
        rows=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
    ):
        members, s, e, _previous, conv_ids = self.request(
            user, start, end, mailboxes, tags, types, folders
        )
        latest = {}
        for cid in conv_ids:
            for when, who in self.facts[cid]["touches"]:
                if who in members and s <= when <= e:
                    latest[cid] = max(latest.get(cid, when), when)
        order = sorted(latest, key=lambda cid: (latest[cid], cid), reverse=True)
        results, page, count, pages = page_of([self.abbreviated(cid) for cid in order], page, rows)
        return {"conversations": {"count": count, "page": page, "pages": pages, "results": results}}

    def abbreviated(self, cid):
        """Help Scout's Abbreviated Conversation of docs/family.md › Drill-down."""
        conv = self.conversations[cid]
        threads = self.threads_of[cid]
        visible = [t for t in threads if t["state"] in (None, "published")]
        modified = conv["modified_at"]
        if modified is None:
            candidates = [conv["created_at"]] + [t["created_at"] for t in threads]
            if conv["closed_at"] is not None:
                candidates.append(conv["closed_at"])
            modified = max(candidates)
        customer = conv["customer_id"]
        record = self.customers.get(customer) if customer is not None else None
        assignee = conv["assignee_id"]
        if assignee == 0:
            assignee = None
        tags = []
        for tid in sorted(self.tags_of.get(cid, set())):
            tags.append(
                {
                    "id": tid,
                    "name": self.tag_names.get(tid),
                    "color": self.tag_colors.get(tid) or "none",
                }
            )
        return {
            "id": cid,
            "number": conv["number"],
            "type": conv["type"],
            "mailboxid": conv["mailbox_id"],
            "attachments": conv["has_attachments"],
            "subject": conv["subject"],
            "status": conv["status"],
            "threadCount": sum(1 for t in visible if t["type"] != "lineitem"),
            "preview": conv["preview"],
            "customerName": self.customer_name(customer),
            "customerEmail": (to_str(record.get("email")) or None) if record else None,
            "customerIds": [] if customer is None else [customer],
            "modifiedAt": format_instant(modified),
            "assignedid": assignee if assignee is not None else 0,
            "assignedName": self.user_name(assignee),
            "tags": tags,
        }


def happiness_deltas(current, previous):
    """docs/family.md › Happiness: points c - p for the percentages, (c / p - 1) * 100 for
    the counts."""
    out = {}
    for key in HAPPINESS_DELTA_KEYS:
        c, p = current[key], previous[key]
        if key in HAPPINESS_POINT_DELTAS:
            out[key] = c - p
        elif p == 0:
            out[key] = 0.0
        else:
            out[key] = (c / p - 1) * 100
    return out


__all__ = [
    "BadRequest",
    "ReferenceFamily",
    "add_months",
    "bucket_starts",
    "default_view",
    "happiness_deltas",
]
