"""Hypothesis strategies that build small random RAW datasets and report requests.

The datasets are raw, before docs/data.md › Normalisation: ids are ints (nullable ids are
pandas ``Int64``), timestamps are ISO 8601 strings (sometimes with fractional
seconds, which must be truncated), enum values come in any letter case,
``message`` appears beside ``reply``, ratings come in every spelling, duplicate
ids (last row wins) and orphan threads occur, optional columns and tables are
sometimes absent.

Id spaces are kept apart on purpose (users 1-5, teams 50-51, customers 100-104,
"other" authors 200) so that an id never means two things at once.

Times are drawn from a small per-example pool of instants inside a few days
around a DST transition of one of the zones used, so that ties (equal
timestamps), instants exactly on range boundaries and office-hour windows that
span a transition are all common.

``family_scenarios()`` draws the same datasets with everything the report family
(docs/family.md) reads on top: conversation subject, preview, modified_at,
has_attachments, numbers with ties and nulls, assignees; a customers table with
missing names and emails and missing customers; rating comments; tag colours;
fractional ``handle_seconds``; sometimes a pool spread over more than a year (for
month buckets and the default viewBy); and a random family request.
``scenarios()`` draws exactly what it always drew.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import pandas as pd
from hypothesis import strategies as st

try:  # tests/ as a package or as a plain directory on sys.path
    from .reference import Reference
except ImportError:
    from reference import Reference

USER_IDS = [1, 2, 3, 4]
TEAM_IDS = [50, 51]
CUSTOMER_IDS = [100, 101, 102, 103, 104]
OTHER_IDS = [200]
MAILBOX_IDS = [10, 11, 12]
FOLDER_IDS = [20, 21, 22]
TAG_IDS = [30, 31, 32]
MISSING_CONVERSATION = 999

# filterTags lists every tag of the tags table and every tag id in use, with name null when
# the table lacks it (docs/metrics.md › The document). Datasets therefore also use tag ids
# that a present tags table lacks; False would keep them to the table's tags.
TAGS_OUTSIDE_TABLE = True

# Window starts a day or two before a DST transition of one of the zones.
BASES = [
    date(2015, 3, 6),  # America/New_York springs forward 2015-03-08 02:00
    date(2015, 10, 30),  # America/New_York falls back 2015-11-01 02:00
    date(2015, 3, 27),  # Europe/London springs forward 2015-03-29 01:00
    date(2015, 10, 23),  # Europe/London falls back 2015-10-25 02:00
    date(2015, 4, 3),  # Australia/Sydney falls back 2015-04-05 03:00
    date(2015, 10, 2),  # Australia/Sydney springs forward 2015-10-04 02:00
    date(2015, 1, 1),
]
# the zone whose DST transition falls inside the window starting at each base
TRANSITION_ZONE = {
    date(2015, 3, 6): "America/New_York",
    date(2015, 10, 30): "America/New_York",
    date(2015, 3, 27): "Europe/London",
    date(2015, 10, 23): "Europe/London",
    date(2015, 4, 3): "Australia/Sydney",
    date(2015, 10, 2): "Australia/Sydney",
}
ZONES = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "Asia/Kathmandu"]
WINDOW_DAYS = 4

CLOCK_TIMES = [
    "00:00",
    "00:30",
    "01:00",
    "01:30",
    "02:00",
    "02:30",
    "03:00",
    "05:30",
    "06:00",
    "09:00",
    "12:00",
    "13:00",
    "17:00",
    "22:00",
    "23:30",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

CONV_TYPES = ["email", "Email", "chat", "CHAT", "phone"]
CONV_STATUSES = ["active", "pending", "closed", "Closed", "closed", "CLOSED", "spam"]
CONV_STATES = [None, None, None, "published", "Published", "draft", "deleted"]
THREAD_TYPES = [
    "customer",
    "reply",
    "message",
    "note",
    "lineitem",
    "chat",
    "phone",
    "beaconchat",
    "forwardparent",
    "forwardchild",
]
THREAD_STATES = [
    None,
    None,
    None,
    None,
    "published",
    "Published",
    "draft",
    "hidden",
    "review",
    "underreview",
]
THREAD_STATUSES = [
    None,
    None,
    None,
    "nochange",
    "NoChange",
    "active",
    "Active",
    "pending",
    "closed",
    "Closed",
    "closed",
    "spam",
]
RATING_WORDS = [
    "great",
    "Great",
    "1",
    "okay",
    "ok",
    "OK",
    "2",
    "not_good",
    "not-good",
    "not good",
    "Not Good",
    "bad",
    "3",
    "unknown",
]


@lru_cache(maxsize=4096)
def _sampled(values):
    return st.sampled_from(values)


def pick(draw, values):
    """One of ``values`` (strategies are cached: building them is the slow part)."""
    return draw(_sampled(tuple(values)))


def to_iso(seconds, style=0):
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if style == 1:
        return text + ".5Z"
    if style == 2:
        return text + ".999999Z"
    return text + "Z"


def epoch(day):
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def instant(draw, pool):
    """An instant from the example's pool (many ties), as a raw ISO string."""
    return to_iso(pick(draw, pool), pick(draw, (0, 0, 0, 0, 1, 2)))


