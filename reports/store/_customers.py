"""Customers' names and emails from a store, read for the customers a report prints.

The customers table can be as large as the account (millions of rows at ten million
conversations): a drill-down page prints fifty. `StoreCustomers` answers `lookup` like the
in-memory `_model.CustomerBook`: it maps ``arrays/customers.arrow`` (the table as
uncompressed Arrow IPC) and takes the asked rows in place; a store written without that
file is read from its Parquet part, only the row groups that hold the asked customers.
Python strings are made for the printed rows only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._model import customer_names
from ._files import StoreFiles
from ._read import objects, take_in_blocks

__all__ = ["StoreCustomers"]

PART = "tables/customers/part-00000.parquet"
ARROW = "arrays/customers.arrow"
TEXT = ("first_name", "last_name", "email")


class StoreCustomers:
    """`lookup(ids) -> (names, emails)` over the store's customers table."""

    def __init__(self, files: StoreFiles) -> None:
        self.files = files
        self._file: Any = None
        self._sorted: np.ndarray | None = None  # customer ids, ascending
        self._rows: np.ndarray | None = None  # the table row of each sorted id
        self._starts: np.ndarray | None = None  # first row of each row group
        self._groups: dict[int, Any] = {}  # Arrow record batches or decoded row groups

    def _index(self) -> tuple[np.ndarray, np.ndarray]:
        if self._sorted is None or self._rows is None:
            import pyarrow.parquet as pq

            if self.files.exists(ARROW):
                import pyarrow as pa

                mapped = pa.ipc.open_file(pa.memory_map(str(self.files.local(ARROW))))
                # each record batch is a "group", taken from in place
                self._groups = {g: mapped.get_batch(g) for g in range(mapped.num_record_batches)}
                sizes = [b.num_rows for b in self._groups.values()]
                self._starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
                ids = np.concatenate([np.zeros(0, np.int64)] + [
                    _ids(b.column("id")) for b in self._groups.values()])
            elif self.files.exists(PART):
                self._file = pq.ParquetFile(self.files.local(PART), memory_map=True)
                ids = self._file.read(columns=["id"]).column(0).to_numpy()
                meta = self._file.metadata
                sizes = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
                self._starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
            else:
                self._sorted = self._rows = np.zeros(0, np.int64)
                return self._sorted, self._rows
            ids = np.asarray(ids, dtype=np.int64)
            order = np.argsort(ids, kind="stable")
            self._sorted, self._rows = ids[order], order
        return self._sorted, self._rows

    def _group(self, g: int) -> Any:
        if g not in self._groups:
            self._groups[g] = self._file.read_row_group(g, columns=list(TEXT))
        return self._groups[g]

    def lookup(self, ids: Any) -> tuple[list[str | None], list[str | None]]:
        """(names, emails) of the given customer ids; None for unknown ids. A name is
        "first last", else the email (`_model.customer_names`)."""
        ids = np.asarray(ids, dtype=np.int64)
        names = np.full(len(ids), None, dtype=object)
        emails = np.full(len(ids), None, dtype=object)
        known, rows = self._index()
        if len(known) and len(ids):
            pos = np.minimum(np.searchsorted(known, ids), len(known) - 1)
            found = np.flatnonzero(known[pos] == ids)
            row = rows[pos[found]]
            assert self._starts is not None
            for mine, taken in take_in_blocks(self._starts, row, self._group):
                name, email = customer_names(*(taken.column(c) for c in TEXT))
                names[found[mine]], emails[found[mine]] = objects(name), objects(email)
        return names.tolist(), emails.tolist()


def _ids(column: Any) -> np.ndarray:
    """An Arrow int64 column without nulls as a numpy view of its buffer (pyarrow's
    `to_numpy` costs a third of a second on its first call in a process)."""
    return np.frombuffer(column.buffers()[1], dtype=np.int64, count=len(column),
                         offset=column.offset * 8)
