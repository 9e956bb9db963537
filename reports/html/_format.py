"""Numbers as a person reads them: durations, percentages, weekdays, changes, dates.

Pure functions of the library's values (never a recomputation): each turns one value of a
report document into the text the page shows. Missing values (None, NaN) read as "—".
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "DASH",
    "Change",
    "change",
    "count",
    "date_text",
    "decimal",
    "duration",
    "instant_text",
    "is_missing",
    "noun",
    "percent",
    "plural",
    "range_text",
    "table_time",
    "rate",
    "score",
    "weekday",
]

DASH = "—"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas' missing values.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0)
    (True, True, False)
    """
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pd.NA raises in bool()
    except TypeError:
        return True


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)


def duration(seconds: Any) -> str:
    """Seconds as "2 h 14 min": seconds under a minute, minutes and seconds under an
    hour, hours and minutes under a day, else days and hours; rounded half up to the last
    unit shown.

    >>> duration(42), duration(202.17), duration(3599.6), duration(8040)
    ('42 s', '3 min 22 s', '1 h', '2 h 14 min')
    >>> duration(250778.6), duration(0), duration(None)
    ('2 d 22 h', '0 s', '—')
    """
    if is_missing(seconds):
        return DASH
    value = float(seconds)
    sign = "−" if value < 0 else ""
    value = abs(value)
    whole = _half_up(value)
    if whole < 60:
        return f"{sign}{whole} s"
    if whole < 3600:
        return sign + _two(divmod(whole, 60), "min", "s")
    minutes = _half_up(value / 60)
    if minutes < 1440:
        return sign + _two(divmod(minutes, 60), "h", "min")
    return sign + _two(divmod(_half_up(value / 3600), 24), "d", "h")


def _two(parts: tuple[int, int], big: str, small: str) -> str:
    major, minor = parts
    return f"{major:,} {big}" + (f" {minor} {small}" if minor else "")


def count(value: Any) -> str:
    """A whole number with thousands separators.

    >>> count(1234567), count(0), count(None)
    ('1,234,567', '0', '—')
    """
    if is_missing(value):
        return DASH
    return f"{int(value):,}"


def decimal(value: Any, places: int = 1) -> str:
    """A number with `places` decimals and thousands separators.

    >>> decimal(2.8275862068965516), decimal(1234.5, 2), decimal(None)
    ('2.8', '1,234.50', '—')
    """
    if is_missing(value):
        return DASH
    return f"{float(value):,.{places}f}"


def percent(value: Any, places: int = 1) -> str:
    """A percentage (0–100) as "83.3%".

    >>> percent(83.33333333333334), percent(0), percent(None)
    ('83.3%', '0.0%', '—')
    """
    if is_missing(value):
        return DASH
    return f"{float(value):,.{places}f}%"


def rate(fraction: Any) -> str:
    """A 0–1 fraction (``percentResolvedOnFirstReply``) as a percentage.

    >>> rate(0.3), rate(0.22580645161290322), rate(None)
    ('30.0%', '22.6%', '—')
    """
    if is_missing(fraction):
        return DASH
    return percent(float(fraction) * 100)


def score(value: Any) -> str:
    """A happiness score (−100 to 100: % great − % not good), one decimal.

    >>> score(66.66666666666669), score(-100.0), score(None)
    ('66.7', '−100.0', '—')
    """
    if is_missing(value):
        return DASH
    return decimal(value).replace("-", "−")


def weekday(day: Any) -> str:
    """``busiestDay`` (1 = Monday … 7 = Sunday) as the weekday's name.

    >>> weekday(1), weekday(7), weekday(None)
    ('Monday', 'Sunday', '—')
    """
    if is_missing(day) or not 1 <= int(day) <= 7:
        return DASH
    return WEEKDAYS[int(day) - 1]


class Change:
    """A change against the previous range, as shown: an arrow, its value and its sense.

    `direction` is "up", "down" or "flat" (after rounding to what is shown); `sense` is
    "better", "worse", "neutral" or "same" for the reader (down is better for times).
    """

    __slots__ = ("direction", "label", "sense", "text")

    def __init__(self, text: str, direction: str, sense: str, label: str) -> None:
        self.text, self.direction, self.sense, self.label = text, direction, sense, label

    def __repr__(self) -> str:
        return f"Change({self.text!r}, {self.direction!r}, {self.sense!r})"


ARROWS = {"up": "▲", "down": "▼", "flat": "▶"}


