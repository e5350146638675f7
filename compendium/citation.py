"""Citation data from ``CITATION.cff``, the "Cite this page" block of every page, and the citation of
each figure (its number and the page's address are filled in when the page is written).

The block (short citation, BibTeX entry, and one link per section) is generated
at build time from ``CITATION.cff`` and the page's own title and headings, so no
page carries pasted citation text. Set ``html_baseurl`` in ``_config.yml``
(``sphinx.config``) when the book is published to give full URLs.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape
from pathlib import Path

import yaml

from .data import project_root

CFF_FILE = "CITATION.cff"


@lru_cache(maxsize=None)
def _metadata(path: Path, mtime: float) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def metadata() -> dict:
    """The parsed ``CITATION.cff`` of the project."""
    path = project_root() / CFF_FILE
    return _metadata(path, path.stat().st_mtime)


def authors(meta: dict) -> str:
    """Authors as a citation writes them: entity names, or 'Family, G.' for persons."""
    names = []
    for person in meta["authors"]:
        if "name" in person:
            names.append(person["name"])
        else:
            names.append(f"{person['family-names']}, {person.get('given-names', '')[:1]}.".rstrip(", ."))
    return "; ".join(names)


def year(meta: dict) -> str:
    return str(meta["date-released"])[:4]


def page_url(base: str, pagename: str, anchor: str = "") -> str:
    """A page's URL under the published base, or its path inside the book if none is set."""
    path = f"{pagename}.html" + (f"#{anchor}" if anchor else "")
    return f"{base.rstrip('/')}/{path}" if base else path


def bibtex_key(pagename: str, meta: dict) -> str:
    return "compendium" + year(meta) + "_" + re.sub(r"[^a-z0-9]+", "_", pagename.lower()).strip("_")


def short_citation(meta: dict, page_title: str, url: str) -> str:
    return (f"{authors(meta)} ({year(meta)}). \u201c{page_title}.\u201d In {meta['title']}, "
            f"version {meta['version']}. {url}")


def _bibtex_entry(kind: str, key: str, meta: dict, title: str, url: str) -> str:
    fields = [
        ("author", "{" + authors(meta) + "}"),
        ("title", title),
        ("booktitle", meta["title"]),
        ("year", year(meta)),
        ("version", str(meta["version"])),
        ("url", url),
    ]
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def bibtex(meta: dict, pagename: str, page_title: str, url: str) -> str:
    return _bibtex_entry("incollection", bibtex_key(pagename, meta), meta, page_title, url)


FIGURE_NUMBER = "%%FIGURE-NUMBER:{}%%"  # the Sphinx extension writes the figure's number here
PAGE_URL = "%%PAGE-URL%%"  # and the page's address here


def figure_citation(meta: dict, name: str, title: str) -> tuple[str, str]:
    """A figure's reference-list form and BibTeX entry, with its number and the page's address
    left as placeholders for the build (see :func:`fill_figure_placeholders`)."""
    label = f"Figure {FIGURE_NUMBER.format(name)}: {title.rstrip('.')}"
    url = f"{PAGE_URL}#{name}"
    key = "compendium" + year(meta) + "_" + name.replace("-", "_")
    return short_citation(meta, label, url), _bibtex_entry("misc", key, meta, label, url)


def fill_figure_placeholders(html: str, numbers: dict, url: str) -> str:
    """The page's HTML with each figure's number and the page's address in its citation."""
    for name, number in numbers.items():
        html = html.replace(FIGURE_NUMBER.format(name), ".".join(map(str, number)))
    return html.replace(PAGE_URL, url)


def _sections(doctree) -> list[tuple[str, str]]:
    """(title, anchor) of the second-level sections of a page."""
    from docutils import nodes

    found = []
    for section in doctree.findall(nodes.section):
        parent = section.parent
        if isinstance(parent, nodes.section) and isinstance(parent.parent, nodes.document) and section["ids"]:
            found.append((section.next_node(nodes.title).astext(), section["ids"][0]))
    return found


def block_html(meta: dict, pagename: str, page_title: str, base: str, sections: list[tuple[str, str]]) -> str:
    """The "Cite this page" block appended to a page."""
    url = page_url(base, pagename)
    items = "".join(
        f'<li><a href="#{escape(anchor)}">{escape(title)}</a>: '
        f"<code>{escape(page_url(base, pagename, anchor))}</code></li>"
        for title, anchor in sections
    )
    section_part = (f"<details><summary>Cite a section</summary><p>Each section has a permanent anchor; "
                    f"add it to the page address:</p><ul>{items}</ul></details>") if sections else ""
    return (
        '<section class="cite-this-page" aria-labelledby="cite-this-page-title">'
        '<h2 id="cite-this-page-title">Cite this page</h2>'
        f"<p>{escape(short_citation(meta, page_title, url))}</p>"
        f"<details><summary>BibTeX</summary><pre>{escape(bibtex(meta, pagename, page_title, url))}</pre></details>"
        f"{section_part}</section>"
    )


def add_block(app, pagename, templatename, context, doctree) -> None:
    """Sphinx ``html-page-context`` hook: append the block to every content page."""
    if doctree is None or "body" not in context:
        return
    title = unescape(re.sub(r"<[^>]+>", "", context.get("title", ""))).strip()
    base = app.config.html_baseurl or ""
    context["body"] += block_html(metadata(), pagename, title, base, _sections(doctree))
