"""Benchmark the book's builds against plain Jupyter Book, and measure page weight.

Run ``python -m compendium.build.benchmark [--runs N]`` (or ``make benchmark``). On a copy
of the project it times, as the median of N runs each:

- a cold build (no ``_build``), a rebuild with no change, and rebuilds after
  editing one Markdown page, one notebook (a code cell) and one data table,
  with this book's build (``python -m compendium.build``) and with plain
  ``jupyter-book build`` (serial execution inside Sphinx) on the same content;
- in headless chromium (if installed), the bytes the heaviest page with charts
  and the heaviest without load from the site (every file: page, scripts,
  stylesheets, fonts), against the budgets in ``WEIGHT_BUDGETS``, and the time
  until every chart on the heaviest chart page has drawn.

The report is a Markdown table on standard output. Plain Jupyter Book does not
re-execute a notebook when only its data change, so its data-edit rebuild is
fast but stale; the table says so.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..data import project_root
from .sphinx_ext import CHART_MARKER

IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info", ".pytest_cache")
EDITED_PAGE = Path("book") / "intro.md"
EDITED_NOTEBOOK = Path("book") / "sources" / "cocops.md"
EDITED_TABLE = Path("data") / "glossary.csv"
CHROMIUM = os.environ.get("COMPENDIUM_CHROMIUM", "/usr/bin/chromium")


def _run(command: list[str], cwd: Path) -> float:
    """Seconds one build command takes; a failing build aborts the benchmark."""
    from ..checks.provenance import sources_dir

    sources = sources_dir()  # the project's own texts: the copy has none beside it, and provenance is checked
    env = dict(os.environ, COMPENDIUM_ROOT=str(cwd), **({"COMPENDIUM_SOURCES": str(sources)} if sources else {}))
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {cwd}:\n{(result.stdout + result.stderr)[-3000:]}")
    return seconds


def _ours(cwd: Path) -> list[str]:
    return [sys.executable, "-m", "compendium.build"]


def _plain(cwd: Path) -> list[str]:
    return [str(Path(sys.executable).parent / "jupyter-book"), "build", "."]


def _touch_page(root: Path) -> None:
    path = root / EDITED_PAGE
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def _touch_notebook(root: Path) -> None:
    """Add a comment to the text notebook's first code cell (its code changes, so it must run again)."""
    path = root / EDITED_NOTEBOOK
    text = path.read_text(encoding="utf-8")
    start = text.index("```{code-cell}")
    end = text.index("\n```", start)
    path.write_text(text[:end] + f"\n# benchmark edit {time.time_ns()}" + text[end:], encoding="utf-8")


def _touch_table(root: Path) -> None:
    """Change one glossary definition (a data edit that every reader of the table must see)."""
    import csv

    path = root / EDITED_TABLE
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["definition"] += " (edited)"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


SCENARIOS = [
    ("cold build", None),
    ("rebuild, no change", lambda root: None),
    ("rebuild after editing one Markdown page", _touch_page),
    ("rebuild after editing one notebook", _touch_notebook),
    ("rebuild after editing one data table", _touch_table),
]


def time_builds(source: Path, command, runs: int) -> dict[str, float]:
    """Median seconds per scenario for one build command, each run on a fresh copy."""
    timings: dict[str, list[float]] = {name: [] for name, _ in SCENARIOS}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            root = Path(tmp) / "project"
            shutil.copytree(source, root, ignore=IGNORE)
            for name, edit in SCENARIOS:
                if edit is not None:
                    edit(root)
                timings[name].append(_run(command(root), root))
    return {name: statistics.median(values) for name, values in timings.items()}


# Bytes a page may load (issue 20); the search page, once a query loads the text of the whole book.
WEIGHT_BUDGETS = {"chart-free page": 700_000, "chart page": 1_600_000, "search page with a query": 1_000_000}
CHART_SECONDS_BUDGET = 1.0


def _launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])


