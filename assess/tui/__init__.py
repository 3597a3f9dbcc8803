"""The workshop: a Textual app. Imported only by ``assess workshop`` and bare ``assess``."""
