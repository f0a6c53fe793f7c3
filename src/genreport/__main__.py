"""`python -m genreport` is the `genreport` command."""

from genreport.cli.app import main

main(prog_name="genreport")
