"""Validate the data package: Frictionless schemas, keys, extra rules and provenance.

Every problem names the file, the row (as numbered in the file, header = row 1)
and the column, so a contributor can go straight to the bad cell.
Run ``python -m compendium.validate``; exit status 1 if anything is wrong.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from .data import PACKAGE_FILE, project_root
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
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(path.name, line, "-", f"not UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8")
    return None


def validate_package(root: Path | None = None, provenance: bool | None = None) -> list[Problem]:
    """All problems in the data package under ``root``; empty when it is valid.

    Provenance is checked when the source texts are found (or when
    ``provenance=True``, which then fails loudly without them).
    """
    root = root or project_root()
    package_path = root / PACKAGE_FILE
    resources = json.loads(package_path.read_text(encoding="utf-8"))["resources"]
    paths = [package_path.parent / res["path"] for res in resources]
    encoding = [problem for path in paths if path.is_file() and (problem := _encoding_problem(path))]
    if encoding:
        return encoding  # nothing else can be read reliably until the files are UTF-8
    problems = _frictionless_problems(package_path)
    spans = _contested_spans(package_path.parent)
    for path in paths:
        problems.extend(_percent_problems(path))
        problems.extend(_contested_problems(path, spans))
    if provenance is None:
        provenance = sources_dir() is not None
    if provenance:
        for path in paths:
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