def maybe_instant(draw, pool):
    return instant(draw, pool) if pick(draw, (True, False)) else None


def time_pool(draw, base):
    start = epoch(base)
    size = pick(draw, range(2, 9))
    pool = set()
    for _ in range(size):
        hour = draw(_HOURS)
        pool.add(start + hour * 3600 + pick(draw, (0, 0, 0, 1800, 1, 59, -1)))
    return sorted(pool)


_HOURS = st.integers(0, WINDOW_DAYS * 24)


def frame(columns, records, dtypes):
    """A DataFrame with the given columns; ``dtypes`` maps a column to an explicit dtype."""
    data = {}
    for column in columns:
        values = [r.get(column) for r in records]
        dtype = dtypes.get(column)
        if dtype is not None:
            data[column] = pd.Series(values, dtype=dtype)
        elif records:
            data[column] = pd.Series(values)
        else:
            data[column] = pd.Series([], dtype=object)
    return pd.DataFrame(data, columns=columns)


def conversation_record(draw, cid, pool, family=False):
    creator_type = pick(draw, ("user", "User", "customer", "customer", None))
    if creator_type is None:
        creator = None
    elif creator_type.lower() == "user":
        creator = pick(draw, USER_IDS)
    else:
        creator = pick(draw, CUSTOMER_IDS)
    record = {
        "id": cid,
        "type": pick(draw, CONV_TYPES),
        "status": pick(draw, CONV_STATUSES),
        "state": pick(draw, CONV_STATES),
        "mailbox_id": pick(draw, MAILBOX_IDS),
        "folder_id": pick(draw, [None] + FOLDER_IDS),
        "created_at": instant(draw, pool),
        "created_by_type": creator_type,
        "created_by_id": creator,
        "customer_id": pick(draw, [None] + CUSTOMER_IDS),
        "closed_at": maybe_instant(draw, pool),
        "closed_by": pick(draw, [None, None, 0] + USER_IDS),
        "number": cid + 1000,
        "assignee_id": pick(draw, [None] + USER_IDS),
    }
    if family:
        record.update(
            {
                # ties (1001) and nulls exercise the sort order's tie-break and nulls last
                "number": pick(draw, (cid + 1000, cid + 1000, 1001, None)),
                "assignee_id": pick(draw, [None, 0, 5, 9] + USER_IDS),
                "subject": pick(draw, SUBJECTS),
                "preview": pick(draw, PREVIEWS),
                "modified_at": maybe_instant(draw, pool),
                "has_attachments": pick(draw, (None, True, False)),
            }
        )
    return record


SUBJECTS = (None, "", "Refund please", "Où est ma commande ?")
PREVIEWS = (None, "", "Hello, I was charged twice", "Merci !")


THREAD_KINDS = ["reply"] * 4 + ["customer"] * 3 + ["note"] * 2 + ["any"] * 2


