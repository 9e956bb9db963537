"""A deliberately simple reference implementation of docs/data.md and docs/metrics.md.

This module is written from those docs alone, independently of the engine under
``reports/``: plain loops over dicts and lists, ``zoneinfo`` for time zones and
integer epoch seconds for every instant.  It favours clarity over speed and
exists only so that property tests can compare the engine with a second,
obviously-correct reading of the contract.

Usage::

    ref = Reference(tables, office_hours=None)      # raw tables, as given to the engine
    doc = ref.user_report(user=4, start="2015-01-01T00:00:00Z", end="2015-01-31T23:59:59Z")

Every rule below cites the section of docs/ it implements.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
DAY = 86400
WEEKDAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

USER_REPLY_TYPES = {"reply", "chat", "phone"}
CUSTOMER_MESSAGE_TYPES = {"customer", "chat", "phone", "beaconchat"}
RATING_SPELLINGS = {
    "great": "great",
    "1": "great",
    "okay": "okay",
    "ok": "okay",
    "2": "okay",
    "not_good": "not_good",
    "not-good": "not_good",
    "not good": "not_good",
    "bad": "not_good",
    "3": "not_good",
}

STAT_KEYS = [
    "startDate",
    "endDate",
    "totalDays",
    "resolved",
    "conversationsCreated",
    "closed",
    "totalReplies",
    "resolvedOnFirstReply",
    "percentResolvedOnFirstReply",
    "repliesToResolve",
    "handleTime",
    "happinessScore",
    "responseTime",
    "resolutionTime",
    "repliesPerDay",
    "customersHelped",
    "totalConversations",
    "conversationsPerDay",
    "busiestDay",
]
DELTA_KEYS = [
    "totalConversations",
    "customersHelped",
    "happinessScore",
    "repliesPerDay",
    "resolvedOnFirstReply",
    "handleTime",
    "conversationsPerDay",
    "resolved",
    "repliesToResolve",
    "activeConversations",
    "totalReplies",
    "closed",
    "responseTime",
    "resolutionTime",
    "conversationsCreated",
]


# --------------------------------------------------------------------------- raw values


def is_null(value):
    """True for None, NaN, pandas NA / NaT."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    if isinstance(value, float) and math.isnan(value):
        return True
    # pandas.NA, pandas.NaT, numpy.nan without importing pandas here
    try:
        return bool(value != value) or type(value).__name__ in ("NAType", "NaTType")
    except TypeError:
        return type(value).__name__ in ("NAType", "NaTType")


def to_int(value):
    return None if is_null(value) else int(value)


def to_enum(value):
    """Enum values may come in any letter case (docs/data.md › Tables)."""
    return None if is_null(value) else str(value).lower()


def to_str(value):
    return None if is_null(value) else str(value)


