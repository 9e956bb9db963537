"""Dask: the whole-account work of a store on a cluster equals the single process, bit
for bit — on a local cluster of two worker processes, through a real scheduler and two
workers on 127.0.0.1, and when a worker dies in the middle."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

try:
    from .io_helpers import stored_account
except ImportError:
    from io_helpers import stored_account

import reports
from reports._cli import main
from reports.cluster._backend import local_cluster
from reports.store import import_store

distributed = pytest.importorskip("dask.distributed")  # the dask extra: make test has it

JUNE = {"start": "2025-06-01", "end": "2025-06-30"}
YEAR = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return stored_account(tmp_path_factory.mktemp("cluster"), 500, 70)


@pytest.fixture(scope="module")
def client() -> Any:
    cluster = local_cluster(2)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_every_whole_account_table_equals_the_single_process(account, client) -> None:
    alone = reports.load(account / "store")
    on_cluster = reports.load(account / "store", dask=client)
    for kwargs in ({**JUNE}, {**JUNE, "office_hours": True, "previous_start": "2025-05-01",
                              "previous_end": "2025-05-31"}, {**YEAR, "types": "email,chat"}):
        pd.testing.assert_frame_equal(on_cluster.users_table(**kwargs),
                                      alone.users_table(**kwargs), check_exact=True)
    for view in ("day", "week", "month"):
        pd.testing.assert_frame_equal(on_cluster.series_table(**YEAR, view_by=view),
                                      alone.series_table(**YEAR, view_by=view),
                                      check_exact=True)
    # a report on one user stays in this process, and is the same
    assert on_cluster.user_report(1000000, **JUNE) == alone.user_report(1000000, **JUNE)


def test_an_import_on_the_cluster_is_the_same_store(account, client, tmp_path) -> None:
    import_store(account / "canonical", tmp_path / "store", partition_size=70, client=client)
    ours, theirs = tmp_path / "store" / "arrays", account / "store" / "arrays"
    names = sorted(p.name for p in theirs.iterdir())
    assert sorted(p.name for p in ours.iterdir()) == names
    for name in names:
        if name.endswith(".npy"):
            assert np.array_equal(np.load(ours / name), np.load(theirs / name)), name
        else:  # an Arrow IPC file
            assert (ours / name).read_bytes() == (theirs / name).read_bytes(), name
    pd.testing.assert_frame_equal(reports.load(tmp_path / "store").users_table(**JUNE),
                                  reports.load(account / "store").users_table(**JUNE))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def scheduler(tmp_path: Path) -> Any:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__DAEMON="False")
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1",
                               "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    for _ in range(2):
        procs.append(subprocess.Popen(
            [str(bin_dir / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard",
             "--local-directory", str(tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
    try:
        with distributed.Client(address, timeout=30) as c:
            c.wait_for_workers(2, timeout=60)
        yield address, procs
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_the_cli_against_a_scheduler_prints_what_one_process_prints(
        account, scheduler, capsys) -> None:
    address, _ = scheduler
    args = ["users", "--data", str(account / "store"), "--start", JUNE["start"], "--end",
            JUNE["end"]]
    assert main(args) == 0
    alone = capsys.readouterr().out
    assert main([*args, "--dask", address]) == 0
    assert capsys.readouterr().out == alone
    assert main([*args, "--view-by", "week"]) == 0
    weekly = capsys.readouterr().out
    assert main([*args, "--view-by", "week", "--dask", address]) == 0
    assert capsys.readouterr().out == weekly
    assert len(pd.read_csv(io.StringIO(weekly))) > 0


class SlowWork:
    """A partition's work, slowed down, so that a worker can die in the middle of it."""

    def __init__(self, work: Any, seconds: float) -> None:
        self.work, self.seconds = work, seconds

    def __call__(self, part: Any) -> Any:
        time.sleep(self.seconds)
        return self.work(part)


def test_a_worker_killed_mid_run_is_retried_and_the_result_is_exact(account,
                                                                    scheduler) -> None:
    import cloudpickle

    from reports._stats import Partial, PartStatistics, finish

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # workers lack this module
    address, procs = scheduler
    alone = reports.load(account / "store")
    with distributed.Client(address, timeout=30) as c:
        ds = reports.load(account / "store", dask=c)
        req = reports._request.parse_request(None, need_user=False, **JUNE)
        rng = ds._range(req.start, req.end)
        work = PartStatistics(ds._everyone, req, rng, ds._timing, False,
                              ds._model.n_customers)
        results = ds._backend.map_parts(SlowWork(work, 0.5))
        first = next(results)  # the tasks are running: kill one worker process
        procs[1].send_signal(signal.SIGKILL)
        merged = first
        for partial in results:
            merged = Partial.merge(merged, partial)
    single = alone._all_stats(req, req.start, req.end, False)[0]
    got = finish(merged, rng)
    assert set(got) == set(single)
    for name in single:
        assert np.array_equal(got[name], single[name]), name


def test_a_store_at_an_fsspec_url_reads_through_a_local_cache(account, tmp_path,
                                                             monkeypatch) -> None:
    monkeypatch.setenv("REPORTS_CACHE", str(tmp_path / "cache"))
    url = (account / "store").as_uri()  # file:///…: the fsspec path, as s3:// would take
    remote, local = reports.load(url), reports.load(account / "store")
    assert remote.user_report(1000000, **JUNE) == local.user_report(1000000, **JUNE)
    assert remote.drilldown_report(1000000, **JUNE, rows=5) == \
        local.drilldown_report(1000000, **JUNE, rows=5)
    pd.testing.assert_frame_equal(remote.users_table(**JUNE), local.users_table(**JUNE))
    assert any((tmp_path / "cache").rglob("*")), "nothing was cached"
