"""Focus: keep only the conversations one user's or team's report can depend on.

A report for a user set U reads the events of conversations that a member of U wrote a
thread in, created, closed or was rated for; every other conversation contributes nothing
to it (SPEC §3–§4). Cutting the raw tables down to those conversations — all their rows,
so responses and resolutions see every thread — before normalisation makes a cold single
report pay for the user's conversations instead of the whole account.

The id sets that filter warnings need are taken from the full tables first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import distinct, duplicated_keep_last
from ._io import RawData
from ._normalise import as_arrow, enum_codes

__all__ = ["Focus", "narrow"]


@dataclass(frozen=True)
class Focus:
    """What a focused load kept: for which id, and the ids filters can name."""

    subject: int
    members: frozenset[int]
    conversations: int
    total_conversations: int
    known_ids: dict[str, frozenset[int]]


def _ints(table: pa.Table, column: str) -> np.ndarray:
    """An integer column's non-null values; empty when absent or not integer."""
    if column not in table.column_names:
        return np.zeros(0, np.int64)
    values = table.column(column)
    if not pa.types.is_integer(values.type):
        return np.zeros(0, np.int64)
    return np.asarray(values.drop_null(), dtype=np.int64)


def _is_in(table: pa.Table, column: str, ids: np.ndarray) -> np.ndarray:
    if column not in table.column_names or not pa.types.is_integer(table.column(column).type):
        return np.zeros(table.num_rows, dtype=bool)
    mask = pc.is_in(table.column(column), value_set=pa.array(ids, pa.int64()))
    return np.asarray(mask.fill_null(False), dtype=bool)


def _by_user(table: pa.Table, name: str) -> np.ndarray:
    if "created_by_type" not in table.column_names:
        return np.zeros(table.num_rows, dtype=bool)
    codes, _, _ = enum_codes(table.column("created_by_type"), name, "created_by_type")
    return codes == 0  # "user" in both vocabularies


def narrow(raw: RawData, subject: int) -> tuple[RawData, Focus] | None:
    """The raw tables cut to what reports for `subject` need, or None when unsafe.

    Narrowing is skipped (None) when ids are not integers or a conversation, thread or
    rating id repeats.
    """
    tables = {name: as_arrow(t) for name, t in raw.tables.items()}
    conv, threads = tables["conversations"], tables["threads"]
    for name in ("conversations", "threads", "ratings"):
        # A record re-exported under another conversation must be resolved over the whole
        # table (the last one wins), so repeated ids make narrowing unsafe.
        if name in tables:
            ids = _ints(tables[name], "id")
            if len(ids) != tables[name].num_rows or duplicated_keep_last(ids).any():
                return None
    members = {subject}
    teams, team_members = tables.get("teams"), tables.get("team_members")
    if teams is not None and team_members is not None and subject in set(_ints(teams, "id")):
        rows = _is_in(team_members, "team_id", np.array([subject]))
        members |= set(_ints(team_members.filter(pa.array(rows)), "user_id").tolist())
    ids = np.array(sorted(members), dtype=np.int64)

    wrote = _by_user(threads, "threads") & _is_in(threads, "created_by_id", ids)
    keep_conv = [np.asarray(threads.column("conversation_id").filter(pa.array(wrote)))]
    started = _by_user(conv, "conversations") & _is_in(conv, "created_by_id", ids)
    closed = _is_in(conv, "closed_by", ids)
    keep_conv.append(np.asarray(conv.column("id").filter(pa.array(started | closed))))
    if "ratings" in tables:
        ratings = tables["ratings"]
        rated = _is_in(ratings, "user_id", ids)
        keep_conv.append(np.asarray(ratings.column("conversation_id").filter(pa.array(rated))))
    wanted = pa.array(distinct(np.concatenate(keep_conv).astype(np.int64)), pa.int64())

    known = {"mailboxes": frozenset(_ints(conv, "mailbox_id").tolist()),
             "folders": frozenset(_ints(conv, "folder_id").tolist()),
             "tags": frozenset(np.concatenate([
                 _ints(tables["conversation_tags"], "tag_id") if "conversation_tags" in tables
                 else np.zeros(0, np.int64),
                 _ints(tables["tags"], "id") if "tags" in tables else np.zeros(0, np.int64),
             ]).tolist())}

    out = dict(tables)
    out["conversations"] = conv.filter(pc.is_in(conv.column("id"), value_set=wanted))
    for name in ("threads", "conversation_tags", "ratings"):
        if name in out and "conversation_id" in out[name].column_names:
            t = out[name]
            out[name] = t.filter(pc.is_in(t.column("conversation_id"), value_set=wanted))
    if "conversation_tags" in tables:
        # filterTags lists every tag in use, also those of conversations cut away here.
        used = distinct(_ints(tables["conversation_tags"], "tag_id"))
        listed = _ints(out["tags"], "id") if "tags" in out else np.zeros(0, np.int64)
        extra = np.setdiff1d(used, listed)
        if len(extra):
            out["tags"] = _with_tags(out.get("tags"), extra)
    focus = Focus(subject, frozenset(members), out["conversations"].num_rows, conv.num_rows,
                  known)
    return RawData(tables=out, sources=raw.sources, office_hours=raw.office_hours,
                   office_hours_source=raw.office_hours_source, notices=raw.notices), focus


def _with_tags(tags: pa.Table | None, extra: np.ndarray) -> pa.Table:
    """The tags table with the tag ids `extra` added, their names null."""
    ids = [pa.array(extra, pa.int64())]
    names = [pa.nulls(len(extra), pa.string())]
    if tags is not None:
        ids.insert(0, tags.column("id").combine_chunks().cast(pa.int64()))
        names.insert(0, tags.column("name").combine_chunks().cast(pa.string())
                     if "name" in tags.column_names else pa.nulls(tags.num_rows, pa.string()))
    return pa.table({"id": pa.concat_arrays(ids), "name": pa.concat_arrays(names)})
