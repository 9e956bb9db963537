"""The `reports serve` command's options (cheap to import: no server libraries)."""

from __future__ import annotations

from typing import Any


def add_parser(sub: Any) -> None:
    """Register `reports serve` (placeholder until the server lands)."""
