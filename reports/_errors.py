"""The exceptions of the package: one base type, one per kind of user mistake.

Every message names what is at fault (a parameter, or a file, column and row) and how to
fix it. The CLI prints the message as one line and exits 2 for a bad request, 1 for bad
data (docs/data.md › Errors); `to_api_body()` gives the Mailbox API 2.0 error body for HTTP front
ends.
"""

from __future__ import annotations

import uuid
from typing import Any

__all__ = ["DataError", "ReportsError", "ReportsWarning", "RequestError", "UnknownUserError"]


#: Help Scout's reason phrase in an error body, by HTTP status.
_REASONS = {400: "Bad request", 401: "Unauthorized", 404: "Not found",
            405: "Method not allowed", 500: "Internal server error"}


class ReportsWarning(UserWarning):
    """Something a user should know about a report or a load that is not an error."""


class ReportsError(ValueError):
    """Base of every error the package raises for a user mistake."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, *, path: str | None = None,
                 rejected_value: Any = None, source: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.rejected_value = rejected_value
        self.source = source
        #: The message for a remote client (an HTTP answer): without hints that only make
        #: sense on the machine holding the data (a command line, a path).
        self.api_message = message

    def to_api_body(self) -> dict[str, Any]:
        """The Mailbox API 2.0 error body for this error (docs/data.md › Errors)."""
        return api_error_body(self.http_status, self.api_message, path=self.path or "",
                              rejected=self.rejected_value, source=self.source)


def api_error_body(status: int, message: str, *, path: str = "", rejected: Any = None,
                   source: str = "", log_ref: str | None = None) -> dict[str, Any]:
    """A Mailbox API 2.0 error body (`application/vnd.error+json`): a log reference, the
    status's name, and the one error with the parameter's `path`, the `message`, the
    rejected value (as text unless it is a plain JSON scalar) and where it came from.

    >>> api_error_body(404, "user: no user or team has id 7", path="user",
    ...                log_ref="x")["_embedded"]["errors"][0]["path"]
    'user'
    """
    if rejected is not None and not isinstance(rejected, (str, int, float, bool)):
        rejected = str(rejected)
    return {
        "logRef": log_ref or uuid.uuid4().hex[:16],
        "message": _REASONS.get(status, "Error"),
        "_embedded": {"errors": [{"path": path, "message": message,
                                  "rejectedValue": rejected, "source": source}]},
    }


class RequestError(ReportsError):
    """A report request is wrong: a missing, malformed or inconsistent parameter.

    `parameter` names the parameter at fault as the API spells it (`start`, `types`, ...).
    """

    exit_code = 2

    def __init__(self, parameter: str, message: str, *, rejected_value: Any = None) -> None:
        super().__init__(f"{parameter}: {message}", path=parameter,
                         rejected_value=rejected_value, source="query")
        self.parameter = parameter


class UnknownUserError(RequestError):
    """The requested `user` id is neither a user nor a team of the dataset.

    `hint` (how to list the ids on this machine) is left out of `api_message`.
    """

    http_status = 404

    def __init__(self, parameter: str, message: str, *, rejected_value: Any = None,
                 hint: str = "") -> None:
        super().__init__(parameter, f"{message}; {hint}" if hint else message,
                         rejected_value=rejected_value)
        self.api_message = f"{parameter}: {message}"


class DataError(ReportsError):
    """The input data cannot be used: a missing table or column, or an unparseable value.

    `file`, `column` and `row` (1-based data row) or `line` (1-based line of a text file)
    locate the fault when known.
    """

    exit_code = 1
    #: what `column` is called in the message: a key, for a JSON config file
    _column_word = "column"

    def __init__(self, message: str, *, file: str | None = None, column: str | None = None,
                 row: int | None = None, line: int | None = None,
                 rejected_value: Any = None) -> None:
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"{self._column_word} '{column}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message,
                         path=column, rejected_value=rejected_value, source=str(file or ""))
        self.reason = message  # the message without its location
        self.file = file
        self.column = column
        self.row = row
        self.line = line
