"""Shared set-up of the chapter "Norway among the Nordic countries" (``book/analyses/nordic.md`` and its
section pages ``book/analyses/nordic/nordic-*.md``): the tables every page reads, the rows of
its comparison tables, and the selections that more than one page makes (the Nordic innovation rates, the
SGI ranks). Apart from the data rows (:func:`glue_rows`), values are returned, not glued: each page's own
cells compute and glue what it pastes, so that a glued number's note names the cell and expression."""
from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

import pandas as pd
from myst_nb import glue

from .. import chapters, charts, data
from ..tables import Table, table

NORDIC = ["Denmark", "Finland", "Iceland", "Norway", "Sweden"]
COLUMNS = {"country": "Country", "value": "Per cent", "counted": "What is counted", "population": "Who was counted",
           "year": "Year", "source": "Source", "external": "External figure?", "caveat": "Caveat"}

Tables = namedtuple("Tables", "stats S external X surveys")


@lru_cache(maxsize=1)
def load() -> Tables:
    """The tables every page reads: ``statistics`` (``stats``; ``S`` by stat_id), ``external_facts``
    (``external``; ``X`` by fact_id) and ``surveys`` by survey_id."""
    stats, external = data.load("statistics"), data.load("external_facts")
    return Tables(stats, stats.set_index("stat_id"), external, external.set_index("fact_id"),
                  data.load("surveys").set_index("survey_id"))


def glue_rows() -> None:
    """Glue every statistic of the sources and every external fact under its own id (data rows, not ours)."""
    t = load()
    chapters.glue_statistics(t.stats)
    for fact_id, value in t.X["value"].items():
        glue(fact_id, chapters.number(value), display=False)


@lru_cache(maxsize=1)
def line_of() -> pd.Series:
    """Where each statistic stands, by stat_id: 'source 003, line 162'."""
    return charts.with_provenance(load().stats).set_index("stat_id")[charts.PROVENANCE]


def figure_row(row_id: str, **words) -> dict:
    """A row of a comparison table for an external fact or a statistic of the sources (``words`` fill or override)."""
    S, X = load().S, load().X
    if row_id in X.index:
        f = X.loc[row_id]
        return {"country": f["country"], "value": f["value"], "counted": f["indicator"], "population": f["population"],
                "year": f["year"], "source": f"external fact {row_id}: {f['source']}", "external": f"yes ({row_id})",
                "caveat": f["note"], "url": f["url"]} | words
    short_title = data.load("sources").set_index("source_id")["short_title"]
    return {"value": S.loc[row_id, "value"], "population": S.loc[row_id, "population"], "external": "no (source text)",
            "source": f"{short_title[S.loc[row_id, 'source_id']]}, {line_of()[row_id]}"} | words


def comparison_table(rows: list[dict], columns: dict = COLUMNS) -> Table:
    """The rows as a table, each source linked to its address; a missing value reads 'no figure'."""
    frame = pd.DataFrame(rows)
    frame["value"] = frame["value"].map(lambda v: "no figure" if pd.isna(v) else f"{chapters.number(v):,}")
    return table(frame, columns, links={"source": "url"}, extra=["url"])


def innovation_rates() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The Nordic barometer's shares of public workplaces reporting one or more innovations (external,
    report of 2019), and those comparable with one another (Finland's covers the municipal sector only)."""
    external = load().external
    rates = external[(external["topic"] == "innovation_barometer_nordic") & (external["year"] == "2019")
                     & external["indicator"].str.contains("one or more innovations")]
    comparable = rates[~rates["population"].str.contains("only")]
    return rates, comparable


def ordinal(n) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th'."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def sgi_ranks() -> tuple[pd.DataFrame, int, int]:
    """The Nordic SGI 2024 ranks in the category Coordination (external), Norway's rank (checked against
    source 000, line 3) and the number of countries ranked."""
    t = load()
    ranks = t.external[(t.external["topic"] == "sgi2024_coordination")
                       & t.external["indicator"].str.startswith("SGI 2024 rank in the category")]
    norway_rank = int(ranks.loc[ranks["country"] == "Norway", "value"].iloc[0])
    assert norway_rank == t.S.loc["sgi2024-3-a", "value"]  # the external rank agrees with source 000
    n_ranked = int(re.search(r"\((\d+) countries\)", ranks["indicator"].iloc[0]).group(1))
    return ranks, norway_rank, n_ranked
