"""Benchmarks (issues 5 and 10): the engine against its DuckDB peer, measured in the same run.

    python benchmarks/run.py --sizes 100000 1000000 [--out FILE] [--fresh] [--users 100]

For each size N, on the same machine and in this order:

1. **Preparation.** The dataset of N conversations is generated once (`reports generate`,
   seed 1, cached in benchmarks/out/data-N). Then, each in a fresh process: the engine's
   `reports import DATA --out STORE` (cached in benchmarks/out/store-N) and the peer's
   "load", a persistent DuckDB database created from the same Parquet files
   (`duckdb_peer.py load`: CREATE TABLE ... AS SELECT ... FROM read_parquet(...), cached in
   benchmarks/out/peer-N.duckdb). Both are reused when present and still current (unless
   --fresh); their figures then come from the run that made them.
2. **Cold**, in fresh processes (median of --repeat runs, all commands interleaved): the
   single report (`reports user --data STORE`, a previous range) and the all-users table
   (`reports users --data STORE --format csv`), against the peer over the Parquet files
   and over the database file (`--db`); the peer's faster mode is the reference. Wall time
   and peak RSS (os.wait4) of every process.
3. **Warm**, in this process: `reports.load(STORE)`, the first report, per-report latency
   (median, p95) over --users random requests with and without office hours, the fixed
   report and the all-users table; the peer warm on one connection over Parquet views and
   one over the database file (read-only).
4. **Agreement**: every peer document and table must equal the engine's, exactly (office
   hours off); the run exits 1 if one does not.

Results are merged by size into a JSON file (default benchmarks/out/results.json: a later
`--sizes 10000000` adds to the 100k and 1M results), with a log-log chart of time and peak
memory against size (`.png`; with the default --out also docs/performance.png) and the
Markdown tables, with issue 10's targets, beside it (`.md`); the tables are also printed.
Nothing here asserts a timing. Cold runs read files from a warm OS page cache; "cold"
means a fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import shutil
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
OUT = HERE / "out"
DEFAULT_RESULTS = OUT / "results.json"
DOCS_CHART = ROOT / "docs" / "performance.png"
sys.path.insert(0, str(HERE))

import duckdb  # noqa: E402
import duckdb_peer  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import reports  # noqa: E402

PEER = str(HERE / "duckdb_peer.py")
PY = sys.executable
SEED = 1
SCHEMA = 2  # of one size's entry in the results file; entries of another are dropped
# The fixed request: one month with the month before as the previous range.
FIXED = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z",
         "previous_start": "2025-05-01T00:00:00Z", "previous_end": "2025-05-31T23:59:59Z"}
TABLE_RANGE = {"start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z"}
GIB = 2**30
PEER_MODES = ("parquet", "db")
PEER_MODE_NAMES = {"parquet": "Parquet files", "db": "database file"}


# --------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {os.getloadavg()[0]:.2f}] {message}",
          file=sys.stderr, flush=True)


# A child's ru_maxrss (os.wait4) starts at its parent's peak RSS: Linux carries the parent's
# high-water mark into the child at fork/exec. So fresh processes are started by a small
# spawner process (about 10 MiB, started before this one grows) and their peak RSS is
# their own, whatever this process has held before.
SPAWNER = r"""
import json, os, sys, time
for line in sys.stdin:
    req = json.loads(line)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, req["out"], flags, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, req["err"], flags, 0o644)]
    t0 = time.perf_counter()
    try:
        pid = os.posix_spawnp(req["cmd"][0], req["cmd"], os.environ, file_actions=actions)
    except OSError as exc:
        print(json.dumps({"error": str(exc)}), flush=True)
        continue
    _, status, usage = os.wait4(pid, 0)
    print(json.dumps({"seconds": time.perf_counter() - t0,
                      "code": os.waitstatus_to_exitcode(status),
                      "maxrss_kib": usage.ru_maxrss,
                      "cpu_seconds": usage.ru_utime + usage.ru_stime}), flush=True)
"""


class Spawner:
    """A small process that starts commands and reports their wall time and rusage."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([PY, "-c", SPAWNER], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)

    def run(self, cmd: list[str], out: str, err: str) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"cmd": cmd, "out": out, "err": err}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the spawner process died")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"{' '.join(cmd)}: {answer['error']}")
        return answer

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


SPAWN: Spawner | None = None


