"""`reports.load` of a canonical directory (docs/data.md › Tables): CSV and Parquet,
errors that locate."""

from __future__ import annotations

import json

import pytest

import reports

from .conftest import END, START, build, conv, customer, jan, note, rating, reply, tables


def scenario_tables():
    """Customer waits 10:00 -> 10:30 (1800 s); user 1 closes conversation 1 at 12:00."""
    return tables([
        conv(1, status="closed", closed_at=jan(5, "12:00:00"), closed_by=1),
        conv(2, customer_id=101, folder_id=20),
    ], [
        customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:30:00"), handle_seconds=50),
        note(2, jan(6, "10:00:00")), reply(2, jan(6, "11:00:00"), type="message"),
    ], tags=[(30, "billing")], conversation_tags=[(1, 30)],
        teams=[{"id": 50, "name": "Support"}], team_members=[(50, 1)],
        ratings=[rating(1, "great")])


def write(directory, raw, fmt, only=None):
    directory.mkdir(exist_ok=True)
    for name, frame in raw.items():
        if only is not None and name not in only:
            continue
        if fmt == "csv":
            frame.to_csv(directory / f"{name}.csv", index=False)
        else:
            frame.to_parquet(directory / f"{name}.parquet", index=False)
    return directory


def expected_report():
    return reports.from_tables(scenario_tables()).user_report(1, START, END)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_directory_gives_the_same_report(tmp_path, fmt):
    ds = reports.load(write(tmp_path / fmt, scenario_tables(), fmt))
    doc = ds.user_report(1, START, END)
    assert doc == expected_report()
    assert doc["current"]["responseTime"] == 1800  # 10:30 - 10:00
    assert doc["current"]["totalReplies"] == 2  # the reply and the message
    assert doc["current"]["resolved"] == 1
    assert doc["current"]["handleTime"] == 50.0
    assert doc["filterTags"] == [{"id": 30, "name": "billing"}]


def test_csv_and_parquet_agree_and_can_be_mixed(tmp_path):
    raw = scenario_tables()
    csv = reports.load(write(tmp_path / "csv", raw, "csv"))
    parquet = reports.load(write(tmp_path / "parquet", raw, "parquet"))
    mixed = tmp_path / "mixed"
    write(mixed, raw, "csv", only={"conversations", "tags", "ratings"})
    write(mixed, raw, "parquet", only={"threads", "conversation_tags", "users", "teams",
                                        "team_members"})
    reports_ = [reports.load(d).user_report(50, START, END, previous_start="2014-12-01T00:00:00Z",
                                            previous_end="2014-12-31T23:59:59Z")
                for d in (tmp_path / "csv", tmp_path / "parquet", mixed)]
    assert reports_[0] == reports_[1] == reports_[2]
    assert csv.user_report(1, START, END) == parquet.user_report(1, START, END)
    assert reports_[0]["current"]["totalReplies"] == 2


def test_only_required_tables(tmp_path):
    d = write(tmp_path / "d", scenario_tables(), "csv", only={"conversations", "threads"})
    stats = reports.load(d).user_report(1, START, END)["current"]
    assert stats["totalReplies"] == 2
    assert stats["happinessScore"] == 0.0  # no ratings table


@pytest.mark.parametrize("missing", ["conversations", "threads"])
def test_missing_required_table_is_named(tmp_path, missing):
    d = write(tmp_path / "d", scenario_tables(), "csv")
    (d / f"{missing}.csv").unlink()
    with pytest.raises(reports.DataError) as err:
        reports.load(d)
    assert missing in str(err.value)


def test_missing_required_column_names_the_column(tmp_path):
    raw = scenario_tables()
    raw["conversations"] = raw["conversations"].drop(columns=["created_at"])
    d = write(tmp_path / "d", raw, "csv")
    with pytest.raises(reports.DataError) as err:
        reports.load(d)
    assert err.value.column == "created_at"
    assert "conversations" in str(err.value.file)


def test_unparseable_timestamp_names_row_and_column(tmp_path):
    raw = scenario_tables()
    raw["threads"].loc[1, "created_at"] = "yesterday at noon"  # the second data row
    d = write(tmp_path / "d", raw, "csv")
    with pytest.raises(reports.DataError) as err:
        reports.load(d)
    assert err.value.column == "created_at"
    assert err.value.row == 2  # 1-based data row (DataError's documented convention)
    assert "threads" in str(err.value.file)


def test_unknown_extra_files_are_ignored(tmp_path):
    d = write(tmp_path / "d", scenario_tables(), "csv")
    (d / "widgets.csv").write_text("id,colour\n1,blue\n")
    (d / "README.txt").write_text("exported on a Tuesday\n")
    (d / "notes.json").write_text(json.dumps({"hello": "world"}))
    assert reports.load(d).user_report(1, START, END) == expected_report()


def test_unknown_extra_columns_are_ignored(tmp_path):
    raw = scenario_tables()
    raw["threads"]["body"] = "hello"
    d = write(tmp_path / "d", raw, "csv")
    assert reports.load(d).user_report(1, START, END) == expected_report()


def test_office_hours_json_is_read_from_the_directory(tmp_path):
    raw = tables([conv(1)], [note(1, jan(5, "02:00:00"))])
    d = write(tmp_path / "d", raw, "csv")
    (d / "office_hours.json").write_text(json.dumps(
        {"enabled": True, "timezone": "America/New_York",
         "schedule": {"monday": [["09:00", "17:00"]]}, "holidays": []}))
    # Monday 02:00Z is Sunday 21:00 in New York: busiestDay 7 (UTC would say 1)
    assert reports.load(d).user_report(1, START, END)["current"]["busiestDay"] == 7
    assert build([conv(1)], [note(1, jan(5, "02:00:00"))]).user_report(
        1, START, END)["current"]["busiestDay"] == 1


def test_from_tables_without_a_required_table_names_it():
    raw = scenario_tables()
    del raw["threads"]
    with pytest.raises(reports.DataError) as err:
        reports.from_tables(raw)
    assert "threads" in str(err.value)
