"""The `reports html` command's options (cheap to import)."""

from __future__ import annotations

from typing import Any


def add_parser(sub: Any) -> None:
    """Register `reports html` (placeholder until the page lands)."""
