"""Realistic synthetic canonical datasets (docs/data.md › Tables) for tests, demos and benchmarks.

`generate(out, conversations=N, seed=S)` writes every canonical table plus
``office_hours.json`` into ``out``. The data are deterministic for a seed and built with
vectorised numpy only: the one Python loop that walks the conversations' threads goes over
*positions* (the k-th message of every conversation at once), never over conversations.

Shape of the data:

- ~300 users per million conversations (plus a few departed users who authored threads
  but are absent from the users table), ~20 overlapping teams, 10 mailboxes with 8 folders
  each, 50 tags and 0-3 tags per conversation;
- conversations created over 2024-01-01 .. 2025-12-31 with a growth trend, weekday and
  hour-of-day seasonality, holidays and bursty days; ~80 % email, chat and phone;
  a few % spam, drafts and deleted conversations; ~12 % created by a user;
- threads: customer messages and user replies alternating with occasional follow-ups,
  log-normal waits (user replies mostly pushed into agents' working hours), notes and
  line items, status changes (``closed`` on closing replies, ``active`` when a customer
  writes back to a closed conversation, ``pending`` sometimes, null or ``nochange``
  otherwise), workflow closes (``closed_by`` 0 or null), drafts and hidden threads,
  ``message``-spelled replies, chat/beaconchat/phone threads, forwards, ``handle_seconds``
  on most user replies;
- ratings on ~5 % of user replies, after the reply.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ._schema import TABLES

__all__ = ["generate"]

START = 1704067200  # 2024-01-01T00:00:00Z
END = 1767225599  # 2025-12-31T23:59:59Z
DAY = 86400
N_DAYS = (END + 1 - START) // DAY  # 731
TIME_BITS = (END - START).bit_length()  # instants are stored as offsets from START
HOLIDAYS = ("2024-01-01", "2024-07-04", "2024-11-28", "2024-12-25",
            "2025-01-01", "2025-07-04", "2025-11-27", "2025-12-25")
HOLIDAY_DAYS = np.array(HOLIDAYS, dtype="datetime64[D]").astype(np.int64)
WORK_OPEN, WORK_CLOSE = 13 * 3600, 22 * 3600  # agents' working hours, UTC (~9-17 New York)
MAX_WAIT = 60 * DAY
CHUNK = 1 << 20  # rows per Parquet row group / CSV batch for threads

# id ranges (disjoint, so that an id never means two things by accident)
USER_BASE, TEAM_BASE = 1_000_000, 9_000_000
MAILBOX_BASE, FOLDER_BASE, TAG_BASE = 40_001, 50_000, 60_001
CUSTOMER_BASE, RATING_BASE = 500_000_000, 80_000_000
CONV_BASE, THREAD_BASE = 1_000_000_000, 4_000_000_000

# enum labels; the generator works with int8 codes into these tuples (-1 = null)
CONV_TYPES = ("email", "chat", "phone")
EMAIL, CHAT, PHONE = 0, 1, 2
STATUSES = ("active", "pending", "closed", "spam", "nochange")
ACTIVE, PENDING, CLOSED, SPAM, NOCHANGE = 0, 1, 2, 3, 4
CONV_STATES = ("published", "draft", "deleted")
THREAD_TYPES = ("customer", "reply", "message", "note", "lineitem", "chat", "phone",
                "beaconchat", "forwardparent", "forwardchild")
(T_CUSTOMER, T_REPLY, T_MESSAGE, T_NOTE, T_LINEITEM, T_CHAT, T_PHONE, T_BEACON,
 T_FWD_PARENT, T_FWD_CHILD) = range(10)
THREAD_STATES = ("published", "draft", "hidden", "review", "underreview")
S_PUBLISHED, S_DRAFT, S_HIDDEN, S_REVIEW, S_UNDERREVIEW = range(5)
BY_TYPES = ("user", "customer", "other")
BY_USER, BY_CUSTOMER, BY_OTHER = 0, 1, 2
ACTION_TYPES = ("default", "moved-from-mailbox", "merged", "workflow-manual",
                "workflow-auto", "changed-ticket-customer", "original-creator")
A_WORKFLOW_AUTO = 4
RATINGS = ("great", "okay", "not_good")
# conversation kinds
K_NORMAL, K_SPAM, K_DRAFT, K_DELETED = 0, 1, 2, 3

MAILBOX_NAMES = ("Support", "Billing", "Sales", "Partners", "VIP", "Returns", "Onboarding",
                 "Enterprise", "Security", "Feedback")
MAILBOX_P = np.array([0.35, 0.18, 0.12, 0.09, 0.07, 0.06, 0.05, 0.04, 0.02, 0.02])
FOLDER_NAMES = ("Unassigned", "Mine", "Needs Attention", "Drafts", "Assigned", "Closed",
                "Spam", "Escalations")
F_UNASSIGNED, F_DRAFTS, F_ASSIGNED, F_CLOSED, F_SPAM, F_ESCALATIONS = 0, 3, 4, 5, 6, 7
TAG_NAMES = (
    "billing", "bug", "feature-request", "refund", "login", "password-reset", "invoice",
    "upgrade", "downgrade", "cancellation", "shipping", "returns", "api", "integration",
    "webhooks", "mobile", "ios", "android", "performance", "outage", "security", "gdpr",
    "onboarding", "training", "vip", "enterprise", "trial", "pricing", "discount", "tax",
    "export", "import", "reporting", "permissions", "sso", "2fa", "email-delivery",
    "spam-filter", "chat", "phone", "feedback", "praise", "complaint", "escalated",
    "urgent", "follow-up", "duplicate", "how-to", "documentation", "other",
)
FIRST_NAMES = (
    "Ava", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Hugo", "Isla", "Jack",
    "Kira", "Liam", "Maya", "Noah", "Olivia", "Pablo", "Quinn", "Rosa", "Sam", "Tara",
    "Umar", "Vera", "Will", "Xena", "Yusuf", "Zoe", "Aiko", "Bruno", "Carmen", "Dmitri",
    "Elena", "Farah", "Goran", "Hana", "Ivan", "Jana", "Kofi", "Lena", "Mateo", "Nina",
)
LAST_NAMES = (
    "Smith", "Johnson", "Garcia", "Müller", "Rossi", "Kowalski", "Nguyen", "Kim", "Silva",
    "Dubois", "O'Brien", "Jensen", "Novak", "Tanaka", "Okafor", "Haddad", "Larsen", "Costa",
    "Ivanova", "Fischer", "Moreau", "Yilmaz", "Patel", "Singh", "Cohen", "Walsh", "Berg",
    "Lopez", "Martin", "Brown",
)
SUBJECTS = (
    "Can't log in", "Refund for my last order", "Invoice is wrong", "How do I export my data?",
    "Password reset link expired", "Upgrade to the annual plan", "Feature request: dark mode",
    "Bug: page keeps loading", "Cancel my subscription", "Shipping address change",
    "Where is my order?", "Two-factor codes not arriving", "Add a teammate",
    "API rate limit question", "Card was declined", "Discount code not working",
    "Integration with Slack", "Delete my account", "Question about pricing", "Thank you!",
)
PREVIEWS = (
    "Hi there, I've been trying since this morning and", "Hello, could you please look into",
    "Thanks for the quick answer yesterday, one more thing", "I was charged twice for",
    "We're evaluating your product for our team and", "Following up on my previous email",
    "Is there a way to", "Your app shows an error when I", "Hi! Quick question about",
    "I can't find the setting that",
)
COMMENTS = (
    "Thanks, that fixed it!", "Quick and friendly.", "Took too long to get an answer.",
    "Great support as always", "Still not solved.", "Very helpful, thank you",
    "The answer didn't address my question.", "Nice work!",
)
TAG_COLORS = ("red", "blue", "green", "orange", "purple", "grey", "yellow", "none")
TEAM_NAMES = ("Tier 1", "Tier 2", "Billing Squad", "Sales Desk", "Night Shift", "EMEA",
              "APAC", "Americas", "Escalations", "VIP Care", "Onboarding", "Returns Crew",
              "Security Desk", "Partners", "Chat Team", "Phone Team", "Weekend Crew",
              "Enterprise", "Trainees", "Leads")

# customer -> user alternation probability, indexed [conversation type, previous is user]
ALT_P = np.array([[0.93, 0.85], [0.70, 0.70], [0.93, 0.85]])
# log-normal waits (seconds) between consecutive messages, indexed
# type * 4 + previous_is_user * 2 + this_is_user
_W = {  # (median seconds, sigma)
    (EMAIL, 0, 0): (3 * 3600, 1.4), (EMAIL, 0, 1): (2.5 * 3600, 1.3),
    (EMAIL, 1, 0): (6 * 3600, 1.5), (EMAIL, 1, 1): (20 * 60, 1.2),
    (CHAT, 0, 0): (40, 0.9), (CHAT, 0, 1): (45, 0.9),
    (CHAT, 1, 0): (60, 1.0), (CHAT, 1, 1): (30, 0.8),
    (PHONE, 0, 0): (5 * 3600, 1.4), (PHONE, 0, 1): (3 * 3600, 1.3),
    (PHONE, 1, 0): (8 * 3600, 1.5), (PHONE, 1, 1): (30 * 60, 1.2),
}
WAIT_MU = np.array([np.log(_W[ty, p, u][0]) for ty in range(3) for p in (0, 1) for u in (0, 1)])
WAIT_SIGMA = np.array([_W[ty, p, u][1] for ty in range(3) for p in (0, 1) for u in (0, 1)])
SNAP_P = np.array([0.8, 0.0, 0.8])  # share of user replies pushed into working hours
HANDLE_MU = np.log(np.array([150.0, 30.0, 240.0]))  # median handle time per conversation type

DAY_OF_WEEK = np.array([1.15, 1.10, 1.05, 1.0, 0.9, 0.35, 0.3])  # Monday first
HOUR_P = np.array([0.9, 0.7, 0.5, 0.4, 0.35, 0.35, 0.4, 0.6, 0.9, 1.2, 1.4, 1.6, 1.8, 2.0,
                   2.3, 2.5, 2.5, 2.4, 2.2, 2.0, 1.8, 1.6, 1.3, 1.1])

OFFICE_HOURS = {
    "enabled": True,
    "timezone": "America/New_York",
    "schedule": {
        "monday": [["09:00", "17:00"]],
        "tuesday": [["09:00", "12:00"], ["13:00", "17:00"]],
        "wednesday": [["09:00", "17:00"], ["20:00", "24:00"]],
        "thursday": [["08:30", "17:30"]],
        "friday": [["09:00", "17:00"], ["22:00", "06:00"]],
    },
    "holidays": ["2024-12-25", "2025-01-01", "2025-07-04", "2025-11-27", "2025-12-25"],
}

Progress = Callable[[str], None]


def generate(out: str | os.PathLike[str], *, conversations: int, seed: int = 0,
             fmt: str = "parquet", progress: Progress | None = None) -> dict[str, int]:
    """Write a realistic synthetic canonical dataset (docs/data.md › Tables) into `out`; return
    rows per table.

    `fmt` is ``"parquet"`` (typed columns: int64 ids, UTC second timestamps, strings) or
    ``"csv"`` (ISO 8601 ``Z`` timestamps, empty cells for null; meant for small sizes).
    The result is a function of (`conversations`, `seed`) only. `progress`, if given,
    receives one short message per table written.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"fmt must be 'parquet' or 'csv', not {fmt!r}")
    n = int(conversations)
    if n < 1:
        raise ValueError(f"conversations must be at least 1, not {conversations!r}")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = _Writer(out_dir, fmt, progress)
    rng_people, rng_conv, rng_msg, rng_thread, rng_tags, rng_rate, rng_out, rng_more = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(8))

    people = _people(rng_people, n, writer)
    conv = _conversations(rng_conv, n, people)
    threads = _threads(rng_msg, rng_thread, conv, people)
    _write_conversations(rng_out, rng_more, writer, conv, people, threads)
    _write_threads(writer, threads, conv)
    _ratings(rng_rate, rng_more, writer, threads, conv, people)
    _customers(rng_more, writer, conv)
    del threads
    _conversation_tags(rng_tags, writer, conv)
    with open(out_dir / "office_hours.json", "w", encoding="utf-8") as fh:
        json.dump(OFFICE_HOURS, fh, indent=2)
        fh.write("\n")
    return writer.counts


