"""Set-up shared by the pages of the DFØ 2023 chapter (``book/sources/dfo-2023.md`` and its sections).

Each page calls ``load()`` first; ``interviews()`` serves the pages that count the interviews.
"""
from __future__ import annotations

import pandas as pd
from myst_nb import glue

from .. import chapters, data

SOURCE = "dfo2023"


def load() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The appendices' statistics in line order (each glued under its ``stat_id``), all statistics
    indexed by ``stat_id``, the core groups and their members; glues ``n_groups``."""
    stats = chapters.statistics(SOURCE)
    chapters.glue_statistics(stats)
    groups = data.load("core_groups")
    glue("n_groups", len(groups), display=False)
    return stats, data.load("statistics").set_index("stat_id"), groups, data.load("core_group_members")


def interviews() -> pd.DataFrame:
    """The groups of interviews of appendix 3; glues ``n_interview_groups`` and ``n_interviews`` (our
    sum: the text gives no total)."""
    frame = data.load("dfo_interview_groups")
    glue("n_interview_groups", len(frame), display=False)
    glue("n_interviews", int(frame["interviews"].sum()), display=False)
    return frame
