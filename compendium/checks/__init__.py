"""The checks every build runs before anything else.

- :mod:`compendium.checks.validate`: the data package against its descriptor (schema, keys, rules); run
  ``python -m compendium.checks.validate``.
- :mod:`compendium.checks.provenance`: each row's evidence stands on the source line it names.
"""