def thread_record(draw, tid, cid, pool, family=False):
    kind = pick(draw, THREAD_KINDS)
    if kind == "reply":
        ttype = pick(draw, ("reply", "Reply", "message", "MESSAGE", "chat", "phone"))
        by_type = pick(draw, ("user", "User", "USER"))
    elif kind == "customer":
        ttype = pick(draw, ("customer", "Customer", "chat", "phone", "beaconchat"))
        by_type = pick(draw, ("customer", "Customer", "CUSTOMER"))
    elif kind == "note":
        ttype = pick(draw, ("note", "lineitem", "forwardparent", "forwardchild"))
        by_type = "user"
    else:
        ttype = pick(draw, THREAD_TYPES)
        by_type = pick(draw, ("user", "customer", "other", None))
    if by_type is None:
        author = None
    elif by_type.lower() == "user":
        author = pick(draw, USER_IDS + USER_IDS + [None])
    elif by_type.lower() == "customer":
        author = pick(draw, CUSTOMER_IDS)
    else:
        author = pick(draw, OTHER_IDS + [None])
    return {
        "id": tid,
        "conversation_id": cid,
        "type": ttype,
        "state": pick(draw, THREAD_STATES),
        "status": pick(draw, THREAD_STATUSES),
        "action_type": None,
        "created_at": instant(draw, pool),
        "created_by_type": by_type,
        "created_by_id": author,
        "customer_id": pick(draw, [None] + CUSTOMER_IDS),
        "handle_seconds": draw(_FRACTIONAL_HANDLE if family else _HANDLE),
    }


_HANDLE = st.one_of(st.none(), st.integers(0, 900))
# whole seconds, hundredths (512.31) and microseconds (0.000001) as floats
_FRACTIONAL_HANDLE = st.one_of(
    st.none(),
    st.integers(0, 900).map(float),
    st.integers(0, 90000).map(lambda n: n / 100),
    st.integers(0, 900_000_000).map(lambda n: n / 1_000_000),
)


def subset(draw, values, max_size):
    """A random subset (as a sorted list) of ``values`` with at most ``max_size`` items."""
    chosen = [v for v in values if pick(draw, (True, False, False))]
    return sorted(chosen)[:max_size]


CONVERSATION_COLUMNS = [
    "id",
    "type",
    "status",
    "state",
    "mailbox_id",
    "folder_id",
    "created_at",
    "created_by_type",
    "created_by_id",
    "customer_id",
    "closed_at",
    "closed_by",
    "number",
    "assignee_id",
]
CONVERSATION_OPTIONAL = [
    "state",
    "folder_id",
    "customer_id",
    "closed_at",
    "closed_by",
    "number",
    "assignee_id",
    "created_by_type",
    "created_by_id",
]
THREAD_COLUMNS = [
    "id",
    "conversation_id",
    "type",
    "state",
    "status",
    "action_type",
    "created_at",
    "created_by_type",
    "created_by_id",
    "customer_id",
    "handle_seconds",
]
THREAD_OPTIONAL = ["state", "status", "action_type", "customer_id", "handle_seconds"]
INT64 = {
    "id": "int64",
    "conversation_id": "int64",
    "mailbox_id": "int64",
    "folder_id": "Int64",
    "created_by_id": "Int64",
    "customer_id": "Int64",
    "closed_by": "Int64",
    "number": "Int64",
    "assignee_id": "Int64",
    "handle_seconds": "Int64",
    "thread_id": "Int64",
    "user_id": "Int64",
    "tag_id": "int64",
    "team_id": "int64",
}


