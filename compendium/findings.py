"""The book's key findings: the values that ``book/_fragments/key-findings.md`` pastes.

The front page and the practitioners' brief include that fragment, and each calls
:func:`glue_key_findings` in a hidden cell, so that every figure in the findings is glued on the page
that shows it. Data rows are glued under their own ids (``meld30-162-b``, ``x26``) so that the web
book shows their source on hover; values computed here are glued as ``kf_…`` and are ours.
"""
from __future__ import annotations

import re

from myst_nb import glue

from . import chapters, data

STATISTICS = ["meld30-162-a", "meld30-162-b", "sgi2024-3-a", "difi2017-141-a"]
EXTERNAL = ["x26", "x27", "x29"]  # SGI 2024 coordination ranks of Finland, Denmark and Sweden


def _glue_rows() -> None:
    """Glue the statistics and external facts the findings cite, under their row ids."""
    stats = data.load("statistics")
    chapters.glue_statistics(stats[stats["stat_id"].isin(STATISTICS)])
    facts = data.load("external_facts").set_index("fact_id")
    for fact_id in EXTERNAL:
        glue(fact_id, chapters.number(facts.loc[fact_id, "value"]), display=False)


def _glue_nordic() -> None:
    """The spread of the comparable Nordic innovation rates and the SGI coordination ranks (ours)."""
    facts = data.load("external_facts")
    rates = facts[(facts["topic"] == "innovation_barometer_nordic") & (facts["year"] == "2019")
                  & facts["indicator"].str.contains("one or more innovations")]
    comparable = rates[~rates["population"].str.contains("only")]  # Finland counts municipalities only
    assert set(comparable["country"]) == {"Norway", "Iceland", "Denmark", "Sweden"}  # named in the finding
    glue("kf_rate_spread", chapters.number(comparable["value"].max() - comparable["value"].min()), display=False)
    ranks = facts[(facts["topic"] == "sgi2024_coordination")
                  & facts["indicator"].str.startswith("SGI 2024 rank in the category")].set_index("country")["value"]
    # The finding names the countries ranked above and below Norway; it must be revised if they change.
    assert set(ranks.index[ranks < ranks["Norway"]]) == {"Finland", "Denmark"}
    assert set(ranks.index[ranks > ranks["Norway"]]) == {"Sweden"}
    n_ranked = re.search(r"\((\d+) countries\)", facts.loc[facts["fact_id"] == "x28", "indicator"].iloc[0]).group(1)
    glue("kf_n_ranked", int(n_ranked), display=False)


def _glue_framework() -> None:
    """The size of the coordination ladder and the number of core groups."""
    glue("kf_n_steps", len(data.load("ladder_steps")), display=False)
    glue("kf_n_groups", len(data.load("core_groups")), display=False)
    examples = data.load("ladder_examples")
    # The finding says DFØ places one group, on vulnerable children (ubu), on every step of the ladder.
    assert set(examples["group_id"]) == {"ubu"} and examples["step"].nunique() == len(data.load("ladder_steps"))


def _glue_synthesis() -> None:
    """Counts from the synthesis's findings table and from the discrepancy register."""
    findings = data.load("findings")
    glue("kf_n_findings", len(findings), display=False)
    for kind in ("diagnosis", "result"):
        glue(f"kf_n_{kind}", int((findings["kind"] == kind).sum()), display=False)
    links = findings[findings["related_to"].fillna("") != ""]
    glue("kf_n_links", len(links), display=False)
    for relation in ("agrees", "qualifies"):
        glue(f"kf_n_{relation}", int((links["relation"] == relation).sum()), display=False)
    contradicting = links[links["relation"] == "contradicts"]
    # The finding names the one outright contradiction, on hierarchy (coc-11).
    assert list(contradicting["finding_id"]) == ["coc-11"]
    chapters.glue_text("kf_n_contradicts", chapters.in_words(len(contradicting)))
    register = data.load("discrepancies")
    glue("kf_n_register", len(register), display=False)
    glue("kf_n_cross", int((register["kind"] == "cross_source_conflict").sum()), display=False)


def glue_key_findings() -> None:
    """Glue every value the key findings paste (call it in a hidden cell of each page that includes them)."""
    _glue_rows()
    _glue_nordic()
    _glue_framework()
    _glue_synthesis()
