"""What a dataset holds: its users, teams, mailboxes, folders, tags, time span and size.

`describe` answers "who is in here" before any report is asked for: the ids to pass as
``--user``, ``--mailboxes``, ``--folders`` and ``--tags``, and how many conversations each
one has.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ._timeutil import format_instant

__all__ = ["INFO_KEYS", "describe", "info_text"]

INFO_KEYS = ("users", "teams", "mailboxes", "folders", "tags", "span", "counts",
             "office_hours")


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) \
        else str(value)


def _per_id(ids: np.ndarray, table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(sorted ids of the data and of the descriptive table, conversations per id)."""
    ids = ids.astype(np.int64, copy=False)
    known = np.union1d(np.unique(ids), table.index.to_numpy(dtype=np.int64))
    counts = np.bincount(np.searchsorted(known, ids), minlength=len(known))
    return known, counts


def describe(ds: Any) -> dict[str, Any]:
    """The dataset's contents as JSON values (see `Dataset.info`)."""
    m = ds._model
    users = []
    for code in np.flatnonzero(m.user_known):
        uid = int(m.user_ids[code])
        rec = m.users.loc[uid] if uid in m.users.index else None
        users.append({"id": uid, "name": ds._name("user", int(code)),
                      "email": _text(rec.get("email")) if rec is not None else None,
                      "inUsersTable": rec is not None})
    teams = [{"id": int(tid), "name": ds._name("team", code),
              "members": sorted(int(m.user_ids[u]) for u in m.member_user[m.member_team == code])}
             for code, tid in enumerate(m.team_ids)]

    boxes, per_box = _per_id(m.conv_mailbox, m.mailboxes)
    mailboxes = [{"id": int(i), "name": _text(m.mailboxes["name"].get(i))
                  if "name" in m.mailboxes else None, "conversations": int(n)}
                 for i, n in zip(boxes, per_box, strict=True)]
    folder_ids, per_folder = _per_id(m.conv_folder[m.conv_has_folder], m.folders)
    folders = []
    for i, n in zip(folder_ids, per_folder, strict=True):
        row = m.folders.loc[i] if i in m.folders.index else {}
        box = row.get("mailbox_id") if len(row) else None
        folders.append({"id": int(i), "name": _text(row.get("name")) if len(row) else None,
                        "mailboxId": None if box is None or pd.isna(box) else int(box),
                        "conversations": int(n)})
    pairs = np.unique(np.stack([m.tag_id, m.tag_conv]), axis=1) if len(m.tag_id) else \
        np.zeros((2, 0), np.int64)
    tag_ids = m.tag_names["id"].to_numpy(np.int64)
    per_tag = np.bincount(np.searchsorted(tag_ids, pairs[0][pairs[1] >= 0]),
                          minlength=len(tag_ids))
    tags = [{"id": int(i), "name": _text(name), "conversations": int(n)}
            for i, name, n in zip(tag_ids, m.tag_names["name"], per_tag, strict=True)]

    created = m.conv_created_at
    span = {"first": format_instant(int(created.min())) if len(created) else None,
            "last": format_instant(int(created.max())) if len(created) else None}
    hours = ds.office_hours.as_json() if ds.office_hours is not None else None
    return {"users": users, "teams": teams, "mailboxes": mailboxes, "folders": folders,
            "tags": tags, "span": span, "counts": dict(ds.load_report.rows),
            "office_hours": hours}


def info_text(info: dict[str, Any], source: str) -> str:
    """`describe`'s answer as text for a person."""
    out = [f"{source}"]
    span = info["span"]
    out.append(f"conversations created {span['first'] or '-'} .. {span['last'] or '-'}")
    out.append("rows: " + ", ".join(f"{k} {v:,}" for k, v in info["counts"].items()))

    def section(title: str, rows: list[str]) -> None:
        out.append("")
        out.append(f"{title} ({len(rows)})")
        out.extend("  " + r for r in rows)

    section("users: id, name, email", [
        f"{u['id']:>10}  {u['name'] or '(no name)'}  {u['email'] or ''}"
        + ("" if u["inUsersTable"] else "  [thread author, not in the users table]")
        for u in info["users"]])
    section("teams: id, name, member ids", [
        f"{t['id']:>10}  {t['name'] or '(no name)'}  {', '.join(map(str, t['members'])) or '-'}"
        for t in info["teams"]])
    section("mailboxes: id, name, conversations", [
        f"{b['id']:>10}  {b['name'] or '(no name)'}  {b['conversations']:,}"
        for b in info["mailboxes"]])
    section("folders: id, name, mailbox, conversations", [
        f"{f['id']:>10}  {f['name'] or '(no name)'}  {f['mailboxId'] or '-'}  "
        f"{f['conversations']:,}" for f in info["folders"]])
    section("tags: id, name, conversations", [
        f"{t['id']:>10}  {t['name'] or '(no name)'}  {t['conversations']:,}"
        for t in info["tags"]])
    hours = info["office_hours"]
    out.append("")
    if hours is None:
        out.append("office hours: none (calendar time; busiestDay in UTC)")
    else:
        days = ", ".join(f"{d} {' '.join(f'{a}-{b}' for a, b in s)}"
                         for d, s in hours["schedule"].items())
        state = "enabled" if hours["enabled"] else "disabled"
        out.append(f"office hours: {state}, {hours['timezone']}: {days or 'always closed'}"
                   + (f"; holidays {', '.join(hours['holidays'])}" if hours["holidays"] else ""))
    return "\n".join(out) + "\n"
