"""The `reports html` command: its options and its run (cheap to import: no Jinja2, no
pandas until it runs)."""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["add_parser", "run"]

#: The report's parameters the page takes, besides --user (catalogue keys).
PARAMS = ("start", "end", "previous_start", "previous_end", "mailboxes", "tags", "types",
          "folders", "office_hours", "view_by")
SAMPLE = "--data sample_data"


def add_parser(sub: Any) -> None:
    """Register `reports html`: a user's, a team's or everyone's report as one HTML file."""
    from reports._catalog import PARAMS as CATALOGUE
    from reports._cli import _data_options, _param_options

    p = sub.add_parser(
        "html", help="a user's or team's report (or everyone's, with --all) as one "
                     "self-contained HTML page",
        description="Write the report as a page a person reads: one HTML file with its "
                    "charts (inline SVG), its stylesheet and its script inside, that opens "
                    "in any browser with no network. For a user or team: the summary "
                    "statistics (with changes against a previous range when given), "
                    "replies, resolutions and customers helped over time, the happiness "
                    "breakdown and latest ratings, the conversation history and the "
                    "conversations behind the figures, as sortable tables. With --all: "
                    "every user and team in one sortable table, and the replies over "
                    "time of the users with most replies. Needs the html extra "
                    '(pip install "helpscout-reports[html]"). Prints a JSON line naming '
                    "the file written.",
        epilog="example:\n"
               f"  reports html {SAMPLE} --user 1000051 --start 2025-06-01 --end 2025-06-30 "
               "--previous-start 2025-05-01 --previous-end 2025-05-31 --out report.html\n"
               "example: every user and team:\n"
               f"  reports html {SAMPLE} --all --start 2025-06-01 --end 2025-06-30 "
               "--out all.html\n")
    _data_options(p)
    p.add_argument("--user", metavar="ID",
                   help=CATALOGUE["user"].help + " (required, unless --all)")
    p.add_argument("--all", action="store_true",
                   help="every user and team on one page instead of one user's report; "
                        "default: one user's or team's report (--user)")
    _param_options(p, PARAMS)
    p.add_argument("--out", required=True, metavar="FILE",
                   help="the HTML file to write, e.g. report.html (required)")
    p.set_defaults(run=run)


def _usage(parameter: str, message: str) -> Exception:
    from reports import RequestError

    return RequestError(parameter, message)


def run(args: argparse.Namespace) -> None:
    """Check the request, load the data, write the page to --out.

    The whole export is loaded (not only what the user's report needs, as `reports user`
    does), so that the page can name mailboxes and folders and say user or team."""
    from pathlib import Path

    from reports._cli import _load
    from reports._request import check

    params = {name: getattr(args, name) for name in PARAMS}
    if args.all:
        if args.user is not None:
            raise _usage("--user", "give --user ID or --all, not both")
        check(dict(params))
    else:
        if args.user is None:
            raise _usage("--user", "give the user or team to report on (--user ID; "
                                   "`reports info` lists them), or --all for everyone")
        check({"user": args.user, **params})
    out = Path(args.out)
    if not out.resolve().parent.is_dir():
        raise _usage("--out", f"the folder {out.resolve().parent} does not exist; "
                              "create it first")
    try:
        from . import _page
    except ImportError as exc:  # jinja2 missing: the html extra is not installed
        raise _usage("html", f"needs the html extra ({exc.name or exc} is missing): "
                             'pip install "helpscout-reports[html]"') from None
    ds = _load(args)
    page = _page.all_page(ds, **params) if args.all else \
        _page.user_page(ds, args.user, **params)
    try:
        out.write_text(page, encoding="utf-8", newline="")
    except OSError as exc:
        raise _usage("--out", f"cannot write {out}: {exc.strerror or exc}") from None
    print(json.dumps({"out": args.out, "bytes": len(page.encode("utf-8"))}))