def datasets(draw, base, family=False):
    """A dict of raw tables around ``base`` and the pool of instants it uses.

    With ``family``, also the columns and tables of the report family (docs/data.md › Tables,
    docs/family.md).
    """
    pool = time_pool(draw, base)
    if family and pick(draw, (True, False, False)):
        pool = wide_pool(draw, base)

    # conversations (with occasional re-emitted duplicates: the last row wins)
    n_conv = pick(draw, range(13))
    conversations = [
        conversation_record(draw, cid, pool, family) for cid in range(1, n_conv + 1)
    ]
    if conversations:
        for _ in range(pick(draw, (0, 0, 0, 1, 2))):
            cid = pick(draw, range(1, n_conv + 1))
            conversations.append(conversation_record(draw, cid, pool, family))
    conv_ids = list(range(1, n_conv + 1))

    # threads; times are drawn independently of ids, so the (created_at, id) order matters
    threads = []
    for cid in conv_ids:
        for _ in range(pick(draw, range(9))):
            threads.append(thread_record(draw, len(threads) + 1, cid, pool, family))
    if threads and pick(draw, (True, False)):
        for _ in range(pick(draw, (1, 2, 3))):  # re-emitted thread ids, sometimes orphaned
            tid = pick(draw, range(1, len(threads) + 1))
            cid = pick(draw, conv_ids + [MISSING_CONVERSATION])
            threads.append(thread_record(draw, tid, cid, pool, family))
    if pick(draw, (True, False, False, False)):
        threads.append(thread_record(draw, 99999, MISSING_CONVERSATION, pool, family))
    if threads and pick(draw, (True, False)):
        threads = draw(st.permutations(threads))  # row order must not matter (except duplicates)

    tables = {}
    columns = CONVERSATION_COLUMNS + (FAMILY_CONVERSATION_COLUMNS if family else [])
    optional = CONVERSATION_OPTIONAL + (FAMILY_CONVERSATION_COLUMNS if family else [])
    drop = subset(draw, optional, pick(draw, (0, 0, 0, 1, 2)))
    tables["conversations"] = frame(
        [c for c in columns if c not in drop], conversations, FAMILY_DTYPES if family else INT64
    )
    drop = subset(draw, THREAD_OPTIONAL, pick(draw, (0, 0, 0, 1, 2)))
    tables["threads"] = frame(
        [c for c in THREAD_COLUMNS if c not in drop], threads, FAMILY_DTYPES if family else INT64
    )

    # tags (the tags table may lack a used tag, or be absent)
    tags = [
        {"id": tag, "name": pick(draw, ("vip", "bug", None))}
        for tag in TAG_IDS[: pick(draw, range(4))]
    ]
    if tags and pick(draw, (True, False, False, False)):
        tags.append({"id": tags[0]["id"], "name": "renamed"})
    with_tags_table = pick(draw, (True, False))
    if with_tags_table and not TAGS_OUTSIDE_TABLE:
        usable = sorted({t["id"] for t in tags})
    else:
        usable = TAG_IDS
    conversation_tags = []
    for cid in conv_ids:
        for tag in subset(draw, usable, 2):
            conversation_tags.append({"conversation_id": cid, "tag_id": tag})
    if family:
        for tag in tags:
            tag["color"] = pick(draw, (None, "red", "blue"))
    if with_tags_table:
        with_color = family and pick(draw, (True, True, False))
        tables["tags"] = frame(["id", "name"] + (["color"] if with_color else []), tags, INT64)
    if pick(draw, (True, True, True, True, False)):
        tables["conversation_tags"] = frame(["conversation_id", "tag_id"], conversation_tags, INT64)

    # ratings
    if pick(draw, (True, True, True, True, False)):
        ratings = []
        as_ints = pick(draw, (True, False, False, False))
        for rid in range(1, pick(draw, range(7)) + 1):
            cid = pick(draw, conv_ids + [MISSING_CONVERSATION])
            thread_ids = [t["id"] for t in threads if t["conversation_id"] == cid]
            ratings.append(
                {
                    "id": pick(draw, (rid, rid, rid, rid, 1)),
                    "conversation_id": cid,
                    "thread_id": pick(draw, [None, 88888] + thread_ids + thread_ids),
                    "user_id": pick(draw, [None, None] + USER_IDS),
                    "customer_id": pick(draw, CUSTOMER_IDS),
                    "rating": pick(draw, (1, 2, 3, 4)) if as_ints else pick(draw, RATING_WORDS),
                    "created_at": instant(draw, pool),
                }
            )
            if family:
                ratings[-1]["customer_id"] = pick(draw, [None] + CUSTOMER_IDS + [109])
                ratings[-1]["comments"] = pick(draw, (None, "", "Thanks!", "Too slow"))
        columns = [
            "id",
            "conversation_id",
            "thread_id",
            "user_id",
            "customer_id",
            "rating",
            "created_at",
        ]
        if family and pick(draw, (True, True, True, False)):
            columns.append("comments")
        drop = subset(draw, ["customer_id", "thread_id"], pick(draw, (0, 0, 1)))
        dtypes = dict(INT64, rating="int64") if as_ints else INT64
        tables["ratings"] = frame([c for c in columns if c not in drop], ratings, dtypes)

    # users (not every author has a row; user 5 authors nothing)
    if pick(draw, (True, True, True, True, True, False)):
        users = []
        for uid in subset(draw, USER_IDS + [5], 5):
            users.append(
                {
                    "id": uid,
                    "first_name": pick(draw, (None, "", "Ann", "Bob")),
                    "last_name": pick(draw, (None, "", "Lee")),
                    "email": f"u{uid}@example.com",
                    "created_at": pick(
                        draw, (None, "2010-09-03T15:55:48Z", "2012-01-01T00:00:00.75Z")
                    ),
                    "photo_url": pick(draw, (None, "http://example.com/pic.jpg")),
                }
            )
        if users and pick(draw, (True, False, False, False)):
            users.append(dict(users[0], first_name="Zed"))
        columns = ["id", "first_name", "last_name", "email", "created_at", "photo_url"]
        drop = subset(draw, columns[1:], pick(draw, (0, 0, 0, 1)))
        tables["users"] = frame([c for c in columns if c not in drop], users, INT64)

    # teams with overlapping membership
    n_teams = pick(draw, (0, 1, 2))
    if n_teams:
        teams = [
            {
                "id": TEAM_IDS[i],
                "name": pick(draw, ("Support", "Billing", None)),
                "created_at": pick(draw, (None, "2011-05-05T05:05:05.5Z")),
                "photo_url": pick(draw, (None, "http://example.com/team.png")),
            }
            for i in range(n_teams)
        ]
        members = []
        for team in teams:
            for uid in subset(draw, USER_IDS + [5], 4):
                members.append({"team_id": team["id"], "user_id": uid})
            if members and pick(draw, (True, False, False)):
                members.append(dict(members[-1]))  # a repeated membership row
        tables["teams"] = frame(["id", "name", "created_at", "photo_url"], teams, INT64)
        tables["team_members"] = frame(["team_id", "user_id"], members, INT64)

    # customers (docs/data.md › Tables): some absent, some without names or email, re-emitted rows
    if family and pick(draw, (True, True, True, False)):
        customers = []
        for cid in subset(draw, CUSTOMER_IDS + [CUSTOMER_IDS[0]] * 2, 6):
            customers.append(
                {
                    "id": cid,
                    "first_name": pick(draw, (None, "", "Cat", "Dee")),
                    "last_name": pick(draw, (None, "", "Ng")),
                    "email": pick(draw, (None, "", f"c{cid}@example.com")),
                }
            )
        columns = ["id", "first_name", "last_name", "email"]
        drop = subset(draw, columns[1:], pick(draw, (0, 0, 0, 1)))
        tables["customers"] = frame([c for c in columns if c not in drop], customers, INT64)
    return tables, pool


