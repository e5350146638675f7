"""The shared blocks of the source chapters show the data package faithfully."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from compendium import chapters, data, glossary
from compendium.tables import markdown_cell
from conftest import ROOT

SOURCE_IDS = list(data.load("sources")["source_id"])


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_record_shows_title_author_and_text_edition(source_id):
    row = chapters.source(source_id)
    html = chapters.record(source_id)._repr_html_()
    for value in (row["title"], row["file"]):
        assert value.replace("&", "&amp;").replace('"', "&quot;") in html or value in html


@pytest.mark.parametrize("source_id", SOURCE_IDS)
def test_discrepancy_table_has_one_row_per_register_entry(source_id):
    html = chapters.discrepancy_table(source_id)._repr_html_()
    expected = set(chapters.discrepancies(source_id)["disc_id"])
    assert set(re.findall(r'<tr id="(d\d+)">', html)) == expected


def test_every_register_entry_appears_in_some_source_chapter():
    register = set(data.load("discrepancies")["disc_id"])
    shown = set().union(*(set(chapters.discrepancies(s)["disc_id"]) for s in SOURCE_IDS))
    assert register == shown


def test_unknown_source_is_named_in_the_error():
    with pytest.raises(KeyError, match="no-such-source"):
        chapters.source("no-such-source")


def test_citation_names_the_bibtex_key_and_the_chapter_by_its_own_title_and_path():
    text = chapters.how_to_cite("difi2017").data
    title = (ROOT / "book" / "sources" / "difi-2017.md").read_text(encoding="utf-8").split("\n# ", 1)[1].split("\n")[0]
    assert "{cite:t}`difi2017samordning`" in text and "book/sources/difi-2017.html" in text and title in text


def test_every_source_names_a_chapter_that_exists():
    for page in data.load("sources")["chapter"]:
        assert chapters.page_title(page), page


def test_statistics_values_glue_as_whole_numbers_when_whole():
    assert repr(chapters.number(62.0)) == "62" and chapters.number(4.5) == 4.5


def test_glossary_directive_has_every_term_once():
    table = glossary.entries()
    text = glossary.directive(table).data
    terms = [line for line in text.splitlines()[1:-1] if line and not line.startswith((" ", "`"))]
    assert sorted(terms) == sorted(markdown_cell(term) for term in data.load("glossary")["term"])


def test_glued_phrases_read_without_quotation_marks():
    assert repr(chapters.Words("Finland and Denmark")) == "Finland and Denmark"


def test_tables_escape_markup_in_both_editions():
    import pandas as pd

    from compendium.tables import Table

    shown = Table(pd.DataFrame({"Text": ["<script>alert(1)</script> | *bold* {term}`x`"]}))
    html, markdown = shown._repr_html_(), shown._repr_markdown_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    body = markdown.splitlines()[2]
    assert body.count("|") - body.count("\\|") == 2  # only the row's own delimiters
    assert "\\*bold\\*" in markdown and "\\{term\\}" in markdown


def test_record_links_the_public_edition():
    html = chapters.record("meld30")._repr_html_()
    assert '<a href="https://www.regjeringen.no/' in html
    assert "(<https://www.regjeringen.no/" in chapters.record("meld30")._repr_markdown_()


def test_register_frame_keeps_the_order_given_and_refuses_unknown_entries():
    frame = chapters.register_frame(["d016", "d001"])
    assert list(frame["Entry"]) == ["d016", "d001"]
    assert "source 001, line" in frame["Where"].iloc[0] and "external fact x30" in frame["Where"].iloc[1]
    with pytest.raises(KeyError, match="d999"):
        chapters.register_frame(["d999"])


def test_source_wording_is_set_in_quotation_marks_in_both_editions():
    import pandas as pd

    from compendium.tables import table

    frame = pd.DataFrame({"evidence": ["kan hemme samordning"], "label": ["Intern vertikal"], "note": ["ours"]})
    shown = table(frame, {"evidence": "Evidence", "label": "On the slide", "note": "Note"}, quoted=["label"])
    html = shown._repr_html_()
    assert ('<td data-label="Evidence">“kan hemme samordning”</td><td data-label="On the slide">“Intern vertikal”</td>'
            '<td data-label="Note">ours</td>') in html
    assert "“kan hemme samordning”" in shown._repr_markdown_()


def test_small_counts_read_as_words_and_large_ones_as_digits():
    assert [chapters.in_words(n) for n in (0, 1, 13, 20)] == ["no", "one", "thirteen", "twenty"]
    assert chapters.in_words(4500) == "4,500"


def test_fill_takes_figures_from_their_rows():
    stats = data.load("statistics").set_index("stat_id")
    stat_id = stats.index[0]
    survey = data.load("statistics").dropna(subset=["survey_id"]).query("survey_id != ''")["survey_id"].iloc[0]
    total = data.load("statistics").query("survey_id == @survey")["value"].sum()
    text = chapters.fill(pd.Series([f"{{{stat_id}}} and {{sum:{survey}}} of {{rows:sources}}"]))[0]
    assert text == (f"{chapters.number(stats.loc[stat_id, 'value']):,} and {chapters.number(total):,} "
                    f"of {data.row_count('sources')}")


def test_fill_names_an_unknown_row():
    with pytest.raises(KeyError, match="no-such-row"):
        chapters.fill(pd.Series(["{no-such-row} answered"]))
