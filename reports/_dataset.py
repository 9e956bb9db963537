"""`Dataset`: a loaded, normalised dataset and the reports computed from it."""

from __future__ import annotations

import warnings
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from . import _document as docs
from ._arrays import distinct
from ._document import document, stats_object, table
from ._errors import ReportsWarning, RequestError, UnknownUserError
from ._facts import Facts, build_facts
from ._model import Model, build_model
from ._names import Names, person_name
from ._narrow import Focus
from ._normalise import Columns, LoadReport
from ._request import (
    CONV_TYPES,
    SORT_HISTORY,
    SORT_RATINGS,
    STATUSES,
    VIEW_BY,
    ReportRequest,
    choice,
    parse_request,
    positive,
    rating_filter,
    sort_order,
)
from ._stats import AllGroups, Members, Range, Selection, customers_helped, statistics
from ._timeutil import format_instant

__all__ = ["Dataset"]


class Dataset:
    """A loaded dataset; computes User/Team reports for any user, team and range.

    Build one with `reports.load(path)` or `reports.from_tables(tables)`. The per-dataset
    work (coding, sorting, per-conversation facts) happens once, on the first report.
    """

    def __init__(self, tables: dict[str, Columns], report: LoadReport,
                 office_hours: Any = None, source: str = "", focus: Focus | None = None
                 ) -> None:
        self._tables = tables
        self.load_report = report
        self.office_hours = office_hours
        self.source = source
        #: Set when loaded with `focus=`: the only user or team this dataset can report on.
        self.focus = focus

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}={v}" for k, v in self.load_report.rows.items())
        return f"<reports.Dataset {self.source or 'in memory'}: {rows}>"

    @cached_property
    def _model(self) -> Model:
        model = build_model(self._tables)
        self._tables = {}  # the model holds all that is needed from here on
        return model

    @cached_property
    def _clock(self) -> Any:
        """Office-seconds clock over the data's time span, when office hours are enabled."""
        hours = self.office_hours
        if hours is None or not hours.enabled:
            return None
        from ._office_hours import OfficeClock

        m = self._model
        times = [m.th_time, m.conv_created_at, m.conv_closed_at[m.conv_has_closed_at]]
        lo = min((int(t.min()) for t in times if len(t)), default=0)
        hi = max((int(t.max()) for t in times if len(t)), default=0)
        return OfficeClock(hours, lo, hi)

    def _local_day(self, t: np.ndarray) -> np.ndarray:
        """Company-local dates (days since 1970-01-01): the office-hours zone, else UTC."""
        if self.office_hours is None:
            return np.floor_divide(t, 86400)
        from ._office_hours import local_days

        return local_days(t, self.office_hours.timezone)

    @cached_property
    def _facts(self) -> Facts:
        clock = self._clock
        return build_facts(self._model, self._local_day,
                           clock.office_seconds if clock is not None else None)

    # -- requests ---------------------------------------------------------------------

    def _range(self, start: int, end: int) -> Range:
        days = self._local_day(np.array([start, end], dtype=np.int64))
        return Range(start, end, int(days[0]), int(days[1]))

    def _conversation_mask(self, req: ReportRequest) -> np.ndarray:
        """Eligible conversations (docs/metrics.md › Events): not spam/deleted/draft and matching
        filters."""
        m = self._model
        ok = m.conv_base_eligible.copy()
        if req.mailboxes is not None:
            ok &= np.isin(m.conv_mailbox, req.mailboxes)
        if req.folders is not None:
            ok &= m.conv_has_folder & np.isin(m.conv_folder, req.folders)
        if req.types is not None:
            ok &= np.isin(m.conv_type, [CONV_TYPES.index(t) for t in req.types])
        if req.tags is not None:
            tagged = np.zeros(m.n_conversations, dtype=bool)
            tagged[m.tag_conv[np.isin(m.tag_id, req.tags) & (m.tag_conv >= 0)]] = True
            ok &= tagged
        return ok

    def _office(self, req: ReportRequest) -> bool:
        if not req.office_hours:
            return False
        if self.office_hours is None or not self.office_hours.enabled:
            why = ("the dataset has no office_hours.json" if self.office_hours is None
                   else "office_hours.json says \"enabled\": false")
            warnings.warn(f"officeHours=1 ignored: {why}; times are calendar seconds",
                          ReportsWarning, stacklevel=3)
            return False
        return True

    @cached_property
    def _known_filter_ids(self) -> dict[str, frozenset[int]]:
        """The ids each filter can match: those that occur in the (whole) data."""
        if self.focus is not None:
            return self.focus.known_ids
        m = self._model
        known = {"mailboxes": m.conv_mailbox, "folders": m.conv_folder[m.conv_has_folder],
                 "tags": np.concatenate([m.tag_id, m.tag_names["id"].to_numpy(np.int64)])}
        return {k: frozenset(distinct(v).tolist()) for k, v in known.items()}

    def _warn_unknown_filter_ids(self, req: ReportRequest) -> None:
        for name in ("mailboxes", "folders", "tags"):
            given = getattr(req, name)
            if given:
                unknown = sorted(set(given) - self._known_filter_ids[name])
                if unknown:
                    warnings.warn(f"{name}: id(s) {', '.join(map(str, unknown))} occur "
                                  "nowhere in the data and match nothing",
                                  ReportsWarning, stacklevel=3)

    def _subject(self, uid: int) -> tuple[str, int]:
        """('user' | 'team', code) of a requested id; raises for unknown or ambiguous ids."""
        self._check_focus(uid)
        m = self._model
        u = int(np.searchsorted(m.user_ids, uid))
        is_user = u < m.n_users and m.user_ids[u] == uid and bool(m.user_known[u])
        t = int(np.searchsorted(m.team_ids, uid))
        is_team = t < len(m.team_ids) and m.team_ids[t] == uid
        if is_user and is_team:
            raise RequestError("user", f"id {uid} is both a user and a team in this dataset; "
                               "fix the users or teams table", rejected_value=uid)
        if is_user:
            return "user", u
        if is_team:
            return "team", t
        where = f" --data {self.source}" if self.source else ""
        raise UnknownUserError("user", f"no user or team has id {uid}; list them with "
                               f"`reports info{where}` (or Dataset.info())",
                               rejected_value=uid)

    def _check_focus(self, uid: int | None) -> None:
        if self.focus is not None and uid != self.focus.subject:
            what = f"user {uid}" if uid is not None else "every user"
            raise RequestError("user", f"this dataset was loaded with focus={self.focus.subject}"
                               f" and cannot report on {what}; load it without focus",
                               rejected_value=uid)

    def _members(self, kind: str, code: int) -> np.ndarray:
        m = self._model
        if kind == "user":
            return np.array([code])
        return m.member_user[m.member_team == code]

    def _stats(self, sel: Selection, conv_ok: np.ndarray, start: int, end: int,
               office: bool) -> tuple[dict[str, np.ndarray], Range]:
        rng = self._range(start, end)
        m = self._model
        return statistics(self._facts, sel, conv_ok, m.conv_customer, m.n_customers, rng,
                          office), rng

    # -- public -----------------------------------------------------------------------

    def user_report(self, user: Any, start: Any, end: Any, previous_start: Any = None,
                    previous_end: Any = None, mailboxes: Any = None, tags: Any = None,
                    types: Any = None, folders: Any = None,
                    office_hours: Any = False) -> dict[str, Any]:
        """The User/Team report document (docs/metrics.md › The document) for a user or team id.

        Values are plain Python (`json.dumps` takes the result as is); keys follow the
        documented order. Raises `RequestError` (a `ValueError`) naming a bad parameter.
        """
        req = parse_request(user, start, end, previous_start, previous_end, mailboxes, tags,
                            types, folders, office_hours)
        kind, code = self._subject(req.user)
        self._warn_unknown_filter_ids(req)
        office = self._office(req)
        sel = Members(self._members(kind, code))
        conv_ok = self._conversation_mask(req)
        cur, rng = self._stats(sel, conv_ok, req.start, req.end, office)
        current = stats_object(cur, 0, rng)
        previous = None
        if req.previous is not None:
            prev, prng = self._stats(sel, conv_ok, *req.previous, office)
            previous = stats_object(prev, 0, prng)
        return document(self.filter_tags(), self._user_object(kind, code, sel),
                        current, previous)

    def users_table(self, start: Any, end: Any, previous_start: Any = None,
                    previous_end: Any = None, mailboxes: Any = None, tags: Any = None,
                    types: Any = None, folders: Any = None,
                    office_hours: Any = False) -> pd.DataFrame:
        """Every user and team's statistics for a range: one row each, in one pass.

        Columns: `id`, `kind` (user | team), `name`, the statistics of the range, and with
        a previous range `previous.<field>` and `deltas.<field>` columns.
        """
        req = parse_request(None, start, end, previous_start, previous_end, mailboxes, tags,
                            types, folders, office_hours, need_user=False)
        self._check_focus(None)
        self._warn_unknown_filter_ids(req)
        office = self._office(req)
        m = self._model
        sel = AllGroups(m.n_users, len(m.team_ids), m.member_user, m.member_team)
        conv_ok = self._conversation_mask(req)
        cur, rng = self._stats(sel, conv_ok, req.start, req.end, office)
        prev = None
        if req.previous is not None:
            prev = self._stats(sel, conv_ok, *req.previous, office)
        ids = pd.DataFrame({
            "id": np.concatenate([m.user_ids, m.team_ids]),
            "kind": ["user"] * m.n_users + ["team"] * len(m.team_ids),
            "name": [self._name("user", i) for i in range(m.n_users)]
            + [self._name("team", i) for i in range(len(m.team_ids))],
        })
        frame = table(ids, cur, rng, prev)
        keep = np.concatenate([m.user_known, np.ones(len(m.team_ids), dtype=bool)])
        return frame.loc[keep].reset_index(drop=True)

    def info(self) -> dict[str, Any]:
        """What the dataset holds, as JSON values: ``users`` (id, name, email,
        ``inUsersTable`` — false for thread authors the users table lacks), ``teams`` (id,
        name, ``members``: user ids), ``mailboxes`` and ``folders`` (id, name,
        conversations), ``tags`` (id, name, conversations), ``span`` (first and last
        conversation creation), ``counts`` (rows per table) and ``office_hours`` (the
        config, or None).
        """
        from ._info import describe

        self._check_focus(None)
        return describe(self)

    def filter_tags(self) -> list[dict[str, Any]]:
        """Every tag of the dataset as `{"id", "name"}`, by id (docs/metrics.md › The document)."""
        names = self._model.tag_names
        return [{"id": int(i), "name": None if pd.isna(n) else str(n)}
                for i, n in zip(names["id"], names["name"], strict=True)]

    # -- the user object --------------------------------------------------------------

    def _record(self, kind: str, code: int) -> dict[str, Any] | None:
        m = self._model
        frame, ident = (m.users, m.user_ids[code]) if kind == "user" else (m.teams,
                                                                          m.team_ids[code])
        if ident not in frame.index:
            return None
        row = frame.loc[ident]
        return {k: (None if pd.isna(v) else v) for k, v in row.items()}

    def _name(self, kind: str, code: int) -> str | None:
        rec = self._record(kind, code)
        if rec is None:
            return None
        if kind == "team":
            return rec.get("name") or None
        return person_name(rec.get("first_name"), rec.get("last_name"))

    @cached_property
    def _names(self) -> Names:
        return Names(self._model.users, self._model.customers)

    def _user_object(self, kind: str, code: int, sel: Selection) -> dict[str, Any]:
        m = self._model
        rec = self._record(kind, code) or {}
        photo = rec.get("photo_url") or None
        created = rec.get("created_at")
        everything = Range(np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0, 0)
        helped = customers_helped(self._facts, sel, m.conv_base_eligible, m.conv_customer,
                                  m.n_customers, everything)
        return {
            "id": int((m.user_ids if kind == "user" else m.team_ids)[code]),
            "hasPhoto": photo is not None,
            "createdAt": format_instant(int(created)) if created is not None else None,
            "name": self._name(kind, code),
            "totalCustomersHelped": int(helped[0]),
            "photoUrl": photo,
        }

    # -- the report family (docs/family.md) ------------------------------------------

    def _subject_request(self, user: Any, start: Any, end: Any, previous_start: Any,
                         previous_end: Any, mailboxes: Any, tags: Any, types: Any,
                         folders: Any, office_hours: Any = False,
                         ) -> tuple[ReportRequest, str, int, Members, np.ndarray]:
        """The checked request, the subject and its members, and the eligible
        conversations."""
        req = parse_request(user, start, end, previous_start, previous_end, mailboxes, tags,
                            types, folders, office_hours)
        kind, code = self._subject(req.user)
        self._warn_unknown_filter_ids(req)
        return req, kind, code, Members(self._members(kind, code)), \
            self._conversation_mask(req)

    def _series(self, value: str, user: Any, start: Any, end: Any, previous_start: Any,
                previous_end: Any, view_by: Any, mailboxes: Any, tags: Any, types: Any,
                folders: Any) -> dict[str, Any]:
        from ._series import bucket_starts, default_view, series

        view = choice(view_by, "viewBy", VIEW_BY)
        req, _kind, _code, sel, conv_ok = self._subject_request(
            user, start, end, previous_start, previous_end, mailboxes, tags, types, folders)
        m = self._model
        out: dict[str, Any] = {}
        ranges = [("current", (req.start, req.end))]
        if req.previous is not None:
            ranges.append(("previous", req.previous))
        for name, (s, e) in ranges:
            starts = bucket_starts(s, e, view or default_view(s, e))
            values = series(self._facts, sel, conv_ok, m.conv_customer, m.n_customers,
                            self._range(s, e), starts)[value]
            out[name] = docs.series_points(starts, values[0], value)
        return out

    def replies_report(self, user: Any, start: Any, end: Any, previous_start: Any = None,
                       previous_end: Any = None, view_by: Any = None, mailboxes: Any = None,
                       tags: Any = None, types: Any = None,
                       folders: Any = None) -> dict[str, Any]:
        """Replies per day, week or month (`view_by`; by default week for a range of at
        most 365 days, else month): ``{"current": [{"date", "replies"}…], "previous"}``.
        The points add up to the user report's ``totalReplies``."""
        return self._series("replies", user, start, end, previous_start, previous_end,
                            view_by, mailboxes, tags, types, folders)

    def resolutions_report(self, user: Any, start: Any, end: Any, previous_start: Any = None,
                           previous_end: Any = None, view_by: Any = None,
                           mailboxes: Any = None, tags: Any = None, types: Any = None,
                           folders: Any = None) -> dict[str, Any]:
        """Resolved conversations per bucket (``resolved``); see `replies_report`."""
        return self._series("resolved", user, start, end, previous_start, previous_end,
                            view_by, mailboxes, tags, types, folders)

    def customers_helped_report(self, user: Any, start: Any, end: Any,
                                previous_start: Any = None, previous_end: Any = None,
                                view_by: Any = None, mailboxes: Any = None, tags: Any = None,
                                types: Any = None, folders: Any = None) -> dict[str, Any]:
        """Distinct customers helped per bucket (``customers``); see `replies_report`."""
        return self._series("customers", user, start, end, previous_start, previous_end,
                            view_by, mailboxes, tags, types, folders)

    def happiness_report(self, user: Any, start: Any, end: Any, previous_start: Any = None,
                         previous_end: Any = None, mailboxes: Any = None, tags: Any = None,
                         types: Any = None, folders: Any = None) -> dict[str, Any]:
        """The happiness breakdown of the ratings of a user's (or team's) replies:
        ``{"filterTags", "current", "previous", "deltas"}`` (the last two with a previous
        range); percentages and the score's change in points."""
        from ._family import happiness

        req, _kind, _code, sel, conv_ok = self._subject_request(
            user, start, end, previous_start, previous_end, mailboxes, tags, types, folders)
        m = self._model

        def stats(s: int, e: int) -> dict[str, Any]:
            rng = self._range(s, e)
            helped = customers_helped(self._facts, sel, conv_ok, m.conv_customer,
                                      m.n_customers, rng)[0]
            return docs.happiness_object(happiness(self._facts, sel, conv_ok, rng,
                                                   m.rt_customer, helped))

        doc: dict[str, Any] = {"filterTags": self.filter_tags(),
                               "current": stats(req.start, req.end)}
        if req.previous is not None:
            doc["previous"] = stats(*req.previous)
            doc["deltas"] = docs.happiness_deltas(doc["current"], doc["previous"])
        return doc

    def ratings_report(self, user: Any, start: Any, end: Any, rating: Any = "all",
                       sort_field: Any = "modifiedAt", sort_order: Any = "desc",
                       page: Any = 1, rows: Any = None, mailboxes: Any = None,
                       tags: Any = None, types: Any = None,
                       folders: Any = None) -> dict[str, Any]:
        """The ratings of a user's (or team's) replies in the range, one row each
        (`rating`: all, great, okay, not_good), sorted by `sort_field` (number,
        modifiedAt — when the rating was given —, rating) and paged:
        ``{"results", "page", "count", "pages"}``; `rows=None` puts every row on page 1."""
        from ._family import ratings_rows

        value = rating_filter(rating)
        field = choice(sort_field, "sortField", SORT_RATINGS, "modifiedAt")
        descending = _descending(sort_order)
        page_no, size = positive(page, "page", 1), positive(rows, "rows", None)
        _req, _kind, _code, sel, conv_ok = self._subject_request(
            user, start, end, None, None, mailboxes, tags, types, folders)
        m = self._model
        order = ratings_rows(self._facts, sel, conv_ok, self._range(_req.start, _req.end),
                             value, field or "modifiedAt", descending, m.conv_number, m.rt_id)
        lo, hi, pages = docs.page_bounds(len(order), page_no or 1, size)
        r = order[lo:hi]
        conv = m.rt_conv[r]
        users = m.user_ids[m.rt_user[r]]
        customer_names, _ = self._names.customers(m.rt_customer[r])
        results = docs.records({
            "number": docs.optional(m.conv_number[conv]),
            "threadid": docs.optional(m.rt_thread[r]),
            "threadCreatedAt": docs.instants(m.rt_thread_time[r], m.rt_thread_time[r] >= 0),
            "id": m.conv_id[conv].tolist(), "type": docs.labels(CONV_TYPES, m.conv_type[conv]),
            "ratingId": (m.rt_value[r].astype(np.int64) + 1).tolist(),
            "ratingCustomerId": docs.optional(m.rt_customer[r]),
            "ratingComments": [c or "" for c in m.rt_comments[r].tolist()],
            "ratingCreatedAt": docs.instants(m.rt_time[r]),
            "ratingCustomerName": customer_names, "ratingUserId": users.tolist(),
            "ratingUserName": self._names.users(users)})
        return docs.paged(results, page_no or 1, len(order), pages)

    def conversation_history_report(self, user: Any, start: Any, end: Any,
                                    status: Any = None, office_hours: Any = False,
                                    sort_field: Any = "number", sort_order: Any = "desc",
                                    page: Any = 1, rows: Any = None, mailboxes: Any = None,
                                    tags: Any = None, types: Any = None,
                                    folders: Any = None) -> dict[str, Any]:
        """One row per conversation a user (or team) replied to in the range — replies
        sent, mean handle time, first and mean response time, resolution time — with
        `status` (active, pending, closed) keeping one status; sorted by `sort_field`
        (number, repliesSent, responseTime, resolveTime) and paged like `ratings_report`.
        With `office_hours`, times are office seconds."""
        from ._family import history_rows
        from ._normalise import code

        wanted = choice(status, "status", STATUSES)
        field = choice(sort_field, "sortField", SORT_HISTORY, "number")
        descending = _descending(sort_order)
        page_no, size = positive(page, "page", 1), positive(rows, "rows", None)
        req, _kind, _code, sel, conv_ok = self._subject_request(
            user, start, end, None, None, mailboxes, tags, types, folders, office_hours)
        office = self._office(req)
        m = self._model
        hist = history_rows(self._facts, sel, conv_ok, self._range(req.start, req.end),
                            office, None if wanted is None else code(
                                "conversations", "status", wanted),
                            m.conv_status, m.conv_number, field or "number", descending)
        lo, hi, pages = docs.page_bounds(len(hist), page_no or 1, size)
        conv = hist.conv[lo:hi]
        customer_ids = self._customer_ids(conv)
        names, _ = self._names.customers(customer_ids)
        results = docs.records({
            "id": m.conv_id[conv].tolist(), "number": docs.optional(m.conv_number[conv]),
            "customers": [[{"id": cid, "name": name}] if cid >= 0 else []
                          for cid, name in zip(customer_ids.tolist(), names, strict=True)],
            "avgHandleTime": hist.handle[lo:hi].tolist(),
            "firstResponseTime": hist.first_response[lo:hi].tolist(),
            "repliesSent": hist.replies[lo:hi].tolist(),
            "responseTime": hist.response[lo:hi].tolist(),
            "resolveTime": docs.optional(hist.resolve[lo:hi]),
            "status": docs.labels(ENUM_STATUS, m.conv_status[conv])})
        return docs.paged(results, page_no or 1, len(hist), pages)

    def drilldown_report(self, user: Any, start: Any, end: Any, page: Any = 1,
                         rows: Any = None, mailboxes: Any = None, tags: Any = None,
                         types: Any = None, folders: Any = None) -> dict[str, Any]:
        """The conversations behind ``totalConversations`` (touched by the user or team in
        the range), newest activity first, as Help Scout's abbreviated conversations:
        ``{"conversations": {"count", "page", "pages", "results"}}``."""
        from ._family import drilldown_rows

        page_no, size = positive(page, "page", 1), positive(rows, "rows", None)
        req, _kind, _code, sel, conv_ok = self._subject_request(
            user, start, end, None, None, mailboxes, tags, types, folders)
        m = self._model
        order = drilldown_rows(self._facts, sel, conv_ok, self._range(req.start, req.end))
        lo, hi, pages = docs.page_bounds(len(order), page_no or 1, size)
        conv = order[lo:hi]
        customer_ids = self._customer_ids(conv)
        names, emails = self._names.customers(customer_ids)
        assigned = m.conv_assignee[conv]
        attachments = m.conv_attachments[conv]
        results = docs.records({
            "id": m.conv_id[conv].tolist(), "number": docs.optional(m.conv_number[conv]),
            "type": docs.labels(CONV_TYPES, m.conv_type[conv]),
            "mailboxid": m.conv_mailbox[conv].tolist(),
            "attachments": [None if a < 0 else bool(a) for a in attachments.tolist()],
            "subject": m.conv_subject[conv].tolist(),
            "status": docs.labels(ENUM_STATUS, m.conv_status[conv]),
            "threadCount": m.conv_thread_count[conv].tolist(),
            "preview": m.conv_preview[conv].tolist(),
            "customerName": names, "customerEmail": emails,
            "customerIds": [[cid] if cid >= 0 else [] for cid in customer_ids.tolist()],
            "modifiedAt": docs.instants(m.conv_modified_at[conv]),
            "assignedid": assigned.tolist(),
            "assignedName": [n if a else None for a, n in zip(
                assigned.tolist(), self._names.users(assigned), strict=True)],
            "tags": self._conversation_tags(conv)})
        return {"conversations": {"count": len(order), "page": page_no or 1, "pages": pages,
                                  "results": results}}

    def _customer_ids(self, conv: np.ndarray) -> np.ndarray:
        """The primary customer's id of each conversation, -1 when none."""
        m = self._model
        code = m.conv_customer[conv]
        out = np.full(len(conv), -1, dtype=np.int64)
        out[code >= 0] = m.customer_ids[code[code >= 0]]
        return out

    def _conversation_tags(self, conv: np.ndarray) -> list[list[dict[str, Any]]]:
        """Each conversation's tags, by id: ``{"id", "name", "color"}`` ("none" when the
        colour is unknown)."""
        conv_of, tag_of = self._tag_pairs
        lo = np.searchsorted(conv_of, conv, side="left")
        n = np.searchsorted(conv_of, conv, side="right") - lo
        tags = tag_of[np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()))].tolist()
        ends = np.cumsum(n).tolist()
        info = self._tag_info
        return [[{"id": t, **info[t]} for t in tags[a - k:a]]
                for a, k in zip(ends, n.tolist(), strict=True)]

    @cached_property
    def _tag_info(self) -> dict[int, dict[str, Any]]:
        """Tag id → ``{"name", "color"}`` ("none" when the colour is unknown)."""
        frame = self._model.tag_names
        return {int(i): {"name": _plain(n), "color": _plain(c) or "none"}
                for i, n, c in zip(frame["id"], frame["name"], frame["color"], strict=True)}

    @cached_property
    def _tag_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (conversation code, tag id) pairs, sorted: two arrays."""
        m = self._model
        ok = m.tag_conv >= 0
        if not ok.any():
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        conv, tag = m.tag_conv[ok].astype(np.int64), m.tag_id[ok]
        lo, span = int(tag.min()), int(tag.max() - tag.min()) + 1
        keys = distinct(conv * span + (tag - lo))
        return keys // span, keys % span + lo

    def series_table(self, start: Any, end: Any, view_by: Any = None, mailboxes: Any = None,
                     tags: Any = None, types: Any = None, folders: Any = None) -> pd.DataFrame:
        """Replies, resolutions and customers helped per bucket for every user and team in
        one long table: ``id``, ``kind``, ``name``, ``date`` (the bucket's start, a UTC
        timestamp), ``replies``, ``resolved``, ``customers``; the rows of `users_table`,
        each with every bucket in time order. What an analyst plots."""
        from ._series import bucket_starts, default_view, series

        view = choice(view_by, "viewBy", VIEW_BY)
        req = parse_request(None, start, end, None, None, mailboxes, tags, types, folders,
                            need_user=False)
        self._check_focus(None)
        self._warn_unknown_filter_ids(req)
        m = self._model
        sel = AllGroups(m.n_users, len(m.team_ids), m.member_user, m.member_team)
        starts = bucket_starts(req.start, req.end, view or default_view(req.start, req.end))
        values = series(self._facts, sel, self._conversation_mask(req), m.conv_customer,
                        m.n_customers, self._range(req.start, req.end), starts)
        keep = np.flatnonzero(np.concatenate([m.user_known, np.ones(len(m.team_ids), bool)]))
        nb = len(starts)
        ids = np.concatenate([m.user_ids, m.team_ids])[keep]
        names = [self._name("user", int(i)) if i < m.n_users
                 else self._name("team", int(i) - m.n_users) for i in keep]
        return pd.DataFrame({
            "id": np.repeat(ids, nb),
            "kind": np.repeat(np.where(keep < m.n_users, "user", "team"), nb),
            "name": np.repeat(np.array(names, dtype=object), nb),
            "date": docs.instant_column(np.tile(starts, len(keep))),
            "replies": values["replies"][keep].ravel().astype(np.int64),
            "resolved": values["resolved"][keep].ravel().astype(np.int64),
            "customers": values["customers"][keep].ravel().astype(np.int64),
        })


ENUM_STATUS = ("active", "pending", "closed", "spam")


def _descending(value: Any) -> bool:
    return sort_order(value)


def _plain(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value) or None
