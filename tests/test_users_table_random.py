"""The all-users table agrees with one report per user and team, on random data.

`users_table` computes every user and team in one pass (team rows expanded from member
rows); `user_report` reads one subject's rows. Both must give the same numbers.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from strategies import scenarios
from test_against_reference import copy_tables

import reports
from reports._document import DELTA_FIELDS
from reports._stats import STAT_FIELDS


def same(value: Any, expected: Any) -> bool:
    if isinstance(value, pd.Timestamp):  # startDate, endDate: timestamps in the table
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") == expected
    if expected is None:
        return value is None or (isinstance(value, float) and math.isnan(value)) or str(
            value) == "<NA>"
    return bool(value == expected)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_users_table_rows_equal_user_reports(scenario: Any) -> None:
    tables, office, request = scenario
    request = {k: v for k, v in request.items() if k != "user"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", reports.ReportsWarning)
        ds = reports.from_tables(copy_tables(tables), office_hours=office)
        table = ds.users_table(**request)
        for row in table.to_dict("records"):
            doc = ds.user_report(int(row["id"]), **request)
            for name in STAT_FIELDS:
                assert same(row[name], doc["current"][name]), (row["id"], name)
            if "previous" in doc:
                for name in STAT_FIELDS:
                    assert same(row["previous." + name], doc["previous"][name]), name
                for name in DELTA_FIELDS:
                    assert row["deltas." + name] == doc["deltas"][name], name
