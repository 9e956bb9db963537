"""Per-conversation facts (docs/metrics.md › Events), computed once per dataset with segment
operations.

Threads arrive sorted by (conversation, created_at, id). From them come the event tables
the statistics count: user replies (with the response each one makes), close events,
resolutions, conversation creations, touches and ratings. Each event table is sorted by
user, with each user's row range, so a report for one user or team reads only its rows.

The tables hold instants, not durations or dates: what depends on configuration — office
hours, the company time zone — is computed when a report asks (`Timing`), on the rows it
reads, so a prepared store needs no new import when `office_hours.json` changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ._arrays import first_at_least
from ._vocab import code

if TYPE_CHECKING:
    from ._model import Model

CLOSED = code("conversations", "status", "closed")
STATUS_CLOSED = code("threads", "status", "closed")

__all__ = ["Events", "Facts", "Timing", "build_facts", "weekday"]

REPLY_TYPES = np.array([code("threads", "type", t) for t in ("reply", "chat", "phone")],
                       dtype=np.int8)
CUSTOMER_TYPES = np.array([code("threads", "type", t)
                           for t in ("customer", "chat", "phone", "beaconchat")], dtype=np.int8)


class Events:
    """Rows of one kind of event by a user.

    `user` and `conv` are codes, `time` UTC seconds; `cols` holds the event's own values.
    Rows without a user are left out. `starts` (the first use sorts the rows by user and
    time, in place) gives user u's rows as `starts[u]:starts[u+1]`; a pass over every row,
    as the all-users table makes, needs no order and never pays for the sort. Rows that
    come sorted give their `starts`, or their `blocks` (a store's partitions).
    """

    def __init__(self, n_users: int, user: np.ndarray, conv: np.ndarray, time: np.ndarray,
                 starts: np.ndarray | None = None, blocks: np.ndarray | None = None,
                 **cols: np.ndarray) -> None:
        self.n_users = n_users
        self._starts = starts  # given when the rows come sorted by user
        #: given when the rows come in blocks (a store's partitions) each sorted by user:
        #: user u's rows are blocks[k, u]:blocks[k, u + 1] for every block k
        self.blocks = blocks
        self._derived: dict[str, np.ndarray] = {}
        if starts is None and blocks is None and not (user >= 0).all():
            kept = np.flatnonzero(user >= 0)
            user, conv, time = user[kept], conv[kept], time[kept]
            cols = {k: v[kept] for k, v in cols.items()}
        self.user = user.astype(np.int32, copy=False)
        self.conv = conv.astype(np.int32, copy=False)
        self.time = time.astype(np.int64, copy=False)
        self.cols = cols

    @property
    def starts(self) -> np.ndarray:
        if self._starts is None:  # by user, then time: see `runs`
            order = np.lexsort((self.time, self.user))
            self.user, self.conv, self.time = self.user[order], self.conv[order], self.time[order]
            self.cols = {k: v[order] for k, v in self.cols.items()}
            self._derived = {k: v[order] for k, v in self._derived.items()}
            self._starts = np.searchsorted(self.user, np.arange(self.n_users + 1))
        return self._starts

    def __len__(self) -> int:
        return len(self.user)

    def runs(self, users: np.ndarray,
             window: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(first row, end row) of every run of rows of the given users (each run is in
        time order), cut to the instants in `window` when given."""
        if self.blocks is not None:
            lo, hi = self.blocks[:, users].ravel(), self.blocks[:, users + 1].ravel()
        else:
            lo, hi = self.starts[users], self.starts[users + 1]
        if window is not None:
            lo = first_at_least(self.time, lo, hi, window[0])
            hi = first_at_least(self.time, lo, hi, window[1], strict=True)
        return lo, hi

    def derived(self, name: str, rows: np.ndarray | None,
                compute: Callable[[np.ndarray | None], np.ndarray]) -> np.ndarray:
        """A value computed from the rows' columns (a wait, a local date): for `rows`, or
        for every row (`rows` None). A pass over most rows computes the whole column once
        and keeps it; a few rows are computed directly."""
        if rows is None or len(rows) * 4 > len(self):
            if name not in self._derived:
                self._derived[name] = compute(None)
            return self._derived[name] if rows is None else self._derived[name][rows]
        return compute(rows)


class Timing:
    """How reports read time in one dataset: office seconds, when its office-hours config
    is enabled, and company-local dates (the config's time zone, else UTC).

    Built from the config and the data's time span only, so it travels to other processes
    (a Dask worker) and builds its tables there.
    """

    def __init__(self, hours: Any, span: tuple[int, int]) -> None:
        self.hours = hours  # an `_office_hours.OfficeHours`, or None
        self.span = span
        self._clock: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"hours": self.hours, "span": self.span, "_clock": None}

    @property
    def has_office_hours(self) -> bool:
        return self.hours is not None and self.hours.enabled

    def local_day(self, t: np.ndarray) -> np.ndarray:
        """Company-local dates of instants (days since 1970-01-01)."""
        if self.hours is None:
            return np.floor_divide(t, 86400)
        from ._office_hours import local_days

        return local_days(t, self.hours.timezone)

    def office_seconds(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Office seconds in each [a, b)."""
        if self._clock is None:
            from ._office_hours import OfficeClock

            self._clock = OfficeClock(self.hours, *self.span)
        return self._clock.office_seconds(a, b)

    def waits(self, replies: Events, rows: np.ndarray | None, office: bool) -> np.ndarray:
        """How long each reply's customer waited (0 for a reply that answers nothing)."""
        def compute(r: np.ndarray | None) -> np.ndarray:
            since = replies.cols["since"] if r is None else replies.cols["since"][r]
            t = replies.time if r is None else replies.time[r]
            return self.office_seconds(since, t) if office else t - since

        return replies.derived("wait_office" if office else "wait", rows, compute)

    def durations(self, resolutions: Events, rows: np.ndarray | None,
                  office: bool) -> np.ndarray:
        """Each resolution's time from the conversation's creation (negative clamps to 0)."""
        def compute(r: np.ndarray | None) -> np.ndarray:
            created = resolutions.cols["created"] if r is None else resolutions.cols[
                "created"][r]
            at = resolutions.time if r is None else resolutions.time[r]
            return self.office_seconds(created, at) if office else np.maximum(at - created, 0)

        return resolutions.derived("duration_office" if office else "duration", rows, compute)

    def days(self, events: Events, rows: np.ndarray | None) -> np.ndarray:
        """The company-local date of each row."""
        return events.derived("day", rows, lambda r: self.local_day(
            events.time if r is None else events.time[r]))


@dataclass(eq=False)
class Facts:
    """Every event table of one dataset."""

    replies: Events  # cols: handle (µs), has_handle, responds, since (waited from), seq
    resolutions: Events  # user = resolver, time = resolved_at; cols: replies, created
    created: Events
    closes: Events
    touches: Events
    ratings: Events  # cols: value (0 great, 1 okay, 2 not_good), row (in the model's rt_*)


def weekday(day: np.ndarray) -> np.ndarray:
    """ISO weekday (1 = Monday … 7 = Sunday) of days since 1970-01-01 (a Thursday).

    >>> weekday(np.array([0, 4])).tolist()
    [4, 1]
    """
    return (day + 3) % 7 + 1


def _segment_start(conv: np.ndarray) -> np.ndarray:
    """True where a row starts a new conversation in an array sorted by conversation."""
    first = np.ones(len(conv), dtype=bool)
    first[1:] = conv[1:] != conv[:-1]
    return first


def build_facts(m: Model) -> Facts:
    """All event tables of the dataset."""
    n_users = m.n_users
    # A reply by a user whose id is unknown still answers the customer and counts towards
    # replies to resolve; it is attributed to nobody.
    is_reply = m.th_visible & m.th_by_user & np.isin(m.th_type, REPLY_TYPES)
    is_customer = m.th_visible & m.th_by_customer & np.isin(m.th_type, CUSTOMER_TYPES)

    # Responses (docs/metrics.md › Events): a reply answers the customer run right before
    # it, waiting since that run's first message.
    ev = np.flatnonzero(is_reply | is_customer)
    ev_reply = is_reply[ev]
    ev_conv, ev_time = m.th_conv[ev], m.th_time[ev]
    first = _segment_start(ev_conv)
    run_begins = first.copy()
    run_begins[1:] |= ev_reply[:-1]
    run_start = np.maximum.accumulate(np.where(run_begins, np.arange(len(ev)), 0))
    prev = np.maximum(np.arange(len(ev)) - 1, 0)
    responds = ev_reply & ~first & ~ev_reply[prev]
    since = ev_time[run_start[prev]]
    r = np.flatnonzero(ev_reply)
    r_th, r_time = ev[r], ev_time[r]
    waited_from = np.where(responds[r], since[r], r_time)  # a non-response waits 0
    replies = Events(
        n_users, m.th_user[r_th], m.th_conv[r_th], r_time,
        handle=m.th_handle[r_th], has_handle=m.th_has_handle[r_th], responds=responds[r],
        since=waited_from,
        seq=r_th)  # thread order: position among the threads sorted by conversation

    # Close events (a): a visible thread setting "closed" after a status that was not.
    s = np.flatnonzero(m.th_visible & (m.th_status >= 0))
    s_conv, s_status = m.th_conv[s], m.th_status[s]
    s_first = _segment_start(s_conv)
    prev_status = np.empty_like(s_status)
    prev_status[1:] = s_status[:-1]
    close_a = s[(s_status == STATUS_CLOSED) & (s_first | (prev_status != STATUS_CLOSED))]
    # Close events (b): a closed conversation's closed_at, by closed_by.
    close_b = np.flatnonzero((m.conv_status == CLOSED) & m.conv_has_closed_at)
    closes = Events(
        n_users,
        np.concatenate([m.th_user[close_a], m.conv_closed_by[close_b]]),
        np.concatenate([m.th_conv[close_a], close_b]),
        np.concatenate([m.th_time[close_a], m.conv_closed_at[close_b]]),
    )

    resolutions = _resolutions(m, close_a, r_th)
    created_convs = np.flatnonzero(m.conv_creator >= 0)
    created = Events(n_users, m.conv_creator[created_convs], created_convs,
                     m.conv_created_at[created_convs])

    # Touches: any visible thread by the user, creating it, closing it (b; (a) is a thread).
    t_th = np.flatnonzero(m.th_visible & (m.th_user >= 0))
    t_user = np.concatenate([m.th_user[t_th], m.conv_creator[created_convs],
                             m.conv_closed_by[close_b]])
    t_conv = np.concatenate([m.th_conv[t_th], created_convs, close_b])
    t_time = np.concatenate([m.th_time[t_th], m.conv_created_at[created_convs],
                             m.conv_closed_at[close_b]])
    touches = Events(n_users, t_user, t_conv, t_time)

    ratings = Events(n_users, m.rt_user, m.rt_conv, m.rt_time, value=m.rt_value,
                     row=np.arange(len(m.rt_user), dtype=np.int64))
    return Facts(replies=replies, resolutions=resolutions, created=created, closes=closes,
                 touches=touches, ratings=ratings)


def _resolutions(m: Model, close_a: np.ndarray, r_th: np.ndarray) -> Events:
    """Resolved conversations (docs/metrics.md › Events): closed with a user reply at or before
    resolved_at."""
    n_conv = m.n_conversations
    # Time of the last close event (a) per conversation.
    a_conv = m.th_conv[close_a]
    last = np.ones(len(a_conv), dtype=bool)
    last[:-1] = a_conv[:-1] != a_conv[1:]
    has_a = np.zeros(n_conv, dtype=bool)
    last_a = np.zeros(n_conv, dtype=np.int64)
    has_a[a_conv[last]] = True
    last_a[a_conv[last]] = m.th_time[close_a][last]

    resolved_at = np.where(m.conv_has_closed_at, m.conv_closed_at, last_a)
    cand = np.flatnonzero((m.conv_status == CLOSED) & (m.conv_has_closed_at | has_a))
    at = resolved_at[cand]

    # User replies at or before resolved_at: one searchsorted on (conversation, time) keys.
    r_conv, r_time = m.th_conv[r_th].astype(np.int64), m.th_time[r_th]
    if len(cand) and len(r_th):
        lo = min(int(r_time.min()), int(at.min())) - 1
        span = max(int(r_time.max()), int(at.max())) - lo + 2
        keys = r_conv * span + (r_time - lo)
        upto = np.searchsorted(keys, cand.astype(np.int64) * span + (at - lo), side="right")
        begin = np.searchsorted(r_conv, cand, side="left")
        count = upto - begin
    else:
        upto = count = np.zeros(len(cand), dtype=np.int64)
    ok = count > 0
    cand, at, count, upto = cand[ok], at[ok], count[ok], upto[ok]
    last_author = m.th_user[r_th[upto - 1]]
    resolver = np.where(m.conv_closed_by[cand] >= 0, m.conv_closed_by[cand], last_author)
    return Events(m.n_users, resolver, cand, at, replies=count,
                  created=m.conv_created_at[cand])
