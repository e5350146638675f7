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


STORE_NAME = "compendium-search-sections.json"  # beside the doctrees: each page's sections as last written


def _entries(app, docname: str, doctree: nodes.document) -> list[dict]:
    page = app.env.titles[docname].astext()
    return [{"url": app.builder.get_target_uri(docname) + ("" if number == 0 else "#" + anchor),
             "page": page, "title": title, "text": text}
            for number, (anchor, title, text) in enumerate(sections(doctree))]


def note_sections(app, doctree, docname) -> None:
    """Keep the sections of each page the HTML build writes, taken before glued values are wrapped in
    their explanations (so the index has the numbers as the page shows them)."""
    if app.builder.format == "html":
        if not hasattr(app, "compendium_search_pages"):
            app.compendium_search_pages = {}
        app.compendium_search_pages[docname] = _entries(app, docname, doctree)


def write_index(app, exception) -> None:
    """``search-data.js``: one entry per section of every page: page, anchor, titles and text. Pages
    not written in this build keep their entries from the build that wrote them."""
    if exception is not None or app.builder.format != "html":
        return
    from ..data import toc_files

    store_path = Path(app.doctreedir) / STORE_NAME
    stored = json.loads(store_path.read_text(encoding="utf-8")) if store_path.is_file() else {}
    stored.update(getattr(app, "compendium_search_pages", {}))
    entries = []
    for docname in toc_files():
        if docname not in app.env.found_docs:
            continue
        if docname not in stored:  # never written with this store (a build from before it existed)
            stored[docname] = _entries(app, docname, app.env.get_and_resolve_doctree(docname, app.builder))
        entries += stored[docname]
    store_path.write_text(json.dumps({doc: stored[doc] for doc in toc_files() if doc in stored}), encoding="utf-8")
    script = "window.COMPENDIUM_SEARCH = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n"
    (Path(app.outdir) / "searchindex.js").unlink(missing_ok=True)  # Sphinx's, from a build before ours
    target = Path(app.outdir) / "_static" / INDEX_NAME
    if not target.is_file() or target.read_text(encoding="utf-8") != script:
        target.write_text(script, encoding="utf-8")


def skip_sphinx_index(app) -> None:
    """Sphinx's own search index is read by no page (the search page reads ours): do not build it."""
    if app.builder.format == "html" and hasattr(app.builder, "index_page"):
        app.builder.load_indexer = lambda docnames: None
        app.builder.index_page = lambda pagename, doctree, title: None
        app.builder.dump_search_index = lambda: None


def on_search_page(app, pagename, templatename, context, doctree) -> None:
    """The search script loads on the search page only; it loads the index when there is a query."""
    if pagename == "search":
        app.add_js_file("compendium-search.js")
