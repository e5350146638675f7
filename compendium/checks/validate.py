"""Validate the data package: Frictionless schemas, keys, extra rules and provenance.

Every problem names the file, the row (as numbered in the file, header = row 1)
and the column, so a contributor can go straight to the bad cell.
Run ``python -m compendium.checks.validate``; exit status 1 if anything is wrong.
"""
from __future__ import annotations

import codecs
import csv
import json
import math
import sys
from pathlib import Path

from ..data import PACKAGE_FILE, project_root
from .provenance import Problem, check_csv, sources_dir

PERCENT_UNITS = {"percent"}


def _frictionless_problems(package_path: Path) -> list[Problem]:
    from frictionless import validate

    report = validate(str(package_path))
    problems: list[Problem] = []
    for task in report.tasks:
        table = Path(task.place).name if task.place else task.name
        for error in task.errors:
            row = getattr(error, "row_number", None) or 0
            column = getattr(error, "field_name", None) or ",".join(getattr(error, "field_names", None) or []) or "-"
            cell = getattr(error, "cell", None)
            shown = f" (value '{cell}')" if cell not in (None, "") else ""
            problems.append(Problem(table, row, column, f"{error.type}: {error.note or error.message}{shown}"))
    for error in report.errors:
        problems.append(Problem(PACKAGE_FILE.name, 0, "-", f"{error.type}: {error.message}"))
    return problems


def _percent_problems(path: Path) -> list[Problem]:
    """A value whose unit is percent must lie between 0 and 100."""
    problems = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if not {"unit", "value"} <= set(reader.fieldnames or []):
            return []
        for number, row in enumerate(reader, start=2):
            if row["unit"] in PERCENT_UNITS:
                try:
                    value = float(row["value"])
                except ValueError:
                    continue  # the schema check reports non-numbers
                if not 0 <= value <= 100:
                    problems.append(Problem(path.name, number, "value", f"{row['value']} per cent is outside 0-100"))
    return problems


