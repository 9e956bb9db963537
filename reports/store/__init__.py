"""Prepared stores: import an export once, then every report maps it instead of reading it.

``reports import SRC --out STORE`` (`import_store`) writes a store; ``reports.load(STORE)``
and every command's ``--data STORE`` read one (`open_store`). The layout is described in
`_layout`; the canonical tables inside are a standard partitioned Parquet dataset that
DuckDB, pandas or Spark read as they are.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ._layout import is_store

__all__ = ["import_store", "is_store", "open_store"]


def import_store(source: str | os.PathLike[str], out: str | os.PathLike[str],
                 *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Import the export at `source` into a prepared store at `out` (see `_write`)."""
    from ._write import import_store as run

    return run(Path(source), Path(out), *args, **kwargs)


def open_store(path: str | os.PathLike[str], office_hours: Any = None,
               dask: Any = None) -> Any:
    """A `reports.Dataset` over the prepared store at `path` (a folder, or an fsspec URL).

    `office_hours` (a path or a dict) replaces the store's ``office_hours.json``; the
    store's own is read now, so changing it needs no new import. `dask` (a
    `dask.distributed.Client`) runs the work over everyone (the all-users table, everyone's
    series) one task per partition on that cluster.
    """
    from .._dataset import Dataset
    from .._loadreport import LoadReport
    from ._files import StoreFiles
    from ._layout import read_manifest
    from ._read import StoreBackend

    files = StoreFiles(path)
    manifest = read_manifest(files)
    hours = None
    config: Any = office_hours
    source = str(office_hours) if office_hours is not None else f"{files.name}/office_hours.json"
    if config is None and files.exists("office_hours.json"):
        config = files.local("office_hours.json")
    if config is not None:
        from .._office_hours import load_office_hours_json, parse_office_hours

        raw = config if isinstance(config, dict) else load_office_hours_json(config)
        hours = parse_office_hours(raw, source=source)
    report = LoadReport.from_json(manifest["load_report"])
    backend: Any = StoreBackend(files, manifest)
    if dask is not None:
        from ..cluster import DaskBackend

        backend = DaskBackend(files, manifest, dask)
    return Dataset(backend, report, hours, files.name)
