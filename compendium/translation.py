"""The bokmål edition's translation catalogues, and the checks that keep a translation honest.

The Norwegian edition is the English book read through Sphinx's gettext catalogues: one ``.po``
file per page under ``book/_locales/nb/LC_MESSAGES``, holding each paragraph, heading, caption
and table cell of the page (msgid) with its bokmål wording (msgstr). Code, data and executed
outputs are shared, so a translation can change words but never a number. These checks make
sure of it, message by message: a translation keeps every role (glued number, cross-reference,
citation, register entry, glossary term) with the same target, every link's target, and exactly
the numbers of its original.
"""
from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from functools import lru_cache
from pathlib import Path

LANGUAGE = "nb"
LOCALE_DIR = Path("book") / "_locales"  # relative to the project root, as Sphinx's locale_dirs

ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
LINK_TARGET = re.compile(r"\]\(([^)\s]*)\)")
NUMBER = re.compile(r"\d+")
LETTER = re.compile(r"[^\W\d_]")
# A table cell that is only a quotation, as printed in its source, or an identifier (a row id such
# as coc-05, a data table's name): the same in both editions, so it needs no translation.
QUOTATION = re.compile(r"^[“«\"].*[”»\"]$", re.DOTALL)
IDENTIFIER = re.compile(r"^(?:[\w\\.:/-]*\d[\w\\.:/-]*|[a-z]+(?:\\?_[a-z0-9]+)+|[\w-]+\.(?:csv|json|md|ipynb|zip|pdf))$")


def catalog_dir(root: Path) -> Path:
    return root / LOCALE_DIR / LANGUAGE / "LC_MESSAGES"


def catalog_path(root: Path, docname: str) -> Path:
    """The catalogue of one page (``docname`` as Sphinx names it, e.g. ``book/intro``)."""
    return catalog_dir(root) / f"{docname}.po"


def needs_translation(msgid: str) -> bool:
    """False for a message that reads the same in both editions: no letters (a number, a sign),
    a quotation as printed, or an identifier."""
    text = msgid.strip()
    return bool(LETTER.search(text)) and not QUOTATION.match(text) and not IDENTIFIER.match(text)


def _role_targets(text: str) -> Counter:
    """Each role with its target: the part in angle brackets when the role has its own text
    (``{term}`the ladder <samordningsstigen>```), otherwise the whole content. A glossary term may
    be inflected in bokmål, so for terms only the target counts."""
    found = Counter()
    for name, content in ROLE.findall(text):
        target = re.search(r"<([^<>]+)>\s*$", content)
        if name == "term" or target:
            found[(name, target.group(1) if target else content)] += 1
        else:
            found[(name, content)] += 1
    return found


def _numbers(text: str) -> Counter:
    """The numbers a reader sees, outside roles and link targets (which are compared as such)."""
    text = LINK_TARGET.sub("]", ROLE.sub(" ", text))
    return Counter(NUMBER.findall(text))


def message_problems(msgid: str, msgstr: str) -> list[str]:
    """What a translation lost or added against its original; empty when it keeps every role,
    link target and number."""
    problems = []
    if _role_targets(msgid) != _role_targets(msgstr):
        lost = _role_targets(msgid) - _role_targets(msgstr)
        added = _role_targets(msgstr) - _role_targets(msgid)
        problems.append(f"roles differ: lost {sorted(lost)}, added {sorted(added)}")
    if Counter(LINK_TARGET.findall(msgid)) != Counter(LINK_TARGET.findall(msgstr)):
        problems.append("link targets differ")
    if _numbers(msgid) != _numbers(msgstr):
        lost, added = _numbers(msgid) - _numbers(msgstr), _numbers(msgstr) - _numbers(msgid)
        problems.append(f"numbers differ: lost {sorted(lost)}, added {sorted(added)}")
    return problems


@lru_cache(maxsize=None)
def _read(path: Path, mtime_ns: int):
    from babel.messages.pofile import read_po

    with open(path, "rb") as handle:
        return read_po(handle, locale=LANGUAGE)


