"""Masked aggregation: every statistic of docs/metrics.md › Statistics, for any number of user sets
at once.

A `Selection` says which event rows belong to which *group* (a user set U: one user, a
team, or — for the all-users table — every user and every team side by side). Each
statistic is then a handful of `bincount`s over the rows that pass the request's masks:
eligible conversation (status, state and filters) and time in range. Everything here is
counts and sums, so partial results from partitions add up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ._arrays import distinct
from ._facts import Events, Facts, Timing, weekday
from ._vocab import code

__all__ = [
    "STAT_FIELDS", "AllGroups", "Members", "Partial", "Range", "Selection", "customers_helped",
    "Mask", "finish", "mean_seconds", "partial", "pick", "statistics",
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
    """Which rows of an event table belong to which group."""

    n_groups: int

    def pick(self, ev: Events, keep: Keep) -> tuple[np.ndarray, np.ndarray]:
        """(row indices, group of each row) of the selected rows that `keep` accepts.

        `keep(rows)` masks the given row indices (all rows when None).
        """
        raise NotImplementedError


class Members(Selection):
    """One group: the rows of the given users (a user, or a team's members)."""

    n_groups = 1

    def __init__(self, users: np.ndarray) -> None:
        self.users = distinct(np.asarray(users, dtype=np.int64))

    def pick(self, ev: Events, keep: Keep) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = ev.starts[self.users], ev.starts[self.users + 1]
        n = hi - lo
        rows = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()))
        rows = rows[keep(rows)]
        return rows, np.zeros(len(rows), dtype=np.int64)


class AllGroups(Selection):
    """Every user (group = user code) and every team (group = n_users + team code)."""

    def __init__(self, n_users: int, n_teams: int, member_user: np.ndarray,
                 member_team: np.ndarray) -> None:
        self.n_users = n_users
        self.n_groups = n_users + n_teams
        order = np.argsort(member_user, kind="stable")
        self.team_of = member_team[order].astype(np.int64)
        self.degree = np.bincount(member_user, minlength=n_users)
        self.first = np.cumsum(self.degree) - self.degree

    def pick(self, ev: Events, keep: Keep) -> tuple[np.ndarray, np.ndarray]:
        own = np.flatnonzero(keep(None))
        user = ev.user[own]
        d = self.degree[user]
        rep = np.repeat(own, d)
        within = np.arange(len(rep)) - np.repeat(np.cumsum(d) - d, d)
        team = self.team_of[np.repeat(self.first[user], d) + within]
        return (np.concatenate([own, rep]),
                np.concatenate([user.astype(np.int64), self.n_users + team]))


def pick(ev: Events, sel: Selection, conv_ok: Mask,
          rng: Range) -> tuple[np.ndarray, np.ndarray]:
    """Rows of `ev` in `sel` whose conversation is eligible and time is in range."""
    def keep(rows: np.ndarray | None) -> np.ndarray:
        conv, t = (ev.conv, ev.time) if rows is None else (ev.conv[rows], ev.time[rows])
        return conv_ok[conv] & (t >= rng.start) & (t <= rng.end)

    return sel.pick(ev, keep)


