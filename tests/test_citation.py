"""CITATION.cff is valid, and every content page carries its "Cite this page" block."""
from __future__ import annotations

import json
import re

import jsonschema
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


def test_every_content_page_has_the_cite_block_with_its_own_title(built_book):
    _, html = built_book
    meta = citation.metadata()
    for name in toc_files():
        page = (html / f"{name}.html").read_text(encoding="utf-8")
        block = re.search(r'<section class="cite-this-page".*?</section>', page, re.S)
        assert block, name
        assert meta["title"] in block.group(0) and str(meta["version"]) in block.group(0), name
        title = re.search(r"<title>(.*?) &#8212;", page).group(1)
        assert title.split("&")[0].strip() in block.group(0), name
