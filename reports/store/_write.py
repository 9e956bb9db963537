"""`reports import`: any export → a prepared store, streaming, in bounded memory.

1. **Stage**: a Singer dump or API JSON pages are read once into canonical Parquet tables
   (a canonical folder is its own staging).
2. **Plan**: the conversation ids cut the account into partitions of about
   `partition_size` conversations (id ranges).
3. **Route**: conversations, threads and conversation tags are read batch by batch and each
   row is spilled to its partition (by conversation id); thread ids also go to hash
   buckets, where re-exported threads (one id under two conversations) are resolved over
   the whole account — the last record wins, as in a load.
4. **Partitions**: each is cleaned, coded and turned into event tables alone
   (`_partition.build_partition`), in this process or one task each on Dask.
5. **Merge**: codes become global; conversation columns are concatenated and event tables
   sorted by user, then partition, straight into memory-mapped files; ratings, users,
   teams and the small tables (which fit in memory) are cleaned as a whole.

Peak memory is about one partition's worth plus the account's conversation ids.
"""

from __future__ import annotations

import json
import shlex
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from .._errors import DataError
from .._io import RawData, check_complete, detect
from .._io._tables import ParquetSink, table_schema, typed_column
from .._loadreport import LoadReport
from .._model import records
from .._normalise import normalise
from .._schema import TABLES
from ._layout import (
    CONV_COLUMNS,
    EVENT_COLUMNS,
    EVENT_TABLES,
    FORMAT,
    MANIFEST,
    VERSION,
    fingerprint,
    is_store,
    read_manifest,
    write_json,
)
from ._partition import PARTITIONED, build_partition

__all__ = ["import_store"]

PARTITION_SIZE = 250_000
BUCKET_ROWS = 4_000_000
BATCH = 1 << 19
SMALL = ("users", "teams", "team_members", "mailboxes", "folders", "tags")
Progress = Callable[[str], None]


def import_store(source: str | Path, out: str | Path, input_format: str | None = None,
                 progress: Any = None, overwrite: bool = False, allow_partial: bool = False,
                 office_hours: str | Path | None = None,
                 partition_size: int = PARTITION_SIZE, client: Any = None,
                 say: Progress | None = None) -> dict[str, Any]:
    """Import the export at `source` into a prepared store at `out`; return a summary.

    `progress(records, bytes, total)` follows the reading of a dump; `say(message)` the
    steps after it. `client` (a `dask.distributed.Client`) builds the partitions on a
    cluster. Raises `DataError` for unusable or cut exports (unless `allow_partial`) and
    `FileExistsError` when `out` holds something and `overwrite` is false.
    """
    from .._office_hours import read_office_hours

    began = time.monotonic()
    src, dest = Path(source), Path(out)
    if not src.exists():
        raise DataError("no such file or directory", file=str(src))
    if is_store(src):
        raise DataError(_already_a_store(src, dest), file=str(src))
    fmt = input_format or detect(src)
    if dest.exists() and not dest.is_dir():
        raise FileExistsError(f"{dest} exists and is not a directory")
    if dest.exists() and any(dest.iterdir()):
        if not is_store(dest):
            raise FileExistsError(f"{dest} holds files that are not a store "
                                  f"({_some_names(dest)}); choose an empty or new folder")
        if not overwrite:
            raise FileExistsError(f"{dest} already holds a store")
    if src.is_dir() and dest.exists() and dest.resolve() == src.resolve():
        raise FileExistsError(f"{dest} is the source itself; choose another --out")
    hours_file = Path(office_hours) if office_hours is not None else (
        (src if src.is_dir() else src.parent) / "office_hours.json")
    use_hours = office_hours is not None or (src.is_dir() and hours_file.exists())
    if use_hours:
        read_office_hours(hours_file)  # a bad schedule fails before any work
    work = dest.with_name(dest.name + ".importing")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    say = say or (lambda _msg: None)
    try:
        staged = _stage(src, fmt, work, progress, allow_partial)
        say(f"staged {fmt} input ({time.monotonic() - began:.1f} s)")
        built = work / "store"
        summary = _build(staged, built, work, partition_size, client, say)
        if use_hours:
            shutil.copyfile(hours_file, built / "office_hours.json")
            summary["office_hours"] = str(hours_file)
        files = sorted(_source_files(src, fmt))
        manifest = json.loads((built / MANIFEST).read_text(encoding="utf-8"))
        manifest["source"] = {"path": str(src.resolve()), "format": fmt,
                              "files": [str(f.resolve()) for f in files],
                              "fingerprint": fingerprint(files)}
        write_json(built / MANIFEST, manifest)
        if dest.exists():
            shutil.rmtree(dest)
        built.replace(dest)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary.update({"source": str(src), "format": fmt, "out": str(dest),
                    "seconds": round(time.monotonic() - began, 3)})
    return summary