# --------------------------------------------------------------------------- output


# ndarray (<0 = null), list of str|None, (codes, labels), or an Arrow array as is
Column: TypeAlias = "np.ndarray | list[Any] | tuple[Any, ...] | pa.Array | pa.ChunkedArray"


class _Writer:
    def __init__(self, out_dir: Path, fmt: str, progress: Progress | None) -> None:
        self.out_dir, self.fmt, self.progress = out_dir, fmt, progress
        self.counts: dict[str, int] = {}

    def schema(self, name: str) -> pa.Schema:
        kinds = {"id": pa.int64(), "seconds": pa.float64(), "time": pa.timestamp("s", tz="UTC"),
                 "enum": pa.string(), "text": pa.string(), "flag": pa.bool_()}
        return pa.schema([(c.name, kinds[c.kind]) for c in TABLES[name].columns])

    def batch(self, name: str, cols: dict[str, Column], lo: int = 0,
              hi: int | None = None) -> pa.Table:
        schema = self.schema(name)
        if list(cols) != schema.names:
            raise AssertionError(f"{name}: columns {list(cols)} != {schema.names}")
        arrays = []
        for field in schema:
            v = cols[field.name]
            if isinstance(v, (pa.Array, pa.ChunkedArray)):
                arr = v.slice(lo, (len(v) if hi is None else hi) - lo)
                if isinstance(arr, pa.ChunkedArray):
                    arr = arr.combine_chunks()
            elif isinstance(v, tuple):
                codes = v[0][lo:hi]
                arr = pa.array(v[1], pa.string()).take(pa.array(codes, mask=codes < 0))
                if pa.types.is_boolean(field.type):
                    arr = arr.cast(pa.bool_())
            elif isinstance(v, list):
                arr = pa.array(v[lo:hi], pa.string())
            else:
                vals = v[lo:hi]
                null = vals < 0
                arr = pa.array(vals, type=pa.int64(), mask=null if null.any() else None)
                if pa.types.is_timestamp(field.type):
                    arr = arr.cast(field.type)
                elif pa.types.is_floating(field.type):  # hundredths of a second
                    arr = pc.divide(arr.cast(pa.float64()), 100.0)
            if self.fmt == "csv" and pa.types.is_timestamp(field.type):
                arr = pc.strftime(arr, format="%Y-%m-%dT%H:%M:%SZ")
            arrays.append(arr)
        if self.fmt == "csv":
            schema = pa.schema([pa.field(f.name, a.type) for f, a in zip(schema, arrays,
                                                                         strict=True)])
        return pa.Table.from_arrays(arrays, schema=schema)

    def write(self, name: str, cols: dict[str, Column], rows: int) -> None:
        path = self.out_dir / f"{name}.{self.fmt}"
        stale = path.with_suffix(".csv" if self.fmt == "parquet" else ".parquet")
        stale.unlink(missing_ok=True)  # one file per table: no leftover of the other format
        first = self.batch(name, cols, 0, min(rows, CHUNK))
        if self.fmt == "parquet":
            strings = [f.name for f in first.schema if pa.types.is_string(f.type)]
            others = [f.name for f in first.schema if not pa.types.is_string(f.type)]
            w: pq.ParquetWriter | pacsv.CSVWriter = pq.ParquetWriter(
                path, first.schema, compression="zstd", use_dictionary=strings,
                write_statistics=others)
        else:
            w = pacsv.CSVWriter(path, first.schema)
        with w:
            w.write_table(first)
            for lo in range(CHUNK, rows, CHUNK):
                w.write_table(self.batch(name, cols, lo, min(rows, lo + CHUNK)))
        self.counts[name] = rows
        if self.progress is not None:
            self.progress(f"{name}: {rows:,} rows")


