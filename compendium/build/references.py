"""The reference list in an author-year form: "Author (Year). *Title*. Series number. Publisher.".

sphinxcontrib-bibtex sets the in-text citations ("(Bertelsmann Stiftung, 2024)") by its
``author_year`` referencing style; this pybtex style sets the list to match, sorted by author,
year and title, with initials for given names, as APA and Chicago's author-date system do. Each
entry's label (which the PDF prints before it) is its author and year too: "Nybøen et al. 2017".
An entry's note is ours, not the document's: each edition prints it in its language.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field as dataclass_field

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.richtext import Text
from pybtex.style.template import field, join, optional, optional_field, sentence, tag, words

from ..labels import words as in_edition

from sphinxcontrib.bibtex.plugin import register_plugin as register_referencing_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

STYLE_NAME = "compendium_author_year"


def _surnames(entry) -> list[str]:
    """Family names, or an organisation's whole name (written in braces in the .bib file)."""
    return [" ".join(person.last_names).replace("{", "").replace("}", "") for person in entry.persons["author"]]


class AuthorYearLabels(BaseLabelStyle):
    """Labels such as "Bertelsmann Stiftung 2024", "Nybøen et al. 2017"; "2017a", "2017b" when two clash."""

    def format_labels(self, sorted_entries):
        labels = []
        for entry in sorted_entries:
            names = _surnames(entry)
            who = names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."
            labels.append(f"{who} {entry.fields['year']}")
        count, seen = Counter(labels), Counter()
        for label in labels:
            yield label if count[label] == 1 else label + "abcdefghijklmnopqrstuvwxyz"[seen[label]]
            seen[label] += 1


class AuthorYearSorting(BaseSortingStyle):
    """By family name (an organisation by its name, without the .bib file's braces), year, title."""

    def sorting_key(self, entry):
        return [name.lower() for name in _surnames(entry)], entry.fields.get("year", ""), entry.fields.get("title", "")


class AuthorYearStyle(UnsrtStyle):
    default_name_style = "lastfirst"
    default_label_style = AuthorYearLabels
    default_sorting_style = AuthorYearSorting

    def __init__(self, **options):
        options["abbreviate_names"] = True
        super().__init__(**options)


    def _author_year(self):
        return join[self.format_names("author", as_sentence=False), " (", field("year"), ")."]

    def get_misc_template(self, e):
        return toplevel[
            self._author_year(),
            sentence[tag("em")[field("title")]],
            optional[sentence[field("publisher")]],
            _note(),
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        return toplevel[
            self._author_year(),
            sentence[tag("em")[field("title")]],
            sentence[words[optional_field("type"), optional_field("number")]],
            sentence[field("institution"), optional_field("address")],
            _note(),
            self.format_web_refs(e),
        ]


def _note():
    """The entry's note, in the language of the edition being built."""
    return sentence[optional_field("note", apply_func=lambda note: Text(in_edition(str(note))))]


def _round_brackets() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundBracketReferences(AuthorYearReferenceStyle):
    """In-text citations in round brackets: "(Bertelsmann Stiftung, 2024)", "Nybøen et al. (2017)"."""

    bracket_parenthetical: BracketStyle = dataclass_field(default_factory=_round_brackets)
    bracket_textual: BracketStyle = dataclass_field(default_factory=_round_brackets)
    bracket_author: BracketStyle = dataclass_field(default_factory=_round_brackets)
    bracket_label: BracketStyle = dataclass_field(default_factory=_round_brackets)
    bracket_year: BracketStyle = dataclass_field(default_factory=_round_brackets)


def register() -> None:
    """Make the list style (``bibtex_default_style``) and the in-text style
    (``bibtex_reference_style``) available to sphinxcontrib-bibtex under one name."""
    register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle, force=True)
    register_referencing_plugin("sphinxcontrib.bibtex.style.referencing", STYLE_NAME, RoundBracketReferences,
                                force=True)
