"""`python -m rrcalc`: the same as the `rrcalc` command."""

from rrcalc.cli.main import main

main()
