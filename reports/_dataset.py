"""`Dataset`: a loaded, normalised dataset and the reports computed from it."""

from __future__ import annotations

import warnings
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _document as docs
from ._backend import Backend
from ._document import document, stats_object
from ._eligible import Eligible
from ._errors import ReportsWarning, RequestError, UnknownUserError
from ._facts import Facts, Timing
from ._names import person_name, user_names
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
from ._stats import (
    AllGroups,
    Members,
    Partial,
    PartStatistics,
    Range,
    Selection,
    customers_helped,
    finish,
    partial,
)
from ._timeutil import format_instant

if TYPE_CHECKING:
    import pandas as pd

    from ._loadreport import LoadReport
    from ._narrow import Focus

__all__ = ["Dataset"]


class Dataset:
    """A loaded dataset; computes User/Team reports for any user, team and range.

    Build one with `reports.load(path)` or `reports.from_tables(tables)`. The per-dataset
    work (coding, sorting, per-conversation facts) happens once, on the first report.
    """

    def __init__(self, backend: Backend, report: LoadReport, office_hours: Any = None,
                 source: str = "", focus: Focus | None = None) -> None:
        self._backend = backend
        self._ever: dict[tuple[str, int], int] = {}
        self.load_report = report
        self.office_hours = office_hours
        self.source = source
        #: Set when loaded with `focus=`: the only user or team this dataset can report on.
        self.focus = focus

    def __repr__(self) -> str:
        rows = ", ".join(f"{k}={v}" for k, v in self.load_report.rows.items())
        return f"<reports.Dataset {self.source or 'in memory'}: {rows}>"

    @property
    def _model(self) -> Any:
        return self._backend.model

    @property
    def _facts(self) -> Facts:
        return self._backend.facts

    @cached_property
    def _timing(self) -> Timing:
        """Office seconds and company-local dates, over the data's time span."""
        return Timing(self.office_hours, self._backend.span())

    # -- requests ---------------------------------------------------------------------

    def _range(self, start: int, end: int) -> Range:
        days = self._timing.local_day(np.array([start, end], dtype=np.int64))
        return Range(start, end, int(days[0]), int(days[1]))

    def _conversation_mask(self, req: ReportRequest) -> Eligible:
        """Eligible conversations (docs/metrics.md › Which conversations count)."""
        return Eligible(self._model, req)

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
        return self._backend.known_ids()

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
        raise UnknownUserError("user", f"no user or team has id {uid}",
                               hint=f"list them with `reports info{where}` (or "
                               "Dataset.info())", rejected_value=uid)

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

    def _stats(self, sel: Selection, conv_ok: Eligible, start: int, end: int,
               office: bool) -> tuple[dict[str, np.ndarray], Range]:
        """One user set's statistics for a range."""
        rng = self._range(start, end)
        m = self._model
        return finish(partial(self._facts, sel, conv_ok, m.conv_customer, m.n_customers, rng,
                              self._timing, office), rng), rng

    @cached_property
    def _everyone(self) -> AllGroups:
        m = self._model
        return AllGroups(m.n_users, len(m.team_ids), m.member_user, m.member_team)

    def _all_stats(self, req: ReportRequest, start: int, end: int,
                   office: bool) -> tuple[dict[str, np.ndarray], Range]:
        """Every user's and team's statistics for a range, part by part, merged."""
        rng = self._range(start, end)
        work = PartStatistics(self._everyone, req, rng, self._timing, office,
                              self._model.n_customers)
        return finish(Partial.merge_all(self._backend.map_parts(work, (start, end))),
                      rng), rng

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
        cur, rng = self._all_stats(req, req.start, req.end, office)
        prev = None
        if req.previous is not None:
            prev = self._all_stats(req, *req.previous, office)
        keep, ids, kinds, names = self._table_rows()
        from ._frames import table

        return table(ids, kinds, names, {k: v[keep] for k, v in cur.items()}, rng,
                          None if prev is None else ({k: v[keep] for k, v in prev[0].items()},
                                                     prev[1]))

    def _table_rows(self) -> tuple[np.ndarray, np.ndarray, list[str], list[str | None]]:
        """The groups the tables list (every valid user, then every team): their group
        index, id, kind and name."""
        m = self._model
        keep = np.flatnonzero(np.concatenate([m.user_known, np.ones(len(m.team_ids), bool)]))
        ids = np.concatenate([m.user_ids, m.team_ids])[keep]
        kinds = ["user" if i < m.n_users else "team" for i in keep.tolist()]
        names = [self._name("user", i) if i < m.n_users else self._name("team", i - m.n_users)
                 for i in keep.tolist()]
        return keep, ids, kinds, names

    def info(self) -> dict[str, Any]:
        """What the dataset holds, as JSON values: ``users`` (id, name, email,
        ``inUsersTable`` — false for thread authors the users table lacks), ``teams`` (id,
        name, ``members``: user ids), ``mailboxes`` and ``folders`` (id, name,
        conversations), ``tags`` (id, name, conversations), ``span`` (first and last
        conversation creation), ``counts`` (rows per table) and ``office_hours`` (the
        config, or None).
        """
        import copy

        self._check_focus(None)
        return copy.deepcopy(self._described)

    @cached_property
    def _described(self) -> dict[str, Any]:
        """`info`, computed once: the data of a dataset does not change."""
        from ._info import describe

        return describe(self)

    def filter_tags(self) -> list[dict[str, Any]]:
        """Every tag of the dataset as `{"id", "name"}`, by id (docs/metrics.md › The
        document)."""
        return [{"id": i, "name": _plain(t["name"])} for i, t in self._model.tags.items()]

    # -- the user object --------------------------------------------------------------

    def _record(self, kind: str, code: int) -> dict[str, Any] | None:
        m = self._model
        if kind == "user":
            return m.users.get(int(m.user_ids[code]))
        return m.teams.get(int(m.team_ids[code]))

    def _name(self, kind: str, code: int) -> str | None:
        rec = self._record(kind, code)
        if rec is None:
            return None
        if kind == "team":
            return rec.get("name") or None
        return person_name(rec.get("first_name"), rec.get("last_name"))

    def _customers_ever(self, kind: str, code: int, sel: Selection) -> int:
        """Distinct customers the user (or a member) ever replied to, whatever the range
        and filters: `totalCustomersHelped` (kept: it depends on the subject only)."""
        found = self._ever.get((kind, code))
        if found is None:
            m = self._model
            everything = Range(np.iinfo(np.int64).min, np.iinfo(np.int64).max, 0, 0)
            found = self._ever[(kind, code)] = int(customers_helped(
                self._facts, sel, Eligible(m), m.conv_customer, m.n_customers,
                everything)[0])
        return found

    def _user_object(self, kind: str, code: int, sel: Selection) -> dict[str, Any]:
        m = self._model
        rec = self._record(kind, code) or {}
        photo = rec.get("photo_url") or None
        created = rec.get("created_at")
        helped = self._customers_ever(kind, code, sel)
        return {
            "id": int((m.user_ids if kind == "user" else m.team_ids)[code]),
            "hasPhoto": photo is not None,
            "createdAt": format_instant(int(created)) if created is not None else None,
            "name": self._name(kind, code),
            "totalCustomersHelped": helped,
            "photoUrl": photo,
        }

    # -- the report family (docs/family.md) ------------------------------------------

    def _subject_request(self, user: Any, start: Any, end: Any, previous_start: Any,
                         previous_end: Any, mailboxes: Any, tags: Any, types: Any,
                         folders: Any, office_hours: Any = False,
                         ) -> tuple[ReportRequest, str, int, Members, Eligible]:
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
        customer_names, _ = m.customers.lookup(m.rt_customer[r])
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
            "ratingUserName": user_names(m.users, users.tolist())})
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
        from ._vocab import code

        wanted = choice(status, "status", STATUSES)
        field = choice(sort_field, "sortField", SORT_HISTORY, "number")
        descending = _descending(sort_order)
        page_no, size = positive(page, "page", 1), positive(rows, "rows", None)
        req, _kind, _code, sel, conv_ok = self._subject_request(
            user, start, end, None, None, mailboxes, tags, types, folders, office_hours)
        office = self._office(req)
        m = self._model
        hist = history_rows(self._facts, sel, conv_ok, self._range(req.start, req.end),
                            self._timing, office, None if wanted is None else code(
                                "conversations", "status", wanted),
                            m.conv_status, m.conv_number, field or "number", descending)
        lo, hi, pages = docs.page_bounds(len(hist), page_no or 1, size)
        conv = hist.conv[lo:hi]
        customer_ids = self._customer_ids(conv)
        names, _ = m.customers.lookup(customer_ids)
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
        names, emails = m.customers.lookup(customer_ids)
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
                assigned.tolist(), user_names(m.users, assigned.tolist()), strict=True)],
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
        m = self._model
        conv_of, tag_of = m.tag_conv, m.tag_id
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
        return {i: {"name": _plain(t["name"]), "color": _plain(t["color"]) or "none"}
                for i, t in self._model.tags.items()}

    def series_table(self, start: Any, end: Any, view_by: Any = None, mailboxes: Any = None,
                     tags: Any = None, types: Any = None, folders: Any = None
                     ) -> pd.DataFrame:
        """Replies, resolutions and customers helped per bucket for every user and team in
        one long table: ``id``, ``kind``, ``name``, ``date`` (the bucket's start, a UTC
        timestamp), ``replies``, ``resolved``, ``customers``; the rows of `users_table`,
        each with every bucket in time order. What an analyst plots."""
        from ._series import PartSeries, SeriesPartial, bucket_starts, default_view

        view = choice(view_by, "viewBy", VIEW_BY)
        req = parse_request(None, start, end, None, None, mailboxes, tags, types, folders,
                            need_user=False)
        self._check_focus(None)
        self._warn_unknown_filter_ids(req)
        starts = bucket_starts(req.start, req.end, view or default_view(req.start, req.end))
        work = PartSeries(self._everyone, req, self._range(req.start, req.end), starts,
                          self._model.n_customers)
        values = SeriesPartial.merge_all(
            self._backend.map_parts(work, (req.start, req.end))).finish()
        keep, ids, kinds, names = self._table_rows()
        from ._frames import series_table

        return series_table(ids, kinds, names, starts,
                                 {k: v[keep] for k, v in values.items()})


ENUM_STATUS = ("active", "pending", "closed", "spam")


def _descending(value: Any) -> bool:
    return sort_order(value)


def _plain(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value) or None
