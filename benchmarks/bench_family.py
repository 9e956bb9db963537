"""Warm latency of every member of the report family, and everyone's series table.

    python benchmarks/bench_family.py --size 1000000 [--requests 200]

After `reports.load` and a first report (the per-dataset work), each member answers
`--requests` random requests (users and teams, 1 to 365 days anywhere in the data,
filters, previous ranges for the members that take one; the paged members with a page
size of 10, 25 or 50 and a page within the result, as an API client asks). The drill-down
and conversation history of the busiest user and of the busiest team over the whole last
year are timed separately, paged and with every row on one page. The series table is
everyone's weekly series over a year. Results: medians and 95th percentiles, in
`benchmarks/out/family.json` and a Markdown table on stdout. No threshold is asserted.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Vocabulary, dataset, machine, percentile, random_requests  # noqa: E402

import reports  # noqa: E402
from reports._catalog import REPORTS  # noqa: E402

PAGED = {"ratings_report", "conversation_history_report", "drilldown_report"}
NO_PREVIOUS = PAGED
FAMILY = [r for r in REPORTS if r.command != "user"]


def request_for(method: str, base: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    req = dict(base)
    if method in NO_PREVIOUS:
        req.pop("previous_start", None)
        req.pop("previous_end", None)
    if method in PAGED:
        req["rows"] = rnd.choice([10, 25, 50])
        req["page"] = 1 if rnd.random() < 0.7 else rnd.randint(1, 4)
    series = ("replies_report", "resolutions_report", "customers_helped_report")
    if method in series and rnd.random() < 0.5:
        req["view_by"] = rnd.choice(["day", "week", "month"])
    if method == "conversation_history_report" and rnd.random() < 0.3:
        req["office_hours"] = True
    return req


def timings(fn: Any, calls: list[dict[str, Any]]) -> list[float]:
    out = []
    for kw in calls:
        began = time.perf_counter()
        fn(**kw)
        out.append(time.perf_counter() - began)
    return out


def summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2),
            "p95_ms": round(percentile(ms, 95), 2), "max_ms": round(max(ms), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "family.json")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", reports.ReportsWarning)

    path, _ = dataset(args.size)
    vocab = Vocabulary(path)
    ds = reports.load(path)
    ds.user_report(vocab.median_user, "2025-06-01", "2025-06-30")  # the per-dataset work
    rnd = random.Random(7)
    base = random_requests(vocab, args.requests, seed=11)
    results: dict[str, Any] = {"machine": machine(), "size": args.size, "members": {}}
    for rep in FAMILY:
        fn = getattr(ds, rep.method)
        calls = [request_for(rep.method, b, rnd) for b in base]
        fn(**calls[0])  # member-specific caches
        results["members"][rep.command] = summary(timings(fn, calls))

    year = {"start": "2025-01-01", "end": "2025-12-31"}
    table = ds.users_table(**year)
    busiest = {kind: int(table[table["kind"] == kind].sort_values("totalReplies")
                         .iloc[-1]["id"]) for kind in ("user", "team")}
    results["busiest"] = {}
    for kind, who in busiest.items():
        for method in ("drilldown_report", "conversation_history_report"):
            for rows in (50, None):
                calls = [{"user": who, **year, "rows": rows}] * 5
                key = f"{method} busiest {kind} ({who}) rows={rows}"
                results["busiest"][key] = summary(timings(getattr(ds, method), calls))
    ds.series_table(**year, view_by="week")
    results["series_table_week_year"] = summary(
        timings(ds.series_table, [{**year, "view_by": "week"}] * 5))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(f"| member ({args.size:,} conversations, {args.requests} random requests) "
          "| median | p95 |\n|---|---:|---:|")
    for name, s in results["members"].items():
        print(f"| {name} | {s['median_ms']} ms | {s['p95_ms']} ms |")
    for name, s in results["busiest"].items():
        print(f"| {name} | {s['median_ms']} ms | {s['p95_ms']} ms |")
    s = results["series_table_week_year"]
    print(f"| series_table, weekly, a year, everyone | {s['median_ms']} ms | "
          f"{s['p95_ms']} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
