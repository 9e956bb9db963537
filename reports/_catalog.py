"""The report catalogue: every report once, with its parameters, for every front end.

The library (`Dataset` methods), the command line, the HTTP server and the HTML page all
read this table, so a report is defined in one place and they differ only in how they
take parameters and print. Nothing here imports pandas or pyarrow: `reports --help`
stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PARAMS", "REPORTS", "Param", "Report", "report"]


@dataclass(frozen=True)
class Param:
    """One request parameter: its Python name, its API (query) name and its help."""

    name: str  # the keyword of the Dataset method: previous_start
    api: str  # the query parameter of the HTTP API: previousStart
    help: str
    metavar: str = ""
    default: object = None
    choices: tuple[str, ...] = ()
    flag: bool = False  # a switch on the command line (--office-hours)
    required: bool = False

    @property
    def option(self) -> str:
        """The command-line option: --previous-start."""
        return "--" + self.name.replace("_", "-")


def _p(name: str, api: str, help: str, **kw: object) -> Param:
    return Param(name, api, help, **kw)  # type: ignore[arg-type]


#: Every parameter any report takes, by Python name.
PARAMS: dict[str, Param] = {p.name: p for p in (
    _p("user", "user", "a user id, or a team id (then the report covers its members); "
       "`reports info` lists them", metavar="ID", required=True),
    _p("start", "start", "start of the range, inclusive: an instant like "
       "2025-06-01T00:00:00Z (UTC unless it carries an offset such as +02:00) or a date "
       "alone, 2025-06-01, meaning its first second", metavar="WHEN", required=True),
    _p("end", "end", "end of the range, inclusive: an instant, or a date alone meaning "
       "its last second (2025-06-30 = 2025-06-30T23:59:59Z)", metavar="WHEN",
       required=True),
    _p("previous_start", "previousStart", "start of a range to compare with (give both "
       "previous bounds or neither); the same forms as --start; default: no comparison",
       metavar="WHEN"),
    _p("previous_end", "previousEnd", "end of the range to compare with; the same forms "
       "as --end; default: no comparison", metavar="WHEN"),
    _p("mailboxes", "mailboxes", "only conversations in these mailboxes: comma-separated "
       "ids; default: every mailbox", metavar="IDS"),
    _p("tags", "tags", "only conversations with any of these tags: comma-separated ids; "
       "default: tagged or not", metavar="IDS"),
    _p("types", "types", "only these conversation types: comma-separated email, chat, "
       "phone; default: every type", metavar="TYPES"),
    _p("folders", "folders", "only conversations in these folders: comma-separated ids; "
       "default: every folder", metavar="IDS"),
    _p("office_hours", "officeHours", "count response and resolution times in office "
       "hours only (seconds inside the office-hours schedule); default: calendar seconds",
       flag=True, default=False),
)}

FILTERS = ("mailboxes", "tags", "types", "folders")
RANGE = ("start", "end")
PREVIOUS = ("previous_start", "previous_end")


@dataclass(frozen=True)
class Report:
    """One report: its command, its `Dataset` method and the parameters it takes."""

    command: str  # `reports <command>`
    method: str  # Dataset.<method>
    summary: str  # one line for `reports --help`
    params: tuple[str, ...]  # names in PARAMS, in the method's order
    example: str  # arguments after `reports <command> --data sample_data`
    rows: tuple[str, ...] = ()  # where a tabular report's rows are in its document
    per_subject: bool = True  # needs --user


REPORTS: tuple[Report, ...] = (
    Report("user", "user_report", "one user's or team's report: every statistic, and "
           "their changes against a previous range",
           ("user", *RANGE, *PREVIOUS, *FILTERS, "office_hours"),
           "--user 1000051 --start 2025-06-01 --end 2025-06-30 "
           "--previous-start 2025-05-01 --previous-end 2025-05-31"),
)


def report(command: str) -> Report:
    """The report run by `reports <command>`."""
    for r in REPORTS:
        if r.command == command:
            return r
    raise KeyError(command)
