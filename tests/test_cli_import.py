"""``reports import`` and ``reports validate``, and ``--data`` on dumps: exit codes, stdout,
one-line errors on stderr (docs/data.md › Errors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import reports
from reports._cli import main

try:  # tests/ as a package or as a plain directory on sys.path
    from .io_helpers import canonical_account, to_api_json, to_singer
    from .test_io_singer import basic, conversation, thread, write
except ImportError:
    from io_helpers import canonical_account, to_api_json, to_singer
    from test_io_singer import basic, conversation, thread, write

JAN = ["--start", "2015-01-01T00:00:00Z", "--end", "2015-01-31T23:59:59Z"]
RANGE = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z",
         "previous_start": "2025-05-01T00:00:00Z", "previous_end": "2025-05-31T23:59:59Z"}


def run(capsys: pytest.CaptureFixture[str], *argv: Any) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("reports: error: ")
    return err


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    return write(tmp_path / "dump.jsonl", *basic())


# --------------------------------------------------------------------------- --data


def test_user_report_straight_from_a_dump(capsys: pytest.CaptureFixture[str],
                                          dump: Path) -> None:
    code, out, err = run(capsys, "user", "--data", dump, "--user", 4, *JAN, "--compact")
    assert (code, err) == (0, "")
    assert json.loads(out)["current"]["totalReplies"] == 1
    code, out, err = run(capsys, "user", "--data", dump, "--input-format", "singer",
                         "--user", 4, *JAN)
    assert code == 0


def test_wrong_input_format_flag(capsys: pytest.CaptureFixture[str], dump: Path) -> None:
    code, out, err = run(capsys, "user", "--data", dump, "--input-format", "api", "--user", 4,
                         *JAN)
    assert code == 1 and out == ""
    assert str(dump) in one_error_line(err)


def test_dump_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", *basic(thread(13, 1, created_at="never")))
    code, out, err = run(capsys, "user", "--data", path, "--user", 4, *JAN)
    assert code == 0 and json.loads(out)
    assert err == (f"reports: warning: conversation_threads: 1 record(s) skipped: 'created_at' "
                   f"is not an ISO 8601 timestamp (first: {path} line 19 (value 'never'))\n")


# --------------------------------------------------------------------------- import


def test_import_writes_a_store(capsys: pytest.CaptureFixture[str], dump: Path,
                               tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run(capsys, "import", dump, "--out", out_dir)
    assert (code, err) == (0, "")
    summary = json.loads(out)
    assert summary["format"] == "singer" and summary["skipped"] == 0
    assert summary["rows"] == {"users": 1, "teams": 1, "mailboxes": 1, "folders": 1,
                               "conversations": 1, "threads": 2, "ratings": 1,
                               "conversation_tags": 1, "tags": 1, "team_members": 1,
                               "customers": 1}
    assert (out_dir / "manifest.json").is_file()
    assert sorted(p.name for p in (out_dir / "tables").iterdir()) == sorted(summary["rows"])
    assert pd.read_parquet(out_dir / "tables" / "threads")["id"].tolist() == [11, 12]
    imported = reports.load(out_dir)
    assert imported.user_report(4, start=JAN[1], end=JAN[3]) == \
        reports.load(dump).user_report(4, start=JAN[1], end=JAN[3])


def test_import_refuses_to_overwrite_unless_forced(capsys: pytest.CaptureFixture[str],
                                                   dump: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    assert run(capsys, "import", dump, "--out", out_dir)[0] == 0
    stale = out_dir / "arrays" / "leftover.npy"
    stale.write_text("from an older import")
    code, out, err = run(capsys, "import", dump, "--out", out_dir)
    assert code == 2 and out == ""
    assert "--out" in one_error_line(err) and "--force" in err
    code, out, err = run(capsys, "import", dump, "--out", out_dir, "--force")
    assert code == 0 and not stale.exists()  # the store is replaced whole
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    code, out, err = run(capsys, "import", dump, "--out", mine, "--force")
    assert code == 2 and "not a store" in one_error_line(err)
    assert f"{mine} holds files that are not a store (notes.txt); choose" in err  # no "..."
    assert (mine / "notes.txt").read_text() == "keep me"
    for name in "abcd":
        (mine / f"{name}.txt").write_text("")
    code, out, err = run(capsys, "import", dump, "--out", mine)
    assert code == 2 and "(a.txt, b.txt, c.txt and 2 more)" in one_error_line(err)


def test_import_of_a_store_says_what_to_do_instead(capsys: pytest.CaptureFixture[str],
                                                  dump: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "import", "dump.jsonl", "--out", "store")[0] == 0
    code, out, err = run(capsys, "import", "store", "--out", "store2")
    assert (code, out) == (1, "")
    assert one_error_line(err) == (
        f"reports: error: store: is already a prepared store; use it as it is with --data "
        f"store, import its source again (`reports import {tmp_path.resolve() / 'dump.jsonl'} "
        "--out store2`), or copy the folder\n")
    assert not (tmp_path / "store2").exists()


def test_import_of_unusable_input_leaves_nothing(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, out, err = run(capsys, "import", empty, "--out", tmp_path / "out")
    assert code == 1 and out == ""
    assert f"{empty}: the file is empty" in one_error_line(err)
    lines = [conversation(1), conversation(2)]  # conversations, but no threads at all
    path = write(tmp_path / "nothreads.jsonl", *lines)
    code, out, err = run(capsys, "import", path, "--out", tmp_path / "out2")
    assert code == 1 and "no conversation_threads records found" in one_error_line(err)
    assert not (tmp_path / "out2").exists() or not any((tmp_path / "out2").iterdir())
    code, out, err = run(capsys, "import", tmp_path / "missing", "--out", tmp_path / "o3")
    assert code == 1 and "no such file or directory" in one_error_line(err)


def test_import_api_pages_and_canonical_csv_with_office_hours(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    tables = canonical_account(tmp_path / "canonical", conversations=120)
    hours = (tmp_path / "canonical" / "office_hours.json").read_bytes()
    to_api_json(tables, tmp_path / "api")
    (tmp_path / "api" / "office_hours.json").write_bytes(hours)
    csv_dir = tmp_path / "csv"
    csv_dir.mkdir()
    for name, frame in tables.items():
        frame.to_csv(csv_dir / f"{name}.csv", index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
    (csv_dir / "office_hours.json").write_bytes(hours)
    want = reports.load(tmp_path / "canonical").users_table(**RANGE, office_hours=True)
    for source in ("api", "csv"):
        code, out, err = run(capsys, "import", tmp_path / source, "--out",
                             tmp_path / f"{source}-out")
        assert code == 0, err
        summary = json.loads(out)
        assert summary["office_hours"] == str(tmp_path / source / "office_hours.json")
        assert (tmp_path / f"{source}-out" / "office_hours.json").read_bytes() == hours
        got = reports.load(tmp_path / f"{source}-out").users_table(**RANGE, office_hours=True)
        pd.testing.assert_frame_equal(got, want)


# --------------------------------------------------------------------------- validate


def test_validate_a_good_dump(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", *basic(
        thread(13, 1, created_at="2015-01-01T00:00:00Z"), conversation(1),
        thread(99, 404), {"type": "RECORD", "stream": "workflows", "record": {"id": 1}}))
    code, out, err = run(capsys, "validate", path)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"{path} (singer)"
    assert "  conversations                 1 rows  (1 duplicate id(s) resolved, the last " \
           "kept)" in out
    assert "threads dated before their conversation: 1 (e.g. thread 13 of conversation 1)" \
        in out
    assert "dropped: threads whose conversation is missing: 1" in out
    assert "ignored (not used by the report): workflows: 1 record(s)" in out
    assert out.endswith("usable\n")
    code, out, err = run(capsys, "validate", path, "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["ok"] is True and result["format"] == "singer"
    assert result["tables"]["threads"] == {"rows": 3, "duplicates_resolved": 0,
                                           "source": str(path)}
    assert result["threads_before_conversation"] == {
        "count": 1, "examples": [{"thread": 13, "conversation": 1}]}
    assert result["dropped"] == {"threads whose conversation is missing": 1}


def test_validate_reports_skipped_records_and_unknown_values(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", *basic(
        thread(13, 1, created_at="never"), thread(14, 1, type="telepathy")))
    code, out, err = run(capsys, "validate", path, "--format", "json")
    result = json.loads(out)
    assert code == 0 and result["ok"]
    assert result["skipped"] == [{
        "table": "conversation_threads", "reason": "'created_at' is not an ISO 8601 timestamp",
        "action": "skipped", "count": 1,
        "examples": [f"{path} line 19 (value 'never')"]}]
    [unknown] = result["unknown_values"]
    assert (unknown["table"], unknown["column"], unknown["count"], unknown["values"]) == (
        "threads", "type", 1, {"telepathy": 1})


def test_validate_unusable_data_exits_1(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    path = write(tmp_path / "dump.jsonl", conversation(1, type="fax"), thread(11, 1))
    code, out, err = run(capsys, "validate", path)
    assert code == 1
    assert "conversations.type: no value is one of email, chat, phone" in one_error_line(err)
    assert out.endswith("NOT USABLE\n")
    code, out, err = run(capsys, "validate", tmp_path / "nowhere", "--format", "json")
    assert code == 1 and json.loads(out)["ok"] is False
    assert "no such file or directory" in one_error_line(err)


def test_validate_a_canonical_directory_with_a_bad_value(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    pd.DataFrame({"id": [1], "type": ["email"], "status": ["active"], "mailbox_id": [5],
                  "created_at": ["not a time"]}).to_csv(tmp_path / "conversations.csv",
                                                        index=False)
    pd.DataFrame({"id": [11], "conversation_id": [1], "type": ["customer"],
                  "created_at": ["2015-01-01T00:00:00Z"]}).to_csv(tmp_path / "threads.csv",
                                                                  index=False)
    code, out, err = run(capsys, "validate", tmp_path)
    assert code == 1
    assert "conversations.csv" in one_error_line(err) and "created_at" in err


def test_singer_and_api_imports_agree(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    tables = canonical_account(tmp_path / "canonical", conversations=150, seed=9)
    to_singer(tables, tmp_path / "dump.jsonl")
    to_api_json(tables, tmp_path / "api")
    for source in ("dump.jsonl", "api"):
        assert run(capsys, "import", tmp_path / source, "--out", tmp_path / f"o-{source}")[0] \
            == 0
    a = reports.load(tmp_path / "o-dump.jsonl").users_table(**RANGE)
    b = reports.load(tmp_path / "o-api").users_table(**RANGE)
    pd.testing.assert_frame_equal(a, b)
