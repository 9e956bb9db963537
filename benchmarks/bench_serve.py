"""`reports serve` under load (issue 12): concurrent clients on loopback, a report mix.

    python benchmarks/bench_serve.py [--size 1000000] [--duration 120] [--clients 50]
        [--workers 1] [--rate R] [--source store|parquet] [--driver raw|httpx]
        [--out benchmarks/out/serve.json]

1. The dataset of `--size` conversations (benchmarks/out/data-N, generated with seed 1 when
   missing: the convention of benchmarks/run.py) and, with `--source store` (the
   default), its prepared store (benchmarks/out/store-N, `reports import`).
2. `reports serve --data D --port 0 --workers W --credentials ...` in a subprocess; the
   time until it listens (load and warm-up).
3. A driver in a separate process: `--clients` asyncio tasks, each with its own keep-alive
   connection, send requests for `--duration` seconds, back to back (a closed loop: the
   most the server answers; latency is then clients / throughput by Little's law) or,
   with `--rate R`, R per second in all, each client on its own schedule (an open loop:
   latency is timed from the scheduled instant, so a late answer delays the next request's
   clock too and nothing is hidden): 40 %
   user reports, 60 % family members (replies, resolutions, customers helped, happiness,
   ratings, conversation history, drill-down), half on v1 paths with Basic auth and half
   on v2 with a token, random users (80 %) and teams, random ranges of 1 to 365 days in
   the data's span, a previous range half the time, random filters, `viewBy` values
   within Help Scout's limits, random sorts and pages; `officeHours=1` on 20 % of the
   requests that take it. The seed fixes the sequence of requests per client. The
   default driver speaks HTTP/1.1 on asyncio streams, cheap on CPU; `--driver httpx`
   uses httpx, which costs milliseconds of CPU per request on this machine.
4. Throughput (answered reports per second), latency p50/p95/p99 (overall and per
   report), errors (any answer but 200, and transport errors: there must be none), the
   server's RSS and PSS at start, every 10 s and at the end, its CPU time per answered
   report, the driver's CPU time, the CPU that other processes took meanwhile (the
   machine may be shared) and the load average.

Writes JSON to --out and prints a Markdown table. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = 1

#: (report, share of the mix, v1 path, v2 path)
MIX = [
    ("user", 0.40, "/v1/reports/user.json", "/v2/reports/user"),
    ("replies", 0.09, "/v1/reports/user/replies.json", "/v2/reports/user/replies"),
    ("resolutions", 0.08, "/v1/reports/user/resolutions.json", "/v2/reports/user/resolutions"),
    ("customers-helped", 0.08, "/v1/reports/user/customers-helped.json",
     "/v2/reports/user/customers-helped"),
    ("happiness", 0.09, "/v1/reports/user/happiness.json", "/v2/reports/user/happiness"),
    ("ratings", 0.09, "/v1/reports/user/ratings.json", "/v2/reports/user/ratings"),
    ("conversation-history", 0.09, "/v1/reports/user/conversation-history.json",
     "/v2/reports/user/conversation-history"),
    ("drilldown", 0.08, "/v1/reports/users/drilldown.json", "/v2/reports/user/drilldown"),
]
SERIES = {"replies", "resolutions", "customers-helped"}
PREVIOUS = SERIES | {"user", "happiness"}
PAGED = {"ratings", "conversation-history", "drilldown"}
API_KEY, CLIENT_ID, CLIENT_SECRET = "bench-key", "bench-client", "bench-secret"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} load {os.getloadavg()[0]:.2f}] {message}",
          file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- dataset


def dataset(size: int) -> Path:
    """The cached dataset of `size` conversations (generated when missing, seed 1), as
    benchmarks/run.py keeps it."""
    path = HERE / "out" / f"data-{size}"
    needed = ("conversations.parquet", "threads.parquet", "office_hours.json")
    if all((path / f).exists() for f in needed):
        return path
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    log(f"generating {size:,} conversations into {path}")
    subprocess.run([sys.executable, "-m", "reports", "generate", "--out", str(tmp),
                    "--conversations", str(size), "--seed", str(SEED)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    if path.exists():
        shutil.rmtree(path)
    tmp.rename(path)
    return path


def store(size: int, data: Path) -> Path:
    """The prepared store of the dataset (`reports import`, cached in
    benchmarks/out/store-N; delete it to import again)."""
    path = HERE / "out" / f"store-{size}"
    if path.is_dir() and any(path.iterdir()):
        import reports

        try:
            reports.load(path)  # cheap for a store: a stale or foreign one is refused
            return path
        except reports.ReportsError as exc:
            log(f"{path}: {exc}")
    log(f"importing {data} into the store {path}")
    subprocess.run([sys.executable, "-m", "reports", "import", str(data), "--out", str(path),
                    "--force"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return path


def vocabulary(path: Path) -> dict[str, Any]:
    """Ids to ask about, read from the Parquet files (not through the engine)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    def distinct(table: str, column: str) -> list[int]:
        values = pq.read_table(path / f"{table}.parquet", columns=[column])[column]
        return sorted(int(v) for v in pc.unique(values.drop_null()).to_pylist())

    conv = pq.read_table(path / "conversations.parquet", columns=["created_at"])["created_at"]
    first, last = pc.min(conv).as_py(), pc.max(conv).as_py()

    def day(v: Any) -> str:
        if isinstance(v, str):
            return v[:10]
        return v.strftime("%Y-%m-%d")

    return {"users": distinct("users", "id"), "teams": distinct("teams", "id"),
            "mailboxes": distinct("conversations", "mailbox_id"),
            "folders": distinct("conversations", "folder_id"),
            "tags": distinct("conversation_tags", "tag_id"),
            "first": day(first), "last": day(last)}


