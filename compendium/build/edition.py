"""Sphinx side of the bokmål edition: a page read through its translation catalogue.

- A translated paragraph is parsed on its own, away from its notebook; its glued values
  (``{glue:text}``) are looked up in the page's notebook all the same.
- Every message of a page that needs translating must have one in the page's catalogue: a missing
  one is a warning, which the strict build turns into an error, naming the page, the line and the
  catalogue to add it to.
"""
from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import extract_messages

from .. import translation
from ..translation import LANGUAGE
from ..labels import MissingLabel, edition_language

logger = logging.getLogger(__name__)
_RENDERER = "compendium_nb_renderer"
_SLUGS = "compendium_heading_anchors"


def _glue_from_the_page() -> None:
    """Let myst-nb's glue roles and directives in a translated message find the page's glued values:
    myst-nb holds them only while it parses the notebook, so a look-up made then (the English text
    has the same glued values) notes where they are, for the translations parsed afterwards."""
    from myst_nb.ext.glue import directives, roles, utils

    original = utils.retrieve_glue_data

    def retrieve(document, key):
        memory = document.settings.env.temp_data
        if "nb_renderer" in document:
            memory[_RENDERER] = document["nb_renderer"]
        elif _RENDERER in memory:
            document["nb_renderer"] = memory[_RENDERER]
            try:
                return original(document, key)
            finally:
                del document["nb_renderer"]  # the message's nodes join the page, which must stay picklable
        return original(document, key)

    roles.retrieve_glue_data = directives.retrieve_glue_data = retrieve


class _KeepAnchors(SphinxTransform):
    """Before Sphinx translates a page (priority 20): note each section's ids and the page's heading
    anchors. A translated heading would otherwise get a new id from its new words, and the last
    translated heading's anchors would replace the page's (MyST parses the message as a page of
    its own); a link to ``page.md#summary`` must find the same anchor in both editions."""
    default_priority = 15

    def apply(self, **kwargs) -> None:
        if self.config.language != translation.LANGUAGE:
            return
        for section in self.document.findall(nodes.section):
            section["compendium_ids"] = list(section["ids"])
        self.env.temp_data[_SLUGS] = dict(self.env.metadata[self.env.docname].get("myst_slugs", {}))


class _TranslateByShape(SphinxTransform):
    """Before Sphinx translates a page: a message the page's catalogue lacks, but which has a finished
    translation of the same shape (the same words, other numbers: "938 rows"), is added to the
    catalogue Sphinx is about to use, with its own numbers (``translation.by_shape``)."""
    default_priority = 16

    def apply(self, **kwargs) -> None:
        if self.config.language != LANGUAGE:
            return
        from sphinx.locale import init
        from sphinx.util.i18n import docname_to_domain

        from ..data import project_root

        path = translation.catalog_path(project_root(), self.env.docname)
        done = translation.translations(path)
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        catalogue, found = init(self.config.locale_dirs, self.config.language, domain)
        if not found or not hasattr(catalogue, "_catalog"):
            return
        for _, message in extract_messages(self.document):
            if message not in done and translation.needs_translation(message):
                wording = translation.by_shape(path, message)
                if wording is not None:
                    catalogue._catalog[message] = wording


class _RestoreAnchors(SphinxTransform):
    """After Sphinx translated the page: give every section its English id again, first, and the
    page its heading anchors."""
    default_priority = 25

    def apply(self, **kwargs) -> None:
        if self.config.language != translation.LANGUAGE:
            return
        for section in self.document.findall(nodes.section):
            for anchor in reversed(section.attributes.pop("compendium_ids", [])):
                if anchor not in section["ids"]:
                    section["ids"].insert(0, anchor)
                self.document.ids[anchor] = section
        if self.env.temp_data.get(_SLUGS):
            self.env.metadata[self.env.docname]["myst_slugs"] = self.env.temp_data[_SLUGS]


