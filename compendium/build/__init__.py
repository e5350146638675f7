"""The build: ``python -m compendium.build`` (see :mod:`compendium.build.command`).

- :mod:`compendium.build.command`: validate, execute, run Sphinx, publish only on success.
- :mod:`compendium.build.execute`: execute stale notebooks in parallel, with the cache Sphinx reads.
- :mod:`compendium.build.run_sphinx`: Sphinx configured as ``jupyter-book build`` configures it, on every core.
- :mod:`compendium.build.assets`: pages load only what they use (icons inline, stylesheets and icon font cut).
- :mod:`compendium.build.search`: the search page's own index.
- :mod:`compendium.build.sphinx_ext`: the Sphinx extension (offline charts, figure numbers and downloads,
  links from data-row ids and glued values to their rows, data links).
- :mod:`compendium.build.derivations`: what each computed glued number was computed from.
- :mod:`compendium.build.references`: the author-year reference list and in-text citation style.
- :mod:`compendium.build.benchmark`: build times and page weight against plain Jupyter Book.
- ``static/compendium.css``, ``static/compendium.js``: the site's stylesheet, and its script (copy buttons, phone menu buttons).
"""
