"""A focused load (`reports.load(path, focus=id)`) gives the same report as a full one."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from reference import Reference
from strategies import scenarios
from test_against_reference import assert_same_document, copy_tables

import reports

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"
RANGES = {
    "start": "2025-06-01T00:00:00Z", "end": "2025-06-30T23:59:59Z",
    "previous_start": "2025-05-01T00:00:00Z", "previous_end": "2025-05-31T23:59:59Z",
}


@pytest.fixture(scope="module")
def full() -> reports.Dataset:
    return reports.load(SAMPLE)


def subjects() -> list[int]:
    table = reports.load(SAMPLE).users_table(start=RANGES["start"], end=RANGES["end"])
    return [int(i) for i in table["id"]]


@pytest.mark.parametrize("subject", subjects())
@pytest.mark.parametrize("filters", [
    {},
    {"types": ["email"], "office_hours": True},
    {"tags": [60001, 60004], "mailboxes": [40001, 40002, 40003]},
])
def test_focused_report_equals_full_report(full: reports.Dataset, subject: int,
                                           filters: dict[str, object]) -> None:
    focused = reports.load(SAMPLE, focus=subject)
    assert focused.focus is not None
    assert focused.focus.conversations < focused.focus.total_conversations
    assert focused.user_report(subject, **RANGES, **filters) == full.user_report(
        subject, **RANGES, **filters)


def test_focused_dataset_refuses_other_users() -> None:
    ids = subjects()
    focused = reports.load(SAMPLE, focus=ids[0])
    with pytest.raises(reports.RequestError, match="focus") as err:
        focused.user_report(ids[1], start=RANGES["start"], end=RANGES["end"])
    assert err.value.parameter == "user"
    with pytest.raises(reports.RequestError, match="focus"):
        focused.users_table(start=RANGES["start"], end=RANGES["end"])


def test_focused_load_still_warns_about_filter_ids_that_occur_nowhere() -> None:
    subject = subjects()[0]
    focused = reports.load(SAMPLE, focus=subject)
    with pytest.warns(reports.ReportsWarning, match="12345"):
        focused.user_report(subject, start=RANGES["start"], end=RANGES["end"],
                            mailboxes=[12345])


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_focused_report_equals_reference_on_random_data(scenario: Any) -> None:
    tables, office, request = scenario
    expected = Reference(copy_tables(tables), office).user_report(**request)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        focused = reports.from_tables(copy_tables(tables), office_hours=office,
                                      focus=request["user"])
        assert_same_document(focused.user_report(**request), expected)


def test_focused_load_counts_what_a_full_load_counts(tmp_path: Path) -> None:
    # Copy sample_data, then add a thread of a conversation that does not exist.
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    threads = pq.read_table(data / "threads.parquet")
    orphan = threads.slice(0, 1).to_pandas()
    orphan["id"] = orphan["id"] + 10**9
    orphan["conversation_id"] = 1
    pq.write_table(pa.concat_tables([threads, pa.Table.from_pandas(
        orphan, schema=threads.schema, preserve_index=False)]), data / "threads.parquet")
    subject = subjects()[1]
    full, focused = reports.load(data), reports.load(data, focus=subject)
    assert full.load_report.dropped == {"threads whose conversation is missing": 1}
    assert focused.load_report.dropped == full.load_report.dropped
    assert focused.user_report(subject, **RANGES) == full.user_report(subject, **RANGES)
