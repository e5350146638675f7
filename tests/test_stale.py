"""A rebuild after a data edit shows the new value, and re-executes only the notebooks that read it;
a rebuild after a prose edit executes nothing and writes only the edited page again."""
from __future__ import annotations

import json
import re
import shutil

from compendium.build import execute

from conftest import change_cocops_figure, glued_values, run_build

OLD, NEW = "62", "63"


def pasted_values(project):
    page = (project / "_build" / "html" / "book" / "sources" / "cocops.html").read_text(encoding="utf-8")
    return glued_values(page)


def test_data_edit_reaches_every_page_on_rebuild(project_copy, source_texts, tmp_path):
    # The edited value must stay traceable, so the copy gets its own source texts to edit too.
    sources = tmp_path / "sources"
    shutil.copytree(source_texts, sources)
    env = {"COMPENDIUM_SOURCES": str(sources), "COMPENDIUM_ROOT": str(project_copy)}

    first = run_build(project_copy, env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert OLD in pasted_values(project_copy)
    reads = json.loads((project_copy / execute.CACHE_DIR / execute.MANIFEST).read_text(encoding="utf-8"))
    before = execute.table_hashes(project_copy)

    change_cocops_figure(project_copy, sources, OLD, NEW)

    second = run_build(project_copy, env)
    assert second.returncode == 0, second.stderr[-3000:]
    after = execute.table_hashes(project_copy)
    changed = {name for name in after if after[name] != before[name]}
    readers = sorted(nb for nb, entry in reads.items() if changed & set(entry["tables"]))
    assert "book/sources/cocops.md" in readers and len(readers) < len(reads)
    assert f"executed {len(readers)} of {len(reads)} notebooks: {', '.join(readers)}" in second.stdout
    pasted = pasted_values(project_copy)
    assert NEW in pasted and OLD not in pasted


def test_a_prose_edit_rewrites_only_its_page_and_executes_nothing(project_copy, source_texts):
    """Editing the text (not the code) of one notebook page: nothing runs, the page shows the new
    sentence, and the published copy of every page the edit cannot change is the very same file
    (the build linked it, it did not write it again)."""
    env = {"COMPENDIUM_ROOT": str(project_copy)}
    first = run_build(project_copy, env)
    assert first.returncode == 0, first.stderr[-3000:]
    html = project_copy / "_build" / "html"
    untouched = [html / "book" / "synthesis" / "synthesis-map.html", html / "book" / "reference" / "glossary.html",
                 html / "book" / "analyses" / "nordic" / "nordic-innovation-rates.html"]
    before = {page: page.stat().st_ino for page in untouched}

    page = project_copy / "book" / "sources" / "cocops.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added by the prose-edit test.\n",
                    encoding="utf-8")
    catalogue = project_copy / "book" / "_locales" / "nb" / "LC_MESSAGES" / "book" / "sources" / "cocops.po"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + '\nmsgid "A sentence added by the prose-edit test."\n'
                         'msgstr "En setning som testen for tekstendringer la til."\n', encoding="utf-8")
    second = run_build(project_copy, env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert re.search(r"executed 0 of \d+ notebooks: none stale", second.stdout)
    assert "A sentence added by the prose-edit test." in (html / "book" / "sources" / "cocops.html").read_text(
        encoding="utf-8")
    assert {page: page.stat().st_ino for page in untouched} == before
