"""Bringing SAMM work in and handing it back: the official core model, the Toolbox workbook and SAMMY's JSON.

Every reader here treats its input as hostile: sizes are capped before anything is parsed, and
every problem ends as an :class:`~assess.core.problems.InputError` naming the file and the place
(``file:line`` or ``sheet!cell``), so the command line exits with code 2 and writes nothing.
"""
