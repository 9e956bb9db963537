"""``reports validate``: load a dataset the way `reports.load` does and describe what it
found (a prepared store: what its import found)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from .._errors import DataError
from .._schema import TABLES
from . import read
from ._tables import Problem, Progress

__all__ = ["canonical_files", "unsaid_warnings", "validate"]


def canonical_files(directory: Path) -> list[Path]:
    """The files of `directory` that a canonical dataset consists of."""
    names = [f"{t}{ext}" for t in TABLES for ext in (".parquet", ".csv")]
    names.append("office_hours.json")
    return [directory / n for n in names if (directory / n).exists()]


# --------------------------------------------------------------------------- validate


def validate(path: str | Path, input_format: str | None = None,
             progress: Progress | None = None) -> dict[str, Any]:
    """Load the dataset at `path` and describe what the load found.

    The result's ``ok`` is false, and ``errors`` says why, when the data cannot be used:
    a required table or column is missing or unreadable, a required table is empty, or
    no value of a required enum column is one the report knows; and it is false when
    the export was cut short (``incomplete`` says where), as a load refuses it then.
    """
    from .._normalise import normalise

    out: dict[str, Any] = {"path": str(path), "format": None, "ok": False, "errors": []}
    if input_format is None and (Path(path) / "manifest.json").is_file():
        return _validate_store(Path(path), out)
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
    out["ok"] = not out["errors"] and not out["incomplete"]
    return out


def unsaid_warnings(result: dict[str, Any]) -> list[str]:
    """The warnings of a `validate` result that none of its other parts says (rows,
    duplicates, dropped, incomplete, skipped, unknown values, notes): what the text
    report prints as warnings, so that it says all the JSON says."""
    from .._loadreport import LoadReport
    from . import partial_notice

    said = set(result.get("notes", []))
    said.update(LoadReport(
        duplicates={n: t["duplicates_resolved"] for n, t in result.get("tables", {}).items()},
        dropped=dict(result.get("dropped", {}))).warnings())
    if result.get("incomplete"):
        said.add(partial_notice(result["incomplete"]))
    said.update(Problem(**p).notice() for p in result.get("skipped", []))
    unknown = [f": column '{u['column']}' has {u['count']:,} value(s) outside "
               for u in result.get("unknown_values", [])]
    return [w for w in result.get("warnings", [])
            if w not in said and not any(u in w for u in unknown)]


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


def _validate_store(store: Path, out: dict[str, Any]) -> dict[str, Any]:
    """What the import of a prepared store found (its manifest's load report)."""
    from .._loadreport import LoadReport
    from ..store._layout import read_manifest

    out["format"] = "store"
    try:
        manifest = read_manifest(store)
    except DataError as exc:
        out["errors"].append(str(exc))
        return out
    report = LoadReport.from_json(manifest["load_report"])
    out["tables"] = {name: {"rows": n, "duplicates_resolved": report.duplicates.get(name, 0),
                            "source": manifest["source"]["path"]}
                     for name, n in report.rows.items()}
    out["incomplete"] = report.partial
    out["dropped"] = dict(report.dropped)
    out["skipped"] = manifest.get("problems", [])
    out["ignored"] = manifest.get("ignored", {})
    out["warnings"] = report.warnings()
    out["notes"] = [w for w in report.warnings()
                    if not w.startswith(tuple(f"{t}:" for t in report.duplicates))]
    out["ok"] = not report.partial
    return out