WIDE_DAYS = 430  # more than a year: month buckets, the default viewBy, Feb 29 2016


def wide_pool(draw, base):
    """Instants spread over ``WIDE_DAYS`` from ``base``, some on the last days of months."""
    start = epoch(base)
    pool = set()
    for _ in range(pick(draw, range(2, 12))):
        if pick(draw, (True, False)):
            day = epoch(pick(draw, MONTH_ENDS))
        else:
            day = start + draw(_WIDE_DAYS) * 86400
        pool.add(day + pick(draw, (0, 1, 3600 * 10, 86399)))
    return sorted(pool)


_WIDE_DAYS = st.integers(0, WIDE_DAYS)
MONTH_ENDS = [
    date(2015, 1, 31),
    date(2015, 2, 28),
    date(2015, 3, 31),
    date(2015, 4, 30),
    date(2015, 10, 31),
    date(2015, 11, 30),
    date(2015, 12, 31),
    date(2016, 1, 29),
    date(2016, 1, 31),
    date(2016, 2, 29),
    date(2016, 3, 31),
    date(2016, 4, 30),
]
FAMILY_CONVERSATION_COLUMNS = ["subject", "preview", "modified_at", "has_attachments"]
# fractional handle_seconds are floats (NaN for null); has_attachments nullable booleans
FAMILY_DTYPES = dict(INT64, handle_seconds="float64", has_attachments="boolean")


