"""The bokmål edition: the same pages, notebooks and numbers as the English one, complete, and Norwegian."""
from __future__ import annotations

import csv
import html as markup
import re
import subprocess
import sys

import pytest

from conftest import ROOT, english_pages, run_build

from compendium.labels import PLACEHOLDER
from compendium.translation import LANGUAGE, catalog_dir, message_problems, read_catalog

CATALOGUES = sorted(catalog_dir(ROOT).rglob("*.po"))
LABELS = ROOT / "data" / "labels.csv"
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"')
SWITCH = re.compile(r'<a class="edition-switch" href="([^"]+)" hreflang="([\w-]+)"')


def labels() -> list[dict[str, str]]:
    with open(LABELS, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# ---- the catalogues and the labels ---------------------------------------------------------------

@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.relative_to(catalog_dir(ROOT)).as_posix())
def test_every_translation_keeps_its_roles_links_and_numbers(path):
    """A translated message keeps each glued number, cross-reference, citation, register entry and
    term target, each link's target, and exactly the numbers of its original."""
    problems = {message.id[:60]: message_problems(message.id, message.string)
                for message in read_catalog(path) if message.id and message.string}
    assert not {k: v for k, v in problems.items() if v}


def test_every_label_has_a_bokmål_wording_with_the_same_placeholders_and_numbers():
    rows = labels()
    assert len(rows) > 500
    empty = [row["en"] for row in rows if not row[LANGUAGE].strip()]
    assert not empty
    differ = {row["en"]: message_problems(row["en"], row[LANGUAGE]) for row in rows}
    assert not {k: v for k, v in differ.items() if v}
    for row in rows:
        assert sorted(PLACEHOLDER.findall(row["en"])) == sorted(PLACEHOLDER.findall(row[LANGUAGE])), row["en"]


def test_every_text_the_code_writes_has_a_bokmål_wording():
    """Each literal text the package passes to ``labels.words`` (page tools, notices, the Cite box) and each
    ``say("…")`` of the scripts is in the labels table; the build checks the rest as it writes them."""
    from compendium.build import sphinx_ext

    wordings = {row["en"] for row in labels()}
    written = set()
    for path in (ROOT / "compendium").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        written |= {text.encode().decode("unicode_escape") if "\\u" in text else text
                    for _, text in re.findall(r"\bwords\(\s*([\"'])((?:(?!\1).)+?)\1", source)}
    for path in (ROOT / "compendium" / "build" / "static").glob("*.js"):
        written |= set(re.findall(r'say\("([^"]+)"', path.read_text(encoding="utf-8")))
    written |= {sphinx_ext.REGISTER_CAPTION, sphinx_ext.UNCHECKED_NOTICE}
    assert len(written) > 30
    assert not sorted(written - wordings)


def test_a_message_reads_the_same_on_every_page():
    """One English sentence, one bokmål sentence: a message of four words or more that several pages
    share (the key findings on the front page and in the brief, a theme's name) is translated alike."""
    seen: dict[str, set] = {}
    for path in CATALOGUES:
        for message in read_catalog(path):
            if message.id and message.string and len(message.id.split()) >= 4:
                seen.setdefault(message.id, set()).add(message.string)
    assert not {k[:60]: v for k, v in seen.items() if len(v) > 1}


def test_the_copy_check_covers_the_bokmål_catalogues_and_labels(tmp_path, source_texts):
    """No run of ten words of a source in the bokmål edition, outside marked quotations: the check
    reads the catalogues (msgstr) and, written as one more catalogue without what they quote in «»
    (a chart's tooltip quotes the source's key phrases, as printed), the labels."""
    checker = ROOT.parent / "shared" / "tools" / "copycheck.py"
    if not checker.is_file():
        pytest.skip("../shared/tools/copycheck.py is not beside the project")
    for path in CATALOGUES:
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (tmp_path / "book").mkdir(exist_ok=True)
    (tmp_path / "labels.po").write_text(
        "".join(f'msgid "{i}"\nmsgstr "{re.sub("«[^»]*»", "«»", row[LANGUAGE])}"\n\n' for i, row in enumerate(labels())),
        encoding="utf-8")
    found = subprocess.run([sys.executable, str(checker), str(tmp_path)], capture_output=True, text=True,
                           env={"COMPENDIUM_SOURCES": str(source_texts)})
    assert found.returncode == 0, found.stdout[-3000:]


# ---- the built editions --------------------------------------------------------------------------

