"""Examples in the docs work as written."""

from __future__ import annotations

from pathlib import Path

import reports

ROOT = Path(__file__).resolve().parent.parent


def test_the_smallest_singer_dump_of_docs_data_md_gives_a_report(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    block = text[text.index("The smallest dump"):]
    block = block[block.index("```json"):]
    block = block[:block.index("```", 7)]
    lines = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("{")]
    assert len(lines) == 4
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds = reports.load(tmp_path / "dump.jsonl")
    doc = ds.user_report(4, "2025-06-01", "2025-06-30")
    # A customer message at 09:00 answered at 10:30 and closed at 11:00 by user 4.
    assert doc["user"]["name"] == "Ada Lovelace"
    assert (doc["current"]["totalReplies"], doc["current"]["responseTime"],
            doc["current"]["resolved"], doc["current"]["resolutionTime"]) == (1, 5400, 1, 7200.0)
