"""`python -m rrcalc`: the same as the `rrcalc` command."""

from rrcalc.cli.fastpath import main

main()
