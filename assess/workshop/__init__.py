"""Workshop state without Textual: file custody (open, lock, save), editing and undo, folder listings."""
