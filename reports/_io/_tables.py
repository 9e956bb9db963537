"""Streaming table building shared by the Singer and API JSON readers.

A reader turns each input record into one row tuple (canonical column order, the values
as parsed from JSON) and hands it to a `TableBuilder`. Every `CHUNK` rows the builder turns
its rows into one typed Arrow record batch (ids int64, instants ``timestamp[s, UTC]``,
enums dictionary-encoded strings), checking every value of the chunk at once, and passes
the batch to a sink: `MemorySink` keeps the batches for `reports.load`, `ParquetSink`
writes them to ``<table>.parquet`` as they come (``reports import``). Either way no parsed
record outlives its chunk, so memory is the typed tables (or a few chunks, when
importing), never the JSON.

Records that cannot be used are skipped and counted in `Problems`, which turns them into
one notice per kind of problem, with the count and the first examples (file and line).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .._schema import TABLES, Table
from .._timeutil import END_INSTANT, FIRST_INSTANT

__all__ = [
    "Scan",
    "CHUNK", "MemorySink", "ParquetSink", "Problems", "Sink", "TableBuilder", "as_id",
    "as_text", "nested", "synthetic_id", "table_schema",
]

CHUNK = 65536  # rows per builder chunk
INT64_MAX = 2**63 - 1
ENUM_TYPE = pa.dictionary(pa.int32(), pa.string())
KIND_TYPES = {"id": pa.int64(), "seconds": pa.float64(), "flag": pa.bool_(),
              "time": pa.timestamp("s", tz="UTC"), "enum": ENUM_TYPE, "text": pa.string()}

#: progress(records read so far, bytes read so far, total bytes) — called now and then.
Progress = Callable[[int, int, int], None]


def table_schema(name: str) -> pa.Schema:
    """The Arrow schema the readers and ``reports import`` write for a canonical table."""
    return pa.schema([(c.name, KIND_TYPES[c.kind]) for c in TABLES[name].columns])


# --------------------------------------------------------------------------- values


def as_id(value: Any) -> int | None:
    """An integer id from a JSON value, or None when it is absent or not an integer.

    Integers pass; so do whole floats and digit strings (hand-written exports).

    >>> as_id(12), as_id("12"), as_id(12.0), as_id(12.5), as_id(True), as_id(None)
    (12, 12, 12, None, None, None)
    """
    if type(value) is int:
        return value if -INT64_MAX <= value <= INT64_MAX else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) <= INT64_MAX else None
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return as_id(int(text))
    return None


def as_text(value: Any) -> str | None:
    """Text from a JSON scalar; None for null, objects and arrays."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def synthetic_id(*parts: Any) -> int:
    """A stable negative id for a record that has none (never clashes with a real id).

    >>> synthetic_id(1, 2, "2015-01-01T00:00:00Z") == synthetic_id(1, 2, "2015-01-01T00:00:00Z")
    True
    >>> synthetic_id(1) < 0
    True
    """
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=7).digest()
    return -1 - int.from_bytes(digest, "big")


# --------------------------------------------------------------------------- problems


@dataclass
class Problem:
    """Records set aside for one reason: how many, and where the first ones were."""

    table: str
    reason: str
    action: str  # "skipped" (the record is lost) or "nulled" (one value is lost)
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def notice(self) -> str:
        what = ("record(s) skipped" if self.action == "skipped"
                else "value(s) set to null, the records kept")
        return (f"{self.table}: {self.count:,} {what}: {self.reason} "
                f"(first: {'; '.join(self.examples)})")

    def as_dict(self) -> dict[str, Any]:
        return {"table": self.table, "reason": self.reason, "action": self.action,
                "count": self.count, "examples": list(self.examples)}


class Problems:
    """Counts unusable records by (table, reason), keeping the first few locations."""

    EXAMPLES = 3

    def __init__(self) -> None:
        self.files: list[str] = []
        self._by_key: dict[tuple[str, str, str], Problem] = {}
        #: where the input ends early (a file cut mid-record), one line each
        self.incomplete: list[str] = []

    def cut(self, loc: int, what: str) -> None:
        """Note that the input ends early at `loc` (the rest of the export is missing)."""
        self.incomplete.append(f"{self.where(loc)}: {what}")

    def file_no(self, path: Path | str) -> int:
        self.files.append(str(path))
        return len(self.files) - 1

    def where(self, loc: int) -> str:
        """Location code (file number << 32 | line) as text."""
        return f"{self.files[loc >> 32]} line {loc & 0xFFFFFFFF}"

    def add(self, table: str, reason: str, loc: int, value: Any = None,
            action: str = "skipped", detail: str | None = None) -> None:
        """Count one record (or value) set aside; `value` or `detail` goes with the first
        few examples."""
        key = (table, reason, action)
        problem = self._by_key.get(key)
        if problem is None:
            problem = self._by_key[key] = Problem(table, reason, action)
        problem.count += 1
        if len(problem.examples) < self.EXAMPLES:
            text = self.where(loc)
            if value is not None:
                shown = repr(value)
                text += f" (value {shown[:60] + '…' if len(shown) > 60 else shown})"
            if detail:
                text += f" ({detail})"
            problem.examples.append(text)

    def first(self, table: str) -> Problem | None:
        return next((p for p in self._by_key.values() if p.table == table), None)

    def notices(self) -> list[str]:
        return [p.notice() for p in self._by_key.values()]

    def as_list(self) -> list[dict[str, Any]]:
        return [p.as_dict() for p in self._by_key.values()]


