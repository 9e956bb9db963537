"""`Collector`: the canonical tables a dump-style reader (Singer, API JSON) fills row by row.

The readers only map their source's field names to canonical rows; this module checks
the required values, keeps the small side tables (tags, team members) de-duplicated,
and applies "the last record of a conversation wins" to its tags, which `_normalise`
cannot do because `conversation_tags` has no key of its own.
"""

from __future__ import annotations

from array import array
from typing import Any

import numpy as np
import pyarrow as pa

from .._errors import DataError
from ._tables import (
    Problems,
    Sink,
    TableBuilder,
    as_id,
    as_text,
    at_first,
    table_schema,
)

__all__ = ["Collector"]

MAIN = ("conversations", "threads", "ratings", "users", "teams", "mailboxes", "folders",
        "customers")


class Collector:
    """Canonical tables under construction, with the problems met on the way.

    `labels` names each table as the source does (a Singer stream, an API page kind), so
    that notices speak the user's language; `fields` maps canonical column names to the
    source's field names for the same reason.
    """

    def __init__(self, sink: Sink, labels: dict[str, str],
                 fields: dict[str, dict[str, str]], hints: dict[str, str] | None = None,
                 ) -> None:
        self.sink = sink
        self.hints = hints or {}
        self.problems = Problems()
        self.fields = fields
        self.builders = {name: TableBuilder(name, sink, self.problems, labels.get(name),
                                            fields.get(name))
                         for name in MAIN}
        self.labels = labels
        # conversation_tags: (conversation id, tag id, which conversation record)
        self._tag_conv = array("q")
        self._tag_id = array("q")
        self._tag_seq = array("q")
        self._conv_ids = array("q")  # conversation id of each accepted conversation record
        self._tag_names: dict[int, str | None] = {}
        self._tag_colors: dict[int, str | None] = {}
        self._members: dict[tuple[int, int], None] = {}
        self.seen: set[str] = set()
        self.records = 0

    # -- rows ---------------------------------------------------------------------------

    def add(self, name: str, row: tuple[Any, ...], loc: int) -> None:
        """Add one row of `name` (see `TableBuilder.add`)."""
        self.records += 1
        self.builders[name].add(row, loc)

    def conversation(self, row: tuple[Any, ...], tags: Any, loc: int) -> None:
        """A conversation row and its tags (a list of {id, tag|name} objects)."""
        builder = self.builders["conversations"]
        seq = builder.read + len(builder.rows)  # this record's place among conversations
        self.add("conversations", row, loc)
        cid = as_id(row[0])
        self._conv_ids.append(cid if cid is not None else 0)
        if not tags or cid is None:
            return
        label = self.labels.get("conversations", "conversations")
        if not isinstance(tags, list):
            self.problems.add(label, f"'{self.fields['conversations'].get('tags', 'tags')}' "
                              "is not a list", loc, tags, "nulled")
            return
        for tag in tags:
            tid = as_id(tag.get("id")) if isinstance(tag, dict) else None
            if tid is None:
                self.problems.add(label, "a tag without an integer 'id'", loc, tag, "nulled")
                continue
            self._tag_conv.append(cid)
            self._tag_id.append(tid)
            self._tag_seq.append(seq)
            self._tag_info(tid, tag.get("tag", tag.get("name")), tag.get("color"))

    def _tag_info(self, tid: int, name: Any, color: Any) -> None:
        """A tag's name and colour; a later record's known values win."""
        if name is not None or tid not in self._tag_names:
            self._tag_names[tid] = as_text(name)
        if color is not None or tid not in self._tag_colors:
            self._tag_colors[tid] = as_text(color)

    def tag(self, tid: int | None, name: Any, loc: int, label: str = "tags",
            color: Any = None) -> None:
        self.seen.add("tags")
        if tid is None:
            self.problems.add(label, "'id' is missing or not an integer", loc)
            return
        self._tag_names[tid] = as_text(name)
        if color is not None or tid not in self._tag_colors:
            self._tag_colors[tid] = as_text(color)

    def member(self, team_id: int | None, user_id: int | None, loc: int,
               label: str = "team_members", fields: tuple[str, str] = ("team_id", "user_id"),
               ) -> None:
        self.seen.add("team_members")
        self.records += 1
        for value, name in zip((team_id, user_id), fields, strict=True):
            if value is None:
                self.problems.add(label, f"'{name}' is missing or not an integer", loc)
                return
        assert team_id is not None and user_id is not None
        key = (team_id, user_id)
        self._members.pop(key, None)  # keep the last occurrence's position
        self._members[key] = None

    def touch(self, name: str) -> None:
        """The source has table `name` (a Singer SCHEMA message, an empty page)."""
        if name in self.builders:
            self.builders[name].seen = True
        else:
            self.seen.add(name)

    # -- the end ------------------------------------------------------------------------

    def finish(self, source: str) -> list[str]:
        """Flush everything to the sink; return the names of the tables the source has."""
        for builder in self.builders.values():
            builder.flush()
        present = [n for n, b in self.builders.items() if b.seen]
        for name in ("conversations", "threads"):
            builder = self.builders[name]
            if not builder.seen:
                hint = f"; {self.hints[name]}" if name in self.hints else ""
                raise DataError(
                    f"no {self.labels.get(name, name)} records found, and the report needs "
                    f"them (required table '{name}'){hint}", file=source)
            if builder.read and not builder.written:
                first = self.problems.first(self.labels.get(name, name))
                why = f": {first.notice()}" if first is not None else ""
                exc = DataError(f"every {self.labels.get(name, name)} record is "
                                f"unusable{why}", file=source)
                raise at_first(exc, first.examples[0]) if first is not None else exc
        if self._conv_ids or "tags" in self.seen or self._tag_names:
            self._write_tags()
            present += ["conversation_tags", "tags"]
        if "team_members" in self.seen:
            pairs = np.array(list(self._members), dtype=np.int64).reshape(-1, 2)
            self._write("team_members", {"team_id": pairs[:, 0], "user_id": pairs[:, 1]})
            present.append("team_members")
        return present

    def _write_tags(self) -> None:
        conv = np.frombuffer(self._tag_conv, dtype=np.int64)
        tag = np.frombuffer(self._tag_id, dtype=np.int64)
        seq = np.frombuffer(self._tag_seq, dtype=np.int64)
        ids = np.frombuffer(self._conv_ids, dtype=np.int64)
        if len(conv):
            # The last record of a conversation wins, its tags with it: keep the tag rows
            # that came with the last accepted record of their conversation.
            accepted = np.ones(len(ids), dtype=bool)
            for dropped in self.builders["conversations"].dropped:
                accepted[dropped] = False
            rec = np.flatnonzero(accepted)
            order = rec[np.lexsort((rec, ids[rec]))]
            sorted_ids = ids[order]
            last = np.r_[sorted_ids[1:] != sorted_ids[:-1], True]
            uniq, last_seq = sorted_ids[last], order[last]
            at = np.minimum(np.searchsorted(uniq, conv), max(len(uniq) - 1, 0))
            keep = (uniq[at] == conv) & (last_seq[at] == seq) if len(uniq) else \
                np.zeros(len(conv), dtype=bool)
            pairs = np.stack([conv[keep], tag[keep]], axis=1)
            _, first = np.unique(pairs, axis=0, return_index=True)
            first.sort()
            conv, tag = pairs[first, 0], pairs[first, 1]
        self._write("conversation_tags", {"conversation_id": conv, "tag_id": tag})
        tag_ids = np.fromiter(self._tag_names.keys(), dtype=np.int64,
                              count=len(self._tag_names))
        self._write("tags", {"id": tag_ids, "name": list(self._tag_names.values()),
                             "color": [self._tag_colors.get(t) for t in self._tag_names]})

    def _write(self, name: str, columns: dict[str, Any]) -> None:
        schema = table_schema(name)
        arrays = [pa.array(columns[f.name], type=f.type) for f in schema]
        self.sink.write(name, pa.RecordBatch.from_arrays(arrays, schema=schema))

    def notices(self) -> list[str]:
        return self.problems.notices()

    def gaps(self) -> list[str]:
        """One line per table the source lacks that a report needs for names, teams or
        happiness (the export left out a stream, or was cut before it)."""
        present = {n for n, b in self.builders.items() if b.read or b.rows}
        present |= {"team_members"} if self._members else set()
        needs = {
            "users": "user names, emails and photos are unknown",
            "teams": "no team can be reported on",
            "ratings": "happinessScore is 0.0 for everyone",
        }
        out = [f"the export has no {self.labels.get(name, name)} records: {what}"
               for name, what in needs.items() if name not in present]
        if "teams" in present and "team_members" not in present:
            out.append("the export has no team member records: every team has no members")
        return out