def _count(groups: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(groups, minlength=n).astype(np.int64)


def _sum(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Exact int64 sums per group (bincount's weights would go through float64)."""
    out = np.zeros(n, dtype=np.int64)
    np.add.at(out, groups, values.astype(np.int64, copy=False))
    return out


def _distinct(groups: np.ndarray, items: np.ndarray, n_items: int, n: int) -> np.ndarray:
    """Number of distinct items per group."""
    keys = distinct(groups * np.int64(max(n_items, 1)) + items)
    return np.bincount(keys // max(n_items, 1), minlength=n).astype(np.int64)


def _mean(total: np.ndarray, count: np.ndarray) -> np.ndarray:
    """total / count as float64, 0.0 where count is 0 (exact for sums below 2**53)."""
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def mean_seconds(micros: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Mean seconds from exact sums of microseconds: one correctly rounded division."""
    return np.where(count > 0, micros / (np.maximum(count, 1) * 1e6), 0.0)


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
        return Partial(self.n_groups, {k: v + other.sums[k] for k, v in self.sums.items()},
                       self.weekday_pairs + other.weekday_pairs,
                       np.union1d(self.customer_keys, other.customer_keys), self.n_customers)


def partial(facts: Facts, sel: Selection, conv_ok: Mask, conv_customer: np.ndarray,
            n_customers: int, rng: Range, timing: Timing, office: bool) -> Partial:
    """What the events of one part of the data add to every group's statistics."""
    n = sel.n_groups
    sums: dict[str, np.ndarray] = {}

    # Replies: totalReplies, handleTime, responseTime, customersHelped.
    rows, g = pick(facts.replies, sel, conv_ok, rng)
    cols = facts.replies.cols
    sums["replies"] = _count(g, n)
    has = cols["has_handle"][rows]
    sums["handle_us"] = _sum(g[has], cols["handle"][rows][has], n)
    sums["handled"] = _count(g[has], n)
    responds = cols["responds"][rows]
    wait = timing.waits(facts.replies, rows, office)
    sums["waits"] = _sum(g[responds], wait[responds], n)
    sums["responses"] = _count(g[responds], n)
    keys = _customer_keys(facts.replies.conv[rows], g, conv_customer, n_customers)

    # Resolutions: resolved, resolvedOnFirstReply, repliesToResolve, resolutionTime.
    rows, g = pick(facts.resolutions, sel, conv_ok, rng)
    replies = facts.resolutions.cols["replies"][rows]
    sums["resolved"] = _count(g, n)
    sums["first_reply"] = _count(g[replies == 1], n)
    sums["replies_to_resolve"] = _sum(g, replies, n)
    sums["durations"] = _sum(g, timing.durations(facts.resolutions, rows, office), n)

    rows, g = pick(facts.created, sel, conv_ok, rng)
    sums["created"] = _count(g, n)

    n_conv = len(conv_ok)
    rows, g = pick(facts.closes, sel, conv_ok, rng)
    sums["closed"] = _distinct(g, facts.closes.conv[rows].astype(np.int64), n_conv, n)

    rows, g = pick(facts.ratings, sel, conv_ok, rng)
    value = facts.ratings.cols["value"][rows]
    sums["great"] = _count(g[value == code("ratings", "rating", "great")], n)
    sums["not_good"] = _count(g[value == code("ratings", "rating", "not_good")], n)
    sums["rated"] = _count(g, n)

    rows, g = pick(facts.touches, sel, conv_ok, rng)
    conv = facts.touches.conv[rows].astype(np.int64)
    sums["conversations"] = _distinct(g, conv, n_conv, n)
    pairs = _weekday_pairs(g, conv, timing.days(facts.touches, rows), n_conv, n, rng)
    return Partial(n, sums, pairs, keys, n_customers)


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


def _customer_keys(conv: np.ndarray, g: np.ndarray, conv_customer: np.ndarray,
                   n_customers: int) -> np.ndarray:
    """Sorted distinct ``group × n_customers + customer`` of replied-to conversations."""
    cust = conv_customer[conv]
    known = cust >= 0
    return distinct(g[known] * np.int64(max(n_customers, 1)) + cust[known].astype(np.int64))


def customers_helped(facts: Facts, sel: Selection, conv_ok: Mask,
                     conv_customer: np.ndarray, n_customers: int, rng: Range) -> np.ndarray:
    """Distinct primary customers of eligible conversations replied to in range, per group."""
    rows, g = pick(facts.replies, sel, conv_ok, rng)
    keys = _customer_keys(facts.replies.conv[rows], g, conv_customer, n_customers)
    return np.bincount(keys // max(n_customers, 1), minlength=sel.n_groups).astype(np.int64)


def _weekday_pairs(g: np.ndarray, conv: np.ndarray, day: np.ndarray, n_conv: int, n: int,
                   rng: Range) -> np.ndarray:
    """Distinct (conversation, local date) pairs per group and ISO weekday: (n, 7)."""
    width = rng.last_day - rng.first_day + 1
    keys = distinct((g * np.int64(n_conv) + conv) * width + (day - rng.first_day))
    pair_day = keys % width + rng.first_day
    pair_group = keys // width // n_conv
    return np.bincount(pair_group * 7 + (weekday(pair_day) - 1),
                       minlength=n * 7).reshape(n, 7).astype(np.int64)


def _busiest_day(pairs: np.ndarray, rng: Range) -> np.ndarray:
    """ISO weekday with the most (conversation, local date) pairs per such date; 0 = none."""
    dates = np.bincount(weekday(np.arange(rng.first_day, rng.last_day + 1)) - 1, minlength=7)
    average = pairs / np.maximum(dates, 1)
    best = np.argmax(average, axis=1) + 1
    return np.where(pairs.sum(axis=1) > 0, best, 0)
