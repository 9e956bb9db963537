"""The engine against an independent, loop-based reading of docs/data.md and
docs/metrics.md.

``tests/reference.py`` is written from those docs alone; ``tests/strategies.py`` builds
small random raw datasets and requests.  The property test demands that every field
of the engine's document equals the reference's: same keys in the same order, same
JSON types, floats bit for bit.  The first tests check the reference itself on tiny
examples worked out by hand.
"""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from hypothesis import HealthCheck, given, note, settings

try:  # tests/ as a package or as a plain directory on sys.path
    from .reference import (
        OfficeHours,
        Reference,
        deltas,
        local_wall_to_utc,
        parse_instant,
        to_microseconds,
    )
    from .strategies import INT64, frame, office_scenarios, scenarios
except ImportError:
    from reference import (
        OfficeHours,
        Reference,
        deltas,
        local_wall_to_utc,
        parse_instant,
        to_microseconds,
    )
    from strategies import INT64, frame, office_scenarios, scenarios

# Help Scout's documented example response (docs/metrics.md › Deltas).
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "doc-user-report.json"

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
]
THREAD_COLUMNS = [
    "id",
    "conversation_id",
    "type",
    "state",
    "status",
    "created_at",
    "created_by_type",
    "created_by_id",
    "handle_seconds",
]


def conv(
    cid,
    created_at,
    status="active",
    *,
    by_type="customer",
    by=100,
    customer=100,
    closed_at=None,
    closed_by=None,
    type="email",
    mailbox=10,
):
    return {
        "id": cid,
        "type": type,
        "status": status,
        "state": None,
        "mailbox_id": mailbox,
        "folder_id": None,
        "created_at": created_at,
        "created_by_type": by_type,
        "created_by_id": by,
        "customer_id": customer,
        "closed_at": closed_at,
        "closed_by": closed_by,
    }


def thread(tid, cid, created_at, type, by_type, by, *, status=None, state=None, handle=None):
    return {
        "id": tid,
        "conversation_id": cid,
        "type": type,
        "state": state,
        "status": status,
        "created_at": created_at,
        "created_by_type": by_type,
        "created_by_id": by,
        "handle_seconds": handle,
    }


def make_tables(conversations, threads, **extra):
    tables = {
        "conversations": frame(CONVERSATION_COLUMNS, conversations, INT64),
        "threads": frame(THREAD_COLUMNS, threads, INT64),
    }
    for name, (columns, records) in extra.items():
        tables[name] = frame(columns, records, INT64)
    return tables


JAN = {"start": "2015-01-01T00:00:00Z", "end": "2015-01-31T23:59:59Z"}


# --------------------------------------------------------------------------- the reference


def test_reference_response_waits():
    # customer 10:00 starts the wait, customer 10:30 does not restart it,
    # user 1 replies 11:00 -> response of 3600 s; user 2 replies 11:30 with nothing
    # waiting -> not a response; customer 12:00, user 1 12:00:30 -> response of 30 s.
    # user 1: responseTime = int((3600 + 30) / 2) = 1815, totalReplies = 2.
    tables = make_tables(
        [conv(1, "2015-01-05T10:00:00Z")],
        [
            thread(1, 1, "2015-01-05T10:00:00Z", "customer", "customer", 100),
            thread(2, 1, "2015-01-05T10:30:00Z", "customer", "customer", 100),
            thread(3, 1, "2015-01-05T11:00:00Z", "reply", "user", 1),
            thread(4, 1, "2015-01-05T11:30:00Z", "message", "user", 2),
            thread(5, 1, "2015-01-05T12:00:00Z", "customer", "customer", 100),
            thread(6, 1, "2015-01-05T12:00:30.900Z", "reply", "user", 1),
        ],
    )
    ref = Reference(tables)
    one = ref.user_report(user=1, **JAN)["current"]
    assert one["responseTime"] == 1815
    assert one["totalReplies"] == 2
    assert one["repliesPerDay"] == 2 / 30
    two = ref.user_report(user=2, **JAN)["current"]
    assert two["responseTime"] == 0
    assert two["totalReplies"] == 1
    assert two["customersHelped"] == 1


