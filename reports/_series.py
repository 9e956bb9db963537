"""Series: replies, resolutions and customers helped per day, week or month (docs/family.md).

Buckets are aligned on the range's start, in UTC: ``b_0 = start`` and ``b_k`` is ``start``
plus k days, k weeks, or k calendar months (the same time of day, the day of the month
clamped to the month's length), for every ``b_k < end``. An event belongs to the last
bucket that starts at or before it, so the last bucket runs to ``end``. Each bucket counts
what the statistics of the same name count, restricted to its instants; like them, the
counts are sums (and distinct customers as (group, bucket, customer) keys), so per-
partition results merge.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import distinct
from ._facts import Facts
from ._stats import Mask, Range, Selection, pick, sorted_union

__all__ = ["SERIES_VALUES", "PartSeries", "SeriesPartial", "bucket_starts", "default_view",
           "series", "series_partial"]

#: The report → its value key (and the statistic it splits)
SERIES_VALUES = {"replies": "replies", "resolutions": "resolved",
                 "customers_helped": "customers"}
_YEAR = 365 * 86400


def default_view(start: int, end: int) -> str:
    """`week` for a range of at most 365 days, else `month`.

    >>> default_view(0, 365 * 86400), default_view(0, 365 * 86400 + 1)
    ('week', 'month')
    """
    return "week" if end - start <= _YEAR else "month"


def bucket_starts(start: int, end: int, view_by: str) -> np.ndarray:
    """The buckets' first instants (UTC seconds): `start`, then every step before `end`.

    >>> jan31 = 1422662400  # 2015-01-31T00:00:00Z
    >>> [dt.datetime.fromtimestamp(int(b), dt.UTC).date().isoformat()
    ...  for b in bucket_starts(jan31, jan31 + 70 * 86400, "month")]
    ['2015-01-31', '2015-02-28', '2015-03-31']
    """
    if view_by in ("day", "week"):
        step = 86400 * (1 if view_by == "day" else 7)
        return np.arange(start, max(end, start + 1), step, dtype=np.int64)
    first = dt.datetime.fromtimestamp(start, dt.UTC)
    out = [start]
    k = 1
    while True:
        months = first.month - 1 + k
        year, month = first.year + months // 12, months % 12 + 1
        day = min(first.day, calendar.monthrange(year, month)[1])
        b = int(first.replace(year=year, month=month, day=day).timestamp())
        if b >= end:
            return np.array(out, dtype=np.int64)
        out.append(b)
        k += 1


@dataclass
class SeriesPartial:
    """Series of some conversations in a form that merges (see `_stats.Partial`): counts per
    (group, bucket) add up, distinct customers are sorted keys merged by union."""

    shape: tuple[int, int]
    replies: np.ndarray
    resolved: np.ndarray
    customer_keys: np.ndarray  # (group × buckets + bucket) × n_customers + customer
    n_customers: int

    def merge(self, other: SeriesPartial) -> SeriesPartial:
        return SeriesPartial.merge_all([self, other])

    @staticmethod
    def merge_all(parts: Iterable[SeriesPartial]) -> SeriesPartial:
        parts = list(parts)
        first = parts[0]
        return SeriesPartial(first.shape, np.sum([p.replies for p in parts], axis=0),
                             np.sum([p.resolved for p in parts], axis=0),
                             sorted_union([p.customer_keys for p in parts]),
                             first.n_customers)

    def finish(self) -> dict[str, np.ndarray]:
        """`replies`, `resolved` and `customers` as arrays (groups, buckets)."""
        cells = self.shape[0] * self.shape[1]
        customers = np.bincount(self.customer_keys // max(self.n_customers, 1),
                                minlength=cells)
        return {"replies": self.replies.reshape(self.shape),
                "resolved": self.resolved.reshape(self.shape),
                "customers": customers.reshape(self.shape)}


def series_partial(facts: Facts, sel: Selection, conv_ok: Mask,
                   conv_customer: np.ndarray, n_customers: int, rng: Range,
                   starts: np.ndarray) -> SeriesPartial:
    """What the events of one part of the data add to every group's series."""
    nb = len(starts)

    def buckets(ev_time: np.ndarray) -> np.ndarray:
        return np.searchsorted(starts, ev_time, side="right") - 1

    def per_cell(base: np.ndarray, bucket: np.ndarray) -> np.ndarray:
        counts = np.bincount(base * nb + bucket, minlength=sel.n_base * nb)
        return sel.lift_sums(counts.reshape(sel.n_base, nb).astype(np.int64)).ravel()

    rows, b = pick(facts.replies, sel, conv_ok, rng)
    bucket = buckets(facts.replies.time[rows])
    cust = conv_customer[facts.replies.conv[rows]]
    known = cust >= 0
    n_items = nb * max(n_customers, 1)
    keys = sel.lift_keys(distinct(b[known] * np.int64(n_items) + bucket[known] * np.int64(
        max(n_customers, 1)) + cust[known]), n_items)
    res_rows, res_b = pick(facts.resolutions, sel, conv_ok, rng)
    return SeriesPartial((sel.n_groups, nb), per_cell(b, bucket),
                         per_cell(res_b, buckets(facts.resolutions.time[res_rows])), keys,
                         n_customers)


@dataclass(frozen=True)
class PartSeries:
    """Everyone's series on one part of the data (picklable, see `_stats.PartStatistics`)."""

    sel: Selection
    request: Any
    rng: Range
    starts: np.ndarray
    n_customers: int

    def __call__(self, part: Any) -> SeriesPartial:
        from ._eligible import Eligible

        return series_partial(part.facts, self.sel, Eligible(part.conversations,
                                                             self.request),
                              part.conv_customer, self.n_customers, self.rng, self.starts)


def series(facts: Facts, sel: Selection, conv_ok: Mask, conv_customer: np.ndarray,
           n_customers: int, rng: Range, starts: np.ndarray) -> dict[str, np.ndarray]:
    """`replies`, `resolved` and `customers` per group and bucket: arrays (groups, buckets)."""
    return series_partial(facts, sel, conv_ok, conv_customer, n_customers, rng,
                          starts).finish()
