"""Renderers for scorecards, diffs and aggregates: table, json, csv, markdown.

The views only present numbers computed by the core; ``data`` builds the
plain-data form that every other format is drawn from.
"""

FORMATS = ("table", "json", "csv", "markdown")
