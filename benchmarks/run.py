"""Benchmarks (issue 5): the engine against its DuckDB peer, measured in the same run.

    python benchmarks/run.py --sizes 100000 1000000 [--out FILE] [--users 100]

For each size N it generates a dataset (cached in benchmarks/out/data-N; delete the
directory to regenerate) and measures, in this order and on the same machine:

- cold, in fresh processes (median of --repeat runs, engine and peer interleaved): the
  single report (`reports user`: load + prepare + one report with a previous range) and the
  all-users table for one range (`reports users --format csv`), against
  `benchmarks/duckdb_peer.py user|users` for the same request; wall time and peak RSS of
  each process (os.wait4);
- warm, in this process: load and prepare time, then per-report latency (median, p95) over
  --users random requests (users and teams, random filters and ranges, with and without
  a previous range) with and without office hours, the fixed report, and the all-users
  table; the peer warm on the same connection for the fixed report, the all-users table and
  the first --peer-requests random requests (over Parquet views, and with the tables
  copied into DuckDB first);
- agreement: the peer's documents and table must equal the engine's (office hours off).

Writes every figure to a JSON file (default benchmarks/out/results.json), a log-log PNG
chart and a Markdown table beside it (same name, .png / .md), and prints the table.
Nothing here asserts a timing. Cold runs read files from a warm OS page cache (the data
were just generated or read); "cold" means a fresh process that loads and prepares.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import duckdb  # noqa: E402
import duckdb_peer  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import reports  # noqa: E402

PEER = str(HERE / "duckdb_peer.py")
SEED = 1
# The fixed request: one month with the month before as the previous range.
FIXED = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z",
         "previous_start": "2025-05-01T00:00:00Z", "previous_end": "2025-05-31T23:59:59Z"}
TABLE_RANGE = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z"}


# --------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {os.getloadavg()[0]:.2f}] {message}",
          file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    import matplotlib
    import pyarrow

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else None,
        "memory_bytes": mem,
        "memory_gib": round(mem / 2**30, 1) if mem else None,
        "cpu_model": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "pyarrow": pyarrow.__version__,
        "duckdb": duckdb.__version__,
        "matplotlib": matplotlib.__version__,
        "reports": getattr(reports, "__version__", None),
        "git_head": _git_head(),
    }


def _git_head() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "reports"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return out.stdout.strip() + ("+dirty(reports/)" if dirty else "") or None
    except (OSError, subprocess.SubprocessError):
        return None


def run_process(cmd: list[str]) -> dict[str, Any]:
    """Run `cmd` in a fresh process: wall seconds, peak RSS and stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return {"seconds": wall, "peak_rss_bytes": usage.ru_maxrss * 1024,
            "cpu_seconds": usage.ru_utime + usage.ru_stime, "stdout": stdout}


def summary(seconds: list[float]) -> dict[str, Any]:
    xs = sorted(seconds)
    return {"median": statistics.median(xs), "p95": percentile(xs, 95), "min": xs[0],
            "max": xs[-1], "n": len(xs)}


