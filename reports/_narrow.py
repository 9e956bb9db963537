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

from ._arrays import distinct, lookup
from ._normalise import Columns, code

__all__ = ["Focus", "narrow"]

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
