"""`python -m genreport` is the `genreport` command."""

from .cli import main

main(prog_name="genreport")
