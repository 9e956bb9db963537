"""Import throughput (issue 4): ``reports import`` of a tap-helpscout dump of N conversations.

    python benchmarks/bench_import.py --conversations 100000 1000000 [--out FILE] [--load]

For each N: generate a realistic account (`reports._generate.generate`, cached in
benchmarks/out/import-data-N), write it as a Singer dump the shape tap-helpscout writes
(`tests/io_helpers.to_singer`: every record with the fields the report does not read too,
so the bytes per record are realistic), then run ``reports import DUMP --out DIR`` in a
fresh process and measure its wall and CPU time and peak RSS (the child's own VmHWM:
``ru_maxrss`` would include the parent's peak, inherited through fork). Reports records/s
(per wall and per CPU second: the machine may be shared), MB/s, and peak RSS against the
dump's size. With ``--load``, also times ``reports.load`` of the dump itself and of the
imported directory, each in a fresh process, to show what importing once saves later.

Writes benchmarks/out/import.json (or --out) and prints a table. Nothing here asserts a
timing; the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"

CHILD = r"""
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
mode, args = sys.argv[1], sys.argv[2:]
if mode == "import":
    from reports._cli import main
    code = main(["import", *args])
else:
    import reports
    ds = reports.load(args[0])
    rows = dict(ds.load_report.rows)
    code = 0
# VmHWM is this program's own peak: ru_maxrss also counts what a forked parent had
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
try:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) * 1024
except OSError:
    pass
print(json.dumps({"code": code, "wall": time.perf_counter() - t0,
                  "cpu": time.process_time() - c0, "peak_rss_bytes": peak}), file=sys.stderr)
"""


def child(mode: str, *args: str) -> dict[str, Any]:
    """Run one measured step in a fresh interpreter; its stats come on the last stderr line."""
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    stats = json.loads(proc.stderr.strip().splitlines()[-1])
    if stats["code"] != 0:
        raise SystemExit(f"{mode} failed:\n{proc.stderr}")
    stats["stdout"] = proc.stdout
    return stats


def make_dump(n: int, seed: int) -> tuple[Path, dict[str, int]]:
    """The generated account of `n` conversations as a Singer dump (cached)."""
    import pyarrow.parquet as pq

    from reports._generate import generate

    sys.path.insert(0, str(ROOT / "tests"))
    from io_helpers import to_singer

    base = OUT / f"import-data-{n}"
    dump = base / "tap-helpscout.jsonl"
    counts_file = base / "counts.json"
    if dump.exists() and counts_file.exists():
        return dump, json.loads(counts_file.read_text())
    shutil.rmtree(base, ignore_errors=True)
    t = time.perf_counter()
    counts = generate(base / "canonical", conversations=n, seed=seed)
    print(f"  generated {n:,} conversations in {time.perf_counter() - t:.1f} s", flush=True)

    def batches(name: str) -> Any:
        path = base / "canonical" / f"{name}.parquet"
        return lambda: (b.to_pandas() for b in pq.ParquetFile(path).iter_batches(100_000))

    t = time.perf_counter()
    to_singer({name: batches(name) for name in counts}, dump)
    print(f"  wrote the dump ({dump.stat().st_size / 1e6:,.0f} MB) in "
          f"{time.perf_counter() - t:.1f} s", flush=True)
    shutil.rmtree(base / "canonical")
    counts_file.write_text(json.dumps(counts))
    return dump, counts


def bench(n: int, seed: int, load: bool) -> dict[str, Any]:
    print(f"N = {n:,}", flush=True)
    dump, counts = make_dump(n, seed)
    out_dir = dump.parent / "imported"
    shutil.rmtree(out_dir, ignore_errors=True)
    stats = child("import", str(dump), "--out", str(out_dir))
    summary = json.loads(stats.pop("stdout"))
    size = dump.stat().st_size
    records = int(summary["records"])
    result: dict[str, Any] = {
        "conversations": n, "rows": summary["rows"], "records": records,
        "dump_bytes": size, "import_seconds": round(stats["wall"], 3),
        "import_cpu_seconds": round(stats["cpu"], 3),
        "records_per_second": round(records / stats["wall"]),
        "records_per_cpu_second": round(records / stats["cpu"]),
        "mb_per_second": round(size / 1e6 / stats["wall"], 1),
        "peak_rss_bytes": stats["peak_rss_bytes"],
        "peak_rss_over_dump_size": round(stats["peak_rss_bytes"] / size, 3),
        "imported_bytes": sum(p.stat().st_size for p in out_dir.iterdir()),
        "generated_rows": counts,
    }
    if load:
        for what, path in (("dump", dump), ("imported", out_dir)):
            s = child("load", str(path))
            result[f"load_{what}_seconds"] = round(s["wall"], 3)
            result[f"load_{what}_peak_rss_bytes"] = s["peak_rss_bytes"]
    print(f"  import: {records:,} records in {stats['wall']:.1f} s "
          f"({result['records_per_second']:,} records/s, {result['mb_per_second']} MB/s, "
          f"CPU {stats['cpu']:.1f} s); peak RSS {stats['peak_rss_bytes'] / 1e6:,.0f} MB "
          f"= {result['peak_rss_over_dump_size']:.0%} of the dump", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, nargs="+", default=[100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--load", action="store_true",
                        help="also time loading the dump and the imported directory")
    parser.add_argument("--out", type=Path, default=OUT / "import.json")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results = [bench(n, args.seed, args.load) for n in args.conversations]
    doc = {"benchmark": "reports import (Singer dump → canonical Parquet)",
           "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                       "platform": platform.platform()},
           "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n")
    print("\n| conversations | records | dump MB | import s | records/s | MB/s | "
          "peak RSS MB | RSS/dump |\n|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['conversations']:,} | {r['records']:,} | {r['dump_bytes'] / 1e6:,.0f} | "
              f"{r['import_seconds']:.1f} | {r['records_per_second']:,} | "
              f"{r['mb_per_second']} | {r['peak_rss_bytes'] / 1e6:,.0f} | "
              f"{r['peak_rss_over_dump_size']:.0%} |")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