def office_config(draw, base):
    schedule = {}
    for day in WEEKDAYS:
        if pick(draw, (True, False, False, False, False)):
            continue  # closed day
        intervals = []
        for _ in range(pick(draw, (1, 1, 2))):
            opening = pick(draw, CLOCK_TIMES)
            closing = pick(draw, CLOCK_TIMES + ["24:00", "24:00"])
            intervals.append([opening, closing])
        schedule[pick(draw, (day, day, day.capitalize()))] = intervals
    holidays = [
        (base + timedelta(days=offset)).isoformat()
        for offset in subset(draw, range(-1, WINDOW_DAYS + 2), pick(draw, (0, 0, 1, 2)))
    ]
    return {
        "enabled": pick(draw, (True, True, True, False)),
        "timezone": pick(draw, ZONES),
        "schedule": schedule,
        "holidays": holidays,
    }


def request_instant(draw, seconds):
    style = pick(draw, ("z", "z", "z", "frac", "offset"))
    if style == "offset":
        shift = timedelta(hours=5, minutes=30)
        moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds) + shift
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + "+05:30"
    return to_iso(seconds, 1 if style == "frac" else 0)


def request_range(draw, pool, base):
    """(start, end): often the whole window, else boundaries on or next to event times."""
    window = epoch(base)
    candidates = sorted(
        set(pool)
        | {t + 1 for t in pool}
        | {t - 1 for t in pool}
        | {window - 3 * 86400, window, window + (WINDOW_DAYS + 1) * 86400}
    )
    shape = pick(draw, (0, 0, 0, 1, 1, 2, 3, 4))
    if shape <= 1:  # the whole window, or from its start / to its end
        a, b = candidates[0], candidates[-1]
        if shape == 1:
            if pick(draw, (True, False)):
                a = pick(draw, candidates)
            else:
                b = pick(draw, candidates)
    else:
        a = pick(draw, candidates)
        b = a if shape == 2 else pick(draw, candidates)
    a, b = min(a, b), max(a, b)
    return request_instant(draw, a), request_instant(draw, b)


def filter_values(draw, existing):
    """A non-empty list of ids, sometimes ones that occur nowhere."""
    values = subset(draw, existing + [77, 7777], 3)
    return values or [pick(draw, existing)]


@st.composite
def scenarios(draw):
    """(tables, office_hours config or None, user_report keyword arguments).

    ``user`` is always a known id (docs/data.md › Requests): a user row, a team, or a thread author.
    """
    base = pick(draw, BASES)
    tables, pool = datasets(draw, base)
    office = office_config(draw, base) if pick(draw, (True, False)) else None
    if office is not None and base in TRANSITION_ZONE and pick(draw, (True, False)):
        office["timezone"] = TRANSITION_ZONE[base]
    plain = Reference(tables, None)
    known = sorted(plain.known_ids())
    if not known:
        tables["users"] = frame(["id", "first_name"], [{"id": 1, "first_name": "Solo"}], INT64)
        known = [1]
    repliers = sorted(
        {who for facts in plain.facts.values() for _when, who, _h in facts["replies"]} & set(known)
    )
    if repliers and pick(draw, (True, True, False)):
        user = pick(draw, repliers)
    else:
        user = pick(draw, known)
    start, end = request_range(draw, pool, base)
    request = {"user": user, "start": start, "end": end}
    if pick(draw, (True, False)):
        request["previous_start"], request["previous_end"] = request_range(draw, pool, base)
    # usually no filter, sometimes one, now and then several
    active = subset(
        draw, ["mailboxes", "tags", "types", "folders"], pick(draw, (0, 0, 0, 1, 1, 2, 4))
    )
    request["mailboxes"] = filter_values(draw, MAILBOX_IDS) if "mailboxes" in active else None
    request["tags"] = filter_values(draw, TAG_IDS) if "tags" in active else None
    request["types"] = (
        subset(draw, ["chat", "email", "phone"], 3) or ["email"] if "types" in active else None
    )
    request["folders"] = filter_values(draw, FOLDER_IDS) if "folders" in active else None
    request["office_hours"] = pick(draw, (True, False))
    return tables, office, request


