"""CITATION.cff is valid, and every content page carries its "Cite this page" block."""
from __future__ import annotations

import json
import re
from html import unescape

import jsonschema
import pytest
import yaml

from compendium import citation
from conftest import ROOT, toc_files

SCHEMA = ROOT / "tests" / "schemas" / "citation-cff-1.2.0.json"


def cff() -> dict:
    # CFF dates are strings to the schema; YAML would read them as dates.
    return json.loads(json.dumps(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")), default=str))


def test_citation_file_is_valid_cff_1_2_0():
    jsonschema.validate(cff(), json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_the_schema_check_rejects_a_broken_citation_file():
    broken = dict(cff())
    del broken["authors"]
    try:
        jsonschema.validate(broken, json.loads(SCHEMA.read_text(encoding="utf-8")))
    except jsonschema.ValidationError as error:
        assert "authors" in error.message
    else:
        raise AssertionError("a citation file without authors passed the schema")


def test_bibtex_entry_is_balanced_and_keyed_by_page():
    entry = citation.bibtex(citation.metadata(), "book/sources/difi-2017", "A {title}", "x.html")
    assert entry.startswith("@incollection{compendium2026_book_sources_difi_2017,")
    assert entry.count("{") == entry.count("}")


def test_every_content_page_has_the_cite_box_under_its_title_and_citation_meta_tags(built_book):
    _, html = built_book
    meta = citation.metadata()
    for name in toc_files():
        page = (html / f"{name}.html").read_text(encoding="utf-8")
        under_title = re.split(r'</h1>\s*(?=<details class="cite-this-page")', page, maxsplit=1)
        assert len(under_title) == 2, name
        box = under_title[1][:under_title[1].index("</details>")]
        forms = re.findall(r'<pre class="citation-text citation-(\w+)">(.*?)</pre>', box, re.S)
        assert [form for form, _ in forms] == ["apa", "chicago", "bibtex"], name
        title = re.search(r"<title>(.*?) &#8212;", page).group(1)
        for _, text in forms:
            assert meta["title"] in text and str(meta["version"]) in text, name
            assert unescape(title) in unescape(text), name
            assert f"{name}.html" in text, name
        assert box.count('class="copy-citation"') == 3, name
        tags = dict(re.findall(r'<meta name="(citation_\w+)" content="([^"]*)"', page))
        assert unescape(tags["citation_title"]) == unescape(title), name
        assert tags["citation_inbook_title"] == meta["title"] and tags["citation_author"] == citation.authors(meta)
        assert tags["citation_publication_date"] == str(meta["date-released"]).replace("-", "/")


def test_with_a_published_address_every_form_and_tag_gives_the_absolute_url():
    meta = dict(citation.metadata(), url="https://books.example/compendium/")
    base = citation.base_url(meta)
    block = citation.block_html(meta, "book/synthesis", "Synthesis", base, [("Summary", "summary")])
    address = "https://books.example/compendium/book/synthesis.html"
    forms = re.findall(r'<pre class="citation-text citation-\w+">(.*?)</pre>', block, re.S)
    assert len(forms) == 3 and all(address in form for form in forms)
    assert f"{address}#summary" in block
    assert f'name="citation_public_url" content="{address}"' in citation.meta_tags(meta, "Synthesis", address)


def test_the_address_is_set_in_one_place():
    """html_baseurl comes from CITATION.cff; a different one in _config.yml stops the build."""
    from types import SimpleNamespace

    from sphinx.errors import ExtensionError

    from compendium.build.sphinx_ext import _published_address

    config = SimpleNamespace(html_baseurl="")
    _published_address(None, config)
    assert config.html_baseurl == citation.base_url(citation.metadata())
    with pytest.raises(ExtensionError, match="CITATION.cff"):
        _published_address(None, SimpleNamespace(html_baseurl="https://elsewhere.example/"))


def test_citations_in_the_text_and_the_reference_list_are_author_year(built_book):
    _, html = built_book
    front = (html / "book" / "intro.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="citation" id="[^"]+" role="listitem">\s*<p>(.*?)</p>', front, re.S)
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    assert len(entries) == bib.count("\n@")+ bib.startswith("@")
    starts = [re.sub(r"<[^>]+>", "", entry).split(" (")[0] for entry in entries]
    assert starts == sorted(starts, key=str.lower) and all(re.search(r"\(\d{4}\)\.", e) for e in entries)
    assert '<span class="label">' not in front.split('id="references"')[1]
    cited = 0
    for name in toc_files():
        page = (html / f"{name}.html").read_text(encoding="utf-8")
        for text in re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>', page, re.S):
            plain = unescape(re.sub(r"<[^>]+>", "", text))
            assert re.fullmatch(r"\([^()]+, \d{4}\)|.+ \(\d{4}\)", plain), (name, plain)
            cited += 1
    assert cited >= 30