def run_process(cmd: list[str]) -> dict[str, Any]:
    """Run `cmd` in a fresh process: wall seconds, peak RSS (its own), CPU and stdout."""
    with tempfile.TemporaryDirectory() as tmp:
        out, err = f"{tmp}/stdout", f"{tmp}/stderr"
        if SPAWN is not None:
            r = SPAWN.run(cmd, out, err)
            wall, code, peak, cpu = (r["seconds"], r["code"], r["maxrss_kib"] * 1024,
                                     r["cpu_seconds"])
        else:  # no spawner: peak RSS is at least this process's own peak
            with open(out, "wb") as fo, open(err, "wb") as fe:
                t0 = time.perf_counter()
                proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, stdin=subprocess.DEVNULL,
                                        cwd=ROOT)
                _, status, usage = os.wait4(proc.pid, 0)
                wall = time.perf_counter() - t0
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            peak, cpu = usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime
        stdout = Path(out).read_text(errors="replace")
        stderr = Path(err).read_text(errors="replace")
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({code}):\n{stderr[-2000:]}")
    return {"seconds": wall, "peak_rss_bytes": peak, "cpu_seconds": cpu, "stdout": stdout}


def reset_peak() -> None:
    """Start measuring this process's peak RSS afresh (Linux: clear_refs 5)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def own_peak() -> int | None:
    """This process's peak RSS since `reset_peak` (VmHWM), in bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


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


# --------------------------------------------------------------------------- dataset


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


def disk_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- preparation


def compile_bytecode() -> None:
    """Fill the bytecode cache of the engine and the peer (`python -m compileall`), as an
    installed package has it: with PYTHONDONTWRITEBYTECODE set (as on the project's
    machine), every fresh process would otherwise compile them from source (~50 ms)."""
    try:
        run_process([PY, "-m", "compileall", "-q", str(ROOT / "reports"), PEER])
    except RuntimeError as exc:
        log(f"compileall failed; fresh processes may compile from source: {exc}")



def dataset(size: int) -> tuple[Path, dict[str, Any] | None]:
    """The cached dataset of `size` conversations (generated when missing, in a fresh
    process: `reports generate` holds the whole account in memory)."""
    path = OUT / f"data-{size}"
    needed = ("conversations.parquet", "threads.parquet", "office_hours.json")
    if all((path / f).exists() for f in needed):
        return path, None
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    log(f"generating {size:,} conversations into {path}")
    run = run_process([PY, "-m", "reports", "generate", "--out", str(tmp),
                       "--conversations", str(size), "--seed", str(SEED)])
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
    tmp.rename(path)
    return path, {k: run[k] for k in ("seconds", "peak_rss_bytes", "cpu_seconds")}


def _process_figures(run: dict[str, Any]) -> dict[str, Any]:
    return {"seconds": run["seconds"], "peak_rss_bytes": run["peak_rss_bytes"],
            "cpu_seconds": run["cpu_seconds"], "measured": now(),
            "loadavg_before": run.get("loadavg_before")}


def prepare_store(size: int, data: Path, fresh: bool,
                  previous: dict[str, Any] | None) -> tuple[Path, dict[str, Any]]:
    """benchmarks/out/store-N: `reports import DATA --out STORE` in a fresh process, or the
    store already there when it is current and the results file has the figures of the
    import that made it (they are then reported, marked cached)."""
    from reports._errors import DataError
    from reports.store import is_store
    from reports.store._layout import read_manifest

    store = OUT / f"store-{size}"
    if not fresh and is_store(store):
        try:
            manifest = read_manifest(store)
        except DataError as exc:
            log(f"store-{size} is stale ({exc}); importing again")
        else:
            fp = manifest.get("source", {}).get("fingerprint")
            old = (previous or {}).get("import")
            if old and old.get("source_fingerprint") == fp and old.get("seconds") is not None:
                log(f"reusing {store.relative_to(ROOT)} (imported {old.get('measured')})")
                return store, dict(old, cached=True, store_bytes=disk_bytes(store))
            log(f"{store.relative_to(ROOT)} was not imported by this harness (no figures "
                "for it in the results file); importing again to time it")
    if store.exists() and not is_store(store):
        shutil.rmtree(store)
    log(f"reports import {data.relative_to(ROOT)} --out {store.relative_to(ROOT)}")
    load = os.getloadavg()[0]
    run = run_process([PY, "-m", "reports", "import", str(data), "--out", str(store),
                       "--force"])
    run["loadavg_before"] = load
    figures = _process_figures(run)
    figures["summary"] = json.loads(run["stdout"].strip().splitlines()[-1])
    figures["source_fingerprint"] = read_manifest(store)["source"]["fingerprint"]
    figures["store_bytes"] = disk_bytes(store)
    figures["cached"] = False
    return store, figures


