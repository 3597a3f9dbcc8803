"""Widgets of the workshop, one feature each."""