class _TranslateTocCaptions(SphinxTransform):
    """The parts' captions ("Sources", "Analyses") that sphinx-external-toc sets into the root page's
    table of contents after Sphinx translated the page (its priority 100), from that page's catalogue:
    the navigation of every page shows them."""
    default_priority = 101

    def apply(self, **kwargs) -> None:
        if self.config.language != LANGUAGE:
            return
        from sphinx import addnodes

        from ..data import project_root

        done = translation.translations(translation.catalog_path(project_root(), self.env.docname))
        for toctree in self.document.findall(addnodes.toctree):
            caption = toctree.get("caption")
            if caption in done:
                toctree["caption"] = toctree["rawcaption"] = done[caption]
            elif caption and caption not in done.values():
                logger.warning(f"untranslated: part caption {caption!r}", location=toctree, type="i18n",
                               subtype="untranslated")


def _untranslated(app, doctree) -> None:
    """Warn about each message of the page that its catalogue does not translate."""
    if app.config.language != translation.LANGUAGE:
        return
    from ..data import project_root

    path = translation.catalog_path(project_root(), app.env.docname)
    for wording in (project_root() / "data" / "labels.csv", translation.catalog_dir(project_root()) / translation.THEME_CATALOG):
        app.env.note_dependency(str(wording))  # a page is read again when a wording it may show changes
    done = translation.translations(path)
    wordings = set(done.values())  # a part's caption is already translated when this runs
    for node, message in extract_messages(doctree):
        if node.get("translated") or message in done or message in wordings or not translation.needs_translation(message):
            continue
        logger.warning(f"untranslated: {' '.join(message.split())[:80]!r}; add it to "
                       f"{Path(path).relative_to(project_root())}", location=node, type="i18n", subtype="untranslated")


def localised(english: str, location) -> str:
    """``english`` in the edition's language (``translation.localise``), or as it is, with a warning
    that stops the strict build, when it has no wording."""
    try:
        return translation.localise(english, edition_language())
    except MissingLabel as missing:
        logger.warning(str(missing), location=location, type="i18n", subtype="label")
        return english


def in_language(frame):
    """A table the extension builds from the data (a page's register entries) in the edition's
    language: its headings as ``data/labels.csv`` words them, each cell as the catalogues translate
    that cell where a chapter's table shows it (the same words, so the same translation)."""
    language = edition_language()
    if language != LANGUAGE:
        return frame
    from ..tables import markdown_cell

    known = translation.all_translations()
    frame = frame.copy()

    def cell(value):
        if not isinstance(value, str) or not translation.needs_translation(value):
            return value
        found = known.get(markdown_cell(value))
        return translation.unescape_markdown(found) if found is not None else localised(value, None)

    for column in frame.columns:
        frame[column] = frame[column].map(cell)
    frame.columns = [localised(column, None) for column in frame.columns]
    return frame


def localise_node(env, node, english: str) -> None:
    """Write a glued value or a number cell in the edition's language (see ``translation.localise``);
    one without a wording stops the strict build, naming the text."""
    language = env.config.language
    if language != translation.LANGUAGE:
        return
    try:
        wording = translation.localise(english, language)
    except MissingLabel as missing:
        logger.warning(str(missing), location=node, type="i18n", subtype="label")
        return
    if wording != english:
        node.clear()
        node += nodes.Text(wording)


def ancestors(node):
    """The node and each node above it."""
    while node is not None:
        yield node
        node = node.parent


def _numbers_in_tables(app, doctree) -> None:
    """In the bokmål edition, a table cell that is a number is written in bokmål's format."""
    if app.config.language != translation.LANGUAGE:
        return
    for entry in doctree.findall(nodes.entry):
        group = next((a for a in ancestors(entry) if isinstance(a, nodes.tgroup)), None)
        head = next(iter(group.findall(nodes.thead)), None) if group is not None else None
        column = entry.parent.index(entry)
        if head is not None and column < len(head[0]) and _names_parts(head[0][column].astext()):
            continue
        for paragraph in entry.findall(nodes.paragraph):
            text = paragraph.astext()
            if len(paragraph.children) == 1 and isinstance(paragraph[0], nodes.Text) and translation.is_number(text) \
                    and any(character.isdigit() for character in text):
                localise_node(app.env, paragraph, text)