def test_reference_resolution_after_two_replies():
    # created 09:00 by a customer, closed_at 12:00, closed_by null.  User replies at
    # 10:00 (user 1), 11:00 (user 2) and 13:00 (user 1, after the close).
    # replies_to_resolve = 2 (10:00, 11:00); resolver = author of the last reply at or
    # before 12:00 = user 2; resolution_time = 12:00 - 09:00 = 10800 s.
    tables = make_tables(
        [conv(1, "2015-01-05T09:00:00Z", "closed", closed_at="2015-01-05T12:00:00Z")],
        [
            thread(1, 1, "2015-01-05T09:00:00Z", "customer", "customer", 100),
            thread(2, 1, "2015-01-05T10:00:00Z", "reply", "user", 1, handle=60),
            thread(3, 1, "2015-01-05T11:00:00Z", "reply", "user", 2, handle=30),
            thread(4, 1, "2015-01-05T13:00:00Z", "reply", "user", 1),
        ],
    )
    ref = Reference(tables)
    two = ref.user_report(user=2, **JAN)["current"]
    assert two["resolved"] == 1
    assert two["repliesToResolve"] == 2.0
    assert two["resolvedOnFirstReply"] == 0
    assert two["percentResolvedOnFirstReply"] == 0.0
    assert two["resolutionTime"] == 10800.0
    assert two["closed"] == 0  # closed_by is null: nobody closed it
    one = ref.user_report(user=1, **JAN)["current"]
    assert one["resolved"] == 0
    assert one["handleTime"] == 60.0  # the 13:00 reply has no handle_seconds
    # closed_by set: the resolver is closed_by, whoever replied last
    tables["conversations"].loc[0, "closed_by"] = 1
    ref = Reference(tables)
    assert ref.user_report(user=1, **JAN)["current"]["resolved"] == 1
    assert ref.user_report(user=1, **JAN)["current"]["closed"] == 1
    assert ref.user_report(user=2, **JAN)["current"]["resolved"] == 0


def test_reference_reopened_conversation():
    # statuses: closed by user 1 at 10:00, active by the customer at 11:00, closed by
    # user 2 at 12:00 -> two close events (a).  closed_at is null, so resolved_at is
    # the last (a) close, 12:00; replies at or before it: 09:30 (user 1) -> 1 reply,
    # resolver user 1, resolution_time 12:00 - 09:00 = 10800 s.
    tables = make_tables(
        [conv(1, "2015-01-05T09:00:00Z", "CLOSED")],
        [
            thread(1, 1, "2015-01-05T09:00:00Z", "customer", "customer", 100),
            thread(2, 1, "2015-01-05T09:30:00Z", "reply", "user", 1),
            thread(3, 1, "2015-01-05T10:00:00Z", "note", "user", 1, status="Closed"),
            thread(4, 1, "2015-01-05T11:00:00Z", "customer", "customer", 100, status="active"),
            thread(5, 1, "2015-01-05T11:30:00Z", "note", "user", 2, status="nochange"),
            thread(6, 1, "2015-01-05T12:00:00Z", "lineitem", "user", 2, status="closed"),
        ],
    )
    ref = Reference(tables)
    one = ref.user_report(user=1, **JAN)["current"]
    two = ref.user_report(user=2, **JAN)["current"]
    assert (one["closed"], two["closed"]) == (1, 1)
    assert (one["resolved"], two["resolved"]) == (1, 0)
    assert one["resolvedOnFirstReply"] == 1 and one["percentResolvedOnFirstReply"] == 1.0
    assert one["resolutionTime"] == 10800.0
    assert two["totalConversations"] == 1 and two["totalReplies"] == 0


