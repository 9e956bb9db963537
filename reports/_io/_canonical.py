"""The canonical directory: `<table>.parquet` or `<table>.csv` per table, `office_hours.json`."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .._errors import DataError
from .._schema import TABLES, Table
from . import RawData, office_hours_beside

__all__ = ["read_canonical"]


def read_canonical(directory: Path) -> RawData:
    """Read every known table of `directory`, only the columns the engine uses."""
    raw = RawData(tables={})
    for table in TABLES.values():
        path = _table_file(directory, table.name)
        if path is None:
            if table.required:
                raise DataError(
                    f"required table '{table.name}' is missing; add {table.name}.parquet "
                    f"or {table.name}.csv", file=str(directory))
            continue
        raw.tables[table.name] = _read_table(path, table)
        raw.sources[table.name] = str(path)
    office_hours_beside(directory, raw)
    return raw


def _table_file(directory: Path, name: str) -> Path | None:
    for ext in (".parquet", ".csv"):
        path = directory / f"{name}{ext}"
        if path.exists():
            return path
    return None


def _read_table(path: Path, table: Table) -> pa.Table:
    wanted = [c.name for c in table.columns]
    try:
        if path.suffix == ".parquet":
            present = [n for n in pq.read_schema(path).names if n in wanted]
            enums = [c.name for c in table.columns if c.kind == "enum" and c.name in present]
            arrow = pq.read_table(path, columns=present, read_dictionary=enums)
        else:
            # Header names as written (maybe padded) → canonical names.
            raw_names = {n.strip().lstrip("\ufeff"): n for n in _csv_header(path)}
            present = [n for n in raw_names if n in wanted]
            text = {c.name for c in table.columns if c.kind in ("enum", "text", "time")}
            arrow = pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    include_columns=[raw_names[n] for n in present],
                    column_types={raw_names[n]: pa.string() for n in present if n in text},
                    strings_can_be_null=True,
                ),
            ).rename_columns(present)
    except (pa.ArrowInvalid, pa.ArrowKeyError, OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be read: {exc}", file=str(path)) from None
    missing = [c.name for c in table.columns if c.required and c.name not in present]
    if missing:
        raise DataError(f"required column is missing (found: {', '.join(present) or 'none'})",
                        file=str(path), column=missing[0])
    return arrow


def _csv_header(path: Path) -> list[str]:
    import csv

    with path.open("r", encoding="utf-8", newline="") as fh:
        row = next(csv.reader(fh), [])
    return row
