"""The PDF edition, in English and in bokmål, builds with XeLaTeX, keeps Norwegian letters, and holds
every chart as an image."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT, run_build, skip_or_fail

from compendium.translation import LANGUAGE


@pytest.fixture(scope="module")
def pdf(built_book):
    for tool in ("xelatex", "latexmk", "pdftotext", "pdfimages"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool} not found (Debian: texlive-xetex, latexmk, poppler-utils)", "COMPENDIUM_REQUIRE_LATEX")
    result = run_build(ROOT, {"COMPENDIUM_ROOT": str(ROOT)}, "--builder", "pdflatex")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    paths = {"en": ROOT / "_build" / "latex" / "compendium.pdf", LANGUAGE: ROOT / "_build" / "latex" / LANGUAGE / "compendium.pdf"}
    assert all(path.is_file() for path in paths.values())
    return paths


def pages_of(html, language):
    """The web pages of one edition (the bokmål one is the folder nb/)."""
    root = html / LANGUAGE if language == LANGUAGE else html
    return [page for page in root.rglob("*.html")
            if "_static" not in page.parts and (language == LANGUAGE or page.relative_to(html).parts[0] != LANGUAGE)]


def text_of(pdf):
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("language, phrases", [
    ("en", ("COCOPS", "Glossary", "Data dictionary", "samordningsstigen", "pådriver", "Difi")),
    (LANGUAGE, ("Samordning og innovasjon i norsk sentralforvaltning", "Ordliste", "Dataordbok", "samordningsstigen",
                "pådriver", "Innhold", "Figur")),
])
def test_pdf_has_the_chapters_and_norwegian_letters(pdf, language, phrases):
    text = text_of(pdf[language])
    for phrase in phrases:
        assert phrase in text, phrase
    assert "æ" in text and "ø" in text and "å" in text


@pytest.mark.parametrize("language", ["en", LANGUAGE])
def test_pdf_shows_no_python_object_in_place_of_a_table(pdf, language):
    # An output with no PDF-ready format falls back to its text repr, e.g. "<IPython.core.display.HTML object>".
    text = text_of(pdf[language])
    assert not [line for line in text.splitlines() if " object>" in line or " object at 0x" in line]


@pytest.mark.parametrize("language", ["en", LANGUAGE])
def test_pdf_holds_one_image_per_chart(pdf, built_book, language):
    _, html = built_book
    charts = sum(page.read_text(encoding="utf-8").count('class="compendium-chart"') for page in pages_of(html, language))
    listing = subprocess.run(["pdfimages", "-list", str(pdf[language])], capture_output=True, text=True,
                             check=True).stdout
    images = [line for line in listing.splitlines()[2:] if line.split()[2] == "image"]
    assert charts >= 1 and len(images) == charts


@pytest.mark.parametrize("language, kinds", [("en", "Figure|Table"), (LANGUAGE, "Figur|Tabell")])
def test_pdf_numbers_figures_and_tables_as_the_web_book_does(pdf, built_book, language, kinds):
    """Every "Figure 5.1" and "Table 1.2" caption of the web book opens a caption in the PDF, same number,
    same words (in bokmål: "Figur 5.1", "Tabell 1.2")."""
    import re
    from html import unescape

    from compendium.charts import abbreviations
    from compendium.labels import MissingLabel
    from compendium.translation import localise

    _, html = built_book
    text = " ".join(text_of(pdf[language]).split())
    captions = []
    for page in pages_of(html, language):
        # a caption's glued numbers carry a note for the web book; the PDF has the numbers only
        shown = re.sub(r'<span class="glued-source"[^>]*>[^<]*</span>', "", page.read_text(encoding="utf-8"))
        for kind, number, caption in re.findall(rf'<span class="caption-number">({kinds}) ([\d.]+) </span>'
                                                r'<span class="caption-text">(.*?)</p>', shown):
            words = " ".join(unescape(re.sub(r"<[^>]+>", "", caption)).replace("’", "'").split()[:4])
            captions.append(f"{kind} {number}: {words}")
    text = text.replace("’", "'").replace("\ufb01", "fi").replace("\ufb02", "fl")
    for name in set(abbreviations().values()):  # the PDF spells out an abbreviation's first use: "KDD (Ministry of ...)"
        try:
            shown = localise(name, language)
        except MissingLabel:
            continue  # a name no bokmål page spells out needs no wording
        text = text.replace(f" ({' '.join(shown.replace('’', chr(39)).split())})", "")
    missing = [caption for caption in captions if caption not in text]
    assert len(captions) >= 90 and not missing, missing[:10]


@pytest.mark.parametrize("language", ["en", LANGUAGE])
def test_the_web_book_holds_the_pdf_and_each_chapter_links_its_place_in_it(pdf, built_book, language):
    """`make book` (with TeX Live) puts the PDF edition of each language in its site; every page links it,
    and a chapter's pages link the PDF's destination of that chapter, which the PDF has."""
    import re

    from compendium.data import chapter_of

    _, html = built_book
    site = html / LANGUAGE if language == LANGUAGE else html
    assert (site / "compendium.pdf").read_bytes() == pdf[language].read_bytes()
    dests = subprocess.run(["pdfinfo", "-dests", str(pdf[language])], capture_output=True, text=True, check=True).stdout
    chapters = chapter_of()
    for page in site.joinpath("book").rglob("*.html"):
        name = page.relative_to(site).with_suffix("").as_posix()
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<a class="pdf-edition" href="(\.\./)*compendium\.pdf"', text), name
        if name in chapters:
            target = re.search(r'<a class="pdf-chapter" href="(?:\.\./)*compendium\.pdf#nameddest=(chapter\.\d+)"', text)
            assert target and target.group(1) == f"chapter.{chapters[name]}", name
            assert f'"{target.group(1)}"' in dests, name
