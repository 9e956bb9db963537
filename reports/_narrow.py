"""Focus: keep only the conversations one user's or team's report can depend on.

A report for a user set U reads the events of conversations that a member of U wrote a
thread in, created, closed or was rated for; every other conversation contributes nothing
to it (SPEC §3–§4). Cutting the normalised tables down to those conversations — all their
rows, so responses and resolutions see every thread — before the per-conversation work
makes a cold single report pay for the user's conversations instead of the whole account.

Narrowing runs after normalisation (typed columns, duplicates resolved, orphans dropped and
counted), so a focused dataset is the full one restricted, and its load report is the full
load's. The id sets that filter warnings and `filterTags` need are taken before cutting.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import distinct, duplicated_keep_last, lookup
from ._io import RawData
from ._normalise import Columns, as_arrow, code, enum_codes

__all__ = ["Focus", "narrow", "prefilter_threads"]

_USER = code("threads", "created_by_type", "user")
_CONV_USER = code("conversations", "created_by_type", "user")


@dataclass(frozen=True)
class Focus:
    """What a focused load kept: for which id, how much, and the ids filters can name."""

    subject: int
    conversations: int
    total_conversations: int
    known_ids: dict[str, frozenset[int]]


def _present(cols: Columns, column: str) -> np.ndarray:
    values, ok = cols.values(column)
    return values[ok]


def narrow(tables: dict[str, Columns], subject: int) -> tuple[dict[str, Columns], Focus]:
    """The tables cut to the conversations that reports for `subject` depend on."""
    empty = Columns(0)
    conv, threads = tables["conversations"], tables["threads"]
    ratings, conv_tags = tables.get("ratings", empty), tables.get("conversation_tags", empty)
    members_table = tables.get("team_members", empty)

    members = np.array([subject], dtype=np.int64)
    if subject in set(_present(tables.get("teams", empty), "id").tolist()):
        team, _ = members_table.values("team_id")
        user, _ = members_table.values("user_id")
        members = np.concatenate([members, user[team == subject]])

    def by_members(cols: Columns, column: str) -> np.ndarray:
        values, ok = cols.values(column)
        return ok & np.isin(values, members)

    wrote = by_members(threads, "created_by_id") & (threads.codes("created_by_type") == _USER)
    started = (by_members(conv, "created_by_id")
               & (conv.codes("created_by_type") == _CONV_USER))
    wanted = [threads.data["conversation_id"][wrote],
              conv.data["id"][started | by_members(conv, "closed_by")],
              ratings.values("conversation_id")[0][by_members(ratings, "user_id")]]
    if "thread_id" in ratings:
        # A rating without user_id belongs to the author of its thread, wherever it is filed.
        tid, tid_ok = ratings.values("thread_id")
        _, user_ok = ratings.values("user_id")
        own = tid_ok & ~user_ok & (lookup(tid, threads.data["id"][wrote]) >= 0)
        wanted.append(ratings.data["conversation_id"][own])
    keep = distinct(np.concatenate(wanted))

    tag_ids = distinct(np.concatenate([_present(conv_tags, "tag_id"),
                                       _present(tables.get("tags", empty), "id")]))
    known = {"mailboxes": frozenset(distinct(conv.data["mailbox_id"]).tolist()),
             "folders": frozenset(distinct(_present(conv, "folder_id")).tolist()),
             "tags": frozenset(tag_ids.tolist())}

    out = dict(tables)
    out["conversations"] = conv.take(lookup(conv.data["id"], keep) >= 0)
    for name in ("threads", "conversation_tags", "ratings"):
        if name in out:
            cols = out[name]
            out[name] = cols.take(lookup(cols.data["conversation_id"], keep) >= 0)
    out["tags"] = _all_tags(tables.get("tags"), _present(conv_tags, "tag_id"))
    focus = Focus(subject, out["conversations"].n, conv.n, known)
    return out, focus


def _all_tags(tags: Columns | None, used: np.ndarray) -> Columns:
    """The tags table with every tag id in use added (name null): `filterTags` lists the
    tags of conversations cut away too."""
    listed = tags.data["id"] if tags is not None else np.zeros(0, np.int64)
    names = (tags.data["name"] if tags is not None and "name" in tags
             else np.full(len(listed), None, dtype=object))
    extra = np.setdiff1d(distinct(used), listed)
    return Columns(len(listed) + len(extra), {
        "id": np.concatenate([listed, extra]),
        "name": np.concatenate([names, np.full(len(extra), None, dtype=object)]),
    })


def _int_column(table: pa.Table | None, column: str) -> np.ndarray | None:
    """A whole integer column as int64 (nulls 0), or None when absent or not integers."""
    if table is None or column not in table.column_names:
        return None
    values = table.column(column)
    if not pa.types.is_integer(values.type):
        return None
    return np.asarray(values.fill_null(0) if values.null_count else values, dtype=np.int64)


def prefilter_threads(raw: RawData, subject: int) -> RawData:
    """Cut the raw threads table to the conversations `subject` can depend on.

    The threads table is most of an export; cutting it before it is typed and cleaned is
    what makes a focused load fast. Only safe cuts are made: ids must be integers and
    thread ids distinct (otherwise `raw` comes back unchanged, and `narrow` does the work
    after normalisation). Conversations, ratings and tags stay whole, so every other
    table is cleaned and counted as in a full load; threads whose conversation is missing
    are counted over the whole table.
    """
    tables = raw.tables
    threads = as_arrow(tables["threads"])
    conv = as_arrow(tables["conversations"])
    th_id = _int_column(threads, "id")
    th_conv = _int_column(threads, "conversation_id")
    author = _int_column(threads, "created_by_id")
    conv_id = _int_column(conv, "id")
    if th_id is None or th_conv is None or conv_id is None or author is None:
        return raw
    if duplicated_keep_last(th_id).any() or duplicated_keep_last(conv_id).any():
        return raw

    members = np.array([subject], dtype=np.int64)
    teams = tables.get("teams")
    team_ids = _int_column(as_arrow(teams), "id") if teams is not None else None
    if team_ids is not None and subject in set(team_ids.tolist()):
        links = as_arrow(tables["team_members"]) if "team_members" in tables else None
        team, user = _int_column(links, "team_id"), _int_column(links, "user_id")
        if team is None or user is None:
            return raw
        members = np.concatenate([members, user[team == subject]])

    by_user = np.zeros(threads.num_rows, dtype=bool)
    if "created_by_type" in threads.column_names:
        codes, _, _ = enum_codes(threads.column("created_by_type"), "threads",
                                 "created_by_type")
        by_user = codes == _USER
    valid = np.asarray(pc.is_valid(threads.column("created_by_id")), dtype=bool)
    wrote = by_user & valid & np.isin(author, members)
    # Conversations the members created or closed, or were rated in, come along with all
    # their threads; `narrow` finds them again after normalisation.
    wanted = [th_conv[wrote]]
    for column in ("created_by_id", "closed_by"):
        ids = _int_column(conv, column)
        if ids is None:
            return raw
        wanted.append(conv_id[np.isin(ids, members) & np.asarray(
            pc.is_valid(conv.column(column)), dtype=bool)])
    if "ratings" in tables:
        ratings = as_arrow(tables["ratings"])
        r_conv = _int_column(ratings, "conversation_id")
        r_user = _int_column(ratings, "user_id")
        r_thread = _int_column(ratings, "thread_id")
        if r_conv is None or ("user_id" in ratings.column_names and r_user is None) or (
                "thread_id" in ratings.column_names and r_thread is None):
            return raw
        mine = np.zeros(ratings.num_rows, dtype=bool)
        if r_user is not None:
            has_user = np.asarray(pc.is_valid(ratings.column("user_id")), dtype=bool)
            mine |= has_user & np.isin(r_user, members)
        if r_thread is not None:
            # A rating without user_id belongs to the author of its thread.
            mine |= lookup(r_thread, th_id[wrote]) >= 0
        wanted.append(r_conv[mine])
    keep = distinct(np.concatenate(wanted))
    known = lookup(th_conv, conv_id) >= 0
    rows = known & (lookup(th_conv, keep) >= 0)
    dropped = dict(raw.dropped)
    orphans = int((~known).sum())
    if orphans:
        dropped["threads whose conversation is missing"] = orphans
    out = dict(tables)
    out["threads"] = threads.filter(pa.array(rows))
    return RawData(tables=out, sources=raw.sources, office_hours=raw.office_hours,
                   office_hours_source=raw.office_hours_source, notices=raw.notices,
                   ignored=raw.ignored, problems=raw.problems, format=raw.format,
                   dropped=dropped)
