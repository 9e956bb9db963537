"""reports: Help Scout's User/Team report, recomputed offline from exported data.

>>> import reports
>>> ds = reports.load("sample_data")            # the dataset shipped with the project
>>> doc = ds.user_report(user=1000051, start="2025-06-01T00:00:00Z",
...                      end="2025-06-30T23:59:59Z")
>>> doc["user"]["name"], doc["current"]["totalReplies"]
('Vera Fischer', 82)
>>> table = ds.users_table(start="2025-06-01T00:00:00Z", end="2025-06-30T23:59:59Z")
>>> int(table.loc[table["id"] == 1000051, "totalReplies"].iloc[0])
82
"""

from __future__ import annotations

import os
from typing import Any

from ._dataset import Dataset, ReportsWarning
from ._errors import DataError, ReportsError, RequestError, UnknownUserError
from ._normalise import LoadReport

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

__version__ = "0.1.0"


def load(path: str | os.PathLike[str], input_format: str | None = None, *,
         focus: int | None = None, progress: Any = None) -> Dataset:
    """Load a dataset: canonical tables (SPEC §2), a tap-helpscout Singer dump, or Mailbox
    API 2.0 JSON pages — recognised without `input_format` ("canonical", "singer", "api").

    `progress(records, bytes_read, total_bytes)` is called now and then while a dump or
    API pages are read.

    With `focus` (a user or team id), keep only the conversations that reports for that
    user or team depend on: a much faster load when one report is all you need; reports
    for other ids are then refused.

    Raises `DataError` naming the file, column and row of anything unusable; what was
    repaired or set aside (duplicates, orphans) is in `Dataset.load_report`.
    """
    from ._io import read

    return _dataset(read(path, input_format, progress), str(path), focus)


def from_tables(tables: dict[str, Any], office_hours: Any = None, *,
                focus: int | None = None) -> Dataset:
    """A dataset from in-memory tables (pandas or Arrow) with the canonical names and
    columns (SPEC §2).

    `office_hours` is the content of `office_hours.json` as a dict, or None; `focus` as
    for `load`.
    """
    from ._io import RawData

    return _dataset(RawData(tables=dict(tables), office_hours=office_hours), "", focus)


def _dataset(raw: Any, source: str, focus: int | None) -> Dataset:
    """Normalise the raw tables into a Dataset, narrowed to `focus` when given."""
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
    hours = None
    if raw.office_hours is not None:
        from ._office_hours import parse_office_hours

        hours = parse_office_hours(raw.office_hours, source=raw.office_hours_source)
    return Dataset(tables, report, hours, source, kept)
