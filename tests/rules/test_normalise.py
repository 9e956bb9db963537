"""Normalisation on load (docs/data.md › Normalisation): last duplicate wins, orphans dropped,
enum case."""

from __future__ import annotations

import pandas as pd

import reports

from .conftest import (
    build,
    conv,
    current,
    customer,
    jan,
    note,
    rating,
    reply,
    tables,
    thread,
    user_row,
)


def test_duplicate_conversation_keeps_the_last_record():
    ds = build([conv(1, status="active"), conv(2), conv(1, status="spam")],
               [reply(1, jan(5, "10:00:00")), reply(2, jan(5, "10:00:00"))])
    # the last record of conversation 1 says spam: only conversation 2 counts
    assert current(ds)["totalReplies"] == 1
    assert ds.load_report.duplicates["conversations"] == 1


def test_duplicate_conversation_last_record_may_restore_it():
    ds = build([conv(1, status="spam"), conv(1, status="closed", closed_at=jan(5, "11:00:00"),
                                               closed_by=1)],
               [reply(1, jan(5, "10:00:00"))])
    stats = current(ds)
    assert stats["totalReplies"] == 1
    assert stats["resolved"] == 1  # the closed record is the one kept


def test_duplicate_thread_keeps_the_last_record():
    ds = build([conv(1)], [
        note(1, jan(5, "10:00:00"), id=5),
        reply(1, jan(5, "11:00:00"), id=6),
        reply(1, jan(5, "12:00:00"), id=5),  # thread 5 re-emitted: now a reply at 12:00
    ])
    stats = current(ds)
    assert stats["totalReplies"] == 2  # threads 5 and 6, each once
    assert ds.load_report.duplicates["threads"] == 1


def test_duplicates_of_several_rows_are_counted():
    ds = build([conv(1), conv(1), conv(1), conv(2), conv(2)],
               [reply(1, jan(5, "10:00:00"))],
               ratings=[rating(1, "bad", rid=9), rating(1, "great", rid=9)],
               users=[user_row(1, "Old", "Name"), user_row(1, "New", "Name")])
    assert ds.load_report.duplicates["conversations"] == 3  # 2 extra of 1, 1 extra of 2
    assert ds.load_report.duplicates["ratings"] == 1
    assert ds.load_report.duplicates["users"] == 1
    doc = ds.user_report(1, jan(1, "00:00:00"), jan(31, "23:59:59"))
    assert doc["current"]["happinessScore"] == 100.0  # rating 9 is the great one
    assert doc["user"]["name"] == "New Name"


def test_orphan_threads_are_dropped_and_counted():
    ds = build([conv(1)], [
        reply(1, jan(5, "10:00:00")),
        reply(99, jan(5, "10:00:00")),  # conversation 99 does not exist
        reply(98, jan(5, "11:00:00")),
    ])
    assert current(ds)["totalReplies"] == 1
    dropped = {k: v for k, v in ds.load_report.dropped.items() if "thread" in k}
    assert sum(dropped.values()) == 2


def test_no_duplicates_or_orphans_reports_nothing():
    ds = build([conv(1)], [reply(1, jan(5, "10:00:00"))])
    assert sum(ds.load_report.duplicates.values()) == 0
    assert sum(ds.load_report.dropped.values()) == 0


def test_enum_values_in_any_case():
    ds = build([
        conv(1, type="EMAIL", status="Closed", state="Published", created_by_type="USER",
             created_by_id=1, closed_at=jan(5, "12:00:00"), closed_by=1),
        conv(2, type="Chat", status="SPAM"),
    ], [
        thread(1, jan(5, "10:00:00"), "Customer", "Customer", 100),
        thread(1, jan(5, "10:30:00"), "MESSAGE", "User", 1, state="PUBLISHED"),
        thread(1, jan(5, "11:00:00"), "Note", "USER", 1, status="CLOSED"),
        reply(2, jan(5, "10:00:00"), type="Chat"),  # spam conversation
    ])
    stats = current(ds, types="email,chat")
    assert stats["totalReplies"] == 1  # the MESSAGE of conversation 1
    assert stats["responseTime"] == 1800  # Customer at 10:00, MESSAGE at 10:30
    assert stats["conversationsCreated"] == 1
    assert stats["closed"] == 1
    assert stats["resolved"] == 1
    assert stats["resolutionTime"] == 10800.0  # 12:00 - 09:00
    assert current(ds, types="email")["totalReplies"] == 1


def test_message_means_reply():
    ds = build([conv(1)], [customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:05:00"),
                                                                  type="message")])
    stats = current(ds)
    assert stats["totalReplies"] == 1
    assert stats["responseTime"] == 300


def test_raw_tables_are_not_modified():
    raw = tables([conv(1, type="EMAIL")], [reply(1, jan(5, "10:00:00"), type="MESSAGE")])
    before = {k: v.copy() for k, v in raw.items()}
    ds = reports.from_tables(raw)
    assert current(ds)["totalReplies"] == 1
    for name, frame in raw.items():
        pd.testing.assert_frame_equal(frame, before[name])
