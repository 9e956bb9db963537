"""Names of people as reports print them, from the descriptive tables.

A user's or customer's name is "first last" of the non-empty parts; a customer with
neither is named by their email (see `_model.CustomerBook`); an unknown id has no name
(null). Nothing here needs pandas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["person_name", "user_names"]


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
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


def user_names(users: dict[int, dict[str, Any]], ids: Iterable[int]) -> list[str | None]:
    """The names of users by id (no email fallback); None for unknown ids."""
    out = []
    for i in ids:
        rec = users.get(int(i))
        out.append(None if rec is None else person_name(rec.get("first_name"),
                                                        rec.get("last_name")))
    return out