def read_catalog(path: Path):
    """A page's catalogue (babel), read once per version of the file."""
    return _read(path, path.stat().st_mtime_ns)


def translations(path: Path) -> dict[str, str]:
    """msgid → msgstr for every finished message of a catalogue (fuzzy and empty ones left out)."""
    if not path.is_file():
        return {}
    return {message.id: message.string for message in read_catalog(path)
            if message.id and message.string and not message.fuzzy}


def _plain(number: str) -> str:
    return re.sub(r"[\s\u00a0,.]", "", number)


@lru_cache(maxsize=None)
def _by_shape(path: Path, mtime_ns: int) -> dict[str, tuple[list[str], str]]:
    from .labels import shape

    found = {}
    for msgid, msgstr in translations(path).items():
        form, numbers = shape(msgid)
        if numbers:
            found.setdefault(form, (numbers, msgstr))
    return found


def by_shape(path: Path, message: str) -> str | None:
    """The translation of ``message`` from a finished one of the same shape, its numbers (and ids)
    set to ``message``'s: a table cell such as "938 rows" keeps its translation when the count changes,
    and takes its number from the English edition."""
    from .labels import NUMBER, shape

    if not path.is_file():
        return None
    form, numbers = shape(message)
    found = _by_shape(path, path.stat().st_mtime_ns).get(form) if numbers else None
    if found is None:
        return None
    old, wording = found
    old_plain, unused = [_plain(number.lstrip("=")) for number in old], list(range(len(old)))

    def renumber(match: re.Match) -> str:
        for index in unused:
            if old_plain[index] == _plain(match.group(0)):
                unused.remove(index)
                return numbers[index][1:] if numbers[index].startswith("=") else number_in(LANGUAGE, numbers[index])
        return match.group(0)

    renumbered = NUMBER.sub(renumber, wording)
    return renumbered if not unused else None


@lru_cache(maxsize=1)
def all_translations() -> dict[str, str]:
    """Every finished translation of every page's catalogue (msgid → msgstr)."""
    from .data import project_root

    found = {}
    for path in sorted(catalog_dir(project_root()).rglob("*.po")):
        found.update(translations(path))
    return found


def unescape_markdown(text: str) -> str:
    """A table cell's Markdown as plain text: its backslash escapes undone."""
    return re.sub(r"\\(.)", r"\1", text)


THEME_CATALOG = "theme.po"  # the web theme's own words (menus, buttons, search box), in bokmål


def compile_catalogs(root: Path, target: Path) -> Path:
    """The catalogues as Sphinx reads them, compiled (``.mo``) into ``target`` (a build folder, so
    the book's own folder gets no build output). A page's catalogue is compiled again only when it
    changed; one that no page has any more is removed. The theme's words join Sphinx's own bokmål
    catalogue (``sphinx.mo``, where pydata-sphinx-theme looks for them) and make the book theme's
    (``booktheme.mo``)."""
    from babel.messages.mofile import write_mo
    import sphinx

    folder = target / LANGUAGE / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    source, wanted = catalog_dir(root), set()

    def compile_to(mo: Path, catalog, *inputs: Path) -> None:
        wanted.add(mo)
        version = max(path.stat().st_mtime_ns for path in inputs)
        if mo.is_file() and mo.stat().st_mtime_ns == version:
            return
        mo.parent.mkdir(parents=True, exist_ok=True)
        with open(mo, "wb") as handle:
            write_mo(handle, catalog())
        os.utime(mo, ns=(version, version))

    for po in sorted(source.rglob("*.po")):
        if po.name != THEME_CATALOG:
            compile_to(folder / po.relative_to(source).with_suffix(".mo"), lambda po=po: read_catalog(po), po)
    theme = source / THEME_CATALOG
    sphinx_po = Path(sphinx.__file__).parent / "locale" / "nb_NO" / "LC_MESSAGES" / "sphinx.po"

    def sphinx_and_theme():
        from babel.messages.catalog import Catalog

        merged = Catalog(locale=LANGUAGE)
        for message in [*read_catalog(sphinx_po), *read_catalog(theme)]:
            if message.id and message.string:
                merged.add(message.id, message.string, context=message.context)
        return merged

    compile_to(folder / "sphinx.mo", sphinx_and_theme, sphinx_po, theme)
    compile_to(folder / "booktheme.mo", lambda: read_catalog(theme), theme)
    for stale in folder.rglob("*.mo"):
        if stale not in wanted:
            stale.unlink()
    return target


