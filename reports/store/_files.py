"""A store's files, on this machine or behind an fsspec URL (``s3://``, ``gcs://``, …).

A local store is read in place (its arrays memory-mapped). A store at a URL is read
through fsspec's ``simplecache``: each file a report touches is copied once into a local
cache folder (``$REPORTS_CACHE``, else ``~/.cache/helpscout-reports``) and memory-mapped
from there, so Dask workers on other machines read the same store. URLs need ``fsspec``
(the ``dask`` extra) and the filesystem's own package (``s3fs`` for ``s3://``, ``gcsfs``
for ``gcs://``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

__all__ = ["StoreFiles", "is_url"]


def is_url(path: Any) -> bool:
    """Whether `path` is an fsspec URL rather than a local path."""
    return "://" in str(path)


class StoreFiles:
    """Paths inside one store, made local on demand."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.name = str(root).rstrip("/")
        self.url = self.name if is_url(root) else None
        self.root = None if self.url else Path(root)

    def __getstate__(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url, "root": self.root}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoreFiles) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    @property
    def cache(self) -> str:
        base = os.environ.get("REPORTS_CACHE") or os.path.join(
            os.path.expanduser("~"), ".cache", "helpscout-reports")
        return os.path.join(base, hashlib.blake2b(self.name.encode(), digest_size=8).hexdigest())

    def local(self, rel: str) -> Path:
        """A local path to the file `rel` (copied into the cache first for a URL)."""
        if self.root is not None:
            return self.root / rel
        import fsspec

        return Path(fsspec.open_local(f"simplecache::{self.url}/{rel}",
                                      simplecache={"cache_storage": self.cache}))

    def exists(self, rel: str) -> bool:
        if self.root is not None:
            return (self.root / rel).exists()
        import fsspec

        fs, path = fsspec.core.url_to_fs(f"{self.url}/{rel}")
        return bool(fs.exists(path))

    def read_text(self, rel: str) -> str:
        if self.root is not None:
            return (self.root / rel).read_text(encoding="utf-8")
        import fsspec

        with fsspec.open(f"{self.url}/{rel}", "rt", encoding="utf-8") as fh:
            return str(fh.read())

    def parts(self, table: str) -> list[str]:
        """The Parquet parts of a table, as relative paths, in order."""
        if self.root is not None:
            folder = self.root / "tables" / table
            return [f"tables/{table}/{p.name}" for p in sorted(folder.glob("part-*.parquet"))]
        import fsspec

        fs, path = fsspec.core.url_to_fs(f"{self.url}/tables/{table}")
        names = sorted(p.rsplit("/", 1)[-1] for p in fs.glob(f"{path}/part-*.parquet"))
        return [f"tables/{table}/{n}" for n in names]
