"""The plain-data documents (the JSON contract) built from core results; every view renders these."""
