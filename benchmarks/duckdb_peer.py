"""The peer: the User/Team report written as DuckDB SQL over the same Parquet files.

This is what a capable analyst would write instead of using `reports`: one SQL statement
of CTEs over the canonical Parquet tables (docs/data.md › Tables, docs/metrics.md),
parameterised by the user set, the ranges and the filters. It exists to measure the engine
against (benchmarks/run.py) and to check it (tests/test_duckdb_peer.py); it is not part of
the package.

- eligible conversations (status, state, filters), then — for one user or team — only the
  conversations that user set did anything in (wrote a thread, created, closed), and only
  their threads: responses, closes and resolutions need every thread of a conversation,
  but no other conversation;
- responses by window functions over each conversation's threads ordered by
  (created_at, id): each customer message is tagged with the number of user replies before
  it, so the reply with that number answers the run and waits since its first message;
- close events (a) by `lag(status)`, (b) from `closed_at`; resolution by joining replies at
  or before `resolved_at`;
- both ranges at once: every event table is joined to a two-row `ranges` table;
- the all-users table is the same statement grouped by author, plus each team via
  `team_members`.

SQL returns exact integer counts and sums; the means and percentages are divided in
Python exactly as docs/metrics.md › Statistics says (sum / count in float64), so a correct
engine agrees with the peer bit for bit. Office-hours variants are not implemented. The
peer reads Parquet only — directly, or once into a DuckDB database file (`load`, then
`--db FILE`: the same SQL over the file's tables) — assumes unique ids (canonical exports)
and does not repeat the engine's load checks.

    python benchmarks/duckdb_peer.py user --data DIR --user ID --start ISO --end ISO \\
        [--previous-start ISO --previous-end ISO] [--mailboxes 1,2] [--tags ..] [--types ..]
    python benchmarks/duckdb_peer.py users --data DIR --start ISO --end ISO [--out FILE]
    python benchmarks/duckdb_peer.py load --data DIR --db FILE   # Parquet -> a database file
    python benchmarks/duckdb_peer.py user|users --db FILE ...    # the same SQL over its tables
    python benchmarks/duckdb_peer.py sql [--all]      # print the SQL of a sample request
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import zoneinfo
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb

from reports._document import DELTA_FIELDS
from reports._stats import STAT_FIELDS

__all__ = ["Peer", "peer_user_report", "peer_users_table"]

_ID, _TEXT, _TIME = "BIGINT", "VARCHAR", "TIMESTAMPTZ"
#: The canonical columns the peer reads (docs/data.md › Tables); an absent optional column is null.
SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "conversations": (("id", _ID), ("type", _TEXT), ("status", _TEXT), ("state", _TEXT),
                      ("mailbox_id", _ID), ("folder_id", _ID), ("created_at", _TIME),
                      ("created_by_type", _TEXT), ("created_by_id", _ID),
                      ("customer_id", _ID), ("closed_at", _TIME), ("closed_by", _ID)),
    "threads": (("id", _ID), ("conversation_id", _ID), ("type", _TEXT), ("state", _TEXT),
                ("status", _TEXT), ("created_at", _TIME), ("created_by_type", _TEXT),
                ("created_by_id", _ID), ("handle_seconds", "DOUBLE")),
    "conversation_tags": (("conversation_id", _ID), ("tag_id", _ID)),
    "tags": (("id", _ID), ("name", _TEXT)),
    "ratings": (("id", _ID), ("conversation_id", _ID), ("thread_id", _ID), ("user_id", _ID),
                ("rating", _TEXT), ("created_at", _TIME)),
    "users": (("id", _ID), ("first_name", _TEXT), ("last_name", _TEXT),
              ("created_at", _TIME), ("photo_url", _TEXT)),
    "teams": (("id", _ID), ("name", _TEXT), ("created_at", _TIME), ("photo_url", _TEXT)),
    "team_members": (("team_id", _ID), ("user_id", _ID)),
}
FLOAT_FIELDS = {"percentResolvedOnFirstReply", "repliesToResolve", "handleTime",
                "happinessScore", "resolutionTime", "repliesPerDay", "conversationsPerDay"}
COUNT_COLUMNS = ("replies", "handle_n", "handle_sum", "responses", "wait_sum", "customers",
                 "resolved", "first_reply", "replies_sum", "duration_sum", "created",
                 "closed", "great", "okay", "not_good", "touched",
                 "dow1", "dow2", "dow3", "dow4", "dow5", "dow6", "dow7")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# --------------------------------------------------------------------------- the SQL

# Eligible conversations (docs/metrics.md › Which conversations count) with their
# per-conversation values.
_CONV = """
conv AS MATERIALIZED (
    SELECT id,
           lower(status) = 'closed' AS is_closed,
           epoch_ms(created_at) // 1000 AS created_t,
           epoch_ms(closed_at) // 1000 AS closed_t,
           CASE WHEN lower(created_by_type) = 'user' THEN created_by_id END AS creator,
           nullif(closed_by, 0) AS closer,
           customer_id
    FROM conversations
    WHERE lower(status) <> 'spam'
      AND coalesce(lower(state), 'published') NOT IN ('deleted', 'draft'){filters}
)"""

# One user set: the threads it wrote (any state) and the conversations it acted in.
_SCOPE_ONE = """
mine AS MATERIALIZED (
    SELECT id, conversation_id AS conv, created_by_id AS author, lower(type) AS type,
           coalesce(lower(state), 'published') = 'published' AS visible
    FROM threads
    WHERE created_by_id IN ({users}) AND lower(created_by_type) = 'user'
),
scope AS MATERIALIZED (
    SELECT * FROM conv
    WHERE id IN (SELECT conv FROM mine WHERE visible)
       OR closer IN ({users}) OR creator IN ({users})
),
rated_author AS (SELECT id, author FROM mine)"""

_SCOPE_ALL = """
scope AS (SELECT * FROM conv),
rated_author AS (
    SELECT id, created_by_id AS author FROM threads WHERE lower(created_by_type) = 'user'
)"""

# Events of the conversations in scope (docs/metrics.md › Events).
_EVENTS = """
th AS MATERIALIZED (                      -- visible threads of the conversations in scope
    SELECT conversation_id AS conv, id, epoch_ms(created_at) // 1000 AS t,
           lower(type) AS type, lower(status) AS status, lower(created_by_type) AS by_type,
           created_by_id AS author,
           CAST(round(handle_seconds * 1000000) AS BIGINT) AS handle_seconds  -- microseconds
    FROM threads
    WHERE conversation_id IN (SELECT id FROM scope)
      AND coalesce(lower(state), 'published') = 'published'
),
ev AS MATERIALIZED (                      -- user replies and customer messages, numbered
    SELECT conv, t, id, author, handle_seconds, is_reply,
           sum(is_reply::INTEGER) OVER (PARTITION BY conv ORDER BY t, id
                                        ROWS UNBOUNDED PRECEDING) - is_reply::INTEGER AS k
    FROM (
        SELECT *,
               by_type = 'user'
                   AND type IN ('reply', 'message', 'chat', 'phone') AS is_reply,
               by_type = 'customer'
                   AND type IN ('customer', 'chat', 'phone', 'beaconchat') AS is_customer
        FROM th
    )
    WHERE is_reply OR is_customer
),
replies AS MATERIALIZED (                 -- reply k answers the messages after reply k-1
    SELECT e.conv, e.t, e.id, e.author AS who, e.handle_seconds,
           CASE WHEN w.since IS NOT NULL                  -- null: not a response
                THEN greatest(e.t - w.since, 0) END AS wait  -- (greatest skips nulls)
    FROM ev e
    LEFT JOIN (SELECT conv, k, min(t) AS since FROM ev WHERE NOT is_reply GROUP BY conv, k) w
           ON w.conv = e.conv AND w.k = e.k
    WHERE e.is_reply
),
close_a AS MATERIALIZED (                 -- a visible thread setting closed after non-closed
    SELECT conv, t, who FROM (
        SELECT conv, t, status, CASE WHEN by_type = 'user' THEN author END AS who,
               lag(status) OVER (PARTITION BY conv ORDER BY t, id) AS before
        FROM th
        WHERE status IN ('active', 'pending', 'closed', 'spam')
    )
    WHERE status = 'closed' AND before IS DISTINCT FROM 'closed'
),
closes AS MATERIALIZED (
    SELECT conv, t, who FROM close_a
    UNION ALL
    SELECT id, closed_t, closer FROM scope WHERE is_closed AND closed_t IS NOT NULL
),
resolutions AS MATERIALIZED (
    SELECT c.id AS conv, c.at AS t, count(*) AS replies,
           greatest(c.at - c.created_t, 0) AS duration,
           coalesce(c.closer, arg_max_null(p.who, (p.t, p.id))) AS who  -- author may be null
    FROM (
        SELECT s.id, s.created_t, s.closer, coalesce(s.closed_t, a.last_close) AS at
        FROM scope s
        LEFT JOIN (SELECT conv, max(t) AS last_close FROM close_a GROUP BY conv) a
               ON a.conv = s.id
        WHERE s.is_closed
    ) c
    JOIN replies p ON p.conv = c.id AND p.t <= c.at
    GROUP BY c.id, c.at, c.created_t, c.closer
),
created AS MATERIALIZED (
    SELECT id AS conv, created_t AS t, creator AS who FROM scope WHERE creator IS NOT NULL
),
touches AS MATERIALIZED (
    SELECT conv, t, author AS who FROM th WHERE by_type = 'user' AND author IS NOT NULL
    UNION ALL
    SELECT conv, t, who FROM created
    UNION ALL
    SELECT id, closed_t, closer FROM scope
    WHERE is_closed AND closed_t IS NOT NULL AND closer IS NOT NULL
),
rated AS MATERIALIZED (
    SELECT r.conversation_id AS conv, epoch_ms(r.created_at) // 1000 AS t,
           coalesce(r.user_id, a.author) AS who,
           CASE WHEN lower(r.rating) IN ('great', '1') THEN 0
                WHEN lower(r.rating) IN ('okay', 'ok', '2') THEN 1
                WHEN lower(r.rating) IN ('not_good', 'not-good', 'not good', 'bad', '3')
                THEN 2 END AS value
    FROM ratings r
    LEFT JOIN rated_author a ON a.id = r.thread_id AND r.user_id IS NULL
    WHERE r.conversation_id IN (SELECT id FROM conv)
)"""

# Per (group, range): counts and exact sums only; Python divides.
_AGGREGATE = """
SELECT grp, r,
{columns}
FROM (
    SELECT grp, r, count(*) AS replies, count(handle_seconds) AS handle_n,
           sum(handle_seconds) AS handle_sum, count(wait) AS responses,
           sum(wait) AS wait_sum, count(DISTINCT c.customer_id) AS customers
    FROM g_replies p JOIN scope c ON c.id = p.conv
    GROUP BY grp, r
    UNION ALL BY NAME
    SELECT grp, r, count(*) AS resolved, count(*) FILTER (WHERE replies = 1) AS first_reply,
           sum(replies) AS replies_sum, sum(duration) AS duration_sum
    FROM g_resolutions GROUP BY grp, r
    UNION ALL BY NAME
    SELECT grp, r, count(*) AS created FROM g_created GROUP BY grp, r
    UNION ALL BY NAME
    SELECT grp, r, count(DISTINCT conv) AS closed FROM g_closes GROUP BY grp, r
    UNION ALL BY NAME
    SELECT grp, r, count(*) FILTER (WHERE value = 0) AS great,
           count(*) FILTER (WHERE value = 1) AS okay,
           count(*) FILTER (WHERE value = 2) AS not_good
    FROM g_rated WHERE value IS NOT NULL GROUP BY grp, r
    UNION ALL BY NAME
    SELECT grp, r, count(DISTINCT conv) AS touched FROM g_touches GROUP BY grp, r
    UNION ALL BY NAME
    SELECT grp, r, {dows}
    FROM (                                -- distinct (conversation, local date) pairs
        SELECT DISTINCT grp, r, conv, CAST(timezone('{tz}', to_timestamp(t)) AS DATE) AS day
        FROM g_touches
    )
    GROUP BY grp, r{extra}
)
GROUP BY grp, r
ORDER BY grp, r"""

# One user set: the user object's totalCustomersHelped (any time, no filters), as range -1.
_HELPED = """
    UNION ALL BY NAME
    SELECT {group} AS grp, -1 AS r, count(DISTINCT c.customer_id) AS total_helped
    FROM mine m JOIN conversations c ON c.id = m.conv
    WHERE m.visible AND m.type IN ('reply', 'message', 'chat', 'phone')
      AND lower(c.status) <> 'spam'
      AND coalesce(lower(c.state), 'published') NOT IN ('deleted', 'draft')"""

_EVENT_TABLES = ("replies", "resolutions", "created", "closes", "rated", "touches")


def _ints(values: Iterable[int]) -> str:
    """A SQL list of integers ('NULL' when empty: `x IN (NULL)` matches nothing)."""
    text = ", ".join(str(int(v)) for v in values)
    return text or "NULL"


def _filters(mailboxes: Sequence[int] | None, tags: Sequence[int] | None,
             types: Sequence[str] | None, folders: Sequence[int] | None) -> str:
    out = []
    if mailboxes is not None:
        out.append(f"mailbox_id IN ({_ints(mailboxes)})")
    if folders is not None:
        out.append(f"folder_id IN ({_ints(folders)})")
    if types is not None:
        names = [str(t).strip().lower() for t in types]
        if any(n not in ("email", "chat", "phone") for n in names):
            raise ValueError(f"types: {types!r} is not a subset of email, chat, phone")
        out.append("lower(type) IN (" + (", ".join(f"'{n}'" for n in names) or "NULL") + ")")
    if tags is not None:
        out.append("id IN (SELECT conversation_id FROM conversation_tags "
                   f"WHERE tag_id IN ({_ints(tags)}))")
    return "".join(f"\n      AND {f}" for f in out)


def build_sql(ranges: Sequence[tuple[int, int]], *, users: Sequence[int] | None,
              group: int | None, tz: str, mailboxes: Sequence[int] | None = None,
              tags: Sequence[int] | None = None, types: Sequence[str] | None = None,
              folders: Sequence[int] | None = None) -> str:
    """The report's SQL: one user set (`users`, reported as `group`) or, with
    `users=None`, every user and every team."""
    values = ", ".join(f"({i}, {int(s)}, {int(e)})" for i, (s, e) in enumerate(ranges))
    parts = [f"\nranges(r, s, e) AS (VALUES {values})",
             _CONV.format(filters=_filters(mailboxes, tags, types, folders))]
    if users is not None:
        parts.append(_SCOPE_ONE.format(users=_ints(users)))
    else:
        parts.append(_SCOPE_ALL)
        parts.append("\nteam_map AS (SELECT DISTINCT user_id, team_id FROM team_members "
                     "WHERE team_id IN (SELECT id FROM teams))")
    parts.append(_EVENTS)
    for name in _EVENT_TABLES:
        in_range = "JOIN ranges g ON x.t BETWEEN g.s AND g.e"
        if users is not None:
            body = (f"SELECT {int(group or 0)} AS grp, g.r, x.* FROM {name} x {in_range} "
                    f"WHERE x.who IN ({_ints(users)})")
        else:
            body = (f"SELECT x.who AS grp, g.r, x.* FROM {name} x {in_range} "
                    "WHERE x.who IS NOT NULL\n    UNION ALL\n    "
                    f"SELECT m.team_id AS grp, g.r, x.* FROM {name} x {in_range} "
                    "JOIN team_map m ON m.user_id = x.who")
        parts.append(f"\ng_{name} AS (\n    {body}\n)")
    names = COUNT_COLUMNS + (("total_helped",) if users is not None else ())
    columns = ",\n".join(f"       max({c}) AS {c}" for c in names)
    extra = _HELPED.format(group=int(group or 0)) if users is not None else ""
    dows = ", ".join(f"count(*) FILTER (WHERE isodow(day) = {d}) AS dow{d}"
                     for d in range(1, 8))
    tz_literal = tz.replace("'", "''")
    return ("WITH" + ",".join(parts) + "\n"
            + _AGGREGATE.format(columns=columns, dows=dows, tz=tz_literal, extra=extra))



# --------------------------------------------------------------------------- Python side


def parse_instant(value: Any) -> int:
    """ISO 8601 (or datetime) -> UTC epoch seconds, truncated; no offset means UTC."""
    if isinstance(value, dt.datetime):
        stamp = value
    else:
        text = str(value).strip()
        stamp = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1:] in "Zz" else text)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    delta = stamp - EPOCH
    return delta.days * 86400 + delta.seconds


def format_instant(seconds: int) -> str:
    return (EPOCH + dt.timedelta(seconds=int(seconds))).strftime("%Y-%m-%dT%H:%M:%SZ")


def _id_list(value: Any) -> list[int] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [int(v) for v in value.split(",")] if value.strip() else None
    if isinstance(value, int):
        return [value]
    return [int(v) for v in value]


def _type_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [v.strip().lower() for v in value.split(",")] if value.strip() else None
    return [str(v).strip().lower() for v in value]


def _stats(row: dict[str, Any], start: int, end: int, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    """docs/metrics.md › Statistics from one (group, range) row of counts and sums."""
    c = {k: int(row.get(k) or 0) for k in COUNT_COLUMNS}
    days = max(1, (end - start) // 86400)
    resolved, rated = c["resolved"], c["great"] + c["okay"] + c["not_good"]

    def mean(total: int, count: int) -> float:
        return total / count if count else 0.0

    happiness = (c["great"] / rated * 100 - c["not_good"] / rated * 100) if rated else 0.0
    return {
        "startDate": format_instant(start),
        "endDate": format_instant(end),
        "totalDays": days,
        "resolved": resolved,
        "conversationsCreated": c["created"],
        "closed": c["closed"],
        "totalReplies": c["replies"],
        "resolvedOnFirstReply": c["first_reply"],
        "percentResolvedOnFirstReply": mean(c["first_reply"], resolved),
        "repliesToResolve": mean(c["replies_sum"], resolved),
        "handleTime": c["handle_sum"] / (c["handle_n"] * 1e6) if c["handle_n"] else 0.0,
        "happinessScore": happiness,
        "responseTime": c["wait_sum"] // c["responses"] if c["responses"] else 0,
        "resolutionTime": mean(c["duration_sum"], resolved),
        "repliesPerDay": c["replies"] / days,
        "customersHelped": c["customers"],
        "totalConversations": c["touched"],
        "conversationsPerDay": c["touched"] / days,
        "busiestDay": _busiest([c[f"dow{d}"] for d in range(1, 8)], start, end, zone),
    }


def _busiest(pairs: list[int], start: int, end: int, zone: zoneinfo.ZoneInfo) -> int | None:
    """Weekday (1-7) with most (conversation, local date) pairs per such local date."""
    if not any(pairs):
        return None
    first = (EPOCH + dt.timedelta(seconds=start)).astimezone(zone).date()
    last = (EPOCH + dt.timedelta(seconds=end)).astimezone(zone).date()
    n = (last - first).days + 1
    dates = [n // 7 + (1 if (d - first.isoweekday()) % 7 < n % 7 else 0) for d in range(1, 8)]
    average = [p / max(k, 1) for p, k in zip(pairs, dates, strict=True)]
    return average.index(max(average)) + 1


def deltas(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, float]:
    """docs/metrics.md › Deltas: (c / p - 1) * 100, 0.0 when p is 0; happinessScore in points."""
    out = {}
    for name in DELTA_FIELDS:
        src = "totalConversations" if name == "activeConversations" else name
        c, p = current[src], previous[src]
        if name == "happinessScore":
            out[name] = float(c - p)
        else:
            out[name] = 0.0 if p == 0 else (c / p - 1) * 100
    return out


#: The table of a database file (`create_database`) that keeps the company time zone.
SETTINGS = "peer_settings"


def _create_tables(con: Any, data_dir: Path, kind: str) -> None:
    """A view or table (`kind`) per canonical table over its Parquet file — or, when
    `data_dir` is a prepared store (`reports import`), over the parts under
    `tables/<table>/`; an absent optional table is an empty one, an absent optional column
    null."""
    for name, columns in SCHEMA.items():
        path = data_dir / f"{name}.parquet"
        part = data_dir / "tables" / name  # a prepared store: one folder of parts per table
        if part.is_dir():
            path = part / "*.parquet"
        if part.is_dir() or path.exists():
            src = "read_parquet('" + str(path).replace("'", "''") + "')"
            have = {r[0] for r in con.execute(
                f"SELECT name FROM parquet_schema({src[13:-1]})").fetchall()}
            where = ""
        elif name in ("conversations", "threads"):
            raise FileNotFoundError(f"{path} is missing")
        else:  # an absent optional table is an empty one
            src, have, where = "(SELECT 1)", set(), " WHERE false"
        cols = ", ".join(c if c in have else f"NULL::{t} AS {c}" for c, t in columns)
        con.execute(f"CREATE {kind} {name} AS SELECT {cols} FROM {src}{where}")


def _timezone(data_dir: Path) -> str:
    """The company time zone of `data_dir` (its office_hours.json), UTC without one."""
    hours = data_dir / "office_hours.json"
    if hours.exists():
        return json.loads(hours.read_text()).get("timezone") or "UTC"
    return "UTC"


def create_database(data_dir: str | Path, db: str | Path,
                    threads: int | None = None) -> dict[str, int]:
    """Load the Parquet files of `data_dir` into a new DuckDB database file `db` (the
    analyst's one-time "load": CREATE TABLE ... AS SELECT ... FROM read_parquet(...), one
    per table, and the time zone); return the row count of each table."""
    path = Path(db)
    if path.exists():
        raise FileExistsError(f"{path} exists")
    con = duckdb.connect(str(path))
    try:
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        _create_tables(con, Path(data_dir), "TABLE")
        con.execute(f"CREATE TABLE {SETTINGS} AS SELECT ?::VARCHAR AS timezone",
                    [_timezone(Path(data_dir))])
        rows = {name: int(con.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
                for name in SCHEMA}
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return rows


class Peer:
    """A DuckDB connection over one dataset directory of canonical Parquet files.

    `in_memory=True` first copies the tables into DuckDB (the analyst's "load"); otherwise
    every query reads the Parquet files through views. `db=FILE` instead opens, read-only,
    a database file that `create_database` loaded from the Parquet files (`data_dir` is then
    not read).
    """

    def __init__(self, data_dir: str | Path | None = None, in_memory: bool = False,
                 threads: int | None = None, db: str | Path | None = None) -> None:
        if (data_dir is None) == (db is None):
            raise ValueError("give a data directory or a database file (db=), not both")
        if db is not None:
            if not Path(db).is_file():
                raise FileNotFoundError(f"{db} is missing")
            self.data_dir = None
            self.con = duckdb.connect(str(db), read_only=True)
            if threads:
                self.con.execute(f"SET threads = {int(threads)}")
            self.tz = self.con.execute(f"SELECT timezone FROM {SETTINGS}").fetchone()[0]
        else:
            self.data_dir = Path(data_dir)  # type: ignore[arg-type]
            self.con = duckdb.connect()
            if threads:
                self.con.execute(f"SET threads = {int(threads)}")
            _create_tables(self.con, self.data_dir, "TABLE" if in_memory else "VIEW")
            self.tz = _timezone(self.data_dir)
        self.zone = zoneinfo.ZoneInfo(self.tz)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Peer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _rows(self, sql: str) -> list[dict[str, Any]]:
        cur = self.con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    # -- the subject --------------------------------------------------------------------

    def subject(self, user: int) -> tuple[str, list[int]]:
        """('user' | 'team', member ids) of a requested id (docs/data.md › Requests)."""
        uid = int(user)
        is_user = self.con.execute("SELECT count(*) FROM users WHERE id = ?",
                                   [uid]).fetchone()[0] > 0
        if not is_user:
            is_user = self.con.execute(
                "SELECT count(*) FROM (SELECT 1 FROM threads WHERE created_by_id = ? "
                "AND lower(created_by_type) = 'user' LIMIT 1)", [uid]).fetchone()[0] > 0
        is_team = self.con.execute("SELECT count(*) FROM teams WHERE id = ?",
                                   [uid]).fetchone()[0] > 0
        if is_user and is_team:
            raise ValueError(f"user: {uid} is both a user and a team")
        if is_team:
            members = self.con.execute(
                "SELECT DISTINCT user_id FROM team_members WHERE team_id = ? ORDER BY 1",
                [uid]).fetchall()
            return "team", [int(m[0]) for m in members]
        if is_user:
            return "user", [uid]
        raise ValueError(f"user: no user or team has id {uid}")

    def _user_object(self, kind: str, uid: int, helped: int) -> dict[str, Any]:
        table = "users" if kind == "user" else "teams"
        cols = ("first_name, last_name" if kind == "user" else "name") + \
            ", epoch_ms(created_at) // 1000 AS created, photo_url"
        rec = self._rows(f"SELECT {cols} FROM {table} WHERE id = {uid}")
        row = rec[-1] if rec else {}
        if kind == "user":
            parts = [str(row.get(k) or "").strip() for k in ("first_name", "last_name")]
            name = " ".join(p for p in parts if p) or None
        else:
            name = row.get("name") or None
        photo = row.get("photo_url") or None
        created = row.get("created")
        return {"id": uid, "hasPhoto": photo is not None,
                "createdAt": format_instant(created) if created is not None else None,
                "name": name, "totalCustomersHelped": int(helped), "photoUrl": photo}

    def filter_tags(self) -> list[dict[str, Any]]:
        return [{"id": int(i), "name": n} for i, n in
                self.con.execute("SELECT id, name FROM tags ORDER BY id").fetchall()]

    # -- reports ------------------------------------------------------------------------

    def _ranges(self, start: Any, end: Any, previous_start: Any,
                previous_end: Any) -> list[tuple[int, int]]:
        ranges = [(parse_instant(start), parse_instant(end))]
        if (previous_start is None) != (previous_end is None):
            raise ValueError("previousStart and previousEnd go together")
        if previous_start is not None:
            ranges.append((parse_instant(previous_start), parse_instant(previous_end)))
        for s, e in ranges:
            if e < s:
                raise ValueError("a range ends before it starts")
        return ranges

    def user_report(self, user: Any, start: Any, end: Any, previous_start: Any = None,
                    previous_end: Any = None, mailboxes: Any = None, tags: Any = None,
                    types: Any = None, folders: Any = None) -> dict[str, Any]:
        """The report document (docs/metrics.md › The document) for a user or team id,
        without office hours."""
        uid = int(user)
        kind, members = self.subject(uid)
        ranges = self._ranges(start, end, previous_start, previous_end)
        sql = build_sql(ranges, users=members, group=uid, tz=self.tz,
                        mailboxes=_id_list(mailboxes), tags=_id_list(tags),
                        types=_type_list(types), folders=_id_list(folders))
        by_range = {row["r"]: row for row in self._rows(sql)}
        helped = int(by_range.get(-1, {}).get("total_helped") or 0)
        stats = [_stats(by_range.get(i, {}), s, e, self.zone)
                 for i, (s, e) in enumerate(ranges)]
        doc: dict[str, Any] = {"filterTags": self.filter_tags(),
                               "user": self._user_object(kind, uid, helped),
                               "current": stats[0]}
        if len(stats) > 1:
            doc["previous"] = stats[1]
            doc["deltas"] = deltas(stats[0], stats[1])
        return doc

    def users_table(self, start: Any, end: Any, previous_start: Any = None,
                    previous_end: Any = None, mailboxes: Any = None, tags: Any = None,
                    types: Any = None, folders: Any = None) -> Any:
        """Every user and team: a DataFrame shaped like `Dataset.users_table`."""
        import numpy as np
        import pandas as pd

        ranges = self._ranges(start, end, previous_start, previous_end)
        sql = build_sql(ranges, users=None, group=None, tz=self.tz,
                        mailboxes=_id_list(mailboxes), tags=_id_list(tags),
                        types=_type_list(types), folders=_id_list(folders))
        rows = {(int(row["grp"]), row["r"]): row for row in self._rows(sql)}
        users = self._rows("""
            SELECT id, any_value(first_name) AS first_name, any_value(last_name) AS last_name
            FROM (SELECT id, first_name, last_name FROM users
                  UNION ALL
                  SELECT DISTINCT created_by_id, NULL, NULL FROM threads
                  WHERE lower(created_by_type) = 'user' AND created_by_id IS NOT NULL)
            GROUP BY id ORDER BY id""")
        teams = self._rows("SELECT id, name FROM teams ORDER BY id")
        ids = [u["id"] for u in users] + [t["id"] for t in teams]
        names = [" ".join(p for p in (str(u.get(k) or "").strip()
                                      for k in ("first_name", "last_name")) if p) or None
                 for u in users] + [t["name"] or None for t in teams]
        frame = pd.DataFrame({"id": np.array(ids, dtype=np.int64),
                              "kind": ["user"] * len(users) + ["team"] * len(teams),
                              "name": names})
        stats = [[_stats(rows.get((int(i), r), {}), s, e, self.zone) for i in ids]
                 for r, (s, e) in enumerate(ranges)]
        for prefix, objs in zip(("", "previous."), stats, strict=False):
            for name in STAT_FIELDS:
                values = [o[name] for o in objs]
                if name == "busiestDay":
                    frame[prefix + name] = pd.array(values, dtype="Int64")
                elif name in FLOAT_FIELDS:
                    frame[prefix + name] = np.array(values, dtype=np.float64)
                elif name in ("startDate", "endDate"):  # timestamps, as the engine's
                    frame[prefix + name] = pd.to_datetime(values, format="%Y-%m-%dT%H:%M:%SZ",
                                                          utc=True).as_unit("s")
                else:
                    frame[prefix + name] = np.array(values, dtype=np.int64)
        if len(stats) > 1:
            ds = [deltas(c, p) for c, p in zip(stats[0], stats[1], strict=True)]
            for name in DELTA_FIELDS:
                frame["deltas." + name] = np.array([d[name] for d in ds], dtype=np.float64)
        return frame


def peer_user_report(data_dir: str | Path | None, user: Any, start: Any, end: Any,
                     previous_start: Any = None, previous_end: Any = None,
                     mailboxes: Any = None, tags: Any = None, types: Any = None,
                     folders: Any = None, *, db: str | Path | None = None) -> dict[str, Any]:
    """One report over `data_dir` (or the database file `db`) with a fresh connection
    (see `Peer.user_report`)."""
    with Peer(data_dir, db=db) as peer:
        return peer.user_report(user, start, end, previous_start, previous_end, mailboxes,
                                tags, types, folders)


def peer_users_table(data_dir: str | Path | None, start: Any, end: Any,
                     previous_start: Any = None, previous_end: Any = None,
                     mailboxes: Any = None, tags: Any = None, types: Any = None,
                     folders: Any = None, *, db: str | Path | None = None) -> Any:
    """The all-users table over `data_dir` (or the database file `db`) with a fresh
    connection."""
    with Peer(data_dir, db=db) as peer:
        return peer.users_table(start, end, previous_start, previous_end, mailboxes, tags,
                                types, folders)


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="duckdb_peer", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("user", "users"):
        p = sub.add_parser(name)
        source = p.add_mutually_exclusive_group(required=True)
        source.add_argument("--data", help="the folder of canonical Parquet files")
        source.add_argument("--db", help="a database file written by `load` (read-only)")
        if name == "user":
            p.add_argument("--user", required=True, type=int)
        p.add_argument("--start", required=True)
        p.add_argument("--end", required=True)
        p.add_argument("--previous-start")
        p.add_argument("--previous-end")
        for f in ("mailboxes", "tags", "types", "folders"):
            p.add_argument(f"--{f}")
        if name == "users":
            p.add_argument("--out", help="write CSV here (default: stdout)")
    p = sub.add_parser("load", help="copy the Parquet files into a new DuckDB database file")
    p.add_argument("--data", required=True, help="the folder of canonical Parquet files")
    p.add_argument("--db", required=True, help="the database file to create")
    p = sub.add_parser("sql", help="print the SQL of a sample request")
    p.add_argument("--all", action="store_true", help="the all-users statement")
    args = parser.parse_args(argv)
    if args.command == "sql":
        ranges = [(1748736000, 1751327999), (1746057600, 1748735999)]
        print(build_sql(ranges, users=None if args.all else [1000001, 1000002],
                        group=None if args.all else 9000001, tz="America/New_York",
                        types=["email", "chat"]))
        return
    if args.command == "load":
        print(json.dumps({"db": args.db, "rows": create_database(args.data, args.db)}))
        return
    request = {k: getattr(args, k) for k in ("start", "end", "previous_start",
                                             "previous_end", "mailboxes", "tags", "types",
                                             "folders")}
    if args.command == "user":
        print(json.dumps(peer_user_report(args.data, args.user, **request, db=args.db),
                         indent=2))
    else:
        frame = peer_users_table(args.data, **request, db=args.db)
        if args.out:
            frame.to_csv(args.out, index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
        else:
            sys.stdout.write(frame.to_csv(index=False, date_format="%Y-%m-%dT%H:%M:%SZ"))


if __name__ == "__main__":
    main()
