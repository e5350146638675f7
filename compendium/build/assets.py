"""Only what a page uses: the theme's icons drawn inline, its stylesheets without the rules no page
uses, its icon font cut down to the glyphs those rules still show, and none of Sphinx's search
scripts (the book's own search replaces them).

The theme draws its dozen icons with FontAwesome's 1.5 MB script, which swaps each ``<i class="fa-…">``
for an SVG after the page loads; its stylesheet carries the whole of Bootstrap and FontAwesome; and
every page loads the search index. At the end of each HTML build this module:

1. replaces each icon element of every page by the same SVG the script would draw (same classes and
   attributes), and drops that script and Sphinx's search scripts;
2. rewrites each theme stylesheet without the rules whose classes or ids occur in no page and in no
   script (PurgeCSS's rule, with Bootstrap's state classes kept);
3. subsets the FontAwesome fonts to the glyphs the remaining rules name (admonition and download icons).

Sphinx copies the theme's files afresh on every build, so each step starts from the theme's own file;
the stylesheets are kept in full beside the doctrees for the ones it does not copy again.
"""
from __future__ import annotations

import functools
import hashlib
import html as html_escape
import re
import shutil
from pathlib import Path

FONTAWESOME_SCRIPT = "scripts/fontawesome.js"
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
OWN_STYLESHEETS = ("compendium.css",)
KEPT_CLASSES = re.compile(r"^(show|showing|hiding|fade|collaps\w*|active|disabled|bs-[\w-]+|tooltip[\w-]*|"
                          r"popover[\w-]*|dropdown[\w-]*|modal[\w-]*|was-validated|highlighted)$")
ICON_ELEMENT = re.compile(r'<(i|span)\b([^>]*\bclass="([^"]*\bfa-[^"]*)"[^>]*)>\s*</\1>')
ICON_MODIFIERS = {"fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-xl", "fa-sm", "fa-xs", "fa-fw", "fa-2x"}
STYLES = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}


def theme_static() -> Path:
    """The theme's own static folder (the files Sphinx copies into every site)."""
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


@functools.lru_cache(maxsize=1)
def _icon_definitions() -> dict[str, str]:
    """The theme's FontAwesome script cut into each style's icon definitions ("fas", "far", "fab"):
    it defines a style's icons, then registers them (``d("fas", …)``)."""
    script = (theme_static() / FONTAWESOME_SCRIPT).read_text(encoding="utf-8")
    definitions, start = {}, 0
    for registration in re.finditer(r'\("(fa[srb])",\w{1,3}\)', script):
        definitions[registration.group(1)] = definitions.get(registration.group(1), "") + script[start:registration.start()]
        start = registration.end()
    return definitions


ICON_SHAPE = re.compile(r'\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]')


@functools.lru_cache(maxsize=None)
def icon_shape(style: str, name: str) -> tuple[int, int, str] | None:
    """An icon's (width, height, path) by its style and name (or alias); None if FontAwesome has none."""
    definitions = _icon_definitions().get(style, "")
    for key in (f'{{"{name}":', f',"{name}":', f"{{{name}:", f",{name}:"):
        at = definitions.find(key)
        if at != -1 and (found := ICON_SHAPE.match(definitions, at + len(key))):
            return int(found.group(1)), int(found.group(2)), found.group(4)
    for found in ICON_SHAPE.finditer(definitions):  # an alias: rare, so the slow way
        if f'"{name}"' in found.group(3).split(","):
            return int(found.group(1)), int(found.group(2)), found.group(4)
    return None


