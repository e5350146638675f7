"""Set-up shared by the pages of the surveys chapter (``book/analyses/surveys.md`` and its section pages
``book/analyses/surveys/surveys-*.md``): the tables the chapter reads, figures with the source's own hedge
or in words, and the computations that the landing page's key findings share with a section page.

The tables are loaded once, when a page imports this module; every name below is read-only.
"""
from __future__ import annotations

import re

import pandas as pd
from myst_nb import glue

from .. import chapters, charts, data

stats = data.load("statistics")
surveys = data.load("surveys")
external = data.load("external_facts").set_index("fact_id")
survey_stats = stats[stats["survey_id"] != ""].merge(
    surveys[["survey_id", "name", "conducted_by"]], on="survey_id", how="left")
S = stats.set_index("stat_id")
value = S["value"]
SURVEY_NAME = surveys.set_index("survey_id")["name"]

SHARES_IN_WORDS = {"meld30-261-a": 3, "meld30-1227-a": 10, "meld30-1172-a": 5, "meld30-684-a": 4}
EXTERNAL_FACTS = ["x02", "x06", "x08", "x14", "x16", "x18", "x19", "x20", "x21", "x24", "x25", "x35", "x40"]
SECTOR_LABEL = {"state": "Central government", "local": "Local government"}
SECTOR_COLOURS = dict(zip(SECTOR_LABEL.values(), charts.PALETTE[2:4]))


def stated(stat_id):
    """A figure with the source's own hedge ('about 60', 'almost 80'), glued as '<stat_id>-q'."""
    return chapters.hedged(value[stat_id], S.loc[stat_id, "qualifier"])


def share_in_words(stat_id):
    """A share the source writes in words ('two out of three'), rebuilt from the stored per cent."""
    denominator = SHARES_IN_WORDS[stat_id]
    return f"{chapters.in_words(round(value[stat_id] * denominator / 100))} in {chapters.in_words(denominator)}"


def shown(stat_id):
    """A figure for tables and tooltips: with its hedge, and in words where the source uses words
    (with the per cent only when it is whole: 'two in three', never '66.67')."""
    if stat_id not in SHARES_IN_WORDS:
        return stated(stat_id)
    percent = chapters.number(value[stat_id])
    return f"{share_in_words(stat_id)} ({percent})" if isinstance(percent, int) else share_in_words(stat_id)


def mayors_answered() -> tuple[int, int]:
    """How many mayors answered KS's political barometer, and how many were asked (external fact x25)."""
    answered, asked = re.search(r"\((\d+) of (\d+)\)", external.loc["x25", "indicator"]).groups()
    return int(answered), int(asked)


def glue_common() -> None:
    """Glue what any page of the chapter may paste: each survey figure under its ``stat_id``, with its
    hedge as ``<stat_id>-q`` and in words as ``<stat_id>-w``; the external facts quoted; the count of
    studies and questionnaires; and the mayors who answered (``x25_answered`` of ``x25_asked``)."""
    chapters.glue_statistics(survey_stats)
    for stat_id in survey_stats["stat_id"]:
        chapters.glue_text(f"{stat_id}-q", stated(stat_id))
    for stat_id in SHARES_IN_WORDS:
        chapters.glue_text(f"{stat_id}-w", share_in_words(stat_id))
    for fact_id in EXTERNAL_FACTS:
        glue(fact_id, chapters.number(external.loc[fact_id, "value"]), display=False)
    glue("n_studies", len(surveys), display=False)
    glue("n_questionnaires", int((surveys["kind"] == "survey").sum()), display=False)
    answered, asked = mayors_answered()
    glue("x25_answered", answered, display=False)
    glue("x25_asked", asked, display=False)


PAIRS = [  # (measure, state-sector stat_id, local-government stat_id, gap computed?)
    ("Introduced innovations, past two years", "meld30-162-b", "meld30-162-a", True),
    ("Private firms as partner, latest innovation", "meld30-822-a", "meld30-822-b", True),
    ("R&D as partner, latest innovation", "meld30-1073-b", "meld30-1073-a", True),
    ("Latest innovation started by research", "meld30-1073-d", "meld30-1073-c", True),
    ("Public support schemes or grants used", "meld30-392-d", "meld30-392-c", False),
    ("Trouble recruiting ICT specialists", "meld30-684-a", "meld30-684-b", True),
]
PAIR_KEYS = ["rate", "firms", "rnd", "started", "grants", "ict"]  # glue names: gap_<key>, gapabs_<key>
PAIR_SHORT = {"meld30-162-b": "the innovation rate", "meld30-822-a": "private firms as partners",
              "meld30-1073-b": "research partners", "meld30-1073-d": "innovations started by research",
              "meld30-392-d": "public grants", "meld30-684-a": "ICT recruitment"}


