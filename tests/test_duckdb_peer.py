"""The DuckDB peer (benchmarks/duckdb_peer.py) gives the engine's numbers, bit for bit.

The peer is written independently, in SQL, from docs/metrics.md (Events, Statistics); the
engine and it must agree on every field of `current`, `previous`, `deltas`, the user object
and `filterTags`, and on every cell of the all-users table — on a generated dataset, for
users, a departed user, teams, filters and previous ranges (office hours off: the peer has
no office hours).
"""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

duckdb = pytest.importorskip("duckdb")

import reports  # noqa: E402
from reports._generate import generate  # noqa: E402

PEER_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "duckdb_peer.py"

RANGES = [
    {"start": "2025-03-01T00:00:00Z", "end": "2025-06-30T23:59:59Z",
     "previous_start": "2024-11-01T00:00:00Z", "previous_end": "2025-02-28T23:59:59Z"},
    {"start": "2025-06-02T00:00:00Z", "end": "2025-06-08T23:59:59Z"},
    {"start": "2023-06-01T00:00:00Z", "end": "2026-06-01T00:00:00Z",
     "previous_start": "2024-01-01T05:00:00+05:00", "previous_end": "2024-01-01T12:00:00Z"},
]


@pytest.fixture(scope="module")
def peer_module() -> Any:
    spec = importlib.util.spec_from_file_location("duckdb_peer", PEER_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("peer") / "data"
    generate(path, conversations=2000, seed=11)
    return path


@pytest.fixture(scope="module")
def engine(data: Path) -> reports.Dataset:
    return reports.load(data)


@pytest.fixture(scope="module")
def peer(peer_module: Any, data: Path) -> Any:
    with peer_module.Peer(data) as p:
        yield p


def _ids(data: Path, sql: str) -> list[int]:
    return [int(r[0]) for r in duckdb.sql(sql.format(d=data)).fetchall()]


def _subjects(data: Path) -> list[int]:
    users = _ids(data, "SELECT id FROM '{d}/users.parquet' ORDER BY id")
    departed = _ids(data, "SELECT DISTINCT created_by_id FROM '{d}/threads.parquet' "
                          "WHERE created_by_type = 'user' AND created_by_id NOT IN "
                          "(SELECT id FROM '{d}/users.parquet') ORDER BY 1")
    teams = _ids(data, "SELECT id FROM '{d}/teams.parquet' ORDER BY id")
    return users[:4] + departed[:1] + teams


def _filters(data: Path) -> list[dict[str, Any]]:
    mailboxes = _ids(data, "SELECT mailbox_id FROM '{d}/conversations.parquet' "
                           "GROUP BY 1 ORDER BY count(*) DESC")
    tags = _ids(data, "SELECT tag_id FROM '{d}/conversation_tags.parquet' "
                      "GROUP BY 1 ORDER BY count(*) DESC")
    folders = _ids(data, "SELECT folder_id FROM '{d}/conversations.parquet' "
                         "WHERE folder_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC")
    return [
        {},
        {"types": ["email", "chat"]},
        {"mailboxes": mailboxes[:3], "tags": tags[:8]},
        {"folders": folders[:10], "types": "phone,chat"},
        {"tags": []},  # an empty list matches nothing
    ]


def _differences(engine: dict[str, Any], peer: dict[str, Any]) -> list[str]:
    out = []
    for part in engine.keys() | peer.keys():
        a, b = engine.get(part), peer.get(part)
        if isinstance(a, dict) and isinstance(b, dict):
            out += [f"{part}.{k}: engine {a.get(k)!r}, peer {b.get(k)!r}"
                    for k in a.keys() | b.keys() if a.get(k) != b.get(k)]
        elif a != b:
            out.append(f"{part}: engine {a!r}, peer {b!r}")
    return out


def test_reports_agree(data: Path, engine: reports.Dataset, peer: Any) -> None:
    compared = 0
    for user in _subjects(data):
        for i, rng in enumerate(RANGES):
            for filters in _filters(data) if i == 0 else [{}]:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", reports.ReportsWarning)
                    expected = engine.user_report(user, **rng, **filters)
                got = peer.user_report(user, **rng, **filters)
                assert _differences(expected, got) == [], (user, rng, filters)
                # Same values, same types (0 vs 0.0) and the same key order.
                assert json.dumps(got) == json.dumps(expected), (user, rng, filters)
                compared += 1
    assert compared >= 40


def test_reports_are_not_trivial(data: Path, engine: reports.Dataset) -> None:
    """The comparison above covers non-zero values of every statistic."""
    seen: set[str] = set()
    for user in _subjects(data):
        doc = engine.user_report(user, **RANGES[0])
        seen |= {k for part in ("current", "previous") for k, v in doc[part].items() if v}
    assert seen >= {"resolved", "conversationsCreated", "closed", "totalReplies",
                    "resolvedOnFirstReply", "repliesToResolve", "handleTime",
                    "happinessScore", "responseTime", "resolutionTime", "customersHelped",
                    "totalConversations", "busiestDay"}


@pytest.mark.parametrize("rng", [RANGES[0], RANGES[1]])
def test_users_table_agrees(engine: reports.Dataset, peer: Any, rng: dict[str, str]) -> None:
    expected = engine.users_table(**rng, types=["email", "phone"])
    got = peer.users_table(**rng, types=["email", "phone"])
    pd.testing.assert_frame_equal(got, expected, check_exact=True)


def test_command_line(peer_module: Any, data: Path, engine: reports.Dataset,
                      capsys: pytest.CaptureFixture[str]) -> None:
    user = _subjects(data)[0]
    peer_module.main(["user", "--data", str(data), "--user", str(user),
                      "--start", RANGES[0]["start"], "--end", RANGES[0]["end"],
                      "--types", "email"])
    assert json.loads(capsys.readouterr().out) == engine.user_report(
        user, RANGES[0]["start"], RANGES[0]["end"], types="email")



def test_database_file(peer_module: Any, data: Path, engine: reports.Dataset,
                       tmp_path: Path) -> None:
    """The same SQL over a database file loaded from the Parquet files (`--db`)."""
    db = tmp_path / "peer.duckdb"
    rows = peer_module.create_database(data, db)
    assert rows["threads"] == len(pd.read_parquet(data / "threads.parquet", columns=["id"]))
    subjects = _subjects(data)
    with peer_module.Peer(db=db) as peer:
        for subject in (subjects[0], subjects[-1]):
            assert peer.user_report(subject, **RANGES[0]) == engine.user_report(
                subject, **RANGES[0])
        pd.testing.assert_frame_equal(peer.users_table(**RANGES[1]),
                                      engine.users_table(**RANGES[1]), check_exact=True)
    with pytest.raises(FileExistsError):
        peer_module.create_database(data, db)


def test_peer_over_a_store(peer_module: Any, data: Path, engine: reports.Dataset,
                           tmp_path: Path) -> None:
    """A prepared store's tables are a plain Parquet dataset: the peer's SQL over them
    gives what the engine computes from the source, and what the engine computes from the
    store."""
    from reports.store import import_store

    store = tmp_path / "store"
    import_store(data, store, partition_size=700)  # three partitions
    assert len(list((store / "tables" / "threads").glob("*.parquet"))) == 3
    stored = reports.load(store)
    subjects = _subjects(data)
    with peer_module.Peer(store) as peer:
        for subject in (subjects[0], subjects[4], subjects[-1]):
            for rng in RANGES[:2]:
                expected = engine.user_report(subject, **rng)
                assert peer.user_report(subject, **rng) == expected, (subject, rng)
                assert stored.user_report(subject, **rng) == expected, (subject, rng)
        table = engine.users_table(**RANGES[0])
        pd.testing.assert_frame_equal(peer.users_table(**RANGES[0]), table,
                                      check_exact=True)
        pd.testing.assert_frame_equal(stored.users_table(**RANGES[0]), table,
                                      check_exact=True)


# --------------------------------------------------------------------------- edge cases


def _ts(text: str | None) -> Any:
    return None if text is None else pd.Timestamp(text, tz="UTC")


def _write_edge_cases(path: Path) -> None:
    """A hand-made dataset with what the generator never makes: a user reply without an
    author, sub-second instants, ties in created_at, mixed letter case, rating spellings,
    a rating found through its thread, a close by a user who never wrote, a hidden reply.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.mkdir(parents=True, exist_ok=True)
    conv_cols = ["id", "type", "status", "state", "mailbox_id", "folder_id", "created_at",
                 "created_by_type", "created_by_id", "customer_id", "closed_at", "closed_by"]
    conversations = [
        (10, "email", "closed", None, 1, 5, "2025-01-06T10:00:00.700", "customer", None,
         500, None, None),
        (11, "Chat", "CLOSED", "published", 1, 5, "2025-01-07T08:00:00", "customer", None,
         501, "2025-01-07T09:00:00", 0),
        (12, "phone", "closed", None, 2, 6, "2025-01-08T09:00:00", "User", 1, 502,
         "2025-01-08T10:00:00", 3),
        (13, "email", "spam", None, 1, 5, "2025-01-08T09:00:00", "customer", None, 503,
         None, None),
        (14, "email", "active", "deleted", 1, 5, "2025-01-08T09:00:00", "customer", None,
         504, None, None),
        (15, "email", "pending", None, 2, None, "2025-01-09T09:00:00", "customer", None,
         None, None, None),
    ]
    th_cols = ["id", "conversation_id", "type", "state", "status", "created_at",
               "created_by_type", "created_by_id", "handle_seconds"]
    threads = [
        (101, 10, "customer", None, "active", "2025-01-06T10:00:00.700", "customer", 900, None),
        (102, 10, "MESSAGE", None, None, "2025-01-06T11:00:00", "user", None, 30),
        (103, 10, "customer", None, "nochange", "2025-01-06T12:00:00", "customer", 900, None),
        (104, 10, "customer", "published", None, "2025-01-06T12:30:00", "customer", 900, None),
        (106, 10, "reply", None, "Closed", "2025-01-06T13:00:00.999", "user", 1, 61),
        (105, 10, "note", None, None, "2025-01-06T13:00:00", "user", 2, None),
        (107, 10, "customer", None, "active", "2025-01-06T14:00:00", "customer", 900, None),
        (108, 10, "reply", None, "closed", "2025-01-06T15:00:00", "user", 2, None),
        (111, 11, "chat", None, None, "2025-01-07T08:00:00", "customer", 901, None),
        (112, 11, "chat", None, None, "2025-01-07T08:10:00", "user", 1, 5),
        (113, 11, "chat", None, None, "2025-01-07T08:20:00", "user", None, 7),
        (114, 11, "beaconchat", None, None, "2025-01-07T08:30:00", "customer", 901, None),
        (121, 12, "phone", None, None, "2025-01-08T09:00:00", "user", 1, 120),
        (122, 12, "reply", "hidden", None, "2025-01-08T09:30:00", "user", 2, 10),
        (123, 12, "customer", None, None, "2025-01-08T09:40:00", "customer", 902, None),
        (124, 12, "lineitem", None, "closed", "2025-01-08T09:50:00", "other", None, None),
        (131, 13, "reply", None, None, "2025-01-08T09:10:00", "user", 1, 10),
        (141, 14, "reply", None, None, "2025-01-08T09:10:00", "user", 1, 10),
        (151, 15, "customer", None, None, "2025-01-09T09:00:00", "customer", 903, None),
        (152, 15, "reply", None, "pending", "2025-01-09T09:05:00", "user", 2, 40),
    ]
    rt_cols = ["id", "conversation_id", "thread_id", "user_id", "rating", "created_at"]
    ratings = [
        (1, 10, 106, None, "GREAT", "2025-01-06T16:00:00"),
        (2, 12, 121, 1, "bad", "2025-01-08T11:00:00"),
        (3, 11, 113, None, "ok", "2025-01-07T10:00:00"),
        (4, 10, None, 2, "2", "2025-01-06T17:00:00"),
        (5, 10, 108, None, "unknown", "2025-01-06T17:00:00"),
        (6, 12, 121, None, "Not Good", "2025-01-08T12:00:00"),
    ]

    def write(name: str, cols: list[str], rows: list[tuple[Any, ...]],
              times: tuple[str, ...] = ()) -> None:
        frame = pd.DataFrame(rows, columns=cols)
        for c in times:
            frame[c] = pd.to_datetime(frame[c], utc=True, format="ISO8601").astype(
                "datetime64[ms, UTC]")
        for c in frame.columns:
            if c.endswith("_id") or c in ("id", "closed_by", "handle_seconds"):
                frame[c] = frame[c].astype("Int64")
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False),
                       path / f"{name}.parquet")

    write("conversations", conv_cols, conversations, ("created_at", "closed_at"))
    write("threads", th_cols, threads, ("created_at",))
    write("ratings", rt_cols, ratings, ("created_at",))
    write("users", ["id", "first_name", "last_name"], [(1, "Ann", "Lee"), (2, "Bo", None),
                                                       (3, None, None)])
    write("teams", ["id", "name"], [(100, "Desk")])
    write("team_members", ["team_id", "user_id"], [(100, 1), (100, 2), (100, 2)])
    write("tags", ["id", "name"], [(7, "seven"), (8, "eight")])
    write("conversation_tags", ["conversation_id", "tag_id"], [(10, 7), (12, 8), (12, 7)])


EDGE_RANGES = [
    {"start": "2025-01-01T00:00:00Z", "end": "2025-01-31T23:59:59Z",
     "previous_start": "2025-01-06T13:00:00Z", "previous_end": "2025-01-06T13:00:00Z"},
    {"start": "2025-01-06T00:00:00Z", "end": "2025-01-06T13:00:00Z"},
    {"start": "2025-01-06T13:00:01Z", "end": "2025-01-08T09:50:00Z"},
]


@pytest.mark.parametrize("user", [1, 2, 3, 100])
@pytest.mark.parametrize("filters", [{}, {"folders": [5]}, {"tags": [7]}, {"types": "chat"}])
def test_edge_cases_agree(peer_module: Any, tmp_path_factory: pytest.TempPathFactory,
                          user: int, filters: dict[str, Any]) -> None:
    path = tmp_path_factory.getbasetemp() / "edge"
    if not path.exists():
        _write_edge_cases(path)
    engine = reports.load(path)
    with peer_module.Peer(path) as peer:
        for rng in EDGE_RANGES:
            expected = engine.user_report(user, **rng, **filters)
            got = peer.user_report(user, **rng, **filters)
            assert _differences(expected, got) == [], (user, rng, filters)
        table = dict(EDGE_RANGES[0], **filters)
        pd.testing.assert_frame_equal(peer.users_table(**table), engine.users_table(**table),
                                      check_exact=True)
