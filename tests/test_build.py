"""The book builds with zero warnings, has every page, and loads nothing from the internet."""
from __future__ import annotations

import re

import pytest

from compendium.build.sphinx_ext import BUNDLE_NAME
from conftest import glued_values, toc_files

SPHINX_WARNING = re.compile(r"WARNING:|ERROR:")  # Sphinx's format; the kernel's own "WARNING |" notices are not build warnings
EXTERNAL_ASSET = re.compile(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//', re.I)


def test_build_succeeds_without_warnings(built_book):
    result, _ = built_book
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert not SPHINX_WARNING.search(output), [line for line in output.splitlines() if SPHINX_WARNING.search(line)]


@pytest.mark.parametrize("name", toc_files())
def test_every_toc_entry_has_a_page(built_book, name):
    _, html = built_book
    assert (html / f"{name}.html").is_file()


def html_pages(html):
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def test_no_page_loads_assets_from_the_internet(built_book):
    _, html = built_book
    offenders = {p.name: EXTERNAL_ASSET.findall(p.read_text(encoding="utf-8")) for p in html_pages(html)}
    assert not {k: v for k, v in offenders.items() if v}


def test_vega_bundle_is_one_static_file_linked_only_from_chart_pages(built_book):
    _, html = built_book
    bundle = html / "_static" / BUNDLE_NAME
    assert bundle.is_file() and bundle.stat().st_size > 100_000
    assert "window.vegaEmbed" in bundle.read_text(encoding="utf-8")
    for page in html_pages(html):
        text = page.read_text(encoding="utf-8")
        has_chart = 'class="compendium-chart"' in text
        assert (BUNDLE_NAME in text) == has_chart, page.name


def test_glued_numbers_come_from_the_data(built_book):
    from compendium import data

    _, html = built_book
    quality = data.load("cocops_quality").set_index(["category_id", "series"])["value"]
    page = (html / "book" / "sources" / "cocops.html").read_text(encoding="utf-8")
    pasted = glued_values(page)
    assert str(quality[("internal_vertical", "norway")]) in pasted
    assert str(quality[("internal_vertical", "all")]) in pasted
    gap = quality[("internal_horizontal", "norway")] - quality[("internal_horizontal", "all")]
    assert str(gap) in pasted


def test_glossary_page_has_an_anchor_per_term(built_book):
    from compendium import data

    _, html = built_book
    page = (html / "book" / "reference" / "glossary.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<dt id="term-', page)) == len(data.load("glossary"))


def test_markup_in_a_data_field_appears_as_text(project_copy, source_texts):
    """An HTML or script fragment typed into a text field is shown escaped, never run or rendered."""
    from conftest import rewrite_csv, run_build

    fragment = '<script>alert("x")</script><b>bold</b> {term}`pådriver` *stars*'

    def poison(rows):
        rows[0]["definition"] = fragment

    rewrite_csv(project_copy / "data" / "glossary.csv", poison)
    # A two-page book (front page and glossary) keeps the build short.
    (project_copy / "book" / "intro.md").write_text("# Front page\n", encoding="utf-8")
    (project_copy / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/reference/glossary\n", encoding="utf-8")
    # English only: the edited pages have no bokmål translation (the strict build of both would refuse them)
    result = run_build(project_copy, {"COMPENDIUM_ROOT": str(project_copy)}, "--english-only")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    page = (project_copy / "_build" / "html" / "book" / "reference" / "glossary.html").read_text(encoding="utf-8")
    assert '<script>alert("x")' not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(" in page  # the quotes inside may be typographic
    assert "&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; {term}`pådriver` *stars*" in page


def test_every_data_row_id_in_the_prose_links_to_its_anchored_row(built_book):
    """Register entries, external facts, findings and statistics named in the text are links, each to a
    page that has the row; outside links and tables, no id is left bare."""
    from compendium.build.sphinx_ext import row_pages

    _, html = built_book
    pages = row_pages()
    bare = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(pages, key=len, reverse=True))) + r")(?![\w-])")
    linked, left = 0, []
    for name in toc_files():
        text = (html / f"{name}.html").read_text(encoding="utf-8")
        article = re.search(r'<article class="bd-article".*?</article>', text, re.S).group(0)
        for href, row_id in re.findall(r'<a class="(?:row-ref|register-ref)[^"]*" href="([^"]*)#([^"]+)"', article):
            target = (html / name).parent / href if href else html / f"{name}.html"
            assert pages[row_id] in str(target.resolve()) and f'id="{row_id}"' in target.read_text(encoding="utf-8")
            linked += 1
        # links, tables, code listings, headings, and the notes of glued values (their ids are named in words)
        prose = re.sub(r'<span class="glued-source"[^>]*>[^<]*</span>', "", article)
        prose = re.sub(r"<(table|a|pre|script|h[1-6])\b.*?</\1>", "", prose, flags=re.S)
        left += [(name, m.group(0)) for m in bare.finditer(re.sub(r"<[^>]+>", " ", prose))]
    assert not left, left[:20]
    assert linked >= 300


def test_a_stylesheet_keeps_exactly_the_rules_a_page_or_script_can_use():
    """What the purge of the theme's stylesheets keeps: rules whose classes and ids are in use
    (inside media queries too), rules that need a class only inside ``:not()``, state classes that
    Bootstrap adds by name, at-rules such as fonts, and license comments."""
    from compendium.build.assets import purge

    css = ('/*! License */ .used{a:1} .unused{b:2} .used .unused,.used>p{c:3} #main:not(.gone){d:4}'
           '@media (min-width:1px){.unused{e:5}.used{f:6}} @media print{.gone{g:7}} .dropdown-menu.show{h:8}'
           '@font-face{font-family:X} a[href$=".pdf"]{i:9} /* dropped */ .used::after{content:"}"}')
    kept = purge(css, {"used", "main"})
    assert kept == ('/*! License */\n.used{a:1}\n.used>p{c:3}\n#main:not(.gone){d:4}\n'
                    '@media (min-width:1px){.used{f:6}}\n.dropdown-menu.show{h:8}\n@font-face{font-family:X}\n'
                    'a[href$=".pdf"]{i:9}\n.used::after{content:"}"}')


def test_an_icon_element_becomes_the_svg_fontawesome_would_draw():
    from compendium.build.assets import slim_page

    page = slim_page('<button><i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light"></i></button>'
                     '<script src="_static/scripts/fontawesome.js?digest=1"></script>', "test.html")
    assert "<i " not in page and "fontawesome.js" not in page
    assert page.startswith('<button><svg class="svg-inline--fa fa-sun theme-switch fa-lg" data-mode="light" '
                           'aria-hidden="true"')
    assert 'data-icon="sun"' in page and '<path fill="currentColor" d="M' in page
    with pytest.raises(ValueError, match="no FontAwesome icon"):
        slim_page('<i class="fa-solid fa-no-such-icon"></i>', "test.html")