def state_local_pairs() -> pd.DataFrame:
    """The measures the white paper reports for both sectors, checked, with the gap (ours: state minus
    local) where the two figures answer the same question."""
    pairs = pd.DataFrame(PAIRS, columns=["measure", "state", "local", "gap_computed"])
    # Check 1: both figures of a pair stand on the same line of the white paper.
    assert all(S.loc[s, "locator"] == S.loc[l, "locator"] for s, l in zip(pairs["state"], pairs["local"]))
    # Check 2: the population field of each figure names its sector, and not the other one.
    assert all(re.search("central|state", S.loc[s, "population"])
               and not re.search("local|municipal", S.loc[s, "population"]) for s in pairs["state"])
    assert all(re.search("local|municipal", S.loc[l, "population"])
               and not re.search("central|state", S.loc[l, "population"]) for l in pairs["local"])
    pairs["state_value"] = pairs["state"].map(value)
    pairs["local_value"] = pairs["local"].map(value)
    pairs["gap"] = (pairs["state_value"] - pairs["local_value"]).where(pairs["gap_computed"])
    return pairs


def glue_pairs(pairs: pd.DataFrame) -> tuple[list, object]:
    """Glue the gaps and their tally (``n_pairs``, ``gap_<key>``, ``n_state_higher``, ``widest_gap`` …);
    return the measures tied for the widest gap and its width."""
    glue("n_pairs", len(pairs), display=False)
    for key, (_, row) in zip(PAIR_KEYS, pairs.iterrows()):
        if pd.notna(row["gap"]):
            glue(f"gap_{key}", chapters.number(row["gap"]), display=False)
            glue(f"gapabs_{key}", chapters.number(abs(row["gap"])), display=False)
    computed = pairs.dropna(subset=["gap"]).assign(width=lambda f: f["gap"].abs())
    glue("n_gaps", len(computed), display=False)
    glue("n_state_higher", int((computed["gap"] > 0).sum()), display=False)
    glue("n_local_higher", int((computed["gap"] < 0).sum()), display=False)
    widest_names, widest_gap = chapters.extremes(computed.assign(short=computed["state"].map(PAIR_SHORT)),
                                                 "width", "short")
    chapters.glue_text("widest_names", chapters.and_list(widest_names))
    glue("widest_gap", widest_gap, display=False)
    chapters.glue_text("ict_rank", "the widest of the set" if widest_names == ["ICT recruitment"]
                       else "tied for the widest of the set" if "ICT recruitment" in widest_names
                       else f"narrower than the widest, for {chapters.and_list(widest_names)}")
    return widest_names, widest_gap


def reuse_parts() -> tuple[float, float, float]:
    """Recent innovations adapted from others, copied from others, and the total the text states in words."""
    return tuple(value[i] for i in ["meld30-1227-b", "meld30-1227-c", "meld30-1227-a"])


PARTNERS = [  # (stat_id, partner, respondents)
    ("meld30-822-a", "Private firms", "Central government"),
    ("meld30-822-b", "Private firms", "Local government"),
    ("meld30-1073-b", "Research and development", "Central government"),
    ("meld30-1073-a", "Research and development", "Local government"),
    ("meld30-822-c", "Users or citizens", "Not stated"),
    ("meld30-856-a", "Voluntary organisations", "Local government"),
]


def partners() -> tuple[pd.DataFrame, str]:
    """The outside partners the white paper quantifies, and the largest share among them as stated
    (glued as ``partners_max_q``; all tied values, joined by 'or')."""
    frame = pd.DataFrame(PARTNERS, columns=["stat_id", "partner", "group"]).merge(stats, on="stat_id")
    frame = frame.assign(stated=frame["stat_id"].map(stated), survey=frame["survey_id"].map(SURVEY_NAME))
    top_ids, _ = chapters.extremes(frame, "value", "stat_id")
    largest = " or ".join(sorted({stated(i) for i in top_ids}))
    chapters.glue_text("partners_max_q", largest)
    return frame, largest
