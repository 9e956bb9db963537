"""The `reports serve` command's options (cheap to import: no server libraries)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_parser"]

DESCRIPTION = """\
Serve Help Scout's User report endpoints (v1 and v2) over a local export, so that
existing clients (python-helpscout-v2, the Java, PHP and npm clients, scripts) get the
numbers this library computes. The data is loaded once and every report is answered from
memory. Every request is logged on stderr in one line. A browser at / gets the users
and teams, each linking to its report page at /users/{id}.

Binds 127.0.0.1 by default. Serving on another address needs --credentials FILE, a JSON
file of accepted v1 API keys and v2 client ids and secrets:
  {"api_keys": ["KEY"], "clients": {"CLIENT_ID": "CLIENT_SECRET"}}
Without it, any caller (and any key or token) is accepted.
"""
EPILOG = """\
example:
  reports serve --data sample_data --port 8080
  curl 'http://127.0.0.1:8080/v2/reports/user?user=1000051&start=2025-06-01T00:00:00Z&end=2025-06-30T23:59:59Z'

clients:
  python-helpscout-v2   HelpScout(app_id, app_secret, base_url="http://127.0.0.1:8080/v2/")
  Java (v1)             client.setBaseUrl("http://127.0.0.1:8080/v1/")
  npm                   client.updateRequestOptions({ baseURL: "http://127.0.0.1:8080/v2/" })
"""


def add_parser(sub: Any) -> None:
    """Register `reports serve` on the `reports` subcommands."""
    from .._cli import _data_options

    p = sub.add_parser("serve", help="serve the Help Scout report API (v1 and v2) over an "
                                     "export, for existing clients",
                       description=DESCRIPTION, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _data_options(p)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on; default: 127.0.0.1 (this machine only); any "
                        "other than a loopback address needs --credentials")
    p.add_argument("--port", type=int, default=8080,
                   help="port to listen on (0: any free port, shown in the log); "
                        "default: 8080")
    p.add_argument("--credentials", metavar="FILE",
                   help='JSON file of accepted callers: {"api_keys": [...], "clients": '
                        '{"id": "secret"}}; default: accept any caller')
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="processes computing reports, forked from the loaded data (which "
                        "they share); 2 or more use more cores under concurrent load; "
                        "default: 1 (reports are computed in the server process)")
    p.add_argument("--engine", choices=["thread", "inline"], default="thread",
                   help=argparse.SUPPRESS)
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> None:
    from ._serve import run

    run(args)