def prepare_peer_db(size: int, data: Path, fresh: bool,
                    previous: dict[str, Any] | None) -> tuple[Path, dict[str, Any]]:
    """benchmarks/out/peer-N.duckdb: the peer's load (`duckdb_peer.py load`) in a fresh
    process, or the file already there when it is newer than the dataset and the results
    file has the figures of the load that made it."""
    db = OUT / f"peer-{size}.duckdb"
    newest = max(f.stat().st_mtime_ns for f in data.glob("*.parquet"))
    if not fresh and db.is_file() and db.stat().st_mtime_ns > newest:
        old = (previous or {}).get("peer_load")
        if old and old.get("db_mtime_ns") == db.stat().st_mtime_ns:
            log(f"reusing {db.relative_to(ROOT)} (loaded {old.get('measured')})")
            return db, dict(old, cached=True, db_bytes=disk_bytes(db))
        log(f"{db.relative_to(ROOT)}: no figures for it in the results file; loading again")
    tmp = db.with_name(db.name + ".tmp")
    for f in (db, tmp, Path(str(db) + ".wal"), Path(str(tmp) + ".wal")):
        f.unlink(missing_ok=True)
    log(f"duckdb_peer.py load --data {data.relative_to(ROOT)} --db {db.relative_to(ROOT)}")
    load = os.getloadavg()[0]
    run = run_process([PY, PEER, "load", "--data", str(data), "--db", str(tmp)])
    tmp.rename(db)
    run["loadavg_before"] = load
    figures = _process_figures(run)
    figures["rows"] = json.loads(run["stdout"].strip().splitlines()[-1])["rows"]
    figures["db_mtime_ns"] = db.stat().st_mtime_ns
    figures["db_bytes"] = disk_bytes(db)
    figures["cached"] = False
    return db, figures


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


def cold(data: Path, store: Path, db: Path, user: int, repeat: int) -> dict[str, Any]:
    """Fresh-process timings, the engine over its store and the peer over the Parquet files
    and over its database file, all interleaved; plus their outputs."""
    single = ["--user", str(user)] + cli_args(FIXED)
    table = cli_args(TABLE_RANGE)
    peer_source = {"parquet": ["--data", str(data)], "db": ["--db", str(db)]}
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "engine_user": [PY, "-m", "reports", "user", "--data", str(store), *single,
                            "--compact"],
            **{f"peer_user_{m}": [PY, PEER, "user", *peer_source[m], *single]
               for m in PEER_MODES},
            "engine_users": [PY, "-m", "reports", "users", "--data", str(store), *table,
                             "--format", "csv", "--out", f"{tmp}/engine.csv"],
            **{f"peer_users_{m}": [PY, PEER, "users", *peer_source[m], *table,
                                   "--out", f"{tmp}/peer-{m}.csv"] for m in PEER_MODES},
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
        for what in ("user", "users"):  # the peer at its best: the faster of its modes
            best = min(PEER_MODES, key=lambda m: out[f"peer_{what}_{m}"]["seconds"]["median"])
            out[f"peer_{what}"] = dict(out[f"peer_{what}_{best}"], mode=best)
        out["command"] = {k: " ".join(Path(c).name if j == 0 else
                                      str(Path(c).relative_to(ROOT)) if c.startswith(str(ROOT))
                                      else c for j, c in enumerate(v))
                          for k, v in commands.items()}
        docs = {name: json.loads(runs[name][-1]["stdout"])
                for name in ("engine_user", *(f"peer_user_{m}" for m in PEER_MODES))}
        tables = {name: pd.read_csv(f"{tmp}/{file}.csv") for name, file in
                  (("engine_users", "engine"),
                   *((f"peer_users_{m}", f"peer-{m}") for m in PEER_MODES))}
    return {"timings": out, "docs": docs, "tables": tables}


