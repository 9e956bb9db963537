"""Where things are in a prepared store, and its manifest.

::

    STORE/
      manifest.json                 format version, source fingerprint, load report,
                                    partitions (conversation code ranges), array layout
      office_hours.json             optional; read at query time, so it may change
      directory.json                users, teams, mailboxes, folders, tags (small records)
      tables/<table>/part-NNNNN.parquet
                                    the canonical tables, a standard partitioned Parquet
                                    dataset; conversations, threads, tags and ratings
                                    partitioned by conversation id range
      arrays/<name>.npy             numpy arrays, memory-mapped when read:
        conv.<column>                 one value per conversation, in id order
        tags.*, tagged.*              (conversation, tag) pairs by conversation, by tag
        ratings.*                     one value per rating
        users.*, teams.*, members.*, customers.ids
        <events>.<column>             each event table (replies, resolutions, created,
                                      closes, touches, ratings) sorted by partition, user
                                      and time; <events>.offsets[p, u] is where user u's
                                      rows of partition p start
      arrays/customers.arrow        the customers table as uncompressed Arrow IPC (mapped:
                                    a report reads the customers it prints in place)

A store of another format version, or whose source changed after the import, is refused
with one line saying to import again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .._errors import DataError

__all__ = ["CONV_COLUMNS", "EVENT_COLUMNS", "EVENT_TABLES", "FORMAT", "MANIFEST", "VERSION",
           "fingerprint", "is_store", "read_manifest", "write_json"]

FORMAT = "helpscout-reports-store"
VERSION = 3
MANIFEST = "manifest.json"
EVENT_TABLES = ("replies", "resolutions", "created", "closes", "touches", "ratings")
#: Per-conversation columns kept as arrays (model attribute → stored dtype).
CONV_COLUMNS = {
    "conv_id": "int64", "conv_type": "int8", "conv_status": "int8",
    "conv_base_eligible": "bool", "conv_mailbox": "int64", "conv_folder": "int64",
    "conv_has_folder": "bool", "conv_created_at": "int64", "conv_closed_at": "int64",
    "conv_has_closed_at": "bool", "conv_number": "int64", "conv_assignee": "int64",
    "conv_attachments": "int8", "conv_modified_at": "int64", "conv_thread_count": "int64",
}
#: Each event table's columns beyond user, conv and time.
EVENT_COLUMNS = {
    "replies": ("handle", "has_handle", "responds", "since", "seq"),
    "resolutions": ("replies", "created"),
    "created": (), "closes": (), "touches": (),
}




def is_store(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a prepared store (a folder with a store manifest)."""
    return (Path(path) / MANIFEST).is_file()


def fingerprint(files: list[Path]) -> str:
    """A fingerprint of source files: their names, sizes and modification times."""
    digest = hashlib.blake2b(digest_size=16)
    for f in sorted(files):
        st = f.stat()
        digest.update(f"{f.resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically (a temporary file, then a rename)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, allow_nan=False), encoding="utf-8")
    tmp.replace(path)


def read_manifest(store: Any, check_source: bool = True) -> dict[str, Any]:
    """The manifest of `store` (a path or `_files.StoreFiles`); a `DataError` saying what
    to do for a store of another version or one whose source changed since its import."""
    from ._files import StoreFiles

    where = store if isinstance(store, StoreFiles) else StoreFiles(store)
    store = where.name
    try:
        manifest = json.loads(where.read_text(MANIFEST))
    except (OSError, ValueError) as exc:
        raise DataError(f"not a readable store ({exc}); import the export again with "
                        "`reports import SRC --out STORE --force`", file=str(store)) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise DataError(
            f"a store of another version ({manifest.get('format')} "
            f"{manifest.get('version')}; this is version {VERSION}); import it again: "
            f"`reports import {_quoted(manifest.get('source', {}).get('path', 'SRC'))} --out "
            f"{_quoted(store)} --force`", file=str(store))
    source = manifest.get("source", {})
    if check_source and source.get("files"):
        paths = [Path(f) for f in source["files"]]
        if all(f.exists() for f in paths) and fingerprint(paths) != source["fingerprint"]:
            raise DataError(
                f"the export it was imported from ({source['path']}) has changed since; "
                f"import it again: `reports import {_quoted(source['path'])} --out "
                f"{_quoted(store)} --force`",
                file=str(store))
    return manifest


def _quoted(path: Any) -> str:
    """A path as a shell reads it back (quoted only when it needs to be)."""
    import shlex

    return shlex.quote(str(path))
