"""The data package validates, and each kind of bad row is refused with file, row and column."""
from __future__ import annotations

import json

import pytest

import pandas as pd

from compendium.checks.validate import validate_package
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
    pytest.param("evidence", "these words are not on the line", "not found as whole words on cocops line", id="evidence-not-on-line"),
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


def append_line(root, table, line):
    path = root / "data" / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")
    return len(text.splitlines()) + 1  # the new line's row number


def problems_at(problems, table, row):
    return [p for p in problems if p.table == table and p.row == row]


def test_malformed_csv_row_is_refused_with_its_row(project_copy, source_texts):
    row = append_line(project_copy, "roles", 'extra,"cells",on,a,row,that,has,too,many,of,them,x,y,z')
    problems = validate_package(project_copy, provenance=True)
    assert problems_at(problems, "roles.csv", row), problems


def test_latin1_file_is_refused_not_mangled(project_copy, source_texts):
    path = project_copy / "data" / "glossary.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("latin-1", errors="replace"))
    first_bad = next(n for n, line in enumerate(text.splitlines(), start=1) if any(c in line for c in "æøåÆØÅ"))
    problems = validate_package(project_copy, provenance=True)
    assert [str(p) for p in problems] == [f"glossary.csv: row {first_bad}, column '-': not UTF-8 "
                                         f"(byte 0x{problems[0].message.split('0x')[1][:2]}); save the file as UTF-8"]
    result = run_build(project_copy)
    assert result.returncode == 1 and "glossary.csv: row" in result.stderr and "not UTF-8" in result.stderr
    assert not (project_copy / "_build" / "html").exists()


def test_duplicate_primary_key_is_refused(project_copy, source_texts):
    path = project_copy / "data" / "roles.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = append_line(project_copy, "roles", lines[1])
    problems = validate_package(project_copy, provenance=True)
    assert any("primary" in p.message for p in problems_at(problems, "roles.csv", row)), problems


def test_locator_beyond_the_end_of_the_source_is_refused(project_copy, source_texts):
    edit_cell(project_copy, "cocops_quality", 2, "locator", "99999")
    problems = validate_package(project_copy, provenance=True)
    located = [p for p in problems_at(problems, "cocops_quality.csv", 4) if p.column == "locator"]
    assert located and "line 99999 is outside cocops" in located[0].message, problems


def read_table(root, table):
    return pd.read_csv(root / "data" / f"{table}.csv", dtype=str, keep_default_na=False)


def test_finding_on_a_contested_line_must_name_its_register_entry(project_copy, source_texts):
    findings = read_table(project_copy, "findings")
    index = int(findings.index[findings["finding_id"] == "coc-07"][0])  # rests on cocops line 230 (d016)
    edit_cell(project_copy, "findings", index, "disc_id", "")
    problems = validate_package(project_copy, provenance=True)
    located = [p for p in problems_at(problems, "findings.csv", index + 2) if p.column == "disc_id"]
    assert located and "d016" in located[0].message, problems


def test_a_newly_contested_line_reaches_every_statement_resting_on_it(project_copy, source_texts):
    register = read_table(project_copy, "discrepancies")
    edit_cell(project_copy, "discrepancies", int(register.index[register["disc_id"] == "d139"][0]),
              "contested_lines", "31")  # SGI line 31: several findings rest on it
    findings = read_table(project_copy, "findings")
    on_line = {int(i) + 2 for i in findings.index[(findings["source_id"] == "sgi2024") & (findings["locator"] == "31")]}
    problems = validate_package(project_copy, provenance=True)
    flagged = {p.row for p in problems if p.table == "findings.csv" and p.column == "disc_id" and "d139" in p.message}
    assert on_line and flagged == on_line, problems