def warm(store: Path, data: Path, db: Path, vocab: Vocabulary, n_requests: int, n_peer: int,
         repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    gc.collect()
    reset_peak()
    log("warm: engine load (the store)")
    t_load, ds = timed(reports.load, store)
    fixed = {"user": vocab.median_user, **FIXED}
    t_first, first_doc = timed(ds.user_report, **fixed)
    out["engine_load_seconds"] = t_load
    out["engine_first_report_seconds"] = t_first
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
    t_first_table, engine_table = timed(ds.users_table, **TABLE_RANGE)
    out["engine_first_users_table_seconds"] = t_first_table
    table_times = []
    for _ in range(repeat):
        t, engine_table = timed(ds.users_table, **TABLE_RANGE)
        table_times.append(t)
    out["engine_users_table_seconds"] = summary(table_times)
    out["engine_table_rows"] = len(engine_table)
    sub = requests[:n_peer]
    same = []  # the engine on exactly the requests the peer runs, for the ratio
    for req in sub:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            same.append(timed(ds.user_report, **req)[0])
    if sub:
        out["engine_random_reports_peer_subset"] = summary(same)
    # this process's peak while it held the engine (includes duckdb, pandas, the harness)
    out["engine_process_peak_rss_bytes"] = own_peak()
    del ds
    gc.collect()

    peer_docs: dict[str, Any] = {}
    for mode in PEER_MODES:
        reset_peak()
        log(f"warm: peer {PEER_MODE_NAMES[mode]}")
        t_open, peer = timed(duckdb_peer.Peer, data) if mode == "parquet" else \
            timed(duckdb_peer.Peer, db=db)
        out[f"peer_{mode}_open_seconds"] = t_open
        peer_first, peer_docs[f"fixed_{mode}"] = timed(peer.user_report, **fixed)
        out[f"peer_{mode}_first_report_seconds"] = peer_first
        out[f"peer_{mode}_fixed_report_seconds"] = summary(
            [timed(peer.user_report, **fixed)[0] for _ in range(repeat)])
        if mode == "parquet" and sub:
            log(f"warm: peer {n_peer} random reports")
            times, docs = [], []
            for req in sub:
                t, doc = timed(peer.user_report, **req)
                times.append(t)
                docs.append(doc)
            out["peer_random_reports"] = summary(times)
            peer_docs["random"] = docs
        log(f"warm: peer all-users table, {PEER_MODE_NAMES[mode]}")
        t, peer_docs[f"table_{mode}"] = timed(peer.users_table, **TABLE_RANGE)
        out[f"peer_{mode}_first_users_table_seconds"] = t
        times = []
        for _ in range(repeat):
            t, peer_docs[f"table_{mode}"] = timed(peer.users_table, **TABLE_RANGE)
            times.append(t)
        out[f"peer_{mode}_users_table_seconds"] = summary(times)
        peer.close()
        del peer
        gc.collect()
        out[f"peer_{mode}_process_peak_rss_bytes"] = own_peak()

    out["_compare"] = {
        "fixed": [(f"warm fixed report, peer {PEER_MODE_NAMES[m]}", first_doc,
                   peer_docs[f"fixed_{m}"]) for m in PEER_MODES],
        "table": [(f"warm all-users table, peer {PEER_MODE_NAMES[m]}", engine_table,
                   peer_docs[f"table_{m}"]) for m in PEER_MODES],
        "random": list(zip(engine_docs[:n_peer], peer_docs.get("random", []), sub,
                           strict=True)),
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


def agreement(cold_out: dict[str, Any], warm_out: dict[str, Any] | None) -> dict[str, Any]:
    docs, tables = cold_out["docs"], cold_out["tables"]
    checks: list[tuple[str, list[str]]] = []
    for m in PEER_MODES:
        checks.append((f"cold single report (CLI JSON), peer {PEER_MODE_NAMES[m]}",
                       differences(docs["engine_user"], docs[f"peer_user_{m}"])))
        checks.append((f"cold all-users table (CSV), peer {PEER_MODE_NAMES[m]}",
                       table_differences(tables["engine_users"], tables[f"peer_users_{m}"])))
    random_compared = 0
    if warm_out is not None:
        cmp = warm_out.pop("_compare")
        checks += [(name, differences(e, p)) for name, e, p in cmp["fixed"]]
        checks += [(name, table_differences(e, p)) for name, e, p in cmp["table"]]
        for i, (e, p, req) in enumerate(cmp["random"]):
            checks.append((f"random request {i}: {json.dumps(req)}", differences(e, p)))
        random_compared = len(cmp["random"])
    bad = [(name, diff) for name, diff in checks if diff]
    return {"compared": len(checks), "mismatched": len(bad),
            "random_requests_compared": random_compared,
            "mismatches": [{"check": name, "differences": diff[:10]} for name, diff in bad[:10]]}


def measure(size: int, args: argparse.Namespace,
            previous: dict[str, Any] | None) -> dict[str, Any]:
    began = time.time()
    load_before = os.getloadavg()
    data, generated = dataset(size)
    store, imported = prepare_store(size, data, args.fresh, previous)
    db, loaded = prepare_peer_db(size, data, args.fresh, previous)
    vocab = Vocabulary(data)
    import pyarrow.parquet as pq

    threads = pq.ParquetFile(data / "threads.parquet").metadata.num_rows
    result: dict[str, Any] = {
        "schema": SCHEMA, "conversations": size, "threads": threads,
        "started": dt.datetime.fromtimestamp(began, dt.UTC).isoformat(timespec="seconds"),
        "command": args.command_line, "git_head": args.machine["git_head"],
        "data_dir": str(data.relative_to(ROOT)), "data_bytes": disk_bytes(data),
        "store_dir": str(store.relative_to(ROOT)), "peer_db": str(db.relative_to(ROOT)),
        "generate": generated,
        "import": imported, "peer_load": loaded,
        "fixed_request": {"user": vocab.median_user, **FIXED},
        "table_request": TABLE_RANGE, "users": len(vocab.users), "teams": len(vocab.teams),
        "loadavg_before": load_before,
    }
    log(f"size {size:,}: cold runs")
    result["loadavg_cold"] = os.getloadavg()
    cold_out = cold(data, store, db, vocab.median_user, args.repeat)
    result["cold"] = cold_out["timings"]
    warm_out = None
    if not args.skip_warm:
        warm_out = warm(store, data, db, vocab, args.users,
                        min(args.peer_requests, args.users), args.warm_repeat)
    result["agreement"] = agreement(cold_out, warm_out)
    result["warm"] = warm_out
    result["loadavg_after"] = os.getloadavg()
    result["seconds"] = time.time() - began
    result["targets"] = targets(result)
    return result


# --------------------------------------------------------------------------- reporting


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f} s" if x >= 1 else f"{x * 1000:.0f} ms" if x >= 0.01 else \
        f"{x * 1000:.1f} ms"


def fmt_mib(b: float | None) -> str:
    return "-" if b is None else f"{b / 2**20:,.0f} MiB"


def fmt_ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


# Issue 10's targets (reported, never asserted).
IMPORT_PEAK = 2 * GIB          # every size: the import streams
RATIO_1M = 0.5                 # 1M: cold single and cold all-users against the peer's best
USERS_PEAK_1M = 1.5 * GIB      # 1M: peak RSS of the cold all-users run
WARM_MEDIAN, WARM_P95 = 0.020, 0.050   # 1M: warm random reports (issue 5, "as today")
WARM_TABLE = 1.0               # 1M: warm all-users table (issue 5)
USERS_10M, USERS_PEAK_10M = 10.0, 3 * GIB  # 10M: cold all-users table and its peak RSS


def targets(res: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 10's targets at this size: what was measured and whether each is met."""
    n, c, w, imp = res["conversations"], res["cold"], res.get("warm"), res.get("import") or {}
    out: list[dict[str, Any]] = []

    def add(target: str, result: str, met: bool | None) -> None:
        out.append({"target": target, "result": result, "met": met})

    def against(what: str) -> tuple[float, float, str]:
        e = c[f"engine_{what}"]["seconds"]["median"]
        p = c[f"peer_{what}"]["seconds"]["median"]
        mode = PEER_MODE_NAMES[c[f"peer_{what}"]["mode"]]
        text = f"{fmt_s(e)} against {fmt_s(p)} (peer: {mode}): {e / p:.2f}×"
        return e, p, text

    if imp.get("peak_rss_bytes") is not None:
        peak = imp["peak_rss_bytes"]
        add("`reports import` peak RSS < 2 GiB (streams, at any size)",
            f"{fmt_mib(peak)} ({fmt_s(imp['seconds'])})", peak < IMPORT_PEAK)
    users_peak = c["engine_users"]["peak_rss_bytes"]
    if n == 1_000_000:
        e, p, text = against("user")
        add(f"cold `reports user` with a previous range ≤ {RATIO_1M}× the peer at its best",
            text, e <= RATIO_1M * p)
        e, p, text = against("users")
        add(f"cold all-users table ≤ {RATIO_1M}× the peer at its best", text,
            e <= RATIO_1M * p)
        add("peak RSS of the cold all-users run ≤ 1.5 GiB", fmt_mib(users_peak),
            users_peak <= USERS_PEAK_1M)
        if w:
            r, o = w["engine_random_reports"], w["engine_random_reports_office_hours"]
            add("warm report median ≤ 20 ms, p95 ≤ 50 ms",
                f"{fmt_s(r['median'])} / {fmt_s(r['p95'])} (with office hours "
                f"{fmt_s(o['median'])} / {fmt_s(o['p95'])})",
                max(r["median"], o["median"]) <= WARM_MEDIAN
                and max(r["p95"], o["p95"]) <= WARM_P95)
            t = w["engine_users_table_seconds"]["median"]
            add("warm all-users table ≤ 1 s", fmt_s(t), t <= WARM_TABLE)
    if n == 10_000_000:
        e, p, text = against("users")
        add("cold all-users table ≤ 10 s", text, e <= USERS_10M)
        add("peak RSS of the cold all-users run ≤ 3 GiB", fmt_mib(users_peak),
            users_peak <= USERS_PEAK_10M)
        add("import time and peak memory reported",
            f"{fmt_s(imp.get('seconds'))}, {fmt_mib(imp.get('peak_rss_bytes'))}",
            imp.get("seconds") is not None or None)
        e, p, text = against("user")
        add("every report runs (cold single report)", text, True)
    return out


def rows_of(result: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(measure, engine, peer, engine/peer) rows for one size."""
    c, w = result["cold"], result.get("warm")
    imp, load = result.get("import") or {}, result.get("peer_load") or {}
    s, mib, ratio = fmt_s, fmt_mib, fmt_ratio

    def cached(fig: dict[str, Any]) -> str:
        return f" (cached, {fig['measured'][:10]})" if fig.get("cached") and \
            fig.get("measured") else " (cached)" if fig.get("cached") else ""

    out = [
        ("import / peer load (fresh process)", s(imp.get("seconds")) + cached(imp),
         s(load.get("seconds")) + cached(load), ratio(imp.get("seconds"), load.get("seconds"))),
        ("peak RSS, import / peer load", mib(imp.get("peak_rss_bytes")),
         mib(load.get("peak_rss_bytes")),
         ratio(imp.get("peak_rss_bytes"), load.get("peak_rss_bytes"))),
        ("on disk: store / database file (Parquet: "
         f"{result['data_bytes'] / 2**20:,.0f} MiB)", mib(imp.get("store_bytes")),
         mib(load.get("db_bytes")), ratio(imp.get("store_bytes"), load.get("db_bytes"))),
    ]
    for what, label in (("user", "cold single report"), ("users", "cold all-users table")):
        e, best = c[f"engine_{what}"], c[f"peer_{what}"]
        mode = PEER_MODE_NAMES[best["mode"]]
        out.append((f"{label} (fresh process)", s(e["seconds"]["median"]),
                    f"{s(best['seconds']['median'])} ({mode})",
                    ratio(e["seconds"]["median"], best["seconds"]["median"])))
        out.append(("… peer: Parquet files / database file", "",
                    " / ".join(s(c[f"peer_{what}_{m}"]["seconds"]["median"])
                               for m in PEER_MODES), ""))
        out.append((f"peak RSS, {label}", mib(e["peak_rss_bytes"]),
                    f"{mib(best['peak_rss_bytes'])} ({mode})",
                    ratio(e["peak_rss_bytes"], best["peak_rss_bytes"])))
        out.append((f"CPU seconds, {label}", s(e["cpu_seconds"]),
                    f"{s(best['cpu_seconds'])} ({mode})", ""))
    if w:
        if "peer_random_reports" in w:
            e = w["engine_random_reports_peer_subset"]["median"]
            p = w["peer_random_reports"]["median"]
            n = w["peer_random_reports"]["n"]
            out.append((f"warm report, median of {n} random requests (peer: Parquet)",
                        s(e), s(p), ratio(e, p)))
        for m in PEER_MODES:
            e = w["engine_fixed_report_seconds"]["median"]
            p = w[f"peer_{m}_fixed_report_seconds"]["median"]
            out.append((f"warm fixed report (peer: {PEER_MODE_NAMES[m]})", s(e), s(p),
                        ratio(e, p)))
        for m in PEER_MODES:
            e = w["engine_users_table_seconds"]["median"]
            p = w[f"peer_{m}_users_table_seconds"]["median"]
            out.append((f"warm all-users table (peer: {PEER_MODE_NAMES[m]})", s(e), s(p),
                        ratio(e, p)))
        r = w["engine_random_reports"]
        out.append((f"warm report, {r['n']} random requests: median / p95",
                    f"{s(r['median'])} / {s(r['p95'])}", "", ""))
        r = w["engine_random_reports_office_hours"]
        out.append(("… with office hours: median / p95", f"{s(r['median'])} / {s(r['p95'])}",
                    "", ""))
        out.append(("warm: open / first report / first all-users table",
                    f"{s(w['engine_load_seconds'])} / {s(w['engine_first_report_seconds'])}"
                    f" / {s(w['engine_first_users_table_seconds'])}",
                    f"{s(w['peer_db_open_seconds'])} / "
                    f"{s(w['peer_db_first_report_seconds'])} / "
                    f"{s(w['peer_db_first_users_table_seconds'])} (database file)", ""))
    a = result["agreement"]
    out.append(("peer == engine", "", f"{a['compared'] - a['mismatched']}/{a['compared']} "
                "checks equal", ""))
    la = [result[k][0] for k in ("loadavg_before", "loadavg_cold", "loadavg_after")]
    out.append(("load average (1 min): start / cold runs / end",
                " / ".join(f"{x:.2f}" for x in la), "", ""))
    return out


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"Machine: {m['cpu_model']}, {m['nproc']} CPUs, {m['memory_gib']} GiB; "
             f"Python {m['python']}, numpy {m['numpy']}, pandas {m['pandas']}, "
             f"pyarrow {m['pyarrow']}, duckdb {m['duckdb']}.", ""]
    for res in results["sizes"]:
        lines += [f"**{res['conversations']:,} conversations** "
                  f"({res['threads']:,} threads, {res['users']} users, {res['teams']} teams)"
                  f" — measured {res['started']} at {res['git_head']}: `{res['command']}`",
                  "", "| measure | engine | DuckDB peer (best) | engine/peer |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows_of(res)]
        lines.append("")
        if res.get("targets"):
            lines += [f"Targets of issue 10 at {res['conversations']:,} conversations:", "",
                      "| target | result | met |", "|---|---|---|"]
            lines += [f"| {t['target']} | {t['result']} | "
                      f"{'n/a' if t['met'] is None else '**met**' if t['met'] else '**not met**'} |"
                      for t in res["targets"]]
            lines.append("")
    return "\n".join(lines)


def size_label(n: int) -> str:
    for div, unit in ((1_000_000, "M"), (1_000, "k")):
        if n >= div and n % (div // 10) == 0:
            return f"{n / div:g}{unit}"
    return f"{n:,}"


def chart(results: dict[str, Any], paths: list[Path]) -> None:
    """Time and peak memory against size, log-log: import, cold single and cold
    all-users, engine (solid) and the peer at its best (dashed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, NullFormatter

    entries = sorted(results["sizes"], key=lambda r: r["conversations"])
    sizes = [r["conversations"] for r in entries]

    def pick(r: dict[str, Any], key: str, field: str) -> float | None:
        if key in ("import", "peer_load"):
            fig = r.get(key) or {}
            value = fig.get("seconds" if field == "seconds" else "peak_rss_bytes")
        else:
            x = r["cold"][key]
            value = x["seconds"]["median"] if field == "seconds" else x["peak_rss_bytes"]
        if value is None:
            return None
        return value if field == "seconds" else value / 2**20

    series = [("tab:green", "import", "engine: reports import",
               "peer_load", "peer: load into a DuckDB file"),
              ("tab:blue", "engine_user", "engine: cold single report",
               "peer_user", "peer: cold single report"),
              ("tab:orange", "engine_users", "engine: cold all-users table",
               "peer_users", "peer: cold all-users table")]
    fig, axes = plt.subplots(1, 2, figsize=(11, 5))
    panels = ((axes[0], "seconds", "seconds (wall)", lambda v, _: f"{v:g} s"),
              (axes[1], "rss", "peak RSS", lambda v, _: f"{v:,.0f} MiB"))
    for ax, field, title, fmt in panels:
        for color, engine_key, engine_label, peer_key, peer_label in series:
            for key, style, label, alpha in ((engine_key, "o-", engine_label, 1.0),
                                             (peer_key, "s--", peer_label, 0.75)):
                pts = [(n, pick(r, key, field)) for n, r in zip(sizes, entries, strict=True)]
                pts = [(n, v) for n, v in pts if v is not None]
                if pts:
                    ax.plot([p[0] for p in pts], [p[1] for p in pts], style, color=color,
                            alpha=alpha, label=label)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(sizes, [size_label(n) for n in sizes])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_major_formatter(FuncFormatter(fmt))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("conversations")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        lo, hi = min(sizes), max(sizes)
        ax.set_xlim(lo / 1.6, hi * 1.6)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    m = results["machine"]
    fig.suptitle("reports (engine, over its store) against the DuckDB peer at its best "
                 f"(Parquet files or a database file) — {m['nproc']} CPUs, "
                 f"{m['cpu_model'][:40]}, {m['memory_gib']} GiB", fontsize=9)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=110)
    plt.close(fig)


def merge(path: Path, new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sizes of the results file at `path`, the newly measured ones replacing theirs."""
    old: list[dict[str, Any]] = []
    if path.exists():
        try:
            old = json.loads(path.read_text()).get("sizes", [])
        except (OSError, ValueError):
            log(f"{path} is not readable JSON; starting it afresh")
    measured = {r["conversations"] for r in new}
    kept = []
    for r in old:
        if r.get("schema") != SCHEMA:
            log(f"dropping the {r.get('conversations')} result of an older harness from {path}")
        elif r["conversations"] not in measured:
            kept.append(r)
    return sorted(kept + new, key=lambda r: r["conversations"])


def previous_entries(path: Path) -> dict[int, dict[str, Any]]:
    try:
        sizes = json.loads(path.read_text()).get("sizes", [])
    except (OSError, ValueError):
        return {}
    return {r["conversations"]: r for r in sizes if r.get("schema") == SCHEMA}


def main(argv: list[str] | None = None) -> int:
    global SPAWN
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=DEFAULT_RESULTS,
                        help="results JSON, merged by size (default benchmarks/out/"
                             "results.json; then the chart also goes to docs/performance.png)")
    parser.add_argument("--fresh", action="store_true",
                        help="import the store and load the peer's database again")
    parser.add_argument("--users", type=int, default=100,
                        help="random warm requests (users and teams), default 100")
    parser.add_argument("--peer-requests", type=int, default=20,
                        help="how many of those the peer also runs (and is checked on)")
    parser.add_argument("--repeat", type=int, default=3, help="cold runs per command")
    parser.add_argument("--warm-repeat", type=int, default=5,
                        help="repetitions of the warm fixed report and table")
    parser.add_argument("--skip-warm", action="store_true",
                        help="cold runs (and their agreement checks) only")
    args = parser.parse_args(argv)
    SPAWN = Spawner()  # first, while this process is small (see SPAWNER)
    OUT.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    started = time.time()
    args.command_line = " ".join(["python", "benchmarks/run.py",
                                  *(sys.argv[1:] if argv is None else argv)])
    args.machine = machine()
    # figures of cached stores and databases: from --out, else from the default results
    previous = {**previous_entries(DEFAULT_RESULTS), **previous_entries(args.out)}
    compile_bytecode()
    measured = []
    try:
        for size in args.sizes:
            measured.append(measure(size, args, previous.get(size)))
    finally:
        SPAWN.close()
        SPAWN = None
    results: dict[str, Any] = {
        "command": args.command_line, "started": now(),
        "machine": dict(args.machine, loadavg_end=os.getloadavg()),
        "total_seconds": time.time() - started,
        "sizes": merge(args.out, measured),
    }
    args.out.write_text(json.dumps(results, indent=2, default=_json_default) + "\n")
    charts = [args.out.with_suffix(".png")]
    if args.out.resolve() == DEFAULT_RESULTS.resolve():
        charts.append(DOCS_CHART)
    chart(results, charts)
    text = markdown(results)
    args.out.with_suffix(".md").write_text(text + "\n")
    print(text)
    print(f"\nwrote {args.out}, {args.out.with_suffix('.md')} and "
          f"{', '.join(str(c) for c in charts)} in {results['total_seconds']:.0f} s")
    bad = sum(r["agreement"]["mismatched"] for r in measured)
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