def loc_of(file_no: int, line: int) -> int:
    """Pack a file number and a 1-based line into one int (see `Problems.where`)."""
    return (file_no << 32) | min(line, 0xFFFFFFFF)


_WHERE = re.compile(r"(?P<file>.+?) line (?P<line>\d+)(?=$|: | \()")


def located(text: str) -> tuple[str | None, int | None]:
    """The file and line at the start of `text` written by `Problems.where` (an
    incomplete place, an example of a problem); (None, None) if it names none."""
    found = _WHERE.match(text)
    return (found["file"], int(found["line"])) if found else (None, None)


def at_first(exc: Any, example: str) -> Any:
    """`exc` (a `DataError` about its whole `.file`) with `.line` set to the line of
    `example` (a problem's first place), when that place is in the same file."""
    file, line = located(example)
    if file is not None and file == exc.file:
        exc.line = line
    return exc


# --------------------------------------------------------------------------- sinks


class Sink(Protocol):
    def write(self, name: str, batch: pa.RecordBatch) -> None: ...


class MemorySink:
    """Keeps every batch; `tables()` gives one Arrow table per name for `RawData`."""

    def __init__(self) -> None:
        self.batches: dict[str, list[pa.RecordBatch]] = {}

    def write(self, name: str, batch: pa.RecordBatch) -> None:
        self.batches.setdefault(name, []).append(batch)

    def tables(self, names: Iterable[str]) -> dict[str, pa.Table]:
        return {name: pa.Table.from_batches(self.batches.pop(name, []), table_schema(name))
                for name in names}


class ParquetSink:
    """Writes each table to ``<dir>/<table>.parquet.partial``; `commit()` renames them."""

    ROW_GROUP = 1 << 19

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._pending: dict[str, list[pa.RecordBatch]] = {}
        self.rows: dict[str, int] = {}

    def _path(self, name: str) -> Path:
        return self.directory / f"{name}.parquet.partial"

    def write(self, name: str, batch: pa.RecordBatch) -> None:
        pending = self._pending.setdefault(name, [])
        pending.append(batch)
        self.rows[name] = self.rows.get(name, 0) + batch.num_rows
        if sum(b.num_rows for b in pending) >= self.ROW_GROUP:
            self._drain(name)

    def _drain(self, name: str) -> None:
        writer = self._writers.get(name)
        if writer is None:
            writer = self._writers[name] = pq.ParquetWriter(self._path(name),
                                                            table_schema(name))
        batches = self._pending.pop(name, [])
        if batches:
            writer.write_table(pa.Table.from_batches(batches, table_schema(name)))

    def commit(self, names: Iterable[str]) -> dict[str, int]:
        """Finish every table in `names` (empty ones too) and give them their final names."""
        done = {}
        for name in names:
            self._drain(name)
            self._writers.pop(name).close()
            self._path(name).replace(self.directory / f"{name}.parquet")
            done[name] = self.rows.get(name, 0)
        self.abort()
        return done

    def abort(self) -> None:
        """Close and delete whatever was not committed."""
        for name, writer in self._writers.items():
            writer.close()
            self._path(name).unlink(missing_ok=True)
        self._writers.clear()
        self._pending.clear()


# --------------------------------------------------------------------------- builder


