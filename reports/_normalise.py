"""Raw tables → typed, cleaned columns (docs/data.md › Normalisation), with a report of what
changed.

- ids, integers and instants become int64 numpy arrays (instants in UTC seconds, floored)
  with a validity mask where the column is nullable;
- enums become small integer codes of their lower-cased, trimmed value (`message` threads
  are `reply`; rating spellings map to great / okay / not_good); -1 is null or unknown;
- duplicate ids keep the last row; threads, tags and ratings of a missing conversation are
  dropped; ratings with an unrecognised value are ignored.

Work happens on Arrow arrays (dictionary-encoded enums are lowered once per distinct value),
so a 10-million-row table never becomes Python strings. Every change is counted in
`LoadReport`; nothing is dropped without a count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import duplicated_keep_last, lookup
from ._errors import DataError
from ._io import RawData
from ._loadreport import LoadReport
from ._schema import TABLES, Table
from ._timeutil import END_INSTANT, FIRST_INSTANT, MAX_YEAR, MIN_YEAR, to_epoch_seconds
from ._vocab import ALIASES, ENUMS, code

__all__ = ["ENUMS", "Columns", "LoadReport", "code", "normalise"]

@dataclass(eq=False)
class Columns:
    """One normalised table: `data[name]` per column, `valid[name]` for nullable ones.

    id/int/time columns are int64 (0 where null); enum columns int8 codes (-1 where null
    or unknown); text columns object arrays (None where null).
    """

    n: int
    data: dict[str, np.ndarray] = field(default_factory=dict)
    valid: dict[str, np.ndarray] = field(default_factory=dict)
    rows: np.ndarray | None = None  # positions in the raw table (None: 0, 1, 2, …)

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def __len__(self) -> int:
        return self.n

    def take(self, index: np.ndarray) -> Columns:
        """The rows at `index` (positions or a boolean mask)."""
        data = {k: v[index] for k, v in self.data.items()}
        valid = {k: v[index] for k, v in self.valid.items()}
        n = len(next(iter(data.values()))) if data else int(np.count_nonzero(index))
        return Columns(n, data, valid, self.source_rows()[index])

    def source_rows(self) -> np.ndarray:
        """Each row's position in the raw table it was read from."""
        return np.arange(self.n) if self.rows is None else self.rows

    def values(self, name: str, dtype: Any = np.int64) -> tuple[np.ndarray, np.ndarray]:
        """(values, valid mask) of a column; all-invalid zeros when the column is absent."""
        if name not in self.data:
            return np.zeros(self.n, dtype=dtype), np.zeros(self.n, dtype=bool)
        return self.data[name], self.valid.get(name, np.ones(self.n, dtype=bool))

    def codes(self, name: str) -> np.ndarray:
        """Enum codes of a column; all -1 when absent."""
        return self.data.get(name, np.full(self.n, -1, dtype=np.int8))

    def frame(self) -> pd.DataFrame:
        """As a DataFrame (for the small descriptive tables), nulls as None/NA."""
        cols: dict[str, Any] = {}
        for name, values in self.data.items():
            ok = self.valid.get(name)
            if ok is not None and values.dtype != object:
                cols[name] = pd.array(values, dtype="Int64")
                cols[name][~ok] = pd.NA
            else:
                cols[name] = values
        return pd.DataFrame(cols, index=pd.RangeIndex(self.n))


def normalise(raw: RawData, whole_data: bool = True, orphans: bool = True,
              parents: dict[str, np.ndarray] | None = None,
              ) -> tuple[dict[str, Columns], LoadReport]:
    """Type, clean and cross-check the raw tables; return them with the load report.

    With `whole_data` false (a part of a dataset, such as a store's partition) the notes
    that need every table — authors missing from the users table, teams without members —
    are left to whoever sees the whole; with `orphans` false, rows whose parent is not
    there are kept. `parents` gives the ids of parent tables held elsewhere (a store's
    conversations, for its ratings).
    """
    report = LoadReport(notices=list(raw.gaps) + list(raw.notices), dropped=dict(raw.dropped))
    out: dict[str, Columns] = {}
    for name, frame in raw.tables.items():
        table = TABLES[name]
        source = raw.sources.get(name, name)
        whole = raw.whole.get(name)  # the table was cut: what its whole holds comes with it
        cols = _type_table(as_arrow(frame), table, source, report if whole is None else None)
        if whole is not None:
            for key, found in whole["unknown"].items():
                table_name, column = key.split(".")
                report.add_unknown(table_name, column, found["source"], found["values"])
        if table.key is not None and cols.n:
            dup = duplicated_keep_last(cols.data[table.key])
            report.duplicates[name] = int(dup.sum())
            if report.duplicates[name]:
                cols = cols.take(~dup)
        out[name] = cols
    if orphans:
        _drop_orphans(out, report, parents or {})
    if "ratings" in out:
        ratings = out["ratings"]
        unknown = ratings.data["rating"] < 0
        if unknown.any():
            report.dropped["ratings with a missing or unrecognised value"] = int(
                unknown.sum())
            out["ratings"] = ratings.take(~unknown)
    if whole_data:
        authors = raw.whole["threads"]["authors"] if "threads" in raw.whole else \
            author_ids(out.get("threads", Columns(0)))
        users = out["users"].data["id"] if "users" in out else np.zeros(0, np.int64)
        report.missing_authors = np.setdiff1d(authors, users).tolist()
        if "teams" in out:
            members = out["team_members"].data["team_id"] if "team_members" in out else \
                np.zeros(0, np.int64)
            report.memberless_teams = np.setdiff1d(out["teams"].data["id"], members).tolist()
    report.rows = {name: cols.n for name, cols in out.items()}
    return out, report


