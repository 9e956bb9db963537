"""Names of people as reports print them, from the descriptive tables.

A user's or customer's name is "first last" of the non-empty parts; a customer with
neither is named by their email; an unknown id has no name (null). Names are composed once
per table, column-wise; a lookup then takes a page of ids at a time.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Names", "person_name"]


def _text(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def person_name(first: Any, last: Any) -> str | None:
    """ "first last" of the non-empty parts, None when both are empty.

    >>> person_name("Ada", None), person_name(" ", "")
    ('Ada', None)
    """
    parts = [p for p in (_text(first), _text(last)) if p]
    return " ".join(parts) or None


def _clean(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column trimmed, with "" for null or absent."""
    if column not in frame.columns:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[column].astype(object).where(frame[column].notna(), "").astype(str).str.strip()


def _with_none_slot(text: np.ndarray) -> np.ndarray:
    """An object array with None for "" and one more None at the end (unknown ids)."""
    out = np.empty(len(text) + 1, dtype=object)
    out[:-1] = text
    out[:-1][text == ""] = None
    return out


class _Directory:
    """Sorted ids with a name and an email each (None where unknown)."""

    def __init__(self, frame: pd.DataFrame, email_fallback: bool) -> None:
        first, last = _clean(frame, "first_name"), _clean(frame, "last_name")
        full = (first + " " + last).str.strip()
        email = _clean(frame, "email")
        if email_fallback:
            full = full.where(full != "", email)
        order = np.argsort(frame.index.to_numpy(dtype=np.int64), kind="stable")
        self.ids = frame.index.to_numpy(dtype=np.int64)[order]
        self.names = _with_none_slot(full.to_numpy(dtype=object)[order])
        self.emails = _with_none_slot(email.to_numpy(dtype=object)[order])

    def positions(self, ids: np.ndarray) -> np.ndarray:
        """Row of each id, or the last slot (None) when unknown."""
        ids = np.asarray(ids, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.ids, ids), max(len(self.ids) - 1, 0))
        found = (len(self.ids) > 0) & (self.ids[pos] == ids) if len(self.ids) else \
            np.zeros(len(ids), bool)
        return np.where(found, pos, len(self.ids))


class Names:
    """Names and emails of users and customers by id."""

    def __init__(self, users: pd.DataFrame, customers: pd.DataFrame) -> None:
        self._users_frame = users
        self._customers_frame = customers

    @cached_property
    def _users(self) -> _Directory:
        return _Directory(self._users_frame, email_fallback=False)

    @cached_property
    def _customers(self) -> _Directory:
        return _Directory(self._customers_frame, email_fallback=True)

    def users(self, ids: np.ndarray) -> list[str | None]:
        """User names (no email fallback), None for unknown ids."""
        return self._users.names[self._users.positions(ids)].tolist()

    def customers(self, ids: np.ndarray) -> tuple[list[str | None], list[str | None]]:
        """(names — falling back to the email —, emails) of customers, None when unknown."""
        pos = self._customers.positions(ids)
        return self._customers.names[pos].tolist(), self._customers.emails[pos].tolist()
