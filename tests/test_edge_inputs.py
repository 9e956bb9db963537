"""Inputs as real exports write them: float id columns, padded headers, far-off dates."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import reports
from reports._cli import main

RANGE = {"start": "2015-01-01T00:00:00Z", "end": "2015-01-31T23:59:59Z"}


def float_id_tables() -> dict[str, pd.DataFrame]:
    # pandas stores nullable integer columns as float64 (NaN for null).
    conversations = pd.DataFrame({
        "id": [1, 2], "type": ["email"] * 2, "status": ["closed", "active"],
        "mailbox_id": [1, 1], "created_at": ["2015-01-05T09:00:00Z"] * 2,
        "closed_at": ["2015-01-05T10:00:00Z", None], "closed_by": [7.0, np.nan],
    })
    threads = pd.DataFrame({
        "id": [1, 2, 3, 4], "conversation_id": [1, 1, 2, 2],
        "type": ["customer", "reply", "customer", "reply"],
        "created_at": ["2015-01-05T09:00:00Z", "2015-01-05T09:30:00Z",
                       "2015-01-05T09:00:00Z", "2015-01-05T11:00:00Z"],
        "created_by_type": ["customer", "user", "customer", "user"],
        "created_by_id": [np.nan, 7.0, np.nan, 7.0],
    })
    return {"conversations": conversations, "threads": threads}


def test_float_id_columns_give_the_same_focused_and_full_report() -> None:
    full = reports.from_tables(float_id_tables()).user_report(7, **RANGE)
    focused = reports.from_tables(float_id_tables(), focus=7).user_report(7, **RANGE)
    assert focused == full
    # Two replies answering waits of 1800 s and 7200 s: mean 4500.
    assert full["current"]["totalReplies"] == 2
    assert full["current"]["responseTime"] == 4500


def test_padded_csv_headers_and_far_off_dates(tmp_path: Path) -> None:
    (tmp_path / "conversations.csv").write_text(
        "id, type, status, mailbox_id, created_at, closed_at\n"
        "1, email, active, 1, 2015-01-05T09:00:00Z, 9999-12-31T23:59:59Z\n")
    (tmp_path / "threads.csv").write_text(
        "id, conversation_id, type, created_at, created_by_type, created_by_id\n"
        "1, 1, reply, 2015-01-05T09:30:00Z, user, 7\n")
    # closed_at = 9999-12-31 is refused, naming where it is (not wrapped into 1816).
    with pytest.raises(reports.DataError, match="1900-2199") as err:
        reports.load(tmp_path)
    assert (err.value.column, err.value.row) == ("closed_at", 1)
    frame = pd.read_csv(tmp_path / "conversations.csv", skipinitialspace=True)
    frame["closed_at"] = "2015-01-06T00:00:00Z"
    frame.to_csv(tmp_path / "conversations.csv", index=False)
    ds = reports.load(tmp_path)  # the padded headers read fine
    assert ds.user_report(7, **RANGE)["current"]["totalReplies"] == 1


def test_missing_rating_values_are_ignored_and_counted() -> None:
    tables = float_id_tables()
    tables["ratings"] = pd.DataFrame({
        "id": [1, 2], "conversation_id": [1, 1], "user_id": [7, 7],
        "rating": ["great", None], "created_at": ["2015-01-06T00:00:00Z"] * 2,
    })
    ds = reports.from_tables(tables)
    assert ds.user_report(7, **RANGE)["current"]["happinessScore"] == 100.0
    assert ds.load_report.dropped == {"ratings with a missing or unrecognised value": 1}


def test_users_json_keeps_every_float_digit(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name, frame in float_id_tables().items():
        frame.to_parquet(data / f"{name}.parquet")
    assert main(["users", "--data", str(data), "--start", RANGE["start"], "--end",
                 RANGE["end"], "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["repliesPerDay"] == 2 / 30  # 0.06666666666666667, all 17 digits
    assert row["busiestDay"] == 1 and isinstance(row["totalReplies"], int)