def test_reference_team_counts_a_conversation_once():
    # team 50 = users 1 and 2; both reply in conversation 1 (customer 100) and user 1
    # also in conversation 2 (customer 100 again) -> totalConversations 2 (not 3),
    # customersHelped 1, totalReplies 3.  Ratings: great (user 1), bad (user 2),
    # "ok" via thread author (user 2), "unknown" ignored -> n = 3,
    # happiness = 1/3*100 - 1/3*100 = 0.0.
    tables = make_tables(
        [conv(1, "2015-01-05T09:00:00Z"), conv(2, "2015-01-06T09:00:00Z")],
        [
            thread(1, 1, "2015-01-05T09:00:00Z", "customer", "customer", 100),
            thread(2, 1, "2015-01-05T10:00:00Z", "reply", "user", 1),
            thread(3, 1, "2015-01-05T11:00:00Z", "reply", "user", 2),
            thread(4, 2, "2015-01-06T10:00:00Z", "reply", "user", 1),
        ],
        teams=(["id", "name"], [{"id": 50, "name": "Support"}]),
        team_members=(
            ["team_id", "user_id"],
            [{"team_id": 50, "user_id": 1}, {"team_id": 50, "user_id": 2}],
        ),
        ratings=(
            ["id", "conversation_id", "thread_id", "user_id", "rating", "created_at"],
            [
                {
                    "id": 1,
                    "conversation_id": 1,
                    "thread_id": None,
                    "user_id": 1,
                    "rating": "Great",
                    "created_at": "2015-01-05T12:00:00Z",
                },
                {
                    "id": 2,
                    "conversation_id": 1,
                    "thread_id": None,
                    "user_id": 2,
                    "rating": "bad",
                    "created_at": "2015-01-05T12:00:00Z",
                },
                {
                    "id": 3,
                    "conversation_id": 1,
                    "thread_id": 3,
                    "user_id": None,
                    "rating": "ok",
                    "created_at": "2015-01-05T12:00:00Z",
                },
                {
                    "id": 4,
                    "conversation_id": 2,
                    "thread_id": 4,
                    "user_id": None,
                    "rating": "unknown",
                    "created_at": "2015-01-06T12:00:00Z",
                },
            ],
        ),
    )
    ref = Reference(tables)
    doc = ref.user_report(user=50, **JAN)
    team = doc["current"]
    assert (team["totalConversations"], team["customersHelped"], team["totalReplies"]) == (2, 1, 3)
    assert team["happinessScore"] == 0.0
    assert doc["user"] == {
        "id": 50,
        "hasPhoto": False,
        "createdAt": None,
        "name": "Support",
        "totalCustomersHelped": 1,
        "photoUrl": None,
    }
    # user 1 alone: great only -> 1/1*100 - 0/1*100 = 100.0
    assert ref.user_report(user=1, **JAN)["current"]["happinessScore"] == 100.0
    # user 2: bad + ok -> 0/2*100 - 1/2*100 = -50.0
    assert ref.user_report(user=2, **JAN)["current"]["happinessScore"] == -50.0


def test_reference_normalisation():
    # conversation 1 appears twice: the last row (spam) wins, so nothing counts;
    # conversation 2: the thread of missing conversation 9 is dropped, a "MESSAGE"
    # thread is a reply, the duplicate thread id 3 keeps its last row (a hidden reply).
    tables = make_tables(
        [
            conv(1, "2015-01-05T09:00:00Z"),
            conv(2, "2015-01-05T09:00:00Z"),
            conv(1, "2015-01-05T09:00:00Z", "Spam"),
        ],
        [
            thread(1, 1, "2015-01-05T10:00:00Z", "reply", "user", 1),
            thread(2, 2, "2015-01-05T10:00:00Z", "MESSAGE", "USER", 1),
            thread(3, 2, "2015-01-05T11:00:00Z", "reply", "user", 1),
            thread(3, 2, "2015-01-05T11:00:00Z", "reply", "user", 1, state="hidden"),
            thread(4, 9, "2015-01-05T12:00:00Z", "reply", "user", 1),
        ],
    )
    current = Reference(tables).user_report(user=1, **JAN)["current"]
    assert current["totalReplies"] == 1
    assert current["totalConversations"] == 1
    assert parse_instant("2015-01-05T10:00:00.999999Z") == parse_instant("2015-01-05T10:00:00Z")
    assert parse_instant("2015-01-05T15:30:00+05:30") == parse_instant("2015-01-05T10:00:00Z")


