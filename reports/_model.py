"""The normalised tables as int-coded numpy arrays, the form every later step works on.

Conversations are sorted by id and referred to by position (their *code*); threads are
sorted once by (conversation, created_at, id); users, teams and customers get dense codes
so that aggregation is `bincount` over small integers. `-1` means "none" in code arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._arrays import distinct, lookup
from ._normalise import Columns
from ._vocab import ENUMS, code

__all__ = ["CLOSED", "STATUS_CLOSED", "CustomerBook", "Model", "build_model", "records"]

CLOSED = code("conversations", "status", "closed")
STATUS_CLOSED = code("threads", "status", "closed")
_STATUS_NOCHANGE = code("threads", "status", "nochange")
_STATUS_OTHER = len(ENUMS[("threads", "status")])  # a status value outside the vocabulary


def _ids(*arrays: np.ndarray) -> np.ndarray:
    """Sorted distinct ids of several arrays."""
    parts = [a for a in arrays if len(a)]
    return distinct(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


class CustomerBook:
    """Customers' names and emails by id: sorted ids with the name a report prints ("first
    last", else the email) and the email, None where unknown."""

    def __init__(self, ids: np.ndarray, names: Any, emails: Any) -> None:
        order = np.argsort(ids, kind="stable")
        self.ids = np.asarray(ids, dtype=np.int64)[order]
        self.names = _with_none(np.asarray(names, dtype=object)[order])
        self.emails = _with_none(np.asarray(emails, dtype=object)[order])

    @classmethod
    def of(cls, cols: Columns) -> CustomerBook:
        """From the normalised customers table (empty when there is none)."""
        if "id" not in cols.data:
            return cls(np.zeros(0, np.int64), np.zeros(0, object), np.zeros(0, object))
        none = np.full(cols.n, None, dtype=object)
        names, emails = customer_names(*(cols.data.get(c, none)
                                         for c in ("first_name", "last_name", "email")))
        return cls(cols.data["id"], names, emails)

    def lookup(self, ids: np.ndarray) -> tuple[list[str | None], list[str | None]]:
        """(names, emails) of the given customer ids; None for unknown ids."""
        ids = np.asarray(ids, dtype=np.int64)
        if not len(self.ids):
            return [None] * len(ids), [None] * len(ids)
        pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        pos = np.where(self.ids[pos] == ids, pos, len(self.ids))
        return self.names[pos].tolist(), self.emails[pos].tolist()


def _with_none(text: np.ndarray) -> np.ndarray:
    """`text` and one more None: the answer for an unknown id."""
    out = np.empty(len(text) + 1, dtype=object)
    out[:-1] = text
    return out