def _already_a_store(src: Path, dest: Path) -> str:
    """What to do instead of importing a prepared store: use it, import its source
    (named from its manifest), or copy it."""
    try:
        source = read_manifest(src, check_source=False).get("source", {}).get("path")
    except DataError:
        source = None
    again = (f"import its source again (`reports import {shlex.quote(source)} --out "
             f"{shlex.quote(str(dest))}`)" if source else "import its source again")
    return (f"is already a prepared store; use it as it is with --data "
            f"{shlex.quote(str(src))}, {again}, or copy the folder")


def _some_names(folder: Path, most: int = 3) -> str:
    """The first few names in `folder`, and how many more there are, if any."""
    names = sorted(p.name for p in folder.iterdir())
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more


def _source_files(src: Path, fmt: str) -> list[Path]:
    from .._io._files import walk

    if fmt == "canonical":
        return [src / f"{t}{e}" for t in TABLES for e in (".parquet", ".csv")
                if (src / f"{t}{e}").exists()]
    return walk(src)


# -- 1. stage ----------------------------------------------------------------------------


class _Staged:
    """Where each canonical table's rows are, and what reading the export found."""

    def __init__(self) -> None:
        self.files: dict[str, Path] = {}
        self.report = LoadReport()
        self.ignored: dict[str, int] = {}
        self.problems: list[dict[str, Any]] = []


def _stage(src: Path, fmt: str, work: Path, progress: Any, allow_partial: bool) -> _Staged:
    staged = _Staged()
    if fmt == "canonical":
        from .._io._canonical import _table_file

        for name in TABLES:
            path = _table_file(src, name)
            if path is not None:
                staged.files[name] = path
        for name in ("conversations", "threads"):
            if name not in staged.files:
                raise DataError(f"required table '{name}' is missing; add {name}.parquet or "
                                f"{name}.csv", file=str(src))
        return staged
    from .._io._api_json import scan_api_json
    from .._io._singer import scan_singer

    scanners: dict[str, Any] = {"singer": scan_singer, "api": scan_api_json}
    if fmt not in scanners:
        raise DataError(f"unknown input format '{fmt}'; use one of canonical, singer, api",
                        file=str(src))
    folder = work / "staging"
    folder.mkdir()
    sink = ParquetSink(folder)
    try:
        scan = scanners[fmt](src, sink, progress)
        check_complete(scan.incomplete, allow_partial)
        sink.commit(scan.tables)
    except BaseException:
        sink.abort()
        raise
    staged.files = {name: folder / f"{name}.parquet" for name in scan.tables}
    staged.report.notices = scan.gaps + scan.notices
    staged.report.partial = list(scan.incomplete)
    staged.ignored, staged.problems = scan.ignored, scan.problems
    return staged


