"""Office hours (docs/metrics.md › Office hours): the `office_hours.json` config and exact office
seconds.

Office time is the union, over every local date ``d`` that is not a holiday, of the
intervals listed for ``d``'s weekday: ``[d open, d close)``, or ``[d open, (d+1) close)``
when ``close <= open`` (an overnight shift belongs to the date it starts on, so a holiday
removes only the shifts *starting* that day). A local wall time ``w`` becomes the UTC
instant ``min{u : local(u) >= w}``; that one rule gives both documented cases: a wall time inside
a DST gap becomes the transition instant (the first instant after the gap) and an
ambiguous wall time (DST overlap) the earlier of its two instants.

`OfficeClock` turns a schedule into a sorted table of disjoint UTC intervals for a span,
keeps the cumulative open seconds ``F(x)`` at every interval boundary and answers
``office_seconds(a, b) = F(b) - F(a)`` for millions of pairs with a few numpy passes and
no Python loop over the pairs. ``F`` is looked up through equal-width buckets: when every
boundary falls on a bucket start (the usual case: shifts on whole minutes in zones with
whole-minute offsets) ``F`` is linear inside each bucket and one gather answers a query;
otherwise each query takes a few extra comparison passes.

The UTC offset of the zone is taken from `zoneinfo` at a grid of instants and every
change is bisected to the exact second; the grid step (6 h) is far below the shortest
distance between two offset changes anywhere in tzdb (7 days), so the transition table
is exact. Wall-time-to-UTC conversion does not use pandas' ``tz_localize``: its
``nonexistent='shift_forward'`` rounds up to the next whole hour, which is wrong for the
half-hour and quarter-hour gaps some zones have had.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import re
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ._errors import DataError

__all__ = [
    "OfficeClock",
    "OfficeHours",
    "WEEKDAYS",
    "local_days",
    "parse_office_hours",
    "read_office_hours",
]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY = 86400
_KEYS = ("enabled", "timezone", "schedule", "holidays")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_I64 = npt.NDArray[np.int64]
_I64_MIN = np.iinfo(np.int64).min
_I64_MAX = np.iinfo(np.int64).max
# Offsets are sampled every _STEP seconds; tzdb never changes a zone's offset twice
# within 7 days (minimum 601200 s in tzdata 2026f), so each step holds at most one change.
_STEP = 6 * 3600
# No real zone is further than 26 h from UTC; used for margins around a span.
_MAX_OFFSET = 26 * 3600
_MAX_BUCKETS = 1 << 22
# Queries are answered in chunks this long, reusing cache-sized scratch buffers.
_CHUNK = 1 << 18


@dataclass(frozen=True)
class OfficeHours:
    """A validated `office_hours.json`.

    `schedule` has 7 entries, Monday first; each is a tuple of ``(open, close)`` seconds
    of the local day, ``close <= open`` meaning the shift ends on the next day and
    ``"24:00"`` being 86400. `holidays` are local dates.
    """

    enabled: bool
    timezone: str
    schedule: tuple[tuple[tuple[int, int], ...], ...]
    holidays: frozenset[_dt.date]

    def as_json(self) -> dict[str, object]:
        """The config in `office_hours.json` form (what `parse_office_hours` reads).

        >>> parse_office_hours({"timezone": "UTC", "schedule": {"monday": [["09:00",
        ...     "24:00"]]}}).as_json()["schedule"]
        {'monday': [['09:00', '24:00']]}
        """
        def clock(s: int) -> str:
            text = f"{s // 3600:02d}:{s % 3600 // 60:02d}"
            return text + (f":{s % 60:02d}" if s % 60 else "")

        return {
            "enabled": self.enabled, "timezone": self.timezone,
            "schedule": {WEEKDAYS[d]: [[clock(a), clock(b)] for a, b in shifts]
                         for d, shifts in enumerate(self.schedule) if shifts},
            "holidays": sorted(h.isoformat() for h in self.holidays),
        }


# --------------------------------------------------------------------------- config


def parse_office_hours(obj: object, *, source: str = "office_hours.json") -> OfficeHours:
    """Validate the decoded JSON of an `office_hours.json` (docs/metrics.md › Office hours).

    Keys: ``enabled`` (JSON boolean; **defaults to true** when absent: a file that
    lists office hours means to use them), ``timezone`` (an IANA zone name), ``schedule``
    (an object keyed by weekday name in any letter case; each value a list of
    ``["HH:MM", "HH:MM"]`` pairs, seconds ``"HH:MM:SS"`` allowed, ``"24:00"`` allowed
    as a closing time only; weekdays not listed are closed), ``holidays`` (a list of
    ``"YYYY-MM-DD"`` local dates; default none). ``timezone`` and ``schedule`` are
    required when the config is enabled; when ``enabled`` is false they may be omitted
    (then ``UTC`` and an empty schedule) but are still validated if given. Any other
    key is rejected, so a typo such as ``"holiday"`` is not silently ignored.

    Every error is a `DataError` whose `column` names the key at fault, such as
    ``schedule.tuesday[1]`` or ``holidays[0]``.

    >>> oh = parse_office_hours({"timezone": "Asia/Kathmandu",
    ...                          "schedule": {"Friday": [["22:00", "06:00"]]}})
    >>> oh.enabled, oh.schedule[4]
    (True, ((79200, 21600),))
    """
    if not isinstance(obj, dict):
        raise _ConfigError(f"office hours must be a JSON object, not {_json_kind(obj)}",
                        file=source)
    for key in obj:
        if key not in _KEYS:
            raise _ConfigError(f"unknown key; the keys are {', '.join(_KEYS)}",
                            file=source, column=str(key))

    enabled = obj.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _ConfigError(f"must be true or false, not {enabled!r}", file=source,
                        column="enabled", rejected_value=enabled)

    for key in ("timezone", "schedule"):
        if enabled and key not in obj:
            raise _ConfigError("is required when office hours are enabled", file=source,
                            column=key)
    timezone = _parse_zone(obj.get("timezone", "UTC"), source)
    schedule = _parse_schedule(obj.get("schedule", {}), source)
    holidays = _parse_holidays(obj.get("holidays", []), source)
    return OfficeHours(enabled, timezone, schedule, holidays)


def read_office_hours(path: str | os.PathLike[str]) -> OfficeHours:
    """Read and validate an `office_hours.json` file; see `parse_office_hours`."""
    return parse_office_hours(load_office_hours_json(path), source=os.fspath(path))


def load_office_hours_json(path: str | os.PathLike[str]) -> Any:
    """The JSON content of an `office_hours.json` file (a key given twice is an error)."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise _ConfigError(f"cannot be read: {exc}", file=name) from None
    try:
        obj = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise _ConfigError(f"not valid JSON: {exc.msg} (column {exc.colno})", file=name,
                        line=exc.lineno) from None
    except _DuplicateKey as exc:
        raise _ConfigError("appears twice; keep one", file=name,
                        column=exc.key) from None
    return obj


