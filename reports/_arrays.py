"""Array kernels shared by the pipeline: id lookups, duplicate detection, group ordering.

Ids in exports are usually dense-ish integers, so each kernel first tries direct
addressing (O(n), no hashing, no sort) and falls back to hashing or sorting otherwise.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["distinct", "duplicated_keep_last", "first_at_least", "group_order", "lookup"]

_DENSE_LIMIT = 1 << 27  # at most 128 Mi slots in a direct-address table


def _span(*arrays: np.ndarray) -> tuple[int, int] | None:
    """(lowest, slots) when the arrays' values fit a direct-address table."""
    present = [a for a in arrays if len(a)]
    if not present:
        return None
    lo = min(int(a.min()) for a in present)
    hi = max(int(a.max()) for a in present)
    slots = hi - lo + 1
    total = sum(len(a) for a in present)
    if slots > _DENSE_LIMIT or slots > 8 * total + 1024:
        return None
    return lo, slots


def duplicated_keep_last(ids: np.ndarray) -> np.ndarray:
    """True for every row whose id occurs again later (the last occurrence is kept).

    >>> duplicated_keep_last(np.array([5, 7, 5, 9])).tolist()
    [True, False, False, False]
    """
    span = _span(ids)
    if span is not None:
        lo, slots = span
        slot = ids - lo
        seen = np.zeros(slots, dtype=np.uint8)
        seen[slot] = 1
        if np.count_nonzero(seen) == len(ids):  # the usual case: every id once
            return np.zeros(len(ids), dtype=bool)
        rows = np.arange(len(ids), dtype=np.int32 if len(ids) < 2**31 else np.int64)
        last = np.empty(slots, dtype=rows.dtype)  # only slots of present ids are read
        last[slot] = rows  # later rows overwrite earlier ones
        return last[slot] != rows
    import pandas as pd

    return pd.Series(ids).duplicated(keep="last").to_numpy()


def lookup(keys: np.ndarray, table: np.ndarray, present: np.ndarray | None = None
           ) -> np.ndarray:
    """Position of each key in `table` (distinct values), -1 where absent or not present.

    >>> lookup(np.array([30, 10, 99]), np.array([10, 20, 30])).tolist()
    [2, 0, -1]
    """
    if len(table) == 0 or len(keys) == 0:
        return np.full(len(keys), -1, dtype=np.int32)
    span = _span(table)
    if span is not None:
        lo, slots = span
        slot = np.full(slots, -1, dtype=np.int32)
        slot[table - lo] = np.arange(len(table), dtype=np.int32)  # -1: no such id
        inside = (keys >= lo) & (keys < lo + slots)
        pos = np.where(inside, slot[np.where(inside, keys - lo, 0)], -1).astype(np.int32)
    else:
        import pandas as pd

        pos = pd.Index(table).get_indexer(keys).astype(np.int32)
    return pos if present is None else np.where(present, pos, -1).astype(np.int32)


def group_order(codes: np.ndarray, n_groups: int) -> np.ndarray:
    """A stable order that sorts small non-negative integer codes (radix sort when small).

    >>> group_order(np.array([2, 0, 2, 1]), 3).tolist()
    [1, 3, 0, 2]
    """
    if n_groups < (1 << 15):
        return np.argsort(codes.astype(np.int16), kind="stable")
    return np.argsort(codes, kind="stable")


def distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values: a bitmap for many values in a narrow span, a sort for few
    values, pandas' hash table for many scattered ones (numpy's own `unique` sorts
    everything and is far slower there).

    >>> distinct(np.array([3, 1, 3, 2])).tolist()
    [1, 2, 3]
    >>> distinct(np.arange(10_000) % 7 + 5).tolist()
    [5, 6, 7, 8, 9, 10, 11]
    """
    values = np.asarray(values)
    n = len(values)
    if n >= 1 << 12 and values.dtype.kind in "iu":
        lo, hi = int(values.min()), int(values.max())
        if hi - lo < 16 * n:  # dense values: mark them in a bitmap, no sort at all
            seen = np.zeros(hi - lo + 1, dtype=bool)
            seen[values - lo] = True
            return (np.flatnonzero(seen) + lo).astype(values.dtype, copy=False)
    if n < 1 << 16:  # a sort: several times faster than np.unique's hash here
        out = np.sort(values)
        return out[np.r_[True, out[1:] != out[:-1]]] if len(out) else out
    import pandas as pd

    return np.sort(pd.unique(values))


#: Up to this many blocks, `first_at_least` bisects each with numpy's `searchsorted` (a
#: microsecond each); beyond, all at once (a few numpy calls per step, whatever the count).
_FEW_BLOCKS = 64


def first_at_least(values: np.ndarray, lo: np.ndarray, hi: np.ndarray, value: int,
                   strict: bool = False) -> np.ndarray:
    """In each block ``values[lo:hi]`` (each ascending), the first position whose value is
    at least `value` (greater than `value` when `strict`); `hi` when there is none. Few
    blocks are bisected one by one; many, all at once: ~log2(block) steps, each reading
    one value a block.

    >>> v = np.array([1, 5, 9, 2, 2, 7])
    >>> first_at_least(v, np.array([0, 3]), np.array([3, 6]), 5).tolist()
    [1, 5]
    >>> first_at_least(v, np.array([0, 3]), np.array([3, 6]), 5, strict=True).tolist()
    [2, 5]
    """
    lo, hi = lo.astype(np.int64, copy=True), hi.astype(np.int64, copy=True)
    if len(lo) <= _FEW_BLOCKS:  # a user's or a team's few runs: one bisection per run
        values = np.asarray(values)  # a plain view of a memory map slices faster
        side: Literal["left", "right"] = "right" if strict else "left"
        for i, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True)):
            if a < b:
                lo[i] = a + int(np.searchsorted(values[a:b], value, side=side))
        return lo
    active = np.flatnonzero(lo < hi)
    while len(active):
        mid = (lo[active] + hi[active]) // 2
        t = np.asarray(values[mid])
        right = (t <= value) if strict else (t < value)
        lo[active[right]] = mid[right] + 1
        hi[active[~right]] = mid[~right]
        active = active[lo[active] < hi[active]]
    return lo