def customer_names(first: Any, last: Any,
                   email: Any) -> tuple[list[str | None], list[str | None]]:
    """Customers' names as reports print them — "first last", else the email — and their
    emails, None where blank; the one rule for every backend (values: Arrow arrays, or
    sequences of text and None).

    >>> customer_names([" Ann", None, None], ["Lee ", None, ""], ["a@x", "b@x", None])
    (['Ann Lee', 'b@x', None], ['a@x', 'b@x', None])
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    def text(values: Any) -> Any:
        if not isinstance(values, (pa.Array, pa.ChunkedArray)):
            values = pa.array(values, type=pa.string(), from_pandas=True)
        return pc.utf8_trim_whitespace(pc.fill_null(values.cast(pa.string()), ""))

    full = pc.utf8_trim_whitespace(pc.binary_join_element_wise(text(first), text(last), " "))
    mail = text(email)
    name = pc.if_else(pc.equal(full, ""), mail, full)
    none = pa.scalar(None, pa.string())
    return (pc.if_else(pc.equal(name, ""), none, name).to_pylist(),
            pc.if_else(pc.equal(mail, ""), none, mail).to_pylist())


@dataclass(eq=False)
class Model:
    """Int-coded arrays of one dataset. Field prefixes: conv_, th_ (threads), rt_ (ratings)."""

    conv_id: np.ndarray
    conv_type: np.ndarray
    conv_status: np.ndarray
    conv_base_eligible: np.ndarray  # not spam, not deleted, not draft (docs/metrics.md › Events)
    conv_mailbox: np.ndarray
    conv_folder: np.ndarray
    conv_has_folder: np.ndarray
    conv_created_at: np.ndarray
    conv_creator: np.ndarray  # user code when created_by_type = user, else -1
    conv_customer: np.ndarray  # customer code or -1
    conv_closed_at: np.ndarray
    conv_has_closed_at: np.ndarray
    conv_closed_by: np.ndarray  # user code, -1 for null or 0
    # descriptive, for the report family's rows (docs/family.md)
    conv_number: np.ndarray  # -1 when unknown
    conv_assignee: np.ndarray  # user id, 0 when none
    conv_attachments: np.ndarray  # int8: 1 true, 0 false, -1 unknown
    conv_modified_at: np.ndarray  # modified_at, else the latest activity
    conv_thread_count: np.ndarray  # visible threads other than line items
    conv_subject: np.ndarray  # object arrays, None when unknown
    conv_preview: np.ndarray
    th_conv: np.ndarray
    th_time: np.ndarray
    th_type: np.ndarray
    th_visible: np.ndarray
    th_status: np.ndarray  # thread status code; -1 for null / nochange (no status set)
    th_user: np.ndarray  # author's user code when created_by_type = user, else -1
    th_by_user: np.ndarray  # created_by_type = user (the author id may still be unknown)
    th_by_customer: np.ndarray
    th_handle: np.ndarray  # handle_seconds in microseconds
    th_has_handle: np.ndarray
    tag_conv: np.ndarray  # distinct (conversation, tag) pairs, sorted by conversation
    tag_id: np.ndarray
    tagged_id: np.ndarray  # the same pairs sorted by tag: which conversations have a tag
    tagged_conv: np.ndarray
    rt_conv: np.ndarray
    rt_time: np.ndarray
    rt_user: np.ndarray
    rt_value: np.ndarray  # 0 great, 1 okay, 2 not_good
    rt_id: np.ndarray
    rt_thread: np.ndarray  # thread id, -1 when none
    rt_thread_time: np.ndarray  # created_at of that thread, -1 when unknown
    rt_customer: np.ndarray  # customer id, -1 when none
    rt_comments: np.ndarray  # object array, None when none
    user_ids: np.ndarray  # sorted; a user's code is its position
    user_known: np.ndarray  # in the users table or the author of a user thread
    team_ids: np.ndarray  # sorted; a team's code is its position
    member_team: np.ndarray  # team code per membership, sorted by (user, team)
    member_user: np.ndarray
    n_customers: int
    customer_ids: np.ndarray  # sorted; conv_customer codes are positions here
    # descriptive tables: id → {column: value} (None for null)
    users: dict[int, dict[str, Any]]
    teams: dict[int, dict[str, Any]]
    mailboxes: dict[int, dict[str, Any]]
    folders: dict[int, dict[str, Any]]
    customers: CustomerBook
    tags: dict[int, dict[str, Any]]  # every tag of the tags table or in use: name, color

    @property
    def n_conversations(self) -> int:
        return len(self.conv_id)

    @property
    def n_users(self) -> int:
        return len(self.user_ids)


def build_model(tables: dict[str, Columns]) -> Model:
    """Code and sort the normalised tables."""
    conv = tables["conversations"]
    if not _increasing(conv.data["id"]):
        conv = conv.take(np.argsort(conv.data["id"], kind="stable"))
    threads = tables["threads"]
    empty = Columns(0)
    users, teams = tables.get("users", empty), tables.get("teams", empty)
    members, ratings = tables.get("team_members", empty), tables.get("ratings", empty)
    conv_tags = tables.get("conversation_tags", empty)

    conv_id = conv.data["id"]
    creator, creator_present = conv.values("created_by_id")
    creator_present = creator_present & (
        conv.codes("created_by_type") == code("conversations", "created_by_type", "user"))
    closed_by, closed_by_present = conv.values("closed_by")
    closed_by_present = closed_by_present & (closed_by != 0)

    th_author, th_author_present = threads.values("created_by_id")
    th_by_user = threads.codes("created_by_type") == code("threads", "created_by_type", "user")
    th_author_present = th_author_present & th_by_user

    # Rated replies without a user_id belong to the author of the rated thread.
    rt_user_raw, rt_user_present = ratings.values("user_id")
    rt_thread, rt_has_thread = ratings.values("thread_id")
    rt_thread_time = np.full(ratings.n, -1, dtype=np.int64)
    if ratings.n and threads.n:
        pos = lookup(rt_thread, threads.data["id"], rt_has_thread)
        src = np.maximum(pos, 0)
        fill = ~rt_user_present & (pos >= 0) & th_author_present[src]
        rt_user_raw = np.where(fill, th_author[src], rt_user_raw)
        rt_user_present = rt_user_present | fill
        rt_thread_time = np.where(pos >= 0, threads.data["created_at"][src], -1)

    member_user_raw, _ = members.values("user_id")
    member_team_raw, _ = members.values("team_id")
    user_table_ids, _ = users.values("id")
    authors = th_author[th_author_present]
    user_ids = _ids(user_table_ids, authors, creator[creator_present],
                    closed_by[closed_by_present], rt_user_raw[rt_user_present],
                    member_user_raw)
    user_known = np.isin(user_ids, _ids(user_table_ids, authors))

    customer_raw, customer_present = conv.values("customer_id")
    customers = _ids(customer_raw[customer_present])

    th_conv = lookup(threads.data["conversation_id"], conv_id)
    th_time = threads.data["created_at"]
    order = _sort_order(th_conv, th_time, threads.data["id"])

    def sort(values: np.ndarray) -> np.ndarray:
        return values if order is None else values[order]

    state, has_state = threads.values("state", np.int8)
    th_visible = ~has_state | (state == code("threads", "state", "published"))
    handle, has_handle = threads.values("handle_seconds")

    team_ids = np.sort(teams.values("id")[0])
    m_team = lookup(member_team_raw, team_ids)
    m_user = lookup(member_user_raw, user_ids)
    keep = m_team >= 0
    pairs = (np.unique(np.stack([m_user[keep], m_team[keep]], axis=1).astype(np.int64), axis=0)
             if keep.any() else np.zeros((0, 2), np.int64))

    status = conv.codes("status")
    conv_state = conv.codes("state")
    base = ((status != code("conversations", "status", "spam"))
            & (conv_state != code("conversations", "state", "draft"))
            & (conv_state != code("conversations", "state", "deleted")))
    folder, has_folder = conv.values("folder_id")
    closed_at, has_closed_at = conv.values("closed_at")

    tag_conv, tag_id, tagged_id, tagged_conv = tag_pairs(
        lookup(conv_tags.values("conversation_id")[0], conv_id), conv_tags.values("tag_id")[0])
    number, has_number = conv.values("number")
    assignee, has_assignee = conv.values("assignee_id")
    attachments, has_attachments = conv.values("has_attachments", bool)
    rt_customer, rt_has_customer = ratings.values("customer_id")
    rt_conv = lookup(ratings.values("conversation_id")[0], conv_id)
    # An unrecognised status still sets a status (one that is not "closed").
    t_status, has_status = threads.values("status", np.int8)
    t_status = np.where(~has_status | (t_status == _STATUS_NOCHANGE), -1,
                        np.where(t_status < 0, _STATUS_OTHER, t_status)).astype(np.int8)

    return Model(
        conv_id=conv_id,
        conv_type=conv.codes("type"),
        conv_status=status,
        conv_base_eligible=base,
        conv_mailbox=conv.data["mailbox_id"],
        conv_folder=folder,
        conv_has_folder=has_folder,
        conv_created_at=conv.data["created_at"],
        conv_creator=lookup(creator, user_ids, creator_present),
        conv_customer=lookup(customer_raw, customers, customer_present),
        conv_closed_at=closed_at,
        conv_has_closed_at=has_closed_at,
        conv_closed_by=lookup(closed_by, user_ids, closed_by_present),
        conv_number=np.where(has_number, number, -1),
        conv_assignee=np.where(has_assignee, assignee, 0),
        conv_attachments=np.where(has_attachments, attachments, -1).astype(np.int8),
        conv_modified_at=_modified_at(conv, th_conv, th_time),
        conv_thread_count=np.bincount(
            th_conv[th_visible & (threads.codes("type") != code("threads", "type", "lineitem"))
                    & (th_conv >= 0)], minlength=conv.n),
        conv_subject=_text(conv, "subject"),
        conv_preview=_text(conv, "preview"),
        th_conv=sort(th_conv),
        th_time=sort(th_time),
        th_type=sort(threads.codes("type")),
        th_visible=sort(th_visible),
        th_status=sort(t_status),
        th_user=sort(lookup(th_author, user_ids, th_author_present)),
        th_by_user=sort(th_by_user),
        th_by_customer=sort(threads.codes("created_by_type")
                            == code("threads", "created_by_type", "customer")),
        th_handle=sort(handle),
        th_has_handle=sort(has_handle),
        tag_conv=tag_conv,
        tag_id=tag_id,
        tagged_id=tagged_id,
        tagged_conv=tagged_conv,
        rt_conv=rt_conv,
        rt_time=ratings.values("created_at")[0],
        rt_user=lookup(rt_user_raw, user_ids, rt_user_present),
        rt_value=ratings.codes("rating"),
        rt_id=ratings.values("id")[0],
        rt_thread=np.where(rt_has_thread, rt_thread, -1),
        rt_thread_time=rt_thread_time,
        rt_customer=np.where(rt_has_customer, rt_customer, -1),
        rt_comments=_text(ratings, "comments"),
        user_ids=user_ids,
        user_known=user_known,
        team_ids=team_ids,
        member_team=pairs[:, 1].astype(np.int32),
        member_user=pairs[:, 0].astype(np.int32),
        n_customers=len(customers),
        customer_ids=customers,
        users=records(users),
        teams=records(teams),
        mailboxes=records(tables.get("mailboxes", empty)),
        folders=records(tables.get("folders", empty)),
        customers=CustomerBook.of(tables.get("customers", empty)),
        tags=_tags(tables, conv_tags.values("tag_id")[0]),
    )


def _text(cols: Columns, name: str) -> np.ndarray:
    """A text column as an object array (None where null or absent)."""
    if name in cols.data:
        return cols.data[name]
    return np.full(cols.n, None, dtype=object)


def _modified_at(conv: Columns, th_conv: np.ndarray, th_time: np.ndarray) -> np.ndarray:
    """modified_at, else the latest of created_at, closed_at and every thread's created_at
    (whatever its state)."""
    modified, has_modified = conv.values("modified_at")
    closed, has_closed = conv.values("closed_at")
    latest = np.where(has_closed, np.maximum(conv.data["created_at"], closed),
                      conv.data["created_at"])
    known = th_conv >= 0
    np.maximum.at(latest, th_conv[known], th_time[known])
    return np.where(has_modified, modified, latest)


def _increasing(ids: np.ndarray) -> bool:
    return len(ids) < 2 or bool(np.all(ids[1:] > ids[:-1]))


def tag_pairs(conv: np.ndarray, tag: np.ndarray) -> tuple[np.ndarray, ...]:
    """Distinct (conversation code, tag id) pairs, twice: sorted by conversation, and
    sorted by tag. Pairs of a missing conversation (code -1) are left out."""
    ok = conv >= 0
    conv, tag = conv[ok].astype(np.int64), tag[ok].astype(np.int64)
    if not len(conv):
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, empty
    lo, span = int(tag.min()), int(tag.max() - tag.min()) + 1
    keys = distinct(conv * span + (tag - lo))
    by_conv_conv, by_conv_tag = keys // span, keys % span + lo
    order = np.lexsort((by_conv_conv, by_conv_tag))
    return by_conv_conv, by_conv_tag, by_conv_tag[order], by_conv_conv[order]


def records(cols: Columns) -> dict[int, dict[str, Any]]:
    """A small descriptive table as id → {column: value}, None for null."""
    if "id" not in cols.data:
        return {}
    names = [c for c in cols.data if c != "id"]
    columns = []
    for name in names:
        values = cols.data[name]
        ok = cols.valid.get(name)
        if values.dtype == object:
            columns.append(values.tolist())
        else:
            plain = values.tolist()
            columns.append(plain if ok is None else
                           [v if k else None for v, k in zip(plain, ok.tolist(), strict=True)])
    return {int(i): dict(zip(names, row, strict=True))
            for i, *row in zip(cols.data["id"].tolist(), *columns, strict=True)}


def _sort_order(conv: np.ndarray, time: np.ndarray, ident: np.ndarray) -> np.ndarray | None:
    """Order by (conv, time, id); None when the input is sorted already (exports often are)."""
    if len(conv) < 2:
        return None
    dc = np.diff(conv)
    if not (dc >= 0).all():
        return np.lexsort((ident, time, conv))
    same = dc == 0
    dt = np.diff(time)
    if not ((dt[same] > 0) | ((dt[same] == 0) & (np.diff(ident)[same] > 0))).all():
        return np.lexsort((ident, time, conv))
    return None


def _tags(tables: dict[str, Columns], used: np.ndarray) -> dict[int, dict[str, Any]]:
    """Every tag of the tags table and every tag id in use (name and colour None when the
    tags table does not know it), by id: the filterTags list."""
    known = records(tables["tags"]) if "tags" in tables else {}
    out = {i: {"name": known.get(i, {}).get("name"), "color": known.get(i, {}).get("color")}
           for i in sorted(set(known) | set(distinct(used).tolist()))}
    return out