def _contested_spans(data_dir: Path) -> dict[str, list[tuple[str, int, int]]]:
    """Register entries whose lines have a contested reading: disc_id -> [(source_id, first, last)]."""
    spans: dict[str, list[tuple[str, int, int]]] = {}
    register = data_dir / "discrepancies.csv"
    if not register.is_file():
        return spans
    with open(register, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lines = (row.get("contested_lines") or "").strip()
            if not lines or not lines.replace("-", "").isdigit():
                continue  # the schema's pattern reports malformed spans
            first, _, last = lines.partition("-")
            spans.setdefault(row["disc_id"], []).append((row["source_id"], int(first), int(last or first)))
    return spans


def _contested_problems(path: Path, spans: dict[str, list[tuple[str, int, int]]]) -> list[Problem]:
    """A statement resting on a line with a contested reading must name the register entry (column disc_id)."""
    problems = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if path.name == "discrepancies.csv" or not {"source_id", "locator", "disc_id"} <= set(reader.fieldnames or []):
            return []
        for number, row in enumerate(reader, start=2):
            if not row["locator"].isdigit():
                continue  # the schema check reports it
            line = int(row["locator"])
            for disc_id, sides in spans.items():
                hit = any(row["source_id"] == source and first <= line <= last for source, first, last in sides)
                if hit and row["disc_id"] != disc_id:
                    problems.append(Problem(path.name, number, "disc_id",
                                            f"rests on {row['source_id']} line {line}, whose reading is contested "
                                            f"(register entry {disc_id}): name {disc_id} here and say in the "
                                            f"statement that it holds under the book's reading"))
    return problems


def _encoding_problem(path: Path) -> Problem | None:
    """A table must be UTF-8: a Latin-1 file would otherwise turn æ, ø and å into other letters."""
    raw = path.read_bytes()
    if raw.startswith(codecs.BOM_UTF8):
        return Problem(path.name, 1, "-", "starts with a byte-order mark (BOM); save the file as UTF-8 without BOM")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(path.name, line, "-", f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
    return None


def _descriptor_problems(package_path: Path) -> tuple[dict[Path, dict], list[Problem]]:
    """The described tables with their schemas, and every problem that stops the package being read at all:
    a descriptor that is not JSON, a resource without a path, a described file that is missing,
    a CSV in the folder that nothing describes (it would be published unchecked)."""
    name = package_path.name
    if not package_path.is_file():
        return {}, [Problem(name, 0, "-", f"{package_path} is missing; restore it from version control")]
    try:
        descriptor = json.loads(package_path.read_text(encoding="utf-8-sig"))
        resources = descriptor["resources"]
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 0)
        return {}, [Problem(name, line, "-", f"not valid JSON ({error}); fix the syntax")]
    except (KeyError, TypeError):
        return {}, [Problem(name, 0, "resources", "no list of resources; the file must be a Data Package")]
    tables, problems = {}, []
    for number, resource in enumerate(resources, start=1):
        label = resource.get("name", f"resource {number}") if isinstance(resource, dict) else f"resource {number}"
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(path, str) or not path:
            problems.append(Problem(name, 0, f"resources[{number}]", f"'{label}' has no path; name its CSV file"))
        elif not (package_path.parent / path).is_file():
            problems.append(Problem(path, 0, "-", f"described in {name} as '{label}' but missing; restore the "
                                                  f"file or remove its resource"))
        else:
            tables[package_path.parent / path] = resource.get("schema", {})
    described = {str(r.get("path")) for r in resources if isinstance(r, dict)}
    for extra in sorted(package_path.parent.glob("*.csv")):
        if extra.name not in described:
            problems.append(Problem(extra.name, 0, "-", f"not described in {name}: describe it (a resource with "
                                                        f"a schema) or remove it; nothing unchecked is published"))
    return tables, problems


def _blank_and_number_problems(path: Path, schema: dict) -> list[Problem]:
    """Required text may not be only spaces; numbers must be finite (no 'inf' or 'nan')."""
    fields = {f["name"]: f for f in schema.get("fields", [])}
    required = {n for n, f in fields.items() if f.get("constraints", {}).get("required")}
    numeric = {n for n, f in fields.items() if f.get("type") in ("number", "integer")}
    problems = []
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            for column, value in row.items():
                if column is None or value is None:
                    continue  # a malformed row: the schema check reports it
                if column in required and value and not value.strip():
                    problems.append(Problem(path.name, number, column, "required, but only spaces"))
                if column in numeric and value.strip():
                    try:
                        finite = math.isfinite(float(value))
                    except ValueError:
                        continue  # not a number at all: the schema check reports it
                    if not finite:
                        problems.append(Problem(path.name, number, column, f"'{value}' is not a finite number"))
    return problems


def _missing_source_texts(data_dir: Path, folder: Path) -> list[Problem]:
    """Every source the package names must have its text in the sources folder."""
    problems = []
    with open(data_dir / "sources.csv", newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if row.get("file") and not (folder / row["file"]).is_file():
                problems.append(Problem("sources.csv", number, "file",
                                        f"source text '{row['file']}' not found in {folder}"))
    return problems


def validate_package(root: Path | None = None, provenance: bool | None = None) -> list[Problem]:
    """All problems in the data package under ``root``; empty when it is valid.

    Provenance is checked when the source texts are found (or when
    ``provenance=True``, which then fails loudly without them).
    """
    root = root or project_root()
    package_path = root / PACKAGE_FILE
    tables, problems = _descriptor_problems(package_path)
    encoding = [problem for path in tables if (problem := _encoding_problem(path))]
    if problems or encoding:
        return problems + encoding  # nothing else can be read reliably until these are mended
    problems = _frictionless_problems(package_path)
    spans = _contested_spans(package_path.parent)
    for path, schema in tables.items():
        problems.extend(_percent_problems(path))
        problems.extend(_contested_problems(path, spans))
        problems.extend(_blank_and_number_problems(path, schema))
    folder = sources_dir()
    if provenance is None:
        provenance = folder is not None
    if provenance:
        if folder is None:
            return problems + [Problem("sources.csv", 0, "file", "source texts not found: put them at "
                                       "../shared/sources or set COMPENDIUM_SOURCES")]
        missing = _missing_source_texts(package_path.parent, folder)
        if missing:
            return problems + missing
        for path in tables:
            problems.extend(check_csv(path))
    return problems


def main() -> int:
    """Print every problem; exit 1 if there is one."""
    problems = validate_package()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"data package invalid: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    checked = "with provenance" if sources_dir() else "WITHOUT provenance (source texts not found)"
    print(f"data package valid ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
