"""Numbered tables, and glued numbers that say where they come from (issue 18): in the built book
every data table is a numbered table of its chapter, and every glued number is explained."""
from __future__ import annotations

import re
from html import unescape

from compendium.build import derivations
from compendium.translation import is_number
from conftest import toc_files

# The classes of the book's data tables (compendium.tables), less the rows under a chart, which sit in
# its figure's panel. The data dictionary's column lists ("dictionary-fields"), one under each table's own
# heading, describe the package rather than hold data, and are not numbered.
DATA_TABLE = re.compile(r'<table class="(?!figure-table figure-data-table)'
                        r'(?:figure-table|discrepancy-table|source-record|dictionary-overview)\b')


def numbered_tables(page: str):
    """(anchor, number, inner HTML) of each numbered table on a page."""
    return re.findall(r'<figure class="data-table[^"]*" id="(tbl-[a-z0-9-]+)">\s*<figcaption>\s*<p><span '
                      r'class="caption-number">Table ([\d.]+) </span>(.*?)</figure>', page, re.S)


def test_every_data_table_is_a_numbered_table_of_its_chapter(built_book):
    """Tables are numbered by chapter, on through a chapter's section pages in reading order."""
    from compendium.data import toc_chapters

    _, html = built_book
    total = 0
    for number, pages in enumerate(toc_chapters(), start=1):
        numbers = []
        for name in pages:
            page = (html / f"{name}.html").read_text(encoding="utf-8")
            tables = numbered_tables(page)
            inside = sum(len(DATA_TABLE.findall(body)) for _, _, body in tables)
            shown = len(DATA_TABLE.findall(page))
            assert inside == shown, f"{name}: {shown - inside} data table(s) without a number"
            numbers += [found for _, found, _ in tables]
            for anchor, _, body in tables:
                caption = re.sub(r"<[^>]+>", "", body.split("</figcaption>")[0]).strip()
                assert len(caption.split()) >= 8, (name, anchor, caption)
        assert numbers == [f"{number}.{k}" for k in range(1, len(numbers) + 1)], (pages[0], numbers)
        total += len(numbers)
    assert total >= 60


def test_prose_refers_to_tables_by_number(built_book):
    _, html = built_book
    for name in toc_files():
        page = (html / f"{name}.html").read_text(encoding="utf-8")
        assert not re.search(r"\b[Tt]he tables? (below|above)\b", re.sub(r"<[^>]+>", " ", page)), name
        for anchor, number in re.findall(r'href="#(tbl-[a-z0-9-]+)"><span class="std std-numref">Table ([\d.]+)', page):
            assert (anchor, number) in [(a, n) for a, n, _ in numbered_tables(page)], (name, anchor)


def test_every_glued_number_says_where_it_comes_from(built_book):
    """No page pastes a bare number: each is a data row's value (a link to its row) or a computed value
    with the notebook cell that computed it."""
    _, html = built_book
    rows = computed = 0
    for name in toc_files():
        page = (html / f"{name}.html").read_text(encoding="utf-8")
        bare = [v for v in re.findall(r'<span class="pasted-text">([^<]*)</span>', page) if is_number(v)]
        assert not bare, (name, bare[:10])
        rows += page.count('<a class="glued"')
        for note in re.findall(r'<span class="glued computed"[^>]*>[^<]*<span class="glued-source"[^>]*>([^<]*)<', page):
            assert re.match(r"Ours, computed by cell \d+ of this page's notebook", unescape(note)), note
            computed += 1
    assert rows >= 300 and computed >= 300, (rows, computed)


def test_a_derivation_names_the_cell_the_expression_and_the_rows_it_reads():
    cell = {"cell_type": "code",
            "source": 'a, b = S.loc["meld30-162-b", "value"], S.loc["meld30-162-a", "value"]\n'
                      'glue("gap", a - b, display=False)\n'
                      'for theme in THEMES:\n    glue(f"n_th_{theme}", count(theme), display=False)\n',
            "outputs": [{"metadata": {"scrapbook": {"name": key}}} for key in ("gap", "n_th_budget")]}
    found = derivations.derivations({"cells": [{"cell_type": "code", "source": "", "outputs": []}, cell]},
                                    {"meld30-162-a", "meld30-162-b", "x05"})
    assert found["gap"] == derivations.Derivation(2, "a - b", ("meld30-162-a", "meld30-162-b"))
    later = {"cell_type": "code", "source": 'glue("a_again", a)', "outputs": [{"metadata": {"scrapbook": {"name": "a_again"}}}]}
    again = derivations.derivations({"cells": [cell, later]}, set())["a_again"]
    assert again.expression == 'a = S.loc["meld30-162-b", "value"]' and again.cell == 2
    assert found["n_th_budget"].expression == "count(theme)"
    assert found["gap"].sentence() == ("Ours, computed by cell 2 of this page's notebook: a - b. The cell reads "
                                       "data rows meld30-162-a, meld30-162-b.")