class TableBuilder:
    """Rows of one canonical table, typed and handed to the sink chunk by chunk.

    `add(row, loc)` takes a tuple of the source's values in the table's column order, as
    parsed from JSON (ids should be integers, instants ISO 8601 text). Each chunk is typed
    column by column at once; values of the wrong type are converted where that is safe
    (``"12"`` → 12) and otherwise count as absent. A record whose required value is
    absent or unusable is skipped; an unusable optional value becomes null. Both are
    counted in `problems`, under the source's field names (`fields`: canonical column →
    source field), and each skipped record only once.
    """

    def __init__(self, name: str, sink: Sink, problems: Problems, label: str | None = None,
                 fields: dict[str, str] | None = None, chunk: int = CHUNK) -> None:
        self.table: Table = TABLES[name]
        self.name = name
        self.label = label or name
        self.fields = fields or {}
        self.sink = sink
        self.problems = problems
        self.chunk = chunk
        self.schema = table_schema(name)
        self.rows: list[tuple[Any, ...]] = []
        self.locs: list[int] = []
        self.seen = False  # the source has this table, even if every record was bad
        self.read = 0  # rows offered and flushed
        self.written = 0  # rows handed to the sink
        self.dropped: list[np.ndarray] = []  # indices (in offer order) of skipped rows

    def add(self, row: tuple[Any, ...], loc: int) -> None:
        self.rows.append(row)
        self.locs.append(loc)
        if len(self.rows) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        rows, locs = self.rows, self.locs
        if not rows:
            return
        self.seen = True
        n = len(rows)
        self.rows, self.locs = [], []
        columns = list(zip(*rows, strict=True))
        del rows
        drop = np.zeros(n, dtype=bool)
        arrays = []
        for col, values in zip(self.table.columns, columns, strict=True):
            source = self.fields.get(col.name, col.name)
            if col.kind == "time":
                array, missing, bad = _instants(values)
                problem = f"'{source}' is not an ISO 8601 timestamp"
            elif col.kind == "id":
                array, bad = _integers(values)
                missing = np.asarray(array.is_null(), dtype=bool) & ~bad
                problem = f"'{source}' is not an integer"
            elif col.kind == "seconds":
                array, bad = _floats(values)
                missing = np.asarray(array.is_null(), dtype=bool) & ~bad
                problem = f"'{source}' is not a number"
            elif col.kind == "flag":
                array, bad = _flags(values)
                missing = np.asarray(array.is_null(), dtype=bool) & ~bad
                problem = f"'{source}' is not true or false"
            else:
                array = _strings(values)
                missing = np.asarray(pc.fill_null(pc.equal(array, ""), True), dtype=bool)
                bad = np.zeros(n, dtype=bool)
                problem = ""
                if col.kind == "enum":
                    array = array.dictionary_encode()
            action = "skipped" if col.required else "nulled"
            for i in np.flatnonzero(bad & ~drop):
                self.problems.add(self.label, problem, locs[i], values[i], action)
            if col.required:
                for i in np.flatnonzero(missing & ~drop):
                    self.problems.add(self.label, f"'{source}' is missing", locs[i])
                drop |= missing | bad
            arrays.append(array)
        batch = pa.RecordBatch.from_arrays(arrays, schema=self.schema)
        if drop.any():
            batch = batch.filter(pa.array(~drop))
            self.dropped.append(self.read + np.flatnonzero(drop))
        self.read += n
        self.written += batch.num_rows
        self.sink.write(self.name, batch)


def _numbers(values: Sequence[Any], target: pa.DataType,
             exact: Callable[[pa.DataType], bool],
             convert: Callable[[Any], Any]) -> tuple[pa.Array, np.ndarray]:
    """JSON values → (array of `target`, mask of present values that `convert` rejects).

    Arrow reads the values at once when they all are of a type `exact` accepts (or null);
    otherwise each is converted alone."""
    try:
        array = pa.array(values)
        if exact(array.type) or pa.types.is_null(array.type):
            return array.cast(target), np.zeros(len(values), dtype=bool)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass
    out = [convert(v) for v in values]
    bad = np.fromiter((v is not None and o is None for v, o in zip(values, out, strict=True)),
                      dtype=bool, count=len(values))
    return pa.array(out, type=target), bad


def _integers(values: Sequence[Any]) -> tuple[pa.Array, np.ndarray]:
    """JSON values → (int64 array, mask of present values that are not integers)."""
    return _numbers(values, pa.int64(), pa.types.is_integer, as_id)


def _floats(values: Sequence[Any]) -> tuple[pa.Array, np.ndarray]:
    """JSON values → (float64 array, mask of present values that are not numbers)."""
    return _numbers(values, pa.float64(),
                    lambda t: pa.types.is_integer(t) or pa.types.is_floating(t), _as_float)


def _flags(values: Sequence[Any]) -> tuple[pa.Array, np.ndarray]:
    """JSON values → (bool array, mask of present values that are not true or false)."""
    flags = [as_flag(v) for v in values]
    bad = np.fromiter((v is not None and f is None for v, f in zip(values, flags, strict=True)),
                      dtype=bool, count=len(values))
    return pa.array(flags, type=pa.bool_()), bad


