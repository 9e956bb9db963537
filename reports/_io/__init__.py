"""Readers: one per input format, each producing the same raw canonical tables.

A reader returns `RawData`: the SPEC §2 tables as pandas frames with the canonical column
names (values not yet typed or cleaned), where each came from, the office-hours config,
and the notices it has to report (records it could not use, with counts).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .._errors import DataError

__all__ = ["RawData", "read"]


@dataclass
class RawData:
    """Raw canonical tables as read, before normalisation."""

    tables: dict[str, pd.DataFrame]
    sources: dict[str, str] = field(default_factory=dict)
    office_hours: Any = None
    office_hours_source: str = "office_hours.json"
    notices: list[str] = field(default_factory=list)


FORMATS = ("canonical",)


def read(path: str | os.PathLike[str], input_format: str | None = None) -> RawData:
    """Read a dataset at `path` in the given format, or the one detected."""
    p = Path(path)
    if not p.exists():
        raise DataError("no such file or directory; pass the dataset directory as --data",
                        file=str(p))
    fmt = input_format or _detect(p)
    if fmt == "canonical":
        from ._canonical import read_canonical

        return read_canonical(p)
    raise DataError(f"unknown input format '{fmt}'; use one of {', '.join(FORMATS)}",
                    file=str(p))


def _detect(p: Path) -> str:
    if p.is_dir():
        names = {c.name for c in p.iterdir()}
        if any(n.startswith("conversations.") for n in names):
            return "canonical"
    raise DataError(
        "nothing recognisable here: expected a directory with conversations.parquet or "
        "conversations.csv (and threads)", file=str(p))
