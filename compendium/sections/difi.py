"""Set-up shared by the pages of the Difi 2017 chapter (``book/sources/difi-2017.md`` and its sections).

Each function loads one part of the data package for Difi's note and glues the counts that more than one
page pastes; pages call only those they need, next to the prose that uses them.
"""
from __future__ import annotations

import pandas as pd
from myst_nb import glue

from .. import chapters, data

SOURCE = "difi2017"


def load() -> pd.DataFrame:
    """The note's statistics in line order, each glued under its ``stat_id``."""
    stats = chapters.statistics(SOURCE)
    chapters.glue_statistics(stats)
    return stats


def ladder() -> pd.DataFrame:
    """The steps of the coordination ladder, bottom step first; glues ``n_steps``."""
    steps = data.load("ladder_steps").sort_values("step")
    glue("n_steps", len(steps), display=False)
    return steps


def roles() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coordination roles and the role matrix (one row per role and step); glues ``n_roles`` and
    ``n_cells``."""
    frame, matrix = data.load("roles"), data.load("role_matrix")
    glue("n_roles", len(frame), display=False)
    glue("n_cells", len(matrix), display=False)
    return frame, matrix


def projects() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The projects and works the note names, and the publications chapter 2 reviews (sections 2.1-2.6,
    cases left out); glues ``n_publications``, ``n_publications_psl`` (sections 2.1-2.5) and
    ``n_publications_other`` (section 2.6)."""
    frame = data.load("difi_projects")
    publications = frame[frame["section"].str.match(r"^2\.\d$") & ~frame["kind"].str.contains("case")]
    glue("n_publications", len(publications), display=False)
    glue("n_publications_psl", int((publications["section"] != "2.6").sum()), display=False)
    glue("n_publications_other", int((publications["section"] == "2.6").sum()), display=False)
    return frame, publications


def lessons() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The lessons of chapter 3 and those of the note's summary list, each in order; glues ``n_lessons``
    and ``n_summary_lessons``."""
    frame = data.load("difi_lessons")
    chapter3 = frame[frame["list"] == "chapter3"].sort_values("lesson_no")
    summary_list = frame[frame["list"] == "summary"].sort_values("lesson_no")
    glue("n_lessons", len(chapter3), display=False)
    glue("n_summary_lessons", len(summary_list), display=False)
    return chapter3, summary_list


def efforts() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.Series]:
    """The items of chapter 4: all of them, the effort areas, the closing recommendations, and the number
    of recommendations per area (our assignment, register entry d047); glues ``n_areas``,
    ``n_recommendations`` and ``n_areas_without_rec``."""
    frame = data.load("difi_efforts")
    areas = frame[frame["kind"] == "effort_area"]
    recommendations = frame[frame["kind"] == "recommendation"]
    recs_by_area = recommendations.groupby("parent_id").size().reindex(areas["item_id"], fill_value=0)
    glue("n_areas", len(areas), display=False)
    glue("n_recommendations", len(recommendations), display=False)
    glue("n_areas_without_rec", int((recs_by_area == 0).sum()), display=False)
    return frame, areas, recommendations, recs_by_area