def change(delta: Any, points: bool = False, lower_is_better: bool = False,
           neutral: bool = False, previous: Any = None, current: Any = None,
           count: bool = True) -> Change | None:
    """A delta of the library (percent change, or points for ``happinessScore``) as an
    arrow with its value: "▲ 26.5%", "▼ 31.7%", "▲ 16.7 pts"; None when there is none.
    `neutral`: neither direction is better (the share of okay ratings).

    The library's percent change is 0.0 when the previous value is 0 (docs/metrics.md ›
    Deltas): given the `previous` and `current` values, a rise from 0 reads as new, not
    as no change (`count`: the value counts things, "none in the previous range"; else a
    mean or a rate, "0 in the previous range", whose rise from nothing is neither better
    nor worse when lower is better). 0 to 0 stays no change.

    >>> change(26.45434353188594)
    Change('▲ 26.5%', 'up', 'better')
    >>> change(16.666666666666686, points=True)
    Change('▲ 16.7 pts', 'up', 'better')
    >>> change(1.9766270044730527, lower_is_better=True)
    Change('▲ 2.0%', 'up', 'worse')
    >>> change(-0.01), change(None)
    (Change('▶ 0.0%', 'flat', 'same'), None)
    >>> change(0.0, lower_is_better=True, previous=0, current=1)
    Change('▲ new (none in the previous range)', 'up', 'worse')
    >>> change(0.0, previous=0, current=0)
    Change('▶ 0.0%', 'flat', 'same')
    """
    if is_missing(delta):
        return None
    if not points and _rose_from_zero(previous, current):
        return _new(lower_is_better, neutral, count)
    shown = round(abs(float(delta)), 1)
    direction = "flat" if shown == 0 else ("up" if float(delta) > 0 else "down")
    unit = " pts" if points else "%"
    text = f"{ARROWS[direction]} {shown:,.1f}{unit}"
    if direction == "flat":
        sense = "same"
    elif neutral:
        sense = "neutral"
    else:
        sense = "better" if (direction == "up") != lower_is_better else "worse"
    words = {"up": "up", "down": "down", "flat": "no change,"}[direction]
    amount = f"{shown:,.1f} points" if points else f"{shown:,.1f} percent"
    label = f"{words} {amount} on the previous range"
    return Change(text, direction, sense, label)


def _rose_from_zero(previous: Any, current: Any) -> bool:
    """The previous value is 0 and the current one is not (both known)."""
    if is_missing(previous) or is_missing(current):
        return False
    return float(previous) == 0 and float(current) != 0


def _new(lower_is_better: bool, neutral: bool, count: bool) -> Change:
    """A rise from 0, which has no percent change: "▲ new"."""
    was = "none" if count else "0"
    if neutral or (lower_is_better and not count):
        sense = "neutral"
    else:
        sense = "worse" if lower_is_better else "better"
    return Change(f"{ARROWS['up']} new ({was} in the previous range)", "up", sense,
                  f"new: {was} in the previous range, so no percent change")


def noun(n: Any, one: str, many: str | None = None) -> str:
    """The word for `n` things: `one` for exactly 1, else `many` (`one` + "s").

    >>> noun(1, "reply", "replies"), noun(0, "reply", "replies"), noun(2, "rating")
    ('reply', 'replies', 'ratings')
    """
    if not is_missing(n) and float(n) == 1:
        return one
    return many if many is not None else one + "s"


def plural(n: Any, one: str, many: str | None = None) -> str:
    """A count with its word, singular or plural: "1 reply", "1,234 replies".

    >>> plural(1, "reply", "replies"), plural(1234, "reply", "replies"), plural(0, "team")
    ('1 reply', '1,234 replies', '0 teams')
    """
    return f"{count(n)} {noun(n, one, many)}"


def _parse(iso: str) -> datetime:
    return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def date_text(iso: Any, year: bool = True) -> str:
    """An instant's date, "1 Jun 2025" (UTC).

    >>> date_text("2025-06-01T00:00:00Z"), date_text("2025-06-01T00:00:00Z", year=False)
    ('1 Jun 2025', '1 Jun')
    """
    if is_missing(iso):
        return DASH
    t = _parse(str(iso))
    return f"{t.day} {MONTHS[t.month - 1]}" + (f" {t.year}" if year else "")


def instant_text(iso: Any, end: bool = False) -> str:
    """An instant as a person reads it: the date alone when it is a whole day's bound
    (00:00:00 as a start, 23:59:59 as an end), else with the UTC time.

    >>> instant_text("2025-06-30T23:59:59Z", end=True)
    '30 Jun 2025'
    >>> instant_text("2025-06-30T16:37:24Z"), instant_text(None)
    ('30 Jun 2025, 16:37:24 UTC', '—')
    """
    if is_missing(iso):
        return DASH
    t = _parse(str(iso))
    bound = (23, 59, 59) if end else (0, 0, 0)
    if (t.hour, t.minute, t.second) == bound:
        return date_text(iso)
    return f"{date_text(iso)}, {t:%H:%M:%S} UTC"


def table_time(iso: Any) -> str:
    """An instant in a table's cell, to the minute (the column says UTC).

    >>> table_time("2025-06-30T16:37:24Z"), table_time(None)
    ('30 Jun 2025 16:37', '—')
    """
    if is_missing(iso):
        return DASH
    return f"{date_text(iso)} {_parse(str(iso)):%H:%M}"


def range_text(start: Any, end: Any) -> str:
    """A range of the library (``startDate``, ``endDate``) as "1 Jun 2025 – 30 Jun 2025".

    >>> range_text("2025-06-01T00:00:00Z", "2025-06-30T23:59:59Z")
    '1 Jun 2025 – 30 Jun 2025'
    """
    return f"{instant_text(start)} – {instant_text(end, end=True)}"