FLAG_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def as_flag(value: Any) -> bool | None:
    """True or false from a JSON value (a boolean, 0/1, or the words), else None."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return FLAG_WORDS.get(str(value).strip().lower()) if isinstance(value, str) else None


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def _strings(values: Sequence[Any]) -> pa.Array:
    try:
        array = pa.array(values)
        if pa.types.is_string(array.type):
            return array
        if pa.types.is_null(array.type):
            return array.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        pass
    return pa.array([as_text(v) for v in values], type=pa.string())


def _instants(values: Sequence[Any]) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """Text instants → (timestamp[s, UTC] array, missing mask, unparseable mask).

    Fractions of a second are floored (as `reports._timeutil.to_epoch_seconds` does); an
    instant without an offset is UTC.
    """
    n = len(values)
    texts = _strings([v if v is None or type(v) is str else repr(v) for v in values]
                     if any(v is not None and type(v) is not str for v in values) else values)
    texts = pc.utf8_trim_whitespace(texts)
    missing = np.asarray(pc.fill_null(pc.equal(texts, ""), True), dtype=bool)
    try:  # fast path: every value carries an offset or Z
        stamps = pc.cast(texts, pa.timestamp("us", tz="UTC"))  # ns would wrap past 2262
        micros = np.asarray(stamps.cast(pa.int64()).fill_null(0), dtype=np.int64)
        ok = ~missing
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        series = pd.Series(texts.to_pandas(), dtype=object)
        parsed = pd.to_datetime(series, utc=True, format="ISO8601", errors="coerce")
        raw = parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
        ok = ~np.isnat(raw) & ~missing
        micros = np.where(ok, raw.view(np.int64), 0)
    secs = np.floor_divide(micros, 1_000_000)
    ok &= (secs >= FIRST_INSTANT) & (secs < END_INSTANT)  # the supported years only
    bad = ~missing & ~ok
    array = pa.array(secs, type=pa.int64(), mask=~ok if not ok.all() else None)
    if n == 0:
        array = pa.array([], type=pa.int64())
    return array.cast(pa.timestamp("s", tz="UTC")), missing, bad


def typed_column(values: pa.ChunkedArray | None, kind: str, n: int) -> pa.ChunkedArray:
    """A column of already validated canonical values (e.g. read from CSV) in the Arrow
    type the readers write (`KIND_TYPES`); all null when `values` is None."""
    target = KIND_TYPES[kind]
    if values is None:
        return pa.chunked_array([pa.nulls(n, target)])
    typ = values.type
    if pa.types.is_dictionary(typ):
        values = values.cast(typ.value_type)
        typ = typ.value_type
    if kind == "time":
        if pa.types.is_timestamp(typ):
            ticks = np.asarray(values.cast(pa.int64()).fill_null(0))
            secs = np.floor_divide(ticks, {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[
                typ.unit])
            ok = np.asarray(pc.is_valid(values), dtype=bool)
            array = pa.array(secs, mask=~ok, type=pa.int64()).cast(target)
        elif pa.types.is_integer(typ) or pa.types.is_floating(typ):
            raw = np.asarray(values.cast(pa.float64()).fill_null(0))
            ok = np.asarray(pc.is_valid(values), dtype=bool)
            array = pa.array(np.floor(raw).astype(np.int64), mask=~ok,
                             type=pa.int64()).cast(target)
        else:
            array, _missing, _bad = _instants(values.cast(pa.string()).to_pylist())
        return pa.chunked_array([array])
    if kind == "flag":
        if pa.types.is_boolean(typ):
            return values
        words = pc.utf8_lower(pc.utf8_trim_whitespace(values.cast(pa.string())))
        return pc.if_else(pc.is_in(words, pa.array(["true", "1", "yes"])), True,
                          pc.if_else(pc.is_in(words, pa.array(["false", "0", "no"])), False,
                                     pa.scalar(None, pa.bool_())))
    if kind in ("id", "seconds"):
        if pa.types.is_string(typ) or pa.types.is_large_string(typ):
            trimmed = pc.utf8_trim_whitespace(values)
            values = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
            values = values.cast(pa.float64())
        return values.cast(target)
    values = values.cast(pa.string())
    return values.dictionary_encode() if kind == "enum" else values


class Scan:
    """What a streaming reader found besides the rows: tables, notices, ignored input."""

    def __init__(self) -> None:
        self.tables: list[str] = []
        self.incomplete: list[str] = []
        self.gaps: list[str] = []  # tables a report needs that the source lacks
        self.notices: list[str] = []
        self.problems: list[dict[str, Any]] = []
        self.ignored: dict[str, int] = {}
        self.records = 0


def nested(get: Callable[[str], Any], key: str, problems: Problems, table: str,
           loc: int) -> dict[str, Any]:
    """A record's nested object `key` ({} when absent); another kind of value is counted
    as set to null, the record kept."""
    value = get(key)
    if value is None or type(value) is dict:
        return value or {}
    problems.add(table, f"'{key}' is not an object", loc, value, "nulled")
    return {}
