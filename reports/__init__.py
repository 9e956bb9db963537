"""reports: Help Scout's User/Team report, recomputed offline from exported data.

>>> import reports
>>> ds = reports.load("sample_data")            # the dataset shipped with the project
>>> doc = ds.user_report(user=1000051, start="2025-06-01", end="2025-06-30")
>>> doc["user"]["name"], doc["current"]["totalReplies"]
('Vera Fischer', 82)
>>> table = ds.users_table(start="2025-06-01", end="2025-06-30")
>>> int(table.loc[table["id"] == 1000051, "totalReplies"].iloc[0])
82

Importing the package is cheap: pandas and pyarrow load when data is first read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ._errors import DataError, ReportsError, ReportsWarning, RequestError, UnknownUserError

if TYPE_CHECKING:
    from ._dataset import Dataset
    from ._loadreport import LoadReport

__all__ = [
    "DataError",
    "Dataset",
    "LoadReport",
    "ReportsError",
    "ReportsWarning",
    "RequestError",
    "UnknownUserError",
    "from_tables",
    "load",
]

__version__ = "0.2.0"

_LAZY = {"Dataset": "._dataset", "LoadReport": "._loadreport"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'reports' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load(path: str | os.PathLike[str], input_format: str | None = None, *,
         focus: int | None = None, progress: Any = None, office_hours: Any = None,
         allow_partial: bool = False, dask: Any = None) -> Dataset:
    """Load a dataset: a directory of canonical tables, a tap-helpscout Singer dump, or
    Mailbox API 2.0 JSON pages — recognised without `input_format` ("canonical",
    "singer", "api"). See docs/data.md.

    `office_hours`: an office-hours config (a path to a JSON file, or its content as a
    dict) to use instead of the ``office_hours.json`` found beside the data.

    A dump that ends in the middle of a record (cut while it was written or copied) raises
    `DataError` naming the file and line; with `allow_partial=True` it loads what is there
    and warns (`ReportsWarning`).

    `progress(records, bytes_read, total_bytes)` is called now and then while a dump or
    API pages are read.

    A prepared store (``reports import``; a folder or an fsspec URL such as
    ``s3://bucket/store``) is mapped, not read; with `dask` (a `dask.distributed.Client`)
    its whole-account work runs on that cluster, one task per partition.

    With `focus` (a user or team id), keep only the conversations that reports for that
    user or team depend on: a much faster load when one report is all you need; reports
    for other ids are then refused.

    Raises `DataError` naming the file, column and row of anything unusable; what was
    repaired or set aside (duplicates, orphans) is in `Dataset.load_report`.
    """
    from ._io import check_complete, read

    if input_format is None and ("://" in str(path) or os.path.isfile(
            os.path.join(path, "manifest.json"))):
        from .store import open_store  # a prepared store: mapped, not read

        return open_store(path, office_hours=office_hours, dask=dask)
    if dask is not None:
        raise RequestError("dask", "Dask works on a prepared store; import the export "
                           "first: `reports import SRC --out STORE`")
    raw = read(path, input_format, progress)
    check_complete(raw.incomplete, allow_partial)
    if office_hours is not None:
        _replace_office_hours(raw, office_hours)
    return _build(raw, str(path), focus)


def from_tables(tables: dict[str, Any], office_hours: Any = None, *,
                focus: int | None = None) -> Dataset:
    """A dataset from in-memory tables (pandas or Arrow) with the canonical names and
    columns (docs/data.md).

    `office_hours` is the office-hours config as a dict (the content of
    ``office_hours.json``) or a path to such a file, or None; `focus` as for `load`.
    """
    from ._io import RawData

    raw = RawData(tables=dict(tables))
    if office_hours is not None:
        _replace_office_hours(raw, office_hours)
    return _build(raw, "", focus)


def _replace_office_hours(raw: Any, config: Any) -> None:
    """Use `config` (a dict, or a path to a JSON file) as the office-hours config."""
    if isinstance(config, dict):
        raw.office_hours, raw.office_hours_source = config, "office_hours (given)"
        return
    from ._office_hours import load_office_hours_json

    raw.office_hours = load_office_hours_json(config)
    raw.office_hours_source = str(config)


def _build(raw: Any, source: str, focus: int | None) -> Dataset:
    """Normalise the raw tables into a Dataset, narrowed to `focus` when given."""
    from ._dataset import Dataset
    from ._normalise import normalise
    from ._schema import TABLES

    unknown = sorted(set(raw.tables) - set(TABLES))
    for name in unknown:
        del raw.tables[name]
    if unknown:
        raw.notices.append(f"unknown table(s) ignored: {', '.join(unknown)}")
    for table in TABLES.values():
        if table.required and table.name not in raw.tables:
            raise DataError(f"required table '{table.name}' is missing", file=source or None)
    kept = None
    if focus is not None:
        from ._narrow import narrow, prefilter_threads
        from ._request import parse_id

        subject = parse_id(focus, "focus")
        tables, report = normalise(prefilter_threads(raw, subject))
        tables, kept = narrow(tables, subject)
    else:
        tables, report = normalise(raw)
    report.partial = list(raw.incomplete)
    hours = None
    if raw.office_hours is not None:
        from ._office_hours import parse_office_hours

        hours = parse_office_hours(raw.office_hours, source=raw.office_hours_source)
    from ._backend import TablesBackend

    return Dataset(TablesBackend(tables), report, hours, source, kept)
