"""rrcalc: what a Registration Rights Agreement obliges a company to do, and what it owes when late.

The library has the same verbs as the command line; see :mod:`rrcalc.api`.
"""

__version__ = "0.1.0"