# --------------------------------------------------------------------------- requests


def make_request(rnd: random.Random, vocab: dict[str, Any]) -> tuple[str, str, str]:
    """(report, version, path with query) of one random request."""
    r = rnd.random()
    acc = 0.0
    name, v1, v2 = MIX[0][0], MIX[0][2], MIX[0][3]
    for n, share, p1, p2 in MIX:
        acc += share
        if r < acc:
            name, v1, v2 = n, p1, p2
            break
    version = rnd.choice(("v1", "v2"))
    who = rnd.choice(vocab["users"]) if rnd.random() < 0.8 or not vocab["teams"] \
        else rnd.choice(vocab["teams"])
    first = dt.date.fromisoformat(vocab["first"])
    last = dt.date.fromisoformat(vocab["last"])
    days = rnd.choice((1, 7, 30, 90, 365) if name in PREVIOUS else (1, 7, 30, 90))
    latest = max((last - first).days - days, 0)
    start = first + dt.timedelta(days=rnd.randrange(latest + 1))
    end = start + dt.timedelta(days=days - 1)
    q: dict[str, Any] = {"user": who, "start": f"{start}T00:00:00Z",
                         "end": f"{end}T23:59:59Z"}
    if name in PREVIOUS and rnd.random() < 0.5:
        ps = start - dt.timedelta(days=days)
        q["previousStart"], q["previousEnd"] = f"{ps}T00:00:00Z", f"{start}T00:00:00Z"
    if rnd.random() < 0.2:
        q["mailboxes"] = ",".join(map(str, rnd.sample(vocab["mailboxes"],
                                                      min(2, len(vocab["mailboxes"])))))
    if rnd.random() < 0.1 and vocab["tags"]:
        q["tags"] = ",".join(map(str, rnd.sample(vocab["tags"], min(3, len(vocab["tags"])))))
    if rnd.random() < 0.2:
        q["types"] = rnd.choice(("email", "chat", "email,phone"))
    if rnd.random() < 0.1 and vocab["folders"]:
        q["folders"] = str(rnd.choice(vocab["folders"]))
    if name in ("user", "conversation-history") and rnd.random() < 0.2:
        q["officeHours"] = "1"
    if name in SERIES:
        span = days  # at most 365 days: day within the version's limit, week always
        views = ["week"] + (["day"] if span <= (120 if version == "v1" else 60) else []) \
            + (["month"] if span >= 62 else [])
        q["viewBy"] = rnd.choice(views)
    if name in PAGED:
        q["page"] = rnd.choice((1, 1, 1, 2, 3))
        if rnd.random() < 0.5:
            q["rows"] = rnd.choice((10, 25, 50))
    if name == "ratings":
        q["rating"] = rnd.choice(("all", "great", "okay", "not_good"))
        q["sortField"] = rnd.choice(("number", "modifiedAt", "rating"))
        q["sortOrder"] = rnd.choice(("asc", "desc"))
    if name == "conversation-history":
        if rnd.random() < 0.3:
            q["status"] = rnd.choice(("active", "pending", "closed"))
        q["sortField"] = rnd.choice(("number", "repliesSent", "responseTime", "resolveTime"))
        q["sortOrder"] = rnd.choice(("asc", "desc"))
    query = "&".join(f"{k}={v}" for k, v in q.items())
    return name, version, f"{v1 if version == 'v1' else v2}?{query}"