def parse_instant(value, end_of_day=False):
    """ISO 8601 string -> integer UTC epoch seconds, truncated to whole seconds
    (docs/data.md › Requests).

    A date alone (``2015-01-31``) is the whole day: its first second, or with
    ``end_of_day`` (the end of a range: ``end``, ``previousEnd``) its last second.
    """
    if is_null(value):
        return None
    moment = value
    if isinstance(moment, date) and not isinstance(moment, datetime):
        moment = moment.isoformat()
    if not isinstance(moment, datetime):
        text = str(moment).strip()
        if len(text) == 10 and text[4] == "-" and text[7] == "-":  # YYYY-MM-DD
            day = date.fromisoformat(text)
            clock = time(23, 59, 59) if end_of_day else time(0, 0, 0)
            moment = datetime.combine(day, clock, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    return (moment - EPOCH) // timedelta(seconds=1)


MICROSECONDS = 10**6


def to_microseconds(value):
    """``handle_seconds`` as a whole number of microseconds (project decision).

    The exact value given (a float's exact binary value, an int, a decimal string) is
    rounded to the nearest microsecond, ties to even: 512.31 -> 512310000.
    """
    if is_null(value):
        return None
    if isinstance(value, str):
        exact = Fraction(value.strip())
    else:
        try:
            exact = Fraction(value)  # int, float (its exact binary value), Decimal
        except TypeError:
            exact = Fraction(float(value))
    return round(exact * MICROSECONDS)


def mean_seconds(total_us, n):
    """The exact mean of ``n`` microsecond values as one correctly rounded float."""
    return float(Fraction(total_us, n * MICROSECONDS))


def format_instant(seconds):
    if seconds is None:
        return None
    return (EPOCH + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_datetime(seconds):
    return EPOCH + timedelta(seconds=seconds)


def rows(tables, name):
    """The rows of a raw table as a list of dicts (empty list when the table is absent)."""
    frame = tables.get(name)
    if frame is None:
        return []
    out = []
    for record in frame.to_dict("records"):
        out.append({key: (None if is_null(val) else val) for key, val in record.items()})
    return out


def last_wins(records):
    """Duplicate ids keep the last occurrence (docs/data.md › Normalisation)."""
    by_id = {}
    for record in records:
        by_id[to_int(record["id"])] = record
    return by_id


# --------------------------------------------------------------------------- office hours


def local_wall_to_utc(day, hh, mm, zone):
    """A local wall time on ``day`` -> UTC epoch seconds (docs/metrics.md › Office hours).

    ``24:00`` is the next local midnight.  A time inside a DST gap becomes the
    first instant after the gap (the transition instant); an ambiguous time takes
    the earlier instant (fold=0).
    """
    if hh == 24:
        day = day + timedelta(days=1)
        hh, mm = 0, 0
    wall = datetime.combine(day, time(hh, mm))
    candidate = wall.replace(tzinfo=zone, fold=0)
    seconds = (candidate.astimezone(UTC) - EPOCH) // timedelta(seconds=1)
    back = utc_datetime(seconds).astimezone(zone).replace(tzinfo=None)
    if back == wall:
        return seconds  # exists (fold=0 = earlier instant when ambiguous)
    # In a gap: find the first instant whose local wall time is later than `wall`.
    low = (wall.replace(tzinfo=zone, fold=1).astimezone(UTC) - EPOCH) // timedelta(seconds=1)
    high = seconds
    if low > high:
        low, high = high, low
    low -= 2 * DAY
    high += 2 * DAY
    # invariant: wall(low) <= wall < wall(high)
    while high - low > 1:
        mid = (low + high) // 2
        if utc_datetime(mid).astimezone(zone).replace(tzinfo=None) > wall:
            high = mid
        else:
            low = mid
    return high


def parse_hhmm(text):
    hh, mm = text.split(":")
    return int(hh), int(mm)


class OfficeHours:
    def __init__(self, config):
        self.zone = ZoneInfo(config["timezone"])
        self.schedule = {}
        for name, intervals in (config.get("schedule") or {}).items():
            self.schedule[name.lower()] = [(parse_hhmm(a), parse_hhmm(b)) for a, b in intervals]
        self.holidays = {date.fromisoformat(h) for h in (config.get("holidays") or [])}

    def intervals_of_day(self, day):
        """Office intervals [open, close) in UTC seconds that *start* on local date ``day``."""
        if day in self.holidays:
            return []
        out = []
        for (oh, om), (ch, cm) in self.schedule.get(WEEKDAY_NAMES[day.weekday()], []):
            start = local_wall_to_utc(day, oh, om, self.zone)
            if (ch, cm) <= (oh, om):  # overnight: belongs to the day it starts
                end = local_wall_to_utc(day + timedelta(days=1), ch, cm, self.zone)
            else:
                end = local_wall_to_utc(day, ch, cm, self.zone)
            if end > start:
                out.append((start, end))
        return out

    def office_seconds(self, a, b):
        """Length of [a, b) ∩ office time, in whole seconds."""
        if b <= a:
            return 0
        first = utc_datetime(a).astimezone(self.zone).date() - timedelta(days=2)
        last = utc_datetime(b).astimezone(self.zone).date() + timedelta(days=1)
        intervals = []
        day = first
        while day <= last:
            intervals.extend(self.intervals_of_day(day))
            day += timedelta(days=1)
        intervals.sort()
        merged = []
        for start, end in intervals:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        total = 0
        for start, end in merged:
            low = max(start, a)
            high = min(end, b)
            if high > low:
                total += high - low
        return total


# --------------------------------------------------------------------------- the dataset


class Reference:
    def __init__(self, tables, office_hours=None):
        self.office_config = office_hours
        self._load(tables)
        self._derive()

    # ---- normalisation (docs/data.md › Normalisation)
    def _load(self, tables):
        self.conversations = {}
        for cid, r in last_wins(rows(tables, "conversations")).items():
            self.conversations[cid] = {
                "id": cid,
                "type": to_enum(r.get("type")),
                "status": to_enum(r.get("status")),
                "state": to_enum(r.get("state")),
                "mailbox_id": to_int(r.get("mailbox_id")),
                "folder_id": to_int(r.get("folder_id")),
                "created_at": parse_instant(r.get("created_at")),
                "created_by_type": to_enum(r.get("created_by_type")),
                "created_by_id": to_int(r.get("created_by_id")),
                "customer_id": to_int(r.get("customer_id")),
                "closed_at": parse_instant(r.get("closed_at")),
                "closed_by": to_int(r.get("closed_by")),
            }

        self.threads = {}  # thread id -> thread (orphans dropped)
        for tid, r in last_wins(rows(tables, "threads")).items():
            cid = to_int(r.get("conversation_id"))
            if cid not in self.conversations:
                continue
            kind = to_enum(r.get("type"))
            if kind == "message":
                kind = "reply"
            status = to_enum(r.get("status"))
            if status == "nochange":
                status = None
            self.threads[tid] = {
                "id": tid,
                "conversation_id": cid,
                "type": kind,
                "state": to_enum(r.get("state")),
                "status": status,
                "created_at": parse_instant(r.get("created_at")),
                "created_by_type": to_enum(r.get("created_by_type")),
                "created_by_id": to_int(r.get("created_by_id")),
                # kept to the microsecond (project decision), as an integer count of µs
                "handle_us": to_microseconds(r.get("handle_seconds")),
            }
        self.threads_of = {cid: [] for cid in self.conversations}
        for thread in self.threads.values():
            self.threads_of[thread["conversation_id"]].append(thread)
        for cid in self.threads_of:
            self.threads_of[cid].sort(key=lambda t: (t["created_at"], t["id"]))

        self.tags_of = {}
        for r in rows(tables, "conversation_tags"):
            cid = to_int(r.get("conversation_id"))
            self.tags_of.setdefault(cid, set()).add(to_int(r.get("tag_id")))
        self.tag_names = {
            tid: to_str(r.get("name")) for tid, r in last_wins(rows(tables, "tags")).items()
        }

        self.ratings = []
        for r in last_wins(rows(tables, "ratings")).values():
            value = (
                RATING_SPELLINGS.get(str(r.get("rating")).lower())
                if r.get("rating") is not None
                else None
            )
            if value is None:
                continue
            user = to_int(r.get("user_id"))
            if user is None:
                thread = self.threads.get(to_int(r.get("thread_id")))
                if thread is not None and thread["created_by_type"] == "user":
                    user = thread["created_by_id"]
            self.ratings.append(
                {
                    "conversation_id": to_int(r.get("conversation_id")),
                    "user": user,
                    "rating": value,
                    "created_at": parse_instant(r.get("created_at")),
                }
            )

        self.users = last_wins(rows(tables, "users"))
        self.teams = last_wins(rows(tables, "teams"))
        self.members = {}
        for r in rows(tables, "team_members"):
            self.members.setdefault(to_int(r.get("team_id")), set()).add(to_int(r.get("user_id")))

    # ---- derived events, per conversation, request independent (docs/metrics.md › Events)
    def _derive(self):
        self.facts = {}
        for cid, conv in self.conversations.items():
            visible = [t for t in self.threads_of[cid] if t["state"] in (None, "published")]
            replies = []  # (t, author, handle_seconds in µs or None)
            responses = []  # (reply t, author, waiting_since)
            closes = []  # (t, user or None)
            touches = []  # (t, user)
            waiting_since = None
            previous_status = None
            for t in visible:
                is_user = t["created_by_type"] == "user"
                if is_user:
                    touches.append((t["created_at"], t["created_by_id"]))
                is_customer_message = (
                    t["created_by_type"] == "customer" and t["type"] in CUSTOMER_MESSAGE_TYPES
                )
                if is_customer_message and waiting_since is None:
                    waiting_since = t["created_at"]
                if is_user and t["type"] in USER_REPLY_TYPES:
                    replies.append((t["created_at"], t["created_by_id"], t["handle_us"]))
                    if waiting_since is not None:
                        responses.append((t["created_at"], t["created_by_id"], waiting_since))
                        waiting_since = None
                if t["status"] is not None:
                    if t["status"] == "closed" and previous_status != "closed":
                        closes.append(
                            (t["created_at"], t["created_by_id"] if is_user else None, "a")
                        )
                    previous_status = t["status"]
            if conv["status"] == "closed" and conv["closed_at"] is not None:
                closer = conv["closed_by"] if conv["closed_by"] not in (None, 0) else None
                closes.append((conv["closed_at"], closer, "b"))
            if conv["created_by_type"] == "user":
                touches.append((conv["created_at"], conv["created_by_id"]))
            for when, who, _kind in closes:
                if who is not None:
                    touches.append((when, who))

            resolution = None
            if conv["status"] == "closed":
                resolved_at = conv["closed_at"]
                if resolved_at is None:
                    kind_a = [when for when, _who, kind in closes if kind == "a"]
                    if kind_a:
                        resolved_at = kind_a[-1]
                if resolved_at is not None:
                    before = [r for r in replies if r[0] <= resolved_at]
                    if before:
                        if conv["closed_by"] not in (None, 0):
                            resolver = conv["closed_by"]
                        else:
                            resolver = before[-1][1]
                        resolution = {
                            "resolved_at": resolved_at,
                            "resolver": resolver,
                            "replies_to_resolve": len(before),
                            "created_at": conv["created_at"],
                        }
            self.facts[cid] = {
                "replies": replies,
                "responses": responses,
                "closes": closes,
                "touches": touches,
                "resolution": resolution,
            }

    # ---- helpers
    def known_ids(self):
        ids = set(self.users) | set(self.teams)
        for thread in self.threads.values():
            if thread["created_by_type"] == "user" and thread["created_by_id"] is not None:
                ids.add(thread["created_by_id"])
        return ids

    def members_of(self, user):
        if user in self.teams:
            return set(self.members.get(user, set()))
        return {user}

    def eligible(self, cid, mailboxes, tags, types, folders):
        conv = self.conversations.get(cid)
        if conv is None:
            return False
        if conv["status"] == "spam" or conv["state"] in ("deleted", "draft"):
            return False
        if mailboxes is not None and conv["mailbox_id"] not in mailboxes:
            return False
        if tags is not None and not (self.tags_of.get(cid, set()) & set(tags)):
            return False
        if types is not None and conv["type"] not in [t.lower() for t in types]:
            return False
        return not (folders is not None and conv["folder_id"] not in folders)

    def eligible_ids(self, mailboxes=None, tags=None, types=None, folders=None):
        """The ids of the eligible conversations of a request
        (docs/metrics.md › Which conversations count)."""
        return {
            cid for cid in self.conversations if self.eligible(cid, mailboxes, tags, types, folders)
        }

    def zone(self):
        """The company time zone: the office-hours ``timezone``, else UTC (docs/metrics.md)."""
        config = self.office_config
        return ZoneInfo(config["timezone"]) if config is not None else ZoneInfo("UTC")

    def duration(self, office_hours):
        """``dur(a, b)``: office seconds when office hours are in effect
        (docs/metrics.md › Office hours)."""
        config = self.office_config
        if office_hours and config is not None and config.get("enabled"):
            calendar = OfficeHours(config)

            def dur(a, b):
                return calendar.office_seconds(a, b)
        else:

            def dur(a, b):
                return max(0, b - a)

        return dur

    # ---- statistics (docs/metrics.md › Statistics)
    def stats(self, members, start, end, conv_ids, dur, zone):
        def in_range(t):
            return t is not None and start <= t <= end

        total_days = max(1, (end - start) // DAY)
        resolved = 0
        first_reply = 0
        replies_to_resolve_sum = 0
        resolution_sum = 0
        created = 0
        closed = set()
        total_replies = 0
        handle_sum = 0
        handle_n = 0
        wait_sum = 0
        wait_n = 0
        customers = set()
        touched = set()
        pairs = set()
        for cid in conv_ids:
            conv = self.conversations[cid]
            facts = self.facts[cid]
            res = facts["resolution"]
            if res is not None and res["resolver"] in members and in_range(res["resolved_at"]):
                resolved += 1
                replies_to_resolve_sum += res["replies_to_resolve"]
                if res["replies_to_resolve"] == 1:
                    first_reply += 1
                resolution_sum += dur(res["created_at"], res["resolved_at"])
            if (
                conv["created_by_type"] == "user"
                and conv["created_by_id"] in members
                and in_range(conv["created_at"])
            ):
                created += 1
            for when, who, _kind in facts["closes"]:
                if who in members and in_range(when):
                    closed.add(cid)
            for when, who, handle in facts["replies"]:
                if who in members and in_range(when):
                    total_replies += 1
                    if handle is not None:
                        handle_sum += handle
                        handle_n += 1
                    if conv["customer_id"] is not None:
                        customers.add(conv["customer_id"])
            for when, who, since in facts["responses"]:
                if who in members and in_range(when):
                    wait_sum += dur(since, when)
                    wait_n += 1
            for when, who in facts["touches"]:
                if who in members and in_range(when):
                    touched.add(cid)
                    pairs.add((cid, utc_datetime(when).astimezone(zone).date()))

        great = okay = not_good = 0
        for rating in self.ratings:
            if rating["conversation_id"] not in conv_ids:
                continue
            if rating["user"] in members and in_range(rating["created_at"]):
                if rating["rating"] == "great":
                    great += 1
                elif rating["rating"] == "okay":
                    okay += 1
                else:
                    not_good += 1
        n = great + okay + not_good
        happiness = great / n * 100 - not_good / n * 100 if n else 0.0

        # busiestDay: pairs per weekday / number of local dates on that weekday
        first_day = utc_datetime(start).astimezone(zone).date()
        last_day = utc_datetime(end).astimezone(zone).date()
        dates_per_weekday = [0] * 7
        day = first_day
        while day <= last_day:
            dates_per_weekday[day.weekday()] += 1
            day += timedelta(days=1)
        pairs_per_weekday = [0] * 7
        for _cid, day in pairs:
            pairs_per_weekday[day.weekday()] += 1
        busiest = None
        best = None
        for weekday in range(7):
            if pairs_per_weekday[weekday] == 0:
                continue
            average = Fraction(pairs_per_weekday[weekday], dates_per_weekday[weekday])
            if best is None or average > best:
                best = average
                busiest = weekday + 1

        return {
            "startDate": format_instant(start),
            "endDate": format_instant(end),
            "totalDays": total_days,
            "resolved": resolved,
            "conversationsCreated": created,
            "closed": len(closed),
            "totalReplies": total_replies,
            "resolvedOnFirstReply": first_reply,
            "percentResolvedOnFirstReply": first_reply / resolved if resolved else 0.0,
            "repliesToResolve": replies_to_resolve_sum / resolved if resolved else 0.0,
            "handleTime": mean_seconds(handle_sum, handle_n) if handle_n else 0.0,
            "happinessScore": happiness,
            "responseTime": int(wait_sum / wait_n) if wait_n else 0,
            "resolutionTime": resolution_sum / resolved if resolved else 0.0,
            "repliesPerDay": total_replies / total_days,
            "customersHelped": len(customers),
            "totalConversations": len(touched),
            "conversationsPerDay": len(touched) / total_days,
            "busiestDay": busiest,
        }

    # ---- the document (docs/metrics.md › The document)
    def user_object(self, user):
        members = self.members_of(user)
        customers = set()
        for cid, conv in self.conversations.items():
            if conv["status"] == "spam" or conv["state"] in ("deleted", "draft"):
                continue
            if conv["customer_id"] is None:
                continue
            for _when, who, _handle in self.facts[cid]["replies"]:
                if who in members:
                    customers.add(conv["customer_id"])
        if user in self.teams:
            record = self.teams[user]
            name = to_str(record.get("name"))
        else:
            record = self.users.get(user, {})
            parts = [to_str(record.get("first_name")), to_str(record.get("last_name"))]
            parts = [p for p in parts if p]
            name = " ".join(parts) if parts else None
        photo = to_str(record.get("photo_url"))
        return {
            "id": user,
            "hasPhoto": bool(photo),
            "createdAt": format_instant(parse_instant(record.get("created_at"))),
            "name": name,
            "totalCustomersHelped": len(customers),
            "photoUrl": photo,
        }

    def filter_tags(self):
        names = dict(self.tag_names)
        for tag_ids in self.tags_of.values():
            for tid in tag_ids:
                names.setdefault(tid, None)
        return [{"id": tid, "name": names[tid]} for tid in sorted(names)]

    def user_report(
        self,
        user,
        start,
        end,
        previous_start=None,
        previous_end=None,
        mailboxes=None,
        tags=None,
        types=None,
        folders=None,
        office_hours=False,
    ):
        zone = self.zone()
        dur = self.duration(office_hours)
        members = self.members_of(user)
        conv_ids = self.eligible_ids(mailboxes, tags, types, folders)
        current = self.stats(
            members, parse_instant(start), parse_instant(end, True), conv_ids, dur, zone
        )
        doc = {"filterTags": self.filter_tags(), "user": self.user_object(user), "current": current}
        if previous_start is not None:
            previous = self.stats(
                members,
                parse_instant(previous_start),
                parse_instant(previous_end, True),
                conv_ids,
                dur,
                zone,
            )
            doc["previous"] = previous
            doc["deltas"] = deltas(current, previous)
        return doc


def deltas(current, previous):
    """docs/metrics.md › Deltas: (c / p - 1) * 100, 0.0 when p = 0; happinessScore c - p."""
    out = {}
    for key in DELTA_KEYS:
        source = "totalConversations" if key == "activeConversations" else key
        c = current[source]
        p = previous[source]
        if key == "happinessScore":
            out[key] = c - p
        elif p == 0:
            out[key] = 0.0
        else:
            out[key] = (c / p - 1) * 100
    return out
