"""Run Sphinx on the book as ``jupyter-book build`` does, but on every core.

Jupyter Book's command line always builds with one Sphinx process; its own ``build_sphinx`` takes
a number of jobs. This calls it with the configuration the command line would derive from
``_config.yml`` and ``_toc.yml`` (warnings are errors, nitpicky references, keep going to list them
all), with one job per core: Sphinx then reads pages, and writes HTML pages, in parallel (the
book's Sphinx extension declares what needs declaring; see ``sphinx_ext``). Each builder keeps its
own read pages (doctrees): the book's extension reads a page differently for the web and for the
PDF (row ids become links only on the web), so the HTML build must never take the PDF build's.

The bokmål edition (``--language=nb``) is the same run read through the translation catalogues in
``LOCALES`` (see ``compendium.translation``), with its own read pages; it executes nothing, since
its notebooks are the English edition's, found in the same execution cache. Sphinx keeps the
catalogues it has loaded in one dictionary per process and keeps a loaded one when the next run
asks for none, so each run starts with that dictionary empty: an English run after a bokmål one (the
web book after the PDF edition) must not speak bokmål.

Run ``python -m compendium.build.run_sphinx ROOT OUTPUT BUILDER [--all] [--language=nb --locales=DIR]``
(the build command does).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    from jupyter_book.cli.main import BUILDER_OPTS, builder_specific_actions
    from jupyter_book.sphinx import build_sphinx
    from sphinx.locale import translators

    from ..translation import edition_settings

    root, output, builder, *flags = argv if argv is not None else sys.argv[1:]
    root, output = Path(root), Path(output)
    options = dict(flag[2:].split("=", 1) for flag in flags if "=" in flag)
    overrides = {"external_toc_path": (root / "_toc.yml").as_posix(), "latex_individualpages": False,
                 "nitpicky": True}
    if builder == "gettext":  # one catalogue per page, as the bokmål edition reads them
        overrides["gettext_compact"] = False
    if "language" in options:
        overrides |= edition_settings(options["language"], options["locales"])
    translators.clear()  # this run's language only (see above)
    result = build_sphinx(
        str(root), str(output), use_external_toc=True, noconfig=True, path_config=str(root / "_config.yml"),
        doctreedir=str(output.parent / f".doctrees-{builder}{'-' + options['language'] if 'language' in options else ''}"),
        confoverrides=overrides,
        builder=BUILDER_OPTS.get(builder, builder), warningiserror=True, keep_going=True, force_all="--all" in flags,
        jobs=os.cpu_count() or 1)
    if builder not in BUILDER_OPTS:
        return result
    try:
        builder_specific_actions(result, builder, output, "book", None, print)
    except RuntimeError:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
