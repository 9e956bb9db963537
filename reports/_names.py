"""Names of people as reports print them, from the descriptive tables.

A user's or customer's name is "first last" of the non-empty parts; a customer with
neither is named by their email; an unknown id has no name (null). Lookups take a page of
ids at a time.
"""

from __future__ import annotations

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


class Names:
    """Names and emails of users and customers by id."""

    def __init__(self, users: pd.DataFrame, customers: pd.DataFrame) -> None:
        self._users = users
        self._customers = customers

    @staticmethod
    def _rows(frame: pd.DataFrame, ids: np.ndarray) -> pd.DataFrame:
        wanted = [c for c in ("first_name", "last_name", "email") if c in frame.columns]
        found = frame[wanted].reindex(pd.Index(np.asarray(ids, dtype=np.int64)))
        for column in ("first_name", "last_name", "email"):
            if column not in found:
                found[column] = None
        return found

    def users(self, ids: np.ndarray) -> list[str | None]:
        """User names (no email fallback), None for unknown ids."""
        rows = self._rows(self._users, ids)
        return [person_name(f, last) for f, last in zip(rows["first_name"],
                                                        rows["last_name"], strict=True)]

    def customers(self, ids: np.ndarray) -> tuple[list[str | None], list[str | None]]:
        """(names — falling back to the email —, emails) of customers, None when unknown."""
        rows = self._rows(self._customers, ids)
        emails = [_text(e) for e in rows["email"]]
        names = [person_name(f, last) or e for f, last, e in zip(
            rows["first_name"], rows["last_name"], emails, strict=True)]
        return names, emails
