"""The report family beyond the summary: happiness, ratings, conversation history and
drill-down (docs/family.md) — which rows, their figures and their order.

Each function reads the event tables of one user set (`Selection` with one group) in a
range and returns numpy columns in report order; `_document` turns the requested page of
them into the API's objects. Everything is vectorised over the picked event rows: per
conversation figures come from one `unique` and a few `bincount`s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._facts import Facts, Timing
from ._stats import Mask, Range, Selection, pick
from ._vocab import code

__all__ = ["History", "drilldown_rows", "happiness", "history_rows", "order",
           "ratings_rows"]

GREAT, OKAY, NOT_GOOD = (code("ratings", "rating", v) for v in ("great", "okay", "not_good"))


def order(values: np.ndarray, known: np.ndarray, ids: np.ndarray, descending: bool
          ) -> np.ndarray:
    """The permutation that sorts by `values` (ascending or descending), unknown values
    last in both orders, ties by ascending `ids`.

    >>> order(np.array([5, 0, 5, 9]), np.array([1, 0, 1, 1], bool), np.array([3, 1, 2, 4]),
    ...       descending=True).tolist()
    [3, 2, 0, 1]
    """
    key = np.where(known, values, 0).astype(np.int64)
    return np.lexsort((ids, -key if descending else key, ~known))


def happiness(facts: Facts, sel: Selection, conv_ok: Mask, rng: Range,
              rating_customer: np.ndarray, customers_helped: int) -> dict[str, Any]:
    """The counts behind the happiness statistics of one user set: ratings of its
    replies in the range, by value, and the distinct customers who rated."""
    rows, _ = pick(facts.ratings, sel, conv_ok, rng)
    value = facts.ratings.cols["value"][rows]
    customer = rating_customer[facts.ratings.cols["row"][rows]]
    return {"great": int((value == GREAT).sum()), "okay": int((value == OKAY).sum()),
            "not_good": int((value == NOT_GOOD).sum()),
            "customers_with_ratings": len(np.unique(customer[customer >= 0])),
            "customers": int(customers_helped)}


def ratings_rows(facts: Facts, sel: Selection, conv_ok: Mask, rng: Range,
                 rating: int | None, sort_field: str, descending: bool,
                 conv_number: np.ndarray, rating_id: np.ndarray) -> np.ndarray:
    """The ratings of the user set's replies in the range (of one value when `rating` is
    given), as rows of the model's ratings, in report order."""
    picked, _ = pick(facts.ratings, sel, conv_ok, rng)
    if rating is not None:
        picked = picked[facts.ratings.cols["value"][picked] == rating]
    row = facts.ratings.cols["row"][picked]
    if sort_field == "number":
        number = conv_number[facts.ratings.conv[picked]]
        values, known = number, number >= 0
    elif sort_field == "rating":
        values, known = facts.ratings.cols["value"][picked], np.ones(len(row), bool)
    else:  # modifiedAt: when the rating was given
        values, known = facts.ratings.time[picked], np.ones(len(row), bool)
    return row[order(values, known, rating_id[row], descending)]


@dataclass
class History:
    """Conversation history rows, one per conversation, in report order."""

    conv: np.ndarray  # conversation codes
    replies: np.ndarray
    handle: np.ndarray  # truncated mean handle seconds, 0 when none
    first_response: np.ndarray  # wait of the first response, 0 when none
    response: np.ndarray  # truncated mean wait, 0 when none
    resolve: np.ndarray  # resolution time; -1 when not resolved by the set in range

    def __len__(self) -> int:
        return len(self.conv)


def history_rows(facts: Facts, sel: Selection, conv_ok: Mask, rng: Range,
                 timing: Timing, office: bool, status: int | None, conv_status: np.ndarray,
                 conv_number: np.ndarray, sort_field: str, descending: bool) -> History:
    """One row per eligible conversation the user set replied to in the range."""
    rows, _ = pick(facts.replies, sel, conv_ok, rng)
    cols = facts.replies.cols
    conv = facts.replies.conv[rows]
    if status is not None:
        keep = conv_status[conv] == status
        rows, conv = rows[keep], conv[keep]
    convs, inv = np.unique(conv, return_inverse=True)
    n = len(convs)
    replies = np.bincount(inv, minlength=n)
    has = cols["has_handle"][rows]
    handle_us = np.zeros(n, np.int64)
    np.add.at(handle_us, inv[has], cols["handle"][rows][has])
    handled = np.bincount(inv[has], minlength=n)
    handle = np.where(handled > 0, handle_us // np.maximum(handled, 1) // 1_000_000, 0)

    responds = cols["responds"][rows]
    wait = timing.waits(facts.replies, rows, office).astype(np.int64)
    r_inv, r_wait, r_seq = inv[responds], wait[responds], cols["seq"][rows][responds]
    waits = np.zeros(n, np.int64)
    np.add.at(waits, r_inv, r_wait)
    responses = np.bincount(r_inv, minlength=n)
    response = np.where(responses > 0, waits // np.maximum(responses, 1), 0)
    first = np.zeros(n, np.int64)
    if len(r_inv):
        by_order = np.lexsort((r_seq, r_inv))
        lead = np.r_[True, r_inv[by_order][1:] != r_inv[by_order][:-1]]
        first[r_inv[by_order][lead]] = r_wait[by_order][lead]

    resolve = np.full(n, -1, np.int64)
    res, _ = pick(facts.resolutions, sel, conv_ok, rng)
    res_conv = facts.resolutions.conv[res]
    at = np.searchsorted(convs, res_conv)
    mine = (at < n) & (convs[np.minimum(at, n - 1)] == res_conv) if n else at < 0
    duration = timing.durations(facts.resolutions, res, office)
    resolve[at[mine]] = duration[mine]

    if sort_field == "number":
        values, known = conv_number[convs], conv_number[convs] >= 0
    elif sort_field == "repliesSent":
        values, known = replies, np.ones(n, bool)
    elif sort_field == "responseTime":
        values, known = response, np.ones(n, bool)
    else:  # resolveTime
        values, known = resolve, resolve >= 0
    ranked = order(values, known, convs, descending)
    return History(convs[ranked], replies[ranked], handle[ranked], first[ranked],
                   response[ranked], resolve[ranked])


def drilldown_rows(facts: Facts, sel: Selection, conv_ok: Mask,
                   rng: Range) -> np.ndarray:
    """The conversations the user set touched in the range (those of totalConversations),
    newest first by its latest touch in the range; ties by conversation, descending."""
    rows, _ = pick(facts.touches, sel, conv_ok, rng)
    conv, time = facts.touches.conv[rows], facts.touches.time[rows]
    by_latest = np.lexsort((-conv.astype(np.int64), -time))
    conv = conv[by_latest]
    _, first = np.unique(conv, return_index=True)  # each conversation's latest touch
    return conv[np.sort(first)]
