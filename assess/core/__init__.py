"""The domain: models, scoring, targets, roadmaps and comparisons. Pure: no file I/O, no views."""
