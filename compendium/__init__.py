"""The compendium's helper package, in three parts by who uses them.

What the chapters call (this folder):

- :mod:`compendium.data`: find the project, load the tables of the data package.
- :mod:`compendium.chapters`: glued figures and phrases, the source record, the register, how to cite.
- :mod:`compendium.tables`: tables as pages show them (HTML and Markdown, escaped, quoted evidence).
- :mod:`compendium.charts`: the kinds of chart the book draws, as :class:`~compendium.charts.Figure`.
- :mod:`compendium.citation`: citation data from ``CITATION.cff``; the APA, Chicago and BibTeX forms of
  pages and figures, and each page's "Cite this page" box and ``citation_*`` meta tags.
- :mod:`compendium.glossary`: the glossary page and its terms.

The checks (:mod:`compendium.checks`): the data package's validation and each row's provenance.

The build (:mod:`compendium.build`): the build command, notebook execution, the Sphinx extension, the
reference-list style, the benchmark and the site's stylesheet and script.
"""
