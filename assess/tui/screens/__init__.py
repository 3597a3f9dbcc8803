"""Screens of the workshop: start, main (workshop), targets, details, help, messages."""