# --------------------------------------------------------------------------- driver


class RawClient:
    """One keep-alive HTTP/1.1 connection speaking just enough HTTP for this server
    (GET, Content-Length bodies): a client that costs the shared CPU little, so that the
    server, not the driver, is measured (httpx spends milliseconds of CPU per request)."""

    def __init__(self, base: str) -> None:
        host, _, port = base.removeprefix("http://").partition(":")
        self.host, self.port = host.strip("[]"), int(port.rstrip("/"))
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, url: str, auth: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {url} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          f"Authorization: {auth}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        close = False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        body = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = self.reader = None


async def _drive(base: str, duration: float, clients: int, vocab: dict[str, Any],
                 seed: int, driver: str, rate: float | None = None) -> dict[str, Any]:
    import base64
    import urllib.request

    form = f"grant_type=client_credentials&client_id={CLIENT_ID}&" \
        f"client_secret={CLIENT_SECRET}".encode()
    with urllib.request.urlopen(f"{base}/v2/oauth2/token", data=form) as answer:
        token = json.loads(answer.read())["access_token"]
    bearer = f"Bearer {token}"
    basic = "Basic " + base64.b64encode(f"{API_KEY}:X".encode()).decode()
    samples: list[tuple[str, float]] = []
    errors: list[dict[str, Any]] = []
    began = time.perf_counter()
    deadline = began + duration

    async def client(number: int) -> None:
        rnd = random.Random(seed * 1000 + number)
        if driver == "httpx":
            import httpx

            http: Any = httpx.AsyncClient(base_url=base, timeout=60.0)

            async def get(url: str, auth: str) -> tuple[int, bytes]:
                r = await http.get(url, headers={"Authorization": auth})
                return r.status_code, r.content
        else:
            http = RawClient(base)
            get = http.get
        gap = clients / rate if rate else 0.0  # each client's share of the offered rate
        due = began + gap * number / clients  # clients staggered over one gap
        try:
            while time.perf_counter() < deadline:
                name, version, url = make_request(rnd, vocab)
                if rate:
                    # open loop: send at the scheduled instant (at once when late) and time
                    # from that instant, so waiting behind a slow answer counts as latency
                    await asyncio.sleep(max(due - time.perf_counter(), 0.0))
                    t0, due = due, due + gap
                    if t0 >= deadline:
                        break
                else:
                    t0 = time.perf_counter()
                try:
                    status, body = await asyncio.wait_for(
                        get(url, basic if version == "v1" else bearer), 60)
                except (TimeoutError, OSError, asyncio.IncompleteReadError,
                        ValueError) as exc:
                    errors.append({"url": url, "error": repr(exc)})
                    if isinstance(http, RawClient):
                        await http.close()
                    continue
                except Exception as exc:  # noqa: BLE001 - httpx errors, counted
                    errors.append({"url": url, "error": repr(exc)})
                    continue
                ms = (time.perf_counter() - t0) * 1000
                if status != 200:
                    errors.append({"url": url, "status": status,
                                   "body": body[:300].decode("utf-8", "replace")})
                else:
                    samples.append((name, ms))
        finally:
            await (http.close() if isinstance(http, RawClient) else http.aclose())

    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.perf_counter() - began
    usage = os.times()
    return {"elapsed_s": elapsed, "samples": samples, "errors": errors,
            "driver_cpu_s": usage.user + usage.system}