def test_both_editions_build_and_no_notebook_runs_for_the_second(built_book):
    result, html = built_book
    assert result.returncode == 0, result.stderr[-3000:]
    log = result.stdout + result.stderr
    assert "Executing notebook" not in log  # myst-nb's words when it runs one itself
    assert (html / LANGUAGE / "book" / "intro.html").is_file()
    pages = english_pages(html)
    assert len(pages) > 40
    missing = [p for p in pages if not (html / LANGUAGE / p.relative_to(html)).is_file()]
    assert not missing


def test_every_page_names_its_language_and_links_to_its_counterpart(built_book):
    """<html lang>, hreflang alternates both ways, and a switch that leads to the same page; the theme's
    buttons are named in bokmål on the bokmål pages, and in English on the English pages (built, as
    `make book` builds them, after the bokmål PDF in the same process)."""
    from compendium.translation import THEME_CATALOG, translations

    _, html = built_book
    theme = set(translations(catalog_dir(ROOT) / THEME_CATALOG)) - {"Ctrl"}
    bokmål_theme = {wording for name, wording in translations(catalog_dir(ROOT) / THEME_CATALOG).items()
                    if wording != name}
    for page in english_pages(html):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Refresh"' in text:
            continue  # the root index.html only redirects
        other = html / LANGUAGE / page.relative_to(html)
        other_text = other.read_text(encoding="utf-8")
        assert '<html lang="en"' in text and f'<html lang="{LANGUAGE}"' in other_text, page
        names = re.findall(r'\s(?:title|aria-label|placeholder)="([^"]+)"|<h2>\s*([^<]+?)\s*</h2>', text)
        assert not {name for pair in names for name in pair} & bokmål_theme, page
        english_names = set(re.findall(r'\s(?:title|aria-label|placeholder)="([^"]+)"', other_text)) & theme
        assert not english_names, (other, english_names)
        for source, target, language in ((page, other, LANGUAGE), (other, page, "en")):
            content = source.read_text(encoding="utf-8")
            alternates = dict(ALTERNATE.findall(content))
            assert (source.parent / alternates[language]).resolve() == target.resolve(), source
            switches = SWITCH.findall(content)
            if source.name == "search.html":
                continue  # the theme writes it without a body: compendium.js makes its switch from the alternate
            assert switches and all((source.parent / href).resolve() == target.resolve() and lang == language
                                    for href, lang in switches), source


def _digits(value: str, language: str) -> list[str]:
    """The numbers of a glued value, their format undone: "4,702" (English) and "4 702" (bokmål)
    are both 4702; "12.5" and "12,5" both 12.5."""
    if language == "en":
        value = re.sub(r"(?<=\d),(?=\d{3})", "", value)
    else:
        value = re.sub(r"(?<=\d)[\s\u00a0\u202f](?=\d{3})", "", value).replace(",", ".")
    return re.findall(r"\d+(?:\.\d+)?", value)


GLUED_WHOLE = re.compile(r'<span class="pasted-text">(.*?)</span>'
                         r'|<(?:a class="glued"|span class="glued computed")[^>]*>(.*?)<span class="glued-source"', re.S)


def glued_whole(page_html: str) -> list[str]:
    """Every value a page pastes from its notebook, whole (an abbreviation inside it spelled out or not)."""
    page_html = re.sub(r'(<span class="glued-source"[^>]*>)[^<]*</span>', r"\1", page_html)  # notes quote sources
    return [re.sub(r"<[^>]+>", "", plain or noted) for plain, noted in GLUED_WHOLE.findall(page_html)]


def test_every_glued_number_is_the_same_in_both_editions(built_book):
    _, html = built_book
    compared = 0
    for page in english_pages(html):
        english = glued_whole(page.read_text(encoding="utf-8"))
        bokmål = glued_whole((html / LANGUAGE / page.relative_to(html)).read_text(encoding="utf-8"))
        assert len(english) == len(bokmål), page
        # a translation may set a sentence's glued values in another order, never other values
        numbers = sorted(_digits(markup.unescape(value), "en") for value in english)
        assert numbers == sorted(_digits(markup.unescape(value), LANGUAGE) for value in bokmål), page.name
        compared += sum(bool(found) for found in numbers)
    assert compared > 500


NORWEGIAN = {"og", "i", "av", "som", "er", "på", "til", "det", "ikke", "har", "den", "de", "om", "fra", "kan",
             "et", "ble", "eller", "men", "seg", "vi", "hva", "hvor", "også", "med", "en", "for", "at"}
