"""Set-up shared by the pages of the chapter on coordination roles and the ladder
(``book/analyses/roles-and-ladder.md`` and its section pages ``roles-and-ladder/roles-*.md``)."""

import textwrap
from types import SimpleNamespace

import pandas as pd
from myst_nb import glue

from compendium import chapters, data

ROLE_ORDER = ["padriver", "interesseavveier", "systemforvalter"]
"""Difi's roles in the order of the note: driving force, balancer of interests, system manager."""


def wrap(text: str, width: int) -> str:
    """Text broken into lines of at most ``width`` characters (chart labels)."""
    return "\n".join(textwrap.wrap(text, width))


def glue_statistics(*stat_ids: str) -> None:
    """Glue the named rows of the table ``statistics``, each under its ``stat_id``."""
    stats = data.load("statistics")
    chapters.glue_statistics(stats[stats["stat_id"].isin(stat_ids)])


def framework() -> SimpleNamespace:
    """Difi's framework as the pages use it: ``steps`` (in order), ``roles``, ``matrix`` (the role
    matrix) and the labels ``role_label``, ``role_label2`` (on two lines) and ``step_name``.
    Glues n_steps, n_roles and n_cells."""
    steps = data.load("ladder_steps").sort_values("step")
    roles = data.load("roles")
    matrix = data.load("role_matrix")
    glue("n_steps", len(steps), display=False)
    glue("n_roles", len(roles), display=False)
    glue("n_cells", len(matrix), display=False)
    role_label = {r.role_id: f"{r.role_no} ({r.role_en})" for r in roles.itertuples()}
    return SimpleNamespace(steps=steps, roles=roles, matrix=matrix, role_label=role_label,
                           role_label2={k: v.replace(" (", "\n(") for k, v in role_label.items()},
                           step_name=dict(zip(steps["step"], steps["name_en"])))


def phrase_count(matrix: pd.DataFrame, pattern: str) -> pd.Series:
    """Whether each cell's Norwegian key phrases match ``pattern`` (our keyword count of the matrix)."""
    return matrix["keywords_no"].str.contains(pattern, case=False, regex=True)


def glue_decisions(matrix: pd.DataFrame) -> None:
    """Glue n_decide_<role>, the cells in which each role proposes or decides (our count of the verbs
    foreslå, beslutte and skjære igjennom), and n_per_role, the cells per role."""
    decide = phrase_count(matrix, r"\bforeslå|\bbeslutte\b|skjære")
    decides = matrix.assign(decide=decide).groupby("role_id")["decide"].sum()
    for role in ROLE_ORDER:
        glue(f"n_decide_{role}", int(decides[role]), display=False)
    glue("n_per_role", int(matrix.groupby("role_id").size().iloc[0]), display=False)


def role_evidence(role_label: dict) -> tuple[pd.DataFrame, list]:
    """The table ``role_evidence`` with role labels (``role``) and source numbers (``src``), and the
    actors whose roles a source states. Glues n_ev, n_stated, n_inferred, n_actors and stated_actors."""
    evidence = data.load("role_evidence")
    ev = evidence.assign(role=evidence["role_id"].map(role_label),
                         src=evidence["source_id"].map(lambda s: chapters.source(s)["number"]))
    glue("n_ev", len(ev), display=False)
    glue("n_stated", int((ev["basis"] == "stated").sum()), display=False)
    glue("n_inferred", int((ev["basis"] == "inferred").sum()), display=False)
    glue("n_actors", ev["actor"].nunique(), display=False)
    stated_actors = sorted(ev.loc[ev["basis"] == "stated", "actor"].unique())
    chapters.glue_text("stated_actors", chapters.and_list(stated_actors))
    return ev, stated_actors


def core_groups() -> pd.DataFrame:
    """The core groups of the ministries' joint strategy. Glues n_groups, n_wicked (groups DFØ says face
    wicked problems), n_not_wicked and wicked_groups (the names of the wicked ones)."""
    groups = data.load("core_groups")
    wicked = groups["problem_type"] == "wicked"
    glue("n_groups", len(groups), display=False)
    glue("n_wicked", int(wicked.sum()), display=False)
    glue("n_not_wicked", int((~wicked).sum()), display=False)
    chapters.glue_text("wicked_groups", chapters.and_list(groups.loc[wicked, "name_no"]))
    return groups
