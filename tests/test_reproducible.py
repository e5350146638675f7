"""Two clean builds of the same commit give the same site, apart from build timestamps."""
from __future__ import annotations

import re
import shutil

from conftest import run_build

# What may differ between two builds: clock times and run times in the execution report.
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?")
RUNTIME_CELL = re.compile(r"(<td[^>]*>(?:<p>)?)\d+(?:\.\d+)?((?:</p>)?</td>)")


def normalised(name: str, text: str) -> str:
    return RUNTIME_CELL.sub(r"\1#\2", TIMESTAMP.sub("#", text))


def site(root):
    html = root / "_build" / "html"
    return {p.relative_to(html).as_posix(): p for p in html.rglob("*")
            if p.is_file() and p.suffix in {".html", ".js", ".csv", ".json", ".zip", ".css"}}


def test_two_clean_builds_are_identical(project_copy, source_texts, tmp_path):
    first = run_build(project_copy, {"COMPENDIUM_ROOT": str(project_copy)})
    assert first.returncode == 0, first.stderr[-3000:]
    saved = tmp_path / "first"
    shutil.copytree(project_copy / "_build" / "html", saved)
    shutil.rmtree(project_copy / "_build")
    second = run_build(project_copy, {"COMPENDIUM_ROOT": str(project_copy)})
    assert second.returncode == 0, second.stderr[-3000:]
    before = {p.relative_to(saved).as_posix(): p for p in saved.rglob("*") if p.is_file()
              and p.suffix in {".html", ".js", ".csv", ".json", ".zip", ".css"}}
    after = site(project_copy)
    assert sorted(before) == sorted(after)
    differing = []
    for name, path in after.items():
        if path.suffix == ".zip":
            same = path.read_bytes() == before[name].read_bytes()
        else:
            same = normalised(name, path.read_text(encoding="utf-8")) == normalised(
                name, before[name].read_text(encoding="utf-8"))
        if not same:
            differing.append(name)
    assert not differing
