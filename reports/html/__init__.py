"""`reports html`: the user report as a page a person reads, self-contained.

Optional: needs the ``html`` extra (``pip install "helpscout-reports[html]"``).

>>> import reports, reports.html
>>> ds = reports.load("sample_data")
>>> page = reports.html.user_page(ds, 1000051, "2025-06-01", "2025-06-30",
...                               "2025-05-01", "2025-05-31")
>>> page.startswith("<!doctype html>"), "Vera Fischer" in page
(True, True)

- `user_page(ds, user, start, end, …)`: one user's or team's report;
- `all_page(ds, start, end, …)`: every user and team, sortable, with the top users' series;
- `index_page(ds)`: the users and teams, each linking to ``/users/{id}``.

Importing this package is cheap (Jinja2 loads with the first page), so the command line
can register `reports html` without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._page import all_page, index_page, user_page

__all__ = ["all_page", "index_page", "user_page"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import _page

        return getattr(_page, name)
    raise AttributeError(f"module 'reports.html' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
