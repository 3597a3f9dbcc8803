"""Renderers for the documents (score, diff, aggregate, roadmap): one module per format.

Each format module registers its renderers in :mod:`assess.formats.registry`, which is where the
command line finds its ``--format`` choices. The views only present numbers computed by the core,
drawn from the typed documents of :mod:`assess.documents`.
"""
