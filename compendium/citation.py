"""Citation data from ``CITATION.cff``, the "Cite this page" block of every page, and the citation of
each figure (its number and the page's address are filled in when the page is written).

The box (APA, Chicago and BibTeX forms with copy buttons, and the address of each section) is
generated at build time from ``CITATION.cff`` and the page's own title and headings, so no page
carries pasted citation text. The published address is ``url`` in ``CITATION.cff``: the one place
it is set (the build passes it to Sphinx as ``html_baseurl``). Until it is set, citations give the
page's path inside the book.
"""
from __future__ import annotations

import datetime
import re
from functools import lru_cache
from html import escape, unescape
from pathlib import Path

import yaml

from .data import project_root
from .labels import edition_language, words

CFF_FILE = "CITATION.cff"


@lru_cache(maxsize=None)
def _metadata(path: Path, mtime: float) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def metadata() -> dict:
    """The parsed ``CITATION.cff`` of the project."""
    path = project_root() / CFF_FILE
    return _metadata(path, path.stat().st_mtime)


def author_names(meta: dict) -> list[str]:
    """Each author as a citation writes them: an entity's name, or 'Family, G.' for a person."""
    return [person["name"] if "name" in person
            else f"{person['family-names']}, {person.get('given-names', '')[:1]}.".rstrip(", .")
            for person in meta["authors"]]


def authors(meta: dict) -> str:
    return "; ".join(author_names(meta))


def year(meta: dict) -> str:
    return str(meta["date-released"])[:4]


def base_url(meta: dict) -> str:
    """The published book's address (``url`` in ``CITATION.cff``), or "" while it has none."""
    return str(meta.get("url") or "")


def page_url(base: str, pagename: str, anchor: str = "") -> str:
    """A page's URL under the published base, or its path inside the book if none is set."""
    path = f"{pagename}.html" + (f"#{anchor}" if anchor else "")
    return f"{base.rstrip('/')}/{path}" if base else path


def released(meta: dict) -> str:
    """'23 November 2026' from the release date."""
    date = datetime.date.fromisoformat(str(meta["date-released"]))
    return words("{0} {1} {2}", date.day, words(f"{date:%B}"), date.year)


def book_title(meta: dict) -> str:
    """The book's title in the language of the edition being built."""
    return words(meta["title"])


def bibtex_key(pagename: str, meta: dict) -> str:
    return "compendium" + year(meta) + "_" + re.sub(r"[^a-z0-9]+", "_", pagename.lower()).strip("_")


def apa(meta: dict, title: str, url: str) -> str:
    """APA (7th edition) form of a part of the book."""
    return words("{0}. ({1}). {2}. In {3} (Version {4}). {5}", authors(meta), year(meta), title, book_title(meta),
                 meta["version"], url)


def chicago(meta: dict, title: str, url: str) -> str:
    """Chicago (author-date) form of a part of the book."""
    return words("{0}. {1}. \u201c{2}.\u201d In {3}, version {4}, released {5}. {6}.", authors(meta), year(meta),
                 title, book_title(meta), meta["version"], released(meta), url)


def _bibtex_entry(kind: str, key: str, meta: dict, title: str, url: str) -> str:
    fields = [
        ("author", "{" + authors(meta) + "}"),
        ("title", title),
        ("booktitle", book_title(meta)),
        ("year", year(meta)),
        ("version", str(meta["version"])),
        ("url", url),
    ]
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}"


def bibtex(meta: dict, pagename: str, page_title: str, url: str) -> str:
    return _bibtex_entry("incollection", bibtex_key(pagename, meta), meta, page_title, url)


def forms(meta: dict, title: str, url: str, bibtex_entry: str) -> dict[str, str]:
    """The three forms a reader can paste: APA, Chicago and BibTeX."""
    return {"APA": apa(meta, title, url), "Chicago": chicago(meta, title, url), "BibTeX": bibtex_entry}


def forms_html(cited: dict[str, str], what: str) -> str:
    """Each form in a box with a copy button (``compendium.js`` copies the box's text)."""
    return "".join(
        f'<div class="citation-form"><p class="citation-form-name">{escape(name)}</p>'
        f'<pre class="citation-text citation-{escape(name.lower())}">{escape(text)}</pre>'
        f'<button type="button" class="copy-citation" aria-label="{escape(words(f"Copy the {{0}} citation of {what}", name))}">'
        f'{words("Copy")}</button></div>'
        for name, text in cited.items()
    )


FIGURE_NUMBER = "%%FIGURE-NUMBER:{}%%"  # the Sphinx extension writes the figure's number here
PAGE_URL = "%%PAGE-URL%%"  # and the page's address here


def figure_citation(meta: dict, name: str, title: str) -> dict[str, str]:
    """A figure's APA, Chicago and BibTeX forms, with its number and the page's address left as
    placeholders for the build (see :func:`fill_figure_placeholders`)."""
    label = words("Figure {0}: {1}", FIGURE_NUMBER.format(name), title.rstrip("."))
    url = f"{PAGE_URL}#{name}"
    key = "compendium" + year(meta) + "_" + name.replace("-", "_")
    return forms(meta, label, url, _bibtex_entry("misc", key, meta, label, url))


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
    """The folded "Cite this page" box set under the page's title."""
    url = page_url(base, pagename)
    items = "".join(
        f'<li><a href="#{escape(anchor)}">{escape(title)}</a>: '
        f"<code>{escape(page_url(base, pagename, anchor))}</code></li>"
        for title, anchor in sections
    )
    section_part = (f"<details><summary>{words('Cite a section')}</summary><p>"
                    f"{words('Each section has a permanent anchor; add it to the page address:')}</p>"
                    f"<ul>{items}</ul></details>") if sections else ""
    cited = forms(meta, page_title, url, bibtex(meta, pagename, page_title, url))
    return (
        f'<details class="cite-this-page" id="cite-this-page"><summary>{words("Cite this page")}</summary>'
        f"<p>{escape(words('{0}, version {1}, released {2}.', book_title(meta), meta['version'], released(meta)))}</p>"
        f"{forms_html(cited, 'this page')}{section_part}</details>"
    )


def meta_tags(meta: dict, page_title: str, url: str) -> str:
    """Google Scholar's ``citation_*`` tags, which Zotero and other reference managers read too."""
    date = str(meta["date-released"]).replace("-", "/")
    tags = [("citation_title", page_title), ("citation_inbook_title", book_title(meta)),
            *(("citation_author", name) for name in author_names(meta)),
            ("citation_publication_date", date), ("citation_language", edition_language()),
            ("citation_keywords", "; ".join(meta.get("keywords", [])))]
    if url.startswith(("http://", "https://")):
        tags.append(("citation_public_url", url))
    return "".join(f'<meta name="{name}" content="{escape(str(value))}">\n' for name, value in tags)


def add_block(app, pagename, templatename, context, doctree) -> None:
    """Sphinx ``html-page-context`` hook: the box under every content page's title, and the
    page's ``citation_*`` meta tags."""
    if doctree is None or "body" not in context:
        return
    title = unescape(re.sub(r"<[^>]+>", "", context.get("title", ""))).strip()
    meta, base = metadata(), app.config.html_baseurl  # the address in CITATION.cff (see sphinx_ext)
    block = block_html(meta, pagename, title, base, _sections(doctree))
    body = context["body"]
    end_of_title = body.find("</h1>")
    context["body"] = (body[:end_of_title + 5] + block + body[end_of_title + 5:]) if end_of_title >= 0 else block + body
    context["metatags"] = context.get("metatags", "") + meta_tags(meta, title, page_url(base, pagename))
