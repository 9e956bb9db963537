"""What a load found and changed, as data: `LoadReport`.

Kept apart from the cleaning itself (`_normalise`), so a prepared store reads its report
without pandas or pyarrow.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ._io import partial_notice
from ._schema import TABLES
from ._vocab import ENUMS

__all__ = ["LoadReport", "unknown_notice"]


@dataclass
class LoadReport:
    """What loading found and changed: rows kept per table and every record set aside.

    Counts are kept as data, so the reports of parts of a dataset (a store's partitions)
    merge into the report of the whole, with the same numbers.
    """

    rows: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    #: where a partial export ends (loaded with allow_partial), one line each
    partial: list[str] = field(default_factory=list)
    #: enum values outside the vocabulary: "table.column" → {"source", "values": {v: n}}
    unknown: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: thread authors (user ids) that the users table lacks, sorted
    missing_authors: list[int] = field(default_factory=list)
    #: teams (ids) without members, sorted
    memberless_teams: list[int] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """One human-readable line per thing a user should know about the load."""
        order = list(TABLES)
        out = [f"{t}: {n} duplicate id(s) resolved, the last record of each kept"
               for t, n in sorted(self.duplicates.items(),
                                  key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
               if n]
        out += [f"{what}: {n} dropped" for what, n in sorted(self.dropped.items()) if n]
        out += [partial_notice(self.partial)] if self.partial else []
        out += list(self.notices)
        for key, found in self.unknown.items():
            table, column = key.split(".")
            out += unknown_notice(table, column, found["source"], found["values"])
        out += _ids_notice(self.missing_authors, "threads", "thread author(s) not in the "
                           "users table", "their reports carry no name, email or photo")
        out += _ids_notice(self.memberless_teams, "teams", "team(s) with no members",
                           "their reports are empty")
        return out

    def add_unknown(self, table: str, column: str, source: str,
                    values: dict[str, int]) -> None:
        """Count enum values outside the vocabulary (see `enum_codes`)."""
        if not values or not ENUMS.get((table, column)) or table == "ratings":
            return
        entry = self.unknown.setdefault(f"{table}.{column}", {"source": source, "values": {}})
        for value, n in values.items():
            entry["values"][value] = entry["values"].get(value, 0) + n
        entry["values"] = dict(sorted(entry["values"].items(), key=lambda kv: (-kv[1], kv[0])))

    def merge(self, other: LoadReport) -> LoadReport:
        """The report of both parts of a dataset together."""
        def add(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
            return {k: a.get(k, 0) + b.get(k, 0) for k in {**a, **b}}

        out = LoadReport(add(self.rows, other.rows), add(self.duplicates, other.duplicates),
                         add(self.dropped, other.dropped),
                         self.notices + [n for n in other.notices if n not in self.notices],
                         self.partial + other.partial, {},
                         sorted(set(self.missing_authors) | set(other.missing_authors)),
                         sorted(set(self.memberless_teams) | set(other.memberless_teams)))
        for report in (self, other):
            for key, found in report.unknown.items():
                table, column = key.split(".")
                out.add_unknown(table, column, found["source"], found["values"])
        return out

    def as_json(self) -> dict[str, Any]:
        """As JSON values (a store's manifest keeps it)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LoadReport:
        return cls(**data)


def _ids_notice(ids: list[int], table: str, what: str, consequence: str) -> list[str]:
    if not ids:
        return []
    shown = ", ".join(map(str, ids[:5])) + (", …" if len(ids) > 5 else "")
    return [f"{table}: {len(ids):,} {what} ({shown}): {consequence}"]


def unknown_notice(table: str, column: str, source: str, unknown: dict[str, int]) -> list[str]:
    """The load-report line for an enum column's unknown values (none for ratings, whose
    unrecognised values are counted as dropped)."""
    vocab = ENUMS.get((table, column), ())
    if not unknown or not vocab or table == "ratings":
        return []
    top = ", ".join(f"{v!r} ×{n:,}" for v, n in list(unknown.items())[:3])
    return [f"{source}: column '{column}' has {sum(unknown.values()):,} value(s) outside "
            f"{'/'.join(vocab)} ({top}); they match no rule of the report"]
