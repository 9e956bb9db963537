"""Teams (docs/data.md › Requests, docs/metrics.md › Statistics): a team's report covers
its members, distinct across them."""

from __future__ import annotations

import pytest

import reports

from .conftest import build, conv, current, customer, jan, note, reply

TEAM = [{"id": 50, "name": "Support"}, {"id": 51, "name": "Nobody"}]
MEMBERS = [(50, 1), (50, 2)]


def shared():
    """Users 1 and 2 (team 50) both work on conversations 1 and 2; user 3 is outside."""
    return build([conv(1, customer_id=100), conv(2, customer_id=101),
                  conv(3, customer_id=102)], [
        customer(1, jan(5, "09:00:00")),
        reply(1, jan(5, "10:00:00"), user=1),  # response 3600
        reply(1, jan(6, "10:00:00"), user=2),
        note(2, jan(5, "10:00:00"), user=1),
        reply(2, jan(5, "11:00:00"), user=2),
        reply(3, jan(5, "10:00:00"), user=3),
    ], teams=TEAM, team_members=MEMBERS)


def test_team_counts_conversations_once_not_the_sum_of_members():
    ds = shared()
    assert current(ds, user=1)["totalConversations"] == 2
    assert current(ds, user=2)["totalConversations"] == 2
    team = current(ds, user=50)
    assert team["totalConversations"] == 2  # {1, 2}, not 2 + 2
    assert team["customersHelped"] == 2  # {100, 101}, not 1 + 2
    assert team["totalReplies"] == 3  # replies are events: 1 + 2
    assert team["responseTime"] == 3600


def test_team_busiest_day_counts_each_conversation_and_date_once():
    ds = shared()
    # pairs: (1, Mon 5), (2, Mon 5), (1, Tue 6): Monday 2/4 beats Tuesday 1/4
    assert current(ds, user=50)["busiestDay"] == 1


def test_team_without_members_has_empty_statistics():
    stats = current(shared(), user=51)
    assert stats["totalConversations"] == 0
    assert stats["totalReplies"] == 0
    assert stats["busiestDay"] is None


def test_team_report_names_the_team():
    doc = shared().user_report(50, jan(1, "00:00:00"), jan(31, "23:59:59"))
    assert doc["user"]["id"] == 50
    assert doc["user"]["name"] == "Support"


def test_team_id_only_in_team_members_is_unknown():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))],
               teams=TEAM, team_members=MEMBERS + [(77, 1)])
    with pytest.raises(reports.UnknownUserError):
        current(ds, user=77)


def test_id_both_user_and_team_is_an_error():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))],
               teams=[{"id": 2, "name": "Two"}], team_members=[(2, 1)])
    with pytest.raises(reports.RequestError) as err:
        current(ds, user=2)
    assert err.value.parameter == "user"
    assert current(ds, user=1)["totalReplies"] == 1  # other ids still work


def test_unknown_user_is_an_error():
    ds = shared()
    with pytest.raises(reports.UnknownUserError) as err:
        current(ds, user=999)
    assert err.value.parameter == "user"


def test_customer_id_is_not_a_user():
    ds = shared()  # customer 100 authors threads, but created_by_type is customer
    with pytest.raises(reports.UnknownUserError):
        current(ds, user=100)


def test_author_of_a_user_thread_is_a_user_even_if_not_in_the_users_table():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"), user=7)])
    assert current(ds, user=7)["totalReplies"] == 1
