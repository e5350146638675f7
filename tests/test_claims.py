"""Claims: the rendered book repeats no source sentence unquoted, and computed extremes name every tie."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup, NavigableString

from compendium import chapters, data
from conftest import ROOT

RUN = 10  # words: a shared run this long is copying unless it is shown as a quotation
WORD = re.compile(r"[\wæøåÆØÅ'’-]+")
# Quotation marks that open and close a quotation; straight single quotes are left out (apostrophes).
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|‘[^’]*’")
LOCATOR = re.compile(r"\b(lines?|linje[rn]?|line \d|source \d{3})\s*\d|\b\d{3}:\d+")
SKIPPED = ("script", "style", "blockquote", "q", "code", "pre")
BLOCKS = ("p", "li", "tr", "dd", "dt", "figcaption", "caption", "h1", "h2", "h3", "h4")


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def source_runs(folder: Path) -> dict[str, str]:
    """Every run of RUN words in the source texts, mapped to the file it stands in."""
    runs: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
        text = words(path.read_text(encoding="utf-8"))
        for i in range(len(text) - RUN + 1):
            runs.setdefault(" ".join(text[i:i + RUN]), path.name)
    return runs


def unquoted_blocks(html: str):
    """The text of each block of a page's article, with quotations removed.

    A quotation is a block quote, a ``<q>``, or text in quotation marks inside a block that names its
    locator (a line number in the text, or a table row with a cell that is a bare line number);
    quotation marks without a locator do not excuse a long copied run.
    """
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article") or soup
    for tag in article.find_all(SKIPPED):
        tag.decompose()
    for block in article.find_all(BLOCKS):
        if block.find(BLOCKS):
            continue  # the innermost block speaks for itself
        text = " ".join(s for s in block.find_all(string=True) if isinstance(s, NavigableString))
        line_cell = block.name == "tr" and any(c.get_text(strip=True).isdigit() for c in block.find_all(("td", "th")))
        yield QUOTED.sub(" ", text) if line_cell or LOCATOR.search(text) else text


def copied_runs(html: str, runs: dict[str, str]) -> list[str]:
    """Runs of RUN or more words of a page that stand in a source and are not shown as quotations."""
    found = []
    for text in unquoted_blocks(html):
        tokens = words(text)
        i = 0
        while i <= len(tokens) - RUN:
            key = " ".join(tokens[i:i + RUN])
            if key in runs:
                j = i + RUN
                while j < len(tokens) and " ".join(tokens[j - RUN + 1:j + 1]) in runs:
                    j += 1
                found.append(f"{runs[key]}: {' '.join(tokens[i:j])}")
                i = j
            else:
                i += 1
    return found


@pytest.fixture(scope="module")
def runs(source_texts) -> dict[str, str]:
    return source_runs(source_texts)


def planted_sentence(source_texts: Path) -> str:
    """Twelve consecutive words of the Difi note, as they stand on one line."""
    line = next(line for line in (source_texts / "002_aa4d84dc0b32cdc6.txt").read_text(encoding="utf-8").splitlines()
                if len(line.split()) >= 14)
    return " ".join(line.split()[:12])


def test_copy_check_finds_a_planted_copy_and_accepts_it_quoted(runs, source_texts):
    sentence = planted_sentence(source_texts)
    page = "<article><p>As the note has it, {}.</p></article>"
    assert copied_runs(page.format(sentence), runs)
    assert copied_runs(page.format(f"“{sentence}”"), runs), "quotation marks without a locator are not enough"
    assert not copied_runs(page.format(f"“{sentence}” (line 12)"), runs)
    assert not copied_runs(f"<article><blockquote><p>{sentence}</p></blockquote></article>", runs)
    table = "<article><table><tr><td>{}</td><td>12</td></tr></table></article>"
    assert copied_runs(table.format(sentence), runs)
    assert not copied_runs(table.format(f"“{sentence}”"), runs)


def test_no_page_repeats_a_source_unquoted(built_book, runs):
    _, html = built_book
    pages = sorted(p for p in (html / "book").rglob("*.html")) + [html / "index.html"]
    copied = {str(p.relative_to(html)): found for p in pages if (found := copied_runs(p.read_text(encoding="utf-8"), runs))}
    assert not copied, copied


def test_extremes_name_every_tied_item():
    frame = pd.DataFrame({"group": ["Vann", "Kompetanse", "Barn"], "members": [5, 5, 9]})
    assert chapters.extremes(frame, "members", "group", largest=False) == (["Vann", "Kompetanse"], 5)
    assert chapters.extremes(frame, "members", "group") == (["Barn"], 9)
    assert chapters.and_list(["Vann", "Kompetanse"]) == "Vann and Kompetanse"


def test_smallest_core_group_sentence_names_every_tied_group(built_book):
    _, html = built_book
    members = data.load("core_group_members").groupby("group_id").size()
    groups = data.load("core_groups").set_index("group_id")
    smallest = groups.loc[members[members == members.min()].index]
    page = BeautifulSoup((html / "book" / "analyses" / "roles-and-ladder" / "roles-core-groups.html").read_text(encoding="utf-8"),
                         "html.parser")
    sentences = [p.get_text(" ") for p in page.find_all("p") if "smallest" in p.get_text()]
    assert sentences, "the roles chapter no longer names its smallest core group"
    for name in smallest.iloc[:, 0]:
        assert any(name in s for s in sentences), (name, sentences)


CODE_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
PLAIN_ENTRY = re.compile(r"(?<![\w`{/#-])d\d{3}(?![\w-])")


@pytest.mark.parametrize("page", sorted((ROOT / "book").rglob("*.md")), ids=lambda p: p.name)
def test_register_entries_in_the_prose_are_links(page):
    prose = CODE_FENCE.sub("", page.read_text(encoding="utf-8"))
    outside_code = re.sub(r"`[^`]*`", "", prose)
    assert not PLAIN_ENTRY.findall(outside_code), "write register entries as {disc}`dNNN` so they link"


def test_a_page_lists_exactly_the_register_entries_its_prose_names(built_book):
    _, html = built_book
    page = BeautifulSoup((html / "book" / "analyses" / "nordic.html").read_text(encoding="utf-8"), "html.parser")
    named = list(dict.fromkeys(a.get_text() for a in page.select("a.register-ref")))
    listed = [row.find("td").get_text(strip=True) for row in page.select("table.discrepancy-table tbody tr")]
    assert named and listed == named
    assert all(a["href"].split("#")[1] == a.get_text() for a in page.select("a.register-ref"))
