"""Words the book's code writes onto pages (chart titles and axes, the Cite box, notes under glued
numbers, page tools), in every edition's language: one table, ``data/labels.csv``, with the English
wording and a column per other language. The English text is the key, so a chapter's code stays in
English and the bokmål edition finds its wording here; a missing one stops the build, naming it.

A text with numbers in it is found by its shape, its numbers written ``{0}``, ``{1}``, … in order
("KDD sits in all {0} core groups"): the wording in the other language has the same placeholders,
and gets the very numbers of the English text, in that language's format. So a number is never
typed into a translation, and a new count needs no new row."""
from __future__ import annotations

import json
import os
import re
from functools import lru_cache

ENGLISH = "en"
MISSING_VARIABLE = "COMPENDIUM_LIST_MISSING_LABELS"  # a file: list missing wordings there instead of stopping
_edition = {"language": ENGLISH}  # the language of the edition being built (set by the Sphinx extension)


def use(language: str | None) -> None:
    """Build the edition in ``language`` from now on (the book's Sphinx extension calls this)."""
    _edition["language"] = language or ENGLISH


def edition_language() -> str:
    return _edition["language"]


def words(text: str, *values) -> str:
    """``text`` in the language of the edition being built; ``{0}``, ``{1}`` … in it are filled with
    ``values`` (as they are: a name, an id, a line number)."""
    wording = label(text, _edition["language"])
    return PLACEHOLDER.sub(lambda match: str(values[int(match.group(1))]), wording) if values else wording


class MissingLabel(KeyError):
    """A text the code writes has no wording in ``data/labels.csv`` for an edition's language."""

    def __str__(self) -> str:
        text, language = self.args
        return f"data/labels.csv has no '{language}' wording for {text!r}: add a row (column en = that text)"


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    from . import data

    frame = data.load("labels")
    return {row["en"]: row for row in frame.to_dict("records")}


# a number ("4,702", "12.5", "3rd") or a word with digits in it (a data row's id, "coc-05", "d016")
NUMBER = re.compile(r"[\w-]*\d(?:[\d,.]*\d)?[\w-]*")
PLACEHOLDER = re.compile(r"\{(\d+)\}")


# A number that names a part ("Figure 3.4", "chapter 5.7", "section 2.1", "(2.6)") is not a decimal.
_NAMED_PART = re.compile(r"(?:\b(?:Figures?|figures?|Figur|figur|Tables?|tables?|Tabell|tabell|[Cc]hapters?|[Kk]apittel"
                         r"|[Ss]ections?|[Aa]vsnitt|kap\.?)\s+|\()$")


def names_a_part(before: str) -> bool:
    """True when a number right after ``before`` names a part of a document ("Figure ", "avsnitt ", "(")."""
    return bool(_NAMED_PART.search(before))


def shape(text: str) -> tuple[str, list[str]]:
    """``text`` with its numbers (and ids) as placeholders, and the numbers; a number that names a
    part of a document (see ``_NAMED_PART``) is marked to stay as printed."""
    numbers, named, end = [], False, 0
    for match in NUMBER.finditer(text):
        named = names_a_part(text[:match.start()]) or (named and text[end:match.start()] in "–-")
        numbers.append("=" * named + match.group(0))
        end = match.end()
    count = iter(range(len(numbers)))
    return NUMBER.sub(lambda _: "{%d}" % next(count), text), numbers


def _number(language: str, number: str) -> str:
    from .translation import number_in

    return number[1:] if number.startswith("=") else number_in(language, number)


def label(text: str, language: str | None) -> str:
    """``text`` in ``language`` (None or "en": as it is)."""
    if not language or language == ENGLISH:
        return text
    table = _table()
    wording = table.get(text, {}).get(language)
    if isinstance(wording, str) and wording:
        return wording
    form, numbers = shape(text) if not PLACEHOLDER.search(text) else (text, [])
    wording = table.get(form, {}).get(language)
    if not numbers or not isinstance(wording, str) or not wording:
        if os.environ.get(MISSING_VARIABLE):  # listing what to translate: note it, go on in English
            with open(os.environ[MISSING_VARIABLE], "a", encoding="utf-8") as listing:
                listing.write(json.dumps({"en": form, language: ""}, ensure_ascii=False) + "\n")
            return text
        raise MissingLabel(form, language)
    return PLACEHOLDER.sub(lambda match: _number(language, numbers[int(match.group(1))]), wording)