def loaded_bytes(browser, address: str) -> dict[str, int]:
    """Every file a page (a ``file://`` address) loads from the site when opened in the browser
    (scripts, stylesheets, fonts, images, data, the page itself), by path, with its size; nothing is
    fetched from elsewhere. Waits until the page's charts have drawn."""
    from urllib.parse import unquote, urlsplit

    files: dict[str, int] = {}

    def record(route):
        url = route.request.url
        if not url.startswith("file://"):
            route.abort()
            return
        path = Path(unquote(urlsplit(url).path))
        if path.is_file():
            files[str(path)] = path.stat().st_size
        route.continue_()

    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.route("**/*", record)
    tab.goto(address, wait_until="load")
    tab.wait_for_function("() => [...document.querySelectorAll('.compendium-chart')].every("
                          "c => c.querySelector('svg .role-mark'))", timeout=60000)
    tab.wait_for_timeout(300)  # late requests (fonts, the search index)
    tab.close()
    return files


def site_pages(html: Path) -> list[Path]:
    """The site's pages a reader opens (not the theme's templates or the index of names)."""
    return sorted(p for p in html.rglob("*.html")
                  if not {"_static", "_sources"} & set(p.parts) and p.name != "genindex.html")


def page_weights(html: Path) -> dict[str, tuple[str, int]]:
    """The heaviest page with charts, the heaviest without, and the search page with a query, as a
    browser loads them: (page, bytes)."""
    from playwright.sync_api import sync_playwright

    weighed = {"chart page": ("", 0), "chart-free page": ("", 0)}
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        for page in site_pages(html):
            kind = "chart page" if CHART_MARKER in page.read_text(encoding="utf-8") else "chart-free page"
            total = sum(loaded_bytes(browser, page.as_uri()).values())
            if total > weighed[kind][1]:
                weighed[kind] = (page.relative_to(html).as_posix(), total)
        weighed["search page with a query"] = (
            "search.html?q=samordning", sum(loaded_bytes(browser, (html / "search.html").as_uri() + "?q=samordning").values()))
        browser.close()
    return weighed


def chart_render_seconds(page: Path) -> float:
    """Seconds from navigation until every chart on a page has SVG marks, in headless chromium (the
    median of three loads)."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        for _ in range(3):
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
                      else route.abort())
            start = time.perf_counter()
            tab.goto(page.as_uri(), wait_until="commit")
            tab.wait_for_function(
                "() => document.querySelectorAll('.compendium-chart').length > 0 && [...document.querySelectorAll("
                "'.compendium-chart')].every(c => c.querySelector('svg .role-mark'))", timeout=60000, polling=10)
            times.append(time.perf_counter() - start)
            tab.close()
        browser.close()
    return statistics.median(times)


def report(ours: dict, plain: dict, weights, render: float | None, runs: int) -> str:
    lines = [f"Median of {runs} run(s) on {os.cpu_count()} cores; each run on a fresh copy of the project.", "",
             "| scenario | this book (s) | plain jupyter-book (s) | ratio |", "|---|---:|---:|---:|"]
    for name, _ in SCENARIOS:
        note = " (stale: plain JB does not re-execute)" if "data table" in name else ""
        lines.append(f"| {name} | {ours[name]:.1f} | {plain[name]:.1f}{note} | {ours[name] / plain[name]:.2f} |")
    cold = ours["cold build"]
    lines += ["", f"No-change rebuild as a share of our cold build: {ours['rebuild, no change'] / cold:.1%}."]
    if weights:
        lines += ["", "| heaviest | page | bytes loaded in chromium | budget |", "|---|---|---:|---:|"]
        for kind, (name, total) in weights.items():
            lines.append(f"| {kind} | {name} | {total:,} | {WEIGHT_BUDGETS[kind]:,} |")
    if render is not None:
        chart_page = weights["chart page"][0]
        lines += ["", f"Time until all charts of {chart_page} have drawn (headless chromium, from disk, median "
                      f"of 3): {render:.2f} s (budget {CHART_SECONDS_BUDGET:.1f} s)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (the median is reported)")
    args = parser.parse_args(argv)
    source = project_root()
    ours = time_builds(source, _ours, args.runs)
    plain = time_builds(source, _plain, args.runs)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(source, root, ignore=IGNORE)
        _run(_ours(root), root)
        html = root / "_build" / "html"
        weights = render = None
        if Path(CHROMIUM).is_file():
            weights = page_weights(html)
            render = chart_render_seconds(html / weights["chart page"][0])
    print(report(ours, plain, weights, render, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
