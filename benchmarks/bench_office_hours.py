"""Benchmark: office seconds of N [a, b) pairs (issue 3), and its peer.

    python benchmarks/bench_office_hours.py [--pairs 10000000] [--sample 20000]

OfficeClock answers N pairs spread over two years in America/New_York (split shifts, a
Friday overnight shift, a Saturday shift, holidays). The peer is the obvious per-pair
Python loop: for each pair, walk the local dates it spans, turn each shift into UTC with
`zoneinfo` and sum the overlaps of their union with [a, b). It runs on a random sample
and is scaled to N; the sample's answers must agree with OfficeClock's. (The peer's
wall-clock arithmetic is right here because no shift opens or closes inside a DST gap or
overlap; OfficeClock handles those too.) No timing is asserted; the figures are printed
and written to benchmarks/out/office_hours.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
import zoneinfo
from pathlib import Path

import numpy as np

from reports._office_hours import OfficeClock, OfficeHours, parse_office_hours

CONFIG = {
    "enabled": True,
    "timezone": "America/New_York",
    "schedule": {
        "monday": [["09:00", "12:00"], ["13:00", "17:30"]],
        "tuesday": [["09:00", "12:00"], ["13:00", "17:30"]],
        "wednesday": [["09:00", "12:00"], ["13:00", "17:30"]],
        "thursday": [["09:00", "12:00"], ["13:00", "17:30"]],
        "friday": [["09:00", "12:00"], ["13:00", "17:30"], ["22:00", "06:00"]],
        "saturday": [["10:00", "14:00"]],
    },
    "holidays": ["2014-01-01", "2014-07-04", "2014-11-27", "2014-12-25",
                 "2015-01-01", "2015-07-03", "2015-11-26", "2015-12-25"],
}
START, END = "2014-01-01T00:00:00+00:00", "2016-01-01T00:00:00+00:00"


def make_pairs(n: int, lo: int, hi: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """a uniform over the span; b - a log-normal (median 3 h, a long tail to weeks);
    one pair in 50 reversed (b < a, answer 0)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(lo, hi, n, dtype=np.int64)
    wait = np.exp(rng.normal(np.log(3 * 3600), 1.6, n)).astype(np.int64)
    b = np.minimum(a + wait, hi)
    flip = rng.random(n) < 0.02
    b[flip] = a[flip] - wait[flip] % 3600
    b = np.maximum(b, lo)
    return a, b


def peer_office_seconds(hours: OfficeHours, a: np.ndarray, b: np.ndarray) -> list[int]:
    """One pair at a time, in plain Python with zoneinfo."""
    tz = zoneinfo.ZoneInfo(hours.timezone)
    out = []
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        if y <= x:
            out.append(0)
            continue
        day = dt.datetime.fromtimestamp(x, tz).date() - dt.timedelta(days=1)
        last = dt.datetime.fromtimestamp(y, tz).date()
        spans = []
        while day <= last:
            if day not in hours.holidays:
                midnight = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
                for opens, closes in hours.schedule[day.weekday()]:
                    end = closes if closes > opens else 86400 + closes
                    s = int((midnight + dt.timedelta(seconds=opens)).timestamp())
                    e = int((midnight + dt.timedelta(seconds=end)).timestamp())
                    spans.append((max(s, x), min(e, y)))
            day += dt.timedelta(days=1)
        total, reach = 0, x
        for s, e in sorted(spans):
            s = max(s, reach)
            if e > s:
                total += e - s
                reach = e
        out.append(total)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=10_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20150101)
    parser.add_argument("--out", default=str(Path(__file__).parent / "out" / "office_hours.json"))
    args = parser.parse_args(argv)

    hours = parse_office_hours(CONFIG)
    lo = int(dt.datetime.fromisoformat(START).timestamp())
    hi = int(dt.datetime.fromisoformat(END).timestamp())
    a, b = make_pairs(args.pairs, lo, hi, args.seed)

    builds, queries = [], []
    result = np.zeros(0, dtype=np.int64)
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        clock = OfficeClock(hours, lo, hi)
        t1 = time.perf_counter()
        result = clock.office_seconds(a, b)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        queries.append(t2 - t1)

    n_sample = min(args.sample, args.pairs)
    pick = np.random.default_rng(args.seed + 1).choice(args.pairs, n_sample, replace=False)
    t0 = time.perf_counter()
    peer = peer_office_seconds(hours, a[pick], b[pick])
    peer_time = time.perf_counter() - t0
    agree = int(np.sum(np.array(peer, dtype=np.int64) == result[pick]))
    peer_scaled = peer_time * args.pairs / n_sample

    query = min(queries)
    rows = [
        ("OfficeClock build (best)", min(builds), ""),
        (f"OfficeClock query, {args.pairs:,} pairs (best)", query,
         f"{args.pairs / query / 1e6:,.1f} M pairs/s"),
        ("OfficeClock query (median)", statistics.median(queries), ""),
        (f"per-pair loop, {n_sample:,} pairs", peer_time,
         f"{n_sample / peer_time / 1e3:,.1f} k pairs/s"),
        (f"per-pair loop scaled to {args.pairs:,}", peer_scaled, ""),
    ]
    print(f"office hours: {hours.timezone}, {START[:10]} .. {END[:10]}, "
          f"{os.cpu_count()} cpus, best of {args.repeat}")
    for label, seconds, note in rows:
        print(f"  {label:<44} {seconds:>10.3f} s  {note}")
    print(f"  speed-up (scaled loop / query)              {peer_scaled / query:>10,.0f} x")
    print(f"  sample agrees: {agree:,}/{n_sample:,}; mean office time "
          f"{result.mean() / 3600:.2f} h")

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "command": " ".join([Path(sys.argv[0]).name, *(argv or sys.argv[1:])]),
        "timezone": hours.timezone, "span": [START, END], "pairs": args.pairs,
        "build_seconds": builds, "query_seconds": queries,
        "peer": "per-pair Python loop with zoneinfo", "peer_sample": n_sample,
        "peer_sample_seconds": peer_time, "peer_scaled_seconds": peer_scaled,
        "speedup": peer_scaled / query, "sample_agree": agree,
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "numpy": np.__version__,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"  wrote {out}")
    return 0 if agree == n_sample else 1


if __name__ == "__main__":
    sys.exit(main())
