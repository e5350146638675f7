"""The glossary page: Sphinx glossary entries generated from the ``glossary`` table.

Chapters link a Norwegian term to its entry with the ``{term}`` role, for
example ``{term}`pådriver```; Sphinx fails the strict build if the term is
missing, so a link can never point nowhere. The page files the entries under
their initial letter in Norwegian order (Æ, Ø, Å after Z), one ``glossary``
block per letter, with a line of links to the letters at the top. Sphinx makes
each term's anchor (``term-`` and the term) from the term alone, so the grouping
does not change it.
"""
from __future__ import annotations

import re
import unicodedata

import pandas as pd
from IPython.display import Markdown

from . import data
from .tables import markdown_cell

ALPHABET = [chr(code) for code in range(ord("A"), ord("Z") + 1)] + ["Æ", "Ø", "Å"]
DIGITS = "0–9"
_AFTER_Z = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})  # '{', '|', '}' follow 'z'
_LAST_LETTERS = {"{": "Æ", "|": "Ø", "}": "Å"}


def sort_key(term: str) -> str:
    """Norwegian alphabetical order: case and leading punctuation ignored, Æ Ø Å after Z, other accents dropped."""
    text = re.sub(r"^\W+", "", term.casefold()).translate(_AFTER_Z)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def initial(term: str) -> str:
    """The letter a term is filed under; terms that begin with a digit go under 0–9."""
    first = sort_key(term)[:1]
    return DIGITS if first.isdigit() else _LAST_LETTERS.get(first, first.upper())


def anchor(letter: str) -> str:
    """Page anchor of a letter's heading, in ASCII (Æ is 'ae', Ø 'oe', Å 'aa')."""
    return "glossary-letter-" + {"Æ": "ae", "Ø": "oe", "Å": "aa", DIGITS: "0-9"}.get(letter, letter.lower())


def entries() -> pd.DataFrame:
    """The glossary in Norwegian alphabetical order."""
    table = data.load("glossary")
    ordered = table.assign(key=table["term"].map(sort_key)).sort_values(["key", "term"], kind="stable")
    return ordered.drop(columns="key").reset_index(drop=True)


def _entry(row: pd.Series, sources: pd.DataFrame) -> str:
    """One term: English rendering, kind and definition, where it is first used, and its example if it has one."""
    source = sources.loc[row["source_id"]]
    text = (
        f"{markdown_cell(row['term'])}\n"
        f"  *{markdown_cell(row['english'])}* ({row['kind']}). {markdown_cell(row['definition'])}\n"
        f"  First used in {markdown_cell(source['short_title'])} (source {source['number']}), line {row['locator']}.\n"
    )
    if row["example"].strip():
        cited = re.sub(r"[()]", "", sources.loc[row["example_source_id"], "label"])  # "Difi (2017)" -> "Difi 2017"
        text += (f"\n  Example: {markdown_cell(row['example'].rstrip('. '))} "
                 f"({markdown_cell(cited)}, line {row['example_locator']}).\n")
    return text


def _block(table: pd.DataFrame, sources: pd.DataFrame) -> str:
    """The MyST ``glossary`` directive for the entries of ``table``."""
    return "````{glossary}\n" + "\n".join(_entry(row, sources) for _, row in table.iterrows()) + "````\n"


def directive(table: pd.DataFrame) -> Markdown:
    """One MyST ``glossary`` directive holding every entry of ``table``."""
    return Markdown(_block(table, data.load("sources").set_index("source_id")))


def letter_line(letters) -> str:
    """The A–Z line: a link to each letter that has entries; the other letters stand unlinked."""
    shown = ([DIGITS] if DIGITS in letters else []) + ALPHABET
    return " · ".join(f"[{letter}](#{anchor(letter)})" if letter in letters else letter for letter in shown)


def page(table: pd.DataFrame) -> Markdown:
    """The whole glossary: the A–Z line, then for each letter a heading and its own ``glossary`` block."""
    sources = data.load("sources").set_index("source_id")
    groups = dict(tuple(table.groupby(table["term"].map(initial), sort=False)))  # keeps the table's order
    parts = [letter_line(groups)] + [
        f"({anchor(letter)})=\n## {letter}\n\n" + _block(group, sources)
        for letter, group in groups.items()
    ]
    return Markdown("\n\n".join(parts))