def _names_parts(heading: str) -> bool:
    """A column whose numbers name parts of a document ("Section": 2.5), which stay as printed."""
    from ..labels import names_a_part

    return names_a_part(heading.strip() + " ")


def _cell_in_language(text: str, page: dict[str, str], location, numbers: bool = True) -> str:
    """A table cell's text (HTML-escaped) in bokmål: the translation the page's catalogue (or another
    page's) has for the same cell, which the catalogue holds as the table's Markdown; otherwise its
    wording in ``data/labels.csv`` (a number: in bokmål's format)."""
    from html import escape, unescape

    from ..tables import markdown_cell

    plain = unescape(text)
    if not numbers and not any(character.isalpha() for character in plain):
        return text
    if translation.is_number(plain) and any(character.isdigit() for character in plain):
        return escape(translation.localise(plain.strip(), LANGUAGE), quote=False)
    if not plain.strip() or not translation.needs_translation(plain.strip()):
        return text
    key = markdown_cell(plain)
    found = page.get(key) or translation.all_translations().get(key)
    if found is not None:
        return escape(translation.unescape_markdown(found), quote=False)
    return escape(localised(plain.strip(), location), quote=False)


_CELL = re.compile(r"(<t[hd][^>]*>)(.*?)(</t[hd]>)", re.S)
_LABEL = re.compile(r'data-label="([^"]*)"')
_FOLD = re.compile(r"<summary>([\d,]+) rows: show or hide them</summary>")


def _tables_in_language(app, doctree) -> None:
    """In the bokmål edition, the tables that notebooks print as HTML (headings, cells, the phone's
    column labels, the line that unfolds a long table) in bokmål, cell by cell."""
    if app.config.language != LANGUAGE:
        return
    from html import escape

    from ..data import project_root

    page = translation.translations(translation.catalog_path(project_root(), app.env.docname))
    for raw in list(doctree.findall(nodes.raw)):
        html = raw.astext()
        if "<table" not in html or 'class="compendium-chart"' in html:
            continue

        def cell(match: re.Match) -> str:
            inner, heading = match.group(2), _LABEL.search(match.group(1))
            numbers = not (heading and _names_parts(heading.group(1)))
            if "<" in inner:  # a link's text of one word is a name (a table, a file, a row id): it stays
                inner = re.sub(r"(<[^>]*>)([^<]+)(?=<)", lambda m: m.group(1) + (
                    m.group(2) if m.group(1).startswith("<a ") and " " not in m.group(2).strip()
                    else _cell_in_language(m.group(2), page, raw, numbers)), inner)
            else:
                inner = _cell_in_language(inner, page, raw, numbers)
            return match.group(1) + inner + match.group(3)

        html = _CELL.sub(cell, html)
        html = _LABEL.sub(lambda m: f'data-label="{escape(_cell_in_language(m.group(1), page, raw))}"', html)
        html = _FOLD.sub(lambda m: "<summary>" + escape(localised(f"{m.group(1)} rows: show or hide them", raw))
                         + "</summary>", html)
        raw.replace_self(nodes.raw("", html, format="html"))


def _stored_figures(docname: str) -> list:
    """The figures a page's executed notebook stored, with their PNGs."""
    import json

    from ..charts import figure_outputs
    from ..data import project_root
    from .execute import EXECUTED_DIR

    path = project_root() / EXECUTED_DIR / f"{docname}.ipynb"
    return list(figure_outputs(json.loads(path.read_text(encoding="utf-8")))) if path.is_file() else []


def _image_name(figure: dict) -> str:
    """The file name of a chart's bokmål image: from its specification, so it is rendered once."""
    import hashlib
    import json

    return f"{LANGUAGE}-{hashlib.sha256(json.dumps(figure['spec'], sort_keys=True).encode('utf-8')).hexdigest()}.png"


def _in_language(figure: dict, location) -> dict | None:
    from ..charts import localised

    try:
        return localised(figure, LANGUAGE)
    except MissingLabel as missing:
        logger.warning(str(missing), location=location, type="i18n", subtype="label")
        return None


