"""Prepared stores: every report over a store equals the same report over its source.

Random datasets are written as canonical Parquet, imported into a store cut into tiny
partitions (so re-exported threads and duplicate conversations cross partitions), and every
report of the store is compared with the independent reference and with a load of the
source. Then the store's own promises: refusing a stale or foreign store in one line,
office hours read at query time, a dump imported once.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, note, settings

try:
    from .io_helpers import stored_account, to_singer
except ImportError:
    from io_helpers import stored_account, to_singer
from reference_family import ReferenceFamily
from strategies import family_scenarios
from test_against_reference import assert_same_document, copy_tables, describe
from test_family_against_reference import member_calls

import reports
from reports._cli import main
from reports._normalise import as_arrow
from reports.store import import_store, is_store

SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
JUNE = ("2025-06-01", "2025-06-30")


def write_canonical(tables: dict[str, pd.DataFrame], office: dict | None, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        pq.write_table(as_arrow(frame), folder / f"{name}.parquet")
    if office is not None:
        (folder / "office_hours.json").write_text(json.dumps(office))


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(family_scenarios())
def test_a_store_answers_every_report_like_the_reference(scenario):
    tables, office, request, family = scenario
    note(describe(tables, office, request))
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        write_canonical(copy_tables(tables), office, Path(tmp) / "src")
        try:
            import_store(Path(tmp) / "src", Path(tmp) / "store", partition_size=2)
        except reports.DataError:
            with pytest.raises(reports.DataError):  # the data is unusable either way
                reports.load(Path(tmp) / "src")
            return
        store = reports.load(Path(tmp) / "store")
        loaded = reports.load(Path(tmp) / "src")
        reference = ReferenceFamily(copy_tables(tables), office)
        assert store.load_report.warnings() == loaded.load_report.warnings()
        for user in sorted(reference.known_ids()):
            for member, kwargs in [("user_report", {k: v for k, v in request.items()}),
                                   *member_calls(dict(request, user=user), family)]:
                kwargs = dict(kwargs, user=user)
                if member == "user_report":
                    kwargs["office_hours"] = family["office_hours"]
                note(f"{member} for {user}")
                assert_same_document(getattr(store, member)(**kwargs),
                                     getattr(reference, member)(**kwargs))
        everyone = {k: v for k, v in request.items() if k != "user"}
        pd.testing.assert_frame_equal(store.users_table(**everyone),
                                      loaded.users_table(**everyone))
        series = {k: v for k, v in everyone.items() if not k.startswith("previous")}
        pd.testing.assert_frame_equal(store.series_table(**series, view_by=family["view_by"]),
                                      loaded.series_table(**series, view_by=family["view_by"]))
        assert store.info() == loaded.info()


# -- a generated account ------------------------------------------------------------------


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stored_account(tmp_path_factory.mktemp("store"), 400, 90)


def test_a_store_is_a_partitioned_parquet_dataset(account) -> None:
    store = account / "store"
    assert is_store(store)
    parts = sorted((store / "tables" / "threads").glob("part-*.parquet"))
    assert len(parts) == 5  # 400 conversations, 90 a partition
    threads = pd.read_parquet(store / "tables" / "threads")
    source = pd.read_parquet(account / "canonical" / "threads.parquet")
    assert len(threads) == len(source)
    # every conversation's threads sit in one partition
    owner = {}
    for i, part in enumerate(parts):
        for cid in pd.read_parquet(part)["conversation_id"].unique():
            assert owner.setdefault(cid, i) == i
    # customers also as mapped Arrow IPC, the same rows
    mapped = pa.ipc.open_file(pa.memory_map(str(store / "arrays" / "customers.arrow")))
    assert mapped.read_all().to_pandas()["id"].tolist() == pd.read_parquet(
        store / "tables" / "customers")["id"].tolist()


def test_the_store_reports_equal_the_source(account) -> None:
    store, source = reports.load(account / "store"), reports.load(account / "canonical")
    users = [u["id"] for u in source.info()["users"]] + [t["id"] for t in
                                                          source.info()["teams"]]
    for user in users:
        assert store.user_report(user, *JUNE) == source.user_report(user, *JUNE)
        assert store.drilldown_report(user, *JUNE, rows=10) == \
            source.drilldown_report(user, *JUNE, rows=10)
    pd.testing.assert_frame_equal(store.users_table(*JUNE, office_hours=True),
                                  source.users_table(*JUNE, office_hours=True))


def test_office_hours_change_without_a_new_import(account, tmp_path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(account / "store", copy)
    before = reports.load(copy).user_report(1000000, *JUNE, office_hours=True)
    config = json.loads((copy / "office_hours.json").read_text())
    config["schedule"] = {"monday": [["00:00", "24:00"]]}
    (copy / "office_hours.json").write_text(json.dumps(config))
    after = reports.load(copy).user_report(1000000, *JUNE, office_hours=True)
    assert after["current"]["responseTime"] != before["current"]["responseTime"]
    assert after["current"]["totalReplies"] == before["current"]["totalReplies"]


def test_a_stale_store_is_refused_in_one_line(account, tmp_path, capsys) -> None:
    src = tmp_path / "src"
    shutil.copytree(account / "canonical", src)
    import_store(src, tmp_path / "store")
    frame = pd.read_parquet(src / "users.parquet")
    frame.to_parquet(src / "users.parquet", index=False)  # the export changed
    with pytest.raises(reports.DataError, match=r"has changed since; import it again: "
                       r"`reports import .* --force`"):
        reports.load(tmp_path / "store")
    code = main(["users", "--data", str(tmp_path / "store"), "--start", JUNE[0], "--end",
                 JUNE[1]])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "--force" in err


def test_a_store_names_its_source_absolute(account, tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "src").mkdir()
    shutil.copytree(account / "canonical", tmp_path / "src" / "export")
    monkeypatch.chdir(tmp_path / "src")
    import_store("export", tmp_path / "store")  # a path relative to where import ran
    source = json.loads((tmp_path / "store" / "manifest.json").read_text())["source"]
    assert source["path"] == str((tmp_path / "src" / "export").resolve())
    frame = pd.read_parquet(tmp_path / "src" / "export" / "users.parquet")
    frame.to_parquet(tmp_path / "src" / "export" / "users.parquet", index=False)
    monkeypatch.chdir(tmp_path)  # the command it suggests works from anywhere
    code = main(["info", "--data", "store"])
    err = capsys.readouterr().err
    assert code == 1 and err.endswith(f"`reports import {source['path']} --out store "
                                      "--force`\n")


def test_a_store_of_another_version_is_refused(account, tmp_path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(account / "store", copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["version"] = 99
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(reports.DataError, match="another version.*--force"):
        reports.load(copy)


def test_import_a_dump_once_then_report_from_the_store(account, tmp_path, capsys) -> None:
    tables = {p.stem: pd.read_parquet(p) for p in (account / "canonical").glob("*.parquet")}
    dump = to_singer(tables, tmp_path / "dump.jsonl")
    code = main(["import", str(dump), "--out", str(tmp_path / "store")])
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert code == 0 and summary["rows"]["conversations"] == 400
    args = ["user", "--user", "1000000", "--start", JUNE[0], "--end", JUNE[1]]
    main([*args, "--data", str(tmp_path / "store")])
    from_store = json.loads(capsys.readouterr().out)
    main([*args, "--data", str(dump)])
    from_dump = json.loads(capsys.readouterr().out)
    assert from_store == from_dump
    code = main(["import", str(dump), "--out", str(tmp_path / "store")])
    assert code == 2 and "--force" in capsys.readouterr().err
