"""Check that every data row's evidence stands on the source line it cites.

A row names ``source_id``, ``locator`` (1-based line number in the plain-text
source) and ``evidence`` (at most 12 words copied from that line). Where the
row's value is written in digits in the source, the value must also be one of
the numbers in the evidence.
"""
from __future__ import annotations

import csv
import os
import re
import sys
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from .data import project_root

MAX_EVIDENCE_WORDS = 12
EXTERNAL = "external"  # a second piece of evidence may point at the external facts table

_NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f,.]\d+)*")


@dataclass(frozen=True)
class Problem:
    """One provenance failure, located by table, row and column."""

    table: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.table}: row {self.row}, column '{self.column}': {self.message}"


def sources_dir() -> Path | None:
    """The folder of source texts: $COMPENDIUM_SOURCES, else ../shared/sources."""
    env = os.environ.get("COMPENDIUM_SOURCES")
    candidate = Path(env) if env else project_root().parent / "shared" / "sources"
    return candidate if candidate.is_dir() else None


def _column(table: str, column: str) -> list[str]:
    path = project_root() / "data" / f"{table}.csv"
    if not path.is_file():
        return []
    return _read_column(path, path.stat().st_mtime_ns, column)


@lru_cache(maxsize=None)
def _read_column(path: Path, mtime_ns: int, column: str) -> list[str]:
    """One column of a CSV file, read once per version of the file."""
    with open(path, newline="", encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def source_files() -> dict[str, str]:
    """source_id -> file name of its text, from the ``sources`` table."""
    return dict(zip(_column("sources", "source_id"), _column("sources", "file")))


def external_fact_ids() -> set[str]:
    """The fact_id values of the external facts table."""
    return set(_column("external_facts", "fact_id"))


@lru_cache(maxsize=None)
def source_lines(source_id: str) -> tuple[str, ...]:
    """The lines of one source text (1-based: line N is item N-1)."""
    folder = sources_dir()
    if folder is None:
        raise FileNotFoundError("source texts not found: set COMPENDIUM_SOURCES")
    text = (folder / source_files()[source_id]).read_text(encoding="utf-8")
    return tuple(text.split("\n"))


def normalise(text: str) -> str:
    """Fold white space and drop markdown emphasis marks, for matching."""
    return " ".join(text.replace("*", "").split())


def numbers_in(text: str) -> set[Decimal]:
    """Every reading of every number written in digits in ``text``.

    "4,500" reads as 4500 (thousands) and 4.5 (Norwegian decimal comma);
    "2,5" reads as 2.5 and 25; ranges such as "70-80" give both ends.
    """
    found: set[Decimal] = set()
    for token in _NUMBER.findall(text):
        parts = re.split(r"[ \u00a0\u202f,.]", token)
        readings = {"".join(parts)}
        for sep in ",.":
            if sep in token:
                head, _, tail = token.rpartition(sep)
                readings.add(re.sub(r"[ \u00a0\u202f,.]", "", head) + "." + tail)
        readings.update(parts)
        for reading in readings:
            try:
                found.add(Decimal(reading))
            except InvalidOperation:
                continue
    return found


def evidence_prefixes(columns) -> list[str]:
    """Column prefixes that name a piece of evidence: '' for locator/evidence,
    'other_' for other_locator/other_evidence, and so on."""
    return [c[: -len("locator")] for c in columns if c.endswith("locator") and c[: -len("locator")] + "evidence" in columns]


def _check_one(table, row_number, row, prefix, value_column) -> list[Problem]:
    source_col, locator_col, evidence_col = prefix + "source_id", prefix + "locator", prefix + "evidence"
    if source_col not in row:
        source_col = "source_id"
    source_id = (row.get(source_col) or "").strip()
    evidence = (row.get(evidence_col) or "").strip()
    locator = (row.get(locator_col) or "").strip()
    if prefix and not (evidence or locator):
        return []  # an optional second piece of evidence, absent
    if prefix and source_id == EXTERNAL:
        if evidence not in external_fact_ids():
            return [Problem(table, row_number, evidence_col, f"'{evidence}' is not a fact_id of the external facts")]
        return []
    if source_id not in source_files():
        return [Problem(table, row_number, source_col, f"unknown source '{source_id}'")]
    if not evidence:
        return [Problem(table, row_number, evidence_col, "empty")]
    problems: list[Problem] = []
    if len(evidence.split()) > MAX_EVIDENCE_WORDS:
        problems.append(Problem(table, row_number, evidence_col, f"more than {MAX_EVIDENCE_WORDS} words"))
    try:
        line_no = int(locator)
    except ValueError:
        return problems + [Problem(table, row_number, locator_col, f"not a line number: '{locator}'")]
    lines = source_lines(source_id)
    if not 1 <= line_no <= len(lines):
        return problems + [
            Problem(table, row_number, locator_col, f"line {line_no} is outside {source_id} (1-{len(lines)})")
        ]
    if normalise(evidence) not in normalise(lines[line_no - 1]):
        problems.append(
            Problem(table, row_number, evidence_col, f"'{evidence}' not found on {source_id} line {line_no}")
        )
    elif value_column and row.get("value_form", "digits") == "digits":
        raw = (row.get(value_column) or "").strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return problems + [Problem(table, row_number, value_column, f"not a number: '{raw}'")]
        if value not in numbers_in(evidence):
            problems.append(
                Problem(table, row_number, value_column, f"value {raw} is not written in the evidence '{evidence}'")
            )
    return problems


def check_row(table: str, row_number: int, row: dict, value_column: str | None = None) -> list[Problem]:
    """Problems with one row's provenance; empty when the row is sound.

    The main evidence (source_id, locator, evidence) must be present; further
    pairs such as other_locator/other_evidence are checked where filled in.
    ``value_column`` is checked against the main evidence.
    """
    problems: list[Problem] = []
    for prefix in evidence_prefixes(list(row)) or [""]:
        problems.extend(_check_one(table, row_number, row, prefix, value_column if prefix == "" else None))
    return problems


def check_csv(path: Path, value_column: str | None = None) -> list[Problem]:
    """Check every row of a CSV file; rows are numbered as in the file (header is row 1)."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if "evidence" not in (reader.fieldnames or []):
            return []
        if value_column is None and "value" in reader.fieldnames:
            value_column = "value"
        problems: list[Problem] = []
        for number, row in enumerate(reader, start=2):
            if None in row or None in row.values():
                continue  # a row with too many or too few cells: the schema check reports it
            problems.extend(check_row(path.name, number, row, value_column))
    return problems


def main(argv: list[str]) -> int:
    """Command line: python -m compendium.provenance FILE.csv [...]"""
    problems = [p for name in argv for p in check_csv(Path(name))]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} provenance problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