def test_reference_range_bounds_and_busiest_day():
    # both ends inclusive; Mon 2015-01-05 .. Sun 2015-01-18 has two of every weekday.
    # pairs: conv 1 on Mon 5th and Mon 12th (2/2 = 1.0); convs 2 and 3 on Tue 6th
    # (2/2 = 1.0) -> tie, the lower weekday wins: Monday = 1.
    tables = make_tables(
        [conv(i, "2015-01-01T00:00:00Z") for i in (1, 2, 3)],
        [
            thread(1, 1, "2015-01-05T00:00:00Z", "note", "user", 1),
            thread(2, 1, "2015-01-12T08:00:00Z", "note", "user", 1),
            thread(3, 2, "2015-01-06T08:00:00Z", "note", "user", 1),
            thread(4, 3, "2015-01-18T23:59:59Z", "note", "user", 1),
            thread(5, 3, "2015-01-06T09:00:00Z", "note", "user", 1),
        ],
    )
    ref = Reference(tables)
    current = ref.user_report(user=1, start="2015-01-05T00:00:00Z", end="2015-01-18T23:59:59Z")[
        "current"
    ]
    # conv 3 also touched on Sunday 18th at the very end of the range: 1/2 = 0.5
    assert current["busiestDay"] == 1
    assert current["totalDays"] == 13  # floor((14 days - 1 s) / 1 day)
    # in Asia/Kolkata (+05:30) the range covers local dates Mon 5th .. Mon 19th (three
    # Mondays) and the 18th 23:59:59Z touch falls on Monday 19th local:
    # Monday = 3 / 3 = 1.0, Tuesday = 2 / 2 = 1.0 -> Monday again.
    office = {"enabled": False, "timezone": "Asia/Kolkata", "schedule": {}, "holidays": []}
    ref = Reference(tables, office)
    assert (
        ref.user_report(user=1, start="2015-01-05T00:00:00Z", end="2015-01-18T23:59:59Z")[
            "current"
        ]["busiestDay"]
        == 1
    )
    # a one-instant range
    point = ref.user_report(user=1, start="2015-01-12T08:00:00Z", end="2015-01-12T08:00:00Z")
    assert point["current"]["totalDays"] == 1 and point["current"]["totalConversations"] == 1


def test_reference_local_times_in_dst_gaps_and_overlaps():
    new_york = ZoneInfo("America/New_York")
    # 2015-03-08 02:30 does not exist in New York: the gap starts at 07:00Z
    assert local_wall_to_utc(date(2015, 3, 8), 2, 30, new_york) == parse_instant(
        "2015-03-08T07:00:00Z"
    )
    # 2015-11-01 01:30 happens twice: the earlier is 01:30 EDT = 05:30Z
    assert local_wall_to_utc(date(2015, 11, 1), 1, 30, new_york) == parse_instant(
        "2015-11-01T05:30:00Z"
    )
    sydney = ZoneInfo("Australia/Sydney")
    # 2015-10-04 02:30 does not exist in Sydney: 02:00 AEST = 16:00Z the day before
    assert local_wall_to_utc(date(2015, 10, 4), 2, 30, sydney) == parse_instant(
        "2015-10-03T16:00:00Z"
    )
    # 2015-04-05 02:30 happens twice: the earlier is AEDT (+11) = 15:30Z on the 4th
    assert local_wall_to_utc(date(2015, 4, 5), 2, 30, sydney) == parse_instant(
        "2015-04-04T15:30:00Z"
    )
    # "24:00" is the next local midnight
    assert local_wall_to_utc(date(2015, 3, 7), 24, 0, new_york) == parse_instant(
        "2015-03-08T05:00:00Z"
    )


