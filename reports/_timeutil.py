"""Instants as int64 UTC epoch seconds: parsing request values and formatting them back."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

__all__ = [
    "END_INSTANT", "FIRST_INSTANT", "format_instant", "parse_instant", "to_epoch_seconds",
]

_UTC = dt.UTC
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MIN_YEAR, MAX_YEAR = 1900, 2199  # instants outside these years are refused
#: The same window as epoch seconds: [1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z).
FIRST_INSTANT, END_INSTANT = -2208988800, 7258118400


def parse_instant(value: Any, parameter: str, *, end_of_day: bool = False) -> int:
    """An ISO 8601 string or a datetime as UTC epoch seconds, truncated to whole seconds.

    A value without an offset is taken as UTC. A date alone (``2015-01-31`` or a
    `datetime.date`) is the whole day: its first second, or with `end_of_day` (the end of
    a range) its last second. Raises `RequestError` naming `parameter`.

    >>> parse_instant("2015-01-31T23:59:59Z", "end")
    1422748799
    >>> parse_instant("2015-01-31", "end", end_of_day=True)
    1422748799
    >>> parse_instant("2015-01-01T01:00:00.9+01:00", "start")
    1420070400
    """
    from ._errors import RequestError

    last = dt.timedelta(seconds=86399 if end_of_day else 0)
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo is not None else value.replace(tzinfo=_UTC)
    elif isinstance(value, dt.date):
        stamp = dt.datetime(value.year, value.month, value.day, tzinfo=_UTC) + last
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if _DATE.fullmatch(text):
            text += "T00:00:00Z"
        else:
            last = dt.timedelta(0)
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            raise RequestError(
                parameter,
                f"'{value}' is not an ISO 8601 instant; write it like 2015-01-01T00:00:00Z "
                "(UTC unless it carries an offset such as +02:00) or as a date alone, "
                "2015-01-01",
                rejected_value=value,
            ) from None
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=_UTC)
        stamp += last
    else:
        raise RequestError(
            parameter, "an ISO 8601 instant such as 2015-01-01T00:00:00Z, or a date alone "
            "such as 2015-01-01, is required",
            rejected_value=value,
        )
    stamp = stamp.astimezone(_UTC)
    if not MIN_YEAR <= stamp.year <= MAX_YEAR:
        raise RequestError(parameter, f"'{value}' is outside the years {MIN_YEAR}-{MAX_YEAR} "
                           "that reports cover", rejected_value=str(value))
    delta = stamp - dt.datetime(1970, 1, 1, tzinfo=_UTC)
    return delta.days * 86400 + delta.seconds


def format_instant(seconds: int) -> str:
    """UTC epoch seconds as `YYYY-MM-DDTHH:MM:SSZ`.

    >>> format_instant(1422748799)
    '2015-01-31T23:59:59Z'
    """
    s = dt.datetime(1970, 1, 1, tzinfo=_UTC) + dt.timedelta(seconds=int(seconds))
    return f"{s.year:04d}-{s.month:02d}-{s.day:02d}T{s.hour:02d}:{s.minute:02d}:{s.second:02d}Z"


def to_epoch_seconds(values: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A column of instants as (int64 epoch seconds, present, bad), floored to whole seconds.

    Accepts datetimes (naive ones are UTC), ISO 8601 strings and integer epoch seconds.
    `present` marks non-null entries; `bad` marks present entries that cannot be read (the
    caller decides whether that is an error). Missing and bad entries hold 0.

    >>> import pandas as pd
    >>> secs, present, bad = to_epoch_seconds(pd.Series(["2015-01-01T00:00:01.7Z", None, "x"]))
    >>> secs.tolist(), present.tolist(), bad.tolist()
    ([1420070401, 0, 0], [True, False, True], [False, False, True])
    """
    import pandas as pd

    present = values.notna().to_numpy(dtype=bool)
    if pd.api.types.is_integer_dtype(values.dtype) or pd.api.types.is_float_dtype(values.dtype):
        raw = values.to_numpy(dtype="float64", na_value=np.nan)
        secs = np.where(present, np.floor(np.nan_to_num(raw)), 0).astype(np.int64)
        return secs, present, np.zeros(len(values), dtype=bool)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        stamps = values.dt.tz_convert("UTC").dt.tz_localize(None)
    elif pd.api.types.is_datetime64_dtype(values.dtype):
        stamps = values
    else:
        text = values.astype("string").str.strip()
        stamps = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
        stamps = stamps.dt.tz_localize(None)
    micros = stamps.to_numpy(dtype="datetime64[us]")  # ns would wrap outside 1677-2262
    ok = ~np.isnat(micros)
    secs = np.where(ok, micros.view(np.int64) // 1_000_000, 0).astype(np.int64)
    return secs, present, present & ~ok
