"""Dask against one process: `reports import` and the all-users table of a store.

    python benchmarks/bench_dask.py --size 1000000 [--workers 2] [--memory-limit 4GiB]

For the dataset of `--size` conversations (generated once, as `run.py` does), in one run:

- the import into a store by one process (`reports import`, a fresh process; wall time
  and peak RSS) and on a local Dask cluster of `--workers` worker processes with
  `--memory-limit` each (`import_store(client=...)`: the partitions are built one task
  each); each worker's peak RSS is asked of the workers themselves;
- the cold all-users table (June 2025) by one process (`reports users`, fresh) and on the
  cluster (`reports.load(store, dask=client).users_table(...)`, the cluster already up),
  and the two tables compared: they must be equal.

Results: benchmarks/out/dask-N.json and a Markdown table on stdout. No threshold is
asserted; the machine is shared, read the ratios and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import dataset, machine, run_process  # noqa: E402

JUNE = ["--start", "2025-06-01T00:00:00Z", "--end", "2025-06-30T23:59:59Z"]


def peak_rss() -> int:
    """This process's peak RSS in bytes (run on each worker)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="4GiB")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=None,
                        help="an existing canonical dataset instead of generating one")
    args = parser.parse_args(argv)
    from dask.distributed import Client

    import reports
    from reports.cluster._backend import local_cluster
    from reports.store import import_store

    data = args.data or dataset(args.size)[0]
    work = Path(tempfile.mkdtemp(prefix="bench-dask-", dir=HERE / "out"))
    py = sys.executable
    result: dict[str, Any] = {"machine": machine(), "size": args.size,
                              "workers": args.workers, "memory_limit": args.memory_limit,
                              "load_before": os.getloadavg()[0]}
    try:
        alone = run_process([py, "-m", "reports", "import", str(data), "--out",
                             str(work / "store")])
        result["import_one_process"] = {k: alone[k] for k in ("seconds", "peak_rss_bytes")}
        table = run_process([py, "-m", "reports", "users", "--data", str(work / "store"),
                             *JUNE, "--out", str(work / "alone.csv")])
        result["users_one_process"] = {k: table[k] for k in ("seconds", "peak_rss_bytes")}

        began = time.monotonic()
        cluster = local_cluster(args.workers, args.memory_limit)
        client = Client(cluster)
        result["cluster_start_seconds"] = round(time.monotonic() - began, 3)
        began = time.monotonic()
        import_store(data, work / "dask-store", client=client)
        result["import_dask"] = {"seconds": round(time.monotonic() - began, 3),
                                 "client_peak_rss_bytes": peak_rss(),
                                 "worker_peak_rss_bytes": list(client.run(peak_rss).values())}
        began = time.monotonic()
        frame = reports.load(work / "dask-store", dask=client).users_table(
            "2025-06-01T00:00:00Z", "2025-06-30T23:59:59Z")
        result["users_dask"] = {"seconds": round(time.monotonic() - began, 3),
                                "worker_peak_rss_bytes": list(client.run(peak_rss).values())}
        client.close()
        cluster.close()
        import pandas as pd

        from reports._frames import table_text

        result["tables_equal"] = table_text(frame) == (work / "alone.csv").read_text()
        del pd
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["load_after"] = os.getloadavg()[0]
    out = args.out or HERE / "out" / f"dask-{args.size}.json"
    out.write_text(json.dumps(result, indent=2))

    def gib(n: int) -> str:
        return f"{n / 2**30:.2f} GiB"

    i1, id_ = result["import_one_process"], result["import_dask"]
    u1, ud = result["users_one_process"], result["users_dask"]
    print(f"| {args.size:,} conversations | one process | Dask local:{args.workers} "
          f"({args.memory_limit} a worker) |\n|---|---:|---:|")
    print(f"| import | {i1['seconds']:.1f} s, {gib(i1['peak_rss_bytes'])} | "
          f"{id_['seconds']:.1f} s; workers' peaks "
          f"{', '.join(gib(w) for w in id_['worker_peak_rss_bytes'])} |")
    print(f"| all-users table (cold / cluster up) | {u1['seconds']:.2f} s, "
          f"{gib(u1['peak_rss_bytes'])} | {ud['seconds']:.2f} s |")
    print(f"| cluster start | | {result['cluster_start_seconds']:.1f} s |")
    print(f"| tables equal | | {result['tables_equal']} |")
    print(f"load average before/after: {result['load_before']:.2f} / "
          f"{result['load_after']:.2f}")
    return 0 if result["tables_equal"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