def _inline_icon(match: re.Match, page: str) -> str:
    """The SVG FontAwesome's script puts in place of an icon element: its classes without the style
    class, ``svg-inline--fa`` first, the element's other attributes, and a title if it has one."""
    attributes, classes = match.group(2), match.group(3).split()
    style = next((STYLES[c] for c in classes if c in STYLES), "fas")
    names = [c[3:] for c in classes if c.startswith("fa-") and c not in ICON_MODIFIERS]
    name = next((name for name in names if icon_shape(style, name)), None)
    if name is None:
        raise ValueError(f"{page}: no FontAwesome icon named by {match.group(0)}")
    width, height, path = icon_shape(style, name)
    kept = ["svg-inline--fa", f"fa-{name}"] + [c for c in classes if c not in STYLES and c != f"fa-{name}"]
    others = re.sub(r'\s*\bclass="[^"]*"', "", attributes).strip()
    title = re.search(r'\btitle="([^"]*)"', others)
    others = re.sub(r'\s*\btitle="[^"]*"', "", others)
    others = f" {others}" if others else ""
    hidden = "" if title else ' aria-hidden="true"'
    return (f'<svg class="{" ".join(kept)}"{others}{hidden} focusable="false" data-prefix="{style}" '
            f'data-icon="{name}" role="img" viewBox="0 0 {width} {height}">'
            + (f"<title>{title.group(1)}</title>" if title else "")
            + f'<path fill="currentColor" d="{path}"/></svg>')


def slim_page(text: str, page: str) -> str:
    """A page with its icons inline, without the icon script and without Sphinx's search scripts
    (the search page runs the book's own search)."""
    text = ICON_ELEMENT.sub(lambda match: _inline_icon(match, page), text)
    for script in (FONTAWESOME_SCRIPT, *SEARCH_SCRIPTS):
        text = re.sub(rf'\s*<script\b[^>]*\bsrc="[^"]*{re.escape(script)}[^"]*"[^>]*></script>', "", text)
    return text


# -- stylesheets ---------------------------------------------------------------------------------

def _closing(css: str, start: int, opening: str = "{", closing: str = "}") -> int:
    """Index just past the bracket that closes the one at ``start``, skipping strings and comments."""
    depth, index, quote = 0, start, None
    while index < len(css):
        char = css[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif css.startswith("/*", index):
            index = css.index("*/", index) + 1
        elif char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError("unbalanced stylesheet")


def _rules(css: str):
    """Top-level items of a stylesheet: (prelude, body) pairs, and (statement, None) for ``@charset``,
    ``@import`` and license comments (``/*! … */``); other comments are dropped."""
    index = 0
    while index < len(css):
        if css[index].isspace():
            index += 1
        elif css.startswith("/*", index):
            end = css.index("*/", index) + 2
            if css.startswith("/*!", index):
                yield css[index:end], None
            index = end
        else:
            brace = css.find("{", index)
            semicolon = css.find(";", index)
            if semicolon != -1 and (brace == -1 or semicolon < brace):
                yield css[index:semicolon + 1], None
                index = semicolon + 1
                continue
            end = _closing(css, brace)
            yield re.sub(r"/\*.*?\*/", "", css[index:brace], flags=re.S).strip(), css[brace + 1:end - 1]
            index = end


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        depth += char in "([" and 1 or char in ")]" and -1 or 0
        if char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    return parts + [prelude[start:]]


def _needed_names(selector: str) -> list[str]:
    """Classes and ids an element must have for the selector to match (not those inside
    ``:not()``, ``:is()`` or attribute brackets)."""
    plain = selector
    while (opening := re.search(r":[\w-]+\(", plain)) is not None:
        plain = plain[:opening.start()] + plain[_closing(plain, opening.end() - 1, "(", ")"):]
    plain = re.sub(r"\[[^\]]*\]", "", plain)
    return [name.replace("\\", "") for name in re.findall(r"[.#]((?:[\w-]|\\.)+)", plain)]


def _used(selector: str, names: set[str]) -> bool:
    return all(name in names or KEPT_CLASSES.match(name) for name in _needed_names(selector))


def purge(css: str, names: set[str]) -> str:
    """The stylesheet without the rules none of whose selectors can match (a class or id in no page)."""
    kept = []
    for prelude, body in _rules(css):
        if body is None:
            kept.append(prelude)
        elif prelude.startswith(("@media", "@supports", "@container", "@layer")):
            inner = purge(body, names)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in _selectors(prelude) if _used(s, names)]
            if selectors:
                kept.append(f"{','.join(s.strip() for s in selectors)}{{{body}}}")
    return "\n".join(kept)


