"""Resolution (docs/metrics.md › Events) and resolved, resolvedOnFirstReply,
percentResolvedOnFirstReply, repliesToResolve and resolutionTime (docs/metrics.md › Statistics)."""

from __future__ import annotations

from .conftest import build, conv, current, customer, jan, note, reply

CREATED = jan(5, "09:00:00")  # Monday 09:00, when each conversation here starts


def closed_conv(cid, closed_at, closed_by=None, created_at=CREATED, **kw):
    return conv(cid, created_at, status="closed", closed_at=closed_at, closed_by=closed_by,
                **kw)


def test_closed_with_a_user_reply_is_resolved():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=1)],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"))])
    stats = current(ds)
    assert stats["resolved"] == 1
    assert stats["resolvedOnFirstReply"] == 1
    assert stats["percentResolvedOnFirstReply"] == 1.0  # 1 / 1
    assert stats["repliesToResolve"] == 1.0
    assert stats["resolutionTime"] == 7200.0  # 11:00 - 09:00 (conversation created_at)


def test_closed_without_a_user_reply_is_not_resolved():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=1)],
               [customer(1, jan(5, "09:00:00")), note(1, jan(5, "10:00:00"))])
    stats = current(ds)
    assert stats["resolved"] == 0
    assert stats["closed"] == 1  # it is still a close by user 1


def test_reply_after_closed_at_does_not_resolve():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=1)],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "12:00:00"))])
    assert current(ds)["resolved"] == 0


def test_reply_at_closed_at_resolves():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=1)],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "11:00:00"))])
    assert current(ds)["resolved"] == 1  # "at or before resolved_at"


def test_hidden_reply_does_not_resolve():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=1)],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"), state="hidden")])
    assert current(ds)["resolved"] == 0


def test_status_must_be_closed():
    # a closing thread, but the conversation was reopened for good: not resolved
    ds = build([conv(1, status="active")],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"), status="closed")])
    stats = current(ds)
    assert stats["resolved"] == 0
    assert stats["closed"] == 1


def test_resolver_is_closed_by_when_set():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=2)],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"), user=1)])
    assert current(ds, user=2)["resolved"] == 1
    assert current(ds, user=1)["resolved"] == 0


def test_resolver_without_closed_by_is_the_last_replier_before_resolution():
    ds = build([closed_conv(1, jan(5, "12:00:00"), closed_by=None)], [
        customer(1, jan(5, "09:00:00")),
        reply(1, jan(5, "10:00:00"), user=1),
        reply(1, jan(5, "11:00:00"), user=2),  # last reply at or before 12:00
        reply(1, jan(5, "13:00:00"), user=1),  # after resolved_at: ignored
    ])
    assert current(ds, user=1)["resolved"] == 0
    u2 = current(ds, user=2)
    assert u2["resolved"] == 1
    # replies_to_resolve counts replies by anyone at or before 12:00: 10:00 and 11:00 = 2
    assert u2["repliesToResolve"] == 2.0
    assert u2["resolvedOnFirstReply"] == 0


def test_closed_by_zero_means_no_user():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=0)],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"), user=1)])
    # closed_by 0 = none: the resolver is the last replier, user 1
    assert current(ds, user=1)["resolved"] == 1


def test_without_closed_at_resolution_is_at_the_last_closing_thread():
    ds = build([conv(1, status="closed", closed_at=None)], [
        customer(1, jan(5, "09:00:00")),
        reply(1, jan(5, "10:00:00"), user=1, status="closed"),  # close (a) at 10:00
        customer(1, jan(5, "11:00:00"), status="active"),  # reopened
        reply(1, jan(5, "12:00:00"), user=2, status="closed"),  # last close (a) at 12:00
    ])
    u2 = current(ds, user=2)
    assert u2["resolved"] == 1  # resolver: last replier at or before 12:00
    assert u2["repliesToResolve"] == 2.0  # replies at 10:00 and 12:00
    assert u2["resolutionTime"] == 10800.0  # 12:00 - 09:00
    assert current(ds, user=1)["resolved"] == 0  # at most once per conversation
    # resolved_at = 12:00 must be in the range
    assert current(ds, user=2, end=jan(5, "11:59:59"))["resolved"] == 0
    assert current(ds, user=2, end=jan(5, "12:00:00"))["resolved"] == 1


def test_closed_without_closed_at_or_closing_thread_is_not_resolved():
    ds = build([conv(1, status="closed", closed_at=None)],
               [customer(1, jan(5, "09:00:00")), reply(1, jan(5, "10:00:00"))])
    assert current(ds)["resolved"] == 0  # no resolved_at at all


