"""Helpers that keep the compendium's notebooks thin.

- :mod:`compendium.data`: find the project, load the tables of the data package.
- :mod:`compendium.provenance`: check that each row's evidence stands on its source line.
- :mod:`compendium.validate`: validate the whole data package (schema, keys, provenance).
- :mod:`compendium.charts`: the chart theme and the offline renderer for Altair.
- :mod:`compendium.build`: the book's build command.
"""