def drive(args: argparse.Namespace) -> None:
    """The driver process: run the clients and write what they measured."""
    vocab = json.loads(Path(args.vocab).read_text())
    result = asyncio.run(_drive(args.drive, args.duration, args.clients, vocab, args.seed,
                                args.driver, args.rate))
    Path(args.result).write_text(json.dumps(result))


# --------------------------------------------------------------------------- server


def _proc_tree(pid: int) -> list[int]:
    """`pid` and its child processes (the forked workers)."""
    out = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for c in children:
        out.extend(_proc_tree(int(c)))
    return out


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory(pid: int) -> dict[str, Any]:
    """RSS, PSS (shared pages split between the processes) and anonymous memory (not
    file-backed) of the server's processes."""
    pids = _proc_tree(pid)
    rss = [_status_kib(p, "VmRSS") for p in pids]
    return {"processes": len(pids), "rss_mib": round(sum(rss) / 1024, 1),
            "rss_mib_each": [round(r / 1024, 1) for r in rss],
            "pss_mib": round(sum(_pss_kib(p) for p in pids) / 1024, 1),
            # the processes' own memory (heap): a leak shows here; the rest of RSS is
            # the store's memory-mapped files, which grow as reports touch more of them
            "anon_mib": round(sum(_status_kib(p, "RssAnon") for p in pids) / 1024, 1)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server's processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _proc_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / ticks


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has been busy (all processes, /proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def start_server(data: Path, workers: int, engine: str, credentials: Path,
                 err_path: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """`reports serve` in a subprocess: (process, base URL, seconds until it listened)."""
    cmd = [sys.executable, "-m", "reports", "serve", "--data", str(data), "--port", "0",
           "--workers", str(workers), "--engine", engine, "--credentials", str(credentials)]
    err = err_path.open("wb")
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
    pattern = re.compile(r"listening on (http://\S+)")
    while True:
        text = err_path.read_text(errors="replace")
        found = pattern.search(text)
        if found:
            return proc, found.group(1), time.perf_counter() - t0
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped ({proc.returncode}):\n{text[-2000:]}")
        if time.perf_counter() - t0 > 600:
            proc.kill()
            raise RuntimeError("the server did not listen within 600 s")
        time.sleep(0.2)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --------------------------------------------------------------------------- report


def _git_head() -> str | None:
    """The commit measured, marked dirty when reports/ has uncommitted changes."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "reports"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+dirty(reports/)" if dirty else "")) or None


def percentile(xs: list[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default) of sorted `xs`."""
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def latency(ms: list[float]) -> dict[str, Any]:
    xs = sorted(ms)
    return {"n": len(xs), "p50_ms": percentile(xs, 50), "p95_ms": percentile(xs, 95),
            "p99_ms": percentile(xs, 99), "max_ms": xs[-1] if xs else None}


def markdown(result: dict[str, Any]) -> str:
    o = result["overall"]
    s = result["server"]
    rows = [
        ("conversations", f"{result['size']:,} ({result['source']})"),
        ("clients × duration", f"{result['clients']} × {result['duration_s']:.0f} s"),
        ("offered load", f"{result['rate']:.0f} reports/s (open loop)" if result.get("rate")
         else "closed loop (each client sends when answered)"),
        ("server workers / engine", f"{result['workers']} / {result['engine']}"),
        ("driver", result["driver"]),
        ("reports answered", f"{o['n']:,}"),
        ("throughput", f"{result['throughput_rps']:.0f} reports/s"),
        ("latency p50 / p95 / p99", f"{o['p50_ms']:.1f} / {o['p95_ms']:.1f} / "
                                    f"{o['p99_ms']:.1f} ms"),
        ("errors", f"{result['errors']}"),
        ("start (load + warm-up) to listening", f"{s['listen_s']:.1f} s"),
        ("server RSS at start / end", f"{s['start']['rss_mib']:,.0f} / "
                                      f"{s['end']['rss_mib']:,.0f} MiB"),
        ("server PSS at start / end", f"{s['start']['pss_mib']:,.0f} / "
                                      f"{s['end']['pss_mib']:,.0f} MiB"),
        ("server PSS every 10 s", ", ".join(f"{m['pss_mib']:,.0f}"
                                            for m in s["memory_every_10s"]) + " MiB"),
        ("server anonymous memory (heap) at start / end",
         f"{s['start'].get('anon_mib', 0):,.0f} / {s['end'].get('anon_mib', 0):,.0f} MiB"),
        ("server anonymous memory every 10 s",
         ", ".join(f"{m.get('anon_mib', 0):,.0f}" for m in s["memory_every_10s"]) + " MiB"),
        ("server CPU during the run", f"{s['cpu_s']:.0f} s "
                                      f"({s['cpu_s'] / result['duration_s']:.2f} cores)"),
        ("server CPU per answered report", f"{s['cpu_s'] / max(o['n'], 1) * 1000:.1f} ms"),
        ("driver CPU during the run", f"{result['driver_cpu_s']:.0f} s "
                                      f"({result['driver_cpu_s'] / result['duration_s']:.2f} "
                                      "cores)"),
        ("other processes' CPU during the run",
         f"{result['other_cpu_s']:.0f} s ({result['other_cpu_s'] / result['duration_s']:.2f} "
         "cores)"),
        ("load average (1 min) before / after", f"{result['load_before']:.2f} / "
                                                f"{result['load_after']:.2f}"),
    ]
    out = ["| measure | value |", "|---|---:|"] + [f"| {a} | {b} |" for a, b in rows]
    out += ["", "| report | n | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|"]
    for name, lat in result["per_report"].items():
        out.append(f"| {name} | {lat['n']:,} | {lat['p50_ms']:.1f} | {lat['p95_ms']:.1f} | "
                   f"{lat['p99_ms']:.1f} |")
    return "\n".join(out) + "\n"


def bench(args: argparse.Namespace) -> dict[str, Any]:
    data = dataset(args.size)
    vocab = vocabulary(data)
    served = store(args.size, data) if args.source == "store" else data
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        creds = tmp / "credentials.json"
        creds.write_text(json.dumps({"api_keys": [API_KEY],
                                     "clients": {CLIENT_ID: CLIENT_SECRET}}))
        (tmp / "vocab.json").write_text(json.dumps(vocab))
        log(f"starting the server on {served} ({args.workers} worker(s), {args.engine})")
        proc, base, listen_s = start_server(served, args.workers, args.engine, creds,
                                            tmp / "server.log")
        try:
            time.sleep(1.0)  # let forked workers come up
            mem_start = memory(proc.pid)
            cpu_start = cpu_seconds(proc.pid)
            busy_start = busy_cpu_seconds()
            load_before = os.getloadavg()[0]
            log(f"listening at {base} after {listen_s:.1f} s, RSS {mem_start['rss_mib']} MiB; "
                f"{args.clients} clients for {args.duration:.0f} s")
            driver_proc = subprocess.Popen([
                sys.executable, __file__, "--drive", base, "--duration", str(args.duration),
                "--clients", str(args.clients), "--seed", str(args.seed),
                *(["--rate", str(args.rate)] if args.rate else []), "--vocab",
                str(tmp / "vocab.json"), "--driver", args.driver, "--result",
                str(tmp / "driver.json")], cwd=ROOT)
            samples_mem = []  # the server's memory every 10 s: growth, or a plateau
            t0 = time.perf_counter()
            while driver_proc.poll() is None:
                time.sleep(1.0)
                if time.perf_counter() - t0 >= 10 * (len(samples_mem) + 1):
                    samples_mem.append({"t_s": round(time.perf_counter() - t0),
                                        **memory(proc.pid)})
            if driver_proc.returncode != 0:
                raise RuntimeError(f"the driver failed ({driver_proc.returncode})")
            mem_end = memory(proc.pid)
            cpu_s = cpu_seconds(proc.pid) - cpu_start
            busy_s = busy_cpu_seconds() - busy_start
            load_after = os.getloadavg()[0]
        finally:
            stop_server(proc)
        driver = json.loads((tmp / "driver.json").read_text())
        server_log = (tmp / "server.log").read_text(errors="replace").splitlines()
    samples = driver["samples"]
    per: dict[str, list[float]] = {}
    for name, ms in samples:
        per.setdefault(name, []).append(ms)
    result = {
        "size": args.size, "source": args.source, "data": str(served),
        "clients": args.clients, "rate": args.rate, "duration_s": driver["elapsed_s"],
        "workers": args.workers, "engine": args.engine, "seed": args.seed,
        "driver": args.driver,
        "throughput_rps": len(samples) / driver["elapsed_s"],
        "overall": latency([ms for _, ms in samples]),
        "per_report": {name: latency(per[name]) for name, *_ in MIX if name in per},
        "errors": len(driver["errors"]), "error_examples": driver["errors"][:5],
        "driver_cpu_s": driver["driver_cpu_s"],
        # CPU that neither the server nor the driver used: other work on the machine
        "other_cpu_s": max(busy_s - cpu_s - driver["driver_cpu_s"], 0.0),
        "server": {"listen_s": listen_s, "start": mem_start, "end": mem_end, "cpu_s": cpu_s,
                   "memory_every_10s": [{k: m[k] for k in ("t_s", "rss_mib", "pss_mib",
                                                           "anon_mib")}
                                        for m in samples_mem],
                   "log_lines": len(server_log), "log_tail": server_log[-3:]},
        "load_before": load_before, "load_after": load_after,
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "git_head": _git_head()},
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    out.write_text(json.dumps(result, indent=2) + "\n")
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=1_000_000, help="conversations; default 1M")
    p.add_argument("--duration", type=float, default=120.0, help="seconds; default 120")
    p.add_argument("--clients", type=int, default=50, help="concurrent clients; default 50")
    p.add_argument("--workers", type=int, default=1, help="server processes; default 1")
    p.add_argument("--source", choices=["store", "parquet"], default="store",
                   help="serve the prepared store (reports import) or the Parquet tables; "
                        "default store")
    p.add_argument("--engine", choices=["thread", "inline"], default="thread",
                   help="where the server computes reports; default thread")
    p.add_argument("--rate", type=float, default=None,
                   help="offered reports per second, shared by the clients, each sending on "
                        "its own schedule (open loop; latency counted from the scheduled "
                        "instant); default: none, every client sends its next request as "
                        "soon as the last is answered (closed loop: the most the server "
                        "answers)")
    p.add_argument("--seed", type=int, default=1, help="request sequence seed; default 1")
    p.add_argument("--driver", choices=["raw", "httpx"], default="raw",
                   help="the clients: raw asyncio HTTP/1.1 (cheap on CPU) or httpx; "
                        "default raw")
    p.add_argument("--out", default=str(HERE / "out" / "serve.json"),
                   help="JSON results; default benchmarks/out/serve.json")
    # the driver process
    p.add_argument("--drive", help=argparse.SUPPRESS)
    p.add_argument("--vocab", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.drive:
        drive(args)
        return 0
    result = bench(args)
    print(markdown(result))
    if result["errors"]:
        print(f"{result['errors']} error(s), e.g. {result['error_examples'][:2]}",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
