"""The structures have the shape their sources give them, and the cross-checks the sources allow hold.

A cross-check that fails is a finding for the discrepancy register, not a reason to edit the data.
"""
from __future__ import annotations

from compendium import data



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


def test_every_source_contributes_statistics():
    assert set(data.load("statistics")["source_id"]) == set(data.load("sources")["source_id"])


def test_glossary_defines_the_core_concepts():
    terms = set(data.load("glossary")["term"].str.lower())
    assert {"samordning", "samordningsstigen", "pådriver", "interesseavveier", "systemforvalter", "kjernegruppe"} <= terms
