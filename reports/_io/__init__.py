"""Readers: one per input format, each producing the same raw canonical tables.

A reader returns `RawData`: the SPEC §2 tables as Arrow tables (or pandas frames) with the
canonical column names (values not yet cleaned), where each came from, the office-hours config,
and the notices it has to report (records it could not use, with counts).

Formats, recognised without a flag (`read(path)`; `input_format` overrides):

- ``canonical``: a directory with ``conversations.parquet`` or ``conversations.csv``
  (`_canonical`);
- ``singer``: a file, or a directory of files, of Singer messages as tap-helpscout
  writes them — lines like ``{"type": "RECORD", "stream": ..., "record": ...}``
  (`_singer`);
- ``api``: a file, or a directory of files, of Mailbox API 2.0 JSON pages — documents
  with ``_embedded`` or ``results`` (`_api_json`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._errors import DataError

__all__ = ["FORMATS", "RawData", "detect", "read"]


@dataclass
class RawData:
    """Raw canonical tables as read, before normalisation."""

    tables: dict[str, Any]  # name → pandas DataFrame or pyarrow Table
    sources: dict[str, str] = field(default_factory=dict)
    office_hours: Any = None
    office_hours_source: str = "office_hours.json"
    notices: list[str] = field(default_factory=list)
    #: records of source streams / page kinds the report does not use, by name
    ignored: dict[str, int] = field(default_factory=dict)
    #: records set aside by the reader: dicts with table, reason, action, count, examples
    problems: list[dict[str, Any]] = field(default_factory=list)
    format: str = "canonical"
    #: rows already set aside before normalisation (e.g. by a focused read), by reason
    dropped: dict[str, int] = field(default_factory=dict)


FORMATS = ("canonical", "singer", "api")


def office_hours_beside(directory: Path, raw: RawData) -> None:
    """Take `office_hours.json` in `directory`, if there, as the raw office-hours config."""
    oh = directory / "office_hours.json"
    if directory.is_dir() and oh.exists():
        raw.office_hours_source = str(oh)
        from .._office_hours import load_office_hours_json

        raw.office_hours = load_office_hours_json(oh)


def in_memory(path: Path, scan: Any, progress: Any) -> RawData:
    """Run a streaming reader's `scan(path, sink, progress)` into in-memory Arrow tables."""
    from ._tables import MemorySink

    sink = MemorySink()
    found = scan(path, sink, progress)
    raw = RawData(tables=sink.tables(found.tables),
                  sources={t: str(path) for t in found.tables}, notices=found.notices)
    raw.ignored = found.ignored
    raw.problems = found.problems
    office_hours_beside(path, raw)
    return raw


def read(path: str | os.PathLike[str], input_format: str | None = None,
         progress: Any = None) -> RawData:
    """Read a dataset at `path` in the given format, or the one detected.

    `progress`, if given, is called now and then with (records read, bytes read, total
    bytes) while a Singer dump or API pages are read.
    """
    p = Path(path)
    if not p.exists():
        raise DataError("no such file or directory; pass the dataset directory as --data",
                        file=str(p))
    fmt = input_format or detect(p)
    if fmt == "canonical":
        from ._canonical import read_canonical

        if not p.is_dir():
            raise DataError("canonical tables are a directory (conversations.parquet, "
                            "threads.parquet, ...); pass the directory", file=str(p))
        return read_canonical(p)
    if fmt == "singer":
        from ._singer import read_singer

        raw: RawData = read_singer(p, progress)
    elif fmt == "api":
        from ._api_json import read_api_json

        raw = read_api_json(p, progress)
    else:
        raise DataError(f"unknown input format '{fmt}'; use one of {', '.join(FORMATS)}",
                        file=str(p))
    raw.format = fmt
    return raw


def detect(p: Path) -> str:
    """The format of the dataset at `p` (see the module docstring); `DataError` if none."""
    if p.is_dir():
        names = {c.name for c in p.iterdir()}
        if any(n.startswith("conversations.") and n.endswith((".parquet", ".csv"))
               for n in names):
            return "canonical"
        from ._singer import dump_files

        found = {_detect_file(f) for f in dump_files(p)[:20]} - {None}
        if len(found) == 1:
            return found.pop()  # type: ignore[return-value]
        if len(found) > 1:
            raise DataError("holds both a Singer dump and API JSON pages; pass "
                            "--input-format singer or api (or separate them)", file=str(p))
        raise DataError(
            "nothing recognisable here: expected canonical tables (conversations.parquet or "
            "conversations.csv, and threads), a Singer dump of tap-helpscout, or Mailbox "
            "API 2.0 JSON pages", file=str(p))
    if p.stat().st_size == 0:
        raise DataError("the file is empty; expected a Singer dump or Mailbox API JSON",
                        file=str(p))
    fmt = _detect_file(p)
    if fmt is None:
        if p.suffix in (".parquet", ".csv"):
            raise DataError("a single table file; pass the directory that holds the "
                            "canonical tables", file=str(p))
        raise DataError("not recognisable: expected a Singer dump of tap-helpscout (lines "
                        "like {\"type\": \"RECORD\", ...}) or Mailbox API 2.0 JSON pages "
                        "(objects with '_embedded' or 'results')", file=str(p))
    return fmt


def _detect_file(f: Path) -> str | None:
    from ._api_json import SUFFIXES, is_api_document
    from ._singer import is_singer_line, peek_lines

    try:
        lines = peek_lines(f)
    except (OSError, EOFError):
        return None
    if any(is_singer_line(obj) for obj in lines):
        return "singer"
    if any(is_api_document(obj) for obj in lines):
        return "api"
    if f.name.lower().removesuffix(".gz").endswith(SUFFIXES):
        from ._api_json import iter_documents
        from ._tables import Problems

        problems = Problems()
        try:
            for _line, doc in iter_documents(f, problems, problems.file_no(f)):
                return "api" if is_api_document(doc) else None
        except (OSError, EOFError):
            return None
    return None