@st.composite
def office_scenarios(draw):
    """Office-hours arithmetic in isolation: 1-2 conversations, each with one wait.

    A customer message at ``a``, a reply by user 1 at ``b >= a``, the conversation
    closed at ``c``; instants anywhere (to the second) within a window around a DST
    transition, an enabled office config, ``officeHours`` on.  responseTime and
    resolutionTime then expose the office seconds of each interval.
    """
    base = pick(draw, BASES)
    window = epoch(base)
    seconds = st.integers(window - 86400, window + (WINDOW_DAYS + 1) * 86400)

    def moment():
        t = draw(seconds)
        return t - t % pick(draw, (1, 900, 1800, 3600))

    conversations, threads = [], []
    for cid in range(1, pick(draw, (1, 1, 2)) + 1):
        a, b, c = sorted(moment() for _ in range(3))
        if pick(draw, (True, False)):
            b, c = c, b  # closed before the reply: the reply does not resolve
        conversations.append(
            {
                "id": cid,
                "type": "email",
                "status": "closed",
                "mailbox_id": 10,
                "created_at": to_iso(a),
                "created_by_type": "customer",
                "created_by_id": 100,
                "customer_id": 100,
                "closed_at": to_iso(c),
                "closed_by": None,
            }
        )
        threads.append(
            {
                "id": 2 * cid - 1,
                "conversation_id": cid,
                "type": "customer",
                "created_at": to_iso(a),
                "created_by_type": "customer",
                "created_by_id": 100,
            }
        )
        threads.append(
            {
                "id": 2 * cid,
                "conversation_id": cid,
                "type": "reply",
                "created_at": to_iso(b),
                "created_by_type": "user",
                "created_by_id": 1,
            }
        )
    tables = {
        "conversations": frame(
            [
                "id",
                "type",
                "status",
                "mailbox_id",
                "created_at",
                "created_by_type",
                "created_by_id",
                "customer_id",
                "closed_at",
                "closed_by",
            ],
            conversations,
            INT64,
        ),
        "threads": frame(
            ["id", "conversation_id", "type", "created_at", "created_by_type", "created_by_id"],
            threads,
            INT64,
        ),
    }
    office = dict(office_config(draw, base), enabled=True)
    if base in TRANSITION_ZONE and pick(draw, (True, True, False)):
        office["timezone"] = TRANSITION_ZONE[base]  # schedules across the DST change
    request = {
        "user": 1,
        "start": to_iso(window - 2 * 86400),
        "end": to_iso(window + (WINDOW_DAYS + 2) * 86400),
        "office_hours": True,
    }
    return tables, office, request


# ------------------------------------------------------------- the family (docs/family.md)

VIEWS = [None, None, "day", "week", "month", "Day", "WEEK", "Month"]
RATING_REQUESTS = [
    "all",
    "ALL",
    "great",
    "Great",
    "okay",
    "ok",
    "OK",
    "not_good",
    "not-good",
    "Not-Good",
    "0",
    "1",
    "2",
    "3",
    0,
    1,
    2,
    3,
]
RATINGS_SORT_FIELDS = ["modifiedAt", "modifiedat", "MODIFIEDAT", "number", "Number", "rating"]
HISTORY_SORT_FIELDS = [
    "number",
    "NUMBER",
    "repliesSent",
    "repliessent",
    "responseTime",
    "RESPONSETIME",
    "resolveTime",
    "resolvetime",
]
SORT_ORDERS = ["asc", "desc", "ASC", "Desc"]
STATUSES = [None, None, "active", "Active", "pending", "closed", "CLOSED"]


def family_instant(draw, seconds):
    """A request instant; now and then a date alone (its whole day, docs/data.md › Requests)."""
    if pick(draw, (True, False, False, False)):
        return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)).date().isoformat()
    return request_instant(draw, seconds)