def names_in_use(html_dir: Path) -> set[str]:
    """Every class and id on the site's pages, and every word of its scripts (the classes they add)."""
    names: set[str] = set()
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attribute in re.findall(r'\s(?:class|id)="([^"]*)"', text):
            names.update(html_escape.unescape(attribute).split())
    for script in (html_dir / "_static").rglob("*.js"):
        if script.stat().st_size < 300_000:  # the theme's and ours; not the chart library or the search data
            names.update(re.findall(r"[\w-]+", script.read_text(encoding="utf-8", errors="replace")))
    return names


def _digest(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def purge_stylesheets(static: Path, names: set[str], keep: Path) -> str:
    """Purge every theme stylesheet in ``static``; return the text of all of them after purging.
    ``keep``: where the full stylesheets are kept, for files Sphinx does not copy again."""
    keep.mkdir(parents=True, exist_ok=True)
    purged_text = []
    for sheet in sorted(static.rglob("*.css")):
        if sheet.name in OWN_STYLESHEETS:
            continue
        label = sheet.relative_to(static).as_posix().replace("/", "__")
        full, marker = keep / label, keep / (label + ".purged")
        current = sheet.read_bytes()
        if not (marker.is_file() and marker.read_text() == _digest(current) and full.is_file()):
            full.write_bytes(current)  # Sphinx copied it afresh (or it is new): this is the full sheet
        cached = keep / f"{label}-{_digest(full.read_bytes(), repr(sorted(names)).encode())}.purged"
        if not cached.is_file():  # the same sheet and the same names purge to the same text
            for stale in keep.glob(f"{label}-*.purged"):
                stale.unlink()
            cached.write_text(purge(full.read_text(encoding="utf-8"), names), encoding="utf-8")
        text = cached.read_text(encoding="utf-8")
        sheet.write_text(text, encoding="utf-8")
        marker.write_text(_digest(text.encode("utf-8")))
        purged_text.append(text)
    return "\n".join(purged_text)


# -- icon font -----------------------------------------------------------------------------------

def glyphs_named(css: str) -> set[int]:
    """Code points of the private-use characters (icon glyphs) a stylesheet names."""
    points = {int(code, 16) for code in re.findall(r"\\([ef][0-9a-fA-F]{3})(?![0-9a-fA-F])", css)}
    return points | {ord(char) for char in css if 0xE000 <= ord(char) <= 0xF8FF}


def subset_fonts(static: Path, glyphs: set[int], cache: Path) -> None:
    """Cut each of the theme's FontAwesome web fonts down to ``glyphs`` (cut once per font and glyph set)."""
    from fontTools import subset

    cache.mkdir(parents=True, exist_ok=True)
    for original in sorted(theme_static().glob("vendor/fontawesome/webfonts/*.woff2")):
        version = f"{original.stat().st_size}-{original.stat().st_mtime_ns}"  # the installed theme's font
        cut = cache / f"{original.stem}-{_digest(version.encode(), repr(sorted(glyphs)).encode())}.woff2"
        if not cut.is_file():
            options = subset.Options(flavor="woff2", layout_features=[], name_IDs=["*"], notdef_outline=True)
            font = subset.load_font(str(original), options)
            font.recalcTimestamp = False  # the same glyphs give the same file
            cutter = subset.Subsetter(options)
            cutter.populate(unicodes=glyphs)
            cutter.subset(font)
            subset.save_font(font, str(cut), options)
        target = static / original.relative_to(theme_static())
        if not (target.is_file() and target.stat().st_size == cut.stat().st_size
                and target.read_bytes() == cut.read_bytes()):
            shutil.copyfile(cut, target)


def slim_site(app, exception) -> None:
    """After an HTML build: slim every page that still loads the icon script, then the stylesheets
    and fonts."""
    if exception is not None or app.builder.format != "html":
        return
    html_dir = Path(app.outdir)
    for page in html_dir.rglob("*.html"):
        if "_static" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        if FONTAWESOME_SCRIPT in text:
            page.write_text(slim_page(text, page.relative_to(html_dir).as_posix()), encoding="utf-8")
    keep = Path(app.doctreedir).parent / "full-assets"
    css = purge_stylesheets(html_dir / "_static", names_in_use(html_dir), keep)
    subset_fonts(html_dir / "_static", glyphs_named(css), keep)
