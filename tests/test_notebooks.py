"""Notebooks are committed clean and execute from any working directory."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT, notebooks, run_build, toc_files

NOTEBOOKS = notebooks()
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def test_the_book_has_notebooks():
    assert NOTEBOOKS


def test_every_notebook_is_in_the_table_of_contents():
    listed = {ROOT / f"{name}.ipynb" for name in toc_files()}
    assert not [str(p.relative_to(ROOT)) for p in NOTEBOOKS if p not in listed]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_without_outputs_and_with_kernelspec(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"stored output in {path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_executes_from_an_unrelated_working_directory(path, tmp_path, source_texts, monkeypatch):
    monkeypatch.delenv("COMPENDIUM_ROOT", raising=False)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_a_notebook_that_raises_stops_the_build_naming_notebook_and_cell(project_copy, source_texts):
    path = project_copy / "book" / "reference" / "glossary.ipynb"
    nb = nbformat.read(path, as_version=4)
    broken = nbformat.v4.new_code_cell('raise ValueError("a deliberately broken cell")')
    broken["id"] = "broken-cell"
    nb.cells.append(broken)
    nbformat.write(nb, path)
    result = run_build(project_copy, {"COMPENDIUM_ROOT": str(project_copy)})
    assert result.returncode == 1
    assert f"notebook book/reference/glossary.ipynb failed:\ncell {len(nb.cells)} (id broken-cell)" in result.stderr
    assert "a deliberately broken cell" in result.stderr
    assert not (project_copy / "_build" / "html").exists()
