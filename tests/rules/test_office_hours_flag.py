"""officeHours=1 without a usable config (docs/metrics.md › Office hours): warn, then
calendar seconds."""

from __future__ import annotations

import pytest

import reports

from .conftest import build, conv, current, customer, jan, reply

SCHEDULE = {"timezone": "UTC", "schedule": {"monday": [["10:00", "10:10"]]}, "holidays": []}


def scenario(office_hours=None):
    # conversation created Monday 09:00; customer 10:00, reply 10:30, closed at 11:00
    return build([conv(1, jan(5, "09:00:00"), status="closed", closed_at=jan(5, "11:00:00"),
                       closed_by=1)],
                 [customer(1, jan(5, "10:00:00")), reply(1, jan(5, "10:30:00"))],
                 office_hours=office_hours)


def test_office_hours_without_config_warn_and_use_calendar_seconds():
    with pytest.warns(reports.ReportsWarning):
        stats = current(scenario(), office_hours=True)
    assert stats["responseTime"] == 1800  # 10:30 - 10:00
    assert stats["resolutionTime"] == 7200.0  # 11:00 - 09:00


def test_disabled_config_is_the_same_as_none():
    with pytest.warns(reports.ReportsWarning):
        stats = current(scenario(SCHEDULE | {"enabled": False}), office_hours="1")
    assert stats["responseTime"] == 1800
    assert stats["resolutionTime"] == 7200.0


def test_office_hours_not_requested_means_calendar_seconds():
    # the config is there and enabled, but the request does not ask for office hours
    stats = current(scenario(SCHEDULE | {"enabled": True}))
    assert stats["responseTime"] == 1800
    assert stats["resolutionTime"] == 7200.0
