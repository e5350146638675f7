"""The data package validates, and each kind of bad row is refused with file, row and column."""
from __future__ import annotations

import json

import pytest

from compendium.validate import validate_package
from conftest import ROOT, rewrite_csv, run_build


def test_package_is_valid(source_texts):
    assert validate_package(ROOT, provenance=True) == []


def test_every_table_is_described():
    described = {res["path"] for res in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]}
    on_disk = {p.name for p in (ROOT / "data").glob("*.csv")}
    assert on_disk == described


def edit_cell(root, table, row_index, column, value):
    """Set one cell of data/<table>.csv (row_index counts data rows from 0)."""
    rewrite_csv(root / "data" / f"{table}.csv", lambda rows: rows[row_index].update({column: value}))


BAD_ROWS = [
    pytest.param("value", "150", "maximum", id="percentage-of-150"),
    pytest.param("source_id", "nosuchsource", "not found in the lookup table", id="unknown-source-id"),
    pytest.param("evidence", "these words are not on the line", "not found on cocops line", id="evidence-not-on-line"),
    pytest.param("category_no", "", "required", id="empty-required-field"),
]


@pytest.mark.parametrize("column, bad, message", BAD_ROWS)
def test_bad_row_is_refused_with_location(project_copy, source_texts, column, bad, message):
    edit_cell(project_copy, "cocops_quality", 2, column, bad)
    problems = validate_package(project_copy, provenance=True)
    located = [p for p in problems if p.table == "cocops_quality.csv" and p.row == 4 and p.column == column]
    assert located, f"no problem reported at cocops_quality.csv row 4, column {column}: {problems}"
    assert any(message in p.message for p in located)


def test_build_stops_on_bad_data_and_writes_nothing(project_copy, source_texts):
    edit_cell(project_copy, "cocops_quality", 0, "value", "150")
    result = run_build(project_copy)
    assert result.returncode == 1
    assert "cocops_quality.csv: row 2, column 'value'" in result.stderr
    assert not (project_copy / "_build" / "html").exists()
