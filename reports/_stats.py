"""Masked aggregation: every statistic of docs/metrics.md › Statistics, for any number of user sets
at once.

A `Selection` says which event rows belong to which *group* (a user set U: one user, a
team, or — for the all-users table — every user and every team side by side). Each
statistic is then a handful of `bincount`s over the rows that pass the request's masks:
eligible conversation (status, state and filters) and time in range. Everything here is
counts and sums, so partial results from partitions add up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ._arrays import distinct
from ._facts import Events, Facts, Timing, weekday
from ._vocab import code

__all__ = [
    "STAT_FIELDS", "AllGroups", "Mask", "Members", "PartStatistics", "Partial", "Range",
    "Selection", "customers_helped", "finish", "mean_seconds", "partial", "pick",
    "sorted_union", "statistics",
]

#: The statistics object's fields in the documented order (docs/metrics.md › Statistics).
STAT_FIELDS = (
    "startDate", "endDate", "totalDays", "resolved", "conversationsCreated", "closed",
    "totalReplies", "resolvedOnFirstReply", "percentResolvedOnFirstReply",
    "repliesToResolve", "handleTime", "happinessScore", "responseTime", "resolutionTime",
    "repliesPerDay", "customersHelped", "totalConversations", "conversationsPerDay",
    "busiestDay",
)


@dataclass(frozen=True)
class Range:
    """An inclusive range of UTC seconds, and the same range as company-local dates."""

    start: int
    end: int
    first_day: int
    last_day: int

    @property
    def total_days(self) -> int:
        """`max(1, floor((end − start) / 86400))` (docs/metrics.md › Statistics)."""
        return max(1, (self.end - self.start) // 86400)


Keep = Callable[[np.ndarray | None], np.ndarray]


class Mask(Protocol):
    """Which conversations count (`_eligible.Eligible`, or a boolean array)."""

    def __getitem__(self, codes: np.ndarray) -> np.ndarray: ...

    def __len__(self) -> int: ...


class Selection:
    """Which rows of an event table belong to which groups.

    Rows are picked by *base* group (`pick`): a user, or the one user set of `Members`.
    Results computed per base group become results per group by `lift_sums` (a team's
    count is its members' counts added: every event has one author) and `lift_keys` (a
    team's distinct items are the union of its members', each once).
    """

    n_groups: int
    n_base: int

    def pick(self, ev: Events, keep: Keep,
             window: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(row indices, base group of each row) of the selected rows that `keep` accepts.

        `keep(rows)` masks the given row indices (all rows when None); rows at instants
        outside `window` may be left out before `keep` sees them.
        """
        raise NotImplementedError

    def lift_sums(self, values: np.ndarray) -> np.ndarray:
        """Per-base-group sums (axis 0) as per-group sums."""
        return values

    def lift_keys(self, keys: np.ndarray, n_items: int) -> np.ndarray:
        """Sorted distinct ``base × n_items + item`` as sorted distinct ``group × n_items
        + item``."""
        return keys


