"""`python -m rrcalc`: the same as the `rrcalc` command."""

from rrcalc.fastpath import main

main()