class _ConfigError(DataError):
    """A `DataError` in an office-hours config, a JSON object: its `column` is a key."""

    _column_word = "key"


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _parse_zone(value: object, source: str) -> str:
    hint = "use an IANA name such as 'America/New_York'"
    if not isinstance(value, str) or not value.strip():
        raise _ConfigError(f"must be a time zone name, not {_json_kind(value)}; {hint}",
                        file=source, column="timezone", rejected_value=value)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise _ConfigError(f"unknown time zone {value!r}; {hint}", file=source,
                        column="timezone", rejected_value=value) from None
    return value


def _parse_schedule(value: object, source: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    if not isinstance(value, dict):
        raise _ConfigError(f"must be an object keyed by weekday, not {_json_kind(value)}",
                        file=source, column="schedule")
    days: list[tuple[tuple[int, int], ...]] = [()] * 7
    seen: dict[int, str] = {}
    for key, shifts in value.items():
        where = f"schedule.{key}"
        day = str(key).strip().lower()
        if day not in WEEKDAYS:
            raise _ConfigError(f"unknown weekday {key!r}; use one of {', '.join(WEEKDAYS)}",
                            file=source, column=where, rejected_value=key)
        index = WEEKDAYS.index(day)
        if index in seen:
            raise _ConfigError(f"{day} is listed twice (also as {seen[index]!r}); merge them",
                            file=source, column=where)
        seen[index] = str(key)
        if not isinstance(shifts, list):
            raise _ConfigError(f"must be a list of [open, close] pairs such as "
                            f'[["09:00", "17:00"]], not {_json_kind(shifts)}',
                            file=source, column=where)
        parsed = []
        for i, pair in enumerate(shifts):
            at = f"{where}[{i}]"
            if (not isinstance(pair, list) or len(pair) != 2
                    or not all(isinstance(p, str) for p in pair)):
                raise _ConfigError(f'must be an [open, close] pair such as ["09:00", "17:00"], '
                                f"not {pair!r}", file=source, column=at, rejected_value=pair)
            opens = _parse_time(pair[0], source, at)
            closes = _parse_time(pair[1], source, at)
            if opens == DAY:
                raise _ConfigError('"24:00" can only close an interval; open at "00:00"',
                                file=source, column=at, rejected_value=pair[0])
            parsed.append((opens, closes))
        days[index] = tuple(parsed)
    return tuple(days)


def _parse_time(text: str, source: str, where: str) -> int:
    m = _TIME.fullmatch(text.strip())
    if m is not None:
        h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
        if h < 24 and mi < 60 and s < 60:
            return h * 3600 + mi * 60 + s
        if h == 24 and mi == 0 and s == 0:
            return DAY
    raise _ConfigError(f'invalid time {text!r}; use "HH:MM" from "00:00" to "23:59", '
                    f'or "24:00" for the end of the day', file=source, column=where,
                    rejected_value=text)


def _parse_holidays(value: object, source: str) -> frozenset[_dt.date]:
    if not isinstance(value, list):
        raise _ConfigError(f'must be a list of dates such as ["2015-12-25"], not '
                        f"{_json_kind(value)}", file=source, column="holidays")
    out = set()
    for i, item in enumerate(value):
        date = None
        if isinstance(item, str) and _DATE.fullmatch(item.strip()):
            try:
                date = _dt.date.fromisoformat(item.strip())
            except ValueError:
                date = None
        if date is None:
            raise _ConfigError(f'invalid date {item!r}; use "YYYY-MM-DD"', file=source,
                            column=f"holidays[{i}]", rejected_value=item)
        out.add(date)
    return frozenset(out)


# ------------------------------------------------------------------------ time zones

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)


