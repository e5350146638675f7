"""Chapters are text notebooks, committed without outputs, and execute from any working directory."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from compendium.build import execute
from compendium.build.execute import notebook_file, read_notebook
from conftest import ROOT, append_code_cell, notebooks, run_build, toc_files

NOTEBOOKS = notebooks()
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def test_the_book_has_notebooks():
    assert NOTEBOOKS


def test_every_notebook_is_in_the_table_of_contents():
    listed = {notebook_file(ROOT, name) for name in toc_files()}
    assert not [str(p.relative_to(ROOT)) for p in NOTEBOOKS if p not in listed]


def test_chapters_are_text_notebooks():
    assert not list((ROOT / "book").rglob("*.ipynb")), "chapters are MyST text notebooks (.md), not .ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_valid_notebook_with_python_kernel(path):
    nb = read_notebook(path)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_executes_from_an_unrelated_working_directory(path, tmp_path, source_texts, monkeypatch):
    monkeypatch.delenv("COMPENDIUM_ROOT", raising=False)
    nb = read_notebook(path)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_a_notebook_that_raises_stops_the_build_naming_notebook_and_cell(project_copy, source_texts):
    where = append_code_cell(project_copy / "book" / "reference" / "glossary.md",
                             'raise ValueError("a deliberately broken cell")')
    result = run_build(project_copy, {"COMPENDIUM_ROOT": str(project_copy)})
    assert result.returncode == 1
    assert f"notebook book/reference/glossary.md failed:\n{where} raised" in result.stderr
    assert "a deliberately broken cell" in result.stderr
    assert not (project_copy / "_build" / "html").exists()


def test_each_page_offers_its_executed_notebook(built_book):
    _, html = built_book
    for path in NOTEBOOKS:
        page = path.relative_to(ROOT).with_suffix("")
        executed = nbformat.read(html / "_notebooks" / page.with_suffix(".ipynb"), as_version=4)
        assert any(c.get("outputs") for c in executed.cells if c.cell_type == "code"), page
        assert f'_notebooks/{page.as_posix()}.ipynb" download' in (html / page.with_suffix(".html")).read_text()


def code_cell_lengths() -> dict[str, list[int]]:
    """Non-blank lines of every code cell, by chapter."""
    return {str(path.relative_to(ROOT)): [len([line for line in cell.source.splitlines() if line.strip()])
                                          for cell in read_notebook(path).cells if cell.cell_type == "code"]
            for path in NOTEBOOKS}


def test_chapter_code_is_thin():
    """No code cell over 25 lines, and a median of at most 10: plumbing lives in the package."""
    lengths = code_cell_lengths()
    long = {name: [n for n in cells if n > 25] for name, cells in lengths.items() if max(cells, default=0) > 25}
    assert not long, f"code cells over 25 lines: {long}"
    every = sorted(n for cells in lengths.values() for n in cells)
    assert every[len(every) // 2] <= 10, f"median code cell is {every[len(every) // 2]} lines"


def _kernels_that_stay_silent(monkeypatch, silent: int):
    """single_nb_execution whose first ``silent`` kernels never answer; returns the calls made."""
    import jupyter_cache.executors.utils as utils

    calls = []

    def run(notebook, **options):
        calls.append(options)
        if len(calls) <= silent:
            raise RuntimeError(f"Kernel didn't respond in {options['startup_timeout']} seconds")
        return "executed"
    monkeypatch.setattr(utils, "single_nb_execution", run)
    return calls


def test_a_kernel_that_does_not_answer_is_started_again(monkeypatch, tmp_path):
    calls = _kernels_that_stay_silent(monkeypatch, silent=execute.KERNEL_STARTS - 1)
    assert execute._run_in_a_kernel(nbformat.v4.new_notebook(), tmp_path / "page.md", 30) == "executed"
    assert len(calls) == execute.KERNEL_STARTS
    assert all(call["startup_timeout"] == execute.KERNEL_START_SECONDS for call in calls)


def test_a_kernel_that_never_answers_is_named_as_the_cause(monkeypatch, tmp_path):
    _kernels_that_stay_silent(monkeypatch, silent=execute.KERNEL_STARTS)
    with pytest.raises(execute.KernelDidNotStart, match=f"did not start in {execute.KERNEL_STARTS} tries"):
        execute._run_in_a_kernel(nbformat.v4.new_notebook(), tmp_path / "page.md", 30)