def author_ids(threads: Any) -> np.ndarray:
    """Distinct ids of the users who wrote threads (a `Columns` or a raw table view)."""
    authors, ok = threads.values("created_by_id")
    by_user = threads.codes("created_by_type") == code("threads", "created_by_type", "user")
    return np.unique(authors[ok & by_user])


def as_arrow(frame: Any) -> pa.Table:
    """A raw table (Arrow or pandas) as an Arrow table."""
    if isinstance(frame, pa.Table):
        return frame
    arrays, names = [], []
    for name in frame.columns:
        series = frame[name]
        try:
            arrays.append(pa.array(series, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arrays.append(pa.array(series.astype("string"), from_pandas=True))
        names.append(str(name))
    return pa.Table.from_arrays(arrays, names=names) if names else pa.table({})


def _type_table(arrow: pa.Table, table: Table, source: str,
                report: LoadReport | None) -> Columns:
    missing = [c.name for c in table.columns if c.required and c.name not in arrow.column_names]
    if missing:
        raise DataError(f"required column is missing in table '{table.name}'",
                        file=source, column=missing[0])
    out = Columns(arrow.num_rows)
    for col in table.columns:
        if col.name not in arrow.column_names:
            continue
        values = arrow.column(col.name)
        if pa.types.is_null(values.type):  # an all-null column
            values = values.cast(pa.string() if col.kind in ("enum", "text", "flag")
                                 else pa.int64())
        if col.kind == "id":
            data, ok = _ints(values, col.name, source)
        elif col.kind == "seconds":
            data, ok = _micros(values, col.name, source)
        elif col.kind == "flag":
            data, ok = _flag(values, col.name, source)
        elif col.kind == "time":
            data, ok = _times(values, col.name, source)
        elif col.kind == "enum":
            data, ok = _enum(values, table.name, col.name, source, report)
        else:
            text = values.to_pandas()
            out.data[col.name] = text.astype(object).where(text.notna(), None).to_numpy()
            continue
        if col.required and not ok.all():
            _fail(~ok, values, source, col.name, "a required value is empty")
        out.data[col.name] = data
        if not col.required:
            out.valid[col.name] = ok
    return out


def _fail(bad: np.ndarray, values: pa.ChunkedArray, source: str, column: str,
          message: str) -> None:
    rows = np.flatnonzero(bad)
    if not len(rows):
        raise DataError(message, file=source, column=column)
    row = int(rows[0])
    value = values[row].as_py()
    raise DataError(f"{message} (value {value!r}); fix or remove that record",
                    file=source, column=column, row=row + 1, rejected_value=value)


def _valid(values: pa.ChunkedArray) -> np.ndarray:
    return np.asarray(pc.is_valid(values), dtype=bool)


def _numbers(values: pa.ChunkedArray, column: str,
             source: str) -> tuple[np.ndarray | None, np.ndarray, np.ndarray]:
    """(float64 values or None when the column is integer-typed, valid, int64 values)."""
    ok = _valid(values)
    typ = values.type
    if pa.types.is_integer(typ):
        if values.null_count:
            values = values.fill_null(0)
        return None, ok, np.asarray(values.cast(pa.int64()))
    if pa.types.is_dictionary(typ):
        values = values.cast(typ.value_type)
        typ = typ.value_type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        trimmed = pc.utf8_trim_whitespace(values)
        ok &= np.asarray(pc.not_equal(trimmed, "").fill_null(False), dtype=bool)
        numeric = pd.to_numeric(pd.Series(trimmed.to_pandas()).where(ok, None),
                                errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    elif pa.types.is_floating(typ) or pa.types.is_decimal(typ):
        numeric = np.asarray(values.cast(pa.float64()).fill_null(np.nan))
    else:
        _fail(ok, values, source, column, f"expected numbers, found {typ}")
    bad = ok & ~np.isfinite(numeric)
    if bad.any():
        _fail(bad, values, source, column, "not a number")
    return numeric, ok, np.zeros(0, np.int64)


def _ints(values: pa.ChunkedArray, column: str, source: str) -> tuple[np.ndarray, np.ndarray]:
    """Integer column → (int64, valid); floats must be whole."""
    numeric, ok, ints = _numbers(values, column, source)
    if numeric is None:
        return ints, ok
    bad = ok & (np.floor(numeric) != numeric)
    if bad.any():
        _fail(bad, values, source, column, "not an integer")
    return np.where(ok, numeric, 0).astype(np.int64), ok


def _micros(values: pa.ChunkedArray, column: str,
            source: str) -> tuple[np.ndarray, np.ndarray]:
    """Seconds, fractions kept → (int64 microseconds, rounded to the nearest; valid)."""
    numeric, ok, ints = _numbers(values, column, source)
    if numeric is None:
        return ints * 1_000_000, ok
    return np.where(ok, np.rint(numeric * 1e6), 0).astype(np.int64), ok


def _flag(values: pa.ChunkedArray, column: str, source: str) -> tuple[np.ndarray, np.ndarray]:
    """True/false column (booleans, 0/1, or the words true/false/yes/no) → (bool, valid)."""
    ok = _valid(values)
    typ = values.type
    if pa.types.is_boolean(typ):
        return np.asarray(values.fill_null(False), dtype=bool), ok
    if pa.types.is_integer(typ) or pa.types.is_floating(typ):
        numbers = np.asarray(values.cast(pa.float64()).fill_null(0))
        bad = ok & (numbers != 0) & (numbers != 1)
        if bad.any():
            _fail(bad, values, source, column, "not true or false")
        return numbers == 1, ok
    words = pc.utf8_lower(pc.utf8_trim_whitespace(values.cast(pa.string())))
    true = np.asarray(pc.is_in(words, pa.array(["true", "1", "yes"])).fill_null(False), bool)
    false = np.asarray(pc.is_in(words, pa.array(["false", "0", "no"])).fill_null(False), bool)
    blank = np.asarray(pc.equal(words, "").fill_null(True), dtype=bool)
    bad = ok & ~true & ~false & ~blank
    if bad.any():
        _fail(bad, values, source, column, "not true or false")
    return true, ok & ~blank


_TICKS = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def _times(values: pa.ChunkedArray, column: str,
           source: str) -> tuple[np.ndarray, np.ndarray]:
    """Instant column → (int64 UTC seconds, floored; valid); the supported years only."""
    secs, ok = _times_raw(values, column, source)
    outside = ok & ((secs < FIRST_INSTANT) | (secs >= END_INSTANT))
    if outside.any():
        _fail(outside, values, source, column,
              f"outside the years {MIN_YEAR}-{MAX_YEAR} that reports cover")
    return secs, ok


def _times_raw(values: pa.ChunkedArray, column: str,
               source: str) -> tuple[np.ndarray, np.ndarray]:
    """Instant column → (int64 UTC seconds, floored; valid)."""
    ok = _valid(values)
    typ = values.type
    if pa.types.is_dictionary(typ):
        values = values.cast(typ.value_type)
        typ = typ.value_type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        try:
            # Microseconds: nanoseconds would wrap silently outside 1677-2262.
            values = pc.cast(pc.utf8_trim_whitespace(values), pa.timestamp("us", tz="UTC"))
            typ = values.type
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            secs, present, bad = to_epoch_seconds(values.to_pandas())
            if bad.any():
                _fail(bad, values, source, column,
                      "not a timestamp; write instants like 2015-01-01T00:00:00Z")
            return secs, present
    if pa.types.is_timestamp(typ):
        ticks = values.cast(pa.int64())
        ticks = np.asarray(ticks.fill_null(0) if ticks.null_count else ticks)
        return np.floor_divide(ticks, _TICKS[typ.unit]), ok
    if pa.types.is_integer(typ) or pa.types.is_floating(typ):
        raw = np.asarray(values.cast(pa.float64()).fill_null(0))
        return np.floor(raw).astype(np.int64), ok
    _fail(ok, values, source, column, f"expected timestamps, found {typ}")
    raise AssertionError  # unreachable


def _enum(values: pa.ChunkedArray, table: str, column: str, source: str,
          report: LoadReport | None) -> tuple[np.ndarray, np.ndarray]:
    """Enum column → (int8 code, valid), counting values outside the vocabulary."""
    codes, present, unknown = enum_codes(values, table, column)
    if report is not None:
        report.add_unknown(table, column, source, unknown)
    return codes, present


def unknown_counts(arrow: pa.Table, table: str, source: str) -> dict[str, dict[str, Any]]:
    """The unknown values of every enum column of a raw table, as `LoadReport.unknown`."""
    report = LoadReport()
    for col in TABLES[table].columns:
        if col.kind == "enum" and col.name in arrow.column_names:
            values = arrow.column(col.name)
            if not pa.types.is_null(values.type):
                report.add_unknown(table, col.name, source,
                                   enum_codes(values, table, col.name)[2])
    return report.unknown


def enum_codes(values: pa.ChunkedArray, table: str,
               column: str) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """(int8 code, present, rows per unknown value) of an enum column.

    Values are lower-cased and trimmed once per distinct value; aliases share a code;
    -1 is null, blank or unknown. Unknown values are counted as written (trimmed and
    lower-cased), most frequent first, so the same table gives the same counts however
    its rows are ordered or cut.
    """
    vocab = ENUMS.get((table, column), ())
    aliases = ALIASES.get((table, column), {})
    keys = list(vocab) + list(aliases)
    code_of = np.array(list(range(len(vocab))) + [vocab.index(v) for v in aliases.values()]
                       + [-1], dtype=np.int8)
    if not pa.types.is_dictionary(values.type):
        values = values.cast(pa.string()).dictionary_encode()
    values = values.unify_dictionaries() if values.num_chunks > 1 else values
    chunks = values.chunks or [pa.array([], pa.dictionary(pa.int32(), pa.string()))]
    dictionary = pc.utf8_lower(pc.utf8_trim_whitespace(chunks[0].dictionary.cast(pa.string())))
    found = np.asarray(pc.index_in(dictionary, value_set=pa.array(keys, pa.string()))
                       .fill_null(len(keys)), dtype=np.int64)
    blank = np.asarray(pc.equal(dictionary, "").fill_null(True), dtype=bool)
    # Per dictionary entry: its code, -2 when unknown, -1 when blank; one more slot for null.
    per_value = np.where(blank, -1, np.where(code_of[found] >= 0, code_of[found], -2))
    per_value = np.append(per_value, -1).astype(np.int8)
    null_slot = len(per_value) - 1
    parts = []
    for chunk in chunks:
        ind = chunk.indices
        if ind.null_count:
            ind = ind.fill_null(null_slot)
        parts.append(per_value[np.asarray(ind)])
    raw = np.concatenate(parts) if parts else np.zeros(0, np.int8)
    present = raw != -1
    counts: dict[str, int] = {}
    if (raw == -2).any():
        entries = np.concatenate([np.asarray(c.indices.fill_null(null_slot)) for c in chunks])
        entries = entries[raw == -2]
        per_entry = np.bincount(entries, minlength=null_slot + 1)
        names = dictionary.to_pylist()
        for entry in np.flatnonzero(per_entry):
            key = str(names[entry])
            counts[key] = counts.get(key, 0) + int(per_entry[entry])
        counts = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return np.maximum(raw, -1).astype(np.int8), present, counts


def _drop_orphans(tables: dict[str, Columns], report: LoadReport,
                  parent_ids: dict[str, np.ndarray]) -> None:
    """Drop (and count) rows that point at a conversation or team that does not exist."""
    parents = {"threads": ("conversations", "conversation_id"),
               "conversation_tags": ("conversations", "conversation_id"),
               "ratings": ("conversations", "conversation_id"),
               "team_members": ("teams", "team_id")}
    for name, (parent, column) in parents.items():
        if name not in tables or not tables[name].n:
            continue
        cols = tables[name]
        ids = tables[parent].data["id"] if parent in tables else parent_ids.get(
            parent, np.zeros(0, np.int64))
        known = lookup(cols.data[column], ids) >= 0
        if not known.all():
            what = "conversation" if parent == "conversations" else "team"
            reason = f"{name} whose {what} is missing"
            report.dropped[reason] = report.dropped.get(reason, 0) + int((~known).sum())
            tables[name] = cols.take(known)
