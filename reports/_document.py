"""The API-shaped output: the report document (SPEC §6) and the all-users table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._stats import STAT_FIELDS, Range
from ._timeutil import format_instant

__all__ = ["DELTA_FIELDS", "delta", "deltas", "document", "stats_object", "table"]

#: The deltas object's fields in the documented order (SPEC §6).
DELTA_FIELDS = (
    "totalConversations", "customersHelped", "happinessScore", "repliesPerDay",
    "resolvedOnFirstReply", "handleTime", "conversationsPerDay", "resolved",
    "repliesToResolve", "activeConversations", "totalReplies", "closed", "responseTime",
    "resolutionTime", "conversationsCreated",
)
_FLOAT_FIELDS = {"percentResolvedOnFirstReply", "repliesToResolve", "handleTime",
                 "happinessScore", "resolutionTime", "repliesPerDay", "conversationsPerDay"}


def _value(name: str, value: Any) -> Any:
    if name == "busiestDay":
        return int(value) or None
    return float(value) if name in _FLOAT_FIELDS else int(value)


def stats_object(stats: dict[str, np.ndarray], group: int, rng: Range) -> dict[str, Any]:
    """One group's statistics as the API's Time Range Statistics object."""
    out: dict[str, Any] = {"startDate": format_instant(rng.start),
                           "endDate": format_instant(rng.end)}
    for name in STAT_FIELDS[2:]:
        out[name] = _value(name, stats[name][group])
    return out


def delta(name: str, current: Any, previous: Any) -> Any:
    """SPEC §6: `(c / p − 1) × 100`, 0.0 where p = 0; happinessScore in points (`c − p`).

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


def table(ids: pd.DataFrame, stats: dict[str, np.ndarray], rng: Range,
          previous: tuple[dict[str, np.ndarray], Range] | None) -> pd.DataFrame:
    """The all-users table: identity columns, then current, previous.* and deltas.* columns."""
    frame = ids.copy()
    _stats_columns(frame, stats, rng, "")
    if previous is not None:
        prev_stats, prev_rng = previous
        _stats_columns(frame, prev_stats, prev_rng, "previous.")
        for name in DELTA_FIELDS:
            src = "totalConversations" if name == "activeConversations" else name
            frame["deltas." + name] = delta(name, frame[src].to_numpy(dtype=np.float64),
                                            frame["previous." + src].to_numpy(np.float64))
    return frame


def _stats_columns(frame: pd.DataFrame, stats: dict[str, np.ndarray], rng: Range,
                   prefix: str) -> None:
    frame[prefix + "startDate"] = format_instant(rng.start)
    frame[prefix + "endDate"] = format_instant(rng.end)
    for name in STAT_FIELDS[2:]:
        values = stats[name]
        if name == "busiestDay":
            frame[prefix + name] = pd.array(np.where(values > 0, values, 0),
                                            dtype="Int64")
            frame.loc[values == 0, prefix + name] = pd.NA
        elif name in _FLOAT_FIELDS:
            frame[prefix + name] = values.astype(np.float64)
        else:
            frame[prefix + name] = values.astype(np.int64)
