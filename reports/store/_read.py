"""Reading a prepared store: memory-mapped arrays behind the engine's usual interface.

`StoreBackend` gives a `Dataset` the same model and event tables a load builds, but mapped
from the store's files: a report on one user or team touches only that user's rows and the
columns it reads (the single-report path needs numpy only: no pandas, no pyarrow). Work
over everyone goes partition by partition (`map_parts`), each partition's rows gathered
from the user-then-partition order of the event tables, so memory stays that of one
partition whatever the account's size.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import Any, TypeVar

import numpy as np

from .._arrays import first_at_least
from .._backend import Part
from .._facts import Events, Facts
from ._files import StoreFiles
from ._layout import CONV_COLUMNS, EVENT_COLUMNS, EVENT_TABLES

__all__ = ["StoreBackend", "StoreModel", "objects", "take_in_blocks"]

T = TypeVar("T")


class _Text:
    """A text column of the conversations or ratings, read from the store's Parquet parts
    only for the rows a report prints (a page of a drill-down): a partition's column is
    read once and kept as Arrow strings; Python strings are made for the printed rows."""

    def __init__(self, files: StoreFiles, table: str, column: str, bases: np.ndarray) -> None:
        self.files, self.table, self.column, self.bases = files, table, column, bases
        self._parts: dict[int, Any] = {}

    def _part(self, p: int) -> Any:
        if p not in self._parts:
            import pyarrow as pa
            import pyarrow.parquet as pq

            rel = f"tables/{self.table}/part-{p:05d}.parquet"
            if self.files.exists(rel):
                column = pq.read_table(self.files.local(rel), columns=[self.column],
                                       memory_map=True).column(0).combine_chunks()
            else:
                column = pa.array([], pa.string())
            self._parts[p] = column
        return self._parts[p]

    def __getitem__(self, codes: Any) -> np.ndarray:
        codes = np.atleast_1d(np.asarray(codes, dtype=np.int64))
        out = np.empty(len(codes), dtype=object)
        for mine, taken in take_in_blocks(self.bases, codes, self._part):
            out[mine] = objects(taken.to_pylist())
        return out


def take_in_blocks(starts: np.ndarray, rows: np.ndarray,
                   block: Callable[[int], Any]) -> Iterator[tuple[np.ndarray, Any]]:
    """For `rows` of a table kept as Arrow blocks (block ``g`` holds rows ``starts[g]`` to
    ``starts[g + 1]``, `block(g)` gives it): each block's share of the rows, as (mask of
    `rows`, its rows taken in place), each block fetched once."""
    which = np.searchsorted(starts, rows, side="right") - 1
    for g in np.unique(which).tolist():
        mine = which == g
        yield mine, block(g).take(rows[mine] - starts[g])


def objects(values: list[Any]) -> np.ndarray:
    """A list as a 1-d object array (strings and None stay as they are)."""
    return np.array(values + [None], dtype=object)[:-1]


class StoreModel:
    """The model of `_model.Model` over a store: arrays memory-mapped, small descriptive
    records from ``directory.json``, customers and texts read when first needed."""

    def __init__(self, files: StoreFiles, manifest: dict[str, Any]) -> None:
        self.files = files
        self.manifest = manifest
        self._arrays: dict[str, np.ndarray] = {}
        self._maps: list[np.memmap] = []
        self.bases = np.asarray(manifest["partitions"]["bases"], dtype=np.int64)
        self.n_customers = int(manifest["n_customers"])
        directory = json.loads(files.read_text("directory.json"))
        for name in ("users", "teams", "mailboxes", "folders", "tags"):
            setattr(self, name, {int(k): v for k, v in directory[name].items()})
        self.users: dict[int, dict[str, Any]]
        self.teams: dict[int, dict[str, Any]]
        self.tags: dict[int, dict[str, Any]]
        for attr in (*CONV_COLUMNS, "conv_customer"):
            setattr(self, attr, self.array(f"conv.{attr}"))
        self.conv_id: np.ndarray
        self.conv_customer: np.ndarray
        self.tag_conv, self.tag_id = self.array("tags.conv"), self.array("tags.id")
        self.tagged_conv, self.tagged_id = self.array("tagged.conv"), self.array("tagged.id")
        self.user_ids = self.array("users.ids")
        self.user_known = self.array("users.known")
        self.team_ids = self.array("teams.ids")
        self.member_user = self.array("members.user")
        self.member_team = self.array("members.team")
        self.customer_ids = self.array("customers.ids")
        for key in ("conv", "time", "user", "value", "id", "thread", "thread_time",
                    "customer"):
            setattr(self, f"rt_{key}", self.array(f"rt.{key}"))
        self.rt_conv: np.ndarray
        self.conv_subject = _Text(files, "conversations", "subject", self.bases)
        self.conv_preview = _Text(files, "conversations", "preview", self.bases)

    def array(self, name: str) -> np.ndarray:
        """A stored array, memory-mapped (opened once; a plain ndarray view of the map,
        which indexes faster than `np.memmap`)."""
        found = self._arrays.get(name)
        if found is None:
            mapped = np.load(self.files.local(f"arrays/{name}.npy"), mmap_mode="r")
            self._maps.append(mapped)
            found = self._arrays[name] = mapped.view(np.ndarray)
        return found

    def release(self) -> None:
        """Let go of the mapped pages read so far (they stay in the OS page cache): a pass
        over every partition then holds one partition's pages at a time."""
        for mapped in self._maps:
            _advise(mapped, "MADV_DONTNEED")

    @property
    def n_conversations(self) -> int:
        return len(self.conv_id)

    @property
    def n_users(self) -> int:
        return len(self.user_ids)

    @cached_property
    def rt_comments(self) -> _Text:
        """Ratings' comments (None when none), in the order of the rt_ arrays, read for the
        ratings a report prints: the rt_ arrays are the ratings' Parquet parts one after
        the other, each part the ratings of one partition's conversations."""
        return _Text(self.files, "ratings", "comments",
                     np.searchsorted(self.rt_conv, self.bases))

    @cached_property
    def customers(self) -> Any:
        """Customers' names and emails (`lookup` as `_model.CustomerBook`), read for the
        customers a report prints."""
        from ._customers import StoreCustomers

        return StoreCustomers(self.files)


