"""The vocabularies of the enum columns, and their integer codes.

Every enum column is stored as small integer codes: a value's code is its position in the
column's vocabulary (aliases share a code); -1 is null or an unknown value. Nothing here
needs pandas or pyarrow, so the query path can use the codes cheaply.
"""

from __future__ import annotations

__all__ = ["ALIASES", "ENUMS", "code"]

#: Each enum column's vocabulary: a value's code is its position (aliases share a code).
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("conversations", "type"): ("email", "chat", "phone"),
    ("conversations", "status"): ("active", "pending", "closed", "spam"),
    ("conversations", "state"): ("published", "draft", "deleted"),
    ("conversations", "created_by_type"): ("user", "customer"),
    ("threads", "type"): ("customer", "reply", "note", "lineitem", "chat", "phone",
                          "beaconchat", "forwardparent", "forwardchild"),
    ("threads", "state"): ("published", "draft", "hidden", "review", "underreview"),
    ("threads", "status"): ("active", "pending", "closed", "spam", "nochange"),
    ("threads", "created_by_type"): ("user", "customer", "other"),
    ("threads", "action_type"): (),
    ("ratings", "rating"): ("great", "okay", "not_good"),
}
ALIASES: dict[tuple[str, str], dict[str, str]] = {
    ("threads", "type"): {"message": "reply"},
    ("ratings", "rating"): {"1": "great", "ok": "okay", "2": "okay", "not-good": "not_good",
                            "not good": "not_good", "bad": "not_good", "3": "not_good"},
}


def code(table: str, column: str, value: str) -> int:
    """The code of an enum value.

    >>> code("threads", "status", "closed")
    2
    """
    return ENUMS[(table, column)].index(value)