def _batches(path: Path, name: str,
             only: list[str] | None = None) -> Iterator[pa.RecordBatch]:
    """A table's rows (`only` some columns), batch by batch, as the canonical reader
    reads them."""
    table = TABLES[name]
    wanted = only or [c.name for c in table.columns]
    try:
        if path.suffix == ".parquet":
            names = pq.read_schema(path).names
            pf = pq.ParquetFile(path, read_dictionary=[c.name for c in table.columns
                                                       if c.kind == "enum" and c.name in names])
            present = [n for n in pf.schema_arrow.names if n in wanted]
            yield from pf.iter_batches(batch_size=BATCH, columns=present)
            return
        from .._io._canonical import _csv_header

        raw_names = {n.strip().lstrip("\ufeff"): n for n in _csv_header(path)}
        present = [n for n in raw_names if n in wanted]
        text = {c.name for c in table.columns if c.kind in ("enum", "text", "time")}
        reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 24),
                                convert_options=pacsv.ConvertOptions(
            include_columns=[raw_names[n] for n in present],
            column_types={raw_names[n]: pa.string() for n in present if n in text},
            strings_can_be_null=True))
        for batch in reader:
            yield pa.RecordBatch.from_arrays(batch.columns, names=present)
    except (pa.ArrowInvalid, pa.ArrowKeyError, OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be read: {exc}", file=str(path)) from None


def _keys(batch: pa.RecordBatch, column: str, path: Path, first_row: int) -> np.ndarray:
    """An id column of a batch as int64; a `DataError` naming the row of a bad value."""
    if column not in batch.schema.names:
        raise DataError("required column is missing", file=str(path), column=column)
    values = batch.column(column)
    try:
        ints = values if pa.types.is_integer(values.type) else pc.cast(
            pc.utf8_trim_whitespace(values.cast(pa.string())), pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        ints = None
    if ints is None or ints.null_count:
        ok = np.zeros(len(values), bool) if ints is None else np.asarray(ints.is_valid())
        bad = int(np.flatnonzero(~ok)[0]) if not ok.all() else 0
        raise DataError(f"not an integer id (value {values[bad].as_py()!r}); fix or remove "
                        "that record", file=str(path), column=column, row=first_row + bad + 1)
    return np.asarray(ints.cast(pa.int64()), dtype=np.int64)


# -- 2. plan, 3. route ---------------------------------------------------------------------


def _plan(staged: _Staged, partition_size: int) -> np.ndarray:
    """Partition bounds: the first conversation id of each partition."""
    path = staged.files["conversations"]
    parts, row = [], 0
    for batch in _batches(path, "conversations", ["id"]):
        parts.append(_keys(batch, "id", path, row))
        row += batch.num_rows
    ids = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
    if not len(ids):
        return np.zeros(1, np.int64)  # one partition, whose threads are all orphans
    return ids[::max(1, partition_size)].copy()


class _Spill:
    """Arrow stream files, one per (table, partition) or bucket, opened on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.writers: dict[Path, ipc.RecordBatchStreamWriter] = {}

    def write(self, path: Path, batch: pa.RecordBatch) -> None:
        writer = self.writers.get(path)
        if writer is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = self.writers[path] = ipc.new_stream(str(path), batch.schema)
        writer.write_batch(batch)

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()


def _route(staged: _Staged, bounds: np.ndarray, spill_dir: Path,
           say: Progress) -> tuple[np.ndarray, int]:
    """Spill the partitioned tables; return the threads to drop (earlier records of a
    re-exported thread id, by arrival number) and how many there are."""
    spill = _Spill(spill_dir)
    n_threads = pq.ParquetFile(staged.files["threads"]).metadata.num_rows if \
        staged.files["threads"].suffix == ".parquet" else 0
    buckets = max(1, -(-n_threads // BUCKET_ROWS)) if n_threads else 16
    try:
        for name in PARTITIONED:
            path = staged.files.get(name)
            if path is None:
                continue
            key = "id" if name == "conversations" else "conversation_id"
            row = 0
            for batch in _batches(path, name):
                keys = _keys(batch, key, path, row)
                part = np.clip(np.searchsorted(bounds, keys, side="right") - 1, 0, None)
                if name == "threads":
                    seq = np.arange(row, row + batch.num_rows, dtype=np.int64)
                    batch = batch.append_column("_seq", pa.array(seq))
                    ids = _keys(batch, "id", path, row)
                    bucket = ids % buckets
                    for b in np.unique(bucket):
                        mine = np.flatnonzero(bucket == b)
                        spill.write(spill_dir / "buckets" / f"b{b:05d}.arrow",
                                    pa.record_batch([pa.array(ids[mine]), pa.array(seq[mine])],
                                                    names=["id", "seq"]))
                order = np.argsort(part, kind="stable")
                edges = np.searchsorted(part[order], np.arange(len(bounds) + 1))
                for p in np.flatnonzero(np.diff(edges)):
                    rows = order[edges[p]:edges[p + 1]]
                    spill.write(spill_dir / name / f"p{p:05d}.arrow",
                                batch.take(pa.array(rows)))
                row += batch.num_rows
            say(f"routed {name}: {row:,} rows")
    finally:
        spill.close()
    losers = []
    for path in sorted((spill_dir / "buckets").glob("*.arrow")):
        with ipc.open_stream(pa.memory_map(str(path))) as reader:
            table = reader.read_all()
        ids = np.asarray(table.column("id"))
        seq = np.asarray(table.column("seq"))
        order = np.lexsort((seq, ids))
        ids, seq = ids[order], seq[order]
        later = np.r_[ids[1:] == ids[:-1], False]  # a later record of the same id follows
        losers.append(seq[later])
    out = np.sort(np.concatenate(losers)) if losers else np.zeros(0, np.int64)
    return out, len(out)


# -- 4. partitions -------------------------------------------------------------------------


def _partitions(n: int, spill: Path, work: Path, tables_dir: Path, losers: np.ndarray,
                rated: np.ndarray, sources: dict[str, str], client: Any,
                say: Progress) -> list[dict[str, Any]]:
    if client is not None:  # the id arrays go to each worker once, not into every task
        losers, rated = client.scatter([losers, rated], broadcast=True)
    args = [(i, str(spill), str(work / f"p{i:05d}"), str(tables_dir), losers, rated, sources)
            for i in range(n)]
    if client is not None:
        futures = client.map(build_partition, *zip(*args, strict=True), pure=False)
        summaries = client.gather(futures)
        say(f"built {n} partition(s) on the cluster")
        return list(summaries)
    out = []
    for i, a in enumerate(args):
        out.append(build_partition(*a))
        pa.default_memory_pool().release_unused()  # each partition starts from the same
        say(f"built partition {i + 1} of {n}")
    return out


# -- 5. merge ------------------------------------------------------------------------------


def _build(staged: _Staged, store: Path, work: Path, partition_size: int, client: Any,
           say: Progress) -> dict[str, Any]:
    sources = {name: str(path) for name, path in staged.files.items()}
    bounds = _plan(staged, partition_size)
    losers, duplicates = _route(staged, bounds, work / "spill", say)
    ratings = _read_whole(staged, "ratings")
    rated = _rated_threads(ratings)
    tables_dir = store / "tables"
    arrays = store / "arrays"
    arrays.mkdir(parents=True)
    summaries = _partitions(len(bounds), work / "spill", work / "parts", tables_dir, losers,
                            rated, sources, client, say)
    shutil.rmtree(work / "spill", ignore_errors=True)
    parts = [work / "parts" / f"p{i:05d}" for i in range(len(bounds))]
    counts = [s["conversations"] for s in summaries]
    bases = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    report = staged.report
    for s in summaries:
        report = report.merge(LoadReport.from_json(s["report"]))
    report.duplicates["threads"] = duplicates

    small, small_report = normalise(RawData(
        tables={n: _read_whole(staged, n) for n in SMALL if n in staged.files},
        sources=sources), whole_data=True)
    report = report.merge(small_report)
    if "customers" in staged.files:
        report = report.merge(_customers(staged.files["customers"], tables_dir))

    conv_id = _concat(parts, "conv_id")
    rt, rt_report, rt_users = _ratings(ratings, sources, conv_id, parts)
    report = report.merge(rt_report)

    # users, teams, customers: global codes
    users_table = small["users"].data["id"] if "users" in small else np.zeros(0, np.int64)
    members = small.get("team_members")
    member_users = members.data["user_id"] if members is not None else np.zeros(0, np.int64)
    authors = np.unique(np.concatenate([np.asarray(s["authors"], np.int64)
                                        for s in summaries] + [np.zeros(0, np.int64)]))
    user_ids = np.unique(np.concatenate(
        [users_table, member_users, rt_users] + [np.asarray(s["user_ids"], np.int64)
                                                 for s in summaries]))
    user_known = np.isin(user_ids, np.union1d(users_table, authors))
    report.missing_authors = np.setdiff1d(authors, users_table).tolist()
    team_ids = np.sort(small["teams"].data["id"]) if "teams" in small else np.zeros(0, np.int64)
    customer_ids = np.unique(np.concatenate([np.load(p / "customers.npy") for p in parts]
                                            + [np.zeros(0, np.int64)]))
    _save_globals(arrays, user_ids, user_known, team_ids, small, customer_ids)

    _merge_conversations(parts, arrays, conv_id, customer_ids)
    _merge_tags(parts, arrays, bases)
    event_counts = {}
    for name in EVENT_TABLES[:-1]:
        event_counts[name] = _merge_events(name, parts, summaries, arrays, user_ids, bases)
    event_counts["ratings"] = _save_ratings(rt, arrays, tables_dir, user_ids, conv_id,
                                            bases)
    say("merged the partitions")
    _write_small(small, tables_dir)
    _customers_arrow(tables_dir, arrays)

    report.rows["ratings"] = len(rt["id"])
    report.rows = {n: report.rows.get(n, 0) for n in TABLES if n in staged.files}
    spans = [s["span"] for s in summaries if s["span"]]
    span = [min(a for a, _ in spans), max(b for _, b in spans)] if spans else [0, 0]
    directory = {
        "users": _keyed(records(small["users"])) if "users" in small else {},
        "teams": _keyed(records(small["teams"])) if "teams" in small else {},
        "mailboxes": _keyed(records(small["mailboxes"])) if "mailboxes" in small else {},
        "folders": _keyed(records(small["folders"])) if "folders" in small else {},
        "tags": _keyed(_tags(small, arrays)),
    }
    write_json(store / "directory.json", directory)
    mailbox = np.load(arrays / "conv.conv_mailbox.npy", mmap_mode="r")
    folder = np.load(arrays / "conv.conv_folder.npy", mmap_mode="r")
    has_folder = np.load(arrays / "conv.conv_has_folder.npy", mmap_mode="r")
    manifest = {
        "format": FORMAT, "version": VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "partitions": {"count": len(bounds), "bases": bases.tolist(),
                       "first_ids": bounds.tolist()},
        "span": span, "n_users": len(user_ids), "n_customers": len(customer_ids),
        "events": event_counts,
        "known_ids": {"mailboxes": np.unique(mailbox).tolist(),
                      "folders": np.unique(np.asarray(folder)[np.asarray(has_folder)]).tolist(),
                      "tags": sorted(int(t) for t in directory["tags"])},
        "created_span": [int(np.min(_load(arrays, "conv.conv_created_at"))),
                         int(np.max(_load(arrays, "conv.conv_created_at")))]
        if bases[-1] else None,
        "load_report": report.as_json(), "ignored": staged.ignored,
        "problems": staged.problems,
    }
    write_json(store / MANIFEST, manifest)
    summary: dict[str, Any] = {"rows": dict(report.rows), "partitions": len(bounds),
                               "notices": report.warnings(), "ignored": staged.ignored,
                               "problems": staged.problems}
    if report.partial:
        summary["incomplete"] = report.partial
    return summary


def _load(arrays: Path, name: str) -> np.ndarray:
    return np.load(arrays / f"{name}.npy", mmap_mode="r")


def _keyed(table: dict[int, Any]) -> dict[str, Any]:
    return {str(k): v for k, v in table.items()}


def _read_whole(staged: _Staged, name: str) -> pa.Table:
    """A (small) table in memory: an empty one of the canonical schema when absent."""
    path = staged.files.get(name)
    if path is None:
        return table_schema(name).empty_table()
    batches = list(_batches(path, name))
    if not batches:
        names = [n for n in pq.read_schema(path).names if n in
                 [c.name for c in TABLES[name].columns]] if path.suffix == ".parquet" else []
        return pa.table({n: pa.array([], pa.string()) for n in names}) if names else \
            table_schema(name).empty_table()
    return pa.Table.from_batches(batches)


def _rated_threads(ratings: pa.Table) -> np.ndarray:
    if "thread_id" not in ratings.column_names or not ratings.num_rows:
        return np.zeros(0, np.int64)
    values = ratings.column("thread_id")
    try:
        ints = values if pa.types.is_integer(values.type) else pc.cast(values, pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.zeros(0, np.int64)  # normalise names the bad value later
    return np.unique(np.asarray(ints.drop_null(), dtype=np.int64))


def _concat(parts: list[Path], name: str) -> np.ndarray:
    return np.concatenate([np.load(p / f"{name}.npy") for p in parts])


def _ratings(ratings: pa.Table, sources: dict[str, str], conv_id: np.ndarray,
             parts: list[Path]) -> tuple[dict[str, np.ndarray], LoadReport, np.ndarray]:
    """The ratings cleaned as a load cleans them, with their rated user and thread time."""
    tables, report = normalise(RawData(tables={"ratings": ratings}, sources=sources),
                               whole_data=False, parents={"conversations": conv_id})
    cols = tables["ratings"]
    thread = np.concatenate([np.load(p / "rated.thread.npy") for p in parts])
    author = np.concatenate([np.load(p / "rated.author.npy") for p in parts])
    at = np.concatenate([np.load(p / "rated.time.npy") for p in parts])
    order = np.argsort(thread, kind="stable")
    thread, author, at = thread[order], author[order], at[order]
    user, has_user = cols.values("user_id")
    tid, has_tid = cols.values("thread_id")
    if len(thread):
        pos = np.minimum(np.searchsorted(thread, tid), len(thread) - 1)
        found = has_tid & (thread[pos] == tid)
        author_of, time_of = author[pos], at[pos]
    else:
        found = np.zeros(cols.n, bool)
        author_of = time_of = np.zeros(cols.n, np.int64)
    # a rating without user_id belongs to the author of its thread, when a user wrote it
    fill = ~has_user & found & (author_of >= 0)
    user = np.where(has_user, user, np.where(fill, author_of, -1))
    customer, has_customer = cols.values("customer_id")
    out = {
        "id": cols.data["id"], "conv_id": cols.data["conversation_id"],
        "time": cols.data["created_at"], "user_id": user, "value": cols.data["rating"],
        "thread": np.where(has_tid, tid, -1),
        "thread_time": np.where(found, time_of, -1),
        "customer": np.where(has_customer, customer, -1),
        "comments": cols.data.get("comments", np.full(cols.n, None, dtype=object)),
    }
    return out, report, np.unique(user[user >= 0])


def _save_globals(arrays: Path, user_ids: np.ndarray, user_known: np.ndarray,
                  team_ids: np.ndarray, small: dict[str, Any],
                  customer_ids: np.ndarray) -> None:
    np.save(arrays / "users.ids.npy", user_ids)
    np.save(arrays / "users.known.npy", user_known)
    np.save(arrays / "teams.ids.npy", team_ids)
    members = small.get("team_members")
    if members is not None and members.n:
        m_user = np.searchsorted(user_ids, members.data["user_id"])
        m_team = np.searchsorted(team_ids, members.data["team_id"])
        ok = (m_team < len(team_ids)) & (team_ids[np.minimum(m_team, len(team_ids) - 1)]
                                         == members.data["team_id"]) if len(team_ids) else \
            np.zeros(members.n, bool)
        pairs = np.unique(np.stack([m_user[ok], m_team[ok]], axis=1), axis=0) if ok.any() \
            else np.zeros((0, 2), np.int64)
    else:
        pairs = np.zeros((0, 2), np.int64)
    np.save(arrays / "members.user.npy", pairs[:, 0].astype(np.int32))
    np.save(arrays / "members.team.npy", pairs[:, 1].astype(np.int32))
    np.save(arrays / "customers.ids.npy", customer_ids)


def _merge_conversations(parts: list[Path], arrays: Path, conv_id: np.ndarray,
                         customer_ids: np.ndarray) -> None:
    total = len(conv_id)
    for attr, dtype in CONV_COLUMNS.items():
        out = np.lib.format.open_memmap(arrays / f"conv.{attr}.npy", "w+", dtype, (total,))
        at = 0
        for p in parts:
            values = np.load(p / f"{attr}.npy")
            out[at:at + len(values)] = values
            at += len(values)
            _release(out)
        out.flush()
        del out
    out = np.lib.format.open_memmap(arrays / "conv.conv_customer.npy", "w+", np.int32,
                                    (total,))
    at = 0
    for p in parts:
        ids = np.load(p / "conv_customer_id.npy")
        out[at:at + len(ids)] = np.where(ids >= 0, np.searchsorted(customer_ids, ids), -1)
        at += len(ids)
    out.flush()


def _merge_tags(parts: list[Path], arrays: Path, bases: np.ndarray) -> None:
    conv = np.concatenate([np.load(p / "tag_conv.npy") + bases[i]
                           for i, p in enumerate(parts)])
    tag = np.concatenate([np.load(p / "tag_id.npy") for p in parts])
    np.save(arrays / "tags.conv.npy", conv)
    np.save(arrays / "tags.id.npy", tag)
    order = np.lexsort((conv, tag))
    np.save(arrays / "tagged.id.npy", tag[order])
    np.save(arrays / "tagged.conv.npy", conv[order])


def _merge_events(name: str, parts: list[Path], summaries: list[dict[str, Any]],
                  arrays: Path, user_ids: np.ndarray, bases: np.ndarray) -> int:
    """Concatenate a partitioned event table (each partition's rows come sorted by user,
    then time) with global codes; write its block offsets; return its rows.

    ``offsets[p, u]`` is where user u's rows of partition p start; ``offsets[p, n_users]``
    where partition p ends.
    """
    n_users, n_parts = len(user_ids), len(parts)
    offsets = np.zeros((n_parts, n_users + 1), np.int64)
    codes, at = [], 0
    for p, (path, s) in enumerate(zip(parts, summaries, strict=True)):
        to_global = np.searchsorted(user_ids, np.asarray(s["user_ids"], np.int64))
        users = to_global[np.load(path / f"{name}.user.npy")] if len(to_global) else \
            np.zeros(0, np.int64)
        codes.append(to_global)
        offsets[p] = at + np.concatenate([[0], np.cumsum(np.bincount(users,
                                                                     minlength=n_users))])
        at = int(offsets[p, n_users])
    np.save(arrays / f"{name}.offsets.npy", offsets)
    columns = ("user", "conv", "time", *EVENT_COLUMNS[name])
    for col in columns:
        sample = np.load(parts[0] / f"{name}.{col}.npy", mmap_mode="r")
        dtype = np.int32 if col in ("user", "conv") else sample.dtype
        out = np.lib.format.open_memmap(arrays / f"{name}.{col}.npy", "w+", dtype, (at,))
        for p, path in enumerate(parts):
            values = np.load(path / f"{name}.{col}.npy")
            if col == "user":
                values = codes[p][values] if len(values) else values
            elif col == "conv":
                values = values + bases[p]
            out[offsets[p, 0]:offsets[p, n_users]] = values
            _release(out)  # written pages go to disk, not into this process's memory
        out.flush()
        del out
    return at


def _release(array: np.ndarray) -> None:
    """Flush a memory-mapped output and drop its pages from this process (they are on
    disk; mapped pages would otherwise count against the import's memory)."""
    import mmap

    array.flush()  # type: ignore[attr-defined]
    handle = getattr(array, "_mmap", None)
    if handle is not None and hasattr(mmap, "MADV_DONTNEED"):
        handle.madvise(mmap.MADV_DONTNEED)


def _save_ratings(rt: dict[str, np.ndarray], arrays: Path, tables_dir: Path,
                  user_ids: np.ndarray, conv_id: np.ndarray, bases: np.ndarray) -> int:
    """The ratings: their own columns (in conversation order), their Parquet parts and
    their event table (rated user, sorted by user then partition)."""
    conv = np.searchsorted(conv_id, rt["conv_id"])
    order = np.lexsort((rt["id"], conv))
    conv = conv[order]
    rt = {k: v[order] for k, v in rt.items()}
    user = np.where(rt["user_id"] >= 0, np.searchsorted(user_ids, rt["user_id"]), -1)
    for key, values in (("conv", conv), ("time", rt["time"]), ("user", user),
                        ("value", rt["value"]), ("id", rt["id"]), ("thread", rt["thread"]),
                        ("thread_time", rt["thread_time"]), ("customer", rt["customer"])):
        np.save(arrays / f"rt.{key}.npy", np.asarray(values))
    part = np.searchsorted(bases, conv, side="right") - 1
    schema = table_schema("ratings")
    from .._vocab import ENUMS

    vocab = np.array(ENUMS[("ratings", "rating")], dtype=object)
    for p in np.unique(part):
        rows = np.flatnonzero(part == p)
        columns = {"id": rt["id"][rows], "conversation_id": rt["conv_id"][rows],
                   "thread_id": _nullable(rt["thread"][rows]),
                   "user_id": _nullable(rt["user_id"][rows]),
                   "customer_id": _nullable(rt["customer"][rows]),
                   "rating": vocab[rt["value"][rows]],
                   "created_at": rt["time"][rows], "comments": rt["comments"][rows]}
        arrays_out = [typed_column(pa.chunked_array([pa.array(columns[c.name])]), c.kind,
                                   len(rows)) for c in TABLES["ratings"].columns]
        folder = tables_dir / "ratings"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_arrays(arrays_out, schema=schema),
                       folder / f"part-{p:05d}.parquet", compression="zstd")
    np.save(arrays / "rt.partition_rows.npy",
            np.searchsorted(part, np.arange(len(bases))))
    # the event table: by partition, then user, then time
    keep = np.flatnonzero(user >= 0)
    by = np.lexsort((keep, rt["time"][keep], user[keep], part[keep]))
    rows = keep[by]
    n_users, n_parts = len(user_ids), len(bases) - 1
    counts = np.zeros((n_parts, n_users), np.int64)
    np.add.at(counts, (part[rows], user[rows]), 1)
    flat = np.concatenate([[0], np.cumsum(counts.ravel())])
    offsets = np.zeros((n_parts, n_users + 1), np.int64)
    offsets[:, :n_users] = flat[:-1].reshape(n_parts, n_users)
    offsets[:, n_users] = np.concatenate([offsets[1:, 0], [flat[-1]]]) if n_parts else []
    np.save(arrays / "ratings.offsets.npy", offsets)
    np.save(arrays / "ratings.user.npy", user[rows].astype(np.int32))
    np.save(arrays / "ratings.conv.npy", conv[rows].astype(np.int32))
    np.save(arrays / "ratings.time.npy", rt["time"][rows])
    np.save(arrays / "ratings.value.npy", rt["value"][rows])
    np.save(arrays / "ratings.row.npy", rows.astype(np.int64))
    return len(rows)


def _nullable(values: np.ndarray) -> pa.Array:
    return pa.array(values, mask=values < 0, type=pa.int64())


def _tags(small: dict[str, Any], arrays: Path) -> dict[int, dict[str, Any]]:
    known = records(small["tags"]) if "tags" in small else {}
    used = np.unique(np.load(arrays / "tags.id.npy"))
    return {i: {"name": known.get(i, {}).get("name"), "color": known.get(i, {}).get("color")}
            for i in sorted(set(known) | set(used.tolist()))}


def _customers(path: Path, tables_dir: Path) -> LoadReport:
    """The customers table (it can be as large as the account's conversations): checked,
    de-duplicated (the last record of an id wins) and written batch by batch, its text
    never turned into Python objects."""
    from .._arrays import duplicated_keep_last

    ids, row = [], 0
    for batch in _batches(path, "customers", ["id"]):
        ids.append(_keys(batch, "id", path, row))
        row += batch.num_rows
    dup = duplicated_keep_last(np.concatenate(ids)) if ids else np.zeros(0, bool)
    folder = tables_dir / "customers"
    folder.mkdir(parents=True, exist_ok=True)
    schema = table_schema("customers")
    at = 0
    with pq.ParquetWriter(folder / "part-00000.parquet", schema, compression="zstd") as out:
        for batch in _batches(path, "customers"):
            keep = ~dup[at:at + batch.num_rows]
            at += batch.num_rows
            batch = batch.filter(pa.array(keep))
            columns = [typed_column(pa.chunked_array([batch.column(c.name)])
                                    if c.name in batch.schema.names else None,
                                    c.kind, batch.num_rows)
                       for c in TABLES["customers"].columns]
            out.write_table(pa.Table.from_arrays(columns, schema=schema))
    return LoadReport(rows={"customers": int((~dup).sum())},
                      duplicates={"customers": int(dup.sum())})


def _customers_arrow(tables_dir: Path, arrays: Path) -> None:
    """The customers table again as an uncompressed Arrow IPC file, row group by row
    group, so that a report maps it and reads the few customers it prints in place."""
    path = tables_dir / "customers" / "part-00000.parquet"
    if not path.exists():
        return
    source = pq.ParquetFile(path)
    columns = ["id", "first_name", "last_name", "email"]
    schema = source.schema_arrow
    schema = pa.schema([schema.field(c) for c in columns])
    with pa.ipc.new_file(arrays / "customers.arrow", schema) as out:
        for g in range(source.num_row_groups):
            out.write_table(source.read_row_group(g, columns=columns))


def _write_small(small: dict[str, Any], tables_dir: Path) -> None:
    """The small tables (and customers) as one-part Parquet datasets."""
    from .._normalise import Columns

    for name, cols in small.items():
        cols_: Columns = cols
        columns = []
        for c in TABLES[name].columns:
            values = cols_.data.get(c.name)
            if values is None:
                columns.append(typed_column(None, c.kind, cols_.n))
                continue
            if c.kind in ("enum", "text"):
                arr = pa.array(values.tolist() if values.dtype == object else values,
                               pa.string())
            elif c.kind == "time":
                ok = cols_.valid.get(c.name)
                arr = pa.array(values, mask=None if ok is None else ~ok,
                               type=pa.int64()).cast(pa.timestamp("s", tz="UTC"))
            else:
                ok = cols_.valid.get(c.name)
                arr = pa.array(values, mask=None if ok is None else ~ok)
            columns.append(typed_column(pa.chunked_array([arr]), c.kind, cols_.n))
        folder = tables_dir / name
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_arrays(columns, schema=table_schema(name)),
                       folder / "part-00000.parquet", compression="zstd")
