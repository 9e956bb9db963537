"""What a dataset holds: its users, teams, mailboxes, folders, tags, time span and size.

`describe` answers "who is in here" before any report is asked for: the ids to pass as
``--user``, ``--mailboxes``, ``--folders`` and ``--tags``, and how many conversations each
one has.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._timeutil import format_instant

__all__ = ["INFO_KEYS", "describe", "info_text"]

INFO_KEYS = ("users", "teams", "mailboxes", "folders", "tags", "span", "counts",
             "office_hours")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _per_id(ids: np.ndarray, table: dict[int, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(sorted ids of the data and of the descriptive table, conversations per id)."""
    ids = np.asarray(ids, dtype=np.int64)
    known = np.union1d(np.unique(ids), np.array(sorted(table), dtype=np.int64))
    counts = np.bincount(np.searchsorted(known, ids), minlength=len(known))
    return known, counts


def describe(ds: Any) -> dict[str, Any]:
    """The dataset's contents as JSON values (see `Dataset.info`)."""
    m = ds._model
    users = []
    for code in np.flatnonzero(m.user_known).tolist():
        uid = int(m.user_ids[code])
        rec = m.users.get(uid)
        users.append({"id": uid, "name": ds._name("user", code),
                      "email": _text(rec.get("email")) if rec is not None else None,
                      "inUsersTable": rec is not None})
    teams = [{"id": int(tid), "name": ds._name("team", code),
              "members": sorted(int(m.user_ids[u]) for u in m.member_user[m.member_team == code])}
             for code, tid in enumerate(m.team_ids.tolist())]

    boxes, per_box = _per_id(m.conv_mailbox, m.mailboxes)
    mailboxes = [{"id": i, "name": _text(m.mailboxes.get(i, {}).get("name")),
                  "conversations": n} for i, n in zip(boxes.tolist(), per_box.tolist(),
                                                      strict=True)]
    folder_ids, per_folder = _per_id(np.asarray(m.conv_folder)[np.asarray(m.conv_has_folder)],
                                     m.folders)
    folders = []
    for i, n in zip(folder_ids.tolist(), per_folder.tolist(), strict=True):
        row = m.folders.get(i, {})
        box = row.get("mailbox_id")
        folders.append({"id": i, "name": _text(row.get("name")),
                        "mailboxId": None if box is None else int(box), "conversations": n})
    tag_ids = np.array(sorted(m.tags), dtype=np.int64)
    per_tag = np.bincount(np.searchsorted(tag_ids, np.asarray(m.tag_id)),
                          minlength=len(tag_ids)) if len(tag_ids) else np.zeros(0, np.int64)
    tags = [{"id": i, "name": _text(m.tags[i]["name"]), "conversations": n}
            for i, n in zip(tag_ids.tolist(), per_tag.tolist(), strict=True)]
    first, last = ds._backend.created_span() if hasattr(ds._backend, "created_span") else (
        _created_span(m))
    span = {"first": format_instant(first) if first is not None else None,
            "last": format_instant(last) if last is not None else None}
    hours = ds.office_hours.as_json() if ds.office_hours is not None else None
    return {"users": users, "teams": teams, "mailboxes": mailboxes, "folders": folders,
            "tags": tags, "span": span, "counts": dict(ds.load_report.rows),
            "office_hours": hours}


def _created_span(m: Any) -> tuple[int | None, int | None]:
    created = m.conv_created_at
    if not len(created):
        return None, None
    return int(created.min()), int(created.max())


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