# --------------------------------------------------------------------------- helpers


def _quota(rng: np.random.Generator, n: int, probs: list[float]) -> np.ndarray:
    """Category codes with (nearly) exact shares, every category present when n allows."""
    counts = np.floor(np.array(probs) * n).astype(np.int64)
    if n >= 4 * len(probs):
        counts = np.maximum(counts, 1)
    counts[0] = n - counts[1:].sum()
    return rng.permutation(np.repeat(np.arange(len(probs), dtype=np.int8), counts))


def _business(rng: np.random.Generator, t: np.ndarray) -> np.ndarray:
    """Move instants outside agents' working hours into the next working day."""
    day, tod = t // DAY, t % DAY
    workday = ((day + 3) % 7 < 5) & ~np.isin(day, HOLIDAY_DAYS)
    ok = workday & (tod >= WORK_OPEN) & (tod < WORK_CLOSE)
    nd = np.where(workday & (tod < WORK_OPEN), day, day + 1)
    for _ in range(10):
        bad = ((nd + 3) % 7 >= 5) | np.isin(nd, HOLIDAY_DAYS)
        if not bad.any():
            break
        nd = nd + bad
    # the backlog is worked off over the day, most of it in the morning
    late = 1 + (rng.beta(1.2, 2.0, len(t)) * (WORK_CLOSE - WORK_OPEN - 1)).astype(np.int64)
    return np.where(ok, t, nd * DAY + WORK_OPEN + late)


def _argsort(key: np.ndarray, key_bits: int) -> np.ndarray:
    """Stable argsort of non-negative integer keys below ``2**key_bits``.

    Packs (key, index) into one int64 and sorts values, which numpy does several times faster
    than `argsort`; the result does not depend on the sorting algorithm.
    """
    n = len(key)
    index_bits = max(1, (n - 1).bit_length())
    if key_bits + index_bits > 63:
        return np.argsort(key, kind="stable")
    packed = (key.astype(np.int64) << index_bits) | np.arange(n, dtype=np.int64)
    packed.sort()
    packed &= (1 << index_bits) - 1
    return packed


