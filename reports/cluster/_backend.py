"""The Dask backend of a store: `map_parts` as one task per partition."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .._errors import RequestError
from ..store._files import StoreFiles
from ..store._read import StoreBackend

__all__ = ["DaskBackend", "connect", "local_cluster", "run_part"]

T = TypeVar("T")


def connect(spec: str) -> Any:
    """A client for ``local[:N]`` or a scheduler address; a `RequestError` naming
    ``--dask`` when the spec is neither or the scheduler does not answer."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise RequestError("--dask", "Dask is not installed; pip install "
                           "\"helpscout-reports[dask]\"") from None
    text = spec.strip()
    if text == "local" or text.startswith("local:"):
        count = text.partition(":")[2]
        if count and not count.isdigit():
            raise RequestError("--dask", f"'{spec}': write local or local:N (N workers)",
                               rejected_value=spec)
        workers = int(count) if count else (os.cpu_count() or 1)
        if workers < 1:
            raise RequestError("--dask", "local:N needs at least 1 worker", rejected_value=spec)
        limit = os.environ.get("REPORTS_DASK_MEMORY_LIMIT", "auto")
        return Client(local_cluster(workers, limit))
    if "://" not in text:
        raise RequestError("--dask", f"'{spec}' is not a scheduler address "
                           "(tcp://host:8786) or local[:N]", rejected_value=spec)
    try:
        return Client(text, timeout=10)
    except OSError as exc:
        raise RequestError("--dask", f"no Dask scheduler answers at {text} ({exc})",
                           rejected_value=spec) from None


def local_cluster(workers: int, memory_limit: str | int = "auto") -> Any:
    """A `LocalCluster` of `workers` processes (one thread each) without a dashboard, its
    scheduler's HTTP endpoint on any free port (not 8787, which another cluster may hold).
    """
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        memory_limit=memory_limit, dashboard_address=None,
                        scheduler_kwargs={"dashboard_address": ":0"})


@functools.lru_cache(maxsize=4)
def _opened(files: StoreFiles, manifest_key: str) -> StoreBackend:
    """The store, opened once per worker process."""
    import json

    return StoreBackend(files, json.loads(manifest_key))


def run_part(files: StoreFiles, manifest_key: str, p: int, work: Callable[[Any], T],
             window: tuple[int, int] | None = None) -> T:
    """A task: `work` on partition `p` of the store (opened on the worker)."""
    return work(_opened(files, manifest_key).part(p, window))


class DaskBackend(StoreBackend):
    """A store whose whole-account work runs on a Dask cluster, one task per partition;
    reports on one user or team stay in this process."""

    def __init__(self, files: StoreFiles, manifest: dict[str, Any], client: Any) -> None:
        super().__init__(files, manifest)
        self.client = client

    def map_parts(self, work: Callable[[Any], T],
                  window: tuple[int, int] | None = None) -> Iterator[T]:
        import json

        key = json.dumps(self.manifest, sort_keys=True)
        n = len(self.manifest["partitions"]["bases"]) - 1
        scattered = self.client.scatter(work, broadcast=True)
        futures = [self.client.submit(run_part, self.files, key, p, scattered, window,
                                      pure=False) for p in range(n)]
        for future in futures:  # in order: the merge is deterministic
            yield future.result()
