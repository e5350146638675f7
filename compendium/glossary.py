"""The glossary page: Sphinx glossary entries generated from the ``glossary`` table.

Chapters link a Norwegian term to its entry with the ``{term}`` role, for
example ``{term}`pådriver```; Sphinx fails the strict build if the term is
missing, so a link can never point nowhere.
"""
from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from . import data
from .tables import markdown_cell


def entries() -> pd.DataFrame:
    """The glossary, sorted alphabetically without regard to case."""
    table = data.load("glossary")
    return table.sort_values("term", key=lambda terms: terms.str.casefold()).reset_index(drop=True)


def _entry(row: pd.Series, sources: pd.DataFrame) -> str:
    label = sources.loc[row["source_id"], "short_title"]
    number = sources.loc[row["source_id"], "number"]
    return (
        f"{markdown_cell(row['term'])}\n"
        f"  *{markdown_cell(row['english'])}* ({row['kind']}). {markdown_cell(row['definition'])}\n"
        f"  First used in {markdown_cell(label)} (source {number}), line {row['locator']}.\n"
    )


def directive(table: pd.DataFrame) -> Markdown:
    """One MyST ``glossary`` directive holding every entry."""
    sources = data.load("sources").set_index("source_id")
    body = "\n".join(_entry(row, sources) for _, row in table.iterrows())
    return Markdown("````{glossary}\n" + body + "````\n")
