"""Dask: the whole-account work of a prepared store, one task per partition, on a cluster.

A store's partitions are independent (every event belongs to one conversation, every
conversation to one partition), so `reports import` builds them, and the all-users table
and everyone's series compute them, one task each; the client merges the partial results
exactly (sums add up, distinct customers merge as sets), so the numbers are those of one
process, bit for bit.

Ask for it with ``--dask ADDRESS`` (a scheduler such as ``tcp://host:8786``) or
``--dask local[:N]`` (a local cluster of N worker processes, one per core by default) on
``reports import`` and ``reports users``; in Python, pass a `dask.distributed.Client`:
``reports.load(store, dask=client)``, ``reports.store.import_store(src, out,
client=client)``. Nothing of Dask is imported otherwise. Needs the ``dask`` extra:
``pip install "helpscout-reports[dask]"``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DaskBackend", "connect"]


def __getattr__(name: str) -> Any:
    if name == "DaskBackend":
        from ._backend import DaskBackend

        return DaskBackend
    raise AttributeError(name)


def connect(spec: str) -> Any:
    """A `dask.distributed.Client` for ``local[:N]`` (a local cluster of N worker
    processes, one thread each; N defaults to the number of cores) or a scheduler
    address (``tcp://host:8786``)."""
    from ._backend import connect as run

    return run(spec)
