"""The PDF edition builds with XeLaTeX, keeps Norwegian letters, and holds every chart as an image."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT, run_build, skip_or_fail


@pytest.fixture(scope="module")
def pdf(built_book):
    for tool in ("xelatex", "latexmk", "pdftotext", "pdfimages"):
        if shutil.which(tool) is None:
            skip_or_fail(f"{tool} not found (Debian: texlive-xetex, latexmk, poppler-utils)", "COMPENDIUM_REQUIRE_LATEX")
    result = run_build(ROOT, {"COMPENDIUM_ROOT": str(ROOT)}, "--builder", "pdflatex")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    path = ROOT / "_build" / "latex" / "compendium.pdf"
    assert path.is_file()
    return path


def test_pdf_has_the_chapters_and_norwegian_letters(pdf):
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for phrase in ("COCOPS", "Glossary", "Data dictionary", "samordningsstigen", "pådriver", "Difi"):
        assert phrase in text, phrase
    assert "æ" in text and "ø" in text and "å" in text


def test_pdf_shows_no_python_object_in_place_of_a_table(pdf):
    # An output with no PDF-ready format falls back to its text repr, e.g. "<IPython.core.display.HTML object>".
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert not [line for line in text.splitlines() if " object>" in line or " object at 0x" in line]


def test_pdf_holds_one_image_per_chart(pdf, built_book):
    _, html = built_book
    charts = sum(page.read_text(encoding="utf-8").count('class="compendium-chart"')
                 for page in html.rglob("*.html") if "_static" not in page.parts)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    images = [line for line in listing.splitlines()[2:] if line.split()[2] == "image"]
    assert charts >= 1 and len(images) == charts


def test_pdf_numbers_figures_and_tables_as_the_web_book_does(pdf, built_book):
    """Every "Figure 5.1" and "Table 1.2" caption of the web book opens a caption in the PDF, same number, same words."""
    import re
    from html import unescape

    _, html = built_book
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    captions = []
    for page in html.rglob("*.html"):
        # a caption's glued numbers carry a note for the web book; the PDF has the numbers only
        shown = re.sub(r'<span class="glued-source"[^>]*>[^<]*</span>', "", page.read_text(encoding="utf-8"))
        for kind, number, caption in re.findall(r'<span class="caption-number">(Figure|Table) ([\d.]+) </span>'
                                                r'<span class="caption-text">(.*?)</p>', shown):
            words = " ".join(unescape(re.sub(r"<[^>]+>", "", caption)).replace("’", "'").split()[:4])
            captions.append(f"{kind} {number}: {words}")
    text = text.replace("’", "'").replace("\ufb01", "fi").replace("\ufb02", "fl")
    from compendium.charts import abbreviations

    for name in set(abbreviations().values()):  # the PDF spells out an abbreviation's first use: "KDD (Ministry of ...)"
        text = text.replace(f" ({' '.join(name.replace('’', chr(39)).split())})", "")
    missing = [caption for caption in captions if caption not in text]
    assert len(captions) >= 90 and not missing, missing[:10]


def test_the_web_book_holds_the_pdf_and_each_chapter_links_its_place_in_it(pdf, built_book):
    """`make book` (with TeX Live) puts the PDF edition in the site; every page links it, and a chapter's
    pages link the PDF's destination of that chapter, which the PDF has."""
    import re

    from compendium.data import chapter_of

    _, html = built_book
    assert (html / "compendium.pdf").read_bytes() == pdf.read_bytes()
    dests = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True, check=True).stdout
    chapters = chapter_of()
    for page in html.joinpath("book").rglob("*.html"):
        name = page.relative_to(html).with_suffix("").as_posix()
        text = page.read_text(encoding="utf-8")
        assert re.search(r'<a class="pdf-edition" href="(\.\./)*compendium\.pdf"', text), name
        if name in chapters:
            target = re.search(r'<a class="pdf-chapter" href="(?:\.\./)*compendium\.pdf#nameddest=(chapter\.\d+)"', text)
            assert target and target.group(1) == f"chapter.{chapters[name]}", name
            assert f'"{target.group(1)}"' in dests, name
