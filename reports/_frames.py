"""Tables for analysts (pandas): the all-users table, everyone's series, and the rows of
a report as CSV, JSON records or Parquet."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._document import DELTA_FIELDS, FLOAT_FIELDS, delta
from ._stats import STAT_FIELDS, Range

__all__ = ["instant_column", "report_rows", "series_table", "table", "table_records",
           "table_text"]


def _identity(ids: np.ndarray, kinds: list[str], names: list[str | None]) -> pd.DataFrame:
    return pd.DataFrame({"id": np.asarray(ids, dtype=np.int64), "kind": kinds,
                         "name": names})


def table(ids: np.ndarray, kinds: list[str], names: list[str | None],
          stats: dict[str, np.ndarray], rng: Range,
          previous: tuple[dict[str, np.ndarray], Range] | None) -> pd.DataFrame:
    """The all-users table: identity columns, then current, previous.* and deltas.* columns."""
    frame = _identity(ids, kinds, names)
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
    frame[prefix + "startDate"] = instant_column(np.full(len(frame), rng.start))
    frame[prefix + "endDate"] = instant_column(np.full(len(frame), rng.end))
    for name in STAT_FIELDS[2:]:
        values = stats[name]
        if name == "busiestDay":
            frame[prefix + name] = pd.array(np.where(values > 0, values, 0), dtype="Int64")
            frame.loc[values == 0, prefix + name] = pd.NA
        elif name in FLOAT_FIELDS:
            frame[prefix + name] = values.astype(np.float64)
        else:
            frame[prefix + name] = values.astype(np.int64)


def series_table(ids: np.ndarray, kinds: list[str], names: list[str | None],
                 starts: np.ndarray, values: dict[str, np.ndarray]) -> pd.DataFrame:
    """Everyone's series, long: one row per group and bucket (buckets in time order)."""
    nb = len(starts)
    frame = _identity(np.repeat(ids, nb), [k for k in kinds for _ in range(nb)],
                      [n for n in names for _ in range(nb)])
    frame["date"] = instant_column(np.tile(starts, len(ids)))
    for name in ("replies", "resolved", "customers"):
        frame[name] = values[name].ravel().astype(np.int64)
    return frame


def instant_column(seconds: np.ndarray) -> pd.Series:
    """UTC epoch seconds as a timezone-aware timestamp column (datetime64[s, UTC])."""
    return pd.Series(np.asarray(seconds, dtype="datetime64[s]")).dt.tz_localize("UTC")


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Timestamps as `YYYY-MM-DDTHH:MM:SSZ` text, for CSV and JSON."""
    out = frame.copy()
    for name in frame.columns:
        if isinstance(frame[name].dtype, pd.DatetimeTZDtype):
            out[name] = frame[name].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return out


def table_text(frame: pd.DataFrame) -> str:
    """A table as CSV: instants as ISO 8601 text, lists and objects as JSON text."""
    import json

    out = _text_columns(frame)
    for name in out.columns:
        if out[name].dtype == object and any(isinstance(v, (list, dict)) for v in out[name]):
            out[name] = [v if v is None else json.dumps(v) for v in out[name]]
    return str(out.to_csv(index=False))


def table_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as JSON records: plain values, None for missing, instants as ISO text."""
    text = _text_columns(frame)
    return text.astype(object).where(text.notna(), None).to_dict("records")  # type: ignore


def report_rows(doc: dict[str, Any], where: tuple[str, ...]) -> pd.DataFrame:
    """A tabular report's rows as a table: a series' points (a ``range`` column, current
    or previous, then ``date`` as a timestamp and the value), or the list of objects at
    `where`. Instants (``…At`` fields) become UTC timestamps and lists and objects stay
    lists and objects, so Parquet keeps their types; CSV writes them as text
    (`table_text`)."""
    if where == ("series",):
        records = [{"range": name, **point} for name in ("current", "previous")
                   for point in doc.get(name, [])]
        frame = pd.DataFrame.from_records(records)
        if len(frame):
            frame["date"] = _instants(frame["date"])
        return frame
    rows: Any = doc
    for key in where:
        rows = rows[key]
    frame = pd.DataFrame.from_records(rows)
    for name in frame.columns:
        values = list(frame[name])
        if name.endswith("At") and any(isinstance(v, str) for v in values):
            frame[name] = _instants(frame[name])
        elif any(v is None for v in values) and all(
                v is None or (isinstance(v, int) and not isinstance(v, bool))
                for v in values):
            frame[name] = pd.array(values, dtype="Int64")  # whole numbers stay whole
    return frame


def _instants(values: pd.Series) -> pd.Series:
    """ISO 8601 instants of a document (`YYYY-MM-DDTHH:MM:SSZ`, or null) as a UTC
    timestamp column."""
    return pd.to_datetime(values, format="%Y-%m-%dT%H:%M:%SZ", utc=True).dt.as_unit("s")
