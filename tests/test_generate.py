"""The synthetic data generator: shape, determinism, integrity, and CSV output."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reports._generate import generate
from reports._schema import TABLES

N = 300
SEED = 7
START = pd.Timestamp("2024-01-01T00:00:00Z")
END = pd.Timestamp("2025-12-31T23:59:59Z")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], list[str]]:
    out = tmp_path_factory.mktemp("gen")
    messages: list[str] = []
    counts = generate(out, conversations=N, seed=SEED, progress=messages.append)
    return out, counts, messages


@pytest.fixture(scope="module")
def frames(generated: tuple[Path, dict[str, int], list[str]]) -> dict[str, pd.DataFrame]:
    out = generated[0]
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def test_every_canonical_table_with_canonical_columns_and_types(
        generated: tuple[Path, dict[str, int], list[str]]) -> None:
    out, counts, _ = generated
    assert set(counts) == set(TABLES)
    for name, table in TABLES.items():
        schema = pq.read_schema(out / f"{name}.parquet")
        assert schema.names == [c.name for c in table.columns], name
        for col in table.columns:
            typ = schema.field(col.name).type
            if col.kind == "id":
                assert typ == pa.int64(), (name, col.name, typ)
            elif col.kind == "seconds":
                assert typ == pa.float64(), (name, col.name, typ)
            elif col.kind == "flag":
                assert typ == pa.bool_(), (name, col.name, typ)
            elif col.kind == "time":
                assert pa.types.is_timestamp(typ) and typ.tz == "UTC", (name, col.name, typ)
            else:
                assert pa.types.is_string(typ), (name, col.name, typ)
        assert pq.read_metadata(out / f"{name}.parquet").num_rows == counts[name]


def test_returned_counts_and_progress(generated: tuple[Path, dict[str, int], list[str]]) -> None:
    _, counts, messages = generated
    assert counts["conversations"] == N
    assert 6 * N <= counts["threads"] <= 12 * N
    assert counts["users"] >= 8 and counts["teams"] >= 2
    assert counts["mailboxes"] == 10 and counts["tags"] == 50
    assert len(messages) == len(TABLES)
    assert {m.split(":")[0] for m in messages} == set(TABLES)


def test_deterministic_for_a_seed(tmp_path: Path,
                                  generated: tuple[Path, dict[str, int], list[str]]) -> None:
    first = generated[0]
    generate(tmp_path / "again", conversations=N, seed=SEED)
    generate(tmp_path / "other", conversations=N, seed=SEED + 1)
    for name in TABLES:
        a = pq.read_table(first / f"{name}.parquet")
        assert a.equals(pq.read_table(tmp_path / "again" / f"{name}.parquet")), name
    assert not pq.read_table(first / "threads.parquet").equals(
        pq.read_table(tmp_path / "other" / "threads.parquet"))
    assert ((first / "office_hours.json").read_text()
            == (tmp_path / "again" / "office_hours.json").read_text())


def test_keys_are_unique(frames: dict[str, pd.DataFrame]) -> None:
    for name, table in TABLES.items():
        if table.key is not None:
            assert frames[name][table.key].is_unique, name
    for name in ("conversation_tags", "team_members"):
        assert not frames[name].duplicated().any(), name
    assert not set(frames["users"]["id"]) & set(frames["teams"]["id"])


def test_referential_integrity(frames: dict[str, pd.DataFrame]) -> None:
    conv, threads, ratings = frames["conversations"], frames["threads"], frames["ratings"]
    conv_ids, thread_ids = set(conv["id"]), set(threads["id"])
    assert set(threads["conversation_id"]) == conv_ids  # every conversation has threads
    assert set(ratings["conversation_id"]) <= conv_ids
    assert set(ratings["thread_id"].dropna().astype("int64")) <= thread_ids
    rated = ratings.dropna(subset=["thread_id"]).merge(
        threads, left_on="thread_id", right_on="id", suffixes=("", "_thread"))
    assert len(rated) == ratings["thread_id"].notna().sum()
    assert (rated["conversation_id"] == rated["conversation_id_thread"]).all()
    assert (rated["created_at"] > rated["created_at_thread"]).all()
    assert (rated["created_by_type"] == "user").all()
    with_user = rated.dropna(subset=["user_id"])
    assert (with_user["user_id"] == with_user["created_by_id"]).all()
    assert set(frames["team_members"]["user_id"]) <= set(frames["users"]["id"])
    assert set(frames["team_members"]["team_id"]) == set(frames["teams"]["id"])
    assert set(frames["conversation_tags"]["conversation_id"]) <= conv_ids
    assert set(frames["conversation_tags"]["tag_id"]) <= set(frames["tags"]["id"])
    assert set(conv["mailbox_id"]) <= set(frames["mailboxes"]["id"])
    folders = frames["folders"].set_index("id")["mailbox_id"]
    with_folder = conv.dropna(subset=["folder_id"])
    assert (folders.loc[with_folder["folder_id"].astype("int64")].to_numpy()
            == with_folder["mailbox_id"].to_numpy()).all()
    assert set(frames["folders"]["mailbox_id"]) == set(frames["mailboxes"]["id"])


def test_times(frames: dict[str, pd.DataFrame]) -> None:
    conv, threads = frames["conversations"], frames["threads"]
    joined = threads.merge(conv[["id", "created_at"]], left_on="conversation_id",
                           right_on="id", suffixes=("", "_conv"))
    assert (joined["created_at"] >= joined["created_at_conv"]).all()
    for frame, col in ((conv, "created_at"), (threads, "created_at"),
                       (frames["ratings"], "created_at"), (conv, "closed_at")):
        values = frame[col].dropna()
        assert values.min() >= START and values.max() <= END, col
        assert (values.dt.microsecond == 0).all() and (values.dt.nanosecond == 0).all()
    closed = conv[conv["closed_at"].notna()]
    assert (closed["closed_at"] >= closed["created_at"]).all()
    assert (conv.loc[conv["status"] != "closed", "closed_at"].isna()).all()
    # user-created conversations open with the creator's thread at created_at
    first = threads.sort_values(["conversation_id", "created_at", "id"]).groupby(
        "conversation_id").head(1).set_index("conversation_id")
    by_user = conv[conv["created_by_type"] == "user"].set_index("id")
    assert (first.loc[by_user.index, "created_at"] == by_user["created_at"]).all()
    assert (first.loc[by_user.index, "created_by_id"] == by_user["created_by_id"]).all()
    assert (first.loc[by_user.index, "created_by_type"] == "user").all()


def test_enum_values_are_canonical(frames: dict[str, pd.DataFrame]) -> None:
    conv, threads = frames["conversations"], frames["threads"]
    assert set(conv["type"]) == {"email", "chat", "phone"}
    assert set(conv["status"]) == {"active", "pending", "closed", "spam"}
    assert set(conv["state"].dropna()) == {"published", "draft", "deleted"}
    assert set(conv["created_by_type"]) == {"user", "customer"}
    assert set(threads["type"]) <= {"customer", "reply", "message", "note", "lineitem", "chat",
                                    "phone", "beaconchat", "forwardparent", "forwardchild"}
    assert set(threads["state"].dropna()) <= {"published", "draft", "hidden", "review",
                                              "underreview"}
    assert set(threads["status"].dropna()) == {"active", "pending", "closed", "nochange"}
    assert set(threads["created_by_type"]) == {"user", "customer", "other"}
    assert set(frames["ratings"]["rating"]) == {"great", "okay", "not_good"}
    customer = threads["created_by_type"] == "customer"
    assert threads.loc[customer, "customer_id"].notna().all()
    assert threads.loc[~customer, "customer_id"].isna().all()
    assert threads.loc[threads["created_by_type"] == "user", "created_by_id"].notna().all()
    handled = threads[threads["handle_seconds"].notna()]
    assert len(handled) > 0 and (handled["handle_seconds"] > 0).all()
    assert (handled["created_by_type"] == "user").all()
    assert set(handled["type"]) <= {"reply", "message", "chat", "phone"}


def test_contains_what_the_report_needs(frames: dict[str, pd.DataFrame]) -> None:
    conv, threads = frames["conversations"], frames["threads"]
    assert (conv["status"] == "spam").any()
    assert (conv["state"] == "draft").any()
    assert (conv["state"] == "deleted").any()
    assert conv["state"].isna().any()  # null = published
    assert (conv["created_by_type"] == "user").any()
    closed = conv[conv["status"] == "closed"]
    assert (closed["closed_by"] == 0).any()  # workflow closes
    assert closed["closed_by"].isna().any()
    assert (closed["closed_by"] > 0).any()
    types = set(threads["type"])
    assert {"note", "lineitem", "message", "reply", "chat", "beaconchat", "phone"} <= types
    assert {"draft", "hidden"} <= set(threads["state"].dropna())
    assert threads["status"].isna().any() and (threads["status"] == "nochange").any()
    # a conversation closed by a thread, then reopened by the customer
    carrying = threads[threads["status"].notna() & (threads["status"] != "nochange")]
    carrying = carrying.sort_values(["conversation_id", "created_at", "id"])
    before = carrying.groupby("conversation_id")["status"].shift()
    reopened = carrying[(carrying["created_by_type"] == "customer")
                        & (carrying["status"] == "active") & (before == "closed")]
    assert reopened["conversation_id"].nunique() >= 5
    # closed twice: a close after a reopen
    again = carrying[(carrying["status"] == "closed") & (before == "active")]
    assert again["conversation_id"].isin(reopened["conversation_id"]).any()
    # user replies in spam conversations exist, so excluding spam matters
    spam = conv.loc[conv["status"] == "spam", "id"]
    assert (threads["conversation_id"].isin(spam) & (threads["created_by_type"] == "user")).any()
    assert frames["ratings"]["user_id"].isna().any()
    assert frames["users"]["photo_url"].isna().any()
    assert frames["team_members"].groupby("user_id").size().max() > 1  # overlapping teams


def test_office_hours(generated: tuple[Path, dict[str, int], list[str]]) -> None:
    config = json.loads((generated[0] / "office_hours.json").read_text())
    assert config["enabled"] is True and config["timezone"] == "America/New_York"
    schedule = config["schedule"]
    assert "saturday" not in schedule and "sunday" not in schedule
    shifts = [s for day in schedule.values() for s in day]
    assert any(len(day) > 1 for day in schedule.values())  # a split shift
    assert any(close <= open_ for open_, close in shifts)  # an overnight shift
    assert any(close == "24:00" for _, close in shifts)
    holidays = pd.to_datetime(config["holidays"], utc=True)
    assert ((holidays >= START) & (holidays <= END)).all()


def test_csv_output_readable_by_pandas(tmp_path: Path,
                                       frames: dict[str, pd.DataFrame]) -> None:
    generate(tmp_path, conversations=20, seed=SEED)  # replaced, not left beside the CSV
    counts = generate(tmp_path, conversations=N, seed=SEED, fmt="csv")
    assert not list(tmp_path.glob("*.parquet"))
    for name, table in TABLES.items():
        frame = pd.read_csv(tmp_path / f"{name}.csv")
        assert list(frame.columns) == [c.name for c in table.columns], name
        assert len(frame) == counts[name] == len(frames[name]), name
        for col in table.columns:
            expected = frames[name][col.name]
            if col.kind == "time":
                text = frame[col.name].dropna()
                assert text.str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").all(), col.name
                got = pd.to_datetime(frame[col.name], utc=True)
                assert (got.isna() == expected.isna()).all(), col.name
                assert (got.dropna() == expected.dropna()).all(), col.name
            elif col.kind in ("id", "int"):
                pd.testing.assert_series_equal(frame[col.name].astype("Float64"),
                                               expected.astype("Float64"), check_names=False)
            else:  # an empty string reads back as null, as docs/data.md › Tables says it should
                want = expected.where(expected != "")
                assert (frame[col.name].isna() == want.isna()).all(), col.name
                assert (frame[col.name].dropna() == want.dropna()).all(), col.name


def test_scales_down_and_rejects_bad_arguments(tmp_path: Path) -> None:
    counts = generate(tmp_path / "one", conversations=1, seed=0)
    assert counts["conversations"] == 1 and counts["threads"] >= 1
    with pytest.raises(ValueError, match="fmt"):
        generate(tmp_path / "bad", conversations=10, fmt="json")
    with pytest.raises(ValueError, match="conversations"):
        generate(tmp_path / "bad", conversations=0)
