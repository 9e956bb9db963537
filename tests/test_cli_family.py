"""The report family on the command line: the library's documents as JSON, their rows as
CSV or Parquet, everyone's series from `reports users --view-by`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import reports
from reports._catalog import REPORTS
from reports._cli import main

DATA = Path(__file__).resolve().parent.parent / "sample_data"
USER, TEAM = 1000051, 9000000
JUNE = {"start": "2025-06-01", "end": "2025-06-30"}


@pytest.fixture(scope="module")
def ds() -> reports.Dataset:
    return reports.load(DATA)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def argv_of(params: dict[str, object]) -> list[str]:
    out: list[str] = []
    for name, value in params.items():
        out += [f"--{name.replace('_', '-')}", str(value)]
    return out


@pytest.mark.parametrize("rep", REPORTS, ids=[r.command for r in REPORTS])
@pytest.mark.parametrize("who", [USER, TEAM])
def test_every_member_prints_the_library_document(ds, capsys, rep, who) -> None:
    params = {"user": who, **JUNE}
    code, out, err = run(capsys, rep.command, "--data", DATA, *argv_of(params))
    assert code == 0, err
    assert json.loads(out) == getattr(ds, rep.method)(**params)


def test_history_is_an_alias_and_takes_every_option(ds, capsys) -> None:
    params = {"user": TEAM, **JUNE, "status": "closed", "sort_field": "responsetime",
              "sort_order": "ASC", "page": 2, "rows": 5}
    code, out, _ = run(capsys, "history", "--data", DATA, *argv_of(params), "--office-hours")
    assert code == 0
    assert json.loads(out) == ds.conversation_history_report(**params, office_hours=True)


@pytest.mark.parametrize(("command", "method", "where"), [
    ("ratings", "ratings_report", ["results"]),
    ("conversation-history", "conversation_history_report", ["results"]),
    ("drilldown", "drilldown_report", ["conversations", "results"]),
])
def test_rows_as_csv(ds, capsys, command, method, where) -> None:
    params = {"user": USER, "start": "2025-01-01", "end": "2025-06-30"}
    code, out, _ = run(capsys, command, "--data", DATA, *argv_of(params), "--format", "csv")
    assert code == 0
    rows = getattr(ds, method)(**params)
    for key in where:
        rows = rows[key]
    frame = pd.read_csv(io.StringIO(out), keep_default_na=False)
    assert len(frame) == len(rows) > 0
    assert list(frame.columns) == list(rows[0])
    assert frame["id"].tolist() == [r["id"] for r in rows]


def test_series_points_as_csv_and_parquet(ds, capsys, tmp_path) -> None:
    params = {"user": USER, "start": "2025-01-01", "end": "2025-06-30",
              "previous_start": "2024-01-01", "previous_end": "2024-06-30",
              "view_by": "month"}
    code, out, _ = run(capsys, "replies", "--data", DATA, *argv_of(params), "--format", "csv")
    doc = ds.replies_report(**params)
    want = [("current", p["date"], p["replies"]) for p in doc["current"]] + [
        ("previous", p["date"], p["replies"]) for p in doc["previous"]]
    got = pd.read_csv(io.StringIO(out))
    assert code == 0 and list(got.itertuples(index=False, name=None)) == want
    path = tmp_path / "points.parquet"
    code, _, _ = run(capsys, "replies", "--data", DATA, *argv_of(params), "--format",
                     "parquet", "--out", path)
    frame = pd.read_parquet(path)
    assert code == 0 and isinstance(frame["date"].dtype, pd.DatetimeTZDtype)
    assert frame["replies"].tolist() == [w[2] for w in want]


def test_rows_as_parquet_keep_instants_and_lists(ds, capsys, tmp_path) -> None:
    """Parquet keeps what CSV must write as text: instants as UTC timestamps, lists and
    objects as lists and structs."""
    params = {"user": TEAM, "start": "2025-01-01", "end": "2025-06-30"}
    ratings, drill = tmp_path / "ratings.parquet", tmp_path / "drilldown.parquet"
    assert run(capsys, "ratings", "--data", DATA, *argv_of(params), "--format", "parquet",
               "--out", ratings)[0] == 0
    assert run(capsys, "drilldown", "--data", DATA, *argv_of(params), "--format", "parquet",
               "--out", drill)[0] == 0
    got = pd.read_parquet(ratings)
    want = ds.ratings_report(**params)["results"]
    assert isinstance(got["ratingCreatedAt"].dtype, pd.DatetimeTZDtype)
    assert [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in got["threadCreatedAt"]] == [
        r["threadCreatedAt"] for r in want]
    got = pd.read_parquet(drill)
    want = ds.drilldown_report(**params)["conversations"]["results"]
    assert isinstance(got["modifiedAt"].dtype, pd.DatetimeTZDtype)
    assert [list(v) for v in got["customerIds"]] == [r["customerIds"] for r in want]
    assert [[dict(t) for t in v] for v in got["tags"]] == [r["tags"] for r in want]
    assert any(r["tags"] for r in want)


def test_users_view_by_writes_everyones_series(ds, capsys) -> None:
    code, out, _ = run(capsys, "users", "--data", DATA, "--start", "2025-01-01", "--end",
                       "2025-03-31", "--view-by", "week")
    got = pd.read_csv(io.StringIO(out))
    want = ds.series_table("2025-01-01", "2025-03-31", view_by="week")
    assert code == 0
    assert list(got.columns) == ["id", "kind", "name", "date", "replies", "resolved",
                                 "customers"]
    assert got["replies"].tolist() == want["replies"].tolist()
    assert got["date"].iloc[1] == "2025-01-08T00:00:00Z"


@pytest.mark.parametrize(("argv", "parameter"), [
    (["replies", "--view-by", "fortnight"], "--view-by"),
    (["ratings", "--rating", "superb"], "--rating"),
    (["ratings", "--sort-field", "repliesSent"], "--sort-field"),
    (["history", "--status", "spam"], "--status"),
    (["drilldown", "--rows", "0"], "--rows"),
    (["drilldown", "--page", "x"], "--page"),
    (["ratings", "--sort-order", "up"], "--sort-order"),
])
def test_bad_family_options_exit_2_naming_them(capsys, argv, parameter) -> None:
    code, out, err = run(capsys, argv[0], "--data", DATA, "--user", USER, *argv_of(JUNE),
                         *argv[1:])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"reports: error: {parameter}: ")
