"""The pages in a real browser: Debian's Chromium, driven by playwright.

Each page is opened from a file:// URL with every request recorded: it loads with no
console error and no request but its own file, the figures in the DOM are the library's,
every chart has drawn marks, a table re-sorts on a header click, and a screenshot is
written to benchmarks/out/. Without /usr/bin/chromium these tests fail (they are not
skipped): install it with `apt-get install chromium`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from html_helpers import DATA, DEC, JAN, JUNE, MAY, TEAM, USER, hostile_dataset, tiny_dataset

import reports
import reports.html

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent.parent / "benchmarks" / "out"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests of the HTML pages need "
                    "Debian's chromium package (apt-get install chromium)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[test]'",
                    pytrace=False)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=20_000)
        yield b
        b.close()


@pytest.fixture(scope="module")
def ds() -> reports.Dataset:
    return reports.load(DATA)


class Opened:
    """A page opened from a file, with what the browser asked for and complained about."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.as_uri()
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.problems.append(f"{m.type}: {m.text}")
                     if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.goto(self.url, wait_until="load")

    def close(self) -> None:
        self.context.close()

    def assert_clean(self) -> None:
        assert self.problems == []
        assert [u for u in self.requests if u != self.url] == []

    def assert_charts_drawn(self) -> int:
        """Every chart has marks with a non-zero size; returns the number of charts."""
        sizes = self.page.eval_on_selector_all(
            "svg.chart", """charts => charts.map(svg => [svg.id,
                Array.from(svg.querySelectorAll('.mark')).filter(m => {
                  const b = m.getBBox(); return b.width > 0 && b.height > 0; }).length])""")
        assert sizes and all(n > 0 for _, n in sizes), sizes
        return len(sizes)

    def column(self, table: str, index: int) -> list[str]:
        return self.page.eval_on_selector_all(
            f"#{table} tbody tr",
            f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort') ?? "
            f"r.cells[{index}].textContent.trim())")

    def screenshot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        out = SHOTS / name
        self.page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 10_000
        return out


