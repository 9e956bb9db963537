"""Which conversations a report counts (docs/metrics.md › Which conversations count).

A conversation counts when it is not spam, deleted or a draft, and matches every filter
of the request: its mailbox, **any** of its tags, its type and its folder in the given
lists. `Eligible` answers that for the conversations a report actually reads, so a report
on one user over a ten-million-conversation store looks at that user's conversations only.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from ._vocab import ENUMS

__all__ = ["Conversations", "Eligible"]

CONV_TYPES = ENUMS[("conversations", "type")]


class Conversations(Protocol):
    """The conversation columns eligibility reads, indexed by conversation code."""

    conv_base_eligible: np.ndarray  # not spam, not deleted, not a draft
    conv_mailbox: np.ndarray
    conv_folder: np.ndarray
    conv_has_folder: np.ndarray
    conv_type: np.ndarray
    tagged_id: np.ndarray  # (tag, conversation) pairs sorted by tag
    tagged_conv: np.ndarray


class Eligible:
    """The eligibility of conversations for one request: ``ok[codes]`` is a boolean array.

    `request` is None for "not spam, deleted or draft" alone (no filters). A question about
    many conversations computes the whole mask once and keeps it.
    """

    def __init__(self, conversations: Conversations, request: Any = None) -> None:
        self.c = conversations
        self.req = request
        self._tagged: np.ndarray | None = None
        self._all: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.c.conv_base_eligible)

    def __getitem__(self, codes: np.ndarray) -> np.ndarray:
        if self._all is not None or len(codes) * 8 > len(self):
            return self.all()[codes]
        return self._mask(np.asarray(codes))

    def all(self) -> np.ndarray:
        """The mask over every conversation."""
        if self._all is None:
            self._all = self._mask(None)
        return self._all

    def _mask(self, codes: np.ndarray | None) -> np.ndarray:
        c, req = self.c, self.req

        def col(values: np.ndarray) -> np.ndarray:
            return np.asarray(values if codes is None else values[codes])

        ok = col(c.conv_base_eligible).astype(bool, copy=True)
        if req is None:
            return ok
        if req.mailboxes is not None:
            ok &= np.isin(col(c.conv_mailbox), req.mailboxes)
        if req.folders is not None:
            ok &= col(c.conv_has_folder) & np.isin(col(c.conv_folder), req.folders)
        if req.types is not None:
            ok &= np.isin(col(c.conv_type), [CONV_TYPES.index(t) for t in req.types])
        if req.tags is not None:
            tagged = self._tagged_conversations()
            ok &= tagged if codes is None else tagged[codes]
        return ok

    def _tagged_conversations(self) -> np.ndarray:
        """Which conversations have any of the requested tags (a mask over them all)."""
        if self._tagged is None:
            ids = self.c.tagged_id
            tagged = np.zeros(len(self), dtype=bool)
            for t in self.req.tags:
                tagged[self.c.tagged_conv[np.searchsorted(ids, t, "left"):
                                          np.searchsorted(ids, t, "right")]] = True
            self._tagged = tagged
        return self._tagged