def _render_chart_images(app) -> None:
    """Before the bokmål PDF edition is read: each chart's image, rendered in bokmål from its stored
    specification, beside the English one. In this process, before Sphinx starts its readers: the
    renderer (vl-convert) must not start inside a forked reader, where it hangs."""
    if app.config.language != LANGUAGE or app.builder.format != "latex":
        return
    import base64

    from ..charts import static_png
    from ..data import toc_files

    folder = Path(app.outdir).parent / "jupyter_execute"  # where myst-nb writes the notebooks' images
    folder.mkdir(parents=True, exist_ok=True)
    for page in toc_files():
        for figure, _ in _stored_figures(page):
            target = folder / _image_name(figure)
            if not target.is_file() and (shown := _in_language(figure, None)):
                target.write_bytes(base64.b64decode(static_png(shown["spec"])))


class _ChartsInLanguage(SphinxTransform):
    """In the bokmål edition, each chart and its panel are drawn again from the specification and rows
    its notebook stored, in bokmål (``charts.localised``); the PDF shows the chart's bokmål image
    (``_render_chart_images``). The notebook does not run again. (A transform, so that Sphinx collects
    the images.)"""
    default_priority = 700

    def apply(self, **kwargs) -> None:
        if self.config.language != LANGUAGE:
            return
        import base64
        import hashlib

        from ..charts import chart_id

        stored = _stored_figures(self.env.docname)
        by_id = {chart_id(figure["spec"]): figure for figure, _ in stored}
        for raw in list(self.document.findall(nodes.raw)):
            found = re.search(r'class="compendium-chart" id="(chart-[0-9a-f]+)"', raw.astext())
            if found and found.group(1) in by_id and (figure := _in_language(by_id[found.group(1)], raw)):
                raw.replace_self(nodes.raw("", figure["html"], format="html"))
        if self.app.builder.format != "latex":
            return
        by_image = {hashlib.sha256(base64.b64decode(png)).hexdigest(): figure for figure, png in stored if png}
        for image in list(self.document.findall(nodes.image)):
            uri = Path(image["uri"])
            if uri.stem in by_image:
                target = str(uri.with_name(_image_name(by_image[uri.stem])))
                image["uri"], image["candidates"] = target, {"*": target}


def pdf(app) -> Path:
    """The PDF edition in this edition's language (the build names the English one; the bokmål one is
    in the folder ``nb/`` beside it)."""
    import os

    from .command import PDF_NAME, PDF_VARIABLE

    english = Path(os.environ[PDF_VARIABLE])
    return english.parent / LANGUAGE / PDF_NAME if app.config.language == LANGUAGE else english


EDITIONS = {"en": ("English", "Read in English"), LANGUAGE: ("Norsk (bokmål)", "Les på norsk")}


def counterpart(app, pagename: str) -> tuple[str, str]:
    """(language, relative address) of the same page in the other edition: the bokmål edition is
    the folder ``nb/`` of the English one."""
    up = "../" * pagename.count("/")
    if app.config.language == LANGUAGE:
        return "en", f"{up}../{pagename}.html"
    return LANGUAGE, f"{up}{LANGUAGE}/{pagename}.html"


def switch_link(app, pagename: str) -> str:
    """The link to this page in the other edition, in that edition's language (``compendium.js``
    adds the section the reader is at)."""
    language, href = counterpart(app, pagename)
    return (f'<a class="edition-switch" href="{href}" hreflang="{language}" lang="{language}">'
            f'{EDITIONS[language][1]}</a>')


