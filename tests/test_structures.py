"""The structures have the shape their sources give them, and the cross-checks the sources allow hold.

A cross-check that fails is a finding for the discrepancy register, not a reason to edit the data.
"""
from __future__ import annotations

import pytest

from compendium import data

ROLES = {"padriver", "interesseavveier", "systemforvalter"}


def test_ladder_has_four_steps():
    assert sorted(data.load("ladder_steps")["step"]) == [1, 2, 3, 4]


def test_role_matrix_has_one_cell_per_role_and_step():
    matrix = data.load("role_matrix")
    assert len(matrix) == 12
    assert set(matrix["role_id"]) == ROLES
    assert set(zip(matrix["role_id"], matrix["step"])) == {(r, s) for r in ROLES for s in (1, 2, 3, 4)}
    assert matrix["activities_en"].str.len().min() > 20


def test_three_roles():
    assert set(data.load("roles")["role_id"]) == ROLES


def test_six_pieces_of_advice_and_eight_lessons():
    assert sorted(data.load("difi_advice")["advice_no"]) == [1, 2, 3, 4, 5, 6]
    lessons = data.load("difi_lessons")
    assert sorted(lessons.loc[lessons["list"] == "chapter3", "lesson_no"]) == list(range(1, 9))


def test_five_core_groups_each_with_one_lead_that_is_a_member():
    groups = data.load("core_groups")
    members = data.load("core_group_members")
    assert len(groups) == 5
    leads = members[members["is_lead"]]
    assert sorted(leads["group_id"]) == sorted(groups["group_id"])
    assert dict(zip(leads["group_id"], leads["member"])) == dict(zip(groups["group_id"], groups["lead_ministry"]))


def test_ladder_examples_cover_the_four_steps_of_one_group():
    examples = data.load("ladder_examples")
    assert sorted(examples["step"]) == [1, 2, 3, 4]
    assert examples["group_id"].nunique() == 1


def test_sgi_has_five_questions_with_four_bands_covering_one_to_ten():
    questions = data.load("sgi_questions")
    assert questions["question_id"].nunique() == 5
    for _, bands in questions.groupby("question_id"):
        covered = sorted(v for _, b in bands.iterrows() for v in range(b["band_low"], b["band_high"] + 1))
        assert covered == list(range(1, 11))


def test_cocops_chart_uses_the_ten_printed_numbers_under_both_readings():
    quality = data.load("cocops_quality").sort_values("locator")
    assert list(quality["value"]) == [62, 45, 32, 39, 41, 55, 43, 36, 47, 33]
    assert sorted(quality["value"]) == sorted(quality["value_if_paired"])
    assert set(quality["reading"]) == {"series_by_series"}


def stat(stat_id):
    stats = data.load("statistics").set_index("stat_id")
    return stats.loc[stat_id, "value"]


def test_dfo_response_rate_matches_its_counts():
    answered, base, rate = stat("dfo2023-135-b"), stat("dfo2023-135-c"), stat("dfo2023-135-a")
    assert round(100 * answered / base) == rate


def test_dfo_respondent_composition_adds_up():
    assert stat("dfo2023-128-a") + stat("dfo2023-128-b") == 100


@pytest.mark.parametrize("table", ["statistics", "glossary", "discrepancies"])
def test_registers_are_substantial(table):
    assert data.row_count(table) >= 30


def test_every_source_contributes_statistics():
    assert set(data.load("statistics")["source_id"]) == set(data.load("sources")["source_id"])


def test_glossary_defines_the_core_concepts():
    terms = set(data.load("glossary")["term"].str.lower())
    assert {"samordning", "samordningsstigen", "pådriver", "interesseavveier", "systemforvalter", "kjernegruppe"} <= terms


def test_discrepancy_register_records_the_cocops_reading():
    register = data.load("discrepancies")
    assert ((register["source_id"] == "cocops") & (register["kind"] == "ambiguous")).any()
