"""Set-up shared by the pages of the white-paper chapter (``book/sources/meld-st-30.md`` and its sections).

Each page calls ``load()`` first; the other functions glue what more than one page pastes.
"""
from __future__ import annotations

import re

import pandas as pd
from myst_nb import glue

from .. import chapters, data

SOURCE = "meld30"

# Shares the source writes as fractions in words ("two out of three") are glued as '<stat_id>-w' in the
# source's own words, taken from the evidence; the stored per cent (66.67) claims a precision the text lacks.
FRACTION = re.compile(r"\b(?:(?:around|about|almost|more than|less than) )?(?:a third|a quarter|half|the majority"
                      r"|\w+ out of \w+)\b", re.IGNORECASE)
IN_WORDS = {"meld30-24-b", "meld30-261-a", "meld30-684-a", "meld30-1172-a", "meld30-1227-a"}


def load() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """The white paper's statistics (each glued under its ``stat_id``), the same indexed by ``stat_id``,
    the external facts indexed by ``fact_id``, and the shares written in words (see ``glue_fractions``)."""
    stats = chapters.statistics(SOURCE)
    chapters.glue_statistics(stats)
    external = data.load("external_facts").set_index("fact_id")
    return stats, stats.set_index("stat_id"), external, glue_fractions(stats)


def glue_fractions(stats: pd.DataFrame) -> dict:
    """Glue each share the source writes in words as '<stat_id>-w' (its own words); return
    stat_id -> the match (None where the words hold no fraction)."""
    in_words = stats[(stats["value_form"] == "words") & (stats["unit"] == "percent")]
    fractions = {s: FRACTION.search(e) for s, e in zip(in_words["stat_id"], in_words["evidence"])}
    for stat_id, fraction in fractions.items():
        if fraction:
            chapters.glue_text(f"{stat_id}-w", fraction.group(0))
    assert IN_WORDS <= {s for s, fraction in fractions.items() if fraction}
    return fractions


def glue_external(external: pd.DataFrame, fact_ids) -> None:
    """Glue the value of each external fact as 'ext-<fact_id>'."""
    for fact_id in fact_ids:
        glue(f"ext-{fact_id}", chapters.number(external.loc[fact_id, "value"]), display=False)


def measures() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The paper's measures with chapter number and title and whether each is a commitment (an item of a
    chapter's closing 'The Government will' list), and the commitments in chapter and line order.
    Glues the counts ``n_measures``, ``n_commitments``, ``n_other_items`` and ``n_commit_chapters``."""
    frame = data.load("wp_measures")
    frame["chapter_no"] = frame["chapter"].str.extract(r"^(\d+)", expand=False).astype(int)
    frame["chapter_title"] = frame["chapter"].str.replace(r"^\d+\s+", "", regex=True)
    frame["commitment"] = frame["measure_id"].str.startswith("gw")
    commitments = frame[frame["commitment"]].sort_values(["chapter_no", "locator"])
    glue("n_measures", len(frame), display=False)
    glue("n_commitments", len(commitments), display=False)
    glue("n_other_items", int((~frame["commitment"]).sum()), display=False)
    glue("n_commit_chapters", commitments["chapter_no"].nunique(), display=False)
    return frame, commitments
