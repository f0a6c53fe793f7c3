"""`python -m genreport`: the same as the `genreport` command."""

from .cli import main

main()
