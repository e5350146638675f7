"""The book's own search: an index of every section's text, written at build time and loaded only by
the search page, where it finds words typed with or without æ, ø and å and shows each hit in context.
Sphinx's search needs to fetch the pages for its snippets, which a browser refuses for pages opened
from disk, and it matches "pådriver" only as typed."""
from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes

INDEX_NAME = "search-data.js"
SKIPPED = (nodes.raw, nodes.literal_block, nodes.comment, nodes.system_message, nodes.table)


def _text(node: nodes.Node) -> str:
    """A section's own text: its paragraphs, lists and captions, without code, tables or subsections."""
    if isinstance(node, (*SKIPPED, nodes.section, nodes.title)):
        return ""
    if isinstance(node, nodes.Text):
        return str(node)
    separator = "" if isinstance(node, (nodes.TextElement, nodes.Inline)) else " "
    return separator.join(_text(child) for child in node.children)


def sections(doctree: nodes.document) -> list[tuple[str, str, str]]:
    """(anchor, title, text) of every section of a page, in order."""
    found = []
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        text = " ".join(" ".join(_text(child) for child in section.children).split())
        if title is not None and section["ids"]:
            found.append((section["ids"][0], title.astext(), text))
    return found


def write_index(app, exception) -> None:
    """``search-data.js``: one entry per section of every page: page, anchor, titles and text."""
    if exception is not None or app.builder.format != "html":
        return
    from ..data import toc_files

    entries = []
    for docname in toc_files():
        if docname not in app.env.found_docs:
            continue
        page = app.env.titles[docname].astext()
        for number, (anchor, title, text) in enumerate(sections(app.env.get_and_resolve_doctree(docname, app.builder))):
            entries.append({"url": app.builder.get_target_uri(docname) + ("" if number == 0 else "#" + anchor),
                            "page": page, "title": title, "text": text})
    script = "window.COMPENDIUM_SEARCH = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"
    target = Path(app.outdir) / "_static" / INDEX_NAME
    if not target.is_file() or target.read_text(encoding="utf-8") != script:
        target.write_text(script, encoding="utf-8")


def on_search_page(app, pagename, templatename, context, doctree) -> None:
    """The index and the search script load on the search page only."""
    if pagename == "search":
        app.add_js_file(INDEX_NAME)
        app.add_js_file("compendium-search.js")
