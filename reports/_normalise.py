"""Raw tables → typed, cleaned tables (SPEC §2 normalisation), with a report of what changed.

- ids become int64 (nullable ids: pandas Int64), instants int64 UTC seconds (floored),
  enums lower-cased and stripped, `message` threads become `reply`;
- duplicate ids keep the last row; threads, tags and ratings of a missing conversation
  are dropped; rating spellings map to great / okay / not_good, other values are ignored.

Every change is counted in `LoadReport`; nothing is dropped without a count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._errors import DataError
from ._io import RawData
from ._schema import TABLES, Table
from ._timeutil import to_epoch_seconds

__all__ = ["ENUMS", "RATING_CODES", "LoadReport", "normalise"]

ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("conversations", "type"): ("email", "chat", "phone"),
    ("conversations", "status"): ("active", "pending", "closed", "spam"),
    ("conversations", "state"): ("published", "draft", "deleted"),
    ("conversations", "created_by_type"): ("user", "customer"),
    ("threads", "type"): ("customer", "reply", "note", "lineitem", "chat", "phone",
                          "beaconchat", "forwardparent", "forwardchild"),
    ("threads", "state"): ("published", "draft", "hidden", "review", "underreview"),
    ("threads", "status"): ("active", "pending", "closed", "spam", "nochange"),
    ("threads", "created_by_type"): ("user", "customer", "other"),
}

#: Rating spellings (SPEC §2) → 0 great, 1 okay, 2 not_good.
RATING_CODES: dict[str, int] = {
    "great": 0, "1": 0,
    "okay": 1, "ok": 1, "2": 1,
    "not_good": 2, "not-good": 2, "not good": 2, "bad": 2, "3": 2,
}


@dataclass
class LoadReport:
    """What loading found and changed: rows kept per table and every record set aside."""

    rows: dict[str, int] = field(default_factory=dict)
    duplicates: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """One human-readable line per thing a user should know about the load."""
        out = [f"{t}: {n} duplicate id(s) resolved, the last record of each kept"
               for t, n in self.duplicates.items() if n]
        out += [f"{what}: {n} dropped" for what, n in self.dropped.items() if n]
        return out + list(self.notices)


def normalise(raw: RawData) -> tuple[dict[str, pd.DataFrame], LoadReport]:
    """Type, clean and cross-check the raw tables; return them with the load report."""
    report = LoadReport(notices=list(raw.notices))
    out: dict[str, pd.DataFrame] = {}
    for name, frame in raw.tables.items():
        table = TABLES[name]
        source = raw.sources.get(name, name)
        typed = _type_table(frame, table, source, report)
        if table.key is not None:
            before = len(typed)
            typed = typed.drop_duplicates(subset=table.key, keep="last")
            report.duplicates[name] = before - len(typed)
        out[name] = typed.reset_index(drop=True)
    _drop_orphans(out, report)
    if "ratings" in out:
        ratings = out["ratings"]
        codes = ratings["rating"].map(RATING_CODES)
        unknown = codes.isna()
        if unknown.any():
            examples = ", ".join(repr(v) for v in ratings.loc[unknown, "rating"].unique()[:3])
            report.dropped[f"ratings with an unrecognised value ({examples})"] = int(
                unknown.sum())
        ratings = ratings.loc[~unknown].copy()
        ratings["rating"] = codes[~unknown].astype(np.int8)
        out["ratings"] = ratings.reset_index(drop=True)
    report.rows = {name: len(frame) for name, frame in out.items()}
    return out, report


def _type_table(frame: pd.DataFrame, table: Table, source: str,
                report: LoadReport) -> pd.DataFrame:
    missing = [c.name for c in table.columns if c.required and c.name not in frame.columns]
    if missing:
        raise DataError(f"required column is missing in table '{table.name}'",
                        file=source, column=missing[0])
    cols: dict[str, object] = {}
    for col in table.columns:
        if col.name not in frame.columns:
            continue
        values = frame[col.name]
        if col.kind in ("id", "int"):
            cols[col.name] = _ints(values, table, col.name, col.required, source)
        elif col.kind == "time":
            cols[col.name] = _times(values, table, col.name, col.required, source)
        elif col.kind == "enum":
            cols[col.name] = _enum(values, table, col.name, col.required, source, report)
        else:
            cols[col.name] = values.astype("string").astype(object).where(values.notna(), None)
    return pd.DataFrame(cols, index=pd.RangeIndex(len(frame)))


def _fail_row(mask: np.ndarray, values: pd.Series, source: str, column: str,
              message: str) -> DataError:
    row = int(np.flatnonzero(mask)[0])
    return DataError(f"{message} (value {values.iloc[row]!r}); fix or remove that record",
                     file=source, column=column, row=row + 1, rejected_value=values.iloc[row])


def _require(present: np.ndarray, values: pd.Series, source: str, column: str) -> None:
    if not present.all():
        raise _fail_row(~present, values, source, column, "a required value is empty")


def _ints(values: pd.Series, table: Table, column: str, required: bool,
          source: str) -> pd.Series:
    present = values.notna().to_numpy(dtype=bool)
    if pd.api.types.is_integer_dtype(values.dtype):
        number = values.astype("Int64")
        if required:
            _require(present, values, source, column)
            return number.astype(np.int64)
        return number
    numeric = pd.to_numeric(values, errors="coerce")
    floats = numeric.to_numpy(dtype="float64", na_value=np.nan)
    bad = present & (np.isnan(floats) | (np.floor(floats) != floats))
    if column == "handle_seconds":
        bad = present & np.isnan(floats)
    if bad.any():
        raise _fail_row(bad, values, source, column, "not an integer")
    if required:
        _require(present, values, source, column)
        return pd.Series(np.floor(floats).astype(np.int64))
    return pd.Series(pd.array(np.where(present, np.floor(np.nan_to_num(floats)), 0)
                              .astype(np.int64), dtype="Int64")).where(present, pd.NA)


def _times(values: pd.Series, table: Table, column: str, required: bool,
           source: str) -> pd.Series:
    secs, present, bad = to_epoch_seconds(values)
    if bad.any():
        raise _fail_row(bad, values, source, column,
                        "not a timestamp; write instants like 2015-01-01T00:00:00Z")
    if required:
        _require(present, values, source, column)
        return pd.Series(secs)
    return pd.Series(pd.array(secs, dtype="Int64")).where(present, pd.NA)


def _enum(values: pd.Series, table: Table, column: str, required: bool, source: str,
          report: LoadReport) -> pd.Series:
    text = values.astype("string").str.strip().str.lower()
    if table.name == "threads" and column == "type":
        text = text.replace("message", "reply")
    present = text.notna().to_numpy(dtype=bool) & (text != "").fillna(False).to_numpy(bool)
    if required:
        _require(present, values, source, column)
    allowed = ENUMS.get((table.name, column))
    if allowed is not None:
        unknown = present & ~text.isin(allowed).fillna(False).to_numpy(dtype=bool)
        if unknown.any():
            examples = ", ".join(repr(v) for v in pd.unique(text[unknown])[:3])
            report.notices.append(
                f"{source}: column '{column}' has {int(unknown.sum())} value(s) outside "
                f"{'/'.join(allowed)} ({examples}); they match no rule of the report")
    return pd.Series(text.astype(object).where(present, None))


def _drop_orphans(tables: dict[str, pd.DataFrame], report: LoadReport) -> None:
    ids = tables["conversations"]["id"].to_numpy()
    for name in ("threads", "conversation_tags", "ratings"):
        if name not in tables:
            continue
        frame = tables[name]
        known = np.isin(frame["conversation_id"].to_numpy(), ids)
        if not known.all():
            report.dropped[f"{name} whose conversation is missing"] = int((~known).sum())
            tables[name] = frame.loc[known].reset_index(drop=True)
