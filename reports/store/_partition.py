"""One partition of a store: its conversations, their threads and tags, cleaned, coded and
turned into event tables — alone, so partitions are built one at a time (or one per Dask
task) in bounded memory.

`build_partition` reads the partition's spilled raw rows and writes, into the partition's
work folder: its canonical Parquet parts, its conversation columns and event tables as
``.npy`` (codes local to the partition: the merge makes them global) and a summary. The
cleaning is the same `normalise` / `build_model` / `build_facts` a load runs, so a store
gives the numbers a load gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from .._facts import Events, build_facts
from .._io import RawData
from .._io._tables import table_schema, typed_column
from .._model import build_model
from .._normalise import Columns, author_ids, normalise
from .._schema import TABLES
from ._layout import CONV_COLUMNS, EVENT_COLUMNS

__all__ = ["CONV_COLUMNS", "EVENT_COLUMNS", "PARTITIONED", "build_partition", "read_spill"]

#: The tables split by conversation id range.
PARTITIONED = ("conversations", "threads", "conversation_tags")
def read_spill(path: Path) -> pa.Table | None:
    """A spilled Arrow stream as one table (None when the partition has no such rows)."""
    if not path.exists():
        return None
    with ipc.open_stream(pa.memory_map(str(path))) as reader:
        return reader.read_all()


def build_partition(index: int, spill: str, work: str, tables_dir: str,
                    losers: np.ndarray, rated_threads: np.ndarray,
                    sources: dict[str, str]) -> dict[str, Any]:
    """Build partition `index` from its spilled rows in `spill`; write its arrays to
    `work` and its Parquet parts under `tables_dir`; return its summary."""
    out = Path(work)
    out.mkdir(parents=True, exist_ok=True)
    raw: dict[str, pa.Table] = {}
    for name in PARTITIONED:
        table = read_spill(Path(spill) / name / f"p{index:05d}.arrow")
        if table is not None:
            raw[name] = table
    if "conversations" not in raw:
        raw["conversations"] = table_schema("conversations").empty_table()
    if "threads" not in raw:
        raw["threads"] = table_schema("threads").empty_table().append_column(
            "_seq", pa.array([], pa.int64()))
    seq = np.asarray(raw["threads"].column("_seq"), dtype=np.int64)
    if len(losers):  # thread ids re-exported elsewhere: an earlier record (dedup)
        keep = ~np.isin(seq, losers)
        raw["threads"] = raw["threads"].filter(pa.array(keep))
    raw = {k: v.drop_columns([c for c in v.column_names if c.startswith("_")])
           for k, v in raw.items()}

    tables, report = normalise(RawData(tables=dict(raw), sources=dict(sources)),
                               whole_data=False)
    model = build_model(tables)
    facts = build_facts(model)

    for name in PARTITIONED:
        if name in raw:
            _write_part(raw[name], tables[name], name, index, Path(tables_dir), model)
    for attr, dtype in CONV_COLUMNS.items():
        np.save(out / f"{attr}.npy", np.asarray(getattr(model, attr)).astype(dtype))
    cust_code = model.conv_customer
    np.save(out / "conv_customer_id.npy",
            np.where(cust_code >= 0, model.customer_ids[np.maximum(cust_code, 0)], -1)
            if len(model.customer_ids) else np.full(len(cust_code), -1, np.int64))
    np.save(out / "tag_conv.npy", model.tag_conv.astype(np.int64))
    np.save(out / "tag_id.npy", model.tag_id.astype(np.int64))
    for name, columns in EVENT_COLUMNS.items():
        events: Events = getattr(facts, name)
        # by user, then time: a report over a range reads each user's rows of the range
        order = np.lexsort((events.time, events.user))
        np.save(out / f"{name}.user.npy", events.user[order])
        np.save(out / f"{name}.conv.npy", events.conv[order])
        np.save(out / f"{name}.time.npy", events.time[order])
        for col in columns:
            np.save(out / f"{name}.{col}.npy", events.cols[col][order])
    # The rated threads found here: their author (a user id, -1 if none) and time.
    threads = tables["threads"]
    ids = threads.data["id"]
    found = np.isin(ids, rated_threads)
    author, has_author = threads.values("created_by_id")
    by_user = _by_user(threads) & has_author
    np.save(out / "rated.thread.npy", ids[found])
    np.save(out / "rated.author.npy", np.where(by_user, author, -1)[found])
    np.save(out / "rated.time.npy", threads.data["created_at"][found])

    np.save(out / "customers.npy", np.asarray(model.customer_ids, dtype=np.int64))
    times = [model.th_time, model.conv_created_at,
             model.conv_closed_at[model.conv_has_closed_at]]
    present = [t for t in times if len(t)]
    summary = {
        "index": index, "conversations": model.n_conversations,
        "user_ids": model.user_ids.tolist(),
        "authors": author_ids(threads).tolist(),
        "customers": len(model.customer_ids),  # the ids: customers.npy
        "span": [min(int(t.min()) for t in present), max(int(t.max()) for t in present)]
        if present else None,
        "report": report.as_json(),
    }
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return summary


def _by_user(threads: Columns) -> np.ndarray:
    """Which threads a user wrote."""
    from .._vocab import code

    return threads.codes("created_by_type") == code("threads", "created_by_type", "user")


def _write_part(raw: pa.Table, cols: Columns, name: str, index: int, tables_dir: Path,
                model: Any) -> None:
    """The rows a load keeps, typed to the canonical schema, in a sorted Parquet part."""
    kept = raw.take(pa.array(cols.source_rows()))
    if name == "conversations":
        order = np.argsort(cols.data["id"], kind="stable")
    elif name == "threads":
        order = np.lexsort((cols.data["id"], cols.data["created_at"],
                            cols.data["conversation_id"]))
    else:
        order = np.lexsort((cols.data["tag_id"], cols.data["conversation_id"]))
    kept = kept.take(pa.array(order))
    schema = table_schema(name)
    columns = [typed_column(kept.column(c.name) if c.name in kept.column_names else None,
                            c.kind, kept.num_rows) for c in TABLES[name].columns]
    folder = tables_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_arrays(columns, schema=schema),
                   folder / f"part-{index:05d}.parquet", compression="zstd")
