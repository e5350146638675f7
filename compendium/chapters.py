"""Shared pieces of the source chapters: the record, glued figures, limits, citation.

Every source chapter opens with the document's bibliographic record, glues its
figures into the prose by ``stat_id``, closes with the discrepancies that touch
it and with how to cite it. These functions keep those blocks identical across
chapters, and keep every value they show tied to a row of the data package.
"""
from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

from . import citation, data
from .tables import Table

GENRES = {
    "expert_assessment": "expert assessment (country report of an international index)",
    "slides": "presentation slides reporting a survey",
    "review_note": "review note by a government agency of its own projects",
    "white_paper": "white paper (report to the Storting)",
    "evaluation": "evaluation report by a government agency (appendices)",
}
EDITIONS = {
    "document": "{url}",
    "publisher_site": "published by its publisher ({url}); no stable address of the document itself is recorded",
    "none": "no public edition is known; the book reads a plain-text copy",
}
LANGUAGES = {"en": "English", "no": "Norwegian (bokmål)"}
KINDS = {
    "lost_in_conversion": "lost in the text edition",
    "cross_source_conflict": "sources disagree",
    "internal_contradiction": "contradicts itself",
    "ambiguous": "ambiguous",
    "unverifiable": "cannot be checked",
    "arithmetic": "does not add up",
}


def source(source_id: str) -> pd.Series:
    """One row of the ``sources`` table."""
    table = data.load("sources").set_index("source_id")
    if source_id not in table.index:
        raise KeyError(f"no source '{source_id}' in data/sources.csv")
    return table.loc[source_id]


def record(source_id: str) -> Table:
    """The bibliographic record of a source as a two-column table."""
    row = source(source_id)
    items = [
        ("Title", row["title"], ""),
        ("Author", row["author"], ""),
        ("Publisher", row["publisher"] or "not stated", ""),
        ("Year", str(row["year"]) + (f" ({row['date']})" if row["date"] else ""), ""),
        ("Series", row["series"] or "none", ""),
        ("Language", LANGUAGES.get(row["language"], row["language"]), ""),
        ("Kind of evidence", GENRES.get(row["genre"], row["genre"].replace("_", " ")), ""),
        ("Public edition", EDITIONS[row["url_kind"]].format(url=row["url"]), row["url"]),
        ("Text edition used", f"source {row['number']}, file {row['file']}", ""),
        ("Note", row["note"], ""),
    ]
    frame = pd.DataFrame(items, columns=["Field", "Value", "url"])
    return Table(frame, classes="source-record", links={"Value": "url"}, header=False)


def statistics(source_id: str) -> pd.DataFrame:
    """The statistics a source states, in the order of its lines."""
    stats = data.load("statistics")
    return stats[stats["source_id"] == source_id].sort_values(["locator", "stat_id"]).reset_index(drop=True)


def number(value):
    """A value as an int when it is whole, so that glued text reads '62', not '62.0'."""
    value = float(value)
    return int(value) if value.is_integer() else value


def glue_statistics(frame: pd.DataFrame) -> None:
    """Glue every value of a statistics frame under its ``stat_id`` (format in the prose:
    ``{glue:text}`stat_id:,```)."""
    from myst_nb import glue

    for stat_id, value in zip(frame["stat_id"], frame["value"]):
        glue(stat_id, number(value), display=False)


PLACEHOLDER = re.compile(r"\{(?:(sum|rows):)?([A-Za-z0-9_-]+)(?::([a-z_]+)=([A-Za-z0-9_-]+))?\}")


def fill(templates: pd.Series) -> pd.Series:
    """A column of a data table's text with its figures filled in from the data package: ``{stat_id}``
    or ``{fact_id}`` becomes that row's value ('4,500'), ``{sum:survey_id}`` the sum of a survey's
    statistics, ``{rows:table}`` or ``{rows:table:column=value}`` a count of rows.
    An unknown id raises KeyError naming it."""
    stats = data.load("statistics")
    values = pd.concat([stats.set_index("stat_id")["value"], data.load("external_facts").set_index("fact_id")["value"]])

    def figure(match: re.Match, template: str) -> str:
        verb, key, column, wanted = match.groups()
        if verb == "rows":
            rows = data.load(key)
            return str(len(rows) if column is None else int((rows[column] == wanted).sum()))
        if verb == "sum":
            if key not in set(stats["survey_id"]):
                raise KeyError(f"{template!r} names survey {key!r}, which has no statistics")
            return f"{number(stats.loc[stats['survey_id'] == key, 'value'].sum()):,}"
        if key not in values:
            raise KeyError(f"{template!r} names {key!r}, which is not in the data package")
        return f"{number(values[key]):,}"

    def filled(template):
        return PLACEHOLDER.sub(lambda match: figure(match, template), template) if isinstance(template, str) else template

    return templates.map(filled)


QUALIFIER_WORDS = {"exact": "", "about": "about ", "almost": "almost ", "more_than": "more than ",
                   "less_than": "less than ", "at_least": "at least ", "up_to": "up to ",
                   "range_low": "from ", "range_high": "to "}


def hedge(qualifier: str) -> str:
    """The words a source puts before a figure for its qualifier ('about ', 'more than ', or nothing)."""
    return QUALIFIER_WORDS[qualifier]