@dataclass(frozen=True)
class _Zone:
    """The offsets of a zone over a span: offset[k] holds on [trans[k-1], trans[k])."""

    trans: _I64  # n transition instants (UTC seconds), increasing
    offset: _I64  # n + 1 offsets (local - UTC, seconds)
    wall_end: _I64  # n + 1: running max of the wall time each regime ends at (exclusive)

    def to_local(self, u: _I64) -> _I64:
        return u + self.offset[np.searchsorted(self.trans, u, side="right")]

    def to_utc(self, w: _I64) -> _I64:
        """Wall times (seconds since 1970-01-01 local) -> min{u : local(u) >= w}."""
        k = np.searchsorted(self.wall_end, w, side="right")
        start = np.concatenate(([_I64_MIN], self.trans))
        return np.maximum(start[k], w - self.offset[k])


def _zone_table(name: str, t0: int, t1: int) -> _Zone:
    """Exact offset transitions of zone `name` on the UTC span [t0, t1]."""
    tz = zoneinfo.ZoneInfo(name)

    def off(u: int) -> int:
        local = (_EPOCH + _dt.timedelta(seconds=u)).astimezone(tz)
        delta = local.utcoffset()
        assert delta is not None
        return int(delta.total_seconds())

    grid = list(range(t0, t1 + _STEP, _STEP))
    offs = [off(u) for u in grid]
    trans, offset = [], [offs[0]]
    for i in range(1, len(grid)):
        if offs[i] != offs[i - 1]:
            lo, hi = grid[i - 1], grid[i]  # off(lo) != off(hi): the change is in (lo, hi]
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if off(mid) == offs[i]:
                    hi = mid
                else:
                    lo = mid
            trans.append(hi)
            offset.append(offs[i])
    t = np.array(trans, dtype=np.int64)
    o = np.array(offset, dtype=np.int64)
    ends = np.concatenate((t + o[:-1], [_I64_MAX]))
    return _Zone(t, o, np.maximum.accumulate(ends))


def local_days(t: npt.ArrayLike, timezone: str) -> _I64:
    """Local calendar dates of UTC instants, as days since 1970-01-01.

    >>> local_days(np.array([0, 18000], dtype=np.int64), "America/New_York")
    array([-1,  0])
    """
    u = _as_seconds(t, "t")
    if u.size == 0:
        return np.zeros(u.shape, dtype=np.int64)
    zone = _zone_covering(timezone, int(u.min()) - DAY, int(u.max()) + DAY)
    return np.floor_divide(zone.to_local(u), DAY)


_BLOCK = 4 * 365 * DAY  # zone tables are built (and kept) for 4-year blocks