def _distinct(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array."""
    x = np.sort(x)
    return x[np.concatenate([[True], x[1:] != x[:-1]])] if len(x) else x


def _weighted(rng: np.random.Generator, weight: np.ndarray, size: int) -> np.ndarray:
    return rng.choice(len(weight), size=size, p=weight / weight.sum())


# --------------------------------------------------------------------------- people


@dataclass
class _People:
    n_users: int  # users listed in the users table; the rest of the pool departed
    ids: np.ndarray  # user id per pool index
    weight: np.ndarray  # activity
    home: np.ndarray  # home mailbox index
    quality: np.ndarray  # share of "great" ratings


def _people(rng: np.random.Generator, n: int, writer: _Writer) -> _People:
    n_users = max(8, n // 3300)
    n_pool = n_users + max(1, n_users // 50)
    ids = USER_BASE + 17 * np.arange(n_pool, dtype=np.int64)
    weight = rng.lognormal(0.0, 0.7, n_pool)
    weight[n_users:] *= 0.3
    people = _People(n_users, ids, weight, rng.choice(len(MAILBOX_P), n_pool, p=MAILBOX_P),
                     np.clip(rng.normal(0.74, 0.08, n_pool), 0.4, 0.95))

    first = rng.integers(0, len(FIRST_NAMES), n_users)
    last = rng.integers(0, len(LAST_NAMES), n_users)
    no_last = rng.random(n_users) < 0.04
    photo = rng.random(n_users)
    firsts = [FIRST_NAMES[i] for i in first]
    lasts: list[str | None] = [None if nl else LAST_NAMES[i] for i, nl in zip(last, no_last,
                                                                             strict=True)]
    emails = [f"{f}.{ln or 'agent'}.{i}@example.com".lower().replace("'", "")
              for i, (f, ln) in enumerate(zip(firsts, lasts, strict=True))]
    photos: list[str | None] = [
        None if p < 0.2 else "" if p < 0.24 else f"https://cdn.example.com/users/{uid}.jpg"
        for p, uid in zip(photo, ids[:n_users].tolist(), strict=True)]
    created = rng.integers(START - 7 * 365 * DAY, START + 540 * DAY, n_users)
    created[rng.random(n_users) < 0.03] = -1
    writer.write("users", {"id": ids[:n_users], "first_name": firsts, "last_name": lasts,
                           "email": emails, "created_at": created, "photo_url": photos},
                 n_users)

    n_teams = max(2, min(20, n_users // 15))
    team_ids = TEAM_BASE + 11 * np.arange(n_teams, dtype=np.int64)
    names = [TEAM_NAMES[i] if i < len(TEAM_NAMES) else f"Team {i + 1}" for i in range(n_teams)]
    team_photo: list[str | None] = [
        f"https://cdn.example.com/teams/{tid}.png" if p < 0.3 else None
        for tid, p in zip(team_ids.tolist(), rng.random(n_teams), strict=True)]
    writer.write("teams", {"id": team_ids, "name": names,
                           "created_at": rng.integers(START - 3 * 365 * DAY, START, n_teams),
                           "photo_url": team_photo}, n_teams)
    primary = rng.permutation(n_users) % n_teams  # every team gets members
    extra1 = np.where(rng.random(n_users) < 0.35, rng.integers(0, n_teams, n_users), -1)
    extra2 = np.where(rng.random(n_users) < 0.10, rng.integers(0, n_teams, n_users), -1)
    extra2[0] = (primary[0] + 1) % n_teams  # at least one user is in two teams
    user = np.tile(np.arange(n_users), 3)
    team = np.concatenate([primary, extra1, extra2])
    pairs = _distinct((team[team >= 0] * n_pool + user[team >= 0]).astype(np.int64))
    writer.write("team_members", {"team_id": team_ids[pairs // n_pool],
                                  "user_id": ids[pairs % n_pool]}, len(pairs))

    n_mb = len(MAILBOX_NAMES)
    writer.write("mailboxes", {"id": MAILBOX_BASE + np.arange(n_mb, dtype=np.int64),
                               "name": list(MAILBOX_NAMES)}, n_mb)
    mb = np.repeat(np.arange(n_mb, dtype=np.int64), len(FOLDER_NAMES))
    k = np.tile(np.arange(len(FOLDER_NAMES), dtype=np.int64), n_mb)
    writer.write("folders", {"id": FOLDER_BASE + 10 * mb + k, "mailbox_id": MAILBOX_BASE + mb,
                             "name": [FOLDER_NAMES[i] for i in k]}, len(mb))
    n_tags = len(TAG_NAMES)
    writer.write("tags", {"id": TAG_BASE + 3 * np.arange(n_tags, dtype=np.int64),
                          "name": list(TAG_NAMES),
                          "color": [TAG_COLORS[i % len(TAG_COLORS)] if i % 9 else None
                                    for i in range(n_tags)]}, n_tags)
    return people


def _pick_agents(rng: np.random.Generator, mailbox: np.ndarray, people: _People) -> np.ndarray:
    """An agent per conversation: mostly someone whose home is the mailbox."""
    out = np.empty(len(mailbox), np.int64)
    generalist = rng.random(len(mailbox)) < 0.15
    for m in range(len(MAILBOX_P)):
        members = np.flatnonzero(people.home == m)
        sel = (mailbox == m) & ~generalist
        if len(members) == 0:
            generalist |= sel
            continue
        out[sel] = members[_weighted(rng, people.weight[members], int(sel.sum()))]
    out[generalist] = _weighted(rng, people.weight, int(generalist.sum()))
    return out


# --------------------------------------------------------------------------- conversations


@dataclass
class _Conv:
    created: np.ndarray  # int64 seconds, ascending
    ctype: np.ndarray  # int8 CONV_TYPES
    kind: np.ndarray  # int8 K_*
    by_user: np.ndarray  # bool: created by a user
    dest: np.ndarray  # int8 intended final status (ACTIVE/PENDING/CLOSED) or -1
    mailbox: np.ndarray  # int64 index
    customer: np.ndarray  # int64 id or -1
    agent_a: np.ndarray  # pool index of the main agent
    agent_b: np.ndarray  # pool index of a second agent
    n_msgs: np.ndarray  # int64 planned messages
    beacon: np.ndarray  # bool: chat through Beacon
    # filled in by _threads
    status: np.ndarray | None = None  # int8 STATUSES
    closed_at: np.ndarray | None = None  # int64 or -1
    closed_by: np.ndarray | None = None  # int64 user id, 0, or -1


def _conversations(rng: np.random.Generator, n: int, people: _People) -> _Conv:
    kind = _quota(rng, n, [0.93, 0.03, 0.015, 0.025])
    ctype = _quota(rng, n, [0.79, 0.13, 0.08])
    ctype[(kind == K_SPAM) | (kind == K_DRAFT)] = EMAIL
    r = rng.random(n)
    by_user = np.where(ctype == EMAIL, r < 0.10, np.where(ctype == PHONE, r < 0.7, False))
    by_user[kind == K_DRAFT] = True
    by_user[kind == K_SPAM] = False
    dest = rng.choice(np.array([ACTIVE, PENDING, CLOSED], np.int8), n, p=[0.09, 0.05, 0.86])
    dest[(kind == K_SPAM) | (kind == K_DRAFT)] = -1

    # creation times: trend x weekday x holidays x bursty days, hour-of-day profile
    days = np.arange(N_DAYS)
    w = (1 + 0.5 * days / N_DAYS) * DAY_OF_WEEK[(days + START // DAY + 3) % 7]
    w *= np.where(np.isin(days + START // DAY, HOLIDAY_DAYS), 0.3, 1.0)
    w *= rng.lognormal(0.0, 0.25, N_DAYS) * np.where(rng.random(N_DAYS) < 0.02, 2.5, 1.0)
    created = (START + rng.choice(N_DAYS, n, p=w / w.sum()) * DAY
               + rng.choice(24, n, p=HOUR_P / HOUR_P.sum()) * 3600
               + rng.integers(0, 3600, n))
    chat = np.flatnonzero((ctype == CHAT) & (rng.random(n) < 0.95))
    moved = _business(rng, created[chat])
    created[chat] = np.where(moved <= END, moved, created[chat])
    order = _argsort(created - START, TIME_BITS)
    created, kind, ctype, by_user, dest = (a[order] for a in (created, kind, ctype, by_user,
                                                              dest))

    mailbox = rng.choice(len(MAILBOX_P), n, p=MAILBOX_P)
    n_customers = max(10, int(n * 0.6))
    customer = CUSTOMER_BASE + (n_customers * rng.random(n) ** 2.2).astype(np.int64)
    z = rng.standard_normal(n)
    n_msgs = np.select(
        [ctype == EMAIL, ctype == CHAT],
        [1 + np.exp(np.log(4.0) + 0.8 * z), 2 + np.exp(np.log(6.0) + 0.7 * z)],
        1 + np.exp(np.log(1.2) + 0.9 * z)).astype(np.int64)
    n_msgs = np.minimum(n_msgs, 250)
    n_msgs[kind == K_SPAM] = 1 + (rng.random(int((kind == K_SPAM).sum())) < 0.3)
    n_msgs[kind == K_DRAFT] = 1
    # a few one-thread user-created conversations have no customer (internal notes to self)
    customer[by_user & (n_msgs == 1) & (rng.random(n) < 0.1)] = -1
    return _Conv(created=created, ctype=ctype, kind=kind, by_user=by_user, dest=dest,
                 mailbox=mailbox, customer=customer, agent_a=_pick_agents(rng, mailbox, people),
                 agent_b=_pick_agents(rng, mailbox, people), n_msgs=n_msgs,
                 beacon=(ctype == CHAT) & (rng.random(n) < 0.5))


# --------------------------------------------------------------------------- threads


@dataclass
class _Threads:
    conv: np.ndarray  # conversation index, ascending (then created_at)
    id: np.ndarray
    t: np.ndarray
    type: np.ndarray
    state: np.ndarray
    status: np.ndarray
    by: np.ndarray
    by_id: np.ndarray
    customer: np.ndarray
    handle: np.ndarray
    action: np.ndarray


def _threads(rng: np.random.Generator, rng2: np.random.Generator, c: _Conv,
             people: _People) -> _Threads:
    n = len(c.created)
    nm = c.n_msgs
    # Position-major layout: conversations sorted by planned length (longest first), so the
    # conversations that have a k-th message are a prefix `slot < m[k]` of that order.
    perm = _argsort(nm.max() - nm, int(nm.max()).bit_length())
    inv = np.empty(n, np.int64)
    inv[perm] = np.arange(n)
    n_pos = int(nm.max())
    m = np.bincount(nm, minlength=n_pos + 1)[::-1].cumsum()[::-1][1:]
    off = np.zeros(n_pos + 2, np.int64)
    off[1:-1] = np.cumsum(m)
    off[-1] = off[-2]
    m = np.append(m, 0)
    total = int(off[n_pos])
    ty = c.ctype[perm].astype(np.int64)

    # pass 1: who writes the k-th message
    is_user = np.empty(total, bool)
    is_user[: m[0]] = c.by_user[perm]
    for k in range(1, n_pos):
        prev = is_user[off[k - 1]: off[k - 1] + m[k]]
        alt = rng.random(m[k]) < ALT_P[ty[: m[k]], prev.astype(np.int64)]
        now = prev ^ alt
        # most conversations end with a user reply rather than a customer message
        now |= (np.arange(m[k]) >= m[k + 1]) & (rng.random(m[k]) < 0.75)
        is_user[off[k]: off[k] + m[k]] = now

    # pass 2: when, and which status it sets
    t_buf = np.empty(total, np.int64)
    st_buf = np.empty(total, np.int8)
    alive_buf = np.empty(total, bool)
    t_prev = c.created[perm]
    alive = np.ones(n, bool)
    cur = np.full(n, -1, np.int8)  # current status (last status-carrying thread)
    close_t = np.full(n, -1, np.int64)  # time of the last transition to closed
    close_pos = np.full(n, -1, np.int64)  # its message's position-major index
    last_t = np.empty(n, np.int64)
    n_eff = np.zeros(n, np.int64)  # messages before the end of the window
    dest = c.dest[perm]
    for k in range(n_pos):
        mk, a = int(m[k]), int(off[k])
        u = is_user[a: a + mk]
        if k == 0:
            t = t_prev[:mk].copy()
        else:
            code = ty[:mk] * 4 + is_user[off[k - 1]: off[k - 1] + mk] * 2 + u
            w = np.exp(WAIT_MU[code] + WAIT_SIGMA[code] * rng.standard_normal(mk))
            t = t_prev[:mk] + np.clip(w, 1, MAX_WAIT).astype(np.int64)
            snap = np.flatnonzero(u & (rng.random(mk) < SNAP_P[ty[:mk]]))
            if len(snap):
                t[snap] = _business(rng, t[snap])
        ak = alive[:mk] & (t <= END)
        alive[:mk] = ak
        t_prev[:mk] = t
        t_buf[a: a + mk] = t
        alive_buf[a: a + mk] = ak

        mn = int(m[k + 1])
        has_next = np.zeros(mk, bool)
        has_next[:mn] = True
        next_user = np.zeros(mk, bool)
        next_user[:mn] = is_user[off[k + 1]: off[k + 1] + mn]
        d = dest[:mk]
        cu = cur[:mk]
        was_closed = cu == CLOSED
        r = rng.random(mk)
        st = np.full(mk, -1, np.int8)
        last = u & ~has_next
        st[last & (d == CLOSED) & (r < 0.97)] = CLOSED
        st[last & (d == PENDING)] = PENDING
        st[last & (d == ACTIVE) & (r < 0.3)] = ACTIVE
        mid = u & has_next & (d >= 0) & ~next_user  # the customer will write back
        st[mid & (r < 0.20)] = CLOSED
        st[mid & (r >= 0.20) & (r < 0.30)] = PENDING
        st[mid & (r >= 0.30) & (r < 0.35)] = ACTIVE
        mid = u & has_next & (d >= 0) & next_user  # another user reply follows
        st[mid & was_closed & (r < 0.5)] = CLOSED  # stays closed: no new close event
        st[mid & ~was_closed & (r < 0.03)] = CLOSED
        st[mid & ~was_closed & (r >= 0.03) & (r < 0.08)] = PENDING
        st[~u & was_closed] = ACTIVE  # the customer reopens the conversation
        st_buf[a: a + mk] = st
        carry = ak & (st >= 0)
        newc = np.flatnonzero(carry & (st == CLOSED) & ~was_closed)
        close_t[newc] = t[newc]
        close_pos[newc] = a + newc
        cu[carry] = st[carry]
        lt = last_t[:mk]
        lt[ak] = t[ak]
        n_eff[:mk] += ak
    del t_prev, alive

    # messages: position-major -> per-message attributes
    slot = np.arange(total) - np.repeat(off[:n_pos], m[:n_pos])
    second = rng.random(total) < 0.15
    second[: m[0]] = False  # the creator writes message 0
    agent = np.where(second, c.agent_b[perm][slot], c.agent_a[perm][slot])
    del second
    closer_author = agent[close_pos]  # garbage where close_pos == -1, masked below
    keep = np.flatnonzero(alive_buf)
    del alive_buf
    kpos = np.repeat(np.arange(n_pos), m[:n_pos])[keep]
    mconv = perm[slot[keep]]
    mt, mst, mu, magent = t_buf[keep], st_buf[keep], is_user[keep], agent[keep]
    del slot, st_buf, is_user, agent, keep

    # back to conversation order
    def unperm(x: np.ndarray) -> np.ndarray:
        y = np.empty_like(x)
        y[perm] = x
        return y

    cur, close_t, last_t, n_eff = unperm(cur), unperm(close_t), unperm(last_t), unperm(n_eff)
    closer_author = unperm(np.where(close_pos >= 0, closer_author, -1))

    # workflow / status-change closes after the last message
    r = rng2.random(n)
    r2 = rng2.random(n)
    need_c = (c.dest == CLOSED) & (cur != CLOSED)
    need_p = (c.dest == PENDING) & (cur == PENDING) & (r < 0.4)
    by_user_li = need_c & (r2 < 0.35)
    wf_li = (need_c & (r2 >= 0.35) & (r2 < 0.65)) | (need_p & (r2 < 0.5))
    delay = np.where(by_user_li,
                     np.clip(rng2.lognormal(np.log(3600), 1.2, n), 60, 20 * DAY),
                     rng2.choice([3 * DAY, 7 * DAY], n) + rng2.integers(0, 3600, n))
    ct = last_t + delay.astype(np.int64)
    closer = (need_c | need_p) & (ct <= END)
    by_user_li &= closer
    wf_li &= closer
    status = np.where(cur < 0, ACTIVE, cur).astype(np.int8)
    status[closer] = CLOSED
    close_t[closer] = ct[closer]
    closed_by = np.where(closer_author >= 0, people.ids[np.maximum(closer_author, 0)], -1)
    closed_by[closer] = np.where(rng2.random(int(closer.sum())) < 0.6, 0, -1)
    closed_by[by_user_li] = people.ids[c.agent_a[by_user_li]]
    status[c.kind == K_SPAM] = SPAM
    is_closed = status == CLOSED
    closed_at = np.where(is_closed & (rng2.random(n) >= 0.01), close_t, -1)
    closed_by[~is_closed] = -1
    c.status, c.closed_at, c.closed_by = status, closed_at, closed_by

    # message columns
    nmsg = len(mconv)
    ctype = c.ctype[mconv]
    r = rng2.random(nmsg)
    first = kpos == 0
    mtype = np.select(
        [ctype == EMAIL, ctype == CHAT],
        [np.where(mu, np.where(first & (r < 0.6), T_MESSAGE,
                               np.where(r < 0.02, T_MESSAGE, T_REPLY)), T_CUSTOMER),
         np.where(mu | ~c.beacon[mconv], T_CHAT, T_BEACON)],
        np.where(mu, np.where(first | (r < 0.4), T_PHONE, T_REPLY),
                 np.where(first | (r < 0.2), T_PHONE, T_CUSTOMER))).astype(np.int8)
    r = rng2.random(nmsg)
    quiet = mst < 0
    mtype[(ctype == EMAIL) & mu & first & (r < 0.03)] = T_FWD_CHILD
    mtype[(ctype == EMAIL) & mu & ~first & quiet & (r > 0.997)] = T_FWD_PARENT
    r = rng2.random(nmsg)
    mstate = np.where(r < 0.05, -1, S_PUBLISHED).astype(np.int8)
    mstate[mu & ~first & quiet & (r >= 0.05) & (r < 0.06)] = S_DRAFT
    mstate[mu & quiet & (r >= 0.06) & (r < 0.0605)] = S_REVIEW
    mstate[mu & quiet & (r >= 0.0605) & (r < 0.061)] = S_UNDERREVIEW
    mstate[~mu & quiet & (r >= 0.06) & (r < 0.064)] = S_HIDDEN
    mstate[c.kind[mconv] == K_DRAFT] = S_DRAFT
    cust = c.customer[mconv]
    other_cust = rng2.random(nmsg) < 0.03
    cust = np.where(other_cust & (cust >= 0),
                    CUSTOMER_BASE + rng2.integers(0, max(10, int(n * 0.6)), nmsg), cust)
    mby_id = np.where(mu, people.ids[magent], cust)
    mcust = np.where(mu, -1, cust)
    replyish = mu & np.isin(mtype, [T_REPLY, T_MESSAGE, T_CHAT, T_PHONE])
    hs = np.exp(HANDLE_MU[ctype] + 0.9 * rng2.standard_normal(nmsg))
    # handle times in hundredths of a second (-1: none); written as fractional seconds
    mhandle = np.where(replyish & (rng2.random(nmsg) < 0.6),
                       np.rint(np.clip(hs, 3, 7200) * 100).astype(np.int64), -1)
    del ctype, cust, other_cust, replyish, hs, r, quiet, first

    # notes and line items, each shortly after a random message of its conversation
    base = (c.kind != K_DRAFT) & (c.kind != K_SPAM)
    n_notes = rng2.poisson(rng2.gamma(0.6, 1 / 0.6, n)) * base
    n_items = rng2.poisson(rng2.gamma(0.8, 1.7 / 0.8, n)) * base
    n_items[c.kind == K_SPAM] = rng2.random(int((c.kind == K_SPAM).sum())) < 0.3
    cnt = n_notes + n_items
    econv = np.repeat(np.arange(n), cnt)
    ne = len(econv)
    within = np.arange(ne) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    note = within < n_notes[econv]
    j = (rng2.random(ne) * n_eff[econv]).astype(np.int64)
    offset = np.where(note, rng2.lognormal(np.log(1800), 1.5, ne),
                      rng2.lognormal(np.log(60), 1.5, ne))
    et = t_buf[off[j] + inv[econv]] + np.clip(offset, 1, 30 * DAY).astype(np.int64)
    del t_buf
    limit = np.where(closer, ct, END + 1)
    ok = np.flatnonzero(et < limit[econv])
    econv, et, note = econv[ok], et[ok], note[ok]
    ne = len(econv)
    r = rng2.random(ne)
    r2 = rng2.random(ne)
    random_user = _weighted(rng2, people.weight, ne)
    eagent = np.where(r < 0.5, c.agent_a[econv],
                      np.where(r < 0.7, c.agent_b[econv], random_user))
    workflow = ~note & (r2 < 0.2)
    eby = np.where(workflow, BY_OTHER, BY_USER).astype(np.int8)
    eby_id = np.where(workflow, -1, people.ids[eagent])
    eaction = np.where(note, -1, np.where(
        workflow, A_WORKFLOW_AUTO,
        rng2.choice(len(ACTION_TYPES), ne, p=[0.7, 0.05, 0.03, 0.05, 0.05, 0.07, 0.05])))
    etype = np.where(note, T_NOTE, T_LINEITEM).astype(np.int8)
    estate = np.where(rng2.random(ne) < 0.05, -1,
                      np.where(rng2.random(ne) < 0.003, S_HIDDEN, S_PUBLISHED)).astype(np.int8)
    del r, r2, random_user, eagent, workflow, within, j, offset, ok, limit

    # closing line items
    li = np.flatnonzero(by_user_li | wf_li)
    nl = len(li)
    luser = by_user_li[li]

    # assemble, conversation-major (then by time); ids ascend with time across the dataset
    def cat(*parts: np.ndarray) -> np.ndarray:
        return np.concatenate(parts)

    tconv = cat(mconv, econv, li)
    tt = cat(mt, et, ct[li])
    by_time = _argsort(tt - START, TIME_BITS)
    ids = np.empty(len(by_time), np.int64)
    ids[by_time] = THREAD_BASE + np.cumsum(rng2.integers(1, 4, len(by_time)))
    order = by_time[_argsort(tconv[by_time], max(1, n.bit_length()))]
    del tconv, by_time
    none = np.full(ne + nl, -1, np.int64)
    nl_none = np.full(nl, -1, np.int8)
    st_all = cat(mst, np.full(ne, -1, np.int8), np.full(nl, CLOSED, np.int8))
    st_all[(st_all < 0) & (rng2.random(len(st_all)) < 0.3)] = NOCHANGE
    out = _Threads(
        conv=cat(mconv, econv, li)[order],
        id=ids[order],
        t=tt[order],
        type=cat(mtype, etype, np.full(nl, T_LINEITEM, np.int8))[order],
        state=cat(mstate, estate, np.where(rng2.random(nl) < 0.05, -1, S_PUBLISHED)
                  .astype(np.int8))[order],
        status=st_all[order],
        by=cat(np.where(mu, BY_USER, BY_CUSTOMER).astype(np.int8), eby,
               np.where(luser, BY_USER, BY_OTHER).astype(np.int8))[order],
        by_id=cat(mby_id, eby_id, np.where(luser, people.ids[c.agent_a[li]], -1))[order],
        customer=cat(mcust, none)[order],
        handle=cat(mhandle, none)[order],
        action=cat(np.full(nmsg, -1, np.int8), eaction.astype(np.int8),
                   np.where(luser, nl_none, A_WORKFLOW_AUTO).astype(np.int8))[order],
    )
    return out


# --------------------------------------------------------------------------- writers


def _conv_ids(n: int) -> np.ndarray:
    return CONV_BASE + np.cumsum(np.random.default_rng(1).integers(1, 4, n))


def _write_conversations(rng: np.random.Generator, more: np.random.Generator,
                         writer: _Writer, c: _Conv, people: _People, th: _Threads) -> None:
    n = len(c.created)
    # modified_at: a little after the last activity; missing on some (then derived)
    assert c.closed_at is not None
    last = np.maximum(c.created, c.closed_at)
    if len(th.conv):  # threads come sorted by conversation
        starts = np.flatnonzero(np.r_[True, th.conv[1:] != th.conv[:-1]])
        convs = th.conv[starts]
        last[convs] = np.maximum(last[convs], np.maximum.reduceat(th.t, starts))
    modified = last + more.integers(0, 2 * 3600, n)
    modified[(more.random(n) < 0.3) | (modified > END)] = -1
    attach = np.where(more.random(n) < 0.12, 1, 0).astype(np.int8)
    attach[more.random(n) < 0.03] = -1
    assert c.status is not None and c.closed_at is not None and c.closed_by is not None
    state = np.select([c.kind == K_DRAFT, c.kind == K_DELETED], [1, 2],
                      np.where(rng.random(n) < 0.05, -1, 0)).astype(np.int8)
    assignee = np.where((rng.random(n) < 0.7) & (c.kind != K_SPAM), people.ids[c.agent_a], -1)
    folder = np.select(
        [c.kind == K_DRAFT, c.status == SPAM, c.status == CLOSED, rng.random(n) < 0.05,
         assignee < 0],
        [F_DRAFTS, F_SPAM, F_CLOSED, F_ESCALATIONS, F_UNASSIGNED], F_ASSIGNED)
    folder_id = np.where(rng.random(n) < 0.01, -1, FOLDER_BASE + 10 * c.mailbox + folder)
    writer.write("conversations", {
        "id": _conv_ids(n),
        "type": (c.ctype, CONV_TYPES),
        "status": (c.status, STATUSES),
        "state": (state, CONV_STATES),
        "mailbox_id": MAILBOX_BASE + c.mailbox,
        "folder_id": folder_id,
        "created_at": c.created,
        "created_by_type": (np.where(c.by_user, BY_USER, BY_CUSTOMER).astype(np.int8),
                            BY_TYPES),
        "created_by_id": np.where(c.by_user, people.ids[c.agent_a], c.customer),
        "customer_id": c.customer,
        "closed_at": c.closed_at,
        "closed_by": c.closed_by,
        "number": 1000 + np.arange(1, n + 1, dtype=np.int64),
        "assignee_id": assignee,
        "subject": (more.integers(0, len(SUBJECTS), n).astype(np.int8), SUBJECTS),
        "preview": (np.where(more.random(n) < 0.05, -1, more.integers(0, len(PREVIEWS), n))
                    .astype(np.int8), PREVIEWS),
        "modified_at": modified,
        "has_attachments": (attach, ("false", "true")),
    }, n)


def _customers(rng: np.random.Generator, writer: _Writer, c: _Conv) -> None:
    """The customers table: most customers of the conversations, a few missing, some
    known only by their email, a few by nothing."""
    n_customers = max(10, int(len(c.created) * 0.6))
    ids = CUSTOMER_BASE + np.arange(n_customers, dtype=np.int64)
    ids = ids[rng.random(n_customers) >= 0.03]
    n = len(ids)
    first = rng.integers(0, len(FIRST_NAMES), n).astype(np.int16)
    last = rng.integers(0, len(LAST_NAMES), n).astype(np.int16)
    r = rng.random(n)
    first[r < 0.10], last[r < 0.10] = -1, -1  # known by email only
    last[(r >= 0.10) & (r < 0.14)] = -1
    names_first = pa.array(FIRST_NAMES).take(pa.array(np.maximum(first, 0)))
    names_last = pa.array(LAST_NAMES).take(pa.array(np.maximum(last, 0)))
    email = pc.binary_join_element_wise(
        pc.utf8_lower(names_first), pc.utf8_lower(names_last),
        pa.array(ids.astype(str)), ".")
    email = pc.replace_substring(pc.binary_join_element_wise(email, "customer.example", "@"),
                                 "'", "")
    email = pc.if_else(pa.array(r > 0.99), pa.scalar(None, pa.string()), email)
    writer.write("customers", {"id": ids, "first_name": (first, FIRST_NAMES),
                               "last_name": (last, LAST_NAMES), "email": email}, n)


def _write_threads(writer: _Writer, th: _Threads, c: _Conv) -> None:
    writer.write("threads", {
        "id": th.id,
        "conversation_id": _conv_ids(len(c.created))[th.conv],
        "type": (th.type, THREAD_TYPES),
        "state": (th.state, THREAD_STATES),
        "status": (th.status, STATUSES),
        "action_type": (th.action, ACTION_TYPES),
        "created_at": th.t,
        "created_by_type": (th.by, BY_TYPES),
        "created_by_id": th.by_id,
        "customer_id": th.customer,
        "handle_seconds": th.handle,
    }, len(th.id))


def _ratings(rng: np.random.Generator, more: np.random.Generator, writer: _Writer,
             th: _Threads, c: _Conv, people: _People) -> None:
    visible = (th.state == S_PUBLISHED) | (th.state < 0)
    replyish = np.isin(th.type, [T_REPLY, T_MESSAGE, T_CHAT, T_PHONE])
    cand = np.flatnonzero(visible & replyish & (th.by == BY_USER))
    pick = cand[rng.random(len(cand)) < 0.05]
    t = th.t[pick] + np.clip(rng.lognormal(np.log(3 * 3600), 1.5, len(pick)), 30,
                             30 * DAY).astype(np.int64)
    ok = t <= END
    pick, t = pick[ok], t[ok]
    order = _argsort(t - START, TIME_BITS)
    pick, t = pick[order], t[order]
    nr = len(pick)
    author = th.by_id[pick]
    pool_index = (author - USER_BASE) // 17
    pg = people.quality[pool_index]
    r = rng.random(nr)
    rating = np.where(r < pg, 0, np.where(r < pg + (1 - pg) * 0.55, 1, 2)).astype(np.int8)
    user_null = rng.random(nr) < 0.2
    thread_null = ~user_null & (rng.random(nr) < 0.01)
    writer.write("ratings", {
        "id": RATING_BASE + 7 * np.arange(nr, dtype=np.int64),
        "conversation_id": _conv_ids(len(c.created))[th.conv[pick]],
        "thread_id": np.where(thread_null, -1, th.id[pick]),
        "user_id": np.where(user_null, -1, author),
        "customer_id": c.customer[th.conv[pick]],
        "rating": (rating, RATINGS),
        "created_at": t,
        "comments": (np.where(more.random(nr) < 0.6, -1, more.integers(0, len(COMMENTS), nr))
                     .astype(np.int8), COMMENTS),
    }, nr)


def _conversation_tags(rng: np.random.Generator, writer: _Writer, c: _Conv) -> None:
    n = len(c.created)
    k = rng.choice(4, n, p=[0.35, 0.35, 0.2, 0.1])
    conv = np.repeat(np.arange(n, dtype=np.int64), k)
    w = 1 / np.arange(1, len(TAG_NAMES) + 1) ** 1.1
    tag = _weighted(rng, w, len(conv))
    pairs = _distinct(conv * 64 + tag)  # drops a tag drawn twice for one conversation
    writer.write("conversation_tags", {
        "conversation_id": _conv_ids(n)[pairs // 64],
        "tag_id": TAG_BASE + 3 * (pairs % 64),
    }, len(pairs))
