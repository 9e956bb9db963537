"""``reports import`` (any input → the canonical Parquet directory) and ``reports validate``.

`import_dataset` streams: a Singer dump or API pages go through the same readers as
`reports.load`, but each chunk of rows is written to ``<table>.parquet`` as soon as it is
built, so memory stays at a few chunks whatever the size of the dump. The tables are
written as read (file order, duplicates included: loading resolves them, the last
record of an id wins), with ids as int64 and instants as UTC timestamps, so a later load
does no parsing. Files are written as ``*.parquet.partial`` and renamed at the end: an
import that fails leaves no half-written table behind.

`validate` loads a dataset the way `reports.load` does and describes what it found.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from .._errors import DataError
from .._schema import TABLES
from . import check_complete, detect, partial_notice, read
from ._tables import ParquetSink, Problem, Progress, table_schema, typed_column

__all__ = ["canonical_files", "import_dataset", "validate"]


def canonical_files(directory: Path) -> list[Path]:
    """The files of `directory` that a canonical dataset consists of."""
    names = [f"{t}{ext}" for t in TABLES for ext in (".parquet", ".csv")]
    names.append("office_hours.json")
    return [directory / n for n in names if (directory / n).exists()]


def import_dataset(source: str | Path, out: str | Path, input_format: str | None = None,
                   progress: Progress | None = None, overwrite: bool = False,
                   allow_partial: bool = False, office_hours: str | Path | None = None,
                   ) -> dict[str, Any]:
    """Convert the dataset at `source` into canonical Parquet tables in directory `out`.

    Returns a summary: format, rows written per table, records ignored and set aside,
    notices. Raises `DataError` when the source is unusable or cut short (unless
    `allow_partial`), and `FileExistsError` when `out` already holds a dataset and
    `overwrite` is false. `office_hours` (a JSON file) is written into `out`; without it,
    an ``office_hours.json`` beside the source is.
    """
    src, dest = Path(source), Path(out)
    if not src.exists():
        raise DataError("no such file or directory", file=str(src))
    fmt = input_format or detect(src)
    if dest.exists() and not dest.is_dir():
        raise FileExistsError(f"{dest} exists and is not a directory")
    if dest.exists() and dest.resolve() == (src if src.is_dir() else src.parent).resolve() \
            and fmt == "canonical":
        raise FileExistsError(f"{dest} is the source itself; choose another --out")
    if office_hours is not None:
        from .._office_hours import read_office_hours

        read_office_hours(office_hours)  # a bad schedule fails before any work
    old = canonical_files(dest) if dest.exists() else []
    if old and not overwrite:
        raise FileExistsError(f"{dest} already holds a dataset ({old[0].name}, ...)")
    dest.mkdir(parents=True, exist_ok=True)
    sink = ParquetSink(dest)
    summary: dict[str, Any] = {"source": str(src), "format": fmt, "out": str(dest)}
    try:
        if fmt == "canonical":
            tables, raw = _canonical_into(src, sink)
        else:
            from ._api_json import scan_api_json
            from ._singer import scan_singer

            scanners: dict[str, Any] = {"singer": scan_singer, "api": scan_api_json}
            if fmt not in scanners:
                raise DataError(f"unknown input format '{fmt}'; use one of canonical, "
                                "singer, api", file=str(src))
            scan: Any = scanners[fmt](src, sink, progress)
            tables = scan.tables
            raw = {"ignored": scan.ignored, "notices": scan.gaps + scan.notices,
                   "problems": scan.problems, "records": scan.records}
            if scan.incomplete:
                check_complete(scan.incomplete, allow_partial)
                raw["incomplete"] = scan.incomplete
                raw["notices"] = [partial_notice(scan.incomplete), *scan.notices]
        summary["rows"] = sink.commit(tables)
        written = {dest / f"{name}.parquet" for name in tables}
        for path in old:  # only now that the new tables are in place
            if path not in written:
                path.unlink()
    except BaseException:
        sink.abort()
        raise
    oh = Path(office_hours) if office_hours is not None else (
        (src if src.is_dir() else src.parent) / "office_hours.json")
    if office_hours is not None or (src.is_dir() and oh.exists()):
        from .._office_hours import read_office_hours

        read_office_hours(oh)  # a bad schedule fails now, not at the next load
        shutil.copyfile(oh, dest / "office_hours.json")
        summary["office_hours"] = str(oh)
    summary.update(raw)
    return summary


def _canonical_into(src: Path, sink: ParquetSink) -> tuple[list[str], dict[str, Any]]:
    """Check a canonical directory as `reports.load` would, then write its tables typed."""
    from .._normalise import normalise
    from ._canonical import read_canonical

    raw = read_canonical(src)
    _tables, report = normalise(raw)  # raises DataError naming file, column and row
    del _tables
    names = []
    for name, table in list(raw.tables.items()):
        if not isinstance(table, pa.Table):
            table = pa.Table.from_pandas(table, preserve_index=False)
        schema = table_schema(name)
        columns = [typed_column(table.column(c.name) if c.name in table.column_names
                                else None, c.kind, table.num_rows)
                   for c in TABLES[name].columns]
        del raw.tables[name]
        for batch in pa.Table.from_arrays(columns, schema=schema).to_batches():
            sink.write(name, batch)
        names.append(name)
    return names, {"notices": report.warnings()}


# --------------------------------------------------------------------------- validate


def validate(path: str | Path, input_format: str | None = None,
             progress: Progress | None = None) -> dict[str, Any]:
    """Load the dataset at `path` and describe what the load found.

    The result's ``ok`` is false, and ``errors`` says why, when the data cannot be used:
    a required table or column is missing or unreadable, a required table is empty, or
    no value of a required enum column is one the report knows.
    """
    from .._normalise import normalise

    out: dict[str, Any] = {"path": str(path), "format": None, "ok": False, "errors": []}
    try:
        raw = read(path, input_format, progress)
        out["format"] = raw.format
        out["incomplete"] = raw.incomplete
        unknown = _unknown_values(raw.tables)
        tables, report = normalise(raw)
        if raw.office_hours is not None:
            from .._office_hours import parse_office_hours

            parse_office_hours(raw.office_hours, source=raw.office_hours_source)
    except DataError as exc:
        out["errors"].append(str(exc))
        return out
    out["tables"] = {
        name: {"rows": report.rows.get(name, len(tables[name])),
               "duplicates_resolved": report.duplicates.get(name, 0),
               "source": raw.sources.get(name)}
        for name in tables}
    out["dropped"] = dict(report.dropped)
    out["skipped"] = raw.problems
    covered = {Problem(**p).notice() for p in raw.problems}
    out["notes"] = [n for n in raw.notices if n not in covered]
    out["ignored"] = raw.ignored
    out["unknown_values"] = unknown
    for u in unknown:
        cols = tables[u["table"]]
        if TABLES[u["table"]].column(u["column"]).required and cols.n and \
                not (cols.codes(u["column"]) >= 0).any():
            out["errors"].append(
                f"{u['table']}.{u['column']}: no value is one of {', '.join(u['allowed'])} "
                f"(found {', '.join(map(repr, list(u['values'])[:3]))}); the report cannot "
                "use the table")
    out["null_values"] = nulls = {}
    for name, columns in _USEFUL.items():
        have = tables.get(name)
        if have is None or not have.n:
            continue
        for col in columns:
            if col not in have or not have.values(col)[1].any():
                nulls[f"{name}.{col}"] = have.n
    out["threads_before_conversation"] = _threads_before(tables)
    for name in ("conversations", "threads"):
        if not len(tables[name]):
            out["errors"].append(f"required table '{name}' has no usable rows")
    out["warnings"] = report.warnings()
    out["ok"] = not out["errors"]
    return out


#: optional columns whose absence (every value null) silently changes the report
_USEFUL = {
    "conversations": ("created_by_type", "customer_id"),
    "threads": ("created_by_type", "created_by_id"),
}


def _unknown_values(tables: dict[str, Any]) -> list[dict[str, Any]]:
    """Values of enum columns that the report does not know, counted as a load counts
    them (`_normalise.enum_codes`), most frequent first."""
    from .._normalise import as_arrow, enum_codes
    from .._vocab import ENUMS

    out = []
    for (name, column), allowed in ENUMS.items():
        table = tables.get(name)
        if table is None or not allowed:
            continue
        table = as_arrow(table)
        if column not in table.column_names or pa.types.is_null(table.column(column).type):
            continue
        bad = enum_codes(table.column(column), name, column)[2]
        if bad:
            out.append({"table": name, "column": column, "count": sum(bad.values()),
                        "values": dict(list(bad.items())[:5]), "allowed": list(allowed)})
    return out


def _threads_before(tables: dict[str, Any]) -> dict[str, Any]:
    conv, threads = tables["conversations"], tables["threads"]
    ids = conv.data["id"]
    if not len(ids) or not threads.n:
        return {"count": 0, "examples": []}
    order = np.argsort(ids, kind="stable")
    pos = np.searchsorted(ids[order], threads.data["conversation_id"])
    pos = np.minimum(pos, len(ids) - 1)
    created = conv.data["created_at"][order][pos]
    early = threads.data["created_at"] < created
    examples = [{"thread": int(t), "conversation": int(c)} for t, c in zip(
        threads.data["id"][early][:3], threads.data["conversation_id"][early][:3],
        strict=True)]
    return {"count": int(early.sum()), "examples": examples}
