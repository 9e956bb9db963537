"""Trust on damaged input and a CLI that teaches itself (issue: trust and discovery).

A dump cut mid-line stops with one line naming file and line (or warns with
--allow-partial); a folder holding several exports is refused; warnings are the same
whatever the command; `reports info` says who is in the data; the help is enough to run
a report.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

try:
    from .io_helpers import canonical_account, to_api_json, to_singer
except ImportError:
    from io_helpers import canonical_account, to_api_json, to_singer

import reports
from reports._cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
JUNE = ["--start", "2025-06-01", "--end", "2025-06-30"]


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, pd.DataFrame]]:
    base = tmp_path_factory.mktemp("account")
    tables = canonical_account(base / "canonical", conversations=200)
    to_singer(tables, base / "dump.jsonl")
    return base, tables


def cut(src: Path, dest: Path, fraction: float = 0.5) -> tuple[Path, int]:
    """`src` cut in the middle of a line; returns the path and the last line's number."""
    data = src.read_bytes()
    at = int(len(data) * fraction)
    while data[at:at + 1] in (b"\n", b"") or data[at - 1:at] == b"\n":
        at += 1
    dest.write_bytes(data[:at])
    return dest, data[:at].count(b"\n") + 1


# -- 1. a cut dump -------------------------------------------------------------------------


def test_a_cut_dump_is_an_error_naming_file_and_line(account, tmp_path, capsys) -> None:
    base, _ = account
    path, line = cut(base / "dump.jsonl", tmp_path / "half.jsonl")
    with pytest.raises(reports.DataError, match=rf"half.jsonl line {line}: .*cut") as caught:
        reports.load(path)
    exc = caught.value  # the place is data too, not only text
    assert (exc.file, exc.line, exc.row, exc.column) == (str(path), line, None, None)
    assert exc.reason.startswith("the last line stops in the middle of a record")
    assert exc.to_api_body()["_embedded"]["errors"][0]["source"] == str(path)
    code, out, err = run(capsys, "users", "--data", path, *JUNE)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and f"half.jsonl line {line}" in err
    assert "--allow-partial" in err


def test_allow_partial_reports_with_a_warning(account, tmp_path, capsys) -> None:
    base, _ = account
    path, line = cut(base / "dump.jsonl", tmp_path / "half.jsonl")
    with pytest.warns(reports.ReportsWarning, match=f"line {line}"):
        ds = reports.load(path, allow_partial=True)
    assert any("incomplete export" in w for w in ds.load_report.warnings())
    code, out, err = run(capsys, "users", "--data", path, *JUNE, "--allow-partial")
    assert code == 0 and out
    assert [w for w in err.splitlines() if "incomplete export" in w] != []
    assert err.count("incomplete export") == 1  # said once, not by the load and the report


def test_validate_says_incomplete_and_exits_1(account, tmp_path, capsys) -> None:
    base, _ = account
    path, line = cut(base / "dump.jsonl", tmp_path / "half.jsonl")
    code, out, err = run(capsys, "validate", path)
    assert code == 1
    assert out.splitlines()[-1] == "incomplete"
    assert f"line {line}" in err
    code, out, _ = run(capsys, "validate", "--data", path, "--format", "json")
    result = json.loads(out)
    assert code == 1 and result["incomplete"]
    assert result["ok"] is False  # the exit code and ok agree


def test_validate_says_in_text_every_warning_its_json_has(account, tmp_path,
                                                          capsys) -> None:
    _, tables = account
    only = {k: v for k, v in tables.items() if k != "ratings"}
    dump = to_singer(only, tmp_path / "dump.jsonl")
    code, out, _ = run(capsys, "validate", dump, "--format", "json")
    warned = json.loads(out)["warnings"]
    assert code == 0 and any("no happiness_ratings_report records" in w for w in warned)
    code, text, _ = run(capsys, "validate", dump)
    assert code == 0 and text.splitlines()[-1] == "usable"
    for w in warned:
        assert w in text, w
    assert "  warning: the export has no happiness_ratings_report records" in text


def test_import_of_a_cut_dump_needs_allow_partial(account, tmp_path, capsys) -> None:
    base, _ = account
    path, _line = cut(base / "dump.jsonl", tmp_path / "half.jsonl")
    code, _, err = run(capsys, "import", path, "--out", tmp_path / "out")
    assert code == 1 and "--allow-partial" in err
    assert not (tmp_path / "out" / "conversations.parquet").exists()
    code, out, err = run(capsys, "import", path, "--out", tmp_path / "out", "--allow-partial")
    assert code == 0 and "incomplete export" in err
    assert json.loads(out)["incomplete"]


def test_a_whole_dump_without_a_final_newline_is_not_cut(account, tmp_path) -> None:
    base, _ = account
    path = tmp_path / "dump.jsonl"
    path.write_bytes((base / "dump.jsonl").read_bytes().rstrip(b"\n"))
    assert reports.load(path).load_report.partial == []


