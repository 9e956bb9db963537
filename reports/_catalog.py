"""The report catalogue: every report once, with its parameters, for every front end.

The library (`Dataset` methods), the command line, the HTTP server and the HTML page all
read this table, so a report is defined in one place and they differ only in how they
take parameters and print. Nothing here imports pandas or pyarrow: `reports --help`
stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CLI_OPTIONS", "PARAMS", "REPORTS", "Param", "Report", "report"]


@dataclass(frozen=True)
class Param:
    """One request parameter: its Python name, its API (query) name and its help."""

    name: str  # the keyword of the Dataset method: previous_start
    api: str  # the query parameter of the HTTP API: previousStart
    help: str
    metavar: str = ""
    default: object = None
    choices: tuple[str, ...] = ()  # an enumeration, read in any letter case
    flag: bool = False  # a switch on the command line (--office-hours)
    required: bool = False
    integer: bool = False  # a whole number (page, rows)

    @property
    def option(self) -> str:
        """The command-line option: --previous-start."""
        return "--" + self.name.replace("_", "-")


def _p(name: str, api: str, help: str, **kw: object) -> Param:
    return Param(name, api, help, **kw)  # type: ignore[arg-type]


#: Every parameter any report takes, by key (its Python name, but for the two sort fields).
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
    _p("view_by", "viewBy", "bucket size of the series: day, week or month (any case); "
       "default: week for a range of at most 365 days, else month", metavar="SIZE",
       choices=("day", "week", "month")),
    _p("rating", "rating", "only ratings of this value: all, great, okay, not_good (also ok, "
       "not-good, 0-3); default: all", metavar="VALUE", default="all"),
    _p("status", "status", "only conversations now in this status: active, pending or "
       "closed; default: every status", metavar="STATUS"),
    _p("sort_order", "sortOrder", "asc or desc (any case); missing values always sort "
       "last; default: desc", metavar="ORDER", default="desc"),
    _p("page", "page", "which page of rows (1 is the first); default: 1", metavar="N",
       default=1, integer=True),
    _p("rows", "rows", "rows per page; default: every row on page 1", metavar="N",
       integer=True),
)}
PARAMS["sort_field_ratings"] = _p(
    "sort_field", "sortField", "sort the ratings by number (the conversation's), "
    "modifiedAt (when the rating was given) or rating (any case); default: modifiedAt",
    metavar="FIELD", default="modifiedAt", choices=("number", "modifiedAt", "rating"))
PARAMS["sort_field_history"] = _p(
    "sort_field", "sortField", "sort the conversations by number, repliesSent, "
    "responseTime or resolveTime (any case); default: number", metavar="FIELD",
    default="number", choices=("number", "repliesSent", "responseTime", "resolveTime"))

#: The command-line option for each name the library's errors and warnings use (a
#: parameter as the API spells it, and `load`'s own `dask`): `viewBy` → `--view-by`.
#: The command line says these in their place; the library and the HTTP API keep theirs.
CLI_OPTIONS: dict[str, str] = {**{p.api: p.option for p in PARAMS.values()},
                               "dask": "--dask"}

FILTERS = ("mailboxes", "tags", "types", "folders")
RANGE = ("start", "end")
PREVIOUS = ("previous_start", "previous_end")


@dataclass(frozen=True)
class Report:
    """One report: its command, its `Dataset` method, the parameters it takes and where
    the HTTP API serves it."""

    command: str  # `reports <command>`
    method: str  # Dataset.<method>
    summary: str  # one line for `reports --help`
    params: tuple[str, ...]  # keys of PARAMS, in the method's order
    example: str  # arguments after `reports <command> --data sample_data`
    v1: tuple[str, ...]  # HTTP paths of the v1 API
    v2: tuple[str, ...]  # HTTP paths of the v2 API
    #: where its rows are, for CSV and Parquet output: "series" (the points of each
    #: range), or a path of keys to a list of objects ("results")
    table: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The Python keyword of each parameter, in order."""
        return tuple(PARAMS[k].name for k in self.params)


_SERIES = ("user", *RANGE, *PREVIOUS, "view_by", *FILTERS)
_WEEKS = ("--user 1000051 --start 2025-01-01 --end 2025-06-30 --view-by week")

REPORTS: tuple[Report, ...] = (
    Report("user", "user_report", "one user's or team's report: every statistic, and "
           "their changes against a previous range",
           ("user", *RANGE, *PREVIOUS, *FILTERS, "office_hours"),
           "--user 1000051 --start 2025-06-01 --end 2025-06-30 "
           "--previous-start 2025-05-01 --previous-end 2025-05-31",
           ("/v1/reports/user.json",), ("/v2/reports/user",)),
    Report("replies", "replies_report", "replies per day, week or month", _SERIES, _WEEKS,
           ("/v1/reports/user/replies.json",), ("/v2/reports/user/replies",),
           table=("series",)),
    Report("resolutions", "resolutions_report", "resolved conversations per day, week or "
           "month", _SERIES, _WEEKS, ("/v1/reports/user/resolutions.json",),
           ("/v2/reports/user/resolutions",), table=("series",)),
    Report("customers-helped", "customers_helped_report", "customers helped per day, "
           "week or month", _SERIES, _WEEKS, ("/v1/reports/user/customers-helped.json",),
           ("/v2/reports/user/customers-helped",), table=("series",)),
    Report("happiness", "happiness_report", "the happiness breakdown: great, okay and "
           "not good ratings, and the customers who rated",
           ("user", *RANGE, *PREVIOUS, *FILTERS),
           "--user 1000051 --start 2025-06-01 --end 2025-06-30 "
           "--previous-start 2025-05-01 --previous-end 2025-05-31",
           ("/v1/reports/user/happiness.json",), ("/v2/reports/user/happiness",)),
    Report("ratings", "ratings_report", "the ratings of a user's replies, one row each, "
           "with comments", ("user", *RANGE, "rating", "sort_field_ratings", "sort_order",
                             "page", "rows", *FILTERS),
           "--user 1000051 --start 2025-06-01 --end 2025-06-30 --rating not_good",
           ("/v1/reports/user/ratings.json",), ("/v2/reports/user/ratings",),
           table=("results",)),
    Report("conversation-history", "conversation_history_report", "one row per "
           "conversation replied to: replies sent, handle, response and resolution times",
           ("user", *RANGE, "status", "office_hours", "sort_field_history", "sort_order",
            "page", "rows", *FILTERS),
           "--user 1000051 --start 2025-06-01 --end 2025-06-30 --sort-field responseTime",
           ("/v1/reports/user/conversation-history.json",),
           ("/v2/reports/user/conversation-history",), table=("results",),
           aliases=("history",)),
    Report("drilldown", "drilldown_report", "the conversations behind "
           "totalConversations, newest activity first",
           ("user", *RANGE, "page", "rows", *FILTERS),
           "--user 1000051 --start 2025-06-01 --end 2025-06-30 --rows 25",
           ("/v1/reports/users/drilldown.json", "/v1/reports/user/drilldown.json"),
           ("/v2/reports/user/drilldown",), table=("conversations", "results")),
)


def report(command: str) -> Report:
    """The report run by `reports <command>` (or one of its aliases)."""
    for r in REPORTS:
        if command == r.command or command in r.aliases:
            return r
    raise KeyError(command)
