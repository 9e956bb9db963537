"""The normalised tables as int-coded numpy arrays, the form every later step works on.

Conversations are sorted by id and referred to by position (their *code*); threads are
sorted once by (conversation, created_at, id); users, teams and customers get dense codes
so that aggregation is `bincount` over small integers. `-1` means "none" in code arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CONV_TYPES", "THREAD_TYPES", "Model", "build_model"]

CONV_TYPES = ("email", "chat", "phone")
CONV_STATUSES = ("active", "pending", "closed", "spam")
THREAD_TYPES = ("customer", "reply", "note", "lineitem", "chat", "phone", "beaconchat",
                "forwardparent", "forwardchild")
THREAD_STATUSES = ("active", "pending", "closed", "spam")
CLOSED = CONV_STATUSES.index("closed")


def _codes(values: pd.Series, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Positions of `values` in `vocabulary`, -1 for anything else (including null)."""
    return pd.Index(vocabulary).get_indexer(values.astype(object)).astype(np.int8)


def _nullable(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(int64 values with 0 for null, present mask)."""
    present = values.notna().to_numpy(dtype=bool, copy=True)
    return values.fillna(0).to_numpy(dtype=np.int64, copy=True), present


def _lookup(keys: np.ndarray, sorted_keys: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Code of each key in `sorted_keys` (which holds every present key), -1 where absent."""
    pos = np.searchsorted(sorted_keys, keys)
    pos = np.minimum(pos, max(len(sorted_keys) - 1, 0))
    found = present & (len(sorted_keys) > 0)
    if len(sorted_keys):
        found &= sorted_keys[pos] == keys
    return np.where(found, pos, -1).astype(np.int32)


@dataclass(eq=False)
class Model:
    """Int-coded arrays of one dataset. Field prefixes: conv_, th_ (threads), rt_ (ratings)."""

    conv_id: np.ndarray
    conv_type: np.ndarray
    conv_status: np.ndarray
    conv_base_eligible: np.ndarray  # not spam, not deleted, not draft (SPEC §3)
    conv_mailbox: np.ndarray
    conv_folder: np.ndarray
    conv_has_folder: np.ndarray
    conv_created_at: np.ndarray
    conv_creator: np.ndarray  # user code when created_by_type = user, else -1
    conv_customer: np.ndarray  # customer code or -1
    conv_closed_at: np.ndarray
    conv_has_closed_at: np.ndarray
    conv_closed_by: np.ndarray  # user code, -1 for null or 0
    th_conv: np.ndarray
    th_time: np.ndarray
    th_type: np.ndarray
    th_visible: np.ndarray
    th_status: np.ndarray  # THREAD_STATUSES code, -1 for null / nochange
    th_user: np.ndarray  # author's user code when created_by_type = user, else -1
    th_by_customer: np.ndarray
    th_handle: np.ndarray
    th_has_handle: np.ndarray
    tag_conv: np.ndarray
    tag_id: np.ndarray
    rt_conv: np.ndarray
    rt_time: np.ndarray
    rt_user: np.ndarray
    rt_value: np.ndarray  # 0 great, 1 okay, 2 not_good
    user_ids: np.ndarray  # sorted; a user's code is its position
    user_known: np.ndarray  # in the users table or the author of a user thread
    team_ids: np.ndarray  # sorted; a team's code is its position
    member_team: np.ndarray  # team code per membership, sorted by (user, team)
    member_user: np.ndarray
    n_customers: int
    users: pd.DataFrame  # descriptive tables, indexed by id (may be empty)
    teams: pd.DataFrame
    tag_names: pd.DataFrame  # id, name — the filterTags list

    @property
    def n_conversations(self) -> int:
        return len(self.conv_id)

    @property
    def n_users(self) -> int:
        return len(self.user_ids)


def build_model(tables: dict[str, pd.DataFrame]) -> Model:
    """Code and sort the normalised tables."""
    conv = tables["conversations"].sort_values("id", kind="stable").reset_index(drop=True)
    threads = tables["threads"]
    users = tables.get("users", pd.DataFrame({"id": pd.Series([], dtype=np.int64)}))
    teams = tables.get("teams", pd.DataFrame({"id": pd.Series([], dtype=np.int64)}))
    members = tables.get("team_members", pd.DataFrame(
        {"team_id": pd.Series([], dtype=np.int64), "user_id": pd.Series([], dtype=np.int64)}))
    ratings = tables.get("ratings")
    conv_tags = tables.get("conversation_tags")

    conv_id = conv["id"].to_numpy(dtype=np.int64)
    conv_by_user = _column(conv, "created_by_type").eq("user").to_numpy(dtype=bool)
    creator, creator_present = _nullable(_column(conv, "created_by_id", "Int64"))
    creator_present &= conv_by_user
    closed_by, closed_by_present = _nullable(_column(conv, "closed_by", "Int64"))
    closed_by_present &= closed_by != 0

    th_by_user = _column(threads, "created_by_type").eq("user").to_numpy(dtype=bool)
    th_author, th_author_present = _nullable(_column(threads, "created_by_id", "Int64"))
    th_author_present &= th_by_user

    rt_user_raw, rt_user_present = (
        _nullable(_column(ratings, "user_id", "Int64")) if ratings is not None
        else (np.zeros(0, np.int64), np.zeros(0, bool)))
    # Rated replies without a user_id belong to the author of the rated thread.
    if ratings is not None and "thread_id" in ratings.columns and len(threads):
        th_ids = threads["id"].to_numpy(dtype=np.int64)
        order = np.argsort(th_ids, kind="stable")
        tid, tid_present = _nullable(ratings["thread_id"])
        pos = _lookup(tid, th_ids[order], tid_present)
        hit = pos >= 0
        src = order[np.where(hit, pos, 0)]
        fill = ~rt_user_present & hit & th_author_present[src]
        rt_user_raw = np.where(fill, th_author[src], rt_user_raw)
        rt_user_present = rt_user_present | fill

    member_user_raw = members["user_id"].to_numpy(dtype=np.int64)
    user_table_ids = users["id"].to_numpy(dtype=np.int64)
    user_ids = np.unique(np.concatenate([
        user_table_ids, th_author[th_author_present], creator[creator_present],
        closed_by[closed_by_present], rt_user_raw[rt_user_present], member_user_raw,
    ]))
    known_ids = np.unique(np.concatenate([user_table_ids, th_author[th_author_present]]))
    user_known = np.isin(user_ids, known_ids)

    customer_raw, customer_present = _nullable(_column(conv, "customer_id", "Int64"))
    customers = np.unique(customer_raw[customer_present])

    th_conv = _lookup(threads["conversation_id"].to_numpy(dtype=np.int64), conv_id,
                      np.ones(len(threads), bool))
    th_time = threads["created_at"].to_numpy(dtype=np.int64)
    th_id = threads["id"].to_numpy(dtype=np.int64)
    order = _sort_order(th_conv, th_time, th_id)
    th_state = _column(threads, "state")
    th_visible = (th_state.isna() | th_state.eq("published")).to_numpy(dtype=bool)
    handle, has_handle = _nullable(_column(threads, "handle_seconds", "Int64"))

    team_ids = np.sort(teams["id"].to_numpy(dtype=np.int64))
    m_team = _lookup(members["team_id"].to_numpy(dtype=np.int64), team_ids,
                     np.ones(len(members), bool))
    m_user = _lookup(member_user_raw, user_ids, np.ones(len(members), bool))
    keep = m_team >= 0
    pairs = np.unique(np.stack([m_user[keep].astype(np.int64), m_team[keep].astype(np.int64)],
                               axis=1), axis=0) if keep.any() else np.zeros((0, 2), np.int64)

    state = _column(conv, "state")
    status = _codes(conv["status"], CONV_STATUSES)
    base = (status != CONV_STATUSES.index("spam")) & ~state.isin(["deleted", "draft"]).to_numpy(
        dtype=bool)
    folder, has_folder = _nullable(_column(conv, "folder_id", "Int64"))
    closed_at, has_closed_at = _nullable(_column(conv, "closed_at", "Int64"))

    tag_conv = tag_id = np.zeros(0, np.int32)
    if conv_tags is not None:
        tag_conv = _lookup(conv_tags["conversation_id"].to_numpy(dtype=np.int64), conv_id,
                           np.ones(len(conv_tags), bool))
        tag_id = conv_tags["tag_id"].to_numpy(dtype=np.int64)

    if ratings is not None:
        rt_conv = _lookup(ratings["conversation_id"].to_numpy(dtype=np.int64), conv_id,
                          np.ones(len(ratings), bool))
        rt_time = ratings["created_at"].to_numpy(dtype=np.int64)
        rt_user = _lookup(rt_user_raw, user_ids, rt_user_present)
        rt_value = ratings["rating"].to_numpy(dtype=np.int8)
    else:
        rt_conv = rt_user = np.zeros(0, np.int32)
        rt_time = np.zeros(0, np.int64)
        rt_value = np.zeros(0, np.int8)

    return Model(
        conv_id=conv_id,
        conv_type=_codes(conv["type"], CONV_TYPES),
        conv_status=status,
        conv_base_eligible=base,
        conv_mailbox=conv["mailbox_id"].to_numpy(dtype=np.int64),
        conv_folder=folder,
        conv_has_folder=has_folder,
        conv_created_at=conv["created_at"].to_numpy(dtype=np.int64),
        conv_creator=_lookup(creator, user_ids, creator_present),
        conv_customer=_lookup(customer_raw, customers, customer_present),
        conv_closed_at=closed_at,
        conv_has_closed_at=has_closed_at,
        conv_closed_by=_lookup(closed_by, user_ids, closed_by_present),
        th_conv=th_conv[order],
        th_time=th_time[order],
        th_type=_codes(threads["type"], THREAD_TYPES)[order],
        th_visible=th_visible[order],
        th_status=_codes(_column(threads, "status"), THREAD_STATUSES)[order],
        th_user=_lookup(th_author, user_ids, th_author_present)[order],
        th_by_customer=_column(threads, "created_by_type").eq("customer").to_numpy(
            dtype=bool)[order],
        th_handle=handle[order],
        th_has_handle=has_handle[order],
        tag_conv=tag_conv,
        tag_id=tag_id,
        rt_conv=rt_conv,
        rt_time=rt_time,
        rt_user=rt_user,
        rt_value=rt_value,
        user_ids=user_ids,
        user_known=user_known,
        team_ids=team_ids,
        member_team=pairs[:, 1].astype(np.int32),
        member_user=pairs[:, 0].astype(np.int32),
        n_customers=len(customers),
        users=users.set_index("id"),
        teams=teams.set_index("id"),
        tag_names=_tag_names(tables, tag_id),
    )


def _column(frame: pd.DataFrame | None, name: str, dtype: str = "object") -> pd.Series:
    """A column, or an all-null one when the table lacks it."""
    if frame is None:
        return pd.Series([], dtype=dtype)
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame) if dtype == "object" else pd.NA, index=frame.index,
                     dtype=dtype)


def _sort_order(conv: np.ndarray, time: np.ndarray, ident: np.ndarray) -> np.ndarray:
    """Order by (conv, time, id); the identity when the input is sorted already."""
    if len(conv) > 1:
        dc, dt, di = np.diff(conv), np.diff(time), np.diff(ident)
        if np.all((dc > 0) | ((dc == 0) & ((dt > 0) | ((dt == 0) & (di > 0))))):
            return np.arange(len(conv))
    return np.lexsort((ident, time, conv))


def _tag_names(tables: dict[str, pd.DataFrame], used: np.ndarray) -> pd.DataFrame:
    if "tags" in tables:
        frame = tables["tags"][["id"]].copy()
        frame["name"] = tables["tags"].get("name", None)
    else:
        frame = pd.DataFrame({"id": np.unique(used), "name": None})
    return frame.sort_values("id", kind="stable").reset_index(drop=True)
