"""Office hours (docs/metrics.md › Office hours): config validation and exact office seconds.

The property tests compare `OfficeClock` with a brute-force oracle written independently
of the module: it enumerates every shift day by day, turns its wall times into UTC with
`zoneinfo` (``fold`` for overlaps, a round trip plus a scan for gaps), marks every UTC
minute of a window that some shift covers, and counts marked minutes.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from itertools import accumulate
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reports._office_hours as oh
from reports._errors import DataError
from reports._office_hours import (
    OfficeClock,
    OfficeHours,
    local_days,
    parse_office_hours,
    read_office_hours,
)

UTC = dt.UTC


def utc(text: str) -> int:
    """'2021-03-14T07:00' (UTC) -> epoch seconds."""
    return int(dt.datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp())


def seconds(hours: OfficeHours, a: str, b: str) -> int:
    """Office seconds in [a, b), both UTC."""
    lo, hi = utc(a), utc(b)
    clock = OfficeClock(hours, lo, hi)
    return int(clock.office_seconds(np.array([lo]), np.array([hi]))[0])


def config(zone: str, schedule: dict, holidays: tuple[str, ...] = ()) -> OfficeHours:
    return parse_office_hours({"enabled": True, "timezone": zone, "schedule": schedule,
                               "holidays": list(holidays)})


# ------------------------------------------------------------------------------ oracle


def oracle_utc(wall: dt.datetime, tz: zoneinfo.ZoneInfo) -> int:
    """A wall time's UTC instant (docs/metrics.md › Office hours): gap -> end of the gap,
    overlap -> earlier."""

    def local(u: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(u, tz).replace(tzinfo=None)

    candidates = sorted({int(wall.replace(tzinfo=tz, fold=f).timestamp()) for f in (0, 1)})
    valid = [u for u in candidates if local(u) == wall]
    if valid:
        return valid[0]
    # In a gap: fold=1 uses the later offset and lands before the transition, fold=0
    # after it. Walk forward to the first instant whose wall time is past `wall`.
    u = candidates[0]
    while local(u + 60) <= wall:
        u += 60
    while local(u) <= wall:
        u += 1
    return u


def oracle_shifts(hours: OfficeHours, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """[start, end) UTC of every shift starting on a local date in [first, last]."""
    tz = zoneinfo.ZoneInfo(hours.timezone)
    out = []
    d = first
    while d <= last:
        if d not in hours.holidays:
            midnight = dt.datetime(d.year, d.month, d.day)
            for opens, closes in hours.schedule[d.weekday()]:
                end_day = 0 if closes > opens else 1
                start = oracle_utc(midnight + dt.timedelta(seconds=opens), tz)
                end = oracle_utc(midnight + dt.timedelta(days=end_day, seconds=closes), tz)
                out.append((start, end))
        d += dt.timedelta(days=1)
    return out


class MinuteOracle:
    """Open/closed for each UTC minute of [t0, t0 + 60 * n)."""

    def __init__(self, hours: OfficeHours, t0: int, n: int) -> None:
        first = dt.datetime.fromtimestamp(t0, UTC).date() - dt.timedelta(days=3)
        last = dt.datetime.fromtimestamp(t0 + 60 * n, UTC).date() + dt.timedelta(days=3)
        self.t0, self.n = t0, n
        self.open = bytearray(n)
        for start, end in oracle_shifts(hours, first, last):
            assert start % 60 == 0 and end % 60 == 0  # the minute walk is exact
            for m in range(max(0, (start - t0) // 60), min(n, (end - t0) // 60)):
                self.open[m] = 1
        self.before = [0, *accumulate(self.open)]

    def cumulative(self, x: int) -> int:
        m, s = divmod(x - self.t0, 60)
        return 60 * self.before[m] + (self.open[m] * s if m < self.n else 0)

    def office_seconds(self, a: int, b: int) -> int:
        return max(self.cumulative(b) - self.cumulative(a), 0)


# ------------------------------------------------------------------- property tests

# Windows of a week around both DST transitions of each zone (Sydney: southern DST; the
# Kathmandu window holds its 1986 change from +05:30 to +05:45, a 15-minute gap).
WINDOWS = {
    "America/New_York": [dt.date(2021, 3, 14), dt.date(2021, 11, 7)],
    "Europe/London": [dt.date(2021, 3, 28), dt.date(2021, 10, 31)],
    "Australia/Sydney": [dt.date(2021, 4, 4), dt.date(2021, 10, 3)],
    "Asia/Kolkata": [dt.date(2021, 6, 1)],
    "Asia/Kathmandu": [dt.date(1986, 1, 1), dt.date(2021, 6, 1)],
}
DAYS = ["monday", "Tuesday", "WEDNESDAY", "thursday", "Friday", "saturday", "Sunday"]
# minutes of the day; 1440 is "24:00". Biased towards midnight and the hours in which the
# zones above change their clocks (00:00-03:20).
MINUTES = st.one_of(
    st.sampled_from([0, 5, 15, 60, 90, 120, 150, 180, 1380, 1410, 1440]),
    st.integers(0, 200),
    st.integers(0, 1440),
)


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


shift = st.tuples(MINUTES.filter(lambda m: m < 1440), MINUTES).map(
    lambda p: [hhmm(p[0]), hhmm(p[1])])
schedules = st.fixed_dictionaries({day: st.lists(shift, max_size=2) for day in DAYS})
WEEK = 7 * 1440
instants = st.tuples(st.integers(0, WEEK), st.sampled_from([0, 0, 1, 59])
                     | st.integers(0, 59))


@pytest.mark.parametrize("zone", sorted(WINDOWS))
@settings(max_examples=40, deadline=None)
@given(data=st.data(), schedule=schedules, holidays=st.sets(st.integers(-4, 4), max_size=3),
       pairs=st.lists(st.tuples(instants, instants), min_size=1, max_size=30),
       few_buckets=st.booleans(), chunk=st.sampled_from([3, oh._CHUNK]))
def test_matches_minute_oracle(zone, data, schedule, holidays, pairs, few_buckets, chunk):
    center = data.draw(st.sampled_from(WINDOWS[zone]), label="center")
    hours = config(zone, schedule,
                   tuple(str(center + dt.timedelta(days=h)) for h in sorted(holidays)))
    t0 = int(dt.datetime(center.year, center.month, center.day, tzinfo=UTC).timestamp())
    t0 -= 3 * 86400
    oracle = MinuteOracle(hours, t0, WEEK)

    def instant(m_s: tuple[int, int]) -> int:
        m, s = m_s
        return t0 + 60 * m + (s if m < WEEK else 0)

    a = np.array([t0] + [instant(p[0]) for p in pairs], dtype=np.int64)
    b = np.array([t0 + 60 * WEEK] + [instant(p[1]) for p in pairs], dtype=np.int64)
    # few_buckets forces the lookup path that refines within coarse buckets.
    with mock.patch.object(oh, "_MAX_BUCKETS", 16 if few_buckets else oh._MAX_BUCKETS):
        clock = OfficeClock(hours, t0, t0 + 60 * WEEK)
    with mock.patch.object(oh, "_CHUNK", chunk):  # queries are answered in chunks
        got = clock.office_seconds(a, b)
    want = [oracle.office_seconds(int(x), int(y)) for x, y in zip(a, b, strict=True)]
    assert got.tolist() == want


@settings(max_examples=30, deadline=None)
@given(zone=st.sampled_from(sorted(WINDOWS)),
       t=st.lists(st.integers(utc("1985-12-01T00:00"), utc("2022-12-31T00:00")),
                  min_size=1, max_size=20))
def test_local_days_match_zoneinfo(zone, t):
    tz = zoneinfo.ZoneInfo(zone)
    want = [(dt.datetime.fromtimestamp(x, tz).date() - dt.date(1970, 1, 1)).days for x in t]
    assert local_days(np.array(t, dtype=np.int64), zone).tolist() == want


# ----------------------------------------------- docs/metrics.md › Office hours, by hand

def test_opening_inside_spring_forward_gap():
    # New York, Sun 2021-03-14: 02:00 EST jumps to 03:00 EDT (07:00Z). A shift 02:30-05:00
    # opens at the end of the gap, 03:00 EDT = 07:00Z, and closes 05:00 EDT = 09:00Z.
    hours = config("America/New_York", {"sunday": [["02:30", "05:00"]]})
    assert seconds(hours, "2021-03-14T00:00", "2021-03-15T00:00") == 2 * 3600
    # [06:00Z, 08:00Z) meets it on [07:00Z, 08:00Z)
    assert seconds(hours, "2021-03-14T06:00", "2021-03-14T08:00") == 3600


def test_shift_entirely_inside_gap_is_empty():
    # 02:10 and 02:50 both become 07:00Z on 2021-03-14 in New York.
    hours = config("America/New_York", {"sunday": [["02:10", "02:50"]]})
    assert seconds(hours, "2021-03-14T00:00", "2021-03-15T00:00") == 0


def test_closing_inside_fall_back_overlap():
    # New York, Sun 2021-11-07: 02:00 EDT falls back to 01:00 EST (06:00Z), so 01:00-02:00
    # happens twice. 00:00 EDT = 04:00Z; 01:30 takes the earlier instant, 01:30 EDT =
    # 05:30Z: 1.5 h. The second 01:00-01:30 (EST, 06:00Z-06:30Z) is closed.
    hours = config("America/New_York", {"sunday": [["00:00", "01:30"]]})
    assert seconds(hours, "2021-11-07T00:00", "2021-11-08T00:00") == 5400
    assert seconds(hours, "2021-11-07T05:30", "2021-11-07T07:00") == 0


def test_opening_inside_fall_back_overlap():
    # 01:30 opens at the earlier 01:30 EDT = 05:30Z and runs through both 01:30-02:00 to
    # 03:00 EST = 08:00Z: 2.5 h of office time for 1.5 h of wall clock.
    hours = config("America/New_York", {"sunday": [["01:30", "03:00"]]})
    assert seconds(hours, "2021-11-07T00:00", "2021-11-08T00:00") == 9000


def test_overnight_shift_before_holiday():
    # Fri 2021-12-24 22:00 EST (03:00Z on the 25th) to Sat 06:00 EST (11:00Z): 8 h. The
    # holiday Sat 12-25 removes only Saturday's own shift 10:00-12:00 (2 h).
    schedule = {"friday": [["22:00", "06:00"]], "saturday": [["10:00", "12:00"]]}
    hours = config("America/New_York", schedule, ("2021-12-25",))
    assert seconds(hours, "2021-12-24T00:00", "2021-12-27T00:00") == 8 * 3600
    assert seconds(hours, "2021-12-25T03:00", "2021-12-25T11:00") == 8 * 3600
    # A holiday on the Friday removes the overnight shift, Saturday's stays: 2 h.
    hours = config("America/New_York", schedule, ("2021-12-24",))
    assert seconds(hours, "2021-12-24T00:00", "2021-12-27T00:00") == 2 * 3600


def test_24_00_is_end_of_day():
    # Mon 20:00-24:00 and Tue 00:00-04:00 in UTC: 8 h in one stretch, Mon 22:00Z-Tue 02:00Z
    # is 4 h of it.
    hours = config("UTC", {"monday": [["20:00", "24:00"]], "tuesday": [["00:00", "04:00"]]})
    assert seconds(hours, "2021-06-07T00:00", "2021-06-09T00:00") == 8 * 3600
    assert seconds(hours, "2021-06-07T22:00", "2021-06-08T02:00") == 4 * 3600


def test_whole_day_on_dst_days():
    # 00:00-24:00 on Sunday in New York: 23 h on 2021-03-14, 25 h on 2021-11-07.
    hours = config("America/New_York", {"sunday": [["00:00", "24:00"]]})
    assert seconds(hours, "2021-03-13T00:00", "2021-03-16T00:00") == 23 * 3600
    assert seconds(hours, "2021-11-06T00:00", "2021-11-09T00:00") == 25 * 3600


def test_quarter_hour_zone():
    # Kathmandu is +05:45: Mon 2021-06-07 09:00-17:00 local = 03:15Z-11:15Z.
    hours = config("Asia/Kathmandu", {"monday": [["09:00", "17:00"]]})
    assert seconds(hours, "2021-06-07T03:00", "2021-06-07T04:00") == 45 * 60
    assert seconds(hours, "2021-06-07T00:00", "2021-06-08T00:00") == 8 * 3600


def test_quarter_hour_gap():
    # Kathmandu, Wed 1986-01-01: 00:00 +05:30 (1985-12-31 18:30Z) jumps to 00:15 +05:45.
    # 00:05 does not exist and opens at 18:30Z; 01:00 +05:45 = 19:15Z: 45 min.
    hours = config("Asia/Kathmandu", {"wednesday": [["00:05", "01:00"]]})
    assert seconds(hours, "1985-12-31T00:00", "1986-01-02T00:00") == 45 * 60


def test_split_and_overlapping_shifts_count_once():
    # Tue 09-12 and 13-17: 7 h. Mon 09-12 and 11-13 overlap: 09-13 = 4 h. Sun 22:00 to Mon
    # 10:00 overlaps Monday's 09:00: Sun 22:00-Mon 13:00 = 15 h in all.
    hours = config("UTC", {"tuesday": [["09:00", "12:00"], ["13:00", "17:00"]],
                           "monday": [["09:00", "12:00"], ["11:00", "13:00"]]})
    assert seconds(hours, "2021-06-08T00:00", "2021-06-09T00:00") == 7 * 3600
    assert seconds(hours, "2021-06-07T00:00", "2021-06-08T00:00") == 4 * 3600
    hours = config("UTC", {"monday": [["09:00", "12:00"], ["11:00", "13:00"]],
                           "sunday": [["22:00", "10:00"]]})
    assert seconds(hours, "2021-06-06T00:00", "2021-06-08T00:00") == 15 * 3600


def test_closed_ends_and_reversed_pairs():
    hours = config("UTC", {"monday": [["09:00", "17:00"]]})
    lo, hi = utc("2021-06-05T00:00"), utc("2021-06-10T00:00")
    clock = OfficeClock(hours, lo, hi)
    a = np.array([utc("2021-06-06T20:00"), utc("2021-06-07T12:00"), utc("2021-06-07T12:00")])
    b = np.array([utc("2021-06-07T18:00"), utc("2021-06-07T10:00"), utc("2021-06-07T12:00")])
    assert clock.office_seconds(a, b).tolist() == [8 * 3600, 0, 0]
    assert (clock.cumulative(b) - clock.cumulative(a)).tolist() == [8 * 3600, -7200, 0]
    assert clock.office_seconds(a.reshape(3, 1), b.reshape(3, 1)).shape == (3, 1)


def test_seconds_in_schedule_use_refining_lookup():
    # 09:00:07-17:00:00 every Monday: 28793 s a week. Over 100 days the boundaries share
    # no common bucket width, so the lookup refines within buckets.
    hours = config("UTC", {"monday": [["09:00:07", "17:00:00"]]})
    lo = utc("2021-01-04T00:00")  # a Monday
    clock = OfficeClock(hours, lo, lo + 100 * 86400)
    assert clock._refine > 0
    weeks = lo + 7 * 86400 * np.arange(14)
    assert clock.office_seconds(weeks[:-1], weeks[1:]).tolist() == [28793] * 13
    assert clock.office_seconds(np.array([lo + 9 * 3600]), np.array([lo + 9 * 3600 + 10])
                                ).tolist() == [3]


def test_empty_schedule_and_empty_queries():
    clock = OfficeClock(config("UTC", {}), 0, 86400)
    assert clock.office_seconds(np.array([0]), np.array([86400])).tolist() == [0]
    empty = np.zeros(0, dtype=np.int64)
    assert clock.office_seconds(empty, empty).shape == (0,)


def test_uncovered_instant_raises():
    hours = config("UTC", {"monday": [["09:00", "17:00"]]})
    lo, hi = utc("2021-06-01T00:00"), utc("2021-06-30T00:00")
    clock = OfficeClock(hours, lo, hi)
    with pytest.raises(ValueError, match="outside"):
        clock.office_seconds(np.array([lo]), np.array([hi + 30 * 86400]))
    with pytest.raises(ValueError, match="outside"):
        clock.office_seconds(np.array([lo - 30 * 86400]), np.array([hi]))


def test_non_integer_instants_rejected():
    clock = OfficeClock(config("UTC", {}), 0, 86400)
    with pytest.raises(TypeError):
        clock.office_seconds(np.array([0.5]), np.array([1.5]))


# ------------------------------------------------------------------------ validation

GOOD = {"enabled": True, "timezone": "America/New_York",
        "schedule": {"monday": [["09:00", "17:00"]]}, "holidays": ["2015-12-25"]}


def bad(**change):
    return {**GOOD, **change}


@pytest.mark.parametrize(("obj", "column", "text"), [
    (bad(timezone="Mars/Base"), "timezone", "unknown time zone 'Mars/Base'"),
    (bad(schedule={"funday": [["09:00", "17:00"]]}), "schedule.funday", "unknown weekday"),
    (bad(schedule={"Tuesday": [["09:00", "12:00"], ["13:00", "25:00"]]}),
     "schedule.Tuesday[1]", "'25:00'"),
    (bad(schedule={"monday": [["09:60", "17:00"]]}), "schedule.monday[0]", "'09:60'"),
    (bad(schedule={"monday": [["24:00", "08:00"]]}), "schedule.monday[0]", "only close"),
    (bad(schedule={"monday": [["09:00"]]}), "schedule.monday[0]", "pair"),
    (bad(schedule={"monday": ["09:00", "17:00"]}), "schedule.monday[0]", "pair"),
    (bad(schedule={"monday": [], "Monday": []}), "schedule.Monday", "twice"),
    (bad(holidays=["2015-13-01"]), "holidays[0]", "'2015-13-01'"),
    (bad(holidays=["2015-12-25", "25/12/2015"]), "holidays[1]", "YYYY-MM-DD"),
    (bad(enabled="yes"), "enabled", "true or false"),
    ({"enabled": True, "schedule": {}}, "timezone", "required"),
    (bad(holiday=[]), "holiday", "unknown key"),
])
def test_bad_config_names_the_key(obj, column, text):
    with pytest.raises(DataError) as err:
        parse_office_hours(obj, source="office_hours.json")
    assert err.value.column == column
    assert err.value.file == "office_hours.json"
    assert text in str(err.value)
    # a JSON config has keys, not columns
    assert str(err.value).startswith(f"office_hours.json, key '{column}': ")


def test_config_must_be_an_object():
    with pytest.raises(DataError, match="JSON object"):
        parse_office_hours([GOOD])


def test_good_config():
    hours = parse_office_hours({"timezone": "Asia/Kolkata", "schedule": {
        "MONDAY": [["09:00", "12:00"], ["22:30:15", "06:00"]], "sunday": [["00:00", "24:00"]]},
        "holidays": ["2015-12-25"]})
    assert hours.enabled  # absent -> true
    assert hours.timezone == "Asia/Kolkata"
    assert hours.schedule[0] == ((9 * 3600, 12 * 3600), (22 * 3600 + 1815, 6 * 3600))
    assert hours.schedule[6] == ((0, 86400),)
    assert hours.schedule[1:6] == ((),) * 5
    assert hours.holidays == frozenset({dt.date(2015, 12, 25)})


def test_disabled_config_may_be_bare():
    hours = parse_office_hours({"enabled": False})
    assert not hours.enabled and hours.timezone == "UTC" and hours.schedule == ((),) * 7


def test_read_file(tmp_path):
    path = tmp_path / "office_hours.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    assert read_office_hours(path).schedule[0] == ((9 * 3600, 17 * 3600),)


def test_read_bad_json_names_file_and_line(tmp_path):
    path = tmp_path / "office_hours.json"
    path.write_text('{"timezone": "UTC",\n "schedule": {,}}', encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON") as err:
        read_office_hours(path)
    assert err.value.file == str(path) and err.value.line == 2


def test_read_duplicate_key(tmp_path):
    path = tmp_path / "office_hours.json"
    path.write_text('{"timezone": "UTC", "schedule": {"monday": [], "monday": []}}',
                    encoding="utf-8")
    with pytest.raises(DataError, match="twice") as err:
        read_office_hours(path)
    assert err.value.column == "monday"
    assert str(err.value) == f"{path}, key 'monday': appears twice; keep one"
