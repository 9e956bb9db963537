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

import numpy as np

from ._arrays import distinct
from ._facts import Events, Facts, weekday
from ._normalise import code

__all__ = [
    "STAT_FIELDS", "AllGroups", "Members", "Range", "Selection", "customers_helped", "pick",
    "statistics",
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


def pick(ev: Events, sel: Selection, conv_ok: np.ndarray,
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


def statistics(facts: Facts, sel: Selection, conv_ok: np.ndarray, conv_customer: np.ndarray,
               n_customers: int, rng: Range, office: bool) -> dict[str, np.ndarray]:
    """Every statistic of docs/metrics.md › Statistics (except the two dates) as an array over the
    groups."""
    n = sel.n_groups
    out: dict[str, np.ndarray] = {"totalDays": np.full(n, rng.total_days, dtype=np.int64)}

    # Replies: totalReplies, handleTime, responseTime, customersHelped.
    rows, g = pick(facts.replies, sel, conv_ok, rng)
    cols = facts.replies.cols
    out["totalReplies"] = _count(g, n)
    has = cols["has_handle"][rows]
    out["handleTime"] = mean_seconds(_sum(g[has], cols["handle"][rows][has], n),
                                     _count(g[has], n))
    responds = cols["responds"][rows]
    wait = cols["wait_office" if office else "wait"][rows]
    waits, responses = _sum(g[responds], wait[responds], n), _count(g[responds], n)
    out["responseTime"] = np.where(responses > 0, waits // np.maximum(responses, 1), 0)
    out["customersHelped"] = _customers(facts.replies.conv[rows], g, conv_customer,
                                        n_customers, n)

    # Resolutions: resolved, resolvedOnFirstReply, repliesToResolve, resolutionTime.
    rows, g = pick(facts.resolutions, sel, conv_ok, rng)
    cols = facts.resolutions.cols
    resolved = _count(g, n)
    first = cols["replies"][rows] == 1
    out["resolved"] = resolved
    out["resolvedOnFirstReply"] = _count(g[first], n)
    out["percentResolvedOnFirstReply"] = _mean(out["resolvedOnFirstReply"], resolved)
    out["repliesToResolve"] = _mean(_sum(g, cols["replies"][rows], n), resolved)
    duration = cols["duration_office" if office else "duration"][rows]
    out["resolutionTime"] = _mean(_sum(g, duration, n), resolved)

    rows, g = pick(facts.created, sel, conv_ok, rng)
    out["conversationsCreated"] = _count(g, n)

    n_conv = len(conv_ok)
    rows, g = pick(facts.closes, sel, conv_ok, rng)
    out["closed"] = _distinct(g, facts.closes.conv[rows].astype(np.int64), n_conv, n)

    rows, g = pick(facts.ratings, sel, conv_ok, rng)
    value = facts.ratings.cols["value"][rows]
    great = _count(g[value == code("ratings", "rating", "great")], n)
    not_good = _count(g[value == code("ratings", "rating", "not_good")], n)
    rated = _count(g, n)
    safe = np.maximum(rated, 1)
    out["happinessScore"] = np.where(rated > 0, great / safe * 100 - not_good / safe * 100, 0.0)

    rows, g = pick(facts.touches, sel, conv_ok, rng)
    conv = facts.touches.conv[rows].astype(np.int64)
    out["totalConversations"] = _distinct(g, conv, n_conv, n)
    out["busiestDay"] = _busiest_day(g, conv, facts.touches.cols["day"][rows], n_conv, n, rng)

    days = rng.total_days
    out["repliesPerDay"] = out["totalReplies"] / days
    out["conversationsPerDay"] = out["totalConversations"] / days
    return out


def _customers(conv: np.ndarray, g: np.ndarray, conv_customer: np.ndarray, n_customers: int,
               n: int) -> np.ndarray:
    cust = conv_customer[conv]
    known = cust >= 0
    return _distinct(g[known], cust[known].astype(np.int64), n_customers, n)


def customers_helped(facts: Facts, sel: Selection, conv_ok: np.ndarray,
                     conv_customer: np.ndarray, n_customers: int, rng: Range) -> np.ndarray:
    """Distinct primary customers of eligible conversations replied to in range, per group."""
    rows, g = pick(facts.replies, sel, conv_ok, rng)
    return _customers(facts.replies.conv[rows], g, conv_customer, n_customers, sel.n_groups)


def _busiest_day(g: np.ndarray, conv: np.ndarray, day: np.ndarray, n_conv: int, n: int,
                 rng: Range) -> np.ndarray:
    """ISO weekday with the most (conversation, local date) pairs per such date; 0 = none."""
    width = rng.last_day - rng.first_day + 1
    keys = distinct((g * np.int64(n_conv) + conv) * width + (day - rng.first_day))
    pair_day = keys % width + rng.first_day
    pair_group = keys // width // n_conv
    pairs = np.bincount(pair_group * 7 + (weekday(pair_day) - 1), minlength=n * 7).reshape(n, 7)
    dates = np.bincount(weekday(np.arange(rng.first_day, rng.last_day + 1)) - 1, minlength=7)
    average = pairs / np.maximum(dates, 1)
    best = np.argmax(average, axis=1) + 1
    return np.where(pairs.sum(axis=1) > 0, best, 0)