@pytest.fixture(scope="module")
def user_page(browser: Any, ds: reports.Dataset,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(reports.html.user_page(ds, USER, **JUNE, **MAY), encoding="utf-8")
    opened = Opened(browser, path)
    yield opened
    opened.close()


def _numbers(values: list[str]) -> list[float]:
    return [float(v) for v in values if v != ""]


def test_user_page_loads_offline_without_errors(user_page: Opened) -> None:
    user_page.assert_clean()
    assert user_page.page.title().startswith("Vera Fischer")


def test_user_page_figures_are_the_library_numbers(user_page: Opened,
                                                   ds: reports.Dataset) -> None:
    doc = ds.user_report(USER, **JUNE, **MAY)
    cells = user_page.page.eval_on_selector_all(
        "#statistics tbody tr", """rows => rows.map(r => [r.dataset.field,
            Array.from(r.querySelectorAll('td[data-value]')).map(td =>
              [td.dataset.range, td.dataset.value, td.innerText.trim()])])""")
    seen = {}
    for field, tds in cells:
        for which, value, text in tds:
            seen[(field, which)] = (json.loads(value), text)
    for field in doc["current"]:
        if field in ("startDate", "endDate"):
            continue
        assert seen[(field, "current")][0] == doc["current"][field], field
        assert seen[(field, "previous")][0] == doc["previous"][field], field
        if field in doc["deltas"]:
            assert seen[(field, "delta")][0] == doc["deltas"][field], field
    assert seen[("responseTime", "current")][1] == "16 h 1 min"
    assert seen[("percentResolvedOnFirstReply", "current")][1] == "30.0%"
    assert seen[("busiestDay", "current")][1] == "Monday"
    assert seen[("happinessScore", "delta")][1].startswith("▲ 16.7 pts")
    assert seen[("totalReplies", "delta")][1].startswith("▼ 31.7%")
    # the bars are the series of the library, bucket by bucket
    for chart, method, key in (("chart-replies", "replies_report", "replies"),
                               ("chart-resolved", "resolutions_report", "resolved"),
                               ("chart-customers", "customers_helped_report", "customers")):
        series = getattr(ds, method)(USER, **JUNE, **MAY)
        for which in ("current", "previous"):
            bars = user_page.page.eval_on_selector_all(
                f"#{chart} rect.mark.{which}", "rs => rs.map(r => Number(r.dataset.value))")
            assert bars == [p[key] for p in series[which]], (chart, which)
    history = ds.conversation_history_report(USER, **JUNE)
    assert len(user_page.column("history-table", 0)) == history["count"]
    drill = ds.drilldown_report(USER, **JUNE)
    assert len(user_page.column("drilldown-table", 0)) == drill["conversations"]["count"]


def test_user_page_charts_have_marks(user_page: Opened) -> None:
    assert user_page.assert_charts_drawn() == 4  # three series and the happiness shares


def test_user_page_table_sorts_on_a_header_click(user_page: Opened) -> None:
    before = _numbers(user_page.column("history-table", 3))  # replies sent
    header = user_page.page.locator("#history-table thead th").nth(3)
    header.get_by_role("button").click()
    after = _numbers(user_page.column("history-table", 3))
    assert after == sorted(before, reverse=True) and after != before
    assert header.get_attribute("aria-sort") == "descending"
    header.get_by_role("button").click()
    assert _numbers(user_page.column("history-table", 3)) == sorted(before)
    assert header.get_attribute("aria-sort") == "ascending"
    # text columns sort by their letters, missing values last
    customer = user_page.page.locator("#drilldown-table thead th").nth(2)
    customer.get_by_role("button").click()
    names = user_page.column("drilldown-table", 2)
    known = [n for n in names if n not in ("", "—")]
    assert known == sorted(known, key=str.lower)
    assert names[: len(known)] == known


def test_user_page_prints_without_the_form(browser: Any, ds: reports.Dataset,
                                           tmp_path: Path) -> None:
    path = tmp_path / "served.html"
    path.write_text(reports.html.user_page(ds, TEAM, **JUNE, form_action="/users/9000000"),
                    encoding="utf-8")
    opened = Opened(browser, path)
    try:
        opened.assert_clean()
        page = opened.page
        assert page.locator("form.controls").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("form.controls").is_visible()
        assert page.locator("#statistics").is_visible()
    finally:
        opened.close()


def test_user_page_screenshot(user_page: Opened) -> None:
    user_page.page.evaluate("window.scrollTo(0, 0)")
    user_page.screenshot("html-user-report.png")


def test_all_page_in_the_browser(browser: Any, ds: reports.Dataset, tmp_path: Path) -> None:
    began = time.monotonic()
    path = tmp_path / "all.html"
    path.write_text(reports.html.all_page(ds, **JUNE, **MAY), encoding="utf-8")
    opened = Opened(browser, path)
    try:
        opened.assert_clean()
        assert opened.assert_charts_drawn() == 1
        table = ds.users_table(**JUNE, **MAY)
        shown = opened.page.eval_on_selector_all(
            "#users-table tbody tr", """rows => rows.map(r => [Number(r.dataset.id),
                r.querySelector('td[data-field=totalReplies]').dataset.value,
                r.querySelector('td[data-field=resolutionTime]').dataset.value])""")
        assert [(i, json.loads(a), json.loads(b)) for i, a, b in shown] == list(zip(
            table["id"], table["totalReplies"], table["resolutionTime"], strict=True))
        replies = opened.page.locator("#users-table thead th").nth(3)
        assert replies.inner_text().startswith("Replies")
        replies.get_by_role("button").click()
        ordered = _numbers(opened.column("users-table", 3))
        assert ordered == sorted(table["totalReplies"].tolist(), reverse=True)
        opened.screenshot("html-all-users.png")
    finally:
        opened.close()
    assert time.monotonic() - began < 30


def test_a_new_reader_sees_what_the_library_means(browser: Any, tmp_path: Path) -> None:
    """A rise from 0 reads new, the drill-down keeps the library's order, a wait of 0
    that may be no response says so, and counts take singular or plural."""
    tiny = tiny_dataset()
    path = tmp_path / "tiny.html"
    path.write_text(reports.html.user_page(tiny, 7, **JAN, **DEC), encoding="utf-8")
    opened = Opened(browser, path)
    try:
        opened.assert_clean()
        page = opened.page
        change = page.locator("#happiness-table tr[data-rating=notGood] td").nth(4)
        assert change.inner_text().startswith("▲ new (none in the previous range)")
        assert change.locator(".delta").get_attribute("title") == \
            "new: none in the previous range, so no percent change"
        drill = tiny.drilldown_report(7, **JAN)["conversations"]["results"]
        assert page.eval_on_selector_all("#drilldown-table tbody tr",
                                         "rows => rows.map(r => Number(r.dataset.id))") \
            == [r["id"] for r in drill]
        assert "in the library's order" in page.locator("#drilldown-table caption").inner_text()
        wait = page.locator("#history-table tr[data-id='2'] td[data-field=firstResponseTime]")
        assert wait.inner_text().startswith("0 s")
        assert wait.locator(".sub").inner_text() == "or none"
        assert "no response" in wait.locator(".sr").inner_text()
        assert "1 rating from 1 of 1 customer helped" in page.locator("p.score").inner_text()
    finally:
        opened.close()


def test_hostile_text_stays_text_in_the_browser(browser: Any, tmp_path: Path) -> None:
    hostile = hostile_dataset()
    for name, text in (("user", reports.html.user_page(hostile, USER, **JUNE, tags="60001")),
                       ("all", reports.html.all_page(hostile, **JUNE)),
                       ("index", reports.html.index_page(hostile))):
        path = tmp_path / f"{name}.html"
        path.write_text(text, encoding="utf-8")
        opened = Opened(browser, path)
        try:
            opened.assert_clean()  # an injected <img src=x> would be a request
            counts = opened.page.evaluate("""() => [document.scripts.length,
                document.images.length, document.querySelectorAll('b, i').length]""")
            assert counts == [1, 0, 0], name
        finally:
            opened.close()