def test_reference_office_seconds():
    # New York, Monday and Friday 09-17.  Fri 2015-03-06 16:00 EST (21:00Z) to
    # Mon 2015-03-09 10:00 EDT (14:00Z), across the DST change: 1 h + 1 h = 7200 s.
    hours = OfficeHours(
        {
            "enabled": True,
            "timezone": "America/New_York",
            "schedule": {"monday": [["09:00", "17:00"]], "friday": [["09:00", "17:00"]]},
            "holidays": [],
        }
    )
    a, b = parse_instant("2015-03-06T21:00:00Z"), parse_instant("2015-03-09T14:00:00Z")
    assert hours.office_seconds(a, b) == 7200
    assert hours.office_seconds(b, a) == 0
    # Kolkata: Fri 22:00 -> Sat 06:00 overnight, Sat 00:00 -> 24:00; the union is
    # Fri 22:00 -> Sun 00:00 = 26 h.  Over the whole weekend: 93600 s.
    config = {
        "enabled": True,
        "timezone": "Asia/Kolkata",
        "schedule": {"friday": [["22:00", "06:00"]], "saturday": [["00:00", "24:00"]]},
        "holidays": [],
    }
    a, b = parse_instant("2015-01-09T00:00:00Z"), parse_instant("2015-01-12T00:00:00Z")
    assert OfficeHours(config).office_seconds(a, b) == 93600
    # Saturday a holiday: the Friday shift still runs to Sat 06:00 -> 8 h
    assert OfficeHours(dict(config, holidays=["2015-01-10"])).office_seconds(a, b) == 28800
    # Friday a holiday: Saturday only -> 24 h
    assert OfficeHours(dict(config, holidays=["2015-01-09"])).office_seconds(a, b) == 86400
    # New York spring forward, Sunday 01:00 -> 03:00 is one real hour (06:00Z -> 07:00Z)
    spring = OfficeHours(
        {
            "enabled": True,
            "timezone": "America/New_York",
            "schedule": {"sunday": [["01:00", "03:00"]]},
            "holidays": [],
        }
    )
    day = parse_instant("2015-03-08T00:00:00Z")
    assert spring.office_seconds(day, day + 86400) == 3600


def test_reference_office_hours_in_the_report():
    # the office example above as a response and a resolution: with officeHours both
    # are 7200; without, 2 days 17 h = 234000.
    tables = make_tables(
        [conv(1, "2015-03-06T21:00:00Z", "closed", closed_at="2015-03-09T14:00:00Z")],
        [
            thread(1, 1, "2015-03-06T21:00:00Z", "customer", "customer", 100),
            thread(2, 1, "2015-03-09T14:00:00Z", "reply", "user", 1),
        ],
    )
    office = {
        "enabled": True,
        "timezone": "America/New_York",
        "schedule": {"monday": [["09:00", "17:00"]], "friday": [["09:00", "17:00"]]},
        "holidays": [],
    }
    span = {"start": "2015-03-01T00:00:00Z", "end": "2015-03-31T23:59:59Z"}
    ref = Reference(tables, office)
    on = ref.user_report(user=1, office_hours=True, **span)["current"]
    off = ref.user_report(user=1, office_hours=False, **span)["current"]
    assert (on["responseTime"], on["resolutionTime"]) == (7200, 7200.0)
    assert (off["responseTime"], off["resolutionTime"]) == (234000, 234000.0)
    disabled = Reference(tables, dict(office, enabled=False))
    assert disabled.user_report(user=1, office_hours=True, **span)["current"]["responseTime"] == (
        234000
    )


def test_reference_a_date_alone_is_the_whole_day():
    # start 2015-01-01 = 00:00:00Z, end 2015-01-31 = 23:59:59Z: the replies at the two
    # edges count, those a second outside do not
    tables = make_tables(
        [conv(1, "2014-12-31T00:00:00Z")],
        [
            thread(1, 1, "2014-12-31T23:59:59Z", "reply", "user", 1),
            thread(2, 1, "2015-01-01T00:00:00Z", "reply", "user", 1),
            thread(3, 1, "2015-01-31T23:59:59Z", "reply", "user", 1),
            thread(4, 1, "2015-02-01T00:00:00Z", "reply", "user", 1),
        ],
    )
    current = Reference(tables).user_report(user=1, start="2015-01-01", end="2015-01-31")[
        "current"
    ]
    assert (current["startDate"], current["endDate"]) == (JAN["start"], JAN["end"])
    assert current["totalReplies"] == 2
    assert parse_instant("2015-01-31", end_of_day=True) == parse_instant("2015-01-31T23:59:59Z")
    assert parse_instant(date(2015, 1, 31)) == parse_instant("2015-01-31T00:00:00Z")


