"""The readers' edition, as built: findings first, pages one can finish, a glossary that explains and
points to its uses, and a search index for the search page."""
from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from conftest import toc_files

BOILERPLATE = ("What you will learn", "Before you start", "What's next")
REFERENCE = "book/reference/"


def soup(html, name):
    return BeautifulSoup((html / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def prose_words(page) -> int:
    """Words of running text in a page's article: without tables, code, figures and folded boxes."""
    article = page.select_one("article")
    for node in article.select("table, pre, .cell_input, script, style, details, figure, .page-tools"):
        node.decompose()
    return len(article.get_text(" ").split())


def test_every_chapter_opens_with_its_key_findings(built_book):
    """On every chapter's landing page, the first thing after the title (and its Cite box and page
    tools) is a Key findings box of 3-5 points, each with a glued figure or a link to where it is argued."""
    from compendium.data import toc_chapters

    _, html = built_book
    landing = [pages[0] for pages in toc_chapters() if not pages[0].startswith(REFERENCE) and pages[0] != "book/brief"]
    assert len(landing) == 9
    for name in landing:
        section = soup(html, name).select_one("article section")
        first = next(child for child in section.children if getattr(child, "name", None)
                     and child.name != "h1" and "cite-this-page" not in child.get("class", [])
                     and "page-tools" not in child.get("class", []) and child.name != "script")
        assert "key-findings" in first.get("class", []), (name, str(first)[:200])
        points = first.select("li")
        assert 3 <= len(points) <= 5, (name, len(points))
        for point in points:
            assert point.select("a.reference"), (name, point.get_text()[:80])


def test_the_front_page_and_the_brief_open_with_the_same_key_findings(built_book):
    _, html = built_book
    findings = []
    for name in ("book/intro", "book/brief"):
        page = soup(html, name)
        points = page.select_one("section#key-findings").select("li")
        assert 5 <= len(points) <= 8, name
        assert all(point.select(".pasted-text, a.glued, .glued") or "our reading" in point.get_text() for point in points)
        for note in page.select("span.glued-source"):
            note.decompose()
        findings.append([" ".join(point.get_text("").split()) for point in points])
    assert findings[0] == findings[1]
    assert soup(html, "book/intro").select_one("a[href$='brief.html']")


def test_no_page_repeats_the_old_boilerplate_and_no_chapter_page_runs_past_4000_words(built_book):
    _, html = built_book
    lengths = {}
    for name in toc_files():
        page = soup(html, name)
        text = page.select_one("article").get_text(" ")
        assert not [phrase for phrase in BOILERPLATE if phrase in text], name
        if not name.startswith(REFERENCE):
            lengths[name] = prose_words(page)
    assert max(lengths.values()) <= 4000, sorted(lengths.items(), key=lambda item: -item[1])[:3]
    assert len(lengths) >= 30


def test_the_glossary_has_an_a_to_z_index_examples_and_the_pages_that_use_each_term(built_book):
    _, html = built_book
    page = soup(html, "book/reference/glossary")
    letters = page.select("a[href^='#glossary-letter-']")
    assert len(letters) >= 20 and all(page.find(id=a["href"][1:]) for a in letters)
    for term in ("pådriver", "interesseavveier", "systemforvalter", "samordningsstigen", "gjenstridige problemer"):
        entry = next(dt for dt in page.select("dt") if dt.get_text(strip=True).rstrip("#").casefold() == term)
        definition = entry.find_next_sibling("dd")
        assert "Example:" in definition.get_text(), term
        uses = definition.select_one("p.term-uses")
        assert uses and uses.select("a[href$='.html']"), term


def test_the_search_index_holds_every_section_once_and_no_code(built_book):
    _, html = built_book
    text = (html / "_static" / "search-data.js").read_text(encoding="utf-8")
    entries = json.loads(text[text.index("["):text.rindex("]") + 1])
    assert len({entry["url"] for entry in entries}) == len(entries) >= 150
    assert {entry["url"].split("#")[0] for entry in entries} >= {f"{name}.html" for name in toc_files()}
    joined = " ".join(entry["text"] for entry in entries)
    assert "glue(" not in joined and "import " not in joined and "pådriver" in joined
    assert not re.search(r"\b(that|and|about|only) per cent\b", joined), "a glued number is missing from the index"
    assert not re.search(r"\bfig-[a-z]+-[a-z-]+\b", joined), "a cross-reference was indexed unresolved"
    for name in toc_files():
        assert "search-data.js" not in (html / f"{name}.html").read_text(encoding="utf-8"), name


def test_every_page_spells_out_an_abbreviation_where_it_first_uses_it(built_book):
    """The first use of a ministry's or agency's abbreviation on a page is an <abbr> with its name, or a
    link to its glossary entry; later uses may stand alone."""
    from compendium.charts import abbreviation_pattern, abbreviations

    _, html = built_book
    names, pattern = abbreviations(), abbreviation_pattern()
    spelled = 0
    for name in toc_files():
        if name == "book/reference/glossary":
            continue
        article = soup(html, name).select_one("article")
        for node in article.select("table, pre, script, style, details, .cell_input, h1, h2, h3, h4, code, "
                                   "span.glued-source, .page-tools"):
            node.decompose()
        seen = set()
        for text in article.find_all(string=pattern):
            explained = text.find_parent("abbr") is not None or text.find_parent("a", href=re.compile("glossary"))
            for short in pattern.findall(text):
                if short not in seen:
                    seen.add(short)
                    assert explained, (name, short, str(text)[:80])
                    if text.find_parent("abbr") is not None:
                        assert text.find_parent("abbr")["title"] == names[short], (name, short)
                        spelled += 1
    assert spelled >= 50