ENGLISH = {"the", "and", "of", "which", "is", "to", "that", "with", "from", "are", "this", "by", "or", "not", "be",
           "was", "have", "it", "its", "on", "in", "an", "as"}
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|'[^']*'")


def _prose(page_html: str) -> list[str]:
    """The words of a page's article, without code, notes under numbers, quotations and the columns
    that give English names ("Our English")."""
    body = page_html[page_html.find("<article"):page_html.find("</article>")]
    body = re.sub(r'<script.*?</script>|<style.*?</style>|<pre.*?</pre>|<code.*?</code>'
                  r'|<span class="glued-source".*?</span>'
                  r'|<td data-label="[^"]*(?:[Ee]ngelsk|English)[^"]*">.*?</td>', " ", body, flags=re.S)
    text = QUOTED.sub(" ", markup.unescape(re.sub(r"<[^>]+>", " ", body)))
    return re.findall(r"[a-zæøå]+", text.lower())


def test_the_bokmål_pages_are_written_in_norwegian(built_book):
    """Function words tell the language: on every bokmål page, English ones (outside quotations, code
    and columns of English names) are under a tenth of all."""
    _, html = built_book
    checked = 0
    for page in english_pages(html):
        path = html / LANGUAGE / page.relative_to(html)
        words = _prose(path.read_text(encoding="utf-8"))
        norwegian, english = sum(w in NORWEGIAN for w in words), sum(w in ENGLISH - NORWEGIAN for w in words)
        if norwegian + english >= 30:
            assert english / (norwegian + english) < 0.1, (path.relative_to(html), norwegian, english)
            checked += 1
    assert checked > 35


def test_an_untranslated_message_stops_the_build_and_names_it(project_copy):
    """Completeness is enforced: a message without a translation is an error of the strict build,
    naming the page's catalogue, and the published site is left as it was (none here)."""
    catalogue = catalog_dir(project_copy) / "book" / "intro.po"
    text = catalogue.read_text(encoding="utf-8")
    cleared = re.sub(r'(msgid "Key findings"\nmsgstr )"[^"]*"', r'\1""', text)
    assert cleared != text
    catalogue.write_text(cleared, encoding="utf-8")
    result = run_build(project_copy)
    assert result.returncode != 0
    assert "untranslated: 'Key findings'" in result.stdout + result.stderr
    assert "book/_locales/nb/LC_MESSAGES/book/intro.po" in result.stdout + result.stderr
    assert not (project_copy / "_build" / "html").exists()


# ---- keeping the catalogues up to date -------------------------------------------------------------

def test_updating_a_catalogue_keeps_finished_and_renumbered_messages_and_adds_new_ones_empty(tmp_path):
    from compendium.build.catalogs import update

    catalogue = catalog_dir(tmp_path) / "book" / "page.po"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text('msgid "Key findings"\nmsgstr "Hovedfunn"\n\n'
                         'msgid "938 rows in 12 tables"\nmsgstr "938 rader i 12 tabeller"\n\n'
                         'msgid "A sentence no page has any more."\nmsgstr "En setning ingen side har lenger."\n',
                         encoding="utf-8")
    update(tmp_path, {"book/page": ["Key findings", "972 rows in 12 tables", "A new sentence.", "2024"]})
    assert {m.id: m.string for m in read_catalog(catalogue) if m.id} == {"Key findings": "Hovedfunn", "972 rows in 12 tables": "972 rader i 12 tabeller",
                                       "A new sentence.": ""}


def test_a_data_edit_reaches_the_catalogues_as_an_untranslated_message(project_copy):
    """`make catalogs` lists the messages a notebook prints from the data as they are now: it executes
    the notebooks whose tables changed before Sphinx's gettext builder reads them."""
    from conftest import rewrite_csv

    new = "KMD will consider guidelines for its coordination work (an edit for this test)."

    def edit(rows):
        row = next(row for row in rows if row["item_id"] == "m10")
        row["text_en"] = new
    rewrite_csv(project_copy / "data" / "difi_efforts.csv", edit)
    result = run_build(project_copy, None, module="compendium.build.catalogs")
    assert result.returncode == 0, result.stderr[-3000:]
    catalogue = read_catalog(catalog_dir(project_copy) / "book" / "sources" / "difi-2017" / "difi-key-figures.po")
    assert [m.string for m in catalogue if m.id and "an edit for this test" in m.id] == [""]
    assert re.search(r"book/sources/difi-2017/difi-key-figures: 1 of \d+ messages untranslated", result.stdout)