def _advise(mapped: np.memmap, advice: str) -> None:
    """`madvise` a mapped array, where the platform has that advice."""
    import mmap

    handle = getattr(mapped, "_mmap", None)
    if handle is not None and hasattr(mmap, advice) and len(handle):
        handle.madvise(getattr(mmap, advice))


class _Conversations:
    """One partition's conversation columns (codes local to the partition)."""

    def __init__(self, model: StoreModel, p: int) -> None:
        lo, hi = int(model.bases[p]), int(model.bases[p + 1])
        for attr in CONV_COLUMNS:
            setattr(self, attr, np.asarray(getattr(model, attr)[lo:hi]))
        self.conv_customer = np.asarray(model.conv_customer[lo:hi])
        a, b = np.searchsorted(model.tag_conv, [lo, hi])
        conv, tag = np.asarray(model.tag_conv[a:b]) - lo, np.asarray(model.tag_id[a:b])
        order = np.lexsort((conv, tag))
        self.tagged_id, self.tagged_conv = tag[order], conv[order]
        self.conv_base_eligible: np.ndarray


class StoreBackend:
    """A `Dataset`'s backend over a prepared store."""

    def __init__(self, files: StoreFiles, manifest: dict[str, Any]) -> None:
        self.files = files
        self.manifest = manifest

    def __getstate__(self) -> dict[str, Any]:
        return {"files": self.files, "manifest": self.manifest}  # arrays are mapped again

    @cached_property
    def model(self) -> StoreModel:
        return StoreModel(self.files, self.manifest)

    def _columns(self, name: str) -> dict[str, np.ndarray]:
        m = self.model
        return {col: m.array(f"{name}.{col}")
                for col in ("user", "conv", "time", *self._event_columns(name))}

    @staticmethod
    def _event_columns(name: str) -> tuple[str, ...]:
        return ("value", "row") if name == "ratings" else EVENT_COLUMNS[name]

    @cached_property
    def facts(self) -> Facts:
        """Every event table, memory-mapped, in blocks (partitions) sorted by user."""
        n_users = self.model.n_users
        tables = {}
        for name in EVENT_TABLES:
            cols = self._columns(name)
            blocks = np.asarray(self.model.array(f"{name}.offsets"))
            tables[name] = Events(n_users, cols.pop("user"), cols.pop("conv"),
                                  cols.pop("time"), blocks=blocks, **cols)
        return Facts(**tables)

    def span(self) -> tuple[int, int]:
        lo, hi = self.manifest["span"]
        return int(lo), int(hi)

    def created_span(self) -> tuple[int | None, int | None]:
        span = self.manifest.get("created_span")
        return (None, None) if span is None else (int(span[0]), int(span[1]))

    def known_ids(self) -> dict[str, frozenset[int]]:
        return {k: frozenset(v) for k, v in self.manifest["known_ids"].items()}

    def part(self, p: int, window: tuple[int, int] | None = None) -> Part:
        """Partition `p`: its conversations and their events — those at instants in
        `window` when given (each user's rows of a partition are in time order)."""
        m = self.model
        tables = {}
        for name in EVENT_TABLES:
            offsets = m.array(f"{name}.offsets")[p]
            first, end = int(offsets[0]), int(offsets[-1])
            region = {k: v[first:end] for k, v in self._columns(name).items()}
            lo, hi = offsets[:-1] - first, offsets[1:] - first
            if window is None:
                cols = {k: np.asarray(v) for k, v in region.items()}
                starts = offsets - first
            else:
                lo = first_at_least(region["time"], lo, hi, window[0], strict=False)
                hi = first_at_least(region["time"], lo, hi, window[1], strict=True)
                n = hi - lo
                rows = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
                cols = {k: v[rows] for k, v in region.items()}
                starts = np.concatenate([[0], np.cumsum(n)])
            cols["conv"] = (cols["conv"] - m.bases[p]).astype(np.int32)
            tables[name] = Events(m.n_users, cols.pop("user"), cols.pop("conv"),
                                  cols.pop("time"), starts=starts, **cols)
        conversations = _Conversations(m, p)
        return Part(Facts(**tables), conversations, conversations.conv_customer)

    def map_parts(self, work: Callable[[Part], T],
                  window: tuple[int, int] | None = None) -> Iterator[T]:
        for p in range(len(self.model.bases) - 1):
            yield work(self.part(p, window))
            self.model.release()
