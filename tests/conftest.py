"""Shared fixtures: the project root, the source texts, a built book, a project copy."""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compendium import data  # noqa: E402
from compendium.checks.provenance import sources_dir  # noqa: E402

COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info", ".pytest_cache")


def skip_or_fail(reason: str, require_variable: str) -> None:
    """Skip with a reason, or fail where CI demands the part (e.g. COMPENDIUM_REQUIRE_BROWSER=1)."""
    if os.environ.get(require_variable) == "1":
        pytest.fail(f"{reason} (and {require_variable}=1 forbids skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def source_texts() -> Path:
    """The folder of the five source texts; skips (or fails in CI) without it."""
    folder = sources_dir()
    if folder is None:
        skip_or_fail("source texts not found at ../shared/sources or $COMPENDIUM_SOURCES", "COMPENDIUM_REQUIRE_SOURCES")
    return folder


def toc_files() -> list[str]:
    """Every file named in _toc.yml, without suffix, in reading order."""
    return data.toc_files(ROOT)


def notebooks() -> list[Path]:
    """Every notebook under book/, text (MyST) or not (a test checks that each is in the table of contents)."""
    from myst_nb.core.read import is_myst_markdown_notebook

    files = [p for p in (ROOT / "book").rglob("*") if ".ipynb_checkpoints" not in p.parts]
    return sorted(p for p in files if p.suffix == ".ipynb"
                  or (p.suffix == ".md" and is_myst_markdown_notebook(p.read_text(encoding="utf-8"))))


def append_code_cell(path: Path, code: str) -> str:
    """Append a code cell to a text notebook; return where the build will say it is ('cell N (line L)')."""
    from compendium.build.execute import read_notebook

    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    fence_line = text.count("\n") + 1
    path.write_text(text + "```{code-cell}\n" + code + "\n```\n", encoding="utf-8")
    return f"cell {len(read_notebook(path).cells)} (line {fence_line})"


def run_build(root: Path, env: dict | None = None, *args: str,
              module: str = "compendium.build") -> subprocess.CompletedProcess:
    """Run the README's build step (python -m compendium.build [args]), or another of its commands,
    in ``root``, with this checkout's source texts unless ``env`` names others."""
    folder = sources_dir()
    defaults = {"COMPENDIUM_SOURCES": str(folder)} if folder else {}
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=root, capture_output=True, text=True,
        env={**os.environ, **defaults, **(env or {})}, timeout=1800,
    )


def english_pages(html: Path) -> list[Path]:
    """The English edition's pages a reader opens (the bokmål edition is in ``nb/``)."""
    from compendium.build.benchmark import site_pages
    from compendium.translation import LANGUAGE

    return [page for page in site_pages(html) if page.relative_to(html).parts[0] != LANGUAGE]


def latex_installed() -> bool:
    return all(shutil.which(tool) for tool in ("xelatex", "latexmk"))


@pytest.fixture(scope="session")
def built_book(source_texts) -> tuple[subprocess.CompletedProcess, Path]:
    """The book built from this checkout, once per test session, as `make book` builds it: with the
    PDF edition inside when TeX Live is installed."""
    result = run_build(ROOT, None, *(["--with-pdf"] if latex_installed() else []))
    return result, ROOT / "_build" / "html"


@pytest.fixture()
def project_copy(tmp_path) -> Path:
    """A copy of the project (without build output or environments) to break or edit."""
    target = tmp_path / "project"
    shutil.copytree(ROOT, target, ignore=COPY_IGNORE)
    return target


def rewrite_csv(path: Path, change) -> None:
    """Read a CSV file, let ``change(rows)`` edit its row dicts in place, write it back."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    change(rows)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


COCOPS_LINE = 226  # source 001: Norway's share for internal vertical coordination, glued on several pages


def change_cocops_figure(project: Path, sources: Path, old: str, new: str) -> None:
    """Change the figure on its line of a copy of the sources, and in every row that quotes it, so the
    edited value stays traceable."""
    text = sources / "001_a4cff338107c5b20.txt"
    lines = text.read_text(encoding="utf-8").split("\n")
    assert lines[COCOPS_LINE - 1].strip() == old
    lines[COCOPS_LINE - 1] = lines[COCOPS_LINE - 1].replace(old, new)
    text.write_text("\n".join(lines), encoding="utf-8")

    def requote(rows):
        for row in rows:
            if (row.get("source_id") == "cocops" and row.get("locator") == str(COCOPS_LINE)
                    and row.get("evidence") == old):
                row["evidence"] = new
                if row.get("value") == old:
                    row["value"] = new

    for path in (project / "data").glob("*.csv"):
        rewrite_csv(path, requote)


GLUED = re.compile(r'<(?:span class="pasted-text"|a class="glued"|span class="glued computed")[^>]*>([^<]*)(?=<)')


def glued_values(html: str) -> list[str]:
    """Every value a page pastes from its notebook, plain or with its source note."""
    return GLUED.findall(html)
