"""`Dataset.users_table` (one row per user and team) agrees with `user_report`."""

from __future__ import annotations

import pandas as pd

from .conftest import END, START, build, conv, customer, jan, rating, reply

DEC_START, DEC_END = "2014-12-01T00:00:00Z", "2014-12-31T23:59:59Z"


def dataset():
    """Users 1, 2, 3 (table), 7 (thread author only); teams 50 = {1, 2}, 51 = {}."""
    return build([
        conv(1, status="closed", closed_at=jan(5, "12:00:00"), closed_by=1),
        conv(2, customer_id=101),
        conv(3, "2014-12-03T09:00:00Z", customer_id=102),
    ], [
        customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"), user=1,
                                               handle_seconds=40),
        reply(1, jan(5, "11:00:00"), user=2),
        customer(2, jan(6, "09:00:00"), customer=101), reply(2, jan(6, "09:30:00"), user=2),
        reply(2, jan(7, "09:00:00"), user=7),
        customer(3, "2014-12-03T09:00:00Z", customer=102),
        reply(3, "2014-12-03T09:20:00Z", user=1),
    ], teams=[{"id": 50, "name": "Support"}, {"id": 51, "name": "Empty"}],
        team_members=[(50, 1), (50, 2)],
        ratings=[rating(1, "great"), rating(2, "bad", user=2)])


def same(table_value, report_value):
    if isinstance(table_value, pd.Timestamp):  # startDate, endDate: timestamps in the table
        return table_value.strftime("%Y-%m-%dT%H:%M:%SZ") == report_value
    if report_value is None:
        return table_value is None or pd.isna(table_value)
    return table_value == report_value  # floats bit for bit


def row(table, ident, kind):
    rows = table[(table["id"] == ident) & (table["kind"] == kind)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_one_row_per_user_and_team():
    table = dataset().users_table(START, END)
    assert list(table.columns[:3]) == ["id", "kind", "name"]
    assert sorted(zip(table["kind"], table["id"], strict=True)) == [
        ("team", 50), ("team", 51), ("user", 1), ("user", 2), ("user", 3), ("user", 7)]
    assert row(table, 50, "team")["name"] == "Support"
    assert row(table, 1, "user")["name"] == "Ann Lee"


def test_hand_worked_values():
    table = dataset().users_table(START, END)
    assert row(table, 1, "user")["totalReplies"] == 1
    assert row(table, 2, "user")["totalReplies"] == 2
    assert row(table, 50, "team")["totalReplies"] == 3  # 1 + 2
    assert row(table, 50, "team")["totalConversations"] == 2  # {1, 2}
    assert row(table, 50, "team")["customersHelped"] == 2  # {100, 101}
    # responses: user 1 at 10:00 (3600), user 2 at 09:30 on Jan 6 (1800) -> 2700
    assert row(table, 50, "team")["responseTime"] == 2700
    assert row(table, 50, "team")["happinessScore"] == 0.0  # 1 great, 1 bad: 50 - 50
    assert row(table, 3, "user")["totalConversations"] == 0


def test_rows_equal_the_user_reports():
    ds = dataset()
    table = ds.users_table(START, END)
    for ident, kind in ((1, "user"), (2, "user"), (7, "user"), (50, "team"), (51, "team")):
        cur = ds.user_report(ident, START, END)["current"]
        r = row(table, ident, kind)
        for name, value in cur.items():
            assert same(r[name], value), (ident, name, r[name], value)


def test_rows_equal_the_user_reports_with_previous_and_deltas():
    ds = dataset()
    table = ds.users_table(START, END, previous_start=DEC_START, previous_end=DEC_END)
    # user 1: 1 reply in January, 1 in December -> (1/1 - 1) * 100 = 0.0
    assert row(table, 1, "user")["deltas.totalReplies"] == 0.0
    # team 50: 3 vs 1 -> 200.0
    assert row(table, 50, "team")["deltas.totalReplies"] == 200.0
    for ident, kind in ((1, "user"), (2, "user"), (50, "team")):
        doc = ds.user_report(ident, START, END, previous_start=DEC_START,
                             previous_end=DEC_END)
        r = row(table, ident, kind)
        for name, value in doc["current"].items():
            assert same(r[name], value), (ident, name)
        for name, value in doc["previous"].items():
            assert same(r["previous." + name], value), (ident, "previous." + name)
        for name, value in doc["deltas"].items():
            assert same(r["deltas." + name], value), (ident, "deltas." + name)


def test_filters_apply_to_the_table():
    table = dataset().users_table(START, END, types="chat")
    assert table["totalReplies"].sum() == 0  # every conversation is an email
