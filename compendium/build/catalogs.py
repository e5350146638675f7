"""Bring the bokmål edition's translation catalogues up to date with the English pages.

Sphinx's gettext builder lists every message of every page (a template, ``.pot``); each page's
catalogue (``book/_locales/nb/LC_MESSAGES/<page>.po``) then gains the new messages, untranslated,
and loses those no page has any more; finished translations stay. The strict build refuses a page
with an untranslated message, so run this after changing the English text, translate what it
lists, and build. Messages that notebooks print (tables from the data) come from the execution
cache, so notebooks whose code or tables changed are executed first, as a build would.

Run ``python -m compendium.build.catalogs`` (``make catalogs``); it prints how complete each page's
translation is.
"""
from __future__ import annotations

import shutil
import sys

from babel.messages.pofile import read_po, write_po

from . import run_sphinx
from .command import environment
from .execute import WORK_DIR, book_notebooks, execute
from ..data import project_root
from ..translation import LANGUAGE, by_shape, catalog_dir, needs_translation


def completeness(templates: dict[str, list[str]], root=None) -> dict[str, tuple[int, int]]:
    """Per page: (messages that need translating, those its catalogue translates)."""
    from ..translation import catalog_path, translations

    root = root or project_root()
    counts = {}
    for page, messages in templates.items():
        done = translations(catalog_path(root, page))
        wanted = [message for message in messages if needs_translation(message)]
        counts[page] = (len(wanted), sum(message in done for message in wanted))
    return counts


def templates(root) -> dict[str, list[str]]:
    """Every page's messages, as Sphinx's gettext builder lists them from up-to-date notebook outputs."""
    executed, failures = execute(root, book_notebooks(root))
    if failures:
        print(*failures, sep="\n", file=sys.stderr)
        raise SystemExit(f"{len(failures)} notebooks failed; the catalogues are unchanged")
    print(f"executed {len(executed)} notebooks whose code or tables changed")
    output = root / WORK_DIR / "_build" / "gettext"
    if output.exists():
        shutil.rmtree(output)  # templates of pages the book no longer has must not linger
    with environment({"COMPENDIUM_ROOT": str(root)}):
        if run_sphinx.main([str(root), str(output), "gettext", "--all"]) != 0:
            raise SystemExit("the gettext builder failed; see above")
    found = {}
    for pot in sorted(output.rglob("*.pot")):
        with open(pot, "rb") as handle:
            found[pot.relative_to(output).with_suffix("").as_posix()] = [m.id for m in read_po(handle) if m.id]
    return found


def update(root, pages: dict[str, list[str]]) -> None:
    """Each page's catalogue with exactly the page's messages: finished ones kept, as is a message
    whose only change is a number ("938 rows" → "972 rows", with the new number); new ones empty."""
    from babel.messages.catalog import Catalog

    for page, messages in pages.items():
        path = catalog_dir(root) / f"{page}.po"
        old = {}
        if path.is_file():
            with open(path, "rb") as handle:
                old = {m.id: m.string for m in read_po(handle, locale=LANGUAGE) if m.id}
        catalog = Catalog(locale=LANGUAGE, fuzzy=False)
        for message in messages:
            if needs_translation(message):
                catalog.add(message, old.get(message) or by_shape(path, message) or "")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            write_po(handle, catalog, width=0, no_location=True, omit_header=True)


def main() -> int:
    root = project_root()
    pages = templates(root)
    update(root, pages)
    counts = completeness(pages, root)
    for page, (wanted, done) in counts.items():
        if done < wanted:
            print(f"{page}: {wanted - done} of {wanted} messages untranslated")
    wanted, done = sum(w for w, _ in counts.values()), sum(d for _, d in counts.values())
    print(f"translated: {done} of {wanted} messages ({100 * done / max(wanted, 1):.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