def _alternates(app, pagename, templatename, context, doctree) -> None:
    """Every page names itself and its counterpart as language alternates, and a page without the page
    tools under its title (search, index) carries the switch at its top."""
    language, href = counterpart(app, pagename)
    own = f"{pagename.rsplit('/', 1)[-1]}.html"
    context["metatags"] = (context.get("metatags", "")
                           + f'<link rel="alternate" hreflang="{app.config.language or "en"}" href="{own}">\n'
                           + f'<link rel="alternate" hreflang="{language}" href="{href}" title="{EDITIONS[language][1]}">\n')
    if "body" in context and (doctree is None or "</h1>" not in context["body"]):  # no page tools (sphinx_ext)
        context["body"] = f'<p class="page-tools">{switch_link(app, pagename)}</p>' + context["body"]
    # a page the theme writes without a body (the search page) gets the switch from compendium.js


def _write_script_words(app, exception) -> None:
    """The bokmål edition's ``compendium-words.js``: the wording of every ``say("…")`` text of the
    book's scripts (a missing one stops the build, naming it)."""
    if exception is not None or app.config.language != LANGUAGE or app.builder.format != "html":
        return
    import json


    from ..labels import label

    static = Path(__file__).parent / "static"
    texts = sorted({json.loads(f'"{text}"') for script in static.glob("*.js")
                    for text in re.findall(r'say\("((?:[^"\\]|\\.)*)"', script.read_text(encoding="utf-8"))})
    wording = {}
    for text in texts:
        try:
            wording[text] = label(text, LANGUAGE)
        except MissingLabel as missing:
            logger.warning(str(missing), type="i18n", subtype="label")
    target = Path(app.outdir) / "_static" / WORDS_SCRIPT
    target.write_text("window.COMPENDIUM_WORDS = " + json.dumps(wording, ensure_ascii=False, sort_keys=True) + ";\n",
                      encoding="utf-8")


WORDS_SCRIPT = "compendium-words.js"
_ATTRIBUTE = re.compile(r'(\s(?:title|aria-label|placeholder)=")([^"]+)(")')


def _theme_attributes(app, exception) -> None:
    """The theme writes some button names into its templates in English, outside its catalogue
    (title="Toggle primary sidebar", placeholder="Search this book..."): on the bokmål pages they take
    the wording of ``theme.po``. A page is written again only when that changes it."""
    if exception is not None or app.config.language != LANGUAGE or app.builder.format != "html":
        return
    from ..data import project_root

    wording = translation.translations(translation.catalog_dir(project_root()) / translation.THEME_CATALOG)
    for page in Path(app.outdir).rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        changed = _ATTRIBUTE.sub(lambda m: m.group(1) + wording.get(m.group(2), m.group(2)) + m.group(3), text)
        if changed != text:
            page.write_text(changed, encoding="utf-8")


def _latex_title(app, env) -> None:
    """The PDF edition's title page in the edition's language (Jupyter Book sets the English title
    after Sphinx started, so it is replaced here, before the PDF is written)."""
    if app.config.language == LANGUAGE and app.builder.format == "latex":
        from ..labels import label

        app.config.latex_documents = [(start, target, label(title, LANGUAGE), *rest)
                                      for start, target, title, *rest in app.config.latex_documents]


def _use_language(app) -> None:
    from ..labels import use

    use(app.config.language)
    if app.config.language == LANGUAGE:
        from sphinx.locale import init

        app.add_js_file(WORDS_SCRIPT, priority=400)  # before compendium.js, which uses it
        init(app.config.locale_dirs, LANGUAGE, "booktheme")  # the book theme's words (translation.compile_catalogs)


def setup(app) -> None:
    _glue_from_the_page()
    app.add_transform(_KeepAnchors)
    app.add_transform(_TranslateByShape)
    app.add_transform(_RestoreAnchors)
    app.add_transform(_TranslateTocCaptions)
    app.connect("doctree-read", _untranslated)
    app.connect("doctree-read", _numbers_in_tables)
    app.connect("doctree-read", _tables_in_language)
    app.add_transform(_ChartsInLanguage)
    app.connect("builder-inited", _use_language)
    app.connect("builder-inited", _render_chart_images)
    app.connect("html-page-context", _alternates)
    app.connect("env-updated", _latex_title)
    app.connect("build-finished", _write_script_words)
    app.connect("build-finished", _theme_attributes, priority=800)  # before the pages are slimmed (assets)