def hedged(value, qualifier: str) -> str:
    """A figure as the source hedges it: 'about 60', 'more than 120', '4,500'."""
    return hedge(qualifier) + f"{number(value):,}"


class Words:
    """A glued string that reads without quotation marks in ``{glue:text}``."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def glue_text(name: str, text: str) -> None:
    """Glue a phrase computed from the data (a list of names, a band) for use in the prose."""
    from myst_nb import glue

    glue(name, Words(text), display=False)


def and_list(items) -> str:
    """Names joined for prose: 'A', 'A and B', 'A, B and C'."""
    items = [str(item) for item in items]
    if not items:
        raise ValueError("and_list needs at least one item")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


def in_words(count: int) -> str:
    """A small count as a word for prose ('no', 'one' … 'twenty'); larger counts stay in digits."""
    count = int(count)
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else f"{count:,}"


def extremes(frame: pd.DataFrame, by: str, label: str, largest: bool = True) -> tuple[list, object]:
    """Every item tied for the largest (or smallest) value of ``by``, and that value.

    A sentence about "the largest" or "the smallest" must name all tied items, never the first of a tie.
    """
    if frame.empty:
        raise ValueError(f"no rows to find the {'largest' if largest else 'smallest'} '{by}' in")
    best = frame[by].max() if largest else frame[by].min()
    return list(frame.loc[frame[by] == best, label]), number(best)


def discrepancies(source_id: str) -> pd.DataFrame:
    """Entries of the discrepancy register in which the source is either side."""
    register = data.load("discrepancies")
    mask = (register["source_id"] == source_id) | (register["other_source_id"] == source_id)
    return register[mask].reset_index(drop=True)


def _where(row: pd.Series, source_id: str | None, numbers: pd.Series) -> str:
    """Where an entry stands: 'line L' in the chapter's own source, 'source 00N, line L' elsewhere."""
    sides = [(row["source_id"], row["locator"], row["evidence"]),
             (row["other_source_id"], row["other_locator"], row["other_evidence"])]
    parts = []
    for side_source, locator, evidence in sides:
        if pd.isna(side_source) or not side_source:
            continue
        if side_source == "external":  # an external side names the fact_id as its evidence
            parts.append(f"external fact {evidence}")
        elif side_source == source_id:
            parts.append(f"line {locator}")
        else:
            parts.append(f"source {numbers[side_source]}, line {locator}")
    return "; ".join(parts)


def _register_rows(frame: pd.DataFrame, source_id: str | None) -> Table:
    numbers = data.load("sources").set_index("source_id")["number"]
    shown = pd.DataFrame({
        "Entry": frame["disc_id"],
        "Where": [_where(r, source_id, numbers) for _, r in frame.iterrows()],
        "Kind": [KINDS.get(k, k.replace("_", " ")) for k in frame["kind"]],
        "What": frame["description"],
        "How the book handles it": frame["handling"],
        "anchor": frame["disc_id"],
    })
    return Table(shown, classes="discrepancy-table", row_ids="anchor")


def discrepancy_table(source_id: str, topics: list[str] | None = None) -> Table:
    """The register's entries for a source: where, kind, what, and how the book handles it."""
    frame = discrepancies(source_id)
    if topics is not None:
        frame = frame[frame["topic"].isin(topics)]
    return _register_rows(frame, source_id)


def register_frame(disc_ids: list[str]) -> pd.DataFrame:
    """The register entries a page names, in the order given, as the register tables show them."""
    register = data.load("discrepancies").set_index("disc_id")
    missing = [d for d in disc_ids if d not in register.index]
    if missing:
        raise KeyError(f"register entries {missing} are not in data/discrepancies.csv")
    return _register_rows(register.loc[list(disc_ids)].reset_index(), None).frame.drop(columns="anchor")


def page_title(page: str) -> str:
    """The first heading of a page of the book (``page`` as in ``_toc.yml``, without ``.md``)."""
    fenced = False
    for line in (data.project_root() / f"{page}.md").read_text(encoding="utf-8").splitlines():
        fenced = fenced != line.startswith("```")
        if not fenced and line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{page}.md has no title (a line starting with '# ')")


def how_to_cite(source_id: str) -> Markdown:
    """How to cite the document itself and this book's chapter on it (the chapter named in
    ``sources.chapter``, with its own title; citation data from CITATION.cff)."""
    row = source(source_id)
    meta = citation.metadata()
    chapter = citation.apa(meta, page_title(row["chapter"]), citation.page_url(citation.base_url(meta), row["chapter"]))
    return Markdown(
        f"**The document.** Cite the original, not this summary, for what it says: "
        f"{{cite:t}}`{row['bibtex_key']}` (full entry in the references on the front page). "
        f"Give page or section numbers from the published edition; the line numbers used in this book "
        f"refer to its plain-text edition (`{row['file']}`).\n\n"
        f"**This chapter.** {chapter} The \"Cite this page\" box under the page's title gives this in APA, "
        f"Chicago and BibTeX forms, each with a copy button, and the address of each section. Each figure's "
        f"\"Data, sources and citation\" panel does the same for the figure."
    )