def test_a_cut_gzip_dump_is_an_error(account, tmp_path) -> None:
    base, _ = account
    packed = gzip.compress((base / "dump.jsonl").read_bytes())
    (tmp_path / "dump.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    with pytest.raises(reports.DataError, match="compressed file ends early") as caught:
        reports.load(tmp_path / "dump.jsonl.gz")
    assert caught.value.file == str(tmp_path / "dump.jsonl.gz")
    assert str(caught.value).startswith(f"{caught.value.file} line {caught.value.line}: ")


def test_cut_api_pages_are_an_error(account, tmp_path) -> None:
    _, tables = account
    to_api_json(tables, tmp_path / "api")
    lines = tmp_path / "api" / "conversations.jsonl"
    data = lines.read_bytes()
    lines.write_bytes(data[: len(data) - 40])  # the last page stops mid-document
    with pytest.raises(reports.DataError, match=r"conversations.jsonl line \d+: .*cut") as e:
        reports.load(tmp_path / "api")
    assert e.value.file == str(lines) and e.value.line == data.count(b"\n")


def test_missing_streams_are_named_in_a_warning(account, tmp_path) -> None:
    _, tables = account
    only = {k: v for k, v in tables.items() if k not in ("users", "teams", "ratings",
                                                         "team_members")}
    ds = reports.load(to_singer(only, tmp_path / "dump.jsonl"))
    notes = ds.load_report.warnings()
    for stream in ("users", "teams", "happiness_ratings_report"):
        assert any(f"no {stream} records" in n for n in notes), (stream, notes)


# -- 2. a date alone -----------------------------------------------------------------------


def test_a_date_alone_covers_the_whole_day(account, capsys) -> None:
    base, _ = account
    data = base / "canonical"
    code, out, _ = run(capsys, "users", "--data", data, *JUNE, "--format", "json")
    dated = json.loads(out)
    code2, out2, _ = run(capsys, "users", "--data", data, "--start", "2025-06-01T00:00:00Z",
                         "--end", "2025-06-30T23:59:59Z", "--format", "json")
    assert code == code2 == 0
    assert dated == json.loads(out2)
    assert dated[0]["endDate"] == "2025-06-30T23:59:59Z"


# -- 3. info -------------------------------------------------------------------------------


def test_info_answers_who_is_in_here(account, capsys) -> None:
    base, tables = account
    code, out, _ = run(capsys, "info", "--data", base / "dump.jsonl", "--format", "json")
    info = json.loads(out)
    assert code == 0
    assert list(info)[:7] == ["users", "teams", "mailboxes", "folders", "tags", "span",
                              "counts"]
    in_table = {u["id"] for u in info["users"] if u["inUsersTable"]}
    assert in_table == set(tables["users"]["id"])
    # the generated account's departed user wrote threads but is not in the users table
    assert [u["id"] for u in info["users"] if not u["inUsersTable"]] == [1000136]
    members = tables["team_members"].groupby("team_id")["user_id"].apply(sorted).to_dict()
    assert {t["id"]: t["members"] for t in info["teams"]} == members
    pairs = tables["conversation_tags"].drop_duplicates()
    assert {t["id"]: t["conversations"] for t in info["tags"] if t["conversations"]} == \
        pairs.groupby("tag_id").size().to_dict()
    created = pd.to_datetime(tables["conversations"]["created_at"], utc=True)
    assert info["span"]["first"] == created.min().strftime("%Y-%m-%dT%H:%M:%SZ")
    assert info["counts"]["conversations"] == len(tables["conversations"])
    code, text, _ = run(capsys, "info", "--data", base / "dump.jsonl")
    assert code == 0 and "not in the users table" in text


def test_the_unknown_user_error_points_to_info(account, capsys) -> None:
    base, _ = account
    code, _, err = run(capsys, "user", "--data", base / "canonical", "--user", "42", *JUNE)
    assert code == 2 and "reports info" in err


# -- 4. an office-hours config for a single dump file --------------------------------------


def test_office_hours_config_for_a_dump_file(account, tmp_path, capsys) -> None:
    base, _ = account
    config = base / "canonical" / "office_hours.json"
    want = reports.load(base / "canonical").users_table(*JUNE[1::2], office_hours=True)
    got = reports.load(base / "dump.jsonl", office_hours=config)
    pd.testing.assert_frame_equal(got.users_table(*JUNE[1::2], office_hours=True), want)
    as_dict = reports.load(base / "dump.jsonl",
                           office_hours=json.loads(config.read_text()))
    pd.testing.assert_frame_equal(as_dict.users_table(*JUNE[1::2], office_hours=True), want)
    code, out, err = run(capsys, "users", "--data", base / "dump.jsonl", *JUNE,
                         "--office-hours", "--office-hours-config", config, "--format", "json")
    assert code == 0 and "officeHours=1 ignored" not in err
    code, out, _ = run(capsys, "import", base / "dump.jsonl", "--out", tmp_path / "out",
                       "--office-hours-config", config)
    assert code == 0
    assert json.loads((tmp_path / "out" / "office_hours.json").read_text()) == \
        json.loads(config.read_text())


# -- 5. a parent folder --------------------------------------------------------------------


def test_hidden_folders_and_environments_are_never_walked(account, tmp_path) -> None:
    base, _ = account
    folder = tmp_path / "project"
    (folder / "dump").mkdir(parents=True)
    (folder / "dump" / "dump.jsonl").write_bytes((base / "dump.jsonl").read_bytes())
    for hidden in (".venv/lib", "env/lib", ".git"):
        (folder / hidden).mkdir(parents=True)
        (folder / hidden / "other.jsonl").write_bytes((base / "dump.jsonl").read_bytes())
    (folder / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    ds = reports.load(folder)
    assert ds.load_report.duplicates.get("conversations", 0) == 0


def test_several_dumps_in_one_folder_are_an_error_naming_them(account, tmp_path) -> None:
    base, _ = account
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "dump.jsonl").write_bytes((base / "dump.jsonl").read_bytes())
    with pytest.raises(reports.DataError, match=r"several datasets: a/ .*b/ "):
        reports.load(tmp_path)


def test_canonical_tables_in_a_subfolder_are_named(account, tmp_path) -> None:
    base, _ = account
    with pytest.raises(reports.DataError, match=r"several datasets: canonical/ \(canonical "
                       r"tables\), \./ \(a Singer dump\)"):
        reports.load(base)  # holds canonical/ and dump.jsonl
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "conversations.csv").write_text("id\n")
    with pytest.raises(reports.DataError, match=r"only/ \(canonical tables\) does: pass "
                       "that folder as --data"):
        reports.load(tmp_path)


