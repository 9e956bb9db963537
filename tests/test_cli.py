"""The command line: JSON on stdout, one-line errors with the exit codes of
docs/data.md › Errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from reports._cli import main

RANGE = ["--start", "2015-01-01T00:00:00Z", "--end", "2015-01-31T23:59:59Z"]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    pd.DataFrame({
        "id": [1, 2], "type": ["email", "chat"], "status": ["closed", "active"],
        "mailbox_id": [10, 10], "created_at": ["2015-01-01T00:00:00Z"] * 2,
        "customer_id": [100, 101], "closed_at": ["2015-01-02T00:00:00Z", None],
        "closed_by": [4, None],
    }).to_csv(tmp_path / "conversations.csv", index=False)
    pd.DataFrame({
        "id": [1, 2, 3], "conversation_id": [1, 1, 2],
        "type": ["customer", "reply", "reply"],
        "created_at": ["2015-01-01T00:00:00Z", "2015-01-01T01:00:00Z",
                       "2015-01-05T00:00:00Z"],
        "created_by_type": ["customer", "user", "user"], "created_by_id": [100, 4, 4],
    }).to_csv(tmp_path / "threads.csv", index=False)
    pd.DataFrame({"id": [4], "first_name": ["John"], "last_name": ["Smith"]}).to_csv(
        tmp_path / "users.csv", index=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_user_prints_the_document(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE)
    doc = json.loads(out)
    assert code == 0 and err == ""
    assert doc["user"]["name"] == "John Smith"
    # Replies at Jan 1 01:00 (answering the 00:00 message: 3600 s) and Jan 5.
    assert doc["current"]["totalReplies"] == 2
    assert doc["current"]["responseTime"] == 3600
    assert list(doc) == ["filterTags", "user", "current"]


def test_previous_range_adds_previous_and_deltas(data: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE,
                       "--previous-start", "2014-12-01T00:00:00Z",
                       "--previous-end", "2014-12-31T23:59:59Z")
    doc = json.loads(out)
    assert code == 0
    assert doc["previous"]["totalReplies"] == 0
    assert doc["deltas"]["totalReplies"] == 0.0  # previous = 0 gives 0.0


@pytest.mark.parametrize(("argv", "parameter"), [
    (["--start", "2015-02-01T00:00:00Z", "--end", "2015-01-01T00:00:00Z"], "--end:"),
    ([*RANGE, "--previous-start", "2014-01-01T00:00:00Z"], "--previous-end:"),
    ([*RANGE, "--types", "fax"], "--types:"),
    ([*RANGE, "--tags", "x"], "--tags:"),
    ([*RANGE, "--mailboxes", "1,b"], "--mailboxes:"),
    (["--end", "2015-01-31T23:59:59Z"], "--start"),
    (["--start", "yesterday", "--end", "2015-01-31T23:59:59Z"], "--start:"),
])
def test_bad_requests_exit_2_with_one_line(data: Path, capsys: pytest.CaptureFixture[str],
                                           argv: list[str], parameter: str) -> None:
    code, out, err = run(capsys, "user", "--data", str(data), "--user", "4", *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and parameter in err and "Traceback" not in err


def test_unknown_user_exits_2(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "user", "--data", str(data), "--user", "77", *RANGE)
    assert code == 2 and "77" in err and err.count("\n") == 1


def test_missing_argument_exits_2_with_one_line(data: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "user", "--data", str(data), "--user", "4",
                       "--end", "2015-01-31T23:59:59Z")
    assert code == 2 and err.count("\n") == 1 and "--start" in err


def test_bad_data_exits_1_naming_file_column_row(data: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    frame = pd.read_csv(data / "threads.csv")
    frame.loc[1, "created_at"] = "not a time"
    frame.to_csv(data / "threads.csv", index=False)
    code, out, err = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE)
    assert code == 1 and out == ""
    assert "threads.csv" in err and "created_at" in err and "row 2" in err
    assert err.count("\n") == 1


def test_missing_table_exits_1(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data / "threads.csv").unlink()
    code, _, err = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE)
    assert code == 1 and "threads" in err and err.count("\n") == 1


def test_missing_column_exits_1(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pd.read_csv(data / "conversations.csv").drop(columns="status").to_csv(
        data / "conversations.csv", index=False)
    code, _, err = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE)
    assert code == 1 and "status" in err and "conversations.csv" in err


def test_office_hours_without_config_warns(data: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE,
                         "--office-hours")
    assert code == 0
    assert json.loads(out)["current"]["responseTime"] == 3600  # calendar seconds
    assert "--office-hours ignored" in err and "officeHours" not in err


def test_unknown_filter_id_warns(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE,
                         "--mailboxes", "99")
    assert code == 0 and "99" in err
    assert json.loads(out)["current"]["totalReplies"] == 0


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_users_table_formats(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                             fmt: str) -> None:
    out_file = tmp_path / f"users.{fmt}"
    code, _, _ = run(capsys, "users", "--data", str(data), *RANGE, "--format", fmt,
                     "--out", str(out_file))
    assert code == 0
    frame = {"csv": pd.read_csv, "json": pd.read_json, "parquet": pd.read_parquet}[fmt](
        out_file)
    row = frame.loc[frame["id"] == 4].iloc[0]
    assert row["kind"] == "user" and row["totalReplies"] == 2


def test_users_parquet_needs_out(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "users", "--data", str(data), *RANGE, "--format", "parquet")
    assert code == 2 and "--out" in err


def test_generate_refuses_bad_arguments_and_an_existing_dataset(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "generate", "--out", str(tmp_path / "g"), "--seed", "-1")
    assert code == 2 and "--seed" in err
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, _, err = run(capsys, "generate", "--out", str(afile), "--conversations", "5")
    assert code == 2 and "--out" in err and err.count("\n") == 1
    out = tmp_path / "g"
    assert run(capsys, "generate", "--out", str(out), "--conversations", "20")[0] == 0
    code, _, err = run(capsys, "generate", "--out", str(out), "--conversations", "20")
    assert code == 2 and "--force" in err
    assert run(capsys, "generate", "--out", str(out), "--conversations", "20",
               "--force")[0] == 0


def test_import_into_a_path_that_cannot_be_a_directory(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, _, err = run(capsys, "import", str(data), "--out", str(afile / "sub"))
    assert code == 2 and "--out" in err and err.count("\n") == 1


def test_a_usage_error_points_to_the_commands_own_help(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(data), "--bogus")
    assert (code, out) == (2, "")
    assert err == "reports validate: error: unrecognized arguments: --bogus (see reports " \
                  "validate --help)\n"
    code, _, err = run(capsys, "users", "--data", str(data), *RANGE, "--nope", "x")
    assert code == 2 and err.endswith("(see reports users --help)\n")
    code, _, err = run(capsys, "--bogus")  # no command: the top help
    assert code == 2 and err.endswith("(see reports --help)\n")


@pytest.mark.parametrize(("argv", "said"), [
    (["users", *RANGE, "--view-by", "fortnight"],
     "--view-by: 'fortnight' is not one of day, week, month"),
    (["ratings", "--user", "4", *RANGE, "--sort-field", "foo"],
     "--sort-field: 'foo' is not one of number, modifiedAt, rating"),
    (["user", "--user", "4", *RANGE, "--previous-start", "2014-12-01"],
     "--previous-end: --previous-start and --previous-end go together; give both or "
     "neither"),
    (["user", "--user", "4", "--start", "2015-02-01", "--end", "2015-01-31"],
     "--end: 2015-01-31 is before --start 2015-02-01; the range must end at or after its "
     "start"),
    (["drilldown", "--user", "4", *RANGE, "--rows", "0"], "--rows: must be at least 1, not 0"),
])
def test_errors_name_the_command_line_option(data: Path, capsys: pytest.CaptureFixture[str],
                                             argv: list[str], said: str) -> None:
    code, out, err = run(capsys, argv[0], "--data", str(data), *argv[1:])
    assert (code, out, err) == (2, "", f"reports: error: {said}\n")


def test_warnings_name_the_command_line_option(data: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "user", "--data", str(data), "--user", "4", *RANGE,
                       "--office-hours", "--mailboxes", "10,77")
    assert code == 0
    assert "reports: warning: --office-hours ignored: the dataset has no " \
           "office_hours.json; times are calendar seconds\n" in err
    assert "reports: warning: --mailboxes: id(s) 77 occur nowhere in the data" in err


def test_a_bad_instant_says_a_date_alone_is_accepted(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "user", "--data", str(data), "--user", "4",
                       "--start", "2015-02-30", "--end", "2015-03-01")
    assert code == 2 and err.startswith("reports: error: --start: '2015-02-30' is not an ")
    assert "2015-01-01T00:00:00Z" in err and "a date alone, 2015-01-01" in err
