"""Close events (docs/metrics.md › Events) and `closed` (docs/metrics.md › Statistics):
distinct conversations closed by U in R."""

from __future__ import annotations

from .conftest import build, conv, current, customer, jan, note, reply


def test_closing_thread_is_a_close_by_its_author():
    ds = build([conv(1)], [customer(1, jan(5, "09:00:00")),
                           note(1, jan(5, "10:00:00"), user=1, status="closed")])
    assert current(ds, user=1)["closed"] == 1
    assert current(ds, user=2)["closed"] == 0


def test_only_a_change_to_closed_is_a_close():
    ds = build([conv(1)], [
        reply(1, jan(5, "10:00:00"), user=1, status="closed"),  # close by user 1
        note(1, jan(5, "10:40:00"), user=2),  # null status: carries no status
        note(1, jan(5, "11:00:00"), user=2, status="closed"),  # already closed: no close
    ])
    assert current(ds, user=1)["closed"] == 1
    assert current(ds, user=2)["closed"] == 0


def test_nochange_status_carries_no_status():
    # docs/data.md › Tables: status "null or `nochange` = no change". (Regression: before
    # 012804d the engine's enum coding raised a Pandas4Warning on 'nochange', an error here.)
    ds = build([conv(1)], [
        reply(1, jan(5, "10:00:00"), user=1, status="closed"),  # close by user 1
        note(1, jan(5, "10:30:00"), user=2, status="nochange"),  # carries no status
        note(1, jan(5, "11:00:00"), user=2, status="closed"),  # previous status closed
        customer(1, jan(5, "12:00:00"), status="NoChange"),  # carries no status either
        note(1, jan(5, "13:00:00"), user=3, status="closed"),  # still closed: no close
    ])
    assert current(ds, user=1)["closed"] == 1
    assert current(ds, user=2)["closed"] == 0
    assert current(ds, user=3)["closed"] == 0


def test_close_after_reopen_is_a_new_close():
    ds = build([conv(1)], [
        reply(1, jan(5, "10:00:00"), user=1, status="closed"),
        customer(1, jan(5, "11:00:00"), status="active"),  # reopened by the customer
        reply(1, jan(5, "12:00:00"), user=2, status="closed"),  # close by user 2
    ])
    assert current(ds, user=2)["closed"] == 1


def test_closing_thread_by_a_customer_closes_for_nobody_but_sets_the_status():
    ds = build([conv(1)], [
        customer(1, jan(5, "10:00:00"), status="closed"),  # a close, by no user
        note(1, jan(5, "11:00:00"), user=1, status="closed"),  # previous status closed
    ])
    assert current(ds, user=1)["closed"] == 0


def test_hidden_closing_thread_is_not_walked():
    ds = build([conv(1)], [
        note(1, jan(5, "10:00:00"), user=2, status="closed", state="hidden"),  # not visible
        note(1, jan(5, "11:00:00"), user=1, status="closed"),  # the first visible close
    ])
    assert current(ds, user=2)["closed"] == 0
    assert current(ds, user=1)["closed"] == 1


def test_closed_by_of_a_closed_conversation_is_a_close():
    ds = build([conv(1, status="closed", closed_at=jan(5, "12:00:00"), closed_by=2)],
               [customer(1, jan(5, "09:00:00"))])
    assert current(ds, user=2)["closed"] == 1


def test_closed_by_counts_only_when_status_is_closed():
    ds = build([conv(1, status="active", closed_at=jan(5, "12:00:00"), closed_by=2)],
               [customer(1, jan(5, "09:00:00"))])
    assert current(ds, user=2)["closed"] == 0


def test_closed_by_needs_closed_at():
    ds = build([conv(1, status="closed", closed_at=None, closed_by=2)],
               [customer(1, jan(5, "09:00:00"))])
    assert current(ds, user=2)["closed"] == 0


def test_closed_counts_distinct_conversations():
    ds = build([
        conv(1, status="closed", closed_at=jan(5, "13:00:00"), closed_by=1),
        conv(2),
    ], [
        reply(1, jan(5, "10:00:00"), status="closed"),  # close (a)
        customer(1, jan(5, "11:00:00"), status="active"),
        reply(1, jan(5, "12:00:00"), status="closed"),  # close (a) again
        # + close (b) at 13:00: three closes of conversation 1
        reply(2, jan(5, "10:00:00"), status="closed"),  # conversation 2
    ])
    assert current(ds)["closed"] == 2  # conversations 1 and 2


def test_close_time_must_be_in_range():
    ds = build([
        conv(1, status="closed", closed_at="2015-02-01T00:00:00Z", closed_by=1),  # after
        conv(2, status="closed", closed_at=jan(31, "23:59:59"), closed_by=1),  # last second
        conv(3, created_at="2014-12-31T09:00:00Z"),
    ], [reply(3, "2014-12-31T23:59:59Z", status="closed")])  # a second before the range
    assert current(ds)["closed"] == 1  # conversation 2 only


def test_team_closed_is_distinct_across_members():
    ds = build([conv(1, status="closed", closed_at=jan(5, "12:00:00"), closed_by=2)],
               [reply(1, jan(5, "10:00:00"), user=1, status="closed")],
               teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    # user 1 closes by thread, user 2 by closed_by: one conversation for the team
    assert current(ds, user=1)["closed"] == 1
    assert current(ds, user=2)["closed"] == 1
    assert current(ds, user=50)["closed"] == 1
