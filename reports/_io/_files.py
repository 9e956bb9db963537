"""Which files make up one dataset: the folder walk and the rule for several dumps.

A folder given as ``--data`` is **one** dataset. Its files, and those of its subfolders,
are read together (an incremental export's later record of an id wins), except:

- hidden files and folders (``.venv``, ``.git``, ``.cache`` …), virtual environments (any
  folder holding ``pyvenv.cfg``), ``node_modules``, ``__pycache__`` and ``site-packages``
  are never walked;
- when two top-level entries (two subfolders, or the top and a subfolder) each hold an
  export — Singer records of the same stream, or API pages of conversations — or canonical
  tables sit in a subfolder, the folder holds several datasets: that is an error naming
  them, so that nothing is merged by accident. To combine incremental runs of one account,
  put their files side by side in one folder (later records of an id win). Subfolders
  holding other parts (Singer files of other streams; API thread pages under
  ``conversations/123/``, team members under ``teams/5/``, ratings saved later) are parts
  of the one export.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Group", "canonical_here", "groups", "walk"]

SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})
_EMBEDDED_KEY = re.compile(rb'"_embedded"\s*:\s*\{\s*"(\w+)"')
HEAD_BYTES = 1 << 16


def walk(path: Path) -> list[Path]:
    """Every regular file at or below `path`, sorted, skipping hidden entries,
    environments and ``office_hours.json`` at the top."""
    if path.is_file():
        return [path]
    out: list[Path] = []

    def visit(folder: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=True):
                if entry.name in SKIP_DIRS or os.path.exists(
                        os.path.join(entry.path, "pyvenv.cfg")):
                    continue
                visit(entry.path)
            elif entry.is_file():
                out.append(Path(entry.path))

    visit(str(path))
    top = path / "office_hours.json"
    return sorted(p for p in out if p != top)


def canonical_here(folder: Path) -> bool:
    """Whether `folder` holds canonical tables (``conversations.parquet`` or ``.csv``)."""
    return any((folder / f"conversations{ext}").is_file() for ext in (".parquet", ".csv"))


@dataclass
class Group:
    """The files under one top-level entry of a folder ("." for the files at the top)."""

    name: str
    files: list[Path] = field(default_factory=list)
    formats: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)  # streams / page kinds seen in its files
    canonical: bool = False  # canonical tables inside (in this group's folder or below)

    def describe(self) -> str:
        what = "canonical tables" if self.canonical else " and ".join(
            {"singer": "a Singer dump", "api": "Mailbox API JSON pages"}[f]
            for f in sorted(self.formats)) or "files"
        return f"{self.name + '/' if self.name != '.' else './'} ({what})"


def groups(folder: Path, files: list[Path], sniff: object) -> list[Group]:
    """Files grouped by their top-level entry under `folder`, each sniffed once.

    `sniff(path)` returns ``(format or None, streams or page kinds seen)``.
    """
    by_name: dict[str, Group] = {}
    for f in files:
        rel = f.relative_to(folder).parts
        name = rel[0] if len(rel) > 1 else "."
        group = by_name.setdefault(name, Group(name))
        group.files.append(f)
        if f.stem in ("conversations",) and f.suffix in (".parquet", ".csv"):
            group.canonical = True
            continue
        fmt, kinds = sniff(f)  # type: ignore[operator]
        if fmt is not None:
            group.formats.add(fmt)
            group.kinds |= kinds
    return [g for g in by_name.values() if g.formats or g.canonical]


def head_kinds(head: bytes) -> frozenset[str]:
    """The page kinds (``_embedded`` keys) named in the first bytes of a JSON file."""
    return frozenset(m.decode() for m in _EMBEDDED_KEY.findall(head[:HEAD_BYTES]))