def family_range(draw, pool, base):
    """(start, end) on or next to event times, the window's edges, or a year and more."""
    window = epoch(base)
    candidates = sorted(
        set(pool)
        | {t + 1 for t in pool}
        | {t - 1 for t in pool}
        | {
            window - 3 * 86400,
            window,
            window + (WINDOW_DAYS + 1) * 86400,
            window + 365 * 86400,  # end - start = 365 days: still weeks
            window + 365 * 86400 + 1,  # one second more: months
            window + (WIDE_DAYS + 1) * 86400,
        }
    )
    shape = pick(draw, (0, 0, 1, 1, 2, 3, 4, 5))
    if shape <= 1:  # the whole span, or from its start / to its end
        a, b = candidates[0], candidates[-1]
        if shape == 1:
            if pick(draw, (True, False)):
                a = pick(draw, candidates)
            else:
                b = pick(draw, candidates)
    elif shape == 5:  # from the window or a month end, exactly 365 days or one second more
        a = pick(draw, [window] + [epoch(d) + 36000 for d in MONTH_ENDS])
        b = a + 365 * 86400 + pick(draw, (0, 1, -1))
    else:
        a = pick(draw, candidates)
        b = a if shape == 2 else pick(draw, candidates)
    a, b = min(a, b), max(a, b)
    return family_instant(draw, a), family_instant(draw, b)


@st.composite
def family_scenarios(draw):
    """(tables, office_hours config or None, request, family) for the family (docs/family.md).

    ``request`` holds what every member takes: user, start, end, maybe previous_start /
    previous_end, and the four filters (None when not given). ``family`` holds each
    member's own parameters: view_by, rating, ratings_sort_field, ratings_sort_order,
    status, office_hours, history_sort_field, history_sort_order, page, rows.
    """
    base = pick(draw, BASES)
    tables, pool = datasets(draw, base, family=True)
    office = office_config(draw, base) if pick(draw, (True, False)) else None
    if office is not None and base in TRANSITION_ZONE and pick(draw, (True, False)):
        office["timezone"] = TRANSITION_ZONE[base]
    plain = Reference(tables, None)
    known = sorted(plain.known_ids())
    if not known:
        tables["users"] = frame(["id", "first_name"], [{"id": 1, "first_name": "Solo"}], INT64)
        known = [1]
    repliers = sorted(
        {who for facts in plain.facts.values() for _when, who, _h in facts["replies"]} & set(known)
    )
    if repliers and pick(draw, (True, True, False)):
        user = pick(draw, repliers)
    else:
        user = pick(draw, known)
    start, end = family_range(draw, pool, base)
    request = {"user": user, "start": start, "end": end}
    if pick(draw, (True, False)):
        request["previous_start"], request["previous_end"] = family_range(draw, pool, base)
    active = subset(
        draw, ["mailboxes", "tags", "types", "folders"], pick(draw, (0, 0, 0, 1, 1, 2, 4))
    )
    request["mailboxes"] = filter_values(draw, MAILBOX_IDS) if "mailboxes" in active else None
    request["tags"] = filter_values(draw, TAG_IDS) if "tags" in active else None
    request["types"] = (
        subset(draw, ["chat", "email", "phone"], 3) or ["email"] if "types" in active else None
    )
    request["folders"] = filter_values(draw, FOLDER_IDS) if "folders" in active else None
    family = {
        "view_by": pick(draw, VIEWS),
        "rating": pick(draw, RATING_REQUESTS),
        "ratings_sort_field": pick(draw, RATINGS_SORT_FIELDS),
        "ratings_sort_order": pick(draw, SORT_ORDERS),
        "status": pick(draw, STATUSES),
        "office_hours": pick(draw, (True, False)),
        "history_sort_field": pick(draw, HISTORY_SORT_FIELDS),
        "history_sort_order": pick(draw, SORT_ORDERS),
        "page": pick(draw, (1, 1, 1, 2, 3, 5)),
        "rows": pick(draw, (None, None, 1, 2, 3, 5)),
    }
    return tables, office, request, family
