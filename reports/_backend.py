"""Where a `Dataset`'s arrays come from: tables in memory, or a prepared store on disk.

A backend gives the dataset's model (conversation columns, users, teams, descriptive
records) and its event tables, both indexed by global codes — all a report on one user or
team needs — and, for work over everyone, the same data cut into `Part`s that are
independent (every event belongs to one conversation, every conversation to one part).
Whole-account statistics are computed part by part and merged (`_stats.Partial`), in one
process or on a cluster; the in-memory backend is a single part.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol, TypeVar

import numpy as np

from ._facts import Facts

__all__ = ["Backend", "Part", "TablesBackend"]

T = TypeVar("T")


@dataclass
class Part:
    """Independent conversations and their events: codes local to the part."""

    facts: Facts
    conversations: Any  # the conversation columns of `_eligible.Conversations`, and more
    conv_customer: np.ndarray  # global customer code of each conversation, -1 for none


class Backend(Protocol):
    """What a `Dataset` reads."""

    @property
    def model(self) -> Any: ...

    @property
    def facts(self) -> Facts: ...

    def span(self) -> tuple[int, int]:
        """The first and last instant in the data (for office-hours tables)."""
        ...

    def known_ids(self) -> dict[str, frozenset[int]]:
        """The mailbox, folder and tag ids that occur in the data."""
        ...

    def map_parts(self, work: Callable[[Part], T],
                  window: tuple[int, int] | None = None) -> Iterator[T]:
        """`work(part)` for every part, in order; `work` reads only events at instants in
        `window` (a backend may leave the others out)."""
        ...


class TablesBackend:
    """The normalised tables in memory, coded and sorted on first use; one part."""

    def __init__(self, tables: dict[str, Any]) -> None:
        self._tables = tables

    @cached_property
    def model(self) -> Any:
        from ._model import build_model

        model = build_model(self._tables)
        self._tables = {}  # the model holds all that is needed from here on
        return model

    @cached_property
    def facts(self) -> Facts:
        from ._facts import build_facts

        return build_facts(self.model)

    def span(self) -> tuple[int, int]:
        m = self.model
        times = [m.th_time, m.conv_created_at, m.conv_closed_at[m.conv_has_closed_at]]
        lo = min((int(t.min()) for t in times if len(t)), default=0)
        hi = max((int(t.max()) for t in times if len(t)), default=0)
        return lo, hi

    def known_ids(self) -> dict[str, frozenset[int]]:
        from ._arrays import distinct

        m = self.model
        known = {"mailboxes": m.conv_mailbox, "folders": m.conv_folder[m.conv_has_folder],
                 "tags": np.concatenate([m.tag_id, np.array(list(m.tags), np.int64)])}
        return {k: frozenset(distinct(v).tolist()) for k, v in known.items()}

    def map_parts(self, work: Callable[[Part], T],
                  window: tuple[int, int] | None = None) -> Iterator[T]:
        m = self.model
        yield work(Part(self.facts, m, m.conv_customer))
