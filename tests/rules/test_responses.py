"""responseTime (docs/metrics.md › Events, › Statistics): how long customers waited for
U's replies."""

from __future__ import annotations

from .conftest import build, conv, current, customer, jan, note, reply


def test_wait_from_customer_message_to_reply():
    ds = build([conv(1)], [customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:30:00"))])
    # 10:30 - 10:00 = 1800 s
    assert current(ds)["responseTime"] == 1800


def test_waiting_since_is_the_first_unanswered_customer_message():
    ds = build([conv(1)], [
        customer(1, jan(5, "10:00:00")),
        customer(1, jan(5, "11:00:00")),  # already waiting: does not restart the clock
        reply(1, jan(5, "12:00:00")),
    ])
    # 12:00 - 10:00 = 7200 s (not 3600 from the second message)
    assert current(ds)["responseTime"] == 7200


def test_reply_with_nothing_waiting_is_not_a_response():
    ds = build([conv(1)], [
        customer(1, jan(5, "10:00:00")),
        reply(1, jan(5, "10:10:00")),  # response, 600 s
        reply(1, jan(5, "10:20:00")),  # nothing waiting: not a response
    ])
    # mean over responses = 600 / 1 = 600 (a wrong count of 2 would give 300)
    assert current(ds)["responseTime"] == 600


def test_each_customer_message_after_a_reply_starts_a_new_wait():
    ds = build([conv(1)], [
        customer(1, jan(5, "10:00:00")),
        reply(1, jan(5, "10:10:00")),  # 600
        customer(1, jan(5, "11:00:00")),
        reply(1, jan(5, "11:30:00")),  # 1800
    ])
    # (600 + 1800) / 2 = 1200
    assert current(ds)["responseTime"] == 1200


def test_mean_is_truncated_to_an_integer():
    ds = build([conv(1), conv(2)], [
        customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:01:40")),  # 100 s
        customer(2, jan(5, "10:00:00")), reply(2, jan(5, "10:03:21")),  # 201 s
    ])
    # (100 + 201) / 2 = 150.5 -> 150, an int
    value = current(ds)["responseTime"]
    assert value == 150
    assert type(value) is int


def test_no_responses_gives_zero():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))])  # nothing waiting
    assert current(ds)["responseTime"] == 0


def test_response_belongs_to_the_replier_only():
    ds = build([conv(1)], [customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:05:00"), user=2)])
    # user 2 answered after 300 s; user 1 has no response at all
    assert current(ds, user=2)["responseTime"] == 300
    assert current(ds, user=1)["responseTime"] == 0


def test_another_users_reply_clears_the_wait():
    ds = build([conv(1)], [
        customer(1, jan(5, "10:00:00")),
        reply(1, jan(5, "10:05:00"), user=2),  # user 2's response clears waiting_since
        reply(1, jan(5, "10:20:00"), user=1),  # nothing waiting
    ])
    assert current(ds, user=1)["responseTime"] == 0
    assert current(ds, user=1)["totalReplies"] == 1


def test_notes_and_hidden_replies_do_not_answer():
    ds = build([conv(1)], [
        customer(1, jan(5, "10:00:00")),
        note(1, jan(5, "10:05:00")),  # not a user reply
        reply(1, jan(5, "10:10:00"), state="hidden"),  # not visible
        reply(1, jan(5, "10:20:00"), state="draft"),  # not visible
        reply(1, jan(5, "10:30:00")),  # the response
    ])
    # 10:30 - 10:00 = 1800 s
    assert current(ds)["responseTime"] == 1800


def test_hidden_customer_message_does_not_start_a_wait():
    ds = build([conv(1)], [
        customer(1, jan(5, "09:00:00"), state="hidden"),
        customer(1, jan(5, "10:00:00")),
        reply(1, jan(5, "10:30:00")),
    ])
    # waiting since the visible 10:00 message: 1800 s (not 5400)
    assert current(ds)["responseTime"] == 1800


def test_chat_phone_and_beaconchat_customer_messages_start_a_wait():
    ds = build([conv(1, type="chat"), conv(2, type="phone"), conv(3, type="chat")], [
        customer(1, jan(5, "10:00:00"), type="chat"), reply(1, jan(5, "10:01:00"), type="chat"),
        customer(2, jan(5, "10:00:00"), type="phone"), reply(2, jan(5, "10:02:00"),
                                                             type="phone"),
        customer(3, jan(5, "10:00:00"), type="beaconchat"), reply(3, jan(5, "10:03:00"),
                                                                  type="chat"),
    ])
    # waits 60, 120, 180 -> mean 120
    assert current(ds)["responseTime"] == 120


def test_customer_note_is_not_a_customer_message():
    ds = build([conv(1)], [
        customer(1, jan(5, "09:00:00"), type="note"),  # customer-authored note: no wait
        customer(1, jan(5, "10:00:00")),
        reply(1, jan(5, "10:30:00")),
    ])
    # 10:30 - 10:00 = 1800 s (5400 if the note started the wait)
    assert current(ds)["responseTime"] == 1800


def test_waits_do_not_cross_conversations():
    ds = build([conv(1), conv(2)], [
        customer(1, jan(5, "10:00:00")),
        reply(2, jan(5, "10:30:00")),  # conversation 2 has nobody waiting
    ])
    assert current(ds)["responseTime"] == 0


def test_same_instant_is_ordered_by_thread_id():
    ds = build([conv(1)], [
        reply(1, jan(5, "10:00:00"), id=1),  # first by id: nothing waiting
        customer(1, jan(5, "10:00:00"), id=2),  # starts the wait at 10:00
        reply(1, jan(5, "10:10:00"), id=3),  # response: 600 s
    ])
    # ordered (created_at, id): one response of 600 s. (Customer first would give 0.)
    assert current(ds)["responseTime"] == 600


def test_thread_order_is_by_time_not_by_id():
    ds = build([conv(1)], [
        reply(1, jan(5, "10:10:00"), id=1),
        customer(1, jan(5, "10:00:00"), id=2),
    ])
    # the customer message (10:00) comes first: response of 600 s
    assert current(ds)["responseTime"] == 600


def test_response_counts_when_the_reply_is_in_range():
    ds = build([conv(1, created_at="2014-12-31T23:00:00Z")], [
        customer(1, "2014-12-31T23:00:00Z"),  # before the range
        reply(1, jan(1, "01:00:00")),  # in the range
    ])
    # 2015-01-01 01:00 - 2014-12-31 23:00 = 7200 s
    assert current(ds)["responseTime"] == 7200


def test_response_with_reply_outside_range_is_not_counted():
    ds = build([conv(1), conv(2)], [
        customer(1, jan(5, "10:00:00")), reply(1, "2015-02-01T10:00:00Z"),  # after the range
        customer(2, jan(5, "10:00:00")), reply(2, jan(5, "10:01:00")),  # 60 s
    ])
    assert current(ds)["responseTime"] == 60


def test_team_response_time_is_the_mean_over_all_members_responses():
    ds = build([conv(1)], [
        customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:10:00"), user=1),  # 600
        customer(1, jan(5, "11:00:00")), reply(1, jan(5, "11:30:00"), user=2),  # 1800
        customer(1, jan(5, "12:00:00")), reply(1, jan(5, "12:00:10"), user=3),  # not in team
    ], teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    # (600 + 1800) / 2 = 1200
    assert current(ds, user=50)["responseTime"] == 1200