def test_resolved_at_most_once_and_at_closed_at():
    ds = build([closed_conv(1, jan(5, "12:30:00"), closed_by=1)], [
        customer(1, jan(5, "09:00:00")),
        reply(1, jan(5, "10:00:00"), status="closed"),
        customer(1, jan(5, "11:00:00"), status="active"),
        reply(1, jan(5, "12:00:00"), status="closed"),
    ])
    stats = current(ds)
    assert stats["resolved"] == 1
    assert stats["resolutionTime"] == 12600.0  # closed_at 12:30 - created 09:00
    assert stats["repliesToResolve"] == 2.0


def test_notes_do_not_count_as_replies_to_resolve():
    ds = build([closed_conv(1, jan(5, "11:00:00"), closed_by=1)], [
        customer(1, jan(5, "09:00:00")),
        note(1, jan(5, "09:30:00")),
        reply(1, jan(5, "10:00:00")),
    ])
    stats = current(ds)
    assert stats["resolvedOnFirstReply"] == 1  # one reply; the note is not one
    assert stats["repliesToResolve"] == 1.0


def test_first_reply_fraction_and_mean_replies_to_resolve():
    ds = build([
        closed_conv(1, jan(5, "11:00:00"), closed_by=1),
        closed_conv(2, jan(5, "11:00:00"), closed_by=1),
        closed_conv(3, jan(5, "11:00:00"), closed_by=1),
    ], [
        reply(1, jan(5, "10:00:00")),  # 1 reply
        reply(2, jan(5, "10:00:00")), reply(2, jan(5, "10:10:00"), user=2),  # 2 replies
        reply(3, jan(5, "10:00:00")), reply(3, jan(5, "10:10:00")),
        reply(3, jan(5, "10:20:00"), type="phone"),  # 3 replies
    ])
    stats = current(ds)
    assert stats["resolved"] == 3
    assert stats["resolvedOnFirstReply"] == 1
    assert stats["percentResolvedOnFirstReply"] == 1 / 3  # a 0-1 fraction
    assert stats["repliesToResolve"] == 2.0  # (1 + 2 + 3) / 3


def test_fraction_is_zero_float_without_resolutions():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))])
    stats = current(ds)
    for name in ("percentResolvedOnFirstReply", "repliesToResolve", "resolutionTime"):
        assert stats[name] == 0.0
        assert type(stats[name]) is float


def test_resolution_time_is_the_mean_from_creation():
    ds = build([
        closed_conv(1, jan(5, "10:00:00"), closed_by=1),  # 3600
        closed_conv(2, jan(5, "11:30:00"), closed_by=1),  # 9000
    ], [reply(1, jan(5, "09:30:00")), reply(2, jan(5, "09:30:00"))])
    assert current(ds)["resolutionTime"] == 6300.0  # (3600 + 9000) / 2


def test_resolution_counts_in_the_range_of_resolved_at():
    ds = build([
        closed_conv(1, jan(2, "09:00:00"), closed_by=1, created_at="2014-12-30T09:00:00Z"),
        closed_conv(2, "2015-02-01T09:00:00Z", closed_by=1),  # resolved after the range
    ], [reply(1, "2014-12-30T10:00:00Z"), reply(2, jan(5, "10:00:00"))])
    stats = current(ds)
    assert stats["resolved"] == 1
    assert stats["resolutionTime"] == 259200.0  # Dec 30 09:00 -> Jan 2 09:00 = 3 * 86400


def test_negative_resolution_time_clamps_to_zero():
    ds = build([
        # inconsistent export: closed (09:00) before it was created (10:00)
        closed_conv(1, jan(5, "09:00:00"), closed_by=1, created_at=jan(5, "10:00:00")),
        closed_conv(2, jan(5, "10:00:00"), closed_by=1),  # 3600
    ], [reply(1, jan(5, "08:00:00")), reply(2, jan(5, "09:30:00"))])
    assert current(ds)["resolutionTime"] == 1800.0  # (max(0, -3600) + 3600) / 2


def test_team_resolved_is_counted_once_per_conversation():
    ds = build([
        closed_conv(1, jan(5, "11:00:00"), closed_by=1),
        closed_conv(2, jan(5, "11:00:00"), closed_by=2),
        closed_conv(3, jan(5, "11:00:00"), closed_by=3),  # not a member
    ], [reply(c, jan(5, "10:00:00"), user=u) for c, u in ((1, 2), (2, 1), (3, 1))],
        teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1), (50, 2)])
    assert current(ds, user=50)["resolved"] == 2  # conversations 1 and 2


def test_resolution_time_mean_is_an_exact_integer_sum_over_the_count():
    ds = build([
        closed_conv(c, f"2015-01-05T09:00:0{s}Z", closed_by=1) for c, s in ((1, 1), (2, 1),
                                                                            (3, 3))
    ], [reply(c, CREATED) for c in (1, 2, 3)])
    # resolution times 1, 1, 3 s: 5 / 3 = 1.6666666666666667 (not 1/3 + 1/3 + 1 = ...665)
    assert current(ds)["resolutionTime"] == 5 / 3
