"""`Dataset`: a loaded, normalised dataset and the reports computed from it."""

from __future__ import annotations

import warnings
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ._arrays import distinct
from ._document import document, stats_object, table
from ._errors import ReportsWarning, RequestError, UnknownUserError
from ._facts import Facts, build_facts
from ._model import Model, build_model
from ._narrow import Focus
from ._normalise import Columns, LoadReport
from ._request import CONV_TYPES, ReportRequest, parse_request
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
        parts = [str(rec.get(k) or "").strip() for k in ("first_name", "last_name")]
        return " ".join(p for p in parts if p) or None

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