# -- 6. help that teaches --------------------------------------------------------------------


def test_plain_reports_prints_the_help(capsys) -> None:
    code, out, _ = run(capsys)
    assert code == 0 and "usage: reports" in out and "examples:" in out


def test_every_command_has_an_example_and_every_option_a_default() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        assert "example" in (command.epilog or ""), name
        for action in command._actions:
            if action.dest == "help" or not action.option_strings \
                    or action.help == "==SUPPRESS==":  # hidden, internal options
                continue
            text = action.help or ""
            assert "default" in text or "required" in text or "the same as" in text, (
                name, action.option_strings)


def test_help_does_not_import_pandas_or_pyarrow() -> None:
    probe = ("import sys; from reports._cli import main; main(['--help']); "
             "main(['user', '--help']); print(sorted(m for m in ('pandas', 'pyarrow', "
             "'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=False).stdout
    assert out.splitlines()[-1] == "[]"


# -- 7. the project stands alone ----------------------------------------------------------


def test_nothing_points_outside_the_project() -> None:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
             *sorted((ROOT / "reports").rglob("*.py")), *sorted((ROOT / "tests").rglob("*.py")),
             *sorted((ROOT / "benchmarks").glob("*.py")), ROOT / "benchmarks" / "README.md"]
    outside = "../" + "shared"  # spelled in two parts so that this file passes too
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert outside not in text, path
        assert not re.search("S" + r"PEC(\.md)? ?§", text), path


# -- 9. warnings that hold still ------------------------------------------------------------


def test_the_same_warnings_whatever_the_command(account, tmp_path, capsys) -> None:
    base, tables = account
    threads = tables["threads"].copy()
    threads.loc[threads.index[::7], "created_by_type"] = "workflow"
    dump = to_singer({**tables, "threads": threads}, tmp_path / "dump.jsonl")
    user = int(tables["users"]["id"].iloc[1])
    said = {}
    for argv in (["users", "--data", dump, *JUNE],
                 ["user", "--data", dump, "--user", user, *JUNE],
                 ["info", "--data", dump]):
        code, _, err = run(capsys, *argv)
        assert code == 0, err
        said[argv[0]] = sorted(line for line in err.splitlines() if "workflow" in line
                               or "users table" in line)
    assert said["users"] == said["user"] == said["info"]
    assert len(said["users"]) == 2  # the unknown type, and the departed author: once each
    code, out, _ = run(capsys, "validate", dump, "--format", "json")
    [unknown] = json.loads(out)["unknown_values"]
    assert unknown["values"] == {"workflow": len(threads.index[::7])}


def test_parquet_output_keeps_timestamps(account, tmp_path, capsys) -> None:
    base, _ = account
    out = tmp_path / "users.parquet"
    code, _, _ = run(capsys, "users", "--data", base / "canonical", *JUNE, "--format",
                     "parquet", "--out", out)
    assert code == 0
    schema = pq.read_schema(out)
    typ = schema.field("startDate").type  # Parquet keeps no seconds unit: ms
    assert pa.types.is_timestamp(typ) and typ.tz == "UTC"
    code, text, _ = run(capsys, "users", "--data", base / "canonical", *JUNE)
    assert ",2025-06-01T00:00:00Z,2025-06-30T23:59:59Z," in text
