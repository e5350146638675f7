"""Every row's evidence stands on its cited line; the checker itself catches what it should."""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

from compendium.checks.provenance import check_csv, check_row, numbers_in
from conftest import ROOT

TABLES = [res["path"] for res in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]]


@pytest.mark.parametrize("table", TABLES)
def test_every_row_is_traceable(table, source_texts):
    assert [str(p) for p in check_csv(ROOT / "data" / table)] == []


@pytest.mark.parametrize("text, expected", [
    ("Of a total of 4,500 employees", Decimal(4500)),
    ("wages constituting 70-80% of expenditures", Decimal(80)),
    ("Svarprosent: 27 (Norge: 34)", Decimal(34)),
    ("ca. 4700 (4702 personer)", Decimal(4702)),
    ("2,5 prosent", Decimal("2.5")),
])
def test_numbers_are_read_in_english_and_norwegian_notation(text, expected):
    assert expected in numbers_in(text)


def test_value_must_be_written_in_the_evidence(source_texts):
    row = {"source_id": "cocops", "locator": "226", "evidence": "62", "value": "63"}
    assert [p.column for p in check_row("t.csv", 2, row, "value")] == ["value"]


def test_value_in_words_needs_no_digits(source_texts):
    row = {"source_id": "difi2017", "locator": "98", "evidence": "Disse to trinnene", "value": "2", "value_form": "words"}
    assert check_row("t.csv", 2, row, "value") == []


def test_locator_beyond_the_end_is_refused(source_texts):
    row = {"source_id": "cocops", "locator": "99999", "evidence": "62"}
    assert [p.column for p in check_row("t.csv", 2, row)] == ["locator"]


def test_evidence_longer_than_twelve_words_is_refused(source_texts):
    evidence = "Executive power requires a parliamentary majority and, given the existing party structure and"
    row = {"source_id": "sgi2024", "locator": "33", "evidence": evidence}
    assert [p.column for p in check_row("t.csv", 2, row)] == ["evidence"]
