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

from ..data import project_root

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
        if " " in token and not all(len(part) == 3 for part in parts[1:]):
            readings.update(parts)  # "62 45 32": numbers side by side, not a thousands group
        for reading in readings:
            try:
                found.add(Decimal(reading))
            except InvalidOperation:
                continue
    return found


CARDINALS = {
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    # Norwegian (bokmål)
    "en": 1, "ett": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7, "syv": 7,
    "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tjue": 20, "tyve": 20, "hundre": 100,
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "første": 1, "andre": 2, "tredje": 3}
# Words that state a figure without a digit: a share, a multiple, a pair, or rank one (a superlative).
WORD_FIGURES = {
    "half": 50, "halving": 50, "halvparten": 50, "halvdelen": 50, "majority": 50, "flertallet": 50,
    "third": Decimal("33.33"), "quarter": 25, "double": 2, "triple": 3, "dobbelt": 2, "both": 2, "begge": 2, "pair": 2,
    "decade": 10, "decades": 10, "tiår": 10,
    "most": 1, "mest": 1, "only": 1, "eneste": 1, "newest": 1, "nyeste": 1, "yngste": 1, "single": 1,
}
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def numbers_in_words(text: str) -> set[Decimal]:
    """Every figure that ``text`` states in words, in English or Norwegian.

    Cardinals ("two", "tre"), ordinals ("third"), shares ("two out of three" is 66.67,
    "eight in ten" 80, "half" 50, "a third" 33.33), multiples ("two decades" is 20) and
    superlatives, which rank one ("the most important", "den eneste").
    """
    words = [w.lower() for w in _WORDS.findall(text)]
    found: set[Decimal] = set()
    for i, word in enumerate(words):
        for table in (CARDINALS, ORDINALS, WORD_FIGURES):
            if word in table:
                found.add(Decimal(table[word]))
        if word in CARDINALS:
            rest = words[i + 1:i + 4]
            # "two out of three", "eight in ten", "tre av fire": a share in per cent
            for gap in (["out", "of"], ["in"], ["av"]):
                n = len(gap)
                if rest[:n] == gap and len(rest) > n and rest[n] in CARDINALS:
                    share = Decimal(CARDINALS[word]) / Decimal(CARDINALS[rest[n]]) * 100
                    found.add(share.quantize(Decimal("0.01")).normalize())
            if rest[:1] and rest[0] in ("decades", "decade", "tiår"):
                found.add(Decimal(CARDINALS[word] * 10))
    return found


def _on_line(evidence: str, line: str) -> bool:
    """Evidence stands on the line as whole words (not inside a longer word or number)."""
    pattern = r"(?<![\w])" + re.escape(normalise(evidence)) + r"(?![\w])"
    return re.search(pattern, normalise(line)) is not None


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
        statement = prefix.rstrip("_")  # e.g. 'example' for example_locator/example_evidence
        if (row.get(statement) or "").strip():
            return [Problem(table, row_number, evidence_col, f"empty, but '{statement}' is filled: cite its line")]
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
    if not _on_line(evidence, lines[line_no - 1]):
        problems.append(Problem(table, row_number, evidence_col,
                                f"'{evidence}' not found as whole words on {source_id} line {line_no}"))
    elif value_column and (row.get("value_form", "digits") == "digits" or (row.get(value_column) or "").strip()):
        # a value in digits must be there; one in words is checked where it is given
        problems.extend(_value_problems(table, row_number, row, value_column, evidence))
    return problems


def _value_problems(table, row_number, row, value_column, evidence) -> list[Problem]:
    """The value must be a number that its evidence states: in digits, or in words where
    ``value_form`` is ``words``."""
    raw = (row.get(value_column) or "").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return [Problem(table, row_number, value_column, f"not a number: '{raw}'")]
    if not value.is_finite():
        return [Problem(table, row_number, value_column, f"'{raw}' is not a finite number")]
    if row.get("value_form", "digits") == "words":
        if value not in numbers_in_words(evidence):
            return [Problem(table, row_number, value_column,
                            f"value {raw} is not what the evidence says in words: '{evidence}'")]
    elif value not in numbers_in(evidence):
        return [Problem(table, row_number, value_column, f"value {raw} is not written in the evidence '{evidence}'")]
    return []


def check_row(table: str, row_number: int, row: dict, value_column: str | None = None) -> list[Problem]:
    """Problems with one row's provenance; empty when the row is sound.

    The main evidence (source_id, locator, evidence) must be present; further
    pairs such as other_locator/other_evidence are checked where filled in, and
    must be filled in where the column they support (``example`` for
    example_locator/example_evidence) is.
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
    """Command line: python -m compendium.checks.provenance FILE.csv [...]"""
    problems = [p for name in argv for p in check_csv(Path(name))]
    for problem in problems:
        print(problem)
    print(f"{len(problems)} provenance problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
