"""Readers: one per input format, each producing the same raw canonical tables.

A reader returns `RawData`: the canonical tables (docs/data.md › Tables) as Arrow tables
(or pandas frames) with the canonical column names (values not yet cleaned), where each came
from, the office-hours config, and the notices it has to report (records it could not use,
with counts).

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

from .._errors import DataError, ReportsWarning

__all__ = ["FORMATS", "RawData", "check_complete", "detect", "partial_notice", "read"]


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
    #: where the input ends early (a dump cut mid-record), one line each naming file:line
    incomplete: list[str] = field(default_factory=list)
    #: tables a report needs (names, teams, ratings) that the export lacks, one line each
    gaps: list[str] = field(default_factory=list)
    #: what tables cut before normalisation hold as a whole (their unknown values and
    #: thread authors), so that a cut load reports what a full one does
    whole: dict[str, dict[str, Any]] = field(default_factory=dict)


FORMATS = ("canonical", "singer", "api")


def partial_notice(incomplete: list[str]) -> str:
    """The one line that says a partial export was loaded, and where it ends."""
    more = f" (and {len(incomplete) - 1} more place(s))" if len(incomplete) > 1 else ""
    return f"incomplete export, reporting on what it holds: {incomplete[0]}{more}"


def check_complete(incomplete: list[str], allow_partial: bool) -> None:
    """A cut export is an error, or with `allow_partial` a `ReportsWarning` naming where
    it ends."""
    if not incomplete:
        return
    if not allow_partial:
        more = f" (and {len(incomplete) - 1} more place(s))" if len(incomplete) > 1 else ""
        raise located_error(f"{incomplete[0]}{more}; the export is incomplete: export it "
                            "again, or pass --allow-partial (allow_partial=True) to report "
                            "on what it holds")
    import warnings

    warnings.warn(partial_notice(incomplete), ReportsWarning, stacklevel=3)


def located_error(message: str) -> DataError:
    """A `DataError` for `message`, which starts with a place as `Problems.where` writes
    it ("dump.jsonl line 7: ..."): that file and line become its `.file` and `.line`."""
    from ._tables import located

    exc = DataError(message)
    file, line = located(message)
    if file is not None:
        exc.file, exc.line, exc.source = file, line, file
        exc.reason = message[len(f"{file} line {line}: "):]
    return exc


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
    raw.incomplete = found.incomplete
    raw.gaps = found.gaps
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
    """The format of the dataset at `p` (see the module docstring); `DataError` if none.

    A folder is one dataset; several dumps side by side, or canonical tables in a
    subfolder, are an error naming them (see `_files`).
    """
    from ._files import canonical_here, groups, walk

    if p.is_dir():
        if canonical_here(p):
            return "canonical"
        found = groups(p, walk(p), sniff)
        canonical = [g for g in found if g.canonical]
        parts = [g for g in found if not g.canonical]
        dumps = _separate_exports(parts) or parts[:1]  # no clash: all parts are one export
        if canonical or len(dumps) > 1:
            listed = ", ".join(g.describe() for g in canonical + dumps)
            if len(canonical) + len(dumps) == 1:
                raise DataError(f"holds no dataset itself; {listed} does: pass that folder "
                                "as --data", file=str(p))
            raise DataError(
                f"holds several datasets: {listed}; pass one of them as --data (files in "
                "one folder are read as one dump: put the runs of one account together to "
                "combine them)", file=str(p))
        formats = set().union(*(g.formats for g in found)) if found else set()
        if len(formats) == 1:
            return formats.pop()
        if len(formats) > 1:
            raise DataError("holds both a Singer dump and API JSON pages; pass "
                            "--input-format singer or api (or separate them)", file=str(p))
        raise DataError(
            "nothing recognisable here: expected canonical tables (conversations.parquet or "
            "conversations.csv, and threads), a Singer dump of tap-helpscout, or Mailbox "
            "API 2.0 JSON pages", file=str(p))
    if p.stat().st_size == 0:
        raise DataError("the file is empty; expected a Singer dump or Mailbox API JSON",
                        file=str(p))
    fmt, _ = sniff(p)
    if fmt is None:
        if p.suffix in (".parquet", ".csv"):
            raise DataError("a single table file; pass the directory that holds the "
                            "canonical tables", file=str(p))
        raise DataError("not recognisable: expected a Singer dump of tap-helpscout (lines "
                        "like {\"type\": \"RECORD\", ...}) or Mailbox API 2.0 JSON pages "
                        "(objects with '_embedded' or 'results')", file=str(p))
    return fmt


def _separate_exports(found: list[Any]) -> list[Any]:
    """The groups that are exports of their own: Singer files of one stream under two
    top-level entries, or API conversation pages under two (other API pages — thread
    pages, team members, a rating saved later — may sit anywhere)."""
    owner: dict[tuple[str, str], Any] = {}
    clash: list[Any] = []
    for g in found:
        keys = {("singer", k) for k in g.kinds} if "singer" in g.formats else set()
        if "api" in g.formats and "conversations" in g.kinds:
            keys.add(("api", "conversations"))
        for key in sorted(keys):
            first = owner.setdefault(key, g)
            for one in (first, g):
                if first is not g and not any(one is c for c in clash):
                    clash.append(one)
    return clash


def sniff(f: Path) -> tuple[str | None, frozenset[str]]:
    """(format of one file or None, the streams or page kinds its first lines hold), from
    its first lines or bytes only."""
    from ._api_json import SUFFIXES, is_api_document, page_kinds
    from ._files import HEAD_BYTES, head_kinds
    from ._singer import is_singer_line, open_binary, peek_lines

    try:
        lines = peek_lines(f)
    except (OSError, EOFError):
        return None, frozenset()
    singer = [o for o in lines if is_singer_line(o)]
    if singer:
        return "singer", frozenset(str(o["stream"]) for o in singer if "stream" in o)
    api = [o for o in lines if is_api_document(o)]
    if api:
        return "api", frozenset().union(*(page_kinds(o) for o in api))
    if f.name.lower().removesuffix(".gz").endswith(SUFFIXES):
        try:
            with open_binary(f) as (fh, _raw):
                head = fh.read(HEAD_BYTES)
        except (OSError, EOFError):
            return None, frozenset()
        if any(key in head for key in (b'"_embedded"', b'"results"', b'"mailboxId"')):
            return "api", head_kinds(head)
    return None, frozenset()