def edition_settings(language: str, locales: str) -> dict:
    """Sphinx settings of the edition in ``language``, read through the catalogues in ``locales``."""
    from .labels import label

    return {"language": language, "locale_dirs": [locales], "gettext_compact": False,
            "gettext_auto_build": False, "html_title": label("Coordination and innovation in Norwegian central government", language),
            "numfig_format": {"figure": label("Figure %s", language), "table": label("Table %s", language),
                              "code-block": label("Listing %s", language), "section": label("Section %s", language)},
            # XeLaTeX's language package sets its own caption names, without the space before the number
            "latex_elements": {"preamble": "\\makeatletter\\AtBeginDocument{\\def\\fnum@figure{%s~\\thefigure}"
                                           "\\def\\fnum@table{%s~\\thetable}}\\makeatother"
                                           % (label("Figure %s", language)[:-3], label("Table %s", language)[:-3])}}


# ---- glued values and numbers in the other edition ----------------------------------------------

_ONE = r"[−–-]?\d[\d,.]*(?:st|nd|rd|th)?"
_QUALIFIER = "about|almost|nearly|over|under|more than|less than|at least|up to|from|to"
_UNIT = "%|per cent|percentage points?"
NUMBER_FORM = re.compile(rf"(?:(?:{_QUALIFIER}) )?{_ONE}(?:(?:–| and ){_ONE})?(?: ?(?:{_UNIT}))?")
_PIECE = re.compile(rf"(?P<qualifier>\b(?:{_QUALIFIER})\b)|(?P<number>{_ONE})|(?P<unit>{_UNIT})|(?P<joint> and )")


def is_number(text: str) -> bool:
    """A value that is a number as the English edition writes it ("85", "4,500", "about 50",
    "12 %", "3rd", "2–3"), or a count in words ("three"), not a phrase that merely holds one."""
    from .chapters import NUMBER_WORDS

    text = " ".join(text.split())
    return bool(NUMBER_FORM.fullmatch(text)) or text.lower() in NUMBER_WORDS


def number_in(language: str, text: str) -> str:
    """An English-formatted number ("4,702", "12.5", "3rd") in ``language``'s format: bokmål has a
    decimal comma, a no-break space between thousands where English has a comma, and "3." for "3rd"."""
    ordinal = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", text)
    if ordinal:
        return ordinal.group(1) + "."
    return text.replace(".", "\0").replace(",", "\u00a0").replace("\0", ",")


def localise(text: str, language: str | None) -> str:
    """A glued value or table cell in ``language``: a number in its format, with its qualifier and
    unit in words of ``data/labels.csv``; any other text as ``data/labels.csv`` words it (raises
    ``labels.MissingLabel`` when it has no wording)."""
    from .chapters import NUMBER_WORDS
    from .labels import label

    if not language or language == "en":
        return text
    plain = " ".join(text.split())
    if plain.lower() in NUMBER_WORDS:
        word = label(plain.lower(), language)
        return word[0].upper() + word[1:] if plain[0].isupper() else word
    if not NUMBER_FORM.fullmatch(plain):
        return label(plain, language) if needs_translation(plain) else text

    def piece(match: re.Match) -> str:
        if match.group("number"):
            return number_in(language, match.group("number"))
        word = match.group(0).strip()
        spaced = label(word, language)
        return f" {spaced} " if match.group("joint") else (" " + spaced if word == "%" else spaced)

    return re.sub(r"\s+", " ", _PIECE.sub(piece, plain)).strip()