def _zone_covering(name: str, t0: int, t1: int) -> _Zone:
    """A zone table valid on [t0, t1], from a small cache of whole blocks (reports ask
    for the same few ranges again and again)."""
    return _zone_block(name, t0 // _BLOCK * _BLOCK, -(-t1 // _BLOCK) * _BLOCK)


@functools.lru_cache(maxsize=32)
def _zone_block(name: str, t0: int, t1: int) -> _Zone:
    return _zone_table(name, t0, t1)


def _as_seconds(x: npt.ArrayLike, name: str) -> _I64:
    arr = np.asarray(x)
    if not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must hold integer UTC epoch seconds, not {arr.dtype}")
    return arr.astype(np.int64, copy=False)


# ---------------------------------------------------------------------- office clock


class OfficeClock:
    """Office seconds over a span of UTC instants.

    Built for ``[lo, hi]`` (UTC epoch seconds) with a margin of more than a day each
    side; `coverage` is the closed span of instants it answers exactly, and a query
    outside it raises `ValueError` (a short table would silently answer 0). The
    ``enabled`` flag of the config is not consulted: whether to use office time at all
    is the caller's decision.

    >>> hours = parse_office_hours({"timezone": "America/New_York",
    ...                             "schedule": {"monday": [["09:00", "17:00"]]}})
    >>> t = 1420434000  # 2015-01-05 00:00 EST, a Monday
    >>> clock = OfficeClock(hours, t, t + 7 * 86400)
    >>> clock.office_seconds(np.array([t, t + 10 * 3600]), np.array([t + 86400, t]))
    array([28800,     0])
    """

    def __init__(self, hours: OfficeHours, lo: int, hi: int) -> None:
        lo, hi = int(lo), int(hi)
        if hi < lo:
            raise ValueError(f"OfficeClock span is empty: hi ({hi}) < lo ({lo})")
        self.hours = hours
        # Local dates whose shifts could touch [lo, hi], plus a margin. A date d's shifts
        # lie in UTC [d*DAY - _MAX_OFFSET, (d+2)*DAY + _MAX_OFFSET].
        d0 = lo // DAY - 4
        d1 = hi // DAY + 4
        self.coverage = ((d0 + 1) * DAY + _MAX_OFFSET + 1, (d1 + 1) * DAY - _MAX_OFFSET - 1)
        zone = _zone_table(hours.timezone, (d0 - 2) * DAY, (d1 + 4) * DAY)
        starts, ends = _merge(*self._shifts(zone, d0, d1))
        self._build_lookup(starts, ends)

    def _shifts(self, zone: _Zone, d0: int, d1: int) -> tuple[_I64, _I64]:
        days = np.arange(d0, d1 + 1, dtype=np.int64)
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday
        if self.hours.holidays:
            hol = np.array([(h - _dt.date(1970, 1, 1)).days for h in self.hours.holidays],
                           dtype=np.int64)
            working = ~np.isin(days, hol)
        else:
            working = np.ones(days.shape, dtype=bool)
        walls_open, walls_close = [], []
        for wd, shifts in enumerate(self.hours.schedule):
            if not shifts:
                continue
            base = days[working & (weekday == wd)] * DAY
            for opens, closes in shifts:
                walls_open.append(base + opens)
                walls_close.append(base + (closes if closes > opens else DAY + closes))
        if not walls_open:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return (zone.to_utc(np.concatenate(walls_open)),
                zone.to_utc(np.concatenate(walls_close)))

    def _build_lookup(self, starts: _I64, ends: _I64) -> None:
        """F(x) = icpt[j] + slope[j] * x on segment j = searchsorted(bounds, x, 'right')."""
        lengths = ends - starts
        before = np.concatenate(([0], np.cumsum(lengths)))  # open seconds before interval i
        n = len(starts)
        bounds = np.empty(2 * n, dtype=np.int64)
        bounds[0::2], bounds[1::2] = starts, ends
        icpt = np.empty(2 * n + 1, dtype=np.int64)
        icpt[0::2] = before  # gaps: constant
        icpt[1::2] = before[:-1] - starts  # inside interval i: before[i] + (x - start)
        slope = np.zeros(2 * n + 1, dtype=np.int64)
        slope[1::2] = 1

        c0, c1 = self.coverage
        base = c0 - c0 % 3600
        span = c1 - base + 1
        # Bucket width: the gcd of the boundaries' distances from `base` puts every boundary
        # on a bucket start, so F is linear inside each bucket (no refinement passes).
        width = int(np.gcd.reduce(bounds - base)) if n else span
        width = max(width, -(-span // _MAX_BUCKETS))
        count = -(-span // width)
        first = base + width * np.arange(count + 1, dtype=np.int64)
        seg = np.searchsorted(bounds, first, side="right")
        # Boundaries strictly inside a bucket: at most `refine` per bucket.
        inner = np.searchsorted(bounds, first[:-1] + (width - 1), side="right") - seg[:-1]
        self._refine = int(inner.max()) if count else 0
        self._base, self._width = base, width
        if self._refine == 0:  # per bucket: F(x) = icpt + slope * x
            self._icpt = icpt[seg[:-1]]
            self._slope = slope[seg[:-1]].astype(np.int8)
        else:  # per bucket: the segment at its start; per segment: F(x) = icpt + slope * x
            self._seg = seg[:-1]
            self._padded = np.concatenate((bounds, [_I64_MAX]))
            self._icpt, self._slope = icpt, slope.astype(np.int8)

    def cumulative(self, x: npt.ArrayLike) -> _I64:
        """F(x): office seconds from an arbitrary origin to each instant of `x`.

        ``office_seconds(a, b) == max(cumulative(b) - cumulative(a), 0)``; handy when
        the same instants are paired many times.
        """
        u = _as_seconds(x, "x")
        flat = u.ravel()
        out = np.empty(flat.shape, dtype=np.int64)
        for i, j, bufs in self._chunks(flat.size):
            self._check(flat[i:j], "x")
            self._into(flat[i:j], out[i:j], *bufs)
        return out.reshape(u.shape)

    def office_seconds(self, a: npt.ArrayLike, b: npt.ArrayLike) -> _I64:
        """Length of ``[a, b) ∩ office time`` for each pair; 0 where ``b <= a``."""
        ua, ub = _as_seconds(a, "a"), _as_seconds(b, "b")
        if ua.shape != ub.shape:
            raise ValueError(f"a and b differ in shape: {ua.shape} vs {ub.shape}")
        fa, fb = ua.ravel(), ub.ravel()
        out = np.empty(fa.shape, dtype=np.int64)
        other = np.empty(min(fa.size, _CHUNK), dtype=np.int64)
        for i, j, bufs in self._chunks(fa.size):
            self._check(fa[i:j], "a")
            self._check(fb[i:j], "b")
            res, tmp = out[i:j], other[: j - i]
            self._into(fb[i:j], res, *bufs)
            self._into(fa[i:j], tmp, *bufs)
            res -= tmp
        np.maximum(out, 0, out=out)
        return out.reshape(ua.shape)

    def _chunks(self, n: int) -> Iterator[tuple[int, int, tuple[_I64, npt.NDArray[np.int8]]]]:
        """Chunks of the queries, with scratch buffers reused (and cache-warm) across them."""
        size = min(n, _CHUNK)
        k = np.empty(size, dtype=np.int64)
        s = np.empty(size, dtype=np.int8)
        for i in range(0, n, _CHUNK):
            j = min(i + _CHUNK, n)
            yield i, j, (k[: j - i], s[: j - i])

    def _into(self, u: _I64, out: _I64, k: _I64, s: npt.NDArray[np.int8]) -> None:
        """out = F(u), using k and s as scratch; u must lie within the coverage."""
        np.subtract(u, self._base, out=k)
        np.floor_divide(k, self._width, out=k)
        if self._refine:
            j = np.take(self._seg, k)
            for _ in range(self._refine):
                j += np.take(self._padded, j, mode="clip") <= u
            k = j
        # indices are in range (coverage checked), so no bounds checks: mode="clip"
        np.take(self._icpt, k, out=out, mode="clip")
        np.take(self._slope, k, out=s, mode="clip")
        np.multiply(u, s, out=k)
        out += k

    def _check(self, u: _I64, name: str) -> None:
        if u.size == 0:
            return
        lo, hi = int(u.min()), int(u.max())
        c0, c1 = self.coverage
        if lo < c0 or hi > c1:
            bad = lo if lo < c0 else hi
            raise ValueError(f"instant {bad} in {name} is outside the office-hours table "
                             f"[{c0}, {c1}]; build the OfficeClock over the whole span")


def _merge(starts: _I64, ends: _I64) -> tuple[_I64, _I64]:
    """Union of [starts, ends) as sorted, disjoint, non-touching intervals."""
    keep = ends > starts
    starts, ends = starts[keep], ends[keep]
    if starts.size == 0:
        return starts, ends
    order = np.argsort(starts, kind="stable")
    starts, ends = starts[order], ends[order]
    reach = np.maximum.accumulate(ends)
    new = np.empty(starts.shape, dtype=bool)
    new[0] = True
    new[1:] = starts[1:] > reach[:-1]
    first = np.flatnonzero(new)
    last = np.concatenate((first[1:] - 1, [starts.size - 1]))
    return starts[first], reach[last]
