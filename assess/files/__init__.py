"""Files in and out: safe YAML with line-numbered errors, atomic saving, schemas, shipped resources."""
