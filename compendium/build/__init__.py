"""The build: ``python -m compendium.build`` (see :mod:`compendium.build.command`).

- :mod:`compendium.build.command`: validate, execute, run Jupyter Book, publish only on success.
- :mod:`compendium.build.execute`: execute stale notebooks in parallel, with the cache Sphinx reads.
- :mod:`compendium.build.sphinx_ext`: the Sphinx extension (offline charts, register links, data links).
- :mod:`compendium.build.benchmark`: build times and page weight against plain Jupyter Book.
- ``static/compendium.css``: the site's stylesheet.
"""