def test_reference_handle_seconds_to_the_microsecond():
    # 512.31 s -> 512310000 µs; the mean of 0.1 and 0.2 is (100000 + 200000) / 2 µs =
    # 0.15 s exactly (the float sum would give 0.15000000000000002); 2.0000004 rounds
    # to 2000000 µs
    assert to_microseconds(512.31) == 512_310_000
    assert to_microseconds("0.0000025") == 2  # a tie (2.5 µs, exact in decimal): to even
    assert to_microseconds(7) == 7_000_000
    tables = make_tables(
        [conv(1, "2015-01-05T09:00:00Z")],
        [
            thread(1, 1, "2015-01-05T10:00:00Z", "reply", "user", 1),
            thread(2, 1, "2015-01-05T11:00:00Z", "reply", "user", 1),
            thread(3, 1, "2015-01-05T12:00:00Z", "reply", "user", 2),
            thread(4, 1, "2015-01-05T13:00:00Z", "reply", "user", 3),
        ],
    )
    tables["threads"]["handle_seconds"] = pd.Series([0.1, 0.2, 512.31, 2.0000004])
    ref = Reference(tables)
    assert ref.user_report(user=1, **JAN)["current"]["handleTime"] == 0.15
    assert ref.user_report(user=2, **JAN)["current"]["handleTime"] == 512.31
    assert ref.user_report(user=3, **JAN)["current"]["handleTime"] == 2.0


def test_reference_deltas_reproduce_the_documented_example():
    fixture = json.loads(FIXTURE.read_text())["response"]
    current = fixture["current"]
    previous = dict(fixture["previous"], busiestDay=None)
    assert json.dumps(deltas(current, previous)) == json.dumps(fixture["deltas"])


# --------------------------------------------------------------------------- the engine


def assert_same_document(actual, expected, path="$"):
    """Same keys in the same order, same JSON types, equal values (floats exactly)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: {actual!r} is not an object"
        assert list(actual) == list(expected), f"{path}: keys {list(actual)} != {list(expected)}"
        for key in expected:
            assert_same_document(actual[key], expected[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: {actual!r} is not a list"
        assert len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_same_document(a, e, f"{path}[{i}]")
    else:
        assert type(actual) is type(expected), (
            f"{path}: engine {actual!r} ({type(actual).__name__}) != "
            f"reference {expected!r} ({type(expected).__name__})"
        )
        assert actual == expected, f"{path}: engine {actual!r} != reference {expected!r}"


def describe(tables, office, request):
    """The scenario as plain Python literals, to paste into a bug report."""
    lines = ["tables = {"]
    for name, df in tables.items():
        lines.append(f"  {name!r}: [  # columns {list(df.columns)}")
        for record in df.astype(object).where(df.notna(), None).to_dict("records"):
            lines.append(f"    {record!r},")
        lines.append("  ],")
    lines.append("}")
    lines.append(f"office_hours = {office!r}")
    lines.append(f"request = {request!r}")
    return "\n".join(lines)


def copy_tables(tables):
    return {name: df.copy() for name, df in tables.items()}


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_engine_matches_reference(scenario):
    import reports

    tables, office, request = scenario
    note(describe(tables, office, request))
    reference = Reference(copy_tables(tables), office)
    engine_tables = copy_tables(tables)
    with warnings.catch_warnings():
        # duplicates, orphans, unknown filter ids, ignored officeHours: reported, not errors
        warnings.simplefilter("ignore", reports.ReportsWarning)
        dataset = reports.from_tables(engine_tables, office_hours=office)
        # the drawn request first, then the same request for every other known user / team
        others = sorted(reference.known_ids() - {request["user"]})
        for user in [request["user"], *others]:
            asked = dict(request, user=user)
            actual = dataset.user_report(**asked)
            note(f"asked user {user}")
            assert_same_document(actual, reference.user_report(**asked))
            json.dumps(actual)  # the document is plain JSON
    for name, df in tables.items():
        pd.testing.assert_frame_equal(engine_tables[name], df)  # inputs left untouched


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(office_scenarios())
def test_engine_office_seconds_match_reference(scenario):
    import reports

    tables, office, request = scenario
    note(describe(tables, office, request))
    expected = Reference(copy_tables(tables), office).user_report(**request)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        actual = reports.from_tables(copy_tables(tables), office_hours=office).user_report(
            **request
        )
    assert_same_document(actual, expected)