def percentile(xs: list[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default)."""
    return float(np.percentile(np.asarray(xs, dtype=float), q))


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - t0, value


def cli_args(request: dict[str, Any]) -> list[str]:
    out = []
    for key, value in request.items():
        if value is None or key == "user":
            continue
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        out += ["--" + key.replace("_", "-"), str(value)]
    return out


# --------------------------------------------------------------------------- dataset


def dataset(size: int) -> tuple[Path, float | None]:
    """The cached dataset of `size` conversations (generated when missing)."""
    from reports._generate import generate

    path = HERE / "out" / f"data-{size}"
    needed = ("conversations.parquet", "threads.parquet", "office_hours.json")
    if all((path / f).exists() for f in needed):
        return path, None
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    log(f"generating {size:,} conversations into {path}")
    seconds, _ = timed(generate, tmp, conversations=size, seed=SEED)
    if path.exists():
        import shutil

        shutil.rmtree(path)
    tmp.rename(path)
    return path, seconds


class Vocabulary:
    """Ids present in a dataset, read straight from its Parquet files."""

    def __init__(self, path: Path) -> None:
        con = duckdb.connect()

        def ids(sql: str) -> list[int]:
            return [int(r[0]) for r in con.execute(sql).fetchall()]

        def q(name: str) -> str:
            return "'" + str(path / f"{name}.parquet") + "'"

        self.users = ids(f"SELECT id FROM {q('users')} ORDER BY id")
        self.teams = ids(f"SELECT id FROM {q('teams')} ORDER BY id")
        self.mailboxes = ids(f"SELECT DISTINCT mailbox_id FROM {q('conversations')} ORDER BY 1")
        self.folders = ids(f"SELECT DISTINCT folder_id FROM {q('conversations')} "
                           "WHERE folder_id IS NOT NULL ORDER BY 1")
        self.tags = ids(f"SELECT DISTINCT tag_id FROM {q('conversation_tags')} ORDER BY 1")
        lo, hi = con.execute(f"SELECT epoch(min(created_at))::BIGINT, "
                             f"epoch(max(created_at))::BIGINT FROM {q('conversations')}"
                             ).fetchone()
        self.span = (int(lo), int(hi))
        # The fixed request's user: median replies among users of the users table.
        replies = con.execute(f"""
            SELECT created_by_id, count(*) AS n FROM {q('threads')}
            WHERE lower(created_by_type) = 'user'
              AND lower(type) IN ('reply', 'message', 'chat', 'phone')
              AND created_by_id IN (SELECT id FROM {q('users')})
            GROUP BY 1 ORDER BY n, 1""").fetchall()
        self.median_user = int(replies[len(replies) // 2][0]) if replies else self.users[0]
        con.close()


def random_requests(vocab: Vocabulary, n: int, seed: int) -> list[dict[str, Any]]:
    """`n` random requests: users and teams, filters and ranges."""
    rnd = random.Random(seed)
    day = 86400
    lo, hi = vocab.span
    out = []
    for _ in range(n):
        who = (rnd.choice(vocab.teams) if vocab.teams and rnd.random() < 0.2
               else rnd.choice(vocab.users))
        days = rnd.choices([1, 7, 30, 90, 365], weights=[1, 3, 4, 2, 1])[0]
        length = days * day
        first = lo // day + (days if rnd.random() < 0.6 else 0)
        last = max(first, (hi - length) // day)
        start = rnd.randint(first, last) * day
        req: dict[str, Any] = {"user": who, "start": iso(start), "end": iso(start + length - 1)}
        if rnd.random() < 0.6:
            req["previous_start"] = iso(start - length)
            req["previous_end"] = iso(start - 1)
        if rnd.random() < 0.3:
            req["mailboxes"] = rnd.sample(vocab.mailboxes, rnd.randint(1, 3))
        if rnd.random() < 0.2 and vocab.tags:
            req["tags"] = rnd.sample(vocab.tags, min(len(vocab.tags), rnd.randint(1, 5)))
        if rnd.random() < 0.3:
            req["types"] = rnd.sample(["email", "chat", "phone"], rnd.randint(1, 2))
        if rnd.random() < 0.1 and vocab.folders:
            req["folders"] = rnd.sample(vocab.folders, min(len(vocab.folders),
                                                           rnd.randint(1, 8)))
        out.append(req)
    return out


def iso(seconds: int) -> str:
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------- measuring


def cold(path: Path, user: int, repeat: int) -> dict[str, Any]:
    """Fresh-process timings, engine and peer interleaved; plus their outputs."""
    py = sys.executable
    single = ["--data", str(path), "--user", str(user)] + cli_args(FIXED)
    table = ["--data", str(path)] + cli_args(TABLE_RANGE)
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "engine_user": [py, "-m", "reports", "user", *single, "--compact"],
            "peer_user": [py, PEER, "user", *single],
            "engine_users": [py, "-m", "reports", "users", *table, "--format", "csv",
                             "--out", f"{tmp}/engine.csv"],
            "peer_users": [py, PEER, "users", *table, "--out", f"{tmp}/peer.csv"],
        }
        runs: dict[str, list[dict[str, Any]]] = {k: [] for k in commands}
        for i in range(repeat):
            for name, cmd in commands.items():
                log(f"cold {name} {i + 1}/{repeat}")
                runs[name].append(run_process(cmd))
        out: dict[str, Any] = {}
        for name, rs in runs.items():
            out[name] = {
                "seconds": summary([r["seconds"] for r in rs]),
                "peak_rss_bytes": max(r["peak_rss_bytes"] for r in rs),
                "cpu_seconds": statistics.median(r["cpu_seconds"] for r in rs),
                "runs_seconds": [r["seconds"] for r in rs],
            }
        out["command"] = {k: " ".join(Path(c).name if j == 0 else c
                                      for j, c in enumerate(v))
                          for k, v in commands.items()}
        docs = (json.loads(runs["engine_user"][-1]["stdout"]),
                json.loads(runs["peer_user"][-1]["stdout"]))
        tables = (pd.read_csv(f"{tmp}/engine.csv"), pd.read_csv(f"{tmp}/peer.csv"))
    return {"timings": out, "docs": docs, "tables": tables}


def warm(path: Path, vocab: Vocabulary, n_requests: int, n_peer: int,
         repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    log("warm: engine load")
    t_load, ds = timed(reports.load, path)
    fixed = {"user": vocab.median_user, **FIXED}
    t_first, first_doc = timed(ds.user_report, **fixed)
    out["engine_load_seconds"] = t_load
    out["engine_first_report_seconds"] = t_first  # builds the model and the facts
    out["engine_fixed_report_seconds"] = summary(
        [timed(ds.user_report, **fixed)[0] for _ in range(max(repeat, 10))])

    requests = random_requests(vocab, n_requests, SEED + 1)
    engine_docs = []
    for office in (False, True):
        log(f"warm: engine {n_requests} random reports, office_hours={office}")
        times = []
        for req in requests:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # unknown filter ids are fine here
                t, doc = timed(ds.user_report, **req, office_hours=office)
            times.append(t)
            if not office:
                engine_docs.append(doc)
        out["engine_random_reports" + ("_office_hours" if office else "")] = summary(times)

    log("warm: engine all-users table")
    table_times = []
    for _ in range(repeat):
        t, engine_table = timed(ds.users_table, **TABLE_RANGE)
        table_times.append(t)
    out["engine_users_table_seconds"] = summary(table_times)
    out["engine_table_rows"] = len(engine_table)
    out["process_peak_rss_bytes_after_engine"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)

    log("warm: peer over Parquet views")
    peer = duckdb_peer.Peer(path)
    peer_first, peer_doc = timed(peer.user_report, **fixed)
    out["peer_first_report_seconds"] = peer_first
    out["peer_fixed_report_seconds"] = summary(
        [timed(peer.user_report, **fixed)[0] for _ in range(repeat)])
    log(f"warm: peer {n_peer} random reports")
    sub = requests[:n_peer]
    peer_times, peer_docs = [], []
    for req in sub:
        t, doc = timed(peer.user_report, **req)
        peer_times.append(t)
        peer_docs.append(doc)
    if sub:
        out["peer_random_reports"] = summary(peer_times)
        # The engine on exactly the same requests, for an apples-to-apples ratio.
        same = []
        for req in sub:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                same.append(timed(ds.user_report, **req)[0])
        out["engine_random_reports_peer_subset"] = summary(same)
    log("warm: peer all-users table")
    timed(peer.users_table, **TABLE_RANGE)
    peer_table_times = []
    for _ in range(repeat):
        t, peer_table = timed(peer.users_table, **TABLE_RANGE)
        peer_table_times.append(t)
    out["peer_users_table_seconds"] = summary(peer_table_times)
    peer.close()

    log("warm: peer with the tables copied into DuckDB")
    t_mem, mem = timed(duckdb_peer.Peer, path, in_memory=True)
    out["peer_memory_load_seconds"] = t_mem
    timed(mem.user_report, **fixed)
    out["peer_memory_fixed_report_seconds"] = summary(
        [timed(mem.user_report, **fixed)[0] for _ in range(repeat)])
    timed(mem.users_table, **TABLE_RANGE)
    out["peer_memory_users_table_seconds"] = summary(
        [timed(mem.users_table, **TABLE_RANGE)[0] for _ in range(repeat)])
    mem.close()

    out["_compare"] = {
        "fixed": (first_doc, peer_doc),
        "random": list(zip(engine_docs[:n_peer], peer_docs, sub, strict=True)),
        "table": (engine_table, peer_table),
    }
    out["requests_sample"] = requests[:5]
    return out


def differences(engine: dict[str, Any], peer: dict[str, Any]) -> list[str]:
    """Fields where two report documents differ (empty when they are equal)."""
    out = []
    for part in sorted(set(engine) | set(peer)):
        a, b = engine.get(part), peer.get(part)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            out += [f"{part}.{k}: engine {a.get(k)!r} peer {b.get(k)!r}"
                    for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
        else:
            out.append(f"{part}: engine {a!r} peer {b!r}")
    return out


def table_differences(engine: pd.DataFrame, peer: pd.DataFrame) -> list[str]:
    try:
        pd.testing.assert_frame_equal(engine.reset_index(drop=True),
                                      peer.reset_index(drop=True), check_exact=True,
                                      check_dtype=False)
    except AssertionError as exc:
        return [str(exc).splitlines()[0] + " " + " ".join(str(exc).split())[:600]]
    return []


def agreement(cold_out: dict[str, Any], warm_out: dict[str, Any]) -> dict[str, Any]:
    cmp = warm_out.pop("_compare")
    checks: list[tuple[str, list[str]]] = [
        ("cold single report (CLI JSON)", differences(*cold_out["docs"])),
        ("cold all-users table (CSV)", table_differences(*cold_out["tables"])),
        ("warm fixed report", differences(*cmp["fixed"])),
        ("warm all-users table", table_differences(*cmp["table"])),
    ]
    for i, (e, p, req) in enumerate(cmp["random"]):
        checks.append((f"random request {i}: {json.dumps(req)}", differences(e, p)))
    bad = [(name, diff) for name, diff in checks if diff]
    return {"compared": len(checks), "mismatched": len(bad),
            "random_requests_compared": len(cmp["random"]),
            "mismatches": [{"check": name, "differences": diff[:10]} for name, diff in bad[:10]]}


def measure(size: int, args: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg()
    path, gen_seconds = dataset(size)
    vocab = Vocabulary(path)
    import pyarrow.parquet as pq

    threads = pq.ParquetFile(path / "threads.parquet").metadata.num_rows
    result: dict[str, Any] = {
        "conversations": size, "threads": threads,
        "data_dir": str(path.relative_to(ROOT)), "generate_seconds": gen_seconds,
        "fixed_request": {"user": vocab.median_user, **FIXED},
        "table_request": TABLE_RANGE, "users": len(vocab.users), "teams": len(vocab.teams),
        "loadavg_before": load_before,
    }
    log(f"size {size:,}: cold runs")
    cold_out = cold(path, vocab.median_user, args.repeat)
    result["cold"] = cold_out["timings"]
    warm_out = warm(path, vocab, args.users, min(args.peer_requests, args.users),
                    args.warm_repeat)
    result["agreement"] = agreement(cold_out, warm_out)
    result["warm"] = warm_out
    result["loadavg_after"] = os.getloadavg()
    return result


# --------------------------------------------------------------------------- reporting


def rows_of(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, engine, peer, engine/peer) rows for one size."""
    c, w = result["cold"], result["warm"]

    def s(x: float) -> str:
        return f"{x:.2f} s" if x >= 1 else f"{x * 1000:.0f} ms" if x >= 0.01 else \
            f"{x * 1000:.1f} ms"

    def mib(b: float) -> str:
        return f"{b / 2**20:,.0f} MiB"

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}" if b else "-"

    out = []
    for label, e, p, fmt in (
        ("cold single report (fresh process)", c["engine_user"]["seconds"]["median"],
         c["peer_user"]["seconds"]["median"], s),
        ("cold all-users table (fresh process)", c["engine_users"]["seconds"]["median"],
         c["peer_users"]["seconds"]["median"], s),
        ("peak RSS, cold single report", c["engine_user"]["peak_rss_bytes"],
         c["peer_user"]["peak_rss_bytes"], mib),
        ("peak RSS, cold all-users table", c["engine_users"]["peak_rss_bytes"],
         c["peer_users"]["peak_rss_bytes"], mib),
    ):
        out.append((label, fmt(e), fmt(p), ratio(e, p)))
    if "peer_random_reports" in w:
        e = w["engine_random_reports_peer_subset"]["median"]
        p = w["peer_random_reports"]["median"]
        n = w["peer_random_reports"]["n"]
        out.append((f"warm report, median of {n} random requests", s(e), s(p), ratio(e, p)))
    e, p = w["engine_fixed_report_seconds"]["median"], w["peer_fixed_report_seconds"]["median"]
    out.append(("warm fixed report (peer: Parquet views)", s(e), s(p), ratio(e, p)))
    p = w["peer_memory_fixed_report_seconds"]["median"]
    out.append(("warm fixed report (peer: tables in DuckDB)", s(e), s(p), ratio(e, p)))
    e, p = w["engine_users_table_seconds"]["median"], w["peer_users_table_seconds"]["median"]
    out.append(("warm all-users table (peer: Parquet views)", s(e), s(p), ratio(e, p)))
    p = w["peer_memory_users_table_seconds"]["median"]
    out.append(("warm all-users table (peer: tables in DuckDB)", s(e), s(p), ratio(e, p)))
    r = w["engine_random_reports"]
    out.append((f"warm report, {r['n']} random requests: median / p95",
                f"{s(r['median'])} / {s(r['p95'])}", "", ""))
    r = w["engine_random_reports_office_hours"]
    out.append(("… with office hours: median / p95", f"{s(r['median'])} / {s(r['p95'])}",
                "", ""))
    out.append(("load / prepare (first report)",
                f"{s(w['engine_load_seconds'])} / {s(w['engine_first_report_seconds'])}",
                f"copy into DuckDB {s(w['peer_memory_load_seconds'])}", ""))
    a = result["agreement"]
    out.append(("peer == engine", "", f"{a['compared'] - a['mismatched']}/{a['compared']} "
                "checks equal", ""))
    la = result["loadavg_before"][0], result["loadavg_after"][0]
    out.append(("load average (1 min) before / after", f"{la[0]:.2f} / {la[1]:.2f}", "",
                ""))
    return out


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"Machine: {m['cpu_model']}, {m['nproc']} CPUs, {m['memory_gib']} GiB; "
             f"Python {m['python']}, numpy {m['numpy']}, pandas {m['pandas']}, "
             f"pyarrow {m['pyarrow']}, duckdb {m['duckdb']}; reports at {m['git_head']}.",
             f"Command: `{results['command']}`", ""]
    for res in results["sizes"]:
        lines += [f"**{res['conversations']:,} conversations** "
                  f"({res['threads']:,} threads, {res['users']} users, {res['teams']} teams)",
                  "", "| measure | engine | DuckDB peer | engine/peer |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows_of(res)]
        lines.append("")
    return "\n".join(lines)


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["conversations"] for r in results["sizes"]]
    series = [
        ("cold single report", "tab:blue",
         [r["cold"]["engine_user"]["seconds"]["median"] for r in results["sizes"]],
         [r["cold"]["peer_user"]["seconds"]["median"] for r in results["sizes"]]),
        ("cold all-users table", "tab:orange",
         [r["cold"]["engine_users"]["seconds"]["median"] for r in results["sizes"]],
         [r["cold"]["peer_users"]["seconds"]["median"] for r in results["sizes"]]),
        ("warm single report (median)", "tab:green",
         [r["warm"].get("engine_random_reports_peer_subset",
                        r["warm"]["engine_random_reports"])["median"]
          for r in results["sizes"]],
         [r["warm"].get("peer_random_reports", r["warm"]["peer_fixed_report_seconds"])
          ["median"] for r in results["sizes"]]),
        ("warm all-users table", "tab:red",
         [r["warm"]["engine_users_table_seconds"]["median"] for r in results["sizes"]],
         [r["warm"]["peer_users_table_seconds"]["median"] for r in results["sizes"]]),
    ]
    fig, ax = plt.subplots(figsize=(7.5, 5))
    for label, color, engine, peer in series:
        ax.plot(sizes, engine, "o-", color=color, label=f"engine: {label}")
        ax.plot(sizes, peer, "s--", color=color, alpha=0.75, label=f"DuckDB peer: {label}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("conversations")
    ax.set_ylabel("seconds")
    m = results["machine"]
    ax.set_title(f"reports vs DuckDB peer — {m['nproc']} CPUs, {m['cpu_model'][:40]}",
                 fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    if len(sizes) == 1:
        ax.set_xlim(sizes[0] / 3, sizes[0] * 3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument("--users", type=int, default=100,
                        help="random warm requests (users and teams), default 100")
    parser.add_argument("--peer-requests", type=int, default=20,
                        help="how many of those the peer also runs (and is checked on)")
    parser.add_argument("--repeat", type=int, default=3, help="cold runs per command")
    parser.add_argument("--warm-repeat", type=int, default=5,
                        help="repetitions of the warm fixed report and table")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.time()
    results: dict[str, Any] = {
        "command": " ".join(["python", "benchmarks/run.py", *sys.argv[1:]]) if argv is None
        else " ".join(["python", "benchmarks/run.py", *argv]),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(), "sizes": [],
    }
    for size in args.sizes:
        results["sizes"].append(measure(size, args))
    results["total_seconds"] = time.time() - started
    results["machine"]["loadavg_end"] = os.getloadavg()
    args.out.write_text(json.dumps(results, indent=2, default=_json_default) + "\n")
    chart(results, args.out.with_suffix(".png"))
    text = markdown(results)
    args.out.with_suffix(".md").write_text(text + "\n")
    print(text)
    print(f"\nwrote {args.out}, {args.out.with_suffix('.png')} and "
          f"{args.out.with_suffix('.md')} in {results['total_seconds']:.0f} s")
    bad = sum(r["agreement"]["mismatched"] for r in results["sizes"])
    if bad:
        print(f"WARNING: the peer and the engine disagree on {bad} check(s); see "
              "'agreement' in the JSON", file=sys.stderr)
    return 1 if bad else 0


def _json_default(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if math.isnan(value) else float(value)
    raise TypeError(f"not JSON serialisable: {type(value)}")


if __name__ == "__main__":
    sys.exit(main())
