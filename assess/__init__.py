"""assess: measure how mature a team's API security practice is, and plan what to do next."""

__version__ = "0.1.0"
