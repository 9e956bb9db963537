"""Focus: keep only the conversations one user's or team's report can depend on.

A report for a user set U reads the events of conversations that a member of U wrote a
thread in, created, closed or was rated for; every other conversation contributes nothing
to it (docs/metrics.md › Events and › Statistics). Cutting the tables down to those
conversations — all their rows, so responses and resolutions see every thread — before the
per-conversation work makes a cold single report pay for the user's conversations instead
of the whole account.

The rule lives in `relevant_conversations`, which reads tables through one small interface
(`values`, `codes`), so it serves both cuts:

- `prefilter_threads` cuts the raw threads table before it is typed (what makes a focused
  load fast), when that is safe: integer ids, no repeated conversation or thread id;
- `narrow` cuts the normalised tables (duplicates resolved, orphans dropped and counted),
  so a focused dataset is the full one restricted and its load report is the full load's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import distinct, duplicated_keep_last, lookup
from ._io import RawData
from ._normalise import Columns, as_arrow, code, enum_codes, unknown_counts

__all__ = ["Focus", "narrow", "prefilter_threads", "relevant_conversations"]



@dataclass(frozen=True)
class Focus:
    """What a focused load kept: for which id, how much, and the ids filters can name."""

    subject: int
    conversations: int
    total_conversations: int
    known_ids: dict[str, frozenset[int]]


class _Table(Protocol):
    def values(self, name: str) -> tuple[np.ndarray, np.ndarray]: ...
    def codes(self, name: str) -> np.ndarray: ...


class _Unsafe(Exception):
    """A raw column is not what narrowing can read (not integers)."""


class _RawTable:
    """A raw Arrow table read like `Columns`: integer columns and enum codes as numpy."""

    def __init__(self, table: pa.Table, name: str) -> None:
        self.table, self.name = table, name
        self._read: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def values(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        if column not in self._read:
            self._read[column] = self._values(column)
        return self._read[column]

    def _values(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        n = self.table.num_rows
        if column not in self.table.column_names:
            return np.zeros(n, np.int64), np.zeros(n, dtype=bool)
        values = self.table.column(column)
        if not (pa.types.is_integer(values.type) or pa.types.is_null(values.type)):
            raise _Unsafe(column)
        valid = np.asarray(pc.is_valid(values), dtype=bool)
        if values.null_count:
            values = values.fill_null(0)
        return np.asarray(values.cast(pa.int64()), dtype=np.int64), valid

    def codes(self, column: str) -> np.ndarray:
        if column not in self.table.column_names:
            return np.full(self.table.num_rows, -1, dtype=np.int8)
        return enum_codes(self.table.column(column), self.name, column)[0]


_EMPTY = Columns(0)


def relevant_conversations(tables: Mapping[str, _Table], subject: int) -> np.ndarray:
    """Sorted ids of the conversations that reports for `subject` (a user or team id)
    depend on: written in, created, closed or rated by the subject or its members."""
    members = np.array([subject], dtype=np.int64)
    team_ids, team_ok = tables.get("teams", _EMPTY).values("id")
    if subject in set(team_ids[team_ok].tolist()):
        links = tables.get("team_members", _EMPTY)
        team, user = links.values("team_id")[0], links.values("user_id")[0]
        members = np.concatenate([members, user[team == subject]])

    def by_members(table: _Table, column: str) -> np.ndarray:
        values, ok = table.values(column)
        return ok & np.isin(values, members)

    threads, conv = tables["threads"], tables["conversations"]
    ratings = tables.get("ratings", _EMPTY)
    wrote = by_members(threads, "created_by_id") & (
        threads.codes("created_by_type") == code("threads", "created_by_type", "user"))
    started = by_members(conv, "created_by_id") & (
        conv.codes("created_by_type") == code("conversations", "created_by_type", "user"))
    r_conv = ratings.values("conversation_id")[0]
    # A rating without user_id belongs to the author of its thread, wherever it is filed.
    r_thread, r_thread_ok = ratings.values("thread_id")
    own_thread = (r_thread_ok & ~ratings.values("user_id")[1]
                  & (lookup(r_thread, threads.values("id")[0][wrote]) >= 0))
    return distinct(np.concatenate([
        threads.values("conversation_id")[0][wrote],
        conv.values("id")[0][started | by_members(conv, "closed_by")],
        r_conv[by_members(ratings, "user_id") | own_thread],
    ]))


def _present(cols: Columns, column: str) -> np.ndarray:
    values, ok = cols.values(column)
    return values[ok]


def narrow(tables: dict[str, Columns], subject: int) -> tuple[dict[str, Columns], Focus]:
    """The normalised tables cut to the conversations that reports for `subject` depend
    on. `conversation_tags` stays whole: `filterTags` lists every tag in use."""
    keep = relevant_conversations(tables, subject)
    conv = tables["conversations"]
    tag_ids = np.concatenate([_present(tables.get("conversation_tags", _EMPTY), "tag_id"),
                              _present(tables.get("tags", _EMPTY), "id")])
    known = {"mailboxes": frozenset(distinct(conv.data["mailbox_id"]).tolist()),
             "folders": frozenset(distinct(_present(conv, "folder_id")).tolist()),
             "tags": frozenset(distinct(tag_ids).tolist())}
    out = dict(tables)
    for name in ("conversations", "threads", "ratings"):
        if name in out:
            cols = out[name]
            ids = cols.data["id" if name == "conversations" else "conversation_id"]
            out[name] = cols.take(lookup(ids, keep) >= 0)
    return out, Focus(subject, out["conversations"].n, conv.n, known)


def prefilter_threads(raw: RawData, subject: int) -> RawData:
    """Cut the raw threads table to the conversations `subject` can depend on.

    The threads table is most of an export; cutting it before it is typed and cleaned is
    what makes a focused load fast. Only safe cuts are made: ids must be integers and no
    conversation or thread id may repeat (a thread re-exported under another conversation
    must be resolved over the whole table); otherwise `raw` comes back unchanged and
    `narrow` does the work after normalisation. Every other table stays whole, so it is
    cleaned and counted as in a full load; threads whose conversation is missing are
    counted over the whole table.
    """
    views: dict[str, _RawTable] = {name: _RawTable(as_arrow(raw.tables[name]), name)
             for name in ("conversations", "threads", "ratings", "teams", "team_members",
                          "users")
             if name in raw.tables}
    try:
        th_id, th_ok = views["threads"].values("id")
        th_conv, th_conv_ok = views["threads"].values("conversation_id")
        conv_id, conv_ok = views["conversations"].values("id")
        if not (th_ok.all() and th_conv_ok.all() and conv_ok.all()):
            return raw
        if duplicated_keep_last(th_id).any() or duplicated_keep_last(conv_id).any():
            return raw
        keep = relevant_conversations(views, subject)
    except _Unsafe:
        return raw
    known = lookup(th_conv, conv_id) >= 0
    # What a full load notes about the threads, counted over all of them before the cut.
    threads = views["threads"]
    author, author_ok = threads.values("created_by_id")
    by_user = threads.codes("created_by_type") == code("threads", "created_by_type", "user")
    whole = {"unknown": unknown_counts(threads.table, "threads",
                                       raw.sources.get("threads", "threads")),
             "authors": np.unique(author[author_ok & by_user & known])}
    dropped = dict(raw.dropped)
    if not known.all():
        dropped["threads whose conversation is missing"] = int((~known).sum())
    tables = dict(raw.tables)
    tables["threads"] = views["threads"].table.filter(
        pa.array(known & (lookup(th_conv, keep) >= 0)))
    return replace(raw, tables=tables, dropped=dropped,
                   whole={**raw.whole, "threads": whole})
