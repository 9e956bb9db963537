"""The API-shaped output: the report documents (docs/metrics.md › The document,
docs/family.md), as plain JSON values. Tables (pandas) are in `_frames`."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._stats import STAT_FIELDS, Range
from ._timeutil import format_instant

__all__ = ["DELTA_FIELDS", "FLOAT_FIELDS", "delta", "deltas", "document", "stats_object"]

#: The deltas object's fields in the documented order (docs/metrics.md › The document).
DELTA_FIELDS = (
    "totalConversations", "customersHelped", "happinessScore", "repliesPerDay",
    "resolvedOnFirstReply", "handleTime", "conversationsPerDay", "resolved",
    "repliesToResolve", "activeConversations", "totalReplies", "closed", "responseTime",
    "resolutionTime", "conversationsCreated",
)
FLOAT_FIELDS = {"percentResolvedOnFirstReply", "repliesToResolve", "handleTime",
                 "happinessScore", "resolutionTime", "repliesPerDay", "conversationsPerDay"}


def _value(name: str, value: Any) -> Any:
    if name == "busiestDay":
        return int(value) or None
    return float(value) if name in FLOAT_FIELDS else int(value)


def stats_object(stats: dict[str, np.ndarray], group: int, rng: Range) -> dict[str, Any]:
    """One group's statistics as the API's Time Range Statistics object."""
    out: dict[str, Any] = {"startDate": format_instant(rng.start),
                           "endDate": format_instant(rng.end)}
    for name in STAT_FIELDS[2:]:
        out[name] = _value(name, stats[name][group])
    return out


def delta(name: str, current: Any, previous: Any) -> Any:
    """`(c / p − 1) × 100`, 0.0 where p = 0; happinessScore in points, `c − p`
    (docs/metrics.md › Deltas).

    Works on numbers and on numpy arrays alike (the all-users table).
    """
    c = np.asarray(current, dtype=np.float64)
    p = np.asarray(previous, dtype=np.float64)
    if name == "happinessScore":
        return c - p
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p == 0, 0.0, (c / np.where(p == 0, 1.0, p) - 1) * 100)


def deltas(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, float]:
    """Percent change per field, points for happinessScore; 0.0 where previous is 0.

    >>> deltas({"totalReplies": 58} | {k: 0 for k in DELTA_FIELDS if k != "totalReplies"},
    ...        {"totalReplies": 40} | {k: 0 for k in DELTA_FIELDS if k != "totalReplies"}
    ...        )["totalReplies"]
    44.99999999999999
    """
    def get(obj: dict[str, Any], name: str) -> Any:
        return obj["totalConversations" if name == "activeConversations" else name]

    return {name: float(delta(name, get(current, name), get(previous, name)))
            for name in DELTA_FIELDS}


def document(filter_tags: list[dict[str, Any]], user: dict[str, Any],
             current: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """The report document: filterTags, user, current and, with a previous range, the rest."""
    doc: dict[str, Any] = {"filterTags": filter_tags, "user": user, "current": current}
    if previous is not None:
        doc["previous"] = previous
        doc["deltas"] = deltas(current, previous)
    return doc


# -- the report family (docs/family.md) ----------------------------------------------------

#: The happiness statistics' fields and their deltas, in the documented order.
HAPPINESS_FIELDS = ("ratingsPercent", "okay", "great", "happinessScore", "okayCount",
                    "totalCustomersWithRatings", "notGoodCount", "ratingsCount", "notGood",
                    "greatCount", "totalCustomers")
HAPPINESS_DELTAS = ("okay", "great", "okayCount", "happinessScore", "notGoodCount",
                    "notGood", "greatCount")
_POINTS = {"okay", "great", "notGood", "happinessScore"}  # deltas in points, c − p


def happiness_object(counts: dict[str, int]) -> dict[str, Any]:
    """Happiness statistics from the counts of `_family.happiness`.

    >>> happiness_object({"great": 41, "okay": 34, "not_good": 35,
    ...                   "customers_with_ratings": 39, "customers": 109})["great"]
    37.27272727272727
    """
    great, okay, bad = counts["great"], counts["okay"], counts["not_good"]
    n = great + okay + bad
    with_ratings, customers = counts["customers_with_ratings"], counts["customers"]

    def share(k: int) -> float:
        return k / n * 100 if n else 0.0

    values = {
        "ratingsPercent": with_ratings / customers * 100 if customers else 0.0,
        "okay": share(okay), "great": share(great),
        "happinessScore": share(great) - share(bad) if n else 0.0,
        "okayCount": okay, "totalCustomersWithRatings": with_ratings, "notGoodCount": bad,
        "ratingsCount": n, "notGood": share(bad), "greatCount": great,
        "totalCustomers": customers,
    }
    return {k: values[k] for k in HAPPINESS_FIELDS}


def happiness_deltas(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, float]:
    """Percentages and the score change in points (`c − p`); counts by `(c / p − 1) × 100`,
    0.0 where the previous count is 0."""
    out = {}
    for name in HAPPINESS_DELTAS:
        c, p = current[name], previous[name]
        if name in _POINTS:
            out[name] = float(c - p)
        else:
            out[name] = 0.0 if p == 0 else (c / p - 1) * 100
    return out


def series_points(starts: np.ndarray, values: np.ndarray, key: str) -> list[dict[str, Any]]:
    """`[{"date": b_k, key: n}, …]` for one group's buckets."""
    return [{"date": format_instant(int(b)), key: int(v)}
            for b, v in zip(starts, values, strict=True)]


def page_bounds(count: int, page: int, rows: int | None) -> tuple[int, int, int]:
    """(first row, end row, pages) of a 1-based `page` of `rows` rows; `rows=None` puts
    every row on page 1. A page past the last is empty.

    >>> page_bounds(101, 3, 50), page_bounds(0, 1, 50), page_bounds(7, 2, None)
    ((100, 101, 3), (0, 0, 0), (7, 7, 1))
    """
    if rows is None:
        lo = 0 if page == 1 else count
        return lo, count, 1 if count else 0
    pages = -(-count // rows)
    lo = min((page - 1) * rows, count)
    return lo, min(lo + rows, count), pages


def paged(results: list[dict[str, Any]], page: int, count: int,
          pages: int) -> dict[str, Any]:
    """The paged answer of ratings and conversation history."""
    return {"results": results, "page": page, "count": count, "pages": pages}




# -- rows of the paged members, built column by column --------------------------------------


def records(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Row objects from equal-length columns of plain values, keys in column order."""
    keys = list(columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(),
                                                                      strict=True)]


def optional(values: np.ndarray) -> list[int | None]:
    """Whole numbers where -1 (or below) means unknown → None."""
    return [None if v < 0 else v for v in np.asarray(values, dtype=np.int64).tolist()]


def instants(seconds: np.ndarray, known: np.ndarray | None = None) -> list[str | None]:
    """UTC epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`; None where not `known`.

    >>> instants(np.array([1422748799, 0]), np.array([True, False]))
    ['2015-01-31T23:59:59Z', None]
    """
    text = np.char.add(np.datetime_as_string(np.asarray(seconds, dtype="datetime64[s]"),
                                             unit="s"), "Z").tolist()
    if known is None:
        return text
    return [t if k else None for t, k in zip(text, known.tolist(), strict=True)]


def labels(vocabulary: tuple[str, ...], codes: np.ndarray) -> list[str | None]:
    """Enum codes as their names; None for unknown codes."""
    table = np.array([*vocabulary, None], dtype=object)
    codes = np.asarray(codes, dtype=np.int64)
    return table[np.where((codes >= 0) & (codes < len(vocabulary)), codes, -1)].tolist()
