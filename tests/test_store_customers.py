"""A store looks customers up by reading only the row groups that hold them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from reports._model import CustomerBook
from reports._normalise import Columns
from reports.store._customers import ARROW, PART, StoreCustomers
from reports.store._files import StoreFiles
from reports.store._write import _customers_arrow


def _write(root: Path, table: pa.Table, row_group_size: int) -> None:
    path = root / PART
    path.parent.mkdir(parents=True)
    pq.write_table(table, path, row_group_size=row_group_size)


def test_lookup_across_row_groups_equals_the_in_memory_book(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    ids = rng.permutation(np.arange(1000, 1300))  # not in id order
    first = [None if i % 7 == 0 else f"F{i}" for i in ids]
    last = [None if i % 5 == 0 else f" L{i} " for i in ids]
    email = [None if i % 11 == 0 else f"c{i}@x.example" for i in ids]
    table = pa.table({"id": ids, "first_name": first, "last_name": last, "email": email})
    _write(tmp_path, table, row_group_size=32)  # ten row groups
    book = CustomerBook.of(Columns(len(ids), {
        "id": ids, **{n: np.array(v + [None], dtype=object)[:-1]
                      for n, v in (("first_name", first), ("last_name", last),
                                   ("email", email))}}))
    store = StoreCustomers(StoreFiles(tmp_path))
    asked = np.array([1299, 5, 1000, 1035, 1035, 1140, 77, 1211])  # unknown ids and repeats
    assert store.lookup(asked) == book.lookup(asked)
    assert store.lookup(asked)[0][:3] == ["F1299 L1299", None, "F1000"]
    assert len(store._groups) < 10  # only the groups of the asked customers were read
    assert store.lookup(ids) == book.lookup(ids)  # everyone, from the kept groups

    # What an import writes: the same table as mapped Arrow IPC, read in place.
    (tmp_path / "arrays").mkdir()
    _customers_arrow(tmp_path / "tables", tmp_path / "arrays")
    assert (tmp_path / ARROW).exists()
    mapped = StoreCustomers(StoreFiles(tmp_path))
    assert mapped.lookup(asked) == book.lookup(asked)
    assert mapped._file is None  # the Parquet part was not opened
    assert mapped.lookup(ids) == book.lookup(ids)


def test_a_store_without_customers_knows_nobody(tmp_path: Path) -> None:
    store = StoreCustomers(StoreFiles(tmp_path))
    assert store.lookup(np.array([1, 2])) == ([None, None], [None, None])
    assert store.lookup(np.array([], dtype=np.int64)) == ([], [])
