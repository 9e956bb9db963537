"""Enum values outside the vocabularies of docs/data.md › Tables: reported on load, and
given a safe reading."""

from __future__ import annotations

from .conftest import build, conv, current, customer, jan, reply


def test_a_thread_in_an_unknown_state_is_not_visible() -> None:
    # Visible = state null or published (docs/metrics.md › Which conversations count);
    # "deleted" is no thread state.
    ds = build([conv(1)], [
        customer(1, jan(5, "09:00:00")),
        reply(1, jan(5, "09:10:00"), state="deleted"),
        reply(1, jan(5, "10:00:00")),
    ])
    stats = current(ds)
    assert stats["totalReplies"] == 1
    assert stats["responseTime"] == 3600  # 09:00 -> 10:00, the hidden reply answers nothing
    assert any("'deleted'" in w for w in ds.load_report.warnings())


def test_an_unknown_thread_status_sets_a_status_that_is_not_closed() -> None:
    # closed -> "open" (some status, not closed) -> closed: two close events (a) by user 1.
    # Both fall on Jan 5, so `closed` counts the conversation once; resolution is the last.
    ds = build([conv(1, status="closed")], [
        customer(1, jan(5, "09:00:00")),
        reply(1, jan(5, "09:30:00"), status="closed"),
        customer(1, jan(5, "10:00:00"), status="open"),
        reply(1, jan(5, "11:00:00"), status="closed"),
    ])
    stats = current(ds)
    # resolved_at = last close (a) at 11:00, two replies up to it; created 09:00 (jan(5)).
    assert stats["resolved"] == 1
    assert stats["repliesToResolve"] == 2.0
    assert stats["resolutionTime"] == 7200.0