class Members(Selection):
    """One group: the rows of the given users (a user, or a team's members)."""

    n_groups = 1
    n_base = 1

    def __init__(self, users: np.ndarray) -> None:
        self.users = distinct(np.asarray(users, dtype=np.int64))

    def pick(self, ev: Events, keep: Keep,
             window: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = ev.runs(self.users, window)
        n = hi - lo
        rows = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
        rows = rows[keep(rows)]
        return rows, np.zeros(len(rows), dtype=np.int64)


class AllGroups(Selection):
    """Every user (group = user code) and every team (group = n_users + team code)."""

    def __init__(self, n_users: int, n_teams: int, member_user: np.ndarray,
                 member_team: np.ndarray) -> None:
        self.n_users = self.n_base = n_users
        self.n_groups = n_users + n_teams
        self.member_user = np.asarray(member_user, dtype=np.int64)
        self.member_team = n_users + np.asarray(member_team, dtype=np.int64)
        order = np.argsort(self.member_user, kind="stable")
        self.team_of = self.member_team[order]
        self.degree = np.bincount(self.member_user, minlength=n_users)
        self.first = np.cumsum(self.degree) - self.degree

    def pick(self, ev: Events, keep: Keep,
             window: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        own = np.flatnonzero(keep(None))
        return own, ev.user[own].astype(np.int64)

    def lift_sums(self, values: np.ndarray) -> np.ndarray:
        out = np.zeros((self.n_groups, *values.shape[1:]), dtype=values.dtype)
        out[:self.n_users] = values
        np.add.at(out, self.member_team, values[self.member_user])
        return out

    def lift_keys(self, keys: np.ndarray, n_items: int) -> np.ndarray:
        n_items = max(n_items, 1)
        user, item = keys // n_items, keys % n_items
        d = self.degree[user]
        within = np.arange(int(d.sum())) - np.repeat(np.cumsum(d) - d, d)
        team = self.team_of[np.repeat(self.first[user], d) + within]
        teams = distinct(team * np.int64(n_items) + np.repeat(item, d))
        return np.concatenate([keys, teams])  # users come before teams: still sorted


def pick(ev: Events, sel: Selection, conv_ok: Mask,
          rng: Range) -> tuple[np.ndarray, np.ndarray]:
    """Rows of `ev` in `sel` whose conversation is eligible and time is in range."""
    def keep(rows: np.ndarray | None) -> np.ndarray:
        t = ev.time if rows is None else ev.time[rows]
        ok = (t >= rng.start) & (t <= rng.end)
        inside = np.flatnonzero(ok)  # the (cheap) time test first: fewer conversations
        ok[inside] = conv_ok[ev.conv[inside] if rows is None else ev.conv[rows[inside]]]
        return ok

    return sel.pick(ev, keep, (rng.start, rng.end))


def _count(groups: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(groups, minlength=n).astype(np.int64)


def _sum(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Exact int64 sums per group (bincount's weights would go through float64)."""
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, groups, values.astype(np.int64, copy=False))
    return out


def _keys(sel: Selection, base: np.ndarray, items: np.ndarray, n_items: int) -> np.ndarray:
    """Sorted distinct ``group × n_items + item`` of the picked rows, teams included."""
    n_items = max(n_items, 1)
    return sel.lift_keys(distinct(base * np.int64(n_items) + items), n_items)


def _distinct(sel: Selection, base: np.ndarray, items: np.ndarray, n_items: int) -> np.ndarray:
    """Number of distinct items per group."""
    keys = _keys(sel, base, items, n_items)
    return np.bincount(keys // max(n_items, 1), minlength=sel.n_groups).astype(np.int64)


def _mean(total: np.ndarray, count: np.ndarray) -> np.ndarray:
    """total / count as float64, 0.0 where count is 0 (exact for sums below 2**53)."""
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def mean_seconds(micros: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Mean seconds from exact sums of microseconds: one correctly rounded division."""
    return np.where(count > 0, micros / (np.maximum(count, 1) * 1e6), 0.0)


def sorted_union(parts: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct values of sorted distinct arrays, merged at once.

    >>> sorted_union([np.array([1, 4]), np.array([2, 4, 9])]).tolist()
    [1, 2, 4, 9]
    """
    if not parts:
        return np.zeros(0, np.int64)
    if len(parts) == 1:
        return parts[0]
    merged = np.concatenate(parts)
    merged.sort(kind="stable")  # runs of sorted input: a merge
    return merged[np.r_[True, merged[1:] != merged[:-1]]] if len(merged) else merged


@dataclass
class Partial:
    """The statistics of some conversations, in a form that merges: counts and exact sums
    per group add up; (conversation, local date) pairs per weekday add up, because a
    conversation lives in one part; distinct customers are kept as the sorted keys
    ``group × n_customers + customer``, merged by union."""

    n_groups: int
    sums: dict[str, np.ndarray]
    weekday_pairs: np.ndarray  # (n_groups, 7) pairs per ISO weekday - 1
    customer_keys: np.ndarray
    n_customers: int

    def merge(self, other: Partial) -> Partial:
        """The statistics of both parts' conversations together."""
        return Partial.merge_all([self, other])

    @staticmethod
    def merge_all(parts: Iterable[Partial]) -> Partial:
        """The statistics of all the parts' conversations together."""
        parts = list(parts)
        first = parts[0]
        return Partial(first.n_groups,
                       {k: np.sum([p.sums[k] for p in parts], axis=0) for k in first.sums},
                       np.sum([p.weekday_pairs for p in parts], axis=0),
                       sorted_union([p.customer_keys for p in parts]), first.n_customers)


def partial(facts: Facts, sel: Selection, conv_ok: Mask, conv_customer: np.ndarray,
            n_customers: int, rng: Range, timing: Timing, office: bool) -> Partial:
    """What the events of one part of the data add to every group's statistics."""
    nb = sel.n_base
    sums: dict[str, np.ndarray] = {}

    # Replies: totalReplies, handleTime, responseTime, customersHelped.
    rows, b = pick(facts.replies, sel, conv_ok, rng)
    cols = facts.replies.cols
    sums["replies"] = _count(b, nb)
    has = cols["has_handle"][rows]
    sums["handle_us"] = _sum(b[has], cols["handle"][rows][has], nb)
    sums["handled"] = _count(b[has], nb)
    responds = cols["responds"][rows]
    wait = timing.waits(facts.replies, rows, office)
    sums["waits"] = _sum(b[responds], wait[responds], nb)
    sums["responses"] = _count(b[responds], nb)
    cust = conv_customer[facts.replies.conv[rows]]
    known = cust >= 0
    customer_keys = _keys(sel, b[known], cust[known].astype(np.int64), n_customers)

    # Resolutions: resolved, resolvedOnFirstReply, repliesToResolve, resolutionTime.
    rows, b = pick(facts.resolutions, sel, conv_ok, rng)
    replies = facts.resolutions.cols["replies"][rows]
    sums["resolved"] = _count(b, nb)
    sums["first_reply"] = _count(b[replies == 1], nb)
    sums["replies_to_resolve"] = _sum(b, replies, nb)
    sums["durations"] = _sum(b, timing.durations(facts.resolutions, rows, office), nb)

    rows, b = pick(facts.created, sel, conv_ok, rng)
    sums["created"] = _count(b, nb)

    rows, b = pick(facts.ratings, sel, conv_ok, rng)
    value = facts.ratings.cols["value"][rows]
    sums["great"] = _count(b[value == code("ratings", "rating", "great")], nb)
    sums["not_good"] = _count(b[value == code("ratings", "rating", "not_good")], nb)
    sums["rated"] = _count(b, nb)
    sums = {k: sel.lift_sums(v) for k, v in sums.items()}

    n_conv = len(conv_ok)
    rows, b = pick(facts.closes, sel, conv_ok, rng)
    sums["closed"] = _distinct(sel, b, facts.closes.conv[rows].astype(np.int64), n_conv)

    rows, b = pick(facts.touches, sel, conv_ok, rng)
    conv = facts.touches.conv[rows].astype(np.int64)
    sums["conversations"] = _distinct(sel, b, conv, n_conv)
    pairs = _weekday_pairs(sel, b, conv, timing.days(facts.touches, rows), n_conv, rng)
    return Partial(sel.n_groups, sums, pairs, customer_keys, n_customers)


def finish(p: Partial, rng: Range) -> dict[str, np.ndarray]:
    """Every statistic of docs/metrics.md › Statistics (but the two dates), per group."""
    s, n = p.sums, p.n_groups
    out: dict[str, np.ndarray] = {"totalDays": np.full(n, rng.total_days, dtype=np.int64)}
    out["totalReplies"] = s["replies"]
    out["handleTime"] = mean_seconds(s["handle_us"], s["handled"])
    out["responseTime"] = np.where(s["responses"] > 0,
                                   s["waits"] // np.maximum(s["responses"], 1), 0)
    nc = max(p.n_customers, 1)
    out["customersHelped"] = np.bincount(p.customer_keys // nc, minlength=n).astype(np.int64)
    resolved = s["resolved"]
    out["resolved"] = resolved
    out["resolvedOnFirstReply"] = s["first_reply"]
    out["percentResolvedOnFirstReply"] = _mean(s["first_reply"], resolved)
    out["repliesToResolve"] = _mean(s["replies_to_resolve"], resolved)
    out["resolutionTime"] = _mean(s["durations"], resolved)
    out["conversationsCreated"] = s["created"]
    out["closed"] = s["closed"]
    rated = s["rated"]
    safe = np.maximum(rated, 1)
    out["happinessScore"] = np.where(rated > 0, s["great"] / safe * 100
                                     - s["not_good"] / safe * 100, 0.0)
    out["totalConversations"] = s["conversations"]
    out["busiestDay"] = _busiest_day(p.weekday_pairs, rng)
    days = rng.total_days
    out["repliesPerDay"] = out["totalReplies"] / days
    out["conversationsPerDay"] = out["totalConversations"] / days
    return out


@dataclass(frozen=True)
class PartStatistics:
    """The work of the all-users table on one part of the data: picklable, so a cluster
    runs it where the part is (`_backend.Backend.map_parts`)."""

    sel: Selection
    request: Any  # a `_request.ReportRequest`: the filters
    rng: Range
    timing: Timing
    office: bool
    n_customers: int

    def __call__(self, part: Any) -> Partial:
        from ._eligible import Eligible

        return partial(part.facts, self.sel, Eligible(part.conversations, self.request),
                       part.conv_customer, self.n_customers, self.rng, self.timing,
                       self.office)


def statistics(facts: Facts, sel: Selection, conv_ok: Mask, conv_customer: np.ndarray,
               n_customers: int, rng: Range, timing: Timing,
               office: bool) -> dict[str, np.ndarray]:
    """Every statistic (but the two dates) as an array over the groups."""
    return finish(partial(facts, sel, conv_ok, conv_customer, n_customers, rng, timing,
                          office), rng)


def customers_helped(facts: Facts, sel: Selection, conv_ok: Mask,
                     conv_customer: np.ndarray, n_customers: int, rng: Range) -> np.ndarray:
    """Distinct primary customers of eligible conversations replied to in range, per group."""
    rows, b = pick(facts.replies, sel, conv_ok, rng)
    cust = conv_customer[facts.replies.conv[rows]]
    known = cust >= 0
    return _distinct(sel, b[known], cust[known].astype(np.int64), n_customers)


def _weekday_pairs(sel: Selection, b: np.ndarray, conv: np.ndarray, day: np.ndarray,
                   n_conv: int, rng: Range) -> np.ndarray:
    """Distinct (conversation, local date) pairs per group and ISO weekday: (n, 7)."""
    width = rng.last_day - rng.first_day + 1
    n_items = max(n_conv, 1) * width
    keys = _keys(sel, b, conv * width + (day - rng.first_day), n_items)
    pair_day = keys % width + rng.first_day
    pair_group = keys // n_items
    return np.bincount(pair_group * 7 + (weekday(pair_day) - 1),
                       minlength=sel.n_groups * 7).reshape(sel.n_groups, 7).astype(np.int64)


def _busiest_day(pairs: np.ndarray, rng: Range) -> np.ndarray:
    """ISO weekday with the most (conversation, local date) pairs per such date; 0 = none."""
    dates = np.bincount(weekday(np.arange(rng.first_day, rng.last_day + 1)) - 1, minlength=7)
    average = pairs / np.maximum(dates, 1)
    best = np.argmax(average, axis=1) + 1
    return np.where(pairs.sum(axis=1) > 0, best, 0)
